"""Migrations, and how the database refuses files it must not touch."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from storage.db import Database
from storage.errors import DatabaseError
from storage.migrations import Migration, load_migrations


async def _tables(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row["name"] for row in rows}


async def test_all_migrations_apply_to_an_empty_database(tmp_path: Path) -> None:
    """An empty database ends at the newest version with every migration recorded."""
    migrations = load_migrations()
    db = await Database.open(tmp_path / "fresh.sqlite3")
    assert await db.schema_version() == migrations[-1].version
    rows = await db.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    assert [row["version"] for row in rows] == [m.version for m in migrations]
    assert "chats" in await _tables(db)
    await db.close()


@pytest.mark.parametrize("stop_after", range(len(load_migrations())))
async def test_migrations_resume_from_each_earlier_version(tmp_path: Path, stop_after: int) -> None:
    """A database left at any earlier version is brought to the newest one."""
    migrations = load_migrations()
    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, migrations[: stop_after + 1])
    assert await old.schema_version() == migrations[stop_after].version
    await old.close()
    upgraded = await Database.open(path)
    assert await upgraded.schema_version() == migrations[-1].version
    assert await upgraded.integrity_ok()
    await upgraded.close()


async def test_a_skipped_lower_migration_is_applied_later(tmp_path: Path) -> None:
    """A database that recorded a migration before a lower-numbered one still gets the lower."""
    migrations = load_migrations()
    path = tmp_path / "gap.sqlite3"
    gapped = await Database.open(path, migrations[:-2] + migrations[-1:])
    await gapped.close()
    upgraded = await Database.open(path)
    rows = await upgraded.fetchall("SELECT version FROM schema_migrations ORDER BY version")
    assert [row["version"] for row in rows] == [m.version for m in migrations]
    await upgraded.close()


async def test_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    """A migration that fails half-way is rolled back with its record."""
    broken = [*load_migrations()[:1], Migration(2, "broken", "CREATE TABLE half (x); BOGUS;")]
    path = tmp_path / "broken.sqlite3"
    with pytest.raises(DatabaseError, match="migration 2"):
        await Database.open(path, broken)
    db = await Database.open(path, broken[:1])
    assert "half" not in await _tables(db)
    assert await db.schema_version() == 1
    await db.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    """A database written by a newer radiobot (unknown migration) refuses to start."""
    path = tmp_path / "newer.sqlite3"
    db = await Database.open(path)
    await db.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')"
    )
    await db.close()
    with pytest.raises(DatabaseError, match="newer than this radiobot knows"):
        await Database.open(path)


async def test_not_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    """A file that is not SQLite stops the start and is never overwritten."""
    path = tmp_path / "notes.txt"
    path.write_text("my precious notes\n")
    with pytest.raises(DatabaseError, match=str(path)):
        await Database.open(path)
    assert path.read_text() == "my precious notes\n"


async def test_corrupt_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    """A file with a SQLite header but a corrupt body stops the start, untouched."""
    path = tmp_path / "corrupt.sqlite3"
    payload = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(payload)
    with pytest.raises(DatabaseError, match=str(path)):
        await Database.open(path)
    assert path.read_bytes() == payload


async def test_database_file_is_owner_only(tmp_path: Path) -> None:
    """A new database file is readable and writable by its owner only."""
    path = tmp_path / "private.sqlite3"
    db = await Database.open(path)
    await db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_writes_are_serialised(tmp_path: Path) -> None:
    """Concurrent transactions never interleave: a failing one leaves the others intact."""
    import asyncio

    db = await Database.open(tmp_path / "w.sqlite3")
    await db.execute("CREATE TABLE t (n INTEGER)")

    async def write(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (?)", (n,))
            await asyncio.sleep(0)
            if n == 3:
                raise sqlite3.IntegrityError("simulated")
            await conn.execute("INSERT INTO t VALUES (?)", (n,))

    results = await asyncio.gather(*(write(n) for n in range(6)), return_exceptions=True)
    assert sum(isinstance(result, Exception) for result in results) == 1
    rows = await db.fetchall("SELECT n, count(*) AS c FROM t GROUP BY n")
    assert {row["n"]: row["c"] for row in rows} == {0: 2, 1: 2, 2: 2, 4: 2, 5: 2}
    await db.close()


async def test_cancelled_writer_leaves_no_open_transaction(tmp_path: Path) -> None:
    """A writer cancelled at any point rolls back, and the next writer's transaction works."""
    import asyncio

    db = await Database.open(tmp_path / "c.sqlite3")
    await db.execute("CREATE TABLE t (n INTEGER)")
    entered = asyncio.Event()

    async def slow_writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO t VALUES (1)")
            entered.set()
            await asyncio.Event().wait()  # cancelled here, inside the transaction

    for _ in range(3):
        task = asyncio.create_task(slow_writer())
        await entered.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        entered.clear()
    # Cancelled while BEGIN itself is under way: the BEGIN still runs, then is rolled back.
    begin = asyncio.create_task(db.execute("INSERT INTO t VALUES (2)"))
    await asyncio.sleep(0)
    begin.cancel()
    with pytest.raises(asyncio.CancelledError):
        await begin
    async with asyncio.timeout(10):  # a poisoned connection would make this fail, not hang
        assert await db.execute("INSERT INTO t VALUES (3)") == 1
    rows = await db.fetchall("SELECT n FROM t")
    assert [row["n"] for row in rows] == [3]
    await db.close()
