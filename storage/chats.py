"""Repository of chats."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import aiosqlite

from storage.db import Database
from storage.models import Chat

_CHUNK = 500  # ids per query, well under SQLite's limit of bound parameters


def _chat(row: aiosqlite.Row) -> Chat:
    return Chat(
        id=row["id"],
        type=row["type"],
        title=row["title"],
        language=row["language"],
        chosen_language=row["chosen_language"],
        timezone=row["timezone"],
        active=bool(row["active"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class ChatRepository:
    """Chats the bot has talked to."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self, chat_id: int, chat_type: str, title: str | None, language: str | None, now: datetime
    ) -> Chat:
        """Insert or refresh a chat, marking it active again; return it. `language` (None:
        keep) never overrides a chosen language."""
        stamp = now.isoformat()
        await self._db.execute(
            "INSERT INTO chats (id, type, title, language, active, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET type = excluded.type, title = excluded.title,"
            " language = coalesce(chats.chosen_language, excluded.language, chats.language),"
            " active = 1, updated_at = excluded.updated_at",
            (chat_id, chat_type, title, language, stamp, stamp),
        )
        chat = await self.get(chat_id)
        assert chat is not None
        return chat

    async def get(self, chat_id: int) -> Chat | None:
        """The chat with this id, if known."""
        row = await self._db.fetchone("SELECT * FROM chats WHERE id = ?", (chat_id,))
        return _chat(row) if row else None

    async def languages(self, chat_ids: Iterable[int]) -> dict[int, str | None]:
        """The stored language of each known chat among `chat_ids` (None: not known)."""
        ids = list(dict.fromkeys(chat_ids))
        found: dict[int, str | None] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows = await self._db.fetchall(
                f"SELECT id, language FROM chats WHERE id IN ({marks})",  # noqa: S608
                chunk,
            )
            found.update((int(row[0]), row[1]) for row in rows)
        return found

    async def set_language(self, chat_id: int, language: str | None) -> None:
        """Set the language pushed messages use (unless the chat chose one); a chat that
        has it already is not written again."""
        await self._db.execute(
            "UPDATE chats SET language = coalesce(chosen_language, :language) WHERE id = :id"
            " AND language IS NOT coalesce(chosen_language, :language)",
            {"language": language, "id": chat_id},
        )

    async def choose_language(self, chat_id: int, chosen: str | None, language: str | None) -> None:
        """Record the chat's chosen language (None: none) and the language it now gets."""
        await self._db.execute(
            "UPDATE chats SET chosen_language = ?, language = coalesce(?, ?, language)"
            " WHERE id = ?",
            (chosen, chosen, language, chat_id),
        )

    async def chosen_languages(self) -> dict[int, str]:
        """Every chat's chosen language (few chats choose one)."""
        rows = await self._db.fetchall(
            "SELECT id, chosen_language FROM chats WHERE chosen_language IS NOT NULL"
        )
        return {int(row[0]): str(row[1]) for row in rows}

    async def record_speaker(
        self, chat_id: int, user_id: int, language: str, now: datetime, keep: int
    ) -> list[str]:
        """Remember the language a group member writes in, keep the `keep` most recent
        speakers, and return their languages, most recent first."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO chat_speakers (chat_id, user_id, language, spoke_at)"
                " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM chats WHERE id = ?)"
                " ON CONFLICT(chat_id, user_id) DO UPDATE SET language = excluded.language,"
                " spoke_at = excluded.spoke_at",
                (chat_id, user_id, language, now.isoformat(), chat_id),
            )
            await conn.execute(
                "DELETE FROM chat_speakers WHERE chat_id = ? AND user_id NOT IN"
                " (SELECT user_id FROM chat_speakers WHERE chat_id = ?"
                " ORDER BY spoke_at DESC LIMIT ?)",
                (chat_id, chat_id, keep),
            )
            cursor = await conn.execute(
                "SELECT language FROM chat_speakers WHERE chat_id = ? ORDER BY spoke_at DESC",
                (chat_id,),
            )
            rows = await cursor.fetchall()
        return [str(row[0]) for row in rows]

    async def speaker_languages(self, chat_id: int) -> list[str]:
        """The languages of a group's recent speakers, most recent first."""
        rows = await self._db.fetchall(
            "SELECT language FROM chat_speakers WHERE chat_id = ? ORDER BY spoke_at DESC",
            (chat_id,),
        )
        return [str(row[0]) for row in rows]

    async def forget_speaker(self, user_id: int) -> None:
        """Forget which language a user writes in, in every group."""
        await self._db.execute("DELETE FROM chat_speakers WHERE user_id = ?", (user_id,))

    async def set_timezone(self, chat_id: int, timezone: str | None) -> None:
        """Remember the chat's time zone (None: back to the show's)."""
        await self._db.execute("UPDATE chats SET timezone = ? WHERE id = ?", (timezone, chat_id))

    async def set_active(self, chat_id: int, active: bool) -> None:
        """Mark a chat active or inactive (blocked, kicked)."""
        await self._db.execute("UPDATE chats SET active = ? WHERE id = ?", (int(active), chat_id))

    async def count(self, *, active_only: bool = False) -> int:
        """Number of known chats."""
        where = " WHERE active = 1" if active_only else ""
        row = await self._db.fetchone(f"SELECT count(*) FROM chats{where}")  # noqa: S608
        return int(row[0]) if row else 0

    async def delete(self, chat_id: int) -> None:
        """Delete the chat; chat-owned rows go with it (ON DELETE CASCADE)."""
        await self._db.execute("DELETE FROM chats WHERE id = ?", (chat_id,))

    async def migrate_id(self, old_id: int, new_id: int) -> None:
        """Move a group to its supergroup id for good; nothing of the supergroup is lost.

        The group's rows follow it (ON UPDATE CASCADE). When the bot already knew the
        supergroup, the group's rows join the supergroup's own (which win a clash) and the
        group's chat row goes. The old id is remembered (see `OutboxRepository.enqueue`), and
        moving again (an upgrade met once more by a row in flight) changes nothing.
        """
        if old_id == new_id:
            return
        async with self._db.transaction() as conn:
            known = await _known(conn, (old_id, new_id))
            if old_id in known and new_id in known:
                await _merge(conn, old_id, new_id)
            elif old_id in known:
                await conn.execute(
                    "UPDATE chats SET id = ?, type = 'supergroup' WHERE id = ?", (new_id, old_id)
                )
            elif new_id not in known:
                return  # neither is known: nothing to move, nothing to lead to
            await conn.execute(
                "INSERT INTO chat_migrations (old_id, new_id) VALUES (?, ?)"
                " ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id",
                (old_id, new_id),
            )


async def _known(conn: aiosqlite.Connection, chat_ids: Sequence[int]) -> set[int]:
    """Which of these chats have a row."""
    marks = ", ".join("?" * len(chat_ids))
    sql = f"SELECT id FROM chats WHERE id IN ({marks})"  # noqa: S608
    async with conn.execute(sql, chat_ids) as cursor:
        return {int(row[0]) for row in await cursor.fetchall()}


async def _merge(conn: aiosqlite.Connection, old_id: int, new_id: int) -> None:
    """Give the old chat's rows to the new one (unless it has the same), then delete it."""
    async with conn.execute(
        'SELECT m.name, f."from" FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f'
        ' WHERE m.type = ? AND f."table" = ?',
        ("table", "chats"),
    ) as cursor:
        owned = [(str(row[0]), str(row[1])) for row in await cursor.fetchall()]
    for table, column in owned:
        await conn.execute(
            f'UPDATE OR IGNORE "{table}" SET "{column}" = ? WHERE "{column}" = ?',  # noqa: S608
            (new_id, old_id),
        )
    await conn.execute(
        "UPDATE chats SET type = 'supergroup',"
        " language = coalesce(language, (SELECT language FROM chats WHERE id = :old)),"
        " timezone = coalesce(timezone, (SELECT timezone FROM chats WHERE id = :old))"
        " WHERE id = :new",
        {"old": old_id, "new": new_id},
    )
    await conn.execute("DELETE FROM chats WHERE id = ?", (old_id,))
