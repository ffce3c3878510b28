"""Repository of subscriptions: which chats want which topics (and keywords)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from datetime import datetime

import aiosqlite

from storage.article_models import Subscription
from storage.db import Database


def _subscription(row: aiosqlite.Row) -> Subscription:
    return Subscription(chat_id=row[0], topic=row[1], keyword=row[2], language=row[3])


class SubscriptionRepository:
    """Per-chat subscriptions; a chat's rows go when the chat is deleted (cascade)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, chat_id: int, topic: str, keyword: str, now: datetime) -> bool:
        """Subscribe; False if the chat already had exactly this subscription."""
        changed = await self._db.execute(
            "INSERT OR IGNORE INTO subscriptions (chat_id, topic, keyword, created_at)"
            " VALUES (?, ?, ?, ?)",
            (chat_id, topic, keyword, now.isoformat()),
        )
        return changed > 0

    async def remove(self, chat_id: int, topic: str | None) -> int:
        """Remove the chat's subscriptions to `topic` (every one when None); return how many."""
        if topic is None:
            return await self._db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return await self._db.execute(
            "DELETE FROM subscriptions WHERE chat_id = ? AND topic = ?", (chat_id, topic)
        )

    async def for_chat(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, everything first, then by topic."""
        rows = await self._db.fetchall(
            "SELECT s.chat_id, s.topic, s.keyword, c.language FROM subscriptions s"
            " JOIN chats c ON c.id = s.chat_id WHERE s.chat_id = ? ORDER BY s.topic, s.keyword",
            (chat_id,),
        )
        return [_subscription(row) for row in rows]

    async def for_topics(self, topics: Sequence[str]) -> AsyncIterator[list[Subscription]]:
        """Active chats' subscriptions to everything or to one of `topics`, chunk by chunk."""
        async for rows in self._db.stream(
            "SELECT s.chat_id, s.topic, s.keyword, c.language FROM subscriptions s"
            " JOIN chats c ON c.id = s.chat_id WHERE c.active = 1"
            " AND (s.topic = '' OR s.topic IN (SELECT value FROM json_each(?)))",
            (json.dumps(list(topics)),),
        ):
            yield [_subscription(row) for row in rows]

    async def count_chats(self) -> int:
        """Number of active chats with at least one subscription."""
        row = await self._db.fetchone(
            "SELECT count(DISTINCT s.chat_id) FROM subscriptions s"
            " JOIN chats c ON c.id = s.chat_id WHERE c.active = 1"
        )
        return int(row[0]) if row else 0

    async def subscriber_chat_ids(self) -> list[int]:
        """Active chats with at least one subscription."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT s.chat_id FROM subscriptions s"
            " JOIN chats c ON c.id = s.chat_id WHERE c.active = 1 ORDER BY s.chat_id"
        )
        return [int(row[0]) for row in rows]
