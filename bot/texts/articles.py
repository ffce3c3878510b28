"""User-facing texts of the articles feature."""

from __future__ import annotations

from bot.texts import CommandInfo

COMMANDS: tuple[CommandInfo, ...] = ()
