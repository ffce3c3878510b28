"""The messages showing a poll: rendering, tracking, and their throttled refresh."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.core import Core
from bot.messages import Outcome, OutgoingMessage, SendResult
from bot.polls.refresh import LoopTimer, RefreshThrottle
from bot.polls.results import Tally, poll_message
from bot.polls.voting import PollState
from storage.poll_models import PollMessage
from storage.polls import PollRepository

log = logging.getLogger(__name__)

REFRESH_INTERVAL_S = 3.1  # Telegram-side at most one edit per 3 s, with margin for jitter


class InlineEditor(Protocol):
    """Edits messages posted through inline mode (only an inline message id is known)."""

    async def edit_inline(self, inline_message_id: str, message: OutgoingMessage) -> SendResult:
        """Replace the text and buttons of an inline message."""
        ...


class PollDisplay:
    """Renders polls (cached per tally version) and keeps every message showing one current."""

    def __init__(self, core: Core, repo: PollRepository, states: dict[int, PollState]) -> None:
        self._core = core
        self._repo = repo
        self._states = states
        self._rendered: dict[int, tuple[int, OutgoingMessage]] = {}
        self._queued_version: dict[int, int] = {}
        self.inline_editor: InlineEditor | None = None
        self.throttle: RefreshThrottle[PollMessage] = RefreshThrottle(
            LoopTimer(), REFRESH_INTERVAL_S, self._refresh
        )

    def render(self, state: PollState) -> OutgoingMessage:
        """The message showing the poll in its current state."""
        cached = self._rendered.get(state.poll.id)
        if cached is not None and cached[0] == state.version:
            return cached[1]
        message = poll_message(
            state.poll, Tally(tuple(state.counts), state.voters), self._core.config.show.zone
        )
        self._rendered[state.poll.id] = (state.version, message)
        return message

    def changed(self, state: PollState) -> None:
        """The poll changed: refresh every message showing it (throttled)."""
        for handle in state.messages:
            self.throttle.request(handle)

    async def track(self, state: PollState, handle: PollMessage) -> None:
        """Keep this message showing the poll up to date."""
        state.messages.add(handle)
        await self._repo.add_message(handle)

    def queued(self, poll_id: int, version: int) -> None:
        """The poll in this version was queued for the outbox."""
        self._queued_version[poll_id] = version

    async def sent(self, state: PollState, handle: PollMessage) -> None:
        """The outbox sent a queued poll message: track it, refresh it if it is stale."""
        await self.track(state, handle)
        if self._queued_version.get(state.poll.id) != state.version:
            self.throttle.request(handle)

    async def _refresh(self, handle: PollMessage) -> float | None:
        state = self._states.get(handle.poll_id)
        if state is None:
            return None
        message = self.render(state)
        if handle.inline_message_id is not None:
            if self.inline_editor is None:
                return None
            result = await self.inline_editor.edit_inline(handle.inline_message_id, message)
        else:
            assert handle.chat_id is not None
            assert handle.message_id is not None
            result = await self._core.telegram.edit(handle.chat_id, handle.message_id, message)
        if result.outcome == Outcome.GONE:
            state.messages.discard(handle)
            self.throttle.forget(handle)
            await self._repo.remove_message(handle)
        elif result.outcome == Outcome.RETRY_AFTER:
            return result.retry_after or 1.0
        elif result.outcome not in (Outcome.SENT, Outcome.NOT_MODIFIED):
            log.warning("refreshing poll %s message failed: %s", handle.poll_id, result.error)
        return None
