"""PTB rate limiter that makes replies take the delivery budget ahead of the outbox worker.

The composition root (bot/runtime/app.py) installs it with ``builder.rate_limiter(...)``, with
the budget it also gives the services (``Core.send_budget``). Replies take the overall budget
ahead of the worker but do not wait for the per-chat spacing: a listener who sends two commands in a
row gets both answers at once, as Telegram allows short bursts in a chat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.limiter import OUTBOX_SEND, SendBudget

# Calls counted by Telegram's per-chat and overall message limits.
LIMITED_ENDPOINTS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendAnimation",
        "sendVoice", "sendMediaGroup", "sendPoll", "sendLocation", "sendContact", "sendSticker",
        "copyMessage", "forwardMessage",
    }
)  # fmt: skip
MAX_REPLY_WAIT_S = 10.0  # a reply hit by flood control is retried once if the wait is short

Callback = Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]]


class ReplyFirstRateLimiter(BaseRateLimiter[None]):
    """Replies wait for a free slot (ahead of the worker); the worker's own calls pass."""

    def __init__(self, budget: SendBudget) -> None:
        self.budget = budget

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Send replies within the shared budget; retry once after a short flood wait."""
        budget, chat_id = self.budget, data.get("chat_id")
        if OUTBOX_SEND.get() or endpoint not in LIMITED_ENDPOINTS or not isinstance(chat_id, int):
            return await callback(*args, **kwargs)
        for attempt in (1, 2):
            async with budget.reply_slot(chat_id):
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    wait = error.retry_after
                    seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
                    budget.pause(seconds, asyncio.get_running_loop().time())
                    if attempt == 2 or seconds > MAX_REPLY_WAIT_S:
                        raise
        raise AssertionError("unreachable")
