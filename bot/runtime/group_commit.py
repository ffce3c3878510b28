"""Group commit: one fsync makes every commit before it durable, for all who wait on it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class GroupCommit:
    """`wait()` returns once every commit made before the call is on disk; callers that
    arrive while an fsync runs share the next one."""

    def __init__(self, flush: Callable[[], Awaitable[None]]) -> None:
        self._flush = flush
        self._asked = 0  # tickets handed out
        self._done = 0  # every ticket up to this one is durable
        self._flushing: asyncio.Task[None] | None = None

    async def wait(self) -> None:
        """Return once what was committed before this call is durable."""
        self._asked += 1
        ticket = self._asked
        while self._done < ticket:
            if self._flushing is None:
                self._flushing = asyncio.create_task(self._flush_once())
            await asyncio.shield(self._flushing)

    async def _flush_once(self) -> None:
        covered = self._asked  # every ticket handed out before the fsync starts
        try:
            await self._flush()
        finally:
            self._flushing = None
        self._done = max(self._done, covered)
