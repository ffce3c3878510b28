"""Typed access to the bot's shared objects from handlers (no string keys)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from telegram.ext import Application, CallbackContext, ExtBot

from bot.articles.service import ArticleService
from bot.base.clock import Clock
from bot.base.settings import Settings
from bot.core.chats import ChatService
from bot.core.config import AppConfig
from bot.core.shared import Core
from bot.delivery.service import DeliveryService
from bot.polls.service import PollService
from bot.schedule.service import ScheduleService
from bot.studio.service import StudioService
from handlers.services import Services


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


class BotData:
    """The application's `bot_data`: the boot objects, then the services `post_init` built."""

    def __init__(self) -> None:
        self.boot: Boot | None = None
        self.services: Services | None = None
        self.web: WebServer | None = None  # the studio page's server, once it listens


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """Callback context with typed properties for each service."""

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

    @property
    def articles(self) -> ArticleService:
        """Articles and subscriptions."""
        return self.services.articles

    @property
    def delivery(self) -> DeliveryService:
        """The outbox and its worker."""
        return self.services.delivery

    @property
    def schedule(self) -> ScheduleService:
        """The show's schedule and reminders."""
        return self.services.schedule

    @property
    def polls(self) -> PollService:
        """Reader polls."""
        return self.services.polls

    @property
    def studio(self) -> StudioService:
        """Listeners' messages to the studio and the studio page."""
        return self.services.studio


BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
