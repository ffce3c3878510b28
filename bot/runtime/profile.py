"""The bot's profile texts per language: the description a user sees in an empty chat before
/start ("What can this bot do?") and the short one on the bot's profile page."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.articles.telegram_html import cut_at_word
from bot.schedule.config import ShowConfig
from bot.texts import DEFAULT_LANGUAGE
from bot.texts.core import text

log = logging.getLogger(__name__)

# Telegram's limits in characters; counted here in UTF-16 units, which are never fewer.
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120


def profile_texts(show: ShowConfig, language: str | None) -> tuple[str, str]:
    """The description and the short description in a language (English by default)."""
    code = language or DEFAULT_LANGUAGE
    values = {"show": show.name, "station": show.station}
    return (
        cut_at_word(text("bot_description", code, **values), MAX_DESCRIPTION),
        cut_at_word(text("bot_short_description", code, **values), MAX_SHORT_DESCRIPTION),
    )


async def register_profile(
    bot: Bot, show: ShowConfig, languages: tuple[str | None, ...]
) -> list[str]:
    """Set the descriptions of each language (None: the default, English) where Telegram
    holds other ones (asked first: these methods have tight flood limits and most starts
    change nothing). Returns the refusals, one line each (the start goes on)."""
    refused: list[str] = []
    for language in languages:
        description, short = profile_texts(show, language)
        try:
            if (await bot.get_my_description(language_code=language)).description != description:
                await bot.set_my_description(description, language_code=language)
            current = await bot.get_my_short_description(language_code=language)
            if current.short_description != short:
                await bot.set_my_short_description(short, language_code=language)
        except TelegramError as error:
            refused.append(f"{language or 'default'}: {error}")
    return refused
