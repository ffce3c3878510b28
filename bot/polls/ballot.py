"""Voting, the hot path: a press is checked, applied to the counts, stored in a batched
transaction, and marks the poll changed; nothing in it grows with voters or poll copies."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from bot.core.shared import Core
from bot.polls.display import PollDisplay
from bot.polls.refresher import UNKNOWN
from bot.polls.states import PollStates
from bot.polls.timers import Timer
from bot.polls.voter_hash import VoterHasher
from bot.polls.voters import RecentPresses, VoterChoices
from bot.polls.voting import (
    PressOutcome,
    PressResult,
    VoteWriter,
    next_choice,
    parse_vote,
)
from storage.poll_models import Poll, PollStatus
from storage.polls import PollRepository

log = logging.getLogger(__name__)

DOUBLE_PRESS_S = 0.4  # the same button again within this is one press
PRESS_MEMORY_S = 86_400.0  # counted presses are recorded this long
# After a restart, presses counted this recently may come again (their update was being
# handled at the stop), at most this many: the updates a process handles at once.
RESENT_WITHIN_S = 3_600.0
RESENT_AT_MOST = 10_000


class Ballot:
    """Takes presses and keeps each voter's options, without holding every voter in memory."""

    def __init__(
        self, core: Core, repo: PollRepository, states: PollStates, display: PollDisplay
    ) -> None:
        self._core = core
        self._repo = repo
        self._states = states
        self._display = display
        self.writer = VoteWriter(self._store)
        # Presses counted shortly before the last stop: Telegram may send them again.
        self.counted_before_restart: frozenset[str] = frozenset()
        self.choices = VoterChoices(repo.choices_of, self.writer)
        states.on_loaded_empty = self.choices.loaded_empty
        self.recent = RecentPresses(DOUBLE_PRESS_S)
        self.timer: Timer = display.refresher.timer
        self.hasher: VoterHasher | None = None

    def voter(self, user_id: int) -> bytes:
        """The opaque voter key of a Telegram user."""
        if self.hasher is None:
            msg = "the poll service is not started"
            raise RuntimeError(msg)
        return self.hasher(user_id)

    async def has_voted(self, poll_id: int, user_id: int) -> bool:
        """Whether the user has an option chosen in the poll."""
        return bool(await self.choices.get(poll_id, self.voter(user_id)))

    async def press(
        self,
        data: str | None,
        user_id: int,
        *,
        chat_id: int | None = None,
        message_id: int | None = None,
        inline_message_id: str | None = None,
        press_id: str | None = None,
    ) -> PressResult:
        """A button press: validate, change the voter's options, store them, mark the poll.

        `press_id` (Telegram's callback query id) makes a press sent again after a crash
        count once.
        """
        parsed = parse_vote(data)
        if parsed is None:
            return PressResult(PressOutcome.UNKNOWN)
        poll_id, option, copy_language = parsed
        state = self._states.loaded.get(poll_id) or await self._states.get(poll_id)
        if state is None or option >= len(state.poll.options):
            return PressResult(PressOutcome.UNKNOWN)
        poll = state.poll
        if poll.status == PollStatus.CLOSED or (
            poll.closes_at is not None and poll.closes_at <= self._core.clock.now()
        ):
            return PressResult(PressOutcome.CLOSED)
        if poll.status == PollStatus.DRAFT:
            return PressResult(PressOutcome.NOT_OPEN)
        where = None
        if message_id or inline_message_id:
            where, seen = state.message_of(chat_id, message_id, inline_message_id)
            if not seen and not self._display.tracks(where):  # e.g. an unreported inline one
                await self._display.track(state, where, UNKNOWN, copy_language)
        voter = self.voter(user_id)
        key = (poll_id, voter)
        current = await self.choices.get(poll_id, voter)
        moment = self.timer.time()
        if press_id in self.counted_before_restart or self.recent.is_repeat(key, option, moment):
            return _answer(poll, current, PressOutcome.DUPLICATE)
        self.recent.remember(key, option, moment)
        chosen = next_choice(current, option, poll.multiple)
        state.apply(current, chosen)
        self.choices.set(poll_id, voter, chosen)
        # The language of the copy voted on ('' when unknown: an old inline-mode copy).
        language = self._display.copy_language(where) if where else ""
        try:
            await self.writer.write(poll_id, voter, chosen, press_id, language)
        except Exception:
            log.exception("storing a vote in poll %s failed; reloading its tally", poll_id)
            self._states.drop(poll_id)
            self.choices.clear(poll_id)
            return PressResult(PressOutcome.FAILED)
        self._display.changed(state, where)
        return _answer(poll, chosen, PressOutcome.VOTED if chosen else PressOutcome.TAKEN_BACK)

    async def load_counted_presses(self) -> None:
        """Remember the presses counted in the last hour, and forget those older than a day
        (Telegram resends an unconfirmed update for at most a day)."""
        now = self._core.clock.now().timestamp()
        await self._repo.forget_presses_before(now - PRESS_MEMORY_S)
        self.counted_before_restart = frozenset(
            await self._repo.presses_since(now - RESENT_WITHIN_S, RESENT_AT_MOST)
        )

    async def _store(
        self,
        changes: Mapping[tuple[int, bytes], frozenset[int]],
        press_ids: Mapping[tuple[int, bytes], Sequence[str]],
        languages: Mapping[tuple[int, bytes], str],
    ) -> None:
        now = self._core.clock.now().timestamp()
        await self._repo.replace_votes(changes, press_ids, now, languages)

    async def forget(self, user_id: int) -> list[int]:
        """Delete the user's votes in open polls (closed polls keep anonymous counts)."""
        voter = self.voter(user_id)
        await self.writer.idle()
        deleted = await self._repo.delete_voter_in_open_polls(voter)
        self.choices.forget_voter(voter)
        self.recent.forget_voter(voter)
        for poll_id, options in deleted.items():
            state = self._states.loaded.get(poll_id)
            if state is not None:
                state.apply(options, frozenset())
                self._display.changed(state)
        return list(deleted)


def _answer(poll: Poll, chosen: frozenset[int], outcome: PressOutcome) -> PressResult:
    return PressResult(outcome, tuple(poll.options[index] for index in sorted(chosen)))
