"""Repository of articles: storing feed batches once, reading the latest, searching, tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import aiosqlite

from storage.article_models import (
    Article,
    ArticleDraft,
    PendingFanout,
    StoreResult,
    TopicCount,
)
from storage.db import Database

TAG_SEPARATOR = "|"
_CHUNK = 500  # SQLite's host parameter limit is far above this; keeps statements small


def _article(row: aiosqlite.Row) -> Article:
    tags = row["tags"]
    return Article(
        id=row["id"],
        feed_id=row["feed_id"],
        guid=row["guid"],
        link=row["link"],
        title=row["title"],
        summary=row["summary"],
        summary_html=row["summary_html"],
        tags=tuple(tags.split(TAG_SEPARATOR)) if tags else (),
        published_at=datetime.fromisoformat(row["published_at"]),
    )


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class ArticleRepository:
    """Articles, stored once each, with their tags and full-text index."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def store(
        self,
        drafts: Sequence[ArticleDraft],
        feed_id: int | None,
        now: datetime,
        *,
        announce: bool = False,
        breaking_editor: int | None = None,
    ) -> StoreResult:
        """Insert new drafts, update changed ones (same key), leave the rest; one transaction.

        With `announce`, new articles are marked as waiting for their fan-out in the same
        transaction, so a crash before they are queued cannot lose them; with
        `breaking_editor` too, as breaking news that editor published (a paid broadcast).
        """
        unique: dict[str, ArticleDraft] = {}
        for draft in drafts:
            unique.setdefault(draft.dedup_key, draft)
        keys = list(unique)
        stamp = now.isoformat()
        async with self._db.transaction() as conn:
            known: dict[str, tuple[int, str]] = {}
            for chunk in _chunks(keys):
                marks = ",".join("?" * len(chunk))
                query = (
                    f"SELECT id, dedup_key, content_hash FROM articles WHERE dedup_key IN ({marks})"  # noqa: S608
                )
                cursor = await conn.execute(query, chunk)
                for row in await cursor.fetchall():
                    known[row[1]] = (row[0], row[2])
            fresh = [unique[key] for key in keys if key not in known]
            changed = [
                (known[key][0], unique[key])
                for key in keys
                if key in known and known[key][1] != unique[key].content_hash
            ]
            await conn.executemany(
                "INSERT INTO articles (feed_id, dedup_key, guid, link, title, summary,"
                " summary_html, tags, content_hash, published_at, created_at, updated_at,"
                " fanout_pending, fanout_editor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        feed_id, d.dedup_key, d.guid, d.link, d.title, d.summary, d.summary_html,
                        TAG_SEPARATOR.join(d.tags), d.content_hash, d.published_at.isoformat(),
                        stamp, stamp, int(announce), breaking_editor if announce else None,
                    )
                    for d in fresh
                ],
            )  # fmt: skip
            await conn.executemany(
                "UPDATE articles SET guid = ?, link = ?, title = ?, summary = ?, summary_html = ?,"
                " tags = ?, content_hash = ?, updated_at = ? WHERE id = ?",
                [
                    (
                        d.guid, d.link, d.title, d.summary, d.summary_html,
                        TAG_SEPARATOR.join(d.tags), d.content_hash, stamp, article_id,
                    )
                    for article_id, d in changed
                ],
            )  # fmt: skip
            await conn.executemany(
                "DELETE FROM article_tags WHERE article_id = ?",
                [(article_id,) for article_id, _ in changed],
            )
            await conn.executemany(
                "INSERT OR IGNORE INTO article_tags (article_id, tag)"
                " SELECT id, ? FROM articles WHERE dedup_key = ?",
                [
                    (tag, d.dedup_key)
                    for d in [*fresh, *(draft for _, draft in changed)]
                    for tag in d.tags
                ],
            )
            new_rows: list[aiosqlite.Row] = []
            for chunk in _chunks([d.dedup_key for d in fresh]):
                marks = ",".join("?" * len(chunk))
                cursor = await conn.execute(
                    f"SELECT * FROM articles WHERE dedup_key IN ({marks}) ORDER BY id",  # noqa: S608
                    chunk,
                )
                new_rows.extend(await cursor.fetchall())
        return StoreResult(
            new=tuple(_article(row) for row in new_rows),
            updated=len(changed),
            unchanged=len(keys) - len(fresh) - len(changed),
        )

    async def update_content(self, article_id: int, draft: ArticleDraft, now: datetime) -> bool:
        """Replace a stored article's title, text, link and tags (its key and date stay);
        False when there is no such article."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE articles SET link = ?, title = ?, summary = ?, summary_html = ?,"
                " tags = ?, content_hash = ?, updated_at = ? WHERE id = ?",
                (
                    draft.link, draft.title, draft.summary, draft.summary_html,
                    TAG_SEPARATOR.join(draft.tags), draft.content_hash, now.isoformat(),
                    article_id,
                ),
            )  # fmt: skip
            if cursor.rowcount == 0:
                return False
            await conn.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
            await conn.executemany(
                "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?, ?)",
                [(article_id, tag) for tag in draft.tags],
            )
        return True

    async def fanout_pending(self) -> list[PendingFanout]:
        """Articles stored for announcing whose fan-out did not finish, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM articles WHERE fanout_pending = 1 ORDER BY published_at, id"
        )
        return [
            PendingFanout(article=_article(row), breaking_editor=row["fanout_editor"])
            for row in rows
        ]

    async def fanout_done(self, article_ids: Sequence[int]) -> None:
        """Mark articles as queued for (or deliberately not sent to) their subscribers."""
        await self._db.executemany(
            "UPDATE articles SET fanout_pending = 0 WHERE id = ?", [(i,) for i in article_ids]
        )

    async def get(self, article_id: int) -> Article | None:
        """One article by id."""
        row = await self._db.fetchone("SELECT * FROM articles WHERE id = ?", (article_id,))
        return _article(row) if row else None

    async def by_key(self, dedup_key: str) -> Article | None:
        """The article stored under this guid/link/hash key."""
        row = await self._db.fetchone("SELECT * FROM articles WHERE dedup_key = ?", (dedup_key,))
        return _article(row) if row else None

    async def latest(self, limit: int) -> list[Article]:
        """The newest articles first (uses the date index)."""
        rows = await self._db.fetchall(
            "SELECT * FROM articles ORDER BY published_at DESC, id DESC LIMIT ?", (limit,)
        )
        return [_article(row) for row in rows]

    async def search(self, match: str, limit: int) -> list[Article]:
        """Articles matching an FTS5 query built by the caller from quoted words only."""
        rows = await self._db.fetchall(
            "SELECT a.* FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY articles_fts.rank, a.published_at DESC LIMIT ?",
            (match, limit),
        )
        return [_article(row) for row in rows]

    async def topics(self, limit: int) -> list[TopicCount]:
        """Known tags with their article counts, the most used first."""
        rows = await self._db.fetchall(
            "SELECT tag, count(*) AS n FROM article_tags GROUP BY tag ORDER BY n DESC, tag LIMIT ?",
            (limit,),
        )
        return [TopicCount(tag=row["tag"], count=row["n"]) for row in rows]

    async def count(self) -> int:
        """Number of stored articles."""
        row = await self._db.fetchone("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0
