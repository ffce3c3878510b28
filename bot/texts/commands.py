"""The command list shown by /help and registered with Telegram; features add theirs here."""

from __future__ import annotations

from typing import NamedTuple


class CommandInfo(NamedTuple):
    """One command with its one-line description."""

    name: str
    description: str
    admin_only: bool = False


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", "welcome and the main menu"),
    CommandInfo("help", "every command with one line each"),
    CommandInfo("stop", "end all subscriptions and reminders, optionally delete your data"),
    CommandInfo("privacy", "what the bot stores and why"),
)


def public_commands() -> list[CommandInfo]:
    """Commands every listener may use."""
    return [command for command in COMMANDS if not command.admin_only]


def admin_commands() -> list[CommandInfo]:
    """Commands only editors (admins) may use."""
    return [command for command in COMMANDS if command.admin_only]
