"""The delivery feature's service: a durable outbox and the worker that empties it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime

from bot.core.messages import OutgoingMessage
from bot.core.shared import Core
from bot.delivery.paid import FallbackListener
from bot.delivery.worker import DeliveryWorker, SentListener
from storage.outbox import OutboxRepository
from storage.outbox_models import DeliveryStats, FanoutProgress, PaidBroadcast

__all__ = ["DeliveryService", "DeliveryStats", "FanoutProgress", "PaidBroadcast", "SentListener"]


class DeliveryService:
    """Queues messages for many chats and sends each once, within Telegram's limits."""

    def __init__(self, core: Core) -> None:
        self._core = core
        self._outbox = OutboxRepository(core.db)
        self._listeners: dict[str, list[SentListener]] = {}
        # Shared with replies, so a fan-out never crowds them out.
        self.budget = core.send_budget
        self._worker = DeliveryWorker(core, self._outbox, self.budget, self._listeners)

    async def enqueue(
        self,
        kind: str,
        ref: str,
        message: OutgoingMessage,
        chat_ids: Iterable[int],
        *,
        variant: str = "",
        paid: PaidBroadcast | None = None,
    ) -> int:
        """Queue `message` for each chat once per (kind, ref); return how many were new.

        `kind` names the feature ("article", "reminder", "poll"), `ref` the thing sent
        (an article id, "reminder:<airing>", a poll id): the same (kind, ref, chat) is
        never queued twice, whatever the `variant` (another wording of the same thing, such
        as its language). The rows are in the database when this returns. Chats the bot
        does not know, or that blocked it, are skipped. With `paid` (and paid broadcast not
        "off" in the config), up to `paid.max_messages` go with `allow_paid_broadcast`.
        """
        added = await self._outbox.enqueue(
            kind, ref, message.model_dump_json(), chat_ids, self._core.clock.now(), variant, paid
        )
        if added:
            self._worker.poke()
        return added

    def add_paid_fallback_listener(self, listener: FallbackListener) -> None:
        """Be told once when a paid fan-out runs out of Stars and goes on at the free rate."""
        self._worker.paid.listeners.append(listener)

    async def paid_running(self) -> int:
        """Messages of paid fan-outs still to send (0: no paid fan-out runs)."""
        return await self._outbox.paid_open()

    def add_sent_listener(self, kind: str, listener: SentListener) -> None:
        """Be told of each message of `kind` that went out (to track poll messages)."""
        self._listeners.setdefault(kind, []).append(listener)

    async def stats(self, now: datetime) -> DeliveryStats:
        """Pending rows, and rows sent or failed in the last hour, the last day and ever."""
        return await self._outbox.stats(now)

    async def fanout_progress(self) -> FanoutProgress | None:
        """Sent of queued for the latest fan-out (for the studio page)."""
        return await self._outbox.latest_fanout()

    async def start(self) -> None:
        """Resume rows left in flight by the previous run and start the worker."""
        if not self._worker.running:
            await self._worker.start()

    async def stop(self) -> None:
        """Let sends in flight finish, write their outcomes, and stop the worker."""
        await self._worker.stop()

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds until nothing is pending or in flight."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            seen = self._worker.generation
            if self._worker.idle and await self._outbox.count_open() == 0:
                return
            remaining = deadline - loop.time()
            if remaining <= 0 or not self._worker.running:
                return
            await self._worker.progress(seen, remaining)

    async def on_chat_stopped(self, chat_id: int) -> None:
        """Drop the chat's pending messages."""
        self._worker.drop_chat(chat_id)
        await self._outbox.drop_chat(chat_id)

    async def on_user_forgotten(self, user_id: int) -> None:
        """Nothing stored per user (a deleted chat takes its rows with it)."""
