"""What one voter chose, without keeping every voter in memory: a bounded cache of recently
active voters in front of batched database lookups, and the bounded double-press memory."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable

from bot.polls.voting import VoteWriter

VoterKey = tuple[int, bytes]  # (poll id, voter hash)
# Stored options of some voters of one poll (voters without a vote left out).
LoadChoices = Callable[[int, Iterable[bytes]], Awaitable[dict[bytes, frozenset[int]]]]

CACHED_VOTERS = 20_000
NO_CHOICE: frozenset[int] = frozenset()


class VoterChoices:
    """A voter's current options in a poll: the cache, else the vote writer, else the database.

    Lookups missing the cache at the same moment go to the database together in one query
    per poll, so a storm of first-time voters costs a few queries, not one each. A poll that
    had no votes when loaded is "complete" while none of its voters has left the cache:
    a voter missing from the cache then has no vote, without asking the database.
    """

    def __init__(self, load: LoadChoices, writer: VoteWriter, size: int = CACHED_VOTERS) -> None:
        self._load = load
        self._writer = writer
        self.size = size
        self._cache: OrderedDict[VoterKey, frozenset[int]] = OrderedDict()
        self._wanted: dict[VoterKey, list[asyncio.Future[frozenset[int]]]] = {}
        self._loader: asyncio.Task[None] | None = None
        self._complete: set[int] = set()
        self.queries = 0  # database round trips, for tests and benchmarks

    def __len__(self) -> int:
        return len(self._cache)

    async def get(self, poll_id: int, voter: bytes) -> frozenset[int]:
        """The voter's current options (empty: no vote)."""
        key = (poll_id, voter)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pending = self._writer.pending(poll_id, voter)
        if pending is not None:
            self.set(poll_id, voter, pending)
            return pending
        if poll_id in self._complete:
            return NO_CHOICE
        loaded = await self._from_database(key)
        # A press of the same voter may have changed the options while the query ran.
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pending = self._writer.pending(poll_id, voter)
        current = pending if pending is not None else loaded
        self.set(poll_id, voter, current)
        return current

    def set(self, poll_id: int, voter: bytes, chosen: frozenset[int]) -> None:
        """The voter's options are now `chosen`."""
        key = (poll_id, voter)
        self._cache[key] = chosen
        self._cache.move_to_end(key)
        while len(self._cache) > self.size:
            (evicted_poll, _), _ = self._cache.popitem(last=False)
            self._complete.discard(evicted_poll)

    def loaded_empty(self, poll_id: int) -> None:
        """The poll was loaded with no vote stored: every vote it gets passes the cache."""
        self._complete.add(poll_id)

    def forget_voter(self, voter: bytes) -> None:
        """Drop a voter from the cache (their votes were deleted)."""
        for key in [key for key in self._cache if key[1] == voter]:
            del self._cache[key]

    def clear(self, poll_id: int | None = None) -> None:
        """Drop the cached voters of a poll (or of all polls): the database is the truth."""
        if poll_id is None:
            self._cache.clear()
            self._complete.clear()
            return
        self._complete.discard(poll_id)
        for key in [key for key in self._cache if key[0] == poll_id]:
            del self._cache[key]

    async def _from_database(self, key: VoterKey) -> frozenset[int]:
        future: asyncio.Future[frozenset[int]] = asyncio.get_running_loop().create_future()
        self._wanted.setdefault(key, []).append(future)
        if self._loader is None or self._loader.done():
            self._loader = asyncio.create_task(self._load_wanted())
        return await future

    async def _load_wanted(self) -> None:
        while self._wanted:
            batch, self._wanted = self._wanted, {}
            by_poll: dict[int, list[bytes]] = {}
            for poll_id, voter in batch:
                by_poll.setdefault(poll_id, []).append(voter)
            try:
                found: dict[VoterKey, frozenset[int]] = {}
                for poll_id, voters in by_poll.items():
                    self.queries += 1
                    for voter, chosen in (await self._load(poll_id, voters)).items():
                        found[(poll_id, voter)] = chosen
            except Exception as error:  # noqa: BLE001 - handed to every waiting press
                for futures in batch.values():
                    for future in futures:
                        if not future.done():
                            future.set_exception(error)
                continue
            for key, futures in batch.items():
                for future in futures:
                    if not future.done():
                        future.set_result(found.get(key, NO_CHOICE))


class RecentPresses:
    """The last press of each voter within the double-press window; older ones expire."""

    def __init__(self, window: float) -> None:
        self.window = window
        self._presses: OrderedDict[VoterKey, tuple[int, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._presses)

    def is_repeat(self, key: VoterKey, option: int, moment: float) -> bool:
        """Whether this press repeats the voter's last one within the window."""
        self._expire(moment)
        last = self._presses.get(key)
        return last is not None and last[0] == option and moment - last[1] < self.window

    def remember(self, key: VoterKey, option: int, moment: float) -> None:
        """Remember a press that counted (just checked with `is_repeat`)."""
        self._presses[key] = (option, moment)
        self._presses.move_to_end(key)

    def forget_voter(self, voter: bytes) -> None:
        """Drop a voter's presses."""
        for key in [key for key in self._presses if key[1] == voter]:
            del self._presses[key]

    def _expire(self, moment: float) -> None:
        presses = self._presses
        while presses:
            _, (_, when) = next(iter(presses.items()))
            if moment - when < self.window:
                return
            presses.popitem(last=False)
