"""Votes: compact callback data, the in-memory tally of a poll, and the batched write path."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from storage.poll_models import Poll, PollMessage

VOTE_PREFIX = "pv"
SHOW_PREFIX = "ps"
MAX_CALLBACK_BYTES = 64
# An inline-mode copy's buttons also carry the copy's language ('pv:12:0:fr'): the bot may
# learn of such a copy only from a press on it, and refreshes it in that language.
_VOTE = re.compile(r"pv:([0-9]{1,9}):([0-9]{1,2})(?::(en|fr|nl))?")
_SHOW = re.compile(r"ps:([0-9]{1,9})")


class Vote(NamedTuple):
    """Well-formed vote data: the poll, the option, and an inline-mode copy's language."""

    poll_id: int
    option: int
    language: str | None = None


def vote_data(poll_id: int, option: int, language: str | None = None) -> str:
    """Callback data of an option's button, e.g. 'pv:12:0', or 'pv:12:0:fr' on an inline-mode
    copy in French (well within 64 bytes)."""
    if language is None:
        return f"{VOTE_PREFIX}:{poll_id}:{option}"
    return f"{VOTE_PREFIX}:{poll_id}:{option}:{language}"


def show_data(poll_id: int) -> str:
    """Callback data of a 'Vote' button that shows the poll in the chat."""
    return f"{SHOW_PREFIX}:{poll_id}"


@lru_cache(maxsize=4096)  # every press: the same few strings per poll
def parse_vote(data: str | None) -> Vote | None:
    """The poll, option and (inline-mode copies) language of well-formed vote data, else
    None."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > MAX_CALLBACK_BYTES:
        return None
    match = _VOTE.fullmatch(data)
    return Vote(int(match[1]), int(match[2]), match[3]) if match else None


def parse_show(data: str | None) -> int | None:
    """The poll id of well-formed 'show' data, else None."""
    match = _SHOW.fullmatch(data or "")
    return int(match[1]) if match else None


def next_choice(current: frozenset[int], option: int, multiple: bool) -> frozenset[int]:
    """The voter's options after pressing `option`: change, take back, or toggle."""
    if multiple:
        return current - {option} if option in current else current | {option}
    return frozenset() if option in current else frozenset({option})


class PressOutcome(StrEnum):
    """What a button press did."""

    VOTED = "voted"  # the voter's options are now `chosen`
    TAKEN_BACK = "taken_back"  # no option left
    DUPLICATE = "duplicate"  # same press again within milliseconds: counted once
    CLOSED = "closed"
    NOT_OPEN = "not_open"  # a draft
    UNKNOWN = "unknown"  # garbled data, unknown poll or option
    FAILED = "failed"  # could not be stored


@dataclass(frozen=True)
class PressResult:
    """The answer to a press, for the toast."""

    outcome: PressOutcome
    chosen: tuple[str, ...] = ()


# Presses are answered from a cheap first check of the message they came from; past this
# many messages the check starts over (it only saves re-checking the tracked messages).
MAX_SEEN_MESSAGES = 10_000


@dataclass
class PollState:
    """A poll with its tally (counts only, never the votes), in step with the database."""

    poll: Poll
    counts: list[int]
    voters: int
    # Messages presses came from, by (chat id, message id, inline id): a cheap first check.
    seen_messages: dict[tuple[int | None, int | None, str | None], PollMessage] = field(
        default_factory=dict
    )
    version: int = 0

    def apply(self, previous: frozenset[int], chosen: frozenset[int]) -> None:
        """A voter's options went from `previous` to `chosen`: adjust the counts."""
        for option in previous - chosen:
            self.counts[option] -= 1
        for option in chosen - previous:
            self.counts[option] += 1
        self.voters += bool(chosen) - bool(previous)
        self.version += 1

    def message_of(
        self, chat_id: int | None, message_id: int | None, inline_message_id: str | None
    ) -> tuple[PollMessage, bool]:
        """The message a press came from, and whether presses came from it before."""
        seen = (chat_id, message_id, inline_message_id)
        known = self.seen_messages.get(seen)
        if known is not None:
            return known, True
        if len(self.seen_messages) >= MAX_SEEN_MESSAGES:
            self.seen_messages.clear()
        inline = inline_message_id is not None
        handle = PollMessage(
            poll_id=self.poll.id,
            chat_id=None if inline else chat_id,
            message_id=None if inline else message_id,
            inline_message_id=inline_message_id,
        )
        self.seen_messages[seen] = handle
        return handle, False


# Writes a batch: each (poll, voter)'s options, and the ids of the presses behind them.
VoterKey = tuple[int, bytes]
# (options per voter, the presses behind each, the language of the copy each voted on) →
# stored.
WriteBatch = Callable[
    [
        Mapping[VoterKey, frozenset[int]],
        Mapping[VoterKey, Sequence[str]],
        Mapping[VoterKey, str],
    ],
    Awaitable[None],
]


class VoteWriter:
    """Group commit: votes arriving while a transaction runs go together in the next one.

    A vote waits only for the transaction that carries it, so every press is answered as
    soon as it is stored, and one vote costs at most one small transaction.
    """

    def __init__(self, write: WriteBatch) -> None:
        self._write = write
        self._pending: dict[tuple[int, bytes], frozenset[int]] = {}
        self._press_ids: dict[tuple[int, bytes], list[str]] = {}
        self._languages: dict[tuple[int, bytes], str] = {}
        self._waiters: list[asyncio.Future[None]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._writing: Mapping[tuple[int, bytes], frozenset[int]] | None = None

    async def write(
        self,
        poll_id: int,
        voter: bytes,
        chosen: frozenset[int],
        press_id: str | None = None,
        language: str = "",
    ) -> None:
        """Store a voter's options (the press behind them, the language of the copy voted
        on); returns once committed."""
        self._pending[(poll_id, voter)] = chosen
        self._languages[(poll_id, voter)] = language
        if press_id:
            self._press_ids.setdefault((poll_id, voter), []).append(press_id)
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush())
        await waiter

    def pending(self, poll_id: int, voter: bytes) -> frozenset[int] | None:
        """The voter's options waiting to be written or being written, if any."""
        key = (poll_id, voter)
        found = self._pending.get(key)
        if found is None and self._writing is not None:
            found = self._writing.get(key)
        return found

    async def idle(self) -> None:
        """Wait until every pending vote is written."""
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)

    async def _flush(self) -> None:
        while self._pending:
            batch, presses, waiters = self._pending, self._press_ids, self._waiters
            languages = self._languages
            self._pending, self._press_ids, self._waiters, self._languages = {}, {}, [], {}
            self._writing = batch
            try:
                await self._write(batch, presses, languages)
            except Exception as error:  # noqa: BLE001 - handed to every waiting press
                self._writing = None
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_exception(error)
                continue
            self._writing = None
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)
