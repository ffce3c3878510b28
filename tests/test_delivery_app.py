"""The whole application delivering through PTB's HTTP stack to the fake Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Update
from telegram.request import HTTPXRequest

from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.messages import Button, OutgoingMessage
from bot.delivery.service import DeliveryService
from bot.runtime import lifecycle
from bot.runtime.app import build_application
from bot.runtime.console.updates import Person, message_update
from bot.runtime.reply_first import ReplyFirstRateLimiter
from handlers.context import BotApplication
from tests.conftest import ADMIN, LISTENER
from tests.fakes.http_bot_api import FakeBotApiServer

GROUP = -4001
SUPERGROUP = -1_000_000_004_001


@pytest.fixture
async def app(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> AsyncIterator[tuple[BotApplication, FakeBotApiServer]]:
    """The application started against the fake HTTP server, with the reply-first limiter."""
    async with FakeBotApiServer() as server:
        server.set_chat_admin(GROUP, ADMIN.id)
        live = settings.model_copy(update={"api_base_url": server.base_url})
        request = HTTPXRequest(connection_pool_size=16)
        application = build_application(live, config, clock=clock, request=request)
        async with lifecycle.running(application):
            services = application.bot_data.services
            assert services is not None
            assert isinstance(application.bot.rate_limiter, ReplyFirstRateLimiter)
            assert application.bot.rate_limiter.budget is services.get(DeliveryService).budget
            yield application, server


async def say(application: BotApplication, person: Person, chat_id: int, text: str) -> None:
    """`person` writes `text` in `chat_id`."""
    payload = message_update(person, chat_id, text)
    await application.process_update(Update.de_json(payload, application.bot))


async def test_subscribe_then_publish_delivers_once_over_http(
    app: tuple[BotApplication, FakeBotApiServer],
) -> None:
    """/subscribe in two chats, then an admin's /publish: each gets the article once over HTTP."""
    application, server = app
    await say(application, LISTENER, LISTENER.id, "/subscribe")
    await say(application, ADMIN, GROUP, "/subscribe belgian army")
    publish = "/publish Soldiers and peace | Would you? | | Belgian Army"
    await say(application, ADMIN, ADMIN.id, publish)
    services = application.bot_data.services
    assert services is not None
    await services.drain(5)
    for chat in (LISTENER.id, GROUP):
        texts = [m.plain_text or "" for m in server.sent_messages(chat)]
        assert sum("Soldiers and peace" in t for t in texts) == 1, texts
    assert server.http_429 == 0


async def test_group_upgraded_during_a_fan_out_gets_the_article_at_its_new_id(
    app: tuple[BotApplication, FakeBotApiServer],
) -> None:
    """A group that becomes a supergroup after a fan-out read its audience still gets the
    article, once, at its new id."""
    application, server = app
    await say(application, ADMIN, GROUP, "/subscribe")
    services = application.bot_data.services
    assert services is not None
    delivery = services.get(DeliveryService)
    server.migrate_chat(GROUP, SUPERGROUP)
    upgraded: list[int] = []

    async def upgrade_meanwhile(article_id: int, language: str | None) -> list[Button]:
        # Called between the fan-out's read of the subscribers and its queueing: the
        # delivery worker meets the upgrade now, on another message to the group.
        if not upgraded:
            upgraded.append(article_id)
            await delivery.enqueue("notice", "n1", OutgoingMessage(text="Hello"), [GROUP])
            await delivery.drain(5)
        return []

    services.get(ArticleService).add_button_provider(upgrade_meanwhile)
    await say(application, ADMIN, ADMIN.id, "/publish Soldiers and peace | Would you?")
    await services.drain(5)
    assert upgraded
    texts = [m.plain_text or "" for m in server.sent_messages(SUPERGROUP)]
    assert texts[:1] == ["Hello"]
    assert sum("Soldiers and peace" in text for text in texts) == 1, texts
