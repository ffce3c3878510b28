"""Breaking news for editors: /publish! (or the ⚡ button of the /publish dialogue) shows the
subscribers, Stars and time of a paid broadcast, and publishes once confirmed."""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.articles.service import ArticleService
from bot.texts import pick_language
from bot.texts.breaking import plural, text
from bot.texts.numbers import format_number
from handlers.common import language_of, reply
from handlers.context import BotContext

BREAKING_COMMAND = r"^/publish!(?:@\w+)?(?:\s|$)"
PAID_YES = "publish:paid"
ASK = "publish:breaking"


def is_breaking(update: Update) -> bool:
    """Whether the editor typed /publish! rather than /publish."""
    message = update.effective_message
    return bool(message and (message.text or "").startswith("/publish!"))


def breaking_button(language: str | None) -> InlineKeyboardButton:
    """The ⚡ Breaking button under the /publish dialogue's confirmation."""
    return InlineKeyboardButton(text("breaking_button", language), callback_data=ASK)


def _duration(seconds: float, language: str | None) -> str:
    if seconds < 90:
        return text("seconds", language, n=format_number(max(1, math.ceil(seconds)), language))
    return text("minutes", language, n=format_number(math.ceil(seconds / 60), language))


def _stars(stars: float, language: str | None) -> str:
    """Stars with at most one decimal, written the language's way (0.3, 0,3)."""
    return str(format_decimal(round(stars, 1), format="#,##0.#", locale=pick_language(language)))


async def ask_breaking(update: Update, context: BotContext, title: str, cancel: str) -> bool:
    """Show subscribers, Stars and time, with a button to confirm (False: paid is off)."""
    language = language_of(update)
    found = await context.service(ArticleService).breaking_estimate()
    if not found.enabled:
        await reply(update, text("breaking_off", language))
        return False
    cost = found.estimate
    lines = [
        plural(
            "breaking_confirm",
            cost.messages,
            language,
            title=title,
            count=format_number(cost.messages, language),
            stars=_stars(cost.stars, language),
            duration=_duration(cost.seconds, language),
        )
    ]
    if cost.paid_messages < cost.messages:
        ceiling = context.core.config.delivery.paid_max_stars
        paid = format_number(cost.paid_messages, language)
        lines.append(
            text("breaking_over_ceiling", language, ceiling=_stars(ceiling, language), paid=paid)
        )
    if found.paid_ahead:
        ahead = format_number(found.paid_ahead, language)
        lines.append(text("breaking_queued", language, ahead=ahead))
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text("breaking_send_button", language), callback_data=PAID_YES
                ),
                InlineKeyboardButton(cancel, callback_data="publish:no"),
            ]
        ]
    )
    await reply(update, "\n\n".join(lines), reply_markup=buttons)
    return True


async def publish_breaking(update: Update, context: BotContext, draft: dict[str, Any]) -> bool:
    """Publish as a paid broadcast; tell the editor if it is queued behind another one.

    False when the article was already published (the caller says so).
    """
    language = language_of(update)
    chat = update.effective_chat
    articles = context.service(ArticleService)
    ahead = (await articles.breaking_estimate()).paid_ahead
    result = await articles.publish(
        draft["title"],
        draft["body"],
        draft.get("link"),
        draft.get("tags", []),
        breaking_editor=chat.id if chat else None,
    )
    if result.queued is None:
        return False
    chats = format_number(result.queued, language)
    title = result.article.title
    lines = [plural("breaking_published", result.queued, language, title=title, count=chats)]
    if ahead:
        lines.append(text("breaking_queued", language, ahead=format_number(ahead, language)))
    await reply(update, "\n".join(lines))
    return True
