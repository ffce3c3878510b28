"""The delivery worker: one task that empties the outbox within Telegram's limits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable, Sequence

from bot.core.messages import Outcome, OutgoingMessage, SendResult
from bot.core.shared import Core
from bot.delivery.answers import AnswerHandler, SentListener
from bot.delivery.limiter import OUTBOX_SEND, SendBudget
from bot.delivery.outcomes import OutcomeWriter
from bot.delivery.paid import PaidRouting
from bot.delivery.policy import plain_version
from bot.delivery.queues import RowQueues
from storage.outbox import OutboxRepository
from storage.outbox_models import OutboxRow, RowStatus, RowUpdate

log = logging.getLogger(__name__)

__all__ = ["DeliveryWorker", "SentListener"]

STOP_GRACE_S = 5.0  # how long stop() lets sends in flight finish
_PAYLOAD_CACHE = 256


class DeliveryWorker:
    """Claims due rows in batches, sends them concurrently, writes outcomes in batches."""

    def __init__(
        self,
        core: Core,
        outbox: OutboxRepository,
        budget: SendBudget,
        listeners: dict[str, list[SentListener]],
        wall_time: Callable[[], float] = time.time,
    ) -> None:
        self._core = core
        self._config = core.config.delivery
        self._outbox = outbox
        self._budget = budget
        self._wall = wall_time  # Unix seconds, for retry times that survive a restart
        self._queue = RowQueues()
        self.paid = PaidRouting(outbox, self._config.paid_broadcast)
        self._payloads: dict[tuple[str, str, str], OutgoingMessage] = {}
        self._sends: set[asyncio.Task[None]] = set()
        self._flying: dict[asyncio.Task[None], int] = {}  # send task -> its row id
        self._outcomes = OutcomeWriter(outbox, core.clock.now, self._outcomes_written)
        self._answers = AnswerHandler(
            core, outbox, queue=self._queue, budget=budget, outcomes=self._outcomes,
            paid=self.paid, listeners=listeners, wall_time=wall_time,
        )  # fmt: skip
        self._db_due: float | None = 0.0  # when the outbox may next have a due row
        self._db_generation = 0
        self._wake = asyncio.Event()
        self._progress = asyncio.Event()
        self._generation = 0
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        budget.listeners.append(self._wake.set)

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Put rows left in flight by a previous run back in the queue and start."""
        resumed = await self._outbox.reset_in_flight()
        if resumed:
            log.info("delivery: %d rows in flight at the last stop are pending again", resumed)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="delivery-worker")
        self._outcomes.start()

    async def stop(self) -> None:
        """Stop claiming, let sends in flight finish, write every outcome, release the rest."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        await self._task
        if self._sends:
            await asyncio.wait(list(self._sends), timeout=STOP_GRACE_S)
        for task in list(self._sends):
            task.cancel()
        await asyncio.gather(*self._sends, return_exceptions=True)
        await self._outcomes.stop()
        await self._outbox.release(self._queue.clear())
        self._task = None

    async def abort(self) -> None:
        """Stop at once without writing anything, as a crash would (for tests)."""
        self._stopping = True
        await self._outcomes.stop(write=False)
        tasks = [t for t in (self._task, *self._sends) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None

    @property
    def running(self) -> bool:
        """Whether the worker task runs."""
        return self._task is not None and not self._task.done()

    @property
    def idle(self) -> bool:
        """Nothing claimed, in flight or waiting to be written."""
        return not self._queue and not self._sends and not self._outcomes

    def poke(self) -> None:
        """New rows were queued: look at the outbox now."""
        self._db_due = 0.0
        self._db_generation += 1
        self._wake.set()

    def drop_chat(self, chat_id: int) -> None:
        """Forget the chat's claimed rows (the outbox marks them dropped)."""
        self._queue.remove_chat(chat_id)

    @property
    def generation(self) -> int:
        """Bumped each time outcomes are written or the worker goes idle."""
        return self._generation

    async def progress(self, since: int, timeout: float) -> None:
        """Wait until `generation` moved past `since`, or `timeout` seconds."""
        if self._generation != since:
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._progress.wait()

    def _made_progress(self) -> None:
        self._generation += 1
        self._progress.set()
        self._progress = asyncio.Event()

    # ------------------------------------------------------------ main loop
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        batch = self._config.batch_size
        while not self._stopping:
            self._wake.clear()
            now = loop.time()
            if self._should_claim(now, batch):
                await self._claim(batch)
                continue
            if len(self._sends) >= self._config.max_in_flight or self._budget.replies_waiting:
                await self._sleep(math.inf)
                continue
            row, paid, wait = self._next_row(now)
            if row is None:
                await self._sleep(wait)
                continue
            if self._budget.chat_wait(row.chat_id, now) > 0:
                self._queue.of(paid).postpone(row, self._budget.next_offer(row.chat_id, now))
                continue
            self._launch(row, now, paid)

    def _next_row(self, now: float) -> tuple[OutboxRow | None, bool, float]:
        """The next row whose overall budget allows it now (paid rows first), and whether it
        goes paid; else None and how long to wait.
        """
        waits = [math.inf]
        for queue, paid in self._queue.in_order():
            if not queue:
                continue
            overall = self._budget.overall_wait(now, paid=paid)
            if overall > 0:
                waits.append(overall)
                continue
            row = queue.pop_ready(now)
            if row is not None:
                return row, paid, 0.0
            next_ready = queue.next_ready_at()
            if next_ready is not None:
                waits.append(next_ready - now)
        return None, False, self._idle_wait(min(waits))

    def _should_claim(self, now: float, batch: int) -> bool:
        due = self._db_due
        if due is None or due > self._wall():
            return False
        queued = len(self._queue)
        if queued < batch // 2:
            return True
        next_ready = self._queue.next_ready_at()
        return queued < 4 * batch and (next_ready is None or next_ready > now)

    def _idle_wait(self, queue_wait: float) -> float:
        waits = [queue_wait]
        if self._db_due is not None:
            # Rows already due that the queue has no room for wait for a send to end (which
            # wakes the loop): counting them as "due now" would spin the loop without end.
            until_due = self._db_due - self._wall()
            if until_due > 0:
                waits.append(until_due)
        if not self._sends and not self._queue:
            self._made_progress()
        return max(min(waits), 0.0)

    async def _sleep(self, timeout: float) -> None:
        if timeout <= 0:
            await asyncio.sleep(0)  # never hold the event loop: sends and replies must run
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(None if math.isinf(timeout) else timeout):
                await self._wake.wait()

    async def _claim(self, batch: int) -> None:
        generation = self._db_generation
        try:
            claimed = await self._outbox.claim_due(self._wall(), batch)
            # Taken after the claim, with no await in between: an outcome written while the
            # claim ran (a retry now due) must not count as held, or the row would be lost.
            held = self._held_ids()
            rows = []
            for row in claimed:
                if row.id in held:  # a lease of ours ran out while we still hold the row
                    self._warn_held_too_long(row)
                else:
                    rows.append(row)
            for key in {row.payload_key for row in rows} - self._payloads.keys():
                await self._load_payload(*key)
            for kind, ref in {(row.kind, row.ref) for row in rows}:
                await self.paid.load(kind, ref)
        except Exception:
            log.exception("delivery: cannot read the outbox; retrying in a second")
            self._db_due = self._wall() + 1.0
            return
        now = asyncio.get_running_loop().time()
        for row in rows:
            if self._answers.is_gone(row.chat_id, now):
                self._outcomes.record(row, RowStatus.DROPPED, error="the chat blocked the bot")
                continue
            if row.payload_key not in self._payloads:
                self._outcomes.record(
                    row, RowStatus.FAILED, attempts=row.attempts, error="payload missing"
                )
                continue
            ready_at = self._budget.next_offer(row.chat_id, now)
            self._queue.of(self.paid.take(row)).add(row, ready_at)
        if len(rows) < batch:
            next_due = await self._outbox.next_due_at()
            if generation == self._db_generation:
                self._db_due = next_due
            else:
                self._db_due = 0.0

    def _warn_held_too_long(self, row: OutboxRow) -> None:
        now = asyncio.get_running_loop().time()
        log.warning(
            "delivery: row %s for chat %s held past its lease: queue %s; budget %s; %d in flight",
            row.id,
            row.chat_id,
            self._queue.describe(row.chat_id),
            self._budget.describe(row.chat_id, now),
            len(self._sends),
        )

    async def _load_payload(self, kind: str, ref: str, variant: str) -> None:
        if len(self._payloads) >= _PAYLOAD_CACHE:
            self._payloads.clear()
        stored = await self._outbox.payload(kind, ref, variant)
        if stored is not None:
            self._payloads[(kind, ref, variant)] = OutgoingMessage.model_validate_json(stored)

    def _held_ids(self) -> set[int]:
        """Rows this worker has claimed and not yet settled in the database."""
        return {
            *self._queue.row_ids(),
            *self._flying.values(),
            *self._outcomes.row_ids(),
        }

    def _launch(self, row: OutboxRow, now: float, paid: bool) -> None:
        self._budget.begin(row.chat_id, now, paid=paid)
        task = asyncio.create_task(self._send(row, paid))
        self._sends.add(task)
        self._flying[task] = row.id
        task.add_done_callback(self._send_finished)

    def _send_finished(self, task: asyncio.Task[None]) -> None:
        self._sends.discard(task)
        self._flying.pop(task, None)
        self._wake.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("delivery: a send task failed", exc_info=task.exception())

    # --------------------------------------------------------------- one send
    async def _send(self, row: OutboxRow, paid: bool) -> None:
        OUTBOX_SEND.set(True)  # this task's own context: replies are not affected
        loop = asyncio.get_running_loop()
        try:
            result = await self._attempt(row, paid)
            await self._answers.handle(row, result, paid)
        finally:
            # Whatever happened, the chat is offered again: a row whose outcome could not be
            # handled stays 'sending' in the database and comes back when its lease ends.
            self._queue.done(row.chat_id, self._budget.next_offer(row.chat_id, loop.time()))

    async def _attempt(self, row: OutboxRow, paid: bool) -> SendResult:
        """Send the row once; the budget slot taken by `_launch` is given back here."""
        try:
            message = self._payloads.get(row.payload_key)
            if message is None:
                await self._load_payload(*row.payload_key)
                message = self._payloads[row.payload_key]
            if row.id in self._answers.plain_rows:
                message = plain_version(message)
            return await self._core.telegram.send(row.chat_id, message, paid=paid)
        except Exception as error:  # the port should not raise; treat it as transient
            log.exception("delivery: sending to chat %s raised", row.chat_id)
            return SendResult(outcome=Outcome.TRANSIENT, error=repr(error))
        finally:
            self._budget.end(row.chat_id, asyncio.get_running_loop().time(), paid=paid)

    # ----------------------------------------------------------------- writes
    def _outcomes_written(self, batch: Sequence[RowUpdate]) -> None:
        retries = [u.next_attempt_at for u in batch if u.status == RowStatus.PENDING]
        if retries:
            first = min(retries)
            self._db_due = first if self._db_due is None else min(self._db_due, first)
            self._db_generation += 1
            self._wake.set()
        self._made_progress()
