"""The studio inbox: listeners' messages to the hosts, with their limits and retention.

A listener opens the prompt (`/studio` or the "Message the studio" button); their next text
message, up to MAX_CHARS, is stored under their poll-voter pseudonym for the airing it was
sent for. One message per listener per MIN_GAP, at most PER_SHOW per airing. Messages are
deleted `retention` after their airing ends, or at once by /forgetme.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.base.clock import Clock
from bot.schedule.airings import ShowCalendar
from bot.studio.window import StudioWindow, window_at
from storage.studio import StudioRepository
from storage.studio_models import StudioMessage

__all__ = ["Inbox", "SendResult", "Sent", "StudioMessage"]

log = logging.getLogger(__name__)

MAX_CHARS = 500
MIN_GAP = dt.timedelta(minutes=2)
PER_SHOW = 5
PROMPT_TTL = dt.timedelta(minutes=15)
INBOX_SIZE = 20  # /inbox lists this many

Pseudonym = Callable[[int], bytes]


class Sent(StrEnum):
    """What became of a message sent to the studio."""

    STORED = "stored"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    TOO_SOON = "too_soon"
    SHOW_LIMIT = "show_limit"
    CLOSED = "closed"


@dataclass(frozen=True)
class SendResult:
    """The outcome of a message, and what the reply needs."""

    status: Sent
    message: StudioMessage | None = None
    ask_name: bool = False  # the listener's first message: offer to be named on air
    named: bool = False  # the listener agreed to be named on air
    wait: dt.timedelta = dt.timedelta()  # TOO_SOON: how long until they may write again
    opens_at: dt.datetime | None = None  # CLOSED: when the studio opens next


@dataclass(frozen=True)
class _Prompt:
    airing: str
    airing_end: dt.datetime
    until: dt.datetime


class Inbox:
    """Listeners' messages: the prompt, the rules, the hosts' flags, retention."""

    def __init__(
        self,
        repo: StudioRepository,
        calendar: ShowCalendar,
        clock: Clock,
        pseudonym: Pseudonym,
        retention: dt.timedelta,
    ) -> None:
        self._repo = repo
        self._calendar = calendar
        self._clock = clock
        self._pseudonym = pseudonym
        self.retention = retention
        self._prompts: dict[int, _Prompt] = {}  # user id → open prompt
        self.on_change: Callable[[], None] | None = None  # the studio page listens

    # The prompt ------------------------------------------------------------------------------
    def window(self) -> StudioWindow:
        """The studio window now."""
        return window_at(self._calendar, self._clock.now())

    def open_prompt(self, user_id: int, *, is_admin: bool = False) -> StudioWindow:
        """Open the prompt if the studio is open (an admin's at any time); the window."""
        now = self._clock.now()
        window = window_at(self._calendar, now)
        airing = window.airing if not is_admin else window.target
        if airing is not None:
            self._prompts[user_id] = _Prompt(airing.ref, airing.end, now + PROMPT_TTL)
        return window

    def prompt_open(self, user_id: int) -> bool:
        """Whether the user's next message goes to the studio."""
        prompt = self._prompts.get(user_id)
        if prompt is None:
            return False
        if prompt.until <= self._clock.now():
            del self._prompts[user_id]
            return False
        return True

    def close_prompt(self, user_id: int) -> None:
        """The user's next message is not for the studio any more."""
        self._prompts.pop(user_id, None)

    # Messages --------------------------------------------------------------------------------
    async def send(self, user_id: int, text: str) -> SendResult:
        """The user's message to the studio (the prompt must be open); see the module doc."""
        prompt = self._prompts.get(user_id)
        if prompt is None or not self.prompt_open(user_id):
            return SendResult(Sent.CLOSED, opens_at=self.window().opens_at)
        body = text.strip()
        if not body:
            return SendResult(Sent.EMPTY)
        if len(body) > MAX_CHARS:
            return SendResult(Sent.TOO_LONG)
        voter = self._pseudonym(user_id)
        now = self._clock.now()
        last = await self._repo.last_sent(voter)
        if last is not None:
            wait = dt.timedelta(seconds=last) + MIN_GAP - dt.timedelta(seconds=now.timestamp())
            if wait > dt.timedelta():
                self.close_prompt(user_id)
                return SendResult(Sent.TOO_SOON, wait=wait)
        count, _ = await self._repo.sent_by(voter, prompt.airing)
        if count >= PER_SHOW:
            self.close_prompt(user_id)
            return SendResult(Sent.SHOW_LIMIT)
        known = await self._repo.has_listener(voter)
        delete_after = (prompt.airing_end + self.retention).timestamp()
        stored = await self._repo.add_message(
            voter, prompt.airing, body, now.timestamp(), delete_after, now
        )
        self.close_prompt(user_id)
        self._changed()
        named = known and await self._repo.is_named(voter)
        return SendResult(Sent.STORED, stored, ask_name=not known, named=named)

    async def name_on_air(self, user_id: int, first_name: str | None) -> bool:
        """The listener agrees (a first name) or declines (None) to be named on air."""
        changed = await self._repo.set_named(self._pseudonym(user_id), first_name)
        if changed:
            self._changed()
        return changed

    async def recent(
        self, limit: int = INBOX_SIZE, *, with_hidden: bool = True
    ) -> list[StudioMessage]:
        """Messages, starred first, then newest first."""
        return await self._repo.recent(limit, with_hidden=with_hidden)

    async def get(self, message_id: int) -> StudioMessage | None:
        """One message."""
        return await self._repo.get(message_id)

    async def star(self, message_id: int, on: bool = True) -> bool:
        """Pin (or unpin) a message on top; whether it exists."""
        return self._after(await self._repo.set_flag(message_id, "starred", on))

    async def hide(self, message_id: int, on: bool = True) -> bool:
        """Hide (or show again) a message on the studio page; whether it exists."""
        return self._after(await self._repo.set_flag(message_id, "hidden", on))

    async def read_on_air(self, message_id: int, on: bool = True) -> bool:
        """Mark a message read on air (or not); whether it exists."""
        at = self._clock.now().timestamp() if on else None
        return self._after(await self._repo.mark_read(message_id, at))

    async def forget(self, user_id: int) -> int:
        """Delete every message of the user now (/forgetme); how many."""
        self.close_prompt(user_id)
        deleted = await self._repo.forget(self._pseudonym(user_id))
        if deleted:
            self._changed()
        return deleted

    async def purge(self) -> int:
        """Delete messages past their retention (and expired links and sessions)."""
        deleted = await self._repo.purge(self._clock.now().timestamp())
        if deleted:
            log.info("deleted %d studio messages past their retention", deleted)
            self._changed()
        return deleted

    def _after(self, changed: bool) -> bool:
        if changed:
            self._changed()
        return changed

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()
