"""What one feature adds to the bot, in one object the composition root collects.

A feature's handlers module ends with `FEATURE = Feature(...)`; `bot/runtime/features.py`
lists the features once, in the order their handlers are tried. Everything else follows:
the service is built (after those listed before it) and started, the chat hooks reach it,
the handlers are registered, the jobs are started and the commands appear in /help and in
Telegram's menu.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.core.shared import FeatureService
from bot.texts import CommandInfo
from handlers.context import BotApplication, BotContext
from handlers.services import Services

Handler = BaseHandler[Update, BotContext, Any]


def _no_handlers() -> Sequence[Handler]:
    return ()


@dataclass(frozen=True)
class Feature:
    """A feature's service, handlers, jobs and commands."""

    name: str
    # Builds the feature's service from the core and the services of the features before it.
    service: Callable[[Services], FeatureService] | None = None
    handlers: Callable[[], Sequence[Handler]] = _no_handlers
    # Tried before every feature's `handlers` (same group): a hot path, e.g. poll votes, for
    # updates that no handler listed before it would take (tests/test_handler_order.py).
    front_handlers: Callable[[], Sequence[Handler]] = _no_handlers
    # Handlers in other PTB handler groups, by group (a group runs whatever the others did).
    other_groups: Callable[[], Mapping[int, Sequence[Handler]]] = dict
    # Starts the feature's jobs once every service runs (JobQueue, after post_init).
    start_jobs: Callable[[BotApplication], Awaitable[None]] | None = None
    commands: Sequence[CommandInfo] = ()
