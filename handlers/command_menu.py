"""Telegram's command menu: the listeners' list per language, and an editor's own list (the
editor commands too) in their private chat."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import Enum

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, TelegramError

from bot.texts import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, CommandInfo

log = logging.getLogger(__name__)

# The default list (English), then one per other language.
MENU_LANGUAGES: tuple[str | None, ...] = (
    None,
    *(language for language in SUPPORTED_LANGUAGES if language != DEFAULT_LANGUAGE),
)


class EditorMenu(Enum):
    """How setting an editor's menu went."""

    SET = "set"
    NOT_STARTED = "not started"  # Telegram: "chat not found", the editor never started the bot


def menu(commands: Sequence[CommandInfo], language: str | None) -> list[BotCommand]:
    """The commands with their descriptions in a language (None: the default, English)."""
    code = language or DEFAULT_LANGUAGE
    return [BotCommand(command.name, command.describe(code)) for command in commands]


async def set_editor_menu(
    bot: Bot,
    commands: Sequence[CommandInfo],
    admin: int,
    refused: list[str],
    languages: tuple[str | None, ...] = MENU_LANGUAGES,
) -> EditorMenu:
    """Every command (the editor ones too) in the admin's private chat's menu, per language;
    other refusals are added to `refused`, one line each."""
    scope = BotCommandScopeChat(admin)
    for language in languages:
        try:
            await bot.set_my_commands(menu(commands, language), scope, language)
        except BadRequest as error:
            if "chat not found" in error.message.lower():
                return EditorMenu.NOT_STARTED
            refused.append(f"admin {admin}, {language or 'default'}: {error}")
        except TelegramError as error:
            refused.append(f"admin {admin}, {language or 'default'}: {error}")
    return EditorMenu.SET
