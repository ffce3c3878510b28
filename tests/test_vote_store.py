"""The vote batch store: one statement per batch (migration 0017), the same rows as before."""

from __future__ import annotations

import asyncio
from pathlib import Path

from storage.db import Database
from storage.polls import PollRepository


async def _repo(tmp_path: Path) -> tuple[Database, PollRepository, int]:
    db = await Database.open(tmp_path / "votes.sqlite3")
    await db.execute(
        "INSERT INTO polls (question, options, multiple, status, created_at)"
        " VALUES ('Q?', '[\"a\", \"b\", \"c\"]', 1, 'open', '2026-12-01T12:00:00')"
    )
    row = await db.fetchone("SELECT id FROM polls")
    assert row is not None
    return db, PollRepository(db), int(row["id"])


async def _votes(db: Database) -> set[tuple[bytes, int, str]]:
    rows = await db.fetchall("SELECT voter, option, language FROM poll_votes")
    return {(bytes(row[0]), int(row[1]), str(row[2])) for row in rows}


async def test_batch_replaces_options_and_records_presses(tmp_path: Path) -> None:
    """A batch sets each voter's options (several, or none to take back) and its presses."""
    db, repo, poll = await _repo(tmp_path)
    anne, bert = b"a" * 32, b"b" * 32
    await repo.replace_votes({(poll, anne): frozenset({0}), (poll, bert): frozenset({1})})
    await repo.replace_votes(
        {(poll, anne): frozenset({1, 2}), (poll, bert): frozenset()},
        {(poll, anne): ["p1", "p'2"], (poll, bert): ["p3"]},
        now=100.0,
        languages={(poll, anne): "nl"},
    )
    assert await _votes(db) == {(anne, 1, "nl"), (anne, 2, "nl")}
    assert await repo.presses_since(0.0, 10) == {"p1", "p'2", "p3"}
    await db.close()


async def test_press_ids_of_any_text_are_recorded_as_sent(tmp_path: Path) -> None:
    """Telegram's digit ids and any other text (quotes, backslashes) are recorded as sent."""
    db, repo, poll = await _repo(tmp_path)
    ids = ["4242424242", 'say "hi"\\', "²³", "0"]
    changes = {(poll, bytes([n]) * 32): frozenset({n % 3}) for n in range(len(ids))}
    presses = {(poll, bytes([n]) * 32): [press] for n, press in enumerate(ids)}
    await repo.replace_votes(changes, presses, now=5.0)
    assert await repo.presses_since(0.0, 10) == set(ids)
    await db.close()


async def test_large_batch_is_stored_whole(tmp_path: Path) -> None:
    """More voters than one statement carries are all stored, in one transaction."""
    db, repo, poll = await _repo(tmp_path)
    voters = [index.to_bytes(32, "big") for index in range(1_000)]
    await repo.replace_votes(
        {(poll, voter): frozenset({index % 3}) for index, voter in enumerate(voters)},
        {(poll, voter): [f"press{index}"] for index, voter in enumerate(voters)},
    )
    tally = await repo.tally(poll, 3)
    assert tally.counts == (334, 333, 333)
    assert len(await repo.presses_since(0.0, 5_000)) == 1_000
    await db.close()


async def test_statement_at_once_waits_for_an_open_transaction(tmp_path: Path) -> None:
    """A statement run at once never lands inside another writer's open transaction."""
    db = await Database.open(tmp_path / "once.sqlite3")
    await db.execute("CREATE TABLE t (n INTEGER)")
    inside = asyncio.Event()
    release = asyncio.Event()

    async def rolled_back_writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (1)")
            inside.set()
            await release.wait()
            raise RuntimeError("rolled back")

    writer = asyncio.create_task(rolled_back_writer())
    await inside.wait()
    at_once = asyncio.create_task(db.execute_at_once("INSERT INTO t VALUES (2)"))
    await asyncio.sleep(0)
    assert not at_once.done()
    release.set()
    await asyncio.gather(writer, return_exceptions=True)
    await at_once
    rows = await db.fetchall("SELECT n FROM t")
    assert [row["n"] for row in rows] == [2]
    await db.close()
