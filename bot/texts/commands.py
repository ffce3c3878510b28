"""The command list shown by /help and registered with Telegram, gathered from each feature."""

from __future__ import annotations

from bot.texts import CommandInfo
from bot.texts.articles import COMMANDS as ARTICLE_COMMANDS
from bot.texts.polls import COMMANDS as POLL_COMMANDS
from bot.texts.schedule import COMMANDS as SCHEDULE_COMMANDS
from bot.texts.studio import COMMANDS as STUDIO_COMMANDS

CORE_COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", "welcome and the main menu"),
    CommandInfo("help", "every command with one line each"),
    CommandInfo("stop", "end all subscriptions and reminders, optionally delete your data"),
    CommandInfo("privacy", "what the bot stores and why"),
)

COMMANDS: tuple[CommandInfo, ...] = (
    CORE_COMMANDS + ARTICLE_COMMANDS + SCHEDULE_COMMANDS + POLL_COMMANDS + STUDIO_COMMANDS
)


def public_commands() -> list[CommandInfo]:
    """Commands every listener may use."""
    return [command for command in COMMANDS if not command.admin_only]


def admin_commands() -> list[CommandInfo]:
    """Commands only editors (admins) may use."""
    return [command for command in COMMANDS if command.admin_only]
