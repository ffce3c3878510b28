"""The polls in memory: each poll with its counts, loaded on first use by aggregate queries
(never the votes themselves), and the messages showing it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.polls.display import PollDisplay
from bot.polls.rules import PollRuleError
from bot.polls.voting import PollState
from storage.poll_models import Poll
from storage.polls import PollRepository


class PollStates:
    """Loads and keeps the state of each poll in use."""

    def __init__(self, repo: PollRepository) -> None:
        self._repo = repo
        self.loaded: dict[int, PollState] = {}
        self._lock = asyncio.Lock()
        # Versions go on increasing across reloads, so copies never look newer than the poll.
        self._last_version: dict[int, int] = {}
        self.display: PollDisplay | None = None
        self.on_loaded_empty: Callable[[int], None] | None = None  # a poll without votes

    async def get(self, poll_id: int) -> PollState | None:
        """The poll's state, loaded if needed; None for an unknown poll."""
        state = self.loaded.get(poll_id)
        if state is not None:
            return state
        async with self._lock:
            state = self.loaded.get(poll_id)
            if state is not None:
                return state
            poll = await self._repo.get(poll_id)
            if poll is None:
                return None
            tally = await self._repo.tally(poll_id, len(poll.options))
            version = self._last_version.get(poll_id, -1) + 1
            state = PollState(poll, list(tally.counts), tally.voters, version=version)
            self.loaded[poll_id] = state
            if tally.voters == 0 and self.on_loaded_empty is not None:
                self.on_loaded_empty(poll_id)
            if self.display is not None:
                await self.display.load(state)
            return state

    async def required(self, poll_id: int) -> PollState:
        """The poll's state; raises for an unknown poll."""
        state = await self.get(poll_id)
        if state is None:
            raise PollRuleError("no_such_poll", id=poll_id)
        return state

    def drop(self, poll_id: int) -> None:
        """Forget a poll's state: the next use reloads it from the database."""
        state = self.loaded.pop(poll_id, None)
        if state is not None:
            self._last_version[poll_id] = state.version

    @staticmethod
    def set_poll(state: PollState, poll: Poll) -> None:
        """The poll itself changed (status, times): a new version to show."""
        state.poll = poll
        state.version += 1
