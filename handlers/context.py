"""Typed access to the bot's shared objects from handlers (no string keys)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from telegram.ext import Application, CallbackContext, ExtBot

from bot.base.clock import Clock
from bot.base.settings import Settings
from bot.core.chats import ChatService
from bot.core.config import AppConfig
from bot.core.shared import Core
from bot.delivery.limiter import SendBudget
from bot.texts import CommandInfo
from handlers.services import Services

S = TypeVar("S")


class WebServer(Protocol):
    """A web server the runtime runs beside the bot (the studio page)."""

    port: int

    async def stop(self) -> None:
        """Stop serving."""
        ...


@dataclass(frozen=True)
class Boot:
    """What the application is built from, before the database is open."""

    settings: Settings
    config: AppConfig
    clock: Clock
    send_budget: SendBudget


class BotData:
    """The application's `bot_data`: the boot objects and commands, then the services
    `post_init` built."""

    def __init__(self) -> None:
        self.boot: Boot | None = None
        self.commands: tuple[CommandInfo, ...] = ()  # every feature's, in /help's order
        self.services: Services | None = None
        self.web: WebServer | None = None  # the studio page's server, once it listens


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """Callback context with typed access to the core, the chats and each feature's service."""

    @property
    def services(self) -> Services:
        """Every domain service; raises if the application was not started."""
        services = self.bot_data.services
        if services is None:
            msg = "services are not ready: post_init has not run"
            raise RuntimeError(msg)
        return services

    @property
    def core(self) -> Core:
        """Settings, config, clock and database."""
        return self.services.core

    @property
    def chats(self) -> ChatService:
        """Chats the bot talks to."""
        return self.services.chats

    def service(self, kind: type[S]) -> S:
        """The running service of this class, e.g. `context.service(ArticleService)`."""
        return self.services.get(kind)


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
