"""Throttled refresh of the messages showing a poll: at most one edit per interval per message,
always ending on the latest state (a trailing-edge timer per message)."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

log = logging.getLogger(__name__)

Key = TypeVar("Key", bound=Hashable)
# Edits one message to the current state; returns seconds to wait if Telegram asked to.
EditFunction = Callable[[Key], Awaitable[float | None]]


class Cancellable(Protocol):
    """A scheduled callback."""

    def cancel(self) -> None:
        """Do not run it."""
        ...


class Timer(Protocol):
    """A monotonic clock that can run a callback later (the event loop's, or a manual one)."""

    def time(self) -> float:
        """Seconds on a monotonic clock."""
        ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        """Run `callback` after `delay` seconds."""
        ...


class LoopTimer:
    """The running event loop's clock."""

    def time(self) -> float:
        """The loop's monotonic time."""
        return asyncio.get_running_loop().time()

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        """Schedule on the loop."""
        return asyncio.get_running_loop().call_later(delay, callback)


@dataclass(order=True)
class _Scheduled:
    when: float
    order: int
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualTimer:
    """A timer that moves only when told: for tests, so throttling needs no waiting."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._queue: list[_Scheduled] = []
        self._order = itertools.count()

    def time(self) -> float:
        """The manual time."""
        return self._now

    def call_later(self, delay: float, callback: Callable[[], None]) -> Cancellable:
        """Remember the callback until `advance` passes its time."""
        scheduled = _Scheduled(self._now + max(0.0, delay), next(self._order), callback)
        heapq.heappush(self._queue, scheduled)
        return scheduled

    def advance(self, seconds: float) -> None:
        """Move time forward, running due callbacks in order."""
        target = self._now + seconds
        while self._queue and self._queue[0].when <= target:
            scheduled = heapq.heappop(self._queue)
            self._now = max(self._now, scheduled.when)
            if not scheduled.cancelled:
                scheduled.callback()
        self._now = target


@dataclass
class _Slot:
    last_start: float
    running: bool = False
    dirty: bool = False
    timer: Cancellable | None = None


class RefreshThrottle(Generic[Key]):
    """Calls `edit(key)` at most once per `interval` per key, and once more after the last
    request, so every key ends on the state current after its last request."""

    def __init__(self, timer: Timer, interval: float, edit: EditFunction[Key]) -> None:
        self.timer = timer
        self.interval = interval
        self._edit = edit
        self._slots: dict[Key, _Slot] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def request(self, key: Key) -> None:
        """The state behind `key` changed: edit now if allowed, else at the end of the wait."""
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot(last_start=float("-inf"))
        if slot.running:
            slot.dirty = True
            return
        if slot.timer is not None:
            return  # the scheduled edit will show the latest state
        wait = slot.last_start + self.interval - self.timer.time()
        if wait <= 0:
            self._start(key, slot)
        else:
            slot.timer = self.timer.call_later(wait, lambda: self._fire(key))

    def forget(self, key: Key) -> None:
        """Stop refreshing a key (its message is gone)."""
        slot = self._slots.pop(key, None)
        if slot is not None and slot.timer is not None:
            slot.timer.cancel()

    @property
    def busy(self) -> bool:
        """Whether an edit is running or scheduled."""
        return bool(self._tasks) or any(slot.timer for slot in self._slots.values())

    async def settle(self) -> None:
        """Wait for the edits that are running (not for scheduled ones)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def idle(self, timeout: float) -> bool:
        """Wait, within `timeout` seconds, until nothing is running or scheduled."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.busy and loop.time() < deadline:
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=max(0.0, deadline - loop.time()))
            else:
                await asyncio.sleep(0.05)
        return not self.busy

    def cancel_all(self) -> None:
        """Drop every scheduled and running edit (shutdown)."""
        for slot in self._slots.values():
            if slot.timer is not None:
                slot.timer.cancel()
                slot.timer = None
        for task in self._tasks:
            task.cancel()

    def _fire(self, key: Key) -> None:
        slot = self._slots.get(key)
        if slot is None:
            return
        slot.timer = None
        if slot.running:
            slot.dirty = True
        else:
            self._start(key, slot)

    def _start(self, key: Key, slot: _Slot) -> None:
        slot.running, slot.dirty = True, False
        slot.last_start = self.timer.time()
        task = asyncio.get_running_loop().create_task(self._run(key, slot))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, key: Key, slot: _Slot) -> None:
        try:
            retry_after = await self._edit(key)
        except Exception:
            log.exception("refreshing a poll message failed")
            retry_after = None
        slot.running = False
        if retry_after:
            # Telegram asked to wait: count the wait as part of this edit's interval.
            slot.last_start = max(slot.last_start, self.timer.time() + retry_after - self.interval)
            slot.dirty = True
        if slot.dirty and self._slots.get(key) is slot:
            slot.dirty = False
            self.request(key)
