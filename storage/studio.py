"""Repository of the studio: listeners' messages, login links, sessions and the signing key."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.studio_models import StudioMessage


def _message(row: aiosqlite.Row) -> StudioMessage:
    return StudioMessage(
        id=row["id"],
        voter=bytes(row["voter"]),
        airing=row["airing"],
        text=row["text"],
        received_at=row["received_at"],
        first_name=row["first_name"],
        starred=bool(row["starred"]),
        hidden=bool(row["hidden"]),
        read_at=row["read_at"],
    )


_SELECT = (
    "SELECT m.id, m.voter, m.airing, m.text, m.received_at, m.starred, m.hidden, m.read_at,"
    " CASE WHEN l.named = 1 THEN l.first_name END AS first_name"
    " FROM studio_messages AS m LEFT JOIN studio_listeners AS l ON l.voter = m.voter"
)


class StudioRepository:
    """Everything the studio stores."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # Messages --------------------------------------------------------------------------------
    async def add_message(
        self,
        voter: bytes,
        airing: str,
        text: str,
        received_at: float,
        delete_after: float,
        now: datetime,
    ) -> StudioMessage:
        """Store a listener's message (and the listener, unnamed, if new); return it."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO studio_listeners (voter, created_at) VALUES (?, ?)",
                (voter, now.isoformat()),
            )
            cursor = await conn.execute(
                "INSERT INTO studio_messages (voter, airing, text, received_at, delete_after)"
                " VALUES (?, ?, ?, ?, ?)",
                (voter, airing, text, received_at, delete_after),
            )
            message_id = cursor.lastrowid
        found = await self.get(int(message_id or 0))
        assert found is not None
        return found

    async def get(self, message_id: int) -> StudioMessage | None:
        """One message."""
        row = await self._db.fetchone(f"{_SELECT} WHERE m.id = ?", (message_id,))
        return _message(row) if row else None

    async def recent(self, limit: int, *, with_hidden: bool) -> list[StudioMessage]:
        """Messages, starred first, then newest first."""
        where = "" if with_hidden else " WHERE m.hidden = 0"
        rows = await self._db.fetchall(
            f"{_SELECT}{where} ORDER BY m.starred DESC, m.received_at DESC, m.id DESC LIMIT ?",
            (limit,),
        )
        return [_message(row) for row in rows]

    async def sent_by(self, voter: bytes, airing: str) -> tuple[int, float | None]:
        """How many messages the listener sent for the airing, and when they sent the last one."""
        row = await self._db.fetchone(
            "SELECT count(*), max(received_at) FROM studio_messages WHERE voter = ? AND airing = ?",
            (voter, airing),
        )
        if row is None:
            return 0, None
        last = row[1]
        return int(row[0]), float(last) if last is not None else None

    async def last_sent(self, voter: bytes) -> float | None:
        """When the listener last sent a message, whatever the airing."""
        row = await self._db.fetchone(
            "SELECT max(received_at) FROM studio_messages WHERE voter = ?", (voter,)
        )
        return float(row[0]) if row and row[0] is not None else None

    async def set_flag(self, message_id: int, flag: str, value: bool) -> bool:
        """Set `starred` or `hidden`; whether the message exists."""
        if flag not in ("starred", "hidden"):
            msg = f"unknown flag {flag!r}"
            raise ValueError(msg)
        changed = await self._db.execute(
            f"UPDATE studio_messages SET {flag} = ? WHERE id = ?",  # noqa: S608 - checked name
            (int(value), message_id),
        )
        return changed > 0

    async def mark_read(self, message_id: int, at: float | None) -> bool:
        """Mark the message read on air (None: not read); whether it exists."""
        changed = await self._db.execute(
            "UPDATE studio_messages SET read_at = ? WHERE id = ?", (at, message_id)
        )
        return changed > 0

    async def is_named(self, voter: bytes) -> bool:
        """Whether the listener agreed to be named on air."""
        row = await self._db.fetchone(
            "SELECT named FROM studio_listeners WHERE voter = ?", (voter,)
        )
        return bool(row and row[0])

    async def has_listener(self, voter: bytes) -> bool:
        """Whether the listener ever sent a message still stored."""
        row = await self._db.fetchone("SELECT 1 FROM studio_listeners WHERE voter = ?", (voter,))
        return row is not None

    async def set_named(self, voter: bytes, first_name: str | None) -> bool:
        """Name the listener on air with `first_name` (None: never); whether they are known."""
        changed = await self._db.execute(
            "UPDATE studio_listeners SET named = ?, first_name = ? WHERE voter = ?",
            (int(first_name is not None), first_name, voter),
        )
        return changed > 0

    async def forget(self, voter: bytes) -> int:
        """Delete the listener and every message of theirs; how many messages."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM studio_messages WHERE voter = ?", (voter,))
            await conn.execute("DELETE FROM studio_listeners WHERE voter = ?", (voter,))
            return cursor.rowcount

    async def purge(self, now: float) -> int:
        """Delete messages past their retention, listeners left without one, old links and
        sessions; how many messages."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM studio_messages WHERE delete_after <= ?", (now,)
            )
            await conn.execute(
                "DELETE FROM studio_listeners WHERE voter NOT IN"
                " (SELECT voter FROM studio_messages)"
            )
            await conn.execute("DELETE FROM studio_links WHERE expires_at <= ?", (now,))
            await conn.execute("DELETE FROM studio_sessions WHERE expires_at <= ?", (now,))
            return cursor.rowcount

    # Login links and sessions ------------------------------------------------------------------
    async def add_link(self, nonce: str, user_id: int, expires_at: float) -> None:
        """Remember a login link handed out."""
        await self._db.execute(
            "INSERT INTO studio_links (nonce, user_id, expires_at) VALUES (?, ?, ?)",
            (nonce, user_id, expires_at),
        )

    async def use_link(self, nonce: str, now: float) -> int | None:
        """Use a link once: its user if it was handed out, unexpired and unused, else None."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE studio_links SET used_at = ?"
                " WHERE nonce = ? AND used_at IS NULL AND expires_at > ?",
                (now, nonce, now),
            )
            if cursor.rowcount != 1:
                return None
            found = await conn.execute_fetchall(
                "SELECT user_id FROM studio_links WHERE nonce = ?", (nonce,)
            )
            rows = list(found)
            return int(rows[0][0]) if rows else None

    async def add_session(self, id_hash: bytes, user_id: int, expires_at: float) -> None:
        """Start a session."""
        await self._db.execute(
            "INSERT INTO studio_sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)",
            (id_hash, user_id, expires_at),
        )

    async def session_user(self, id_hash: bytes, now: float) -> int | None:
        """The user of a live session, else None."""
        row = await self._db.fetchone(
            "SELECT user_id FROM studio_sessions WHERE id_hash = ? AND expires_at > ?",
            (id_hash, now),
        )
        return int(row[0]) if row else None

    async def end_sessions(self, id_hashes: Iterable[bytes]) -> None:
        """End sessions (log out)."""
        await self._db.executemany(
            "DELETE FROM studio_sessions WHERE id_hash = ?", [(h,) for h in id_hashes]
        )

    async def key(self, name: str, fresh: str) -> str:
        """The stored key `name`, stored as `fresh` first if there is none."""
        await self._db.execute(
            "INSERT OR IGNORE INTO studio_keys (name, value) VALUES (?, ?)", (name, fresh)
        )
        row = await self._db.fetchone("SELECT value FROM studio_keys WHERE name = ?", (name,))
        assert row is not None
        return str(row[0])
