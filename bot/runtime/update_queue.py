"""The Application's update queue: it pushes back on fetching while updates are being handled."""

from __future__ import annotations

import asyncio


class UpdateQueue(asyncio.Queue[object]):
    """An update queue that hands out an update only while few are taken and not yet done.

    With `concurrent_updates`, python-telegram-bot takes each update off its queue at once and
    starts a task for it, which only then waits for one of the concurrent slots: a bounded queue
    alone never fills, and every update of a vote storm becomes a waiting task with its parsed
    Update, coroutine and context (about 7 kB each; 18,000 of them held 130 MB in the memory
    benchmark). PTB calls `task_done()` once an update is handled, so counting the updates
    taken (`get_nowait`, which `get` goes through) against those done bounds the tasks; past
    `max_in_flight`, `get` waits, the queue fills up to `maxsize` and then fetching waits.
    """

    def __init__(self, maxsize: int, max_in_flight: int) -> None:
        super().__init__(maxsize)
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.max_in_flight = max_in_flight
        self.in_flight = 0  # taken off the queue, task_done() not called yet
        self._room = asyncio.Event()

    async def get(self) -> object:
        """The next update, once fewer than `max_in_flight` are being handled."""
        while self.in_flight >= self.max_in_flight:
            self._room.clear()
            await self._room.wait()
        return await super().get()

    def get_nowait(self) -> object:
        """The next update, now (raises `asyncio.QueueEmpty`); counted as in flight."""
        item = super().get_nowait()
        self.in_flight += 1
        return item

    def task_done(self) -> None:
        """An update taken off the queue was handled: room for another."""
        super().task_done()
        self.in_flight = max(0, self.in_flight - 1)
        self._room.set()
