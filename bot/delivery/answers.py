"""What the delivery worker does with Telegram's answer to a send: record it, retry later,
resend as plain text, follow a migrated group, drop a chat that blocked the bot, or go on at
the free rate when the Stars ran out."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

from bot.core.messages import Outcome, SendResult
from bot.core.shared import Core
from bot.delivery.limiter import SendBudget
from bot.delivery.outcomes import OutcomeWriter
from bot.delivery.paid import PaidRouting
from bot.delivery.policy import backoff_delay
from bot.delivery.queues import RowQueues
from storage.outbox import OutboxRepository
from storage.outbox_models import OutboxRow, RowStatus

log = logging.getLogger(__name__)

# Called after a queued message went out: (kind, ref, chat_id, message_id).
SentListener = Callable[[str, str, int, int], Awaitable[None]]

# How long a chat that answered 403 stays barred in memory, covering rows claimed meanwhile.
GONE_MEMORY_S = 60.0


class AnswerHandler:
    """Applies the delivery policy to each answer; holds what it must remember per row/chat."""

    def __init__(
        self,
        core: Core,
        outbox: OutboxRepository,
        *,
        queue: RowQueues,
        budget: SendBudget,
        outcomes: OutcomeWriter,
        paid: PaidRouting,
        listeners: dict[str, list[SentListener]],
        wall_time: Callable[[], float],
    ) -> None:
        self._core = core
        self._config = core.config.delivery
        self._outbox = outbox
        self._queue = queue
        self._budget = budget
        self._outcomes = outcomes
        self._paid = paid
        self._listeners = listeners
        self._wall = wall_time
        self._rng = random.Random()  # noqa: S311 (jitter, not security)
        self.plain_rows: set[int] = set()  # rows to resend as plain text
        self._migrated_rows: set[int] = set()
        self._gone: dict[int, float] = {}  # chat that just blocked the bot -> until when

    async def handle(self, row: OutboxRow, result: SendResult, paid: bool) -> None:
        """Record or reschedule the row after Telegram answered `result`."""
        outcome = result.outcome
        queue = self._queue.of(paid)
        if outcome == Outcome.SENT:
            self._paid.sent += paid
            self._forget_row(row.id)
            self._outcomes.record(row, RowStatus.SENT, message_id=result.message_id)
            await self._tell_listeners(row, result.message_id or 0)
        elif outcome == Outcome.RETRY_AFTER:
            wait = result.retry_after or 1.0
            log.warning("delivery: Telegram asks to wait %.1f s (flood control)", wait)
            now = asyncio.get_running_loop().time()
            self._budget.pause(wait, now)
            queue.add_first(row, now + wait)
        elif outcome == Outcome.TRANSIENT:
            self._retry_later(row, result.error)
        elif outcome == Outcome.BLOCKED:
            await self._chat_gone(row, result.error)
        elif outcome == Outcome.MIGRATED and result.new_chat_id is not None:
            await self._migrate(row, result.new_chat_id, result.error)
        elif outcome == Outcome.BAD_FORMAT and row.id not in self.plain_rows:
            log.warning("delivery: chat %s refused the HTML; sending plain text", row.chat_id)
            self.plain_rows.add(row.id)
            queue.add_first(row, 0.0)
        elif outcome == Outcome.NO_STARS and paid:
            await self._go_free(row)
        else:
            self._fail(row, result.error or outcome.value)

    def is_gone(self, chat_id: int, now: float) -> bool:
        """Whether the chat blocked the bot moments ago (its rows must not be sent)."""
        until = self._gone.get(chat_id)
        if until is not None and until < now:
            del self._gone[chat_id]
            return False
        return until is not None

    def _forget_row(self, row_id: int) -> None:
        self.plain_rows.discard(row_id)
        self._migrated_rows.discard(row_id)

    def _retry_later(self, row: OutboxRow, error: str | None) -> None:
        attempts = row.attempts + 1
        if attempts > self._config.max_retries:
            self._fail(row, f"gave up after {attempts} attempts: {error}")
            return
        delay = backoff_delay(self._config, attempts, self._rng)
        log.info("delivery: chat %s: %s; retry %d in %.1f s", row.chat_id, error, attempts, delay)
        self._outcomes.record(
            row, RowStatus.PENDING, error=error, next_attempt_at=self._wall() + delay
        )

    def _fail(self, row: OutboxRow, error: str) -> None:
        log.warning("delivery: %s %s to chat %s failed: %s", row.kind, row.ref, row.chat_id, error)
        self._forget_row(row.id)
        self._outcomes.record(row, RowStatus.FAILED, error=error)

    async def _chat_gone(self, row: OutboxRow, error: str | None) -> None:
        log.info("delivery: chat %s blocked or removed the bot: %s", row.chat_id, error)
        self._gone[row.chat_id] = asyncio.get_running_loop().time() + GONE_MEMORY_S
        self._queue.remove_chat(row.chat_id)
        self._outcomes.record(row, RowStatus.DROPPED, error=error)
        await self._core.chats.set_active(row.chat_id, False)
        await self._outbox.drop_chat(row.chat_id)
        # A claim that ran while we were writing may have queued more rows for this chat.
        for stale in self._queue.remove_chat(row.chat_id):
            self._outcomes.record(stale, RowStatus.DROPPED, error=error)

    async def _migrate(self, row: OutboxRow, new_id: int, error: str | None) -> None:
        if row.id in self._migrated_rows or new_id == row.chat_id:
            self._fail(row, f"chat migrated twice: {error}")
            return
        log.info("delivery: chat %s became supergroup %s", row.chat_id, new_id)
        try:
            await self._core.chats.migrate_id(row.chat_id, new_id)
        except Exception as failure:
            log.exception("delivery: cannot move chat %s to %s", row.chat_id, new_id)
            self._fail(row, f"migration to {new_id} failed: {failure}")
            return
        now = asyncio.get_running_loop().time()
        self._queue.move_chat(row.chat_id, new_id, now)
        self._budget.forget_chat(row.chat_id)
        self._migrated_rows.add(row.id)
        self._queue.free.add_first(row.model_copy(update={"chat_id": new_id}), now)

    async def _go_free(self, row: OutboxRow) -> None:
        """Not enough Stars: this row and the fan-out's other paid rows go at the free rate."""
        await self._paid.ran_out(row.kind, row.ref)
        now = asyncio.get_running_loop().time()
        self._queue.free.add_first(row, now)
        for other in self._queue.paid.take_rows():
            paid = self._paid.is_paid(other.kind, other.ref)
            self._queue.of(paid).add(other, self._budget.next_offer(other.chat_id, now))

    async def _tell_listeners(self, row: OutboxRow, message_id: int) -> None:
        for listener in self._listeners.get(row.kind, []):
            try:
                await listener(row.kind, row.ref, row.chat_id, message_id)
            except Exception:
                log.exception("delivery: sent listener for %s %s failed", row.kind, row.ref)
