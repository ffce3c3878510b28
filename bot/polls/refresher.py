"""Keeps every message showing a poll on the poll's current state, at a sustainable pace.

A vote only marks its poll changed (O(1), whatever the number of copies). One task walks
the copies of changed polls and edits those showing an older version: the copy the vote
came from and the admins' copies first, the others round-robin; each copy at most once per
`interval`, all edits together at most `rate` per second and within the shared send budget
(replies go first). Failed edits are retried with backoff; a flood wait pauses all edits.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.messages import Outcome, SendResult
from bot.polls.timers import Cancellable, Timer
from storage.poll_models import PollMessage

log = logging.getLogger(__name__)

REFRESH_INTERVAL_S = 3.1  # Telegram-side at most one edit per 3 s per message, with margin
EDITS_PER_S = 10.0  # all poll edits together; leaves most of ~30 calls/s to sends and replies
MAX_URGENT = 64
MAX_BACKOFF_S = 60.0
UNKNOWN = -1  # the version a copy shows when we do not know it

# Edits one copy to the poll's current state: (version shown, result), None if it cannot.
EditCopy = Callable[[PollMessage], Awaitable[tuple[int, SendResult] | None]]


class SharedBudget(Protocol):
    """The part of the delivery's send budget the refresher uses (bot.delivery.limiter)."""

    replies_waiting: int

    def overall_wait(self, now: float, *, smooth: bool = True) -> float:
        """Seconds before any send may start."""
        ...

    def begin(self, chat_id: int, now: float) -> None:
        """A call to this chat starts."""
        ...

    def end(self, chat_id: int, now: float) -> None:
        """The call to this chat got its answer."""
        ...

    def pause(self, seconds: float, now: float) -> None:
        """Telegram asked the bot to wait."""
        ...

    async def changed(self, timeout: float) -> None:
        """Wait until the budget changes or `timeout` seconds pass."""
        ...


@dataclass(slots=True, eq=False)
class _Copy:
    handle: PollMessage
    shown: int
    urgent_key: bool = False  # an admin's copy: edited before the others
    ready_at: float = -math.inf
    failures: int = 0


# A copy's key: (chat id, message id, inline message id). Tuples of ints hash and compare
# much faster than the model itself, and a vote looks its copy up.
_Key = tuple[int | None, int | None, str | None]


def _key(handle: PollMessage) -> _Key:
    return handle.chat_id, handle.message_id, handle.inline_message_id


@dataclass(slots=True)
class _PollCopies:
    ring: deque[_Copy] = field(default_factory=deque)
    by_key: dict[_Key, _Copy] = field(default_factory=dict)
    urgent: deque[_Copy] = field(default_factory=deque)
    fresh_streak: int = 0  # copies in a row of the ring found up to date


class PollRefresher:
    """One task editing the stale copies of every changed poll (see the module docstring)."""

    def __init__(
        self,
        timer: Timer,
        edit: EditCopy,
        version_of: Callable[[int], int | None],
        *,
        rate: float = EDITS_PER_S,
        interval: float = REFRESH_INTERVAL_S,
    ) -> None:
        self.timer = timer
        self._edit = edit
        self._version_of = version_of
        self.rate = rate
        self.interval = interval
        self.budget: SharedBudget | None = None
        self._polls: dict[int, _PollCopies] = {}
        self._dirty: dict[int, None] = {}  # ordered set of polls that may have stale copies
        self._tokens = 1.0
        self._tokens_at: float | None = None
        self._paused_until = -math.inf
        self._wake = asyncio.Event()
        self._parked = asyncio.Event()
        self._clean = asyncio.Event()  # set while no poll has a stale copy
        self._alarm: Cancellable | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self.edits = 0  # edits attempted, for tests and benchmarks

    # Copies ------------------------------------------------------------------------------------
    def add(self, handle: PollMessage, shown: int, *, priority: bool = False) -> None:
        """Track a copy showing `shown` (UNKNOWN: edit it once the poll changes or now)."""
        copies = self._polls.setdefault(handle.poll_id, _PollCopies())
        copy = copies.by_key.get(_key(handle))
        if copy is None:
            copy = _Copy(handle, shown, priority)
            copies.by_key[_key(handle)] = copy
            copies.ring.append(copy)
        else:
            copy.shown = min(copy.shown, shown)
        version = self._version_of(handle.poll_id)
        if version is not None and copy.shown < version:
            self._mark(handle.poll_id, copies)

    def remove(self, handle: PollMessage) -> None:
        """Stop tracking a copy."""
        copies = self._polls.get(handle.poll_id)
        copy = copies.by_key.pop(_key(handle), None) if copies else None
        if copies is None or copy is None:
            return
        copies.ring.remove(copy)
        if copy in copies.urgent:
            copies.urgent.remove(copy)

    def tracks(self, handle: PollMessage) -> bool:
        """Whether the copy is tracked."""
        copies = self._polls.get(handle.poll_id)
        return copies is not None and _key(handle) in copies.by_key

    def handles(self, poll_id: int) -> list[PollMessage]:
        """Every tracked copy of a poll."""
        copies = self._polls.get(poll_id)
        return [copy.handle for copy in copies.by_key.values()] if copies else []

    def copies(self, poll_id: int) -> int:
        """How many copies of a poll are tracked."""
        copies = self._polls.get(poll_id)
        return len(copies.by_key) if copies else 0

    def changed(self, poll_id: int, where: PollMessage | None = None) -> None:
        """The poll changed (O(1)): refresh its copies, `where` (the pressed copy) first."""
        copies = self._polls.get(poll_id)
        if copies is None:
            return
        copy = copies.by_key.get(_key(where)) if where is not None else None
        if copy is not None and copy not in copies.urgent and len(copies.urgent) < MAX_URGENT:
            copies.urgent.append(copy)
        self._mark(poll_id, copies)

    # Running -----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Whether some copy may still be stale."""
        return bool(self._dirty)

    async def settle(self) -> None:
        """Wait until every edit possible now is done (the task waits for time or a change)."""
        while self._task is not None and not self._task.done() and not self._parked.is_set():
            await self._parked.wait()

    async def idle(self, timeout: float) -> bool:
        """Wait, within `timeout` seconds, until every copy shows its poll's current state."""
        if self.busy:
            with suppress(TimeoutError):
                await asyncio.wait_for(self._clean.wait(), timeout)
        return not self.busy

    def stop(self) -> None:
        """Stop editing (shutdown); tracked copies stay known for a restart."""
        self._stopped = True
        if self._alarm is not None:
            self._alarm.cancel()
        if self._task is not None:
            self._task.cancel()

    def poke(self) -> None:
        """Look for work now (a change, or a timer ran out)."""
        running = self._task is not None and not self._task.done()
        if self._stopped or (running and self._wake.is_set()):
            return  # already woken: the task looks for work before it waits again
        self._parked.clear()
        self._wake.set()
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    # Internals ---------------------------------------------------------------------------------
    def _mark(self, poll_id: int, copies: _PollCopies) -> None:
        copies.fresh_streak = 0
        self._dirty[poll_id] = None
        self._clean.clear()
        self.poke()

    async def _run(self) -> None:
        while not self._stopped:
            self._wake.clear()
            now = self.timer.time()
            wait = max(self._paused_until - now, self._token_wait(now))
            copy = None
            if wait <= 0:
                copy, wait = self._next_copy(now)
            if copy is None:
                self._park(wait)
                await self._wake.wait()
                continue
            await self._shared_slot()
            await self._refresh(copy)

    def _park(self, wait: float) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None
        if math.isfinite(wait):
            self._alarm = self.timer.call_later(max(wait, 0.0), self.poke)
        self._parked.set()

    def _token_wait(self, now: float) -> float:
        if self._tokens_at is None:
            self._tokens_at = now
        burst = max(1.0, self.rate)
        self._tokens = min(burst, self._tokens + (now - self._tokens_at) * self.rate)
        self._tokens_at = now
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate

    def _next_copy(self, now: float) -> tuple[_Copy | None, float]:
        """The next copy to edit, else how long until one may be due (inf: none stale)."""
        earliest = math.inf
        for poll_id in list(self._dirty):
            version = self._version_of(poll_id)
            copies = self._polls.get(poll_id)
            if version is None or copies is None or not copies.ring:
                del self._dirty[poll_id]
                continue  # an unknown poll, or one without copies
            for _ in range(len(copies.urgent)):
                copy = copies.urgent.popleft()
                if copy.shown >= version:
                    continue
                if copy.ready_at <= now:
                    return copy, 0.0
                copies.urgent.append(copy)
                earliest = min(earliest, copy.ready_at)
            ring = copies.ring
            for _ in range(len(ring)):
                copy = ring[0]
                ring.rotate(-1)
                if copy.shown >= version:
                    copies.fresh_streak += 1
                    if copies.fresh_streak >= len(ring):
                        break
                    continue
                copies.fresh_streak = 0
                if copy.ready_at <= now:
                    return copy, 0.0
                earliest = min(earliest, copy.ready_at)
            if copies.fresh_streak >= len(ring) and not copies.urgent:
                del self._dirty[poll_id]
        if not self._dirty:
            self._clean.set()
        return None, earliest - now

    async def _shared_slot(self) -> None:
        budget = self.budget
        if budget is None:
            return
        loop = asyncio.get_running_loop()
        while budget.replies_waiting or (wait := budget.overall_wait(loop.time())) > 0:
            await budget.changed(0.05 if budget.replies_waiting else wait)

    async def _refresh(self, copy: _Copy) -> None:
        self._tokens -= 1
        self.edits += 1
        handle = copy.handle
        chat = handle.chat_id or 0
        loop = asyncio.get_running_loop()
        if self.budget is not None:
            self.budget.begin(chat, loop.time())
        try:
            answer = await self._edit(handle)
        except Exception:
            log.exception("refreshing poll %s message failed", handle.poll_id)
            answer = copy.shown, SendResult(outcome=Outcome.TRANSIENT, error="exception")
        finally:
            if self.budget is not None:
                self.budget.end(chat, loop.time())
        now = self.timer.time()
        copy.ready_at = now + self.interval
        if answer is None:
            copy.shown = self._version_of(handle.poll_id) or 0
            return
        version, result = answer
        outcome = result.outcome
        if outcome in (Outcome.SENT, Outcome.NOT_MODIFIED):
            copy.shown, copy.failures = max(copy.shown, version), 0
        elif outcome == Outcome.RETRY_AFTER:
            seconds = result.retry_after or 1.0
            self._paused_until = max(self._paused_until, now + seconds)
            if self.budget is not None:
                self.budget.pause(seconds, loop.time())
        elif outcome == Outcome.TRANSIENT:
            copy.failures += 1
            copy.ready_at = now + min(MAX_BACKOFF_S, self.interval * 2 ** (copy.failures - 1))
            log.info("poll %s message edit failed (%s); retrying", handle.poll_id, result.error)
        elif outcome in (Outcome.GONE, Outcome.BLOCKED, Outcome.MIGRATED):
            self.remove(handle)
        else:  # rejected: editing again would be rejected again
            copy.shown = max(copy.shown, version)
            log.warning("poll %s message edit rejected: %s", handle.poll_id, result.error)
