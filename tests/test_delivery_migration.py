"""A group upgraded to a supergroup: its old id keeps leading to it, and moving it again, or
onto a supergroup the bot already knew, loses nothing of the supergroup."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.base.clock import FixedClock
from bot.core.config import AppConfig
from bot.core.messages import OutgoingMessage
from bot.delivery.config import DeliveryConfig
from storage.chats import ChatRepository
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.subscriptions import SubscriptionRepository
from tests.fakes.http_bot_api import FakeBotApiServer
from tests.test_delivery_env import FAST_RETRIES, DeliveryEnv, open_service

GROUP, SUPERGROUP = -100, -1001234567890
NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
NEWS = OutgoingMessage(text="Tonight at six: your calls")


@pytest.fixture
async def env(tmp_path: Path, config: AppConfig, clock: FixedClock) -> AsyncIterator[DeliveryEnv]:
    """A started delivery service against the fake Bot API, the group known to the bot."""
    fast = DeliveryConfig(overall_per_s=1000, per_chat_per_s=1000, **FAST_RETRIES)
    async with (
        FakeBotApiServer() as server,
        open_service(server, tmp_path / "bot.sqlite3", config, clock, fast) as running,
    ):
        await running.add_chats([GROUP])
        yield running


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated database with the group, subscribed to everything."""
    database = await Database.open(tmp_path / "chats.sqlite3")
    await ChatRepository(database).record(GROUP, "group", "Studio", "fr", NOW)
    await SubscriptionRepository(database).add(GROUP, "", "", NOW)
    yield database
    await database.close()


async def chat_rows(db: Database, chat_id: int) -> tuple[list[str], list[str]]:
    """The chat's subscribed topics and its outbox refs."""
    topics = await db.fetchall("SELECT topic FROM subscriptions WHERE chat_id = ?", (chat_id,))
    refs = await db.fetchall("SELECT ref FROM outbox WHERE chat_id = ? ORDER BY ref", (chat_id,))
    return sorted(row[0] for row in topics), [row[0] for row in refs]


async def test_a_message_queued_for_the_old_id_reaches_the_supergroup(env: DeliveryEnv) -> None:
    """A message queued for the group's old id after the upgrade goes to the supergroup."""
    env.server.migrate_chat(GROUP, SUPERGROUP)
    await env.delivery.enqueue("article", "a1", NEWS, [GROUP])
    await env.delivery.drain(5)
    assert await env.delivery.enqueue("article", "a2", NEWS, [GROUP]) == 1
    await env.delivery.drain(5)
    assert env.received(SUPERGROUP) == [NEWS.text, NEWS.text]
    rows = await env.core.db.fetchall("SELECT chat_id, status FROM outbox ORDER BY ref")
    assert [tuple(row) for row in rows] == [(SUPERGROUP, "sent"), (SUPERGROUP, "sent")]


async def test_moving_again_keeps_the_supergroup(db: Database) -> None:
    """A second upgrade seen for the old id (a row in flight) deletes nothing of the supergroup."""
    chats, outbox = ChatRepository(db), OutboxRepository(db)
    await chats.migrate_id(GROUP, SUPERGROUP)
    await outbox.enqueue("article", "a1", NEWS.model_dump_json(), [SUPERGROUP], NOW)
    await chats.migrate_id(GROUP, SUPERGROUP)
    moved = await chats.get(SUPERGROUP)
    assert moved is not None
    assert (moved.type, moved.language, moved.active) == ("supergroup", "fr", True)
    assert await chat_rows(db, SUPERGROUP) == ([""], ["a1"])
    assert await chats.get(GROUP) is None


async def test_moving_onto_a_known_supergroup_merges_their_rows(db: Database) -> None:
    """When the bot already knew the supergroup, the group's rows join the supergroup's own."""
    chats, outbox = ChatRepository(db), OutboxRepository(db)
    await chats.record(SUPERGROUP, "supergroup", "Studio", None, NOW)
    await SubscriptionRepository(db).add(SUPERGROUP, "sport", "", NOW)
    await outbox.enqueue("article", "a1", NEWS.model_dump_json(), [GROUP, SUPERGROUP], NOW)
    await outbox.enqueue("article", "a2", NEWS.model_dump_json(), [SUPERGROUP], NOW)
    await outbox.enqueue("article", "a3", NEWS.model_dump_json(), [GROUP], NOW)
    await chats.migrate_id(GROUP, SUPERGROUP)
    assert await chat_rows(db, SUPERGROUP) == (["", "sport"], ["a1", "a2", "a3"])
    assert await chat_rows(db, GROUP) == ([], [])
    assert await chats.get(GROUP) is None
    moved = await chats.get(SUPERGROUP)
    assert moved is not None
    assert (moved.type, moved.language) == ("supergroup", "fr")
