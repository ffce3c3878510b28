"""The bot's profile per language: the command menu (the listeners', and the editors' in
each editor's private chat), the description a user sees in an empty chat before /start
("What can this bot do?") and the short one on the bot's profile page."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from telegram import Bot
from telegram.error import TelegramError

from bot.articles.telegram_html import cut_at_word
from bot.schedule.config import ShowConfig
from bot.texts import DEFAULT_LANGUAGE, CommandInfo
from bot.texts.core import text
from handlers.command_menu import EditorMenu, menu, set_editor_menu

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


async def register_commands(
    bot: Bot,
    commands: Sequence[CommandInfo],
    admins: Iterable[int],
    languages: tuple[str | None, ...],
) -> list[str]:
    """Set the listeners' command menu in each language (None: the default, English), and in
    each admin's private chat the menu with the editor commands too. An admin who never
    started the bot has no chat yet (Telegram: "chat not found"): one log line, and their
    menu is set when they send /start. Returns the other refusals, one line each."""
    listeners = [command for command in commands if not command.admin_only]
    refused: list[str] = []
    for language in languages:
        try:
            await bot.set_my_commands(menu(listeners, language), language_code=language)
        except TelegramError as error:
            refused.append(f"{language or 'default'}: {error}")
    not_started = [
        admin
        for admin in sorted(admins)
        if await set_editor_menu(bot, commands, admin, refused, languages) is EditorMenu.NOT_STARTED
    ]
    if not_started:
        log.info(
            "no editor command menu for admin(s) %s yet: they have not started the bot (it is"
            " set when they send /start)",
            ", ".join(map(str, not_started)),
        )
    return refused
