"""Repository of feeds: their sources, conditional-GET validators, health and schedule."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from storage.article_models import Feed
from storage.db import Database


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _feed(row: aiosqlite.Row) -> Feed:
    return Feed(
        id=row["id"],
        name=row["name"],
        source=row["source"],
        interval_minutes=row["interval_minutes"],
        from_config=bool(row["from_config"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        primed=bool(row["primed"]),
        failures=row["failures"],
        admins_told=bool(row["admins_told"]),
        last_success_at=_when(row["last_success_at"]),
        last_error=row["last_error"],
        last_error_reason=row["last_error_reason"],
        last_error_at=_when(row["last_error_at"]),
        next_poll_at=_when(row["next_poll_at"]),
    )


class FeedRepository:
    """Feeds from the config (seeded at start) and from /addfeed."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def upsert_config_feed(
        self, name: str, source: str, interval_minutes: float, now: datetime
    ) -> None:
        """Insert or refresh a feed of the config file, keeping its state."""
        await self._db.execute(
            "INSERT INTO feeds (name, source, interval_minutes, from_config, created_at)"
            " VALUES (?, ?, ?, 1, ?) ON CONFLICT(source) DO UPDATE SET name = excluded.name,"
            " interval_minutes = excluded.interval_minutes, from_config = 1",
            (name, source, interval_minutes, now.isoformat()),
        )

    async def add(self, name: str, source: str, interval_minutes: float, now: datetime) -> Feed:
        """Add a feed (an /addfeed); an existing source is returned unchanged."""
        await self._db.execute(
            "INSERT OR IGNORE INTO feeds (name, source, interval_minutes, created_at)"
            " VALUES (?, ?, ?, ?)",
            (name, source, interval_minutes, now.isoformat()),
        )
        row = await self._db.fetchone("SELECT * FROM feeds WHERE source = ?", (source,))
        assert row is not None
        return _feed(row)

    async def get(self, feed_id: int) -> Feed | None:
        """One feed by id."""
        row = await self._db.fetchone("SELECT * FROM feeds WHERE id = ?", (feed_id,))
        return _feed(row) if row else None

    async def all(self) -> list[Feed]:
        """Every feed, in the order they were added."""
        return [_feed(row) for row in await self._db.fetchall("SELECT * FROM feeds ORDER BY id")]

    async def due(self, now: datetime) -> list[Feed]:
        """Feeds whose next poll time has come (or that were never polled)."""
        rows = await self._db.fetchall(
            "SELECT * FROM feeds WHERE next_poll_at IS NULL OR next_poll_at <= ? ORDER BY id",
            (now.isoformat(),),
        )
        return [_feed(row) for row in rows]

    async def remove(self, feed_id: int) -> None:
        """Delete a feed; its articles stay."""
        await self._db.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))

    async def record_success(
        self,
        feed_id: int,
        now: datetime,
        next_poll_at: datetime,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        """A poll worked (or the feed did not change): reset the failure streak."""
        await self._db.execute(
            "UPDATE feeds SET primed = 1, failures = 0, admins_told = 0, last_success_at = ?,"
            " next_poll_at = ?, etag = coalesce(?, etag),"
            " last_modified = coalesce(?, last_modified) WHERE id = ?",
            (now.isoformat(), next_poll_at.isoformat(), etag, last_modified, feed_id),
        )

    async def record_failure(
        self,
        feed_id: int,
        reason: str,
        error: str,
        now: datetime,
        next_poll_at: datetime,
        admins_told: bool,
    ) -> None:
        """A poll failed (`reason`: a short key; `error`: the technical detail): one more in
        the streak, the next try later."""
        await self._db.execute(
            "UPDATE feeds SET failures = failures + 1, last_error_reason = ?, last_error = ?,"
            " last_error_at = ?, next_poll_at = ?, admins_told = ? WHERE id = ?",
            (reason, error, now.isoformat(), next_poll_at.isoformat(), int(admins_told), feed_id),
        )
