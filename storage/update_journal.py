"""The update journal: updates taken from Telegram and not handled yet, and the offset."""

from __future__ import annotations

from collections.abc import Sequence

from storage.db import Database


class UpdateJournal:
    """Updates fetched from Telegram, kept until handled, and the getUpdates offset."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def next_offset(self) -> int:
        """The offset of the next getUpdates call (0 before the first update)."""
        row = await self._db.fetchone("SELECT next_offset FROM update_offset WHERE id = 1")
        return int(row["next_offset"]) if row else 0

    async def pending(self) -> list[tuple[int, str]]:
        """(update id, JSON payload) of every update not handled yet, oldest first."""
        rows = await self._db.fetchall(
            "SELECT update_id, payload FROM update_journal ORDER BY update_id"
        )
        return [(int(row["update_id"]), str(row["payload"])) for row in rows]

    async def record(self, updates: Sequence[tuple[int, str]], next_offset: int) -> None:
        """Keep these updates and move the offset past them, durably (on disk on return)."""
        async with self._db.transaction(durable=True) as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO update_journal (update_id, payload) VALUES (?, ?)",
                updates,
            )
            await conn.execute(
                "INSERT INTO update_offset (id, next_offset) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET"
                " next_offset = max(next_offset, excluded.next_offset)",
                (next_offset,),
            )

    async def handled(self, update_ids: Sequence[int]) -> None:
        """Forget handled updates."""
        await self._db.executemany(
            "DELETE FROM update_journal WHERE update_id = ?", [(uid,) for uid in update_ids]
        )
