"""Telegram's flood limits as a shared send budget, for the outbox worker and for replies.

Timing comes from the event loop's monotonic clock, passed in as `now`. A send occupies
its slot from the moment it starts until `window` seconds after its answer arrived: the
server stamped it somewhere in between, so the next send can never land inside Telegram's
sliding window, whatever the network delay.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

from bot.delivery.config import DeliveryConfig

# True inside the worker's send tasks: the worker already took the budget for that call.
OUTBOX_SEND: ContextVar[bool] = ContextVar("outbox_send", default=False)

# Safety added to every window, for clock granularity.
MARGIN_S = 0.002
# How far behind its even spacing the worker may fall (a stalled loop) and still catch up.
CATCH_UP_S = 0.1
_PRUNE_EVERY = 4096


def _limit_and_window(per_window: float, window: float) -> tuple[int, float]:
    """At most `limit` sends per `window` seconds, never faster than `per_window`/`window`."""
    if per_window >= 1:
        limit = math.floor(per_window)
        return limit, window * limit / per_window
    return 1, window / per_window


@dataclass(slots=True)
class _ChatState:
    in_flight: int = 0
    last_done: float = -math.inf
    # Answers of the last group window; None for a private chat (a deque costs ~600 bytes,
    # and a paid fan-out at 1,000/s keeps tens of thousands of chats' states at once).
    group_done: deque[float] | None = None


class _Window:
    """At most `limit` sends per `window` seconds, started evenly `spacing` apart."""

    def __init__(self, per_s: float) -> None:
        self.limit, self.window = _limit_and_window(per_s, 1.0)
        self.spacing = self.window / self.limit
        self.catch_up = max(CATCH_UP_S, self.spacing / 2)
        self.in_flight = 0
        self.done: deque[float] = deque()
        # When the next send may start if sends are to be spaced evenly. It advances by
        # one spacing per send from where it was, not from when the send really started:
        # the loop wakes a little late each time, and that lateness must not add up.
        self.next_start = -math.inf

    def wait(self, now: float, smooth: bool) -> float:
        done, window = self.done, self.window + MARGIN_S
        while done and done[0] + window <= now:
            done.popleft()
        used = self.in_flight + len(done)
        spacing = self.next_start - now if smooth else 0.0
        if used < self.limit:
            return max(spacing, 0.0)
        expired_needed = used - self.limit + 1
        if expired_needed > len(done):
            return math.inf
        return max(done[expired_needed - 1] + window - now, spacing)

    def begin(self, now: float) -> None:
        self.in_flight += 1
        # Late starts are made good (the window still caps any burst); an idle spell is not.
        self.next_start = max(self.next_start + self.spacing, now - self.catch_up)

    def end(self, now: float) -> None:
        self.in_flight -= 1
        self.done.append(now)


class SendBudget:
    """Who may send now: overall windows, one message per chat interval, group windows.

    Free sends count in the free window (`overall_per_s`); every send, free or paid
    (`allow_paid_broadcast`), counts in the paid window (`paid_per_s`).
    """

    def __init__(self, config: DeliveryConfig) -> None:
        self._free = _Window(config.overall_per_s)
        self._paid = _Window(config.paid_per_s)
        self.overall_limit, self.overall_window = self._free.limit, self._free.window
        self.chat_interval = 1.0 / config.per_chat_per_s
        self.group_limit, self.group_window = _limit_and_window(config.per_group_per_min, 60.0)
        self.spacing = self._free.spacing
        self._chats: dict[int, _ChatState] = {}
        self._ends = 0
        self._paused_until = -math.inf
        self._changed = asyncio.Event()
        self.replies_waiting = 0
        self.listeners: list[Callable[[], None]] = []  # told of every change

    # ------------------------------------------------------------- questions
    def overall_wait(self, now: float, *, smooth: bool = True, paid: bool = False) -> float:
        """Seconds before any send may start (inf: until a send in flight ends).

        `smooth` also spaces sends evenly (the worker), so that the window is never spent
        in one burst and a reply never waits long for its slot; replies skip the spacing.
        `paid` asks for a send with `allow_paid_broadcast`, which the free window ignores.
        """
        if now < self._paused_until:
            return self._paused_until - now
        paid_wait = self._paid.wait(now, smooth)
        if paid:
            return paid_wait
        return max(self._free.wait(now, smooth), paid_wait)

    def chat_wait(self, chat_id: int, now: float) -> float:
        """Seconds before a send to this chat may start (inf: one is in flight)."""
        state = self._chats.get(chat_id)
        if state is None:
            return 0.0
        if state.in_flight:
            return math.inf
        wait = state.last_done + self.chat_interval + MARGIN_S - now
        done = state.group_done  # only a group has one
        if done is not None:
            window = self.group_window + MARGIN_S
            while done and done[0] + window <= now:
                done.popleft()
            if len(done) >= self.group_limit:
                wait = max(wait, done[len(done) - self.group_limit] + window - now)
        return max(wait, 0.0)

    def next_offer(self, chat_id: int, now: float) -> float:
        """When the worker should offer the chat next: never "never", even while a reply or
        an edit to it is in flight (its end cannot reschedule the chat: look again one
        interval later)."""
        wait = self.chat_wait(chat_id, now)
        return now + (self.chat_interval if math.isinf(wait) else wait)

    def wait(self, chat_id: int, now: float, *, smooth: bool = True, paid: bool = False) -> float:
        """Seconds before a send to this chat may start, overall and chat limits together."""
        return max(self.overall_wait(now, smooth=smooth, paid=paid), self.chat_wait(chat_id, now))

    @property
    def in_flight(self) -> int:
        """Sends started and not yet answered."""
        return self._paid.in_flight

    def describe(self, chat_id: int, now: float) -> str:
        """The chat's budget state, for a diagnostic log line."""
        state = self._chats.get(chat_id)
        if state is None:
            return "no budget state"
        return (
            f"in_flight={state.in_flight} since_last_done={now - state.last_done:.1f}s"
            f" wait={self.wait(chat_id, now):.2f}s overall_in_flight={self.in_flight}"
        )

    # ---------------------------------------------------------------- changes
    def begin(self, chat_id: int, now: float, *, paid: bool = False) -> None:
        """A send to this chat starts now (call only when `wait` is 0)."""
        self._paid.begin(now)
        if not paid:
            self._free.begin(now)
        state = self._chats.get(chat_id)
        if state is None:
            state = self._chats[chat_id] = _ChatState()
        state.in_flight += 1

    def end(self, chat_id: int, now: float, *, paid: bool = False) -> None:
        """The send to this chat (begun with the same `paid`) got its answer now."""
        self._paid.end(now)
        if not paid:
            self._free.end(now)
        state = self._chats[chat_id]
        state.in_flight -= 1
        state.last_done = now
        if chat_id < 0:
            if state.group_done is None:
                state.group_done = deque()
            state.group_done.append(now)
        self._ends += 1
        if self._ends % _PRUNE_EVERY == 0:
            self._prune(now)
        self.notify()

    def pause(self, seconds: float, now: float) -> None:
        """Telegram asked to wait (flood control applies to the whole bot)."""
        self._paused_until = max(self._paused_until, now + seconds)
        self.notify()

    def forget_chat(self, chat_id: int) -> None:
        """Drop the limits of a chat id that no longer exists (migrated)."""
        state = self._chats.get(chat_id)
        if state is not None and not state.in_flight:
            del self._chats[chat_id]

    def notify(self) -> None:
        """Wake everyone waiting for the budget to change."""
        self._changed.set()
        self._changed = asyncio.Event()
        for listener in self.listeners:
            listener()

    async def changed(self, timeout: float) -> None:
        """Wait until the budget changes or `timeout` seconds pass."""
        event = self._changed
        if timeout <= 0:
            return
        with suppress(TimeoutError):
            async with asyncio.timeout(None if math.isinf(timeout) else timeout):
                await event.wait()

    @asynccontextmanager
    async def reply_slot(self, chat_id: int) -> AsyncIterator[None]:
        """Take the next free overall slot for a reply, ahead of the worker (which yields to it).

        The chat's own spacing is not awaited (short bursts in one chat are fine), but the
        reply counts in it, so the worker's next message to that chat waits its turn.
        """
        loop = asyncio.get_running_loop()
        self.replies_waiting += 1
        try:
            while (wait := self.overall_wait(loop.time(), smooth=False)) > 0:
                await self.changed(wait)
            self.begin(chat_id, loop.time())
        finally:
            self.replies_waiting -= 1
            self.notify()
        try:
            yield
        finally:
            self.end(chat_id, loop.time())

    def _prune(self, now: float) -> None:
        """Forget chats whose limits no longer bind: a private chat after one interval, a
        group after its window."""
        private = self.chat_interval + MARGIN_S
        group = max(self.chat_interval, self.group_window) + MARGIN_S
        stale = [
            chat_id
            for chat_id, state in self._chats.items()
            if not state.in_flight and state.last_done + (group if chat_id < 0 else private) < now
        ]
        for chat_id in stale:
            del self._chats[chat_id]
