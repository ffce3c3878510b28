"""Repository of reminders before airings."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.schedule_models import Reminder

_SELECT = (
    "SELECT r.chat_id, r.minutes, r.last_airing, r.created_at, c.language, c.timezone"
    " FROM reminders r JOIN chats c ON c.id = r.chat_id"
)


def _reminder(row: aiosqlite.Row) -> Reminder:
    return Reminder(
        chat_id=row["chat_id"],
        minutes=row["minutes"],
        last_airing=row["last_airing"],
        created_at=datetime.fromisoformat(row["created_at"]),
        language=row["language"],
        timezone=row["timezone"],
    )


class ReminderRepository:
    """Reminders, one per chat."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(self, chat_id: int, minutes: int, now: datetime) -> None:
        """Create or change the chat's reminder (the chat row must exist)."""
        await self._db.execute(
            "INSERT INTO reminders (chat_id, minutes, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(chat_id) DO UPDATE SET minutes = excluded.minutes",
            (chat_id, minutes, now.isoformat()),
        )

    async def delete(self, chat_id: int) -> bool:
        """Remove the chat's reminder; whether there was one."""
        return await self._db.execute("DELETE FROM reminders WHERE chat_id = ?", (chat_id,)) > 0

    async def get(self, chat_id: int) -> Reminder | None:
        """The chat's reminder, if any."""
        row = await self._db.fetchone(f"{_SELECT} WHERE r.chat_id = ?", (chat_id,))
        return _reminder(row) if row else None

    async def active(self) -> list[Reminder]:
        """Reminders of chats still active (not blocked, not stopped)."""
        rows = await self._db.fetchall(f"{_SELECT} WHERE c.active = 1 ORDER BY r.chat_id")
        return [_reminder(row) for row in rows]

    async def mark_sent(self, chat_id: int, airing_ref: str) -> bool:
        """Record the airing as reminded; False if it already was (another run got there)."""
        changed = await self._db.execute(
            "UPDATE reminders SET last_airing = ? WHERE chat_id = ?"
            " AND (last_airing IS NULL OR last_airing <> ?)",
            (airing_ref, chat_id, airing_ref),
        )
        return changed > 0
