"""Telegram-free description of an outgoing message and of what sending it did."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

MAX_TEXT = 4096


class Button(BaseModel):
    """An inline button: exactly one of url, callback_data or switch_inline_query."""

    model_config = ConfigDict(frozen=True)

    text: str
    url: str | None = None
    callback_data: str | None = None
    switch_inline_query: str | None = None


class OutgoingMessage(BaseModel):
    """A message to send or an edit to make; `html` means Telegram HTML parse mode."""

    model_config = ConfigDict(frozen=True)

    text: str
    html: bool = False
    buttons: tuple[tuple[Button, ...], ...] = ()
    link_preview: bool = False
    # Sent instead, as plain text, if Telegram rejects the HTML entities.
    fallback_text: str | None = None


class Outcome(StrEnum):
    """What Telegram did with a send or edit."""

    SENT = "sent"
    RETRY_AFTER = "retry_after"  # flood limit: wait `retry_after` seconds
    TRANSIENT = "transient"  # 5xx, timeout, network: retry later
    BLOCKED = "blocked"  # 403: blocked, kicked, deactivated
    MIGRATED = "migrated"  # group became a supergroup: `new_chat_id`
    BAD_FORMAT = "bad_format"  # entities rejected: resend as plain text
    NOT_MODIFIED = "not_modified"  # edit with identical content
    GONE = "gone"  # message or chat not found
    REJECTED = "rejected"  # any other 400
    NO_STARS = "no_stars"  # a paid broadcast the bot's Stars balance cannot pay for


class SendResult(BaseModel):
    """The outcome of one call, with the details each outcome carries."""

    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    message_id: int | None = None
    retry_after: float | None = None
    new_chat_id: int | None = None
    error: str | None = None


class TelegramPort(Protocol):
    """What the domain needs from Telegram; implemented in `handlers.telegram_port`."""

    async def send(
        self, chat_id: int, message: OutgoingMessage, *, paid: bool = False
    ) -> SendResult:
        """Send a message to a chat (`paid`: with `allow_paid_broadcast`, 0.1 Star)."""
        ...

    async def edit(self, chat_id: int, message_id: int, message: OutgoingMessage) -> SendResult:
        """Replace the text and buttons of a message the bot sent."""
        ...
