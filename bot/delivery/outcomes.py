"""Outcomes of sends, written to the outbox in batches: one transaction per short interval."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from storage.outbox import OutboxRepository
from storage.outbox_models import OutboxRow, RowStatus, RowUpdate

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.01  # outcomes are gathered this long before they are written


class OutcomeWriter:
    """Collects row outcomes and writes them together; a failed write is retried."""

    def __init__(
        self,
        outbox: OutboxRepository,
        now: Callable[[], datetime],
        written: Callable[[Sequence[RowUpdate]], None],
    ) -> None:
        self._outbox = outbox
        self._now = now
        self._written = written  # told of every batch once it is stored
        self._updates: list[RowUpdate] = []
        self._flushing: list[RowUpdate] = []  # being written right now
        self._dirty = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def __bool__(self) -> bool:
        return bool(self._updates)

    def row_ids(self) -> Iterator[int]:
        """Rows whose outcome is not stored yet."""
        return (update.row_id for update in (*self._updates, *self._flushing))

    def record(
        self,
        row: OutboxRow,
        status: RowStatus,
        *,
        attempts: int | None = None,
        message_id: int | None = None,
        error: str | None = None,
        next_attempt_at: float = 0.0,
    ) -> None:
        """Queue the row's new status (attempts: one more than the row had, by default)."""
        self._updates.append(
            RowUpdate(
                row_id=row.id,
                status=status,
                attempts=row.attempts + 1 if attempts is None else attempts,
                message_id=message_id,
                error=error,
                next_attempt_at=next_attempt_at,
            )
        )
        self._dirty.set()

    def start(self) -> None:
        """Start writing in the background."""
        self._task = asyncio.create_task(self._loop(), name="delivery-flush")

    async def stop(self, *, write: bool = True) -> None:
        """Stop the background writes; then write what is left, unless `write` is False."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if write:
            await self.flush()

    async def _loop(self) -> None:
        while True:
            await self._dirty.wait()
            await asyncio.sleep(FLUSH_INTERVAL_S)  # gather a batch of outcomes
            await self.flush()

    async def flush(self) -> None:
        """Write every queued outcome in one transaction now."""
        self._dirty.clear()
        batch, self._updates = self._updates, []
        if not batch:
            return
        self._flushing = batch
        try:
            await self._outbox.apply(batch, self._now())
        except Exception:
            log.exception("delivery: cannot write %d outcomes; retrying", len(batch))
            self._updates[:0] = batch
            self._dirty.set()
            return
        finally:
            self._flushing = []
        self._written(batch)
