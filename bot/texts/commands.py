"""The core feature's commands (each feature lists its own; bot/runtime/features.py gathers)."""

from __future__ import annotations

from bot.texts import N_, CommandInfo

CORE_COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", N_("welcome and the main menu")),
    CommandInfo("help", N_("every command with one line each")),
    CommandInfo("stop", N_("end all subscriptions and reminders, optionally delete your data")),
    CommandInfo("privacy", N_("what the bot stores and why")),
    CommandInfo("language", N_("the language of this chat: /language fr, nl or en")),
)
