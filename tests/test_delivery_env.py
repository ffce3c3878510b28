"""A delivery service wired to the fake Bot API HTTP server, for the delivery tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from telegram.ext import ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.shared import Core
from bot.delivery.config import DeliveryConfig
from bot.delivery.limiter import SendBudget
from bot.delivery.service import DeliveryService
from bot.runtime.reply_first import ReplyFirstRateLimiter
from handlers.telegram_port import PtbTelegramPort
from storage.db import Database
from tests.fakes.http_bot_api import FakeBotApiServer

TOKEN = "123456:fake"
FAST_RETRIES = {"retry_base_s": 0.01, "retry_max_s": 0.05}


@dataclass
class DeliveryEnv:
    """The pieces a delivery test looks at."""

    server: FakeBotApiServer
    core: Core
    delivery: DeliveryService
    bot: ExtBot[None]

    async def add_chats(self, chat_ids: Iterable[int]) -> None:
        """Known chats (subscribers exist as chats before anything is queued)."""
        now = self.core.clock.now()
        for chat_id in chat_ids:
            kind = "private" if chat_id > 0 else "group"
            await self.core.chats.record(chat_id, kind, None, None, now)

    def received(self, chat_id: int) -> list[str]:
        """Texts (as shown, without markup) the server accepted for a chat."""
        return [m.plain_text or "" for m in self.server.sent_messages(chat_id)]


@asynccontextmanager
async def open_service(
    server: FakeBotApiServer,
    db_path: Path,
    config: AppConfig,
    clock: FixedClock,
    delivery: DeliveryConfig | None = None,
    request: BaseRequest | None = None,
) -> AsyncIterator[DeliveryEnv]:
    """A started delivery service on `db_path` sending through PTB's HTTP stack (`request`,
    by default PTB's HTTPXRequest)."""
    app_config = config.model_copy(update={"delivery": delivery or DeliveryConfig(**FAST_RETRIES)})
    budget = SendBudget(app_config.delivery)
    limiter = ReplyFirstRateLimiter(budget)
    bot: ExtBot[None] = ExtBot(
        TOKEN,
        base_url=server.base_url,
        request=request or HTTPXRequest(connection_pool_size=64, read_timeout=2.0),
        rate_limiter=limiter,
    )
    await bot.initialize()
    settings = Settings(_env_file=None, db=db_path)
    db = await Database.open(db_path)
    core = Core(settings, app_config, clock, db, PtbTelegramPort(bot), budget)
    service = DeliveryService(core)
    await service.start()
    try:
        yield DeliveryEnv(server, core, service, bot)
    finally:
        await service.stop()
        await db.close()
        await bot.shutdown()
