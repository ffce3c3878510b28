"""All services of the bot, built once per process from the core."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.articles.service import ArticleService
from bot.core.chats import ChatService
from bot.core.shared import Core
from bot.delivery.service import DeliveryService
from bot.polls.service import PollService
from bot.schedule.service import ScheduleService
from bot.studio.service import StudioService


@dataclass
class Services:
    """The domain as the handlers see it."""

    core: Core
    chats: ChatService
    delivery: DeliveryService
    articles: ArticleService
    schedule: ScheduleService
    polls: PollService
    studio: StudioService

    @classmethod
    def build(cls, core: Core) -> Services:
        """Wire every feature service on top of the core."""
        delivery = DeliveryService(core)
        articles = ArticleService(core, delivery)
        schedule = ScheduleService(core, delivery)
        polls = PollService(core, delivery, articles)
        studio = StudioService(core, polls, articles, delivery, schedule)
        chats = ChatService(core, [delivery, articles, schedule, polls, studio])
        return cls(core, chats, delivery, articles, schedule, polls, studio)

    @property
    def _features(
        self,
    ) -> tuple[
        DeliveryService | ArticleService | ScheduleService | PollService | StudioService, ...
    ]:
        return (self.delivery, self.articles, self.schedule, self.polls, self.studio)

    async def start(self) -> None:
        """Start every feature's background work."""
        for feature in self._features:
            await feature.start()

    async def stop(self) -> None:
        """Stop every feature's background work, in reverse order."""
        for feature in reversed(self._features):
            await feature.stop()

    async def drain(self, timeout: float) -> None:
        """Wait, within `timeout` seconds overall, for queued outgoing work."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for feature in self._features:
            await feature.drain(max(0.0, deadline - loop.time()))
