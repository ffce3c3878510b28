"""One thing sent may be worded per chat (its language), and still reaches each chat once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from storage.chats import ChatRepository
from storage.db import Database
from storage.outbox import OutboxRepository
from tests.conftest import ADMIN

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


async def test_variants_are_stored_apart_and_a_chat_is_queued_once(tmp_path: Path) -> None:
    """English and French wordings are kept apart; a chat queued in one is not queued again."""
    db = await Database.open(tmp_path / "o.sqlite3")
    for chat in (1, 2):
        await ChatRepository(db).record(chat, "private", None, None, NOW)
    outbox = OutboxRepository(db)
    assert await outbox.enqueue("article", "7", '{"text": "Read more"}', [1], NOW, "en") == 1
    assert await outbox.enqueue("article", "7", '{"text": "Lire la suite"}', [2], NOW, "fr") == 1
    assert await outbox.enqueue("article", "7", '{"text": "Lire la suite"}', [1], NOW, "fr") == 0
    assert await outbox.payload("article", "7", "en") == '{"text":"Read more"}'
    assert await outbox.payload("article", "7", "fr") == '{"text":"Lire la suite"}'
    rows = await outbox.claim_due(2e9, 10)
    assert sorted((row.chat_id, row.variant) for row in rows) == [(1, "en"), (2, "fr")]
    await db.close()


async def test_article_reaches_each_chat_in_its_language(harness: BotHarness) -> None:
    """A published article reaches an English and a French chat each in its own language."""
    await harness.say(Person(21, "Ann", "en"), 21, "/subscribe")
    await harness.say(Person(22, "Luc", "fr"), 22, "/subscribe")
    await harness.say(ADMIN, ADMIN.id, "/publish Debate | Text | https://example.org/d | army")
    await harness.services.drain(2)
    [english] = [m for m in harness.api.sent(21) if "Debate" in m.text]
    [french] = [m for m in harness.api.sent(22) if "Debate" in m.text]
    assert english.buttons()[0]["text"] != french.buttons()[0]["text"]
    assert french.buttons()[0]["text"] == "Lire la suite"
