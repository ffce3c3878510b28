"""Inline mode for polls: offer open polls in any chat, track the posted messages, edit them."""

from __future__ import annotations

from telegram import (
    Bot,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import BaseHandler, ChosenInlineResultHandler, InlineQueryHandler

from bot.core.messages import Outcome, OutgoingMessage, SendResult
from bot.polls.service import PollService
from bot.texts.polls import text
from handlers.common import language_of
from handlers.context import BotContext
from handlers.telegram_port import classify, inline_markup, send_kwargs


class PtbInlineEditor:
    """Edits messages posted through inline mode (Telegram gives only their inline id)."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def edit_inline(self, inline_message_id: str, message: OutgoingMessage) -> SendResult:
        """Replace the text and buttons of an inline message."""
        try:
            await self._bot.edit_message_text(
                inline_message_id=inline_message_id,
                **send_kwargs(message),  # type: ignore[arg-type]
            )
        except TelegramError as error:
            return classify(error)
        return SendResult(outcome=Outcome.SENT)


async def on_inline_query(update: Update, context: BotContext) -> None:
    """Someone typed the bot's name and some words: offer the matching open polls."""
    query = update.inline_query
    if query is None:
        return
    language = language_of(update)
    polls = context.service(PollService)
    found = await polls.search_open(query.query, language)
    results = [
        InlineQueryResultArticle(
            id=polls.inline_result_id(poll.id, language),
            title=poll.question[:200],
            description=text("inline_description", language, count=len(poll.options)),
            input_message_content=InputTextMessageContent(
                message.text, parse_mode=ParseMode.HTML if message.html else None
            ),
            reply_markup=inline_markup(message.buttons),
        )
        for poll, message in found
    ]
    await query.answer(results, cache_time=0, is_personal=False)


async def on_chosen(update: Update, context: BotContext) -> None:
    """A poll was posted through inline mode: its votes count and it is refreshed too."""
    chosen = update.chosen_inline_result
    if chosen is None:
        return
    await context.service(PollService).track_inline(chosen.result_id, chosen.inline_message_id)


def inline_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Inline query and chosen result handlers."""
    return [InlineQueryHandler(on_inline_query), ChosenInlineResultHandler(on_chosen)]
