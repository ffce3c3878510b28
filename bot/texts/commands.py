"""The core feature's commands (each feature lists its own; bot/runtime/features.py gathers)."""

from __future__ import annotations

from bot.texts import CommandInfo

CORE_COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", "welcome and the main menu"),
    CommandInfo("help", "every command with one line each"),
    CommandInfo("stop", "end all subscriptions and reminders, optionally delete your data"),
    CommandInfo("privacy", "what the bot stores and why"),
)
