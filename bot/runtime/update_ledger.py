"""Which updates fetched from Telegram are handled, so that only those are confirmed.

Telegram keeps an update until a later getUpdates call confirms it (its `offset`), and
resends a webhook update until it is answered. Confirming an update only once its handler
has finished (and stored what it changed) means a process killed mid-way loses nothing:
the updates it had not finished come again after the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

# An update whose handlers started this long ago no longer holds back the confirmation of
# the updates after it: what it changes is stored by then (a vote, a subscription, an
# article), and what is left is network (an answer Telegram is slow to take). Without this,
# one slow call would stall fetching, since Telegram's confirmation is a single offset.
HOLD_S = 1.0
RECENTLY_DONE = 4096  # handled webhook updates remembered, to answer a resend without redoing


class UpdateLedger:
    """Updates fetched and not yet handled, by update id."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._unfinished: dict[int, float | None] = {}  # update id -> when handling started
        self._done: dict[int, asyncio.Future[None]] = {}  # waited on by the webhook
        self._highest = 0  # highest update id ever accepted
        self._recently_done: OrderedDict[int, None] = OrderedDict()
        self._progress = asyncio.Event()

    @property
    def holding(self) -> int:
        """How many fetched updates still hold back the confirmation."""
        return len(self._holding())

    def next_offset(self, requested: int | None) -> int:
        """The getUpdates offset that confirms every handled update and no held one."""
        holding = self._holding()
        if holding:
            return min(holding)
        return max(requested or 0, self._highest + 1)

    def accept(self, update_ids: Iterable[int]) -> list[bool]:
        """Record fetched updates; for each, whether it is new (not already fetched)."""
        fresh = []
        for update_id in update_ids:
            new = update_id > self._highest
            if new:
                self._highest = update_id
                self._unfinished[update_id] = None
            fresh.append(new)
        return fresh

    def started(self, update_id: int) -> None:
        """The update's handlers start now."""
        if update_id in self._unfinished:
            self._unfinished[update_id] = self._clock()

    def begin(self, update_id: int) -> bool:
        """Record an update pushed to the webhook; False if it is already being handled or
        was handled lately (Telegram sent it again: the first answer was late or lost)."""
        if update_id in self._unfinished or update_id in self._recently_done:
            return False
        self._unfinished[update_id] = None
        self._highest = max(self._highest, update_id)
        return True

    def finished(self, update_id: int) -> None:
        """The update's handlers are done."""
        if update_id in self._unfinished:  # its value is None until handling started
            del self._unfinished[update_id]
            self._progress.set()
            self._progress = asyncio.Event()
            self._recently_done[update_id] = None
            if len(self._recently_done) > RECENTLY_DONE:
                self._recently_done.popitem(last=False)
        waiter = self._done.pop(update_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait_handled(self, update_id: int, timeout: float) -> bool:
        """Wait until the update is handled; False if `timeout` seconds passed first."""
        if update_id not in self._unfinished:
            return True
        waiter = self._done.get(update_id)
        if waiter is None:
            waiter = self._done[update_id] = asyncio.get_running_loop().create_future()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(waiter), timeout)
        return waiter.done()

    async def wait_progress(self, timeout: float) -> None:
        """Wait until some update is handled, or `timeout` seconds."""
        if not self._unfinished or timeout <= 0:
            return
        event = self._progress
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), None if math.isinf(timeout) else timeout)

    def _holding(self) -> list[int]:
        since = self._clock() - HOLD_S
        return [
            update_id
            for update_id, started in self._unfinished.items()
            if started is None or started > since
        ]
