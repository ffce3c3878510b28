"""The messages showing a poll: rendering (cached per tally version and language), tracking,
and the edit of one copy that the refresher calls.

Each copy of a poll message lives in one chat and shows the poll in that chat's language;
an inline-mode copy (whose chat the bot does not know) in the language of whoever posted it,
which its buttons carry. The tally is one for every chat.
A refresh round renders each language at most once, whatever the number of copies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from bot.core.messages import Outcome, OutgoingMessage, SendResult
from bot.core.shared import Core
from bot.polls.refresher import UNKNOWN, PollRefresher
from bot.polls.results import Tally, poll_message
from bot.polls.timers import LoopTimer
from bot.polls.voting import PollState
from bot.texts import DEFAULT_LANGUAGE, pick_language
from storage.poll_models import PollMessage, PollStatus
from storage.polls import PollRepository

log = logging.getLogger(__name__)


class InlineEditor(Protocol):
    """Edits messages posted through inline mode (only an inline message id is known)."""

    async def edit_inline(self, inline_message_id: str, message: OutgoingMessage) -> SendResult:
        """Replace the text and buttons of an inline message."""
        ...


class PollDisplay:
    """Renders polls and keeps every message showing one current, through the refresher."""

    def __init__(self, core: Core, repo: PollRepository, states: dict[int, PollState]) -> None:
        self._core = core
        self._repo = repo
        self._states = states
        # poll id → (version, (language, inline) → message): rendered once per version
        self._rendered: dict[int, tuple[int, dict[tuple[str, bool], OutgoingMessage]]] = {}
        self._queued_version: dict[int, int] = {}
        # chat id → language of the poll copies in it, for chats not in English
        self._chat_languages: dict[int, str] = {}
        # inline message id → language of that inline-mode copy (absent: English)
        self._inline_languages: dict[str, str] = {}
        self.renders = 0  # messages rendered, for tests and benchmarks
        self.inline_editor: InlineEditor | None = None
        self.change_listeners: list[Callable[[int], None]] = []  # told of each change (cheap)
        self.refresher = PollRefresher(LoopTimer(), self._edit, self._version_of)

    def render(
        self, state: PollState, language: str | None = None, *, inline: bool = False
    ) -> OutgoingMessage:
        """The message showing the poll in its current state, in a language (else English);
        `inline`: the copy posted through inline mode."""
        code = pick_language(language)
        cached = self._rendered.get(state.poll.id)
        if cached is None or cached[0] != state.version:
            cached = (state.version, {})
            self._rendered[state.poll.id] = cached
        message = cached[1].get((code, inline))
        if message is None:
            tally = Tally(tuple(state.counts), state.voters)
            zone = self._core.config.show.zone
            message = poll_message(state.poll, tally, zone, code, inline=inline)
            cached[1][(code, inline)] = message
            self.renders += 1
        return message

    def set_chat_language(self, chat_id: int, language: str | None) -> None:
        """The poll copies in this chat show it in this language (None or unknown: English)."""
        code = pick_language(language)
        if code == DEFAULT_LANGUAGE:
            self._chat_languages.pop(chat_id, None)
        else:
            self._chat_languages[chat_id] = code

    def set_inline_language(self, inline_message_id: str, language: str | None) -> None:
        """The inline-mode copy shows the poll in this language (None: English)."""
        if language is None:
            self._inline_languages.pop(inline_message_id, None)
        else:
            self._inline_languages[inline_message_id] = pick_language(language)

    def language_of(self, handle: PollMessage) -> str:
        """The language a copy is shown in: its chat's, or an inline-mode copy's own."""
        if handle.inline_message_id is not None:
            return self._inline_languages.get(handle.inline_message_id, DEFAULT_LANGUAGE)
        if handle.chat_id is None:
            return DEFAULT_LANGUAGE
        return self._chat_languages.get(handle.chat_id, DEFAULT_LANGUAGE)

    def copy_language(self, handle: PollMessage) -> str:
        """The language of the copy a vote was cast on, for the export ('' when unknown: an
        inline-mode copy posted before copies had a language)."""
        if handle.inline_message_id is not None:
            return self._inline_languages.get(handle.inline_message_id, "")
        return self.language_of(handle)

    def changed(self, state: PollState, where: PollMessage | None = None) -> None:
        """The poll changed: refresh its messages, the one pressed (`where`) first."""
        self.refresher.changed(state.poll.id, where)
        for listener in self.change_listeners:
            listener(state.poll.id)

    async def load(self, state: PollState) -> None:
        """Track the stored messages of a poll just loaded (a closed poll's unfinished ones
        are edited again: the previous run may have stopped before reaching them)."""
        closed = state.poll.status == PollStatus.CLOSED
        for handle, final_shown, language in await self._repo.messages(state.poll.id):
            if handle.inline_message_id is not None:
                self.set_inline_language(handle.inline_message_id, language)
            elif handle.chat_id is not None:
                self.set_chat_language(handle.chat_id, language)
            shown = UNKNOWN if closed and not final_shown else state.version
            self.refresher.add(handle, shown, priority=self._is_admin_chat(handle))

    async def track(
        self, state: PollState, handle: PollMessage, shown: int, language: str | None = None
    ) -> None:
        """Keep this message, showing version `shown`, up to date (in `language` when given:
        its chat's, or an inline-mode copy's own)."""
        if language is not None and handle.inline_message_id is not None:
            self.set_inline_language(handle.inline_message_id, language)
        elif language is not None and handle.chat_id is not None:
            self.set_chat_language(handle.chat_id, language)
        self.refresher.add(handle, shown, priority=self._is_admin_chat(handle))
        await self._repo.add_message(handle, self.copy_language(handle) or None)

    def tracks(self, handle: PollMessage) -> bool:
        """Whether the message is kept up to date."""
        return self.refresher.tracks(handle)

    def queued(self, poll_id: int, version: int) -> None:
        """The poll in this version was queued for the outbox."""
        self._queued_version[poll_id] = version

    async def sent(self, state: PollState, handle: PollMessage, language: str | None) -> None:
        """The outbox sent a queued poll message (in its chat's `language`): track it
        (refreshed if it is stale)."""
        shown = self._queued_version.get(state.poll.id, UNKNOWN)
        await self.track(state, handle, shown, language)

    def _version_of(self, poll_id: int) -> int | None:
        state = self._states.get(poll_id)
        return state.version if state is not None else None

    def _is_admin_chat(self, handle: PollMessage) -> bool:
        return handle.chat_id is not None and self._core.is_admin(handle.chat_id)

    async def _edit(self, handle: PollMessage) -> tuple[int, SendResult] | None:
        state = self._states.get(handle.poll_id)
        if state is None:
            return None
        inline = handle.inline_message_id is not None
        version = state.version
        message = self.render(state, self.language_of(handle), inline=inline)
        final = state.poll.status == PollStatus.CLOSED  # as rendered: it may close meanwhile
        if inline:
            assert handle.inline_message_id is not None
            if self.inline_editor is None:
                return None
            result = await self.inline_editor.edit_inline(handle.inline_message_id, message)
        else:
            assert handle.chat_id is not None
            assert handle.message_id is not None
            result = await self._core.telegram.edit(handle.chat_id, handle.message_id, message)
        outcome = result.outcome
        if outcome in (Outcome.GONE, Outcome.BLOCKED, Outcome.MIGRATED):
            await self._repo.remove_message(handle)
        elif outcome in (Outcome.SENT, Outcome.NOT_MODIFIED) and final:
            await self._repo.mark_final_shown([handle])
        return version, result
