"""The delivery feature's service: a durable outbox and the worker that empties it.

PLACEHOLDER: sends immediately, with no outbox, no rate limit and no retries, so that the
features queueing messages can be built before the real outbox exists. The signatures of
`enqueue` and `add_sent_listener` are the contract the other features code against.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable

from bot.core import Core
from bot.messages import OutgoingMessage, Outcome

# Called after a queued message went out: (kind, ref, chat_id, message_id).
SentListener = Callable[[str, str, int, int], Awaitable[None]]


class DeliveryService:
    """Queues messages for many chats and sends each once, within Telegram's limits."""

    def __init__(self, core: Core) -> None:
        self._core = core
        self._listeners: dict[str, list[SentListener]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def enqueue(
        self, kind: str, ref: str, message: OutgoingMessage, chat_ids: Iterable[int]
    ) -> int:
        """Queue `message` for each chat once per (kind, ref); return how many were new.

        `kind` names the feature ("article", "reminder", "poll"), `ref` the thing sent
        (an article id, "reminder:<airing>", a poll id): the same (kind, ref, chat) is
        never queued twice.
        """
        chats = list(dict.fromkeys(chat_ids))
        task = asyncio.create_task(self._send_all(kind, ref, message, chats))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return len(chats)

    def add_sent_listener(self, kind: str, listener: SentListener) -> None:
        """Be told of each message of `kind` that went out (to track poll messages)."""
        self._listeners.setdefault(kind, []).append(listener)

    async def _send_all(
        self, kind: str, ref: str, message: OutgoingMessage, chat_ids: list[int]
    ) -> None:
        for chat_id in chat_ids:
            result = await self._core.telegram.send(chat_id, message)
            if result.outcome == Outcome.SENT and result.message_id is not None:
                for listener in self._listeners.get(kind, []):
                    await listener(kind, ref, chat_id, result.message_id)

    async def start(self) -> None:
        """Start the worker."""

    async def stop(self) -> None:
        """Stop the worker."""
        for task in list(self._tasks):
            task.cancel()

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for queued messages to go out."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=timeout)

    async def on_chat_stopped(self, chat_id: int) -> None:
        """Drop the chat's pending messages."""

    async def on_user_forgotten(self, user_id: int) -> None:
        """Nothing stored per user."""
