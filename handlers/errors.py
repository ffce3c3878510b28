"""The error handler: context to the log, one short line to the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.texts.core import text
from handlers.common import language_of

log = logging.getLogger(__name__)


def describe(update: object) -> str:
    """A compact description of an update for the log."""
    if not isinstance(update, Update):
        return repr(update)[:200]
    parts = [f"update_id={update.update_id}"]
    if update.effective_chat:
        parts.append(f"chat={update.effective_chat.id}")
    if update.effective_user:
        parts.append(f"user={update.effective_user.id}")
    if update.effective_message and update.effective_message.text:
        parts.append(f"text={update.effective_message.text[:80]!r}")
    if update.callback_query:
        parts.append(f"callback={update.callback_query.data!r}")
    return " ".join(parts)


async def on_error(update: object, context: object) -> None:
    """Log the failure with the update's context and tell the user briefly."""
    error = getattr(context, "error", None)
    log.error("handler failed for %s", describe(update), exc_info=error)
    if not isinstance(update, Update):
        return
    message = text("error", language_of(update))
    try:
        if update.callback_query:
            await update.callback_query.answer(message, show_alert=False)
        elif update.effective_chat and update.effective_message:
            await update.effective_chat.send_message(message)
    except TelegramError as notify_error:
        log.warning("could not tell the user about the error: %s", notify_error)
