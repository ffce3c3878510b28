"""Repository of polls, their (hashed) votes, the messages showing them, and the vote secret."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache

import aiosqlite

from storage.db import Database
from storage.poll_models import Poll, PollMessage, PollStatus, PollTally

VoterOptions = Mapping[tuple[int, bytes], frozenset[int]]
_MAX_VARIABLES = 500  # voters per IN (...) query, well under SQLite's limit
_CHANGES_PER_STATEMENT = _MAX_VARIABLES // 6  # rows of poll_vote_changes per INSERT


def _store_changes(count: int) -> str:
    """The INSERT of `count` rows into poll_vote_changes (only placeholders are formatted)."""
    marks = ", ".join(["(?, ?, ?, ?, ?, ?)"] * count)
    return (
        "INSERT INTO poll_vote_changes"  # noqa: S608
        f" (poll_id, voter, options, language, press_ids, stored_at) VALUES {marks}"
    )


@lru_cache(maxsize=1024)  # a batch has a row per voter, with one of a few option sets
def _options_json(options: frozenset[int]) -> str:
    return json.dumps(sorted(options))


def _presses_json(press_ids: Sequence[str]) -> str:
    """The presses as a JSON list; Telegram's ids are digits, which need no escaping."""
    if len(press_ids) == 1 and press_ids[0].isdigit():
        return f'["{press_ids[0]}"]'
    return json.dumps(list(press_ids))


def _flat(rows: Sequence[tuple[object, ...]]) -> list[object]:
    return [value for row in rows for value in row]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _poll(row: aiosqlite.Row) -> Poll:
    return Poll(
        id=row["id"],
        question=row["question"],
        options=tuple(json.loads(row["options"])),
        multiple=bool(row["multiple"]),
        status=PollStatus(row["status"]),
        opens_at=_when(row["opens_at"]),
        closes_at=_when(row["closes_at"]),
        article_id=row["article_id"],
        creator=row["creator"],
        seed_key=row["seed_key"],
        created_at=datetime.fromisoformat(row["created_at"]),
        closed_at=_when(row["closed_at"]),
    )


class PollRepository:
    """Polls and votes; voters are opaque keyed hashes, never Telegram ids."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # Polls -----------------------------------------------------------------------------------
    async def create(
        self,
        question: str,
        options: Iterable[str],
        *,
        multiple: bool,
        status: PollStatus,
        created_at: datetime,
        opens_at: datetime | None = None,
        closes_at: datetime | None = None,
        article_id: str | None = None,
        creator: int | None = None,
        seed_key: str | None = None,
    ) -> Poll:
        """Insert a poll and return it."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO polls (question, options, multiple, status, opens_at, closes_at,"
                " article_id, creator, seed_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question,
                    json.dumps(list(options), ensure_ascii=False),
                    int(multiple),
                    status.value,
                    _stamp(opens_at),
                    _stamp(closes_at),
                    article_id,
                    creator,
                    seed_key,
                    created_at.isoformat(),
                ),
            )
            poll_id = cursor.lastrowid
        poll = await self.get(int(poll_id or 0))
        assert poll is not None
        return poll

    async def get(self, poll_id: int) -> Poll | None:
        """The poll with this id."""
        row = await self._db.fetchone("SELECT * FROM polls WHERE id = ?", (poll_id,))
        return _poll(row) if row else None

    async def all(self) -> list[Poll]:
        """Every poll, newest first."""
        return [
            _poll(row) for row in await self._db.fetchall("SELECT * FROM polls ORDER BY id DESC")
        ]

    async def with_status(self, status: PollStatus) -> list[Poll]:
        """Polls in one status, newest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM polls WHERE status = ? ORDER BY id DESC", (status.value,)
        )
        return [_poll(row) for row in rows]

    async def for_article(self, article_id: str) -> list[Poll]:
        """Polls linked to an article, newest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM polls WHERE article_id = ? ORDER BY id DESC", (article_id,)
        )
        return [_poll(row) for row in rows]

    async def seed_exists(self, seed_key: str) -> bool:
        """Whether the config seed with this key was already created."""
        row = await self._db.fetchone("SELECT 1 FROM polls WHERE seed_key = ?", (seed_key,))
        return row is not None

    async def set_status(
        self,
        poll_id: int,
        status: PollStatus,
        *,
        closes_at: datetime | None = None,
        closed_at: datetime | None = None,
    ) -> None:
        """Move a poll to `status` (keeping its closing time unless one is given)."""
        await self._db.execute(
            "UPDATE polls SET status = ?, closes_at = coalesce(?, closes_at), closed_at = ?"
            " WHERE id = ?",
            (status.value, _stamp(closes_at), _stamp(closed_at), poll_id),
        )

    # Votes -----------------------------------------------------------------------------------
    async def choices_of(
        self, poll_id: int, voters: Iterable[bytes]
    ) -> dict[bytes, frozenset[int]]:
        """The stored options of some voters in a poll (voters without a vote are left out)."""
        wanted = list(voters)
        chosen: dict[bytes, set[int]] = {}
        for start in range(0, len(wanted), _MAX_VARIABLES):
            part = wanted[start : start + _MAX_VARIABLES]
            marks = ", ".join("?" * len(part))
            rows = await self._db.fetchall(  # only placeholders are formatted in
                f"SELECT voter, option FROM poll_votes WHERE poll_id = ? AND voter IN ({marks})",  # noqa: S608
                (poll_id, *part),
            )
            for row in rows:
                chosen.setdefault(bytes(row[0]), set()).add(int(row[1]))
        return {voter: frozenset(options) for voter, options in chosen.items()}

    async def replace_votes(
        self,
        changes: VoterOptions,
        press_ids: Mapping[tuple[int, bytes], Sequence[str]] | None = None,
        now: float = 0.0,
        languages: Mapping[tuple[int, bytes], str] | None = None,
    ) -> None:
        """Set each (poll, voter)'s options, all in one transaction (empty: no vote), with
        the language of the copy voted on, and record the presses that made each change
        (`now`: Unix seconds). A batch of up to 83 voters is one statement (migration 0017)."""
        press_ids, languages = press_ids or {}, languages or {}
        rows = [
            (
                poll_id,
                voter,
                _options_json(options),
                languages.get((poll_id, voter), ""),
                _presses_json(press_ids.get((poll_id, voter), ())),
                now,
            )
            for (poll_id, voter), options in changes.items()
        ]
        chunks = [
            rows[start : start + _CHANGES_PER_STATEMENT]
            for start in range(0, len(rows), _CHANGES_PER_STATEMENT)
        ]
        if not rows:
            return
        if len(chunks) == 1:
            await self._db.execute_at_once(_store_changes(len(rows)), _flat(rows))
            return
        async with self._db.transaction() as conn:
            for chunk in chunks:
                await conn.execute(_store_changes(len(chunk)), _flat(chunk))

    async def presses_since(self, since: float, limit: int) -> set[str]:
        """Ids of the presses counted since `since` (Unix seconds), the latest `limit`."""
        rows = await self._db.fetchall(
            "SELECT press_id FROM poll_presses WHERE stored_at >= ?"
            " ORDER BY stored_at DESC LIMIT ?",
            (since, limit),
        )
        return {str(row[0]) for row in rows}

    async def forget_presses_before(self, before: float) -> int:
        """Drop the record of presses older than `before` (Unix seconds); return how many."""
        return await self._db.execute("DELETE FROM poll_presses WHERE stored_at < ?", (before,))

    async def tally(self, poll_id: int, option_count: int) -> PollTally:
        """Votes per option and distinct voters, counted by the database."""
        rows = await self._db.fetchall(
            "SELECT option, count(*) AS n FROM poll_votes WHERE poll_id = ? GROUP BY option",
            (poll_id,),
        )
        counts = [0] * option_count
        for row in rows:
            if 0 <= row["option"] < option_count:
                counts[row["option"]] = int(row["n"])
        voters = await self._db.fetchone(
            "SELECT count(DISTINCT voter) FROM poll_votes WHERE poll_id = ?", (poll_id,)
        )
        return PollTally(
            poll_id=poll_id, counts=tuple(counts), voters=int(voters[0]) if voters else 0
        )

    async def tally_by_language(
        self, poll_id: int, option_count: int
    ) -> dict[str, tuple[tuple[int, ...], int]]:
        """Per language of the copies voted on ('' unknown): votes per option and voters."""
        rows = await self._db.fetchall(
            "SELECT language, option, count(*) AS n FROM poll_votes WHERE poll_id = ?"
            " GROUP BY language, option",
            (poll_id,),
        )
        counts: dict[str, list[int]] = {}
        for row in rows:
            if 0 <= row["option"] < option_count:
                counts.setdefault(row["language"], [0] * option_count)[row["option"]] = row["n"]
        voters = await self._db.fetchall(
            "SELECT language, count(DISTINCT voter) AS n FROM poll_votes WHERE poll_id = ?"
            " GROUP BY language",
            (poll_id,),
        )
        return {
            str(row["language"]): (tuple(counts.get(row["language"], [0] * option_count)),
                                   int(row["n"]))
            for row in voters
        }  # fmt: skip

    async def voter_counts(self) -> dict[int, int]:
        """Distinct voters per poll."""
        rows = await self._db.fetchall(
            "SELECT poll_id, count(DISTINCT voter) AS n FROM poll_votes GROUP BY poll_id"
        )
        return {int(row["poll_id"]): int(row["n"]) for row in rows}

    async def delete_voter_in_open_polls(self, voter: bytes) -> dict[int, frozenset[int]]:
        """Delete a voter's votes in open polls; return the options deleted per poll."""
        async with self._db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT poll_id, option FROM poll_votes WHERE voter = ? AND poll_id IN"
                " (SELECT id FROM polls WHERE status = 'open')",
                (voter,),
            )
            deleted: dict[int, set[int]] = {}
            for row in await cursor.fetchall():
                deleted.setdefault(int(row[0]), set()).add(int(row[1]))
            await conn.execute(
                "DELETE FROM poll_votes WHERE voter = ? AND poll_id IN"
                " (SELECT id FROM polls WHERE status = 'open')",
                (voter,),
            )
        return {poll_id: frozenset(options) for poll_id, options in deleted.items()}

    # Messages showing a poll -----------------------------------------------------------------
    async def messages(self, poll_id: int) -> list[tuple[PollMessage, bool, str | None]]:
        """Every tracked message showing the poll, with whether it shows the final result and
        its language: its chat's, or an inline-mode message's own (None: unknown)."""
        chat_rows = await self._db.fetchall(
            "SELECT m.chat_id, m.message_id, m.final_shown, c.language FROM poll_messages m"
            " LEFT JOIN chats c ON c.id = m.chat_id WHERE m.poll_id = ?",
            (poll_id,),
        )
        inline_rows = await self._db.fetchall(
            "SELECT inline_message_id, final_shown, language FROM poll_inline_messages"
            " WHERE poll_id = ?",
            (poll_id,),
        )
        return [
            (PollMessage(poll_id=poll_id, chat_id=row[0], message_id=row[1]), bool(row[2]), row[3])
            for row in chat_rows
        ] + [
            (PollMessage(poll_id=poll_id, inline_message_id=row[0]), bool(row[1]), row[2])
            for row in inline_rows
        ]

    async def closed_with_unfinished_messages(self) -> list[int]:
        """Closed polls with a message not yet showing the final result (a restart resumes)."""
        rows = await self._db.fetchall(
            "SELECT id FROM polls WHERE status = 'closed' AND ("
            " EXISTS (SELECT 1 FROM poll_messages m WHERE m.poll_id = polls.id"
            " AND m.final_shown = 0) OR"
            " EXISTS (SELECT 1 FROM poll_inline_messages i WHERE i.poll_id = polls.id"
            " AND i.final_shown = 0)) ORDER BY id"
        )
        return [int(row[0]) for row in rows]

    async def mark_final_shown(self, handles: Iterable[PollMessage]) -> None:
        """These messages show their closed poll's final result."""
        chat_rows, inline_rows = [], []
        for handle in handles:
            if handle.inline_message_id is not None:
                inline_rows.append((handle.poll_id, handle.inline_message_id))
            else:
                chat_rows.append((handle.poll_id, handle.chat_id, handle.message_id))
        async with self._db.transaction() as conn:
            await conn.executemany(
                "UPDATE poll_messages SET final_shown = 1"
                " WHERE poll_id = ? AND chat_id = ? AND message_id = ?",
                chat_rows,
            )
            await conn.executemany(
                "UPDATE poll_inline_messages SET final_shown = 1"
                " WHERE poll_id = ? AND inline_message_id = ?",
                inline_rows,
            )

    async def add_message(self, handle: PollMessage, language: str | None = None) -> bool:
        """Track a message showing a poll (an inline-mode one with its `language`, when
        known); False if its chat is unknown (not tracked)."""
        if handle.inline_message_id is not None:
            changed = await self._db.execute(
                "INSERT INTO poll_inline_messages (poll_id, inline_message_id, language)"
                " VALUES (?, ?, ?) ON CONFLICT (poll_id, inline_message_id) DO UPDATE"
                " SET language = coalesce(excluded.language, poll_inline_messages.language)",
                (handle.poll_id, handle.inline_message_id, language),
            )
            return changed >= 0
        changed = await self._db.execute(
            "INSERT OR IGNORE INTO poll_messages (poll_id, chat_id, message_id)"
            " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM chats WHERE id = ?)",
            (handle.poll_id, handle.chat_id, handle.message_id, handle.chat_id),
        )
        return changed > 0

    async def remove_message(self, handle: PollMessage) -> None:
        """Stop tracking a message (deleted, or its chat is gone)."""
        if handle.inline_message_id is not None:
            await self._db.execute(
                "DELETE FROM poll_inline_messages WHERE poll_id = ? AND inline_message_id = ?",
                (handle.poll_id, handle.inline_message_id),
            )
            return
        await self._db.execute(
            "DELETE FROM poll_messages WHERE poll_id = ? AND chat_id = ? AND message_id = ?",
            (handle.poll_id, handle.chat_id, handle.message_id),
        )

    # The vote secret ---------------------------------------------------------------------------
    async def secret(self, name: str) -> str | None:
        """A stored secret."""
        row = await self._db.fetchone("SELECT value FROM poll_secrets WHERE name = ?", (name,))
        return str(row[0]) if row else None

    async def keep_secret(self, name: str, value: str) -> str:
        """Store a secret unless one exists; return the one that is kept."""
        await self._db.execute(
            "INSERT OR IGNORE INTO poll_secrets (name, value) VALUES (?, ?)", (name, value)
        )
        kept = await self.secret(name)
        assert kept is not None
        return kept
