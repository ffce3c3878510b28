"""Monotonic timers for the polls feature: the event loop's, and a manual one for tests."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


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


class RehearsalTimer(LoopTimer):
    """The event loop's clock, which a rehearsal moves forward at once (the console's
    `:wait` with a pinned clock): a second tap after the wait is a take-back, not a double
    tap."""

    def __init__(self) -> None:
        self.skipped = 0.0

    def time(self) -> float:
        """The loop's monotonic time plus the time skipped."""
        return super().time() + self.skipped

    def skip(self, seconds: float) -> None:
        """Let `seconds` pass at once."""
        self.skipped += max(0.0, seconds)


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
