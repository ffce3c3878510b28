"""Telegram handlers of the articles feature (placeholder until its issue is built)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.context import BotApplication, BotContext


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The articles feature's handlers, in the order they must be tried."""
    return []


async def on_startup(application: BotApplication) -> None:
    """Schedule the articles feature's jobs once the services exist."""
