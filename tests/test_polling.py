"""Polling with durable acknowledgements: updates confirmed to Telegram are journaled first,
a journaled update is handled after a crash, and a slow update holds back no other."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler
from telegram.request import HTTPXRequest

from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.runtime import polling
from bot.runtime.app import build_application
from bot.runtime.backoff import Backoff
from bot.runtime.console.updates import message_update
from handlers.context import BotApplication, BotContext
from storage.db import Database
from storage.update_journal import UpdateJournal
from tests.conftest import LISTENER
from tests.fakes.http_bot_api import FakeBotApiServer

NO_WAIT = Backoff(first=0.0, cap=0.0)


@asynccontextmanager
async def polling_bot(
    settings: Settings, config: AppConfig, server: FakeBotApiServer, *handlers: Any
) -> AsyncIterator[BotApplication]:
    """`radiobot run` in polling mode against the fake server, until the block ends."""
    live = settings.model_copy(update={"api_base_url": server.base_url})
    application = build_application(live, config, request=HTTPXRequest())
    for group, handler in handlers:
        application.add_handler(handler, group=group)
    stop = asyncio.Event()
    running = asyncio.create_task(polling.serve(application, stop, NO_WAIT))
    try:
        yield application
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)


async def test_a_journaled_update_is_handled_at_the_next_start(
    settings: Settings, config: AppConfig
) -> None:
    """An update taken from Telegram by a process that died before handling it is handled
    when the bot starts again, and leaves the journal."""
    db = await Database.open(settings.db)
    payload = message_update(LISTENER, LISTENER.id, "/privacy")
    await UpdateJournal(db).record([(payload["update_id"], json.dumps(payload))], 1_000)
    await db.close()
    async with FakeBotApiServer() as server:
        async with polling_bot(settings, config, server):
            await server.until_polling()
        replies = [m.text for m in server.sent_messages(LISTENER.id)]
        first_offset = server.calls_for("getUpdates")[0].params.get("offset") or 0
    assert any("What I store" in (text or "") for text in replies)
    db = await Database.open(settings.db)
    assert await UpdateJournal(db).pending() == []
    await db.close()
    assert int(first_offset) == 1_000  # Telegram is not asked for what was journaled


async def test_a_slow_update_holds_back_no_other(settings: Settings, config: AppConfig) -> None:
    """While one update's handler waits (a DNS check, getChatMember), later updates from
    other chats are handled and confirmed to Telegram."""
    gate = asyncio.Event()
    handled = {6: asyncio.Event(), 7: asyncio.Event()}

    async def slow(update: Update, _context: BotContext) -> None:
        if update.effective_chat and update.effective_chat.id == 5:
            await gate.wait()
            raise ApplicationHandlerStop

    async def note(update: Update, _context: BotContext) -> None:
        chat = update.effective_chat
        if chat is not None and chat.id in handled:
            handled[chat.id].set()

    async with FakeBotApiServer() as server:
        server.push_text(5, "slow one")
        second = server.push_text(6, "/privacy")
        handlers = ((-100, TypeHandler(Update, slow)), (100, TypeHandler(Update, note)))
        async with polling_bot(settings, config, server, *handlers):
            await asyncio.wait_for(handled[6].wait(), 10)
            await server.until_polling()
            server.push_text(7, "/privacy")  # answers the waiting getUpdates call
            await asyncio.wait_for(handled[7].wait(), 10)
            offsets = [int(c.params.get("offset") or 0) for c in server.calls_for("getUpdates")]
            assert not gate.is_set()  # the slow one is still being handled
            gate.set()
    assert offsets[-1] == second["update_id"] + 1  # asked while the slow one ran: past it


async def test_network_loss_while_polling_logs_one_line_at_each_end(
    settings: Settings, config: AppConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """getUpdates failing several times in a row gives one warning when contact is lost and
    one when it is back, and no traceback."""
    handled = asyncio.Event()

    async def note(_update: Update, _context: BotContext) -> None:
        handled.set()

    async with FakeBotApiServer() as server:
        server.fail_next("getUpdates", 502, "Bad Gateway", times=4)
        with caplog.at_level(logging.WARNING):
            async with polling_bot(settings, config, server, (100, TypeHandler(Update, note))):
                await server.until_polling()
                server.push_text(6, "/privacy")  # the waiting call returns: contact is back
                await asyncio.wait_for(handled.wait(), 10)
    lines = [r.getMessage() for r in caplog.records if "contact" in r.getMessage()]
    assert len(lines) == 2
    assert "lost contact" in lines[0]
    assert "back" in lines[1]
    assert all(r.exc_info is None for r in caplog.records)
