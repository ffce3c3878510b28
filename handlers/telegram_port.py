"""The `TelegramPort` implemented with python-telegram-bot, mapping its errors to outcomes."""

from __future__ import annotations

import logging
import re

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.articles.telegram_html import fit_text
from bot.core.messages import Button, Outcome, OutgoingMessage, SendResult

log = logging.getLogger(__name__)

# A paid broadcast the bot's Stars balance cannot pay for. The Bot API documents no text for
# it; behind it is Telegram's BALANCE_TOO_LOW ("the current Telegram Stars balance is too
# low"), worded by the Bot API server in its own way: match the words, not one sentence.
_NO_STARS = re.compile(
    r"balance[_ ]too[_ ]low|(?:not enough|insufficient|too few)[_ ](?:telegram[_ ])?stars"
    r"|stars?[_ ](?:balance[_ ])?(?:is[_ ])?(?:too[_ ]low|not[_ ]enough|insufficient)"
)

# The keyword arguments of this many messages are kept: a fan-out sends one message to
# thousands of chats, and building its PTB objects costs as much as encoding the request.
_KWARGS_KEPT = 64


def inline_markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    """PTB markup for domain buttons (None when there are none)."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    button.text,
                    url=button.url,
                    callback_data=button.callback_data,
                    switch_inline_query=button.switch_inline_query,
                )
                for button in row
            ]
            for row in rows
        ]
    )


def send_kwargs(message: OutgoingMessage) -> dict[str, object]:
    """Keyword arguments of `send_message`/`edit_message_text` for a domain message."""
    return {
        "text": fit_text(message.text, html_mode=message.html),
        "parse_mode": ParseMode.HTML if message.html else None,
        "reply_markup": inline_markup(message.buttons),
        "link_preview_options": LinkPreviewOptions(is_disabled=not message.link_preview),
    }


def classify(error: TelegramError) -> SendResult:
    """Map a python-telegram-bot error to a domain outcome."""
    text = str(error)
    lowered = text.lower()
    if isinstance(error, RetryAfter):
        seconds = error.retry_after
        wait = seconds.total_seconds() if hasattr(seconds, "total_seconds") else float(seconds)
        return SendResult(outcome=Outcome.RETRY_AFTER, retry_after=wait, error=text)
    if isinstance(error, ChatMigrated):
        return SendResult(outcome=Outcome.MIGRATED, new_chat_id=error.new_chat_id, error=text)
    if isinstance(error, Forbidden):
        return SendResult(outcome=Outcome.BLOCKED, error=text)
    if isinstance(error, BadRequest):
        if _NO_STARS.search(lowered):
            return SendResult(outcome=Outcome.NO_STARS, error=text)
        if "not modified" in lowered:
            return SendResult(outcome=Outcome.NOT_MODIFIED, error=text)
        if "can't parse entities" in lowered or "can't find end" in lowered:
            return SendResult(outcome=Outcome.BAD_FORMAT, error=text)
        if "not found" in lowered or "deactivated" in lowered:
            return SendResult(outcome=Outcome.GONE, error=text)
        return SendResult(outcome=Outcome.REJECTED, error=text)
    if isinstance(error, NetworkError):  # includes TimedOut
        return SendResult(outcome=Outcome.TRANSIENT, error=text)
    return SendResult(outcome=Outcome.REJECTED, error=text)


class PtbTelegramPort:
    """Sends and edits through a PTB `Bot`, never raising Telegram errors."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self._kwargs: dict[OutgoingMessage, dict[str, object]] = {}

    def _kwargs_for(self, message: OutgoingMessage) -> dict[str, object]:
        """`send_kwargs(message)`, built once per message (PTB's objects are immutable)."""
        kwargs = self._kwargs.get(message)
        if kwargs is None:
            if len(self._kwargs) >= _KWARGS_KEPT:
                self._kwargs.clear()
            kwargs = self._kwargs[message] = send_kwargs(message)
        return kwargs

    async def send(
        self, chat_id: int, message: OutgoingMessage, *, paid: bool = False
    ) -> SendResult:
        """Send a message to a chat (`paid`: with `allow_paid_broadcast`, 0.1 Star)."""
        try:
            sent = await self._bot.send_message(
                chat_id,
                allow_paid_broadcast=True if paid else None,
                **self._kwargs_for(message),  # type: ignore[arg-type]
            )
        except TelegramError as error:
            return classify(error)
        return SendResult(outcome=Outcome.SENT, message_id=sent.message_id)

    async def edit(self, chat_id: int, message_id: int, message: OutgoingMessage) -> SendResult:
        """Replace the text and buttons of a message the bot sent."""
        try:
            await self._bot.edit_message_text(
                chat_id=chat_id,
                message_id=message_id,
                **send_kwargs(message),  # type: ignore[arg-type]
            )
        except TelegramError as error:
            return classify(error)
        return SendResult(outcome=Outcome.SENT, message_id=message_id)
