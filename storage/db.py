"""The one aiosqlite connection of the process, its migrations and its write path."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.errors import DatabaseError
from storage.migrations import Migration, load_migrations

SQLITE_HEADER = b"SQLite format 3\x00"
# NORMAL: a commit is not fsynced, so a power cut can undo the last ones (a killed process
# cannot: the WAL is in the OS's hands). What must survive a power cut is committed with
# `transaction(durable=True)` or followed by `make_durable()`: one fsync for everything
# before it (group commit). bench/durability.py measures this against FULL on every commit.
SYNCHRONOUS = "NORMAL"
Params = Sequence[Any] | dict[str, Any]


class Database:
    """One connection per process; writes are serialised through `transaction()`."""

    def __init__(self, connection: aiosqlite.Connection, path: str) -> None:
        self._conn = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, migrations: list[Migration] | None = None) -> Database:
        """Open (creating it owner-only if new), check and migrate the database."""
        where = str(path)
        if where != ":memory:":
            _check_file(Path(where))
        try:
            conn = await aiosqlite.connect(where, isolation_level=None)
        except sqlite3.Error as error:
            raise DatabaseError(f"cannot open database {where}: {error}") from None
        conn.row_factory = aiosqlite.Row
        database = cls(conn, where)
        try:
            await database._configure()
            await database.migrate(load_migrations() if migrations is None else migrations)
        except sqlite3.DatabaseError as error:
            await conn.close()
            raise DatabaseError(f"database {where} is not usable: {error}") from None
        except DatabaseError:
            await conn.close()
            raise
        return database

    async def _configure(self) -> None:
        await self._conn.execute("PRAGMA busy_timeout = 5000")
        await self._conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            await self._conn.execute("PRAGMA journal_mode = WAL")
            await self._conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        # Touch the schema so a corrupt file fails here, not in a handler.
        await self._conn.execute("SELECT count(*) FROM sqlite_master")

    async def close(self) -> None:
        """Close the connection."""
        await self._conn.close()

    async def schema_version(self) -> int:
        """Highest migration applied, 0 for an empty database."""
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        row = await self.fetchone("SELECT max(version) AS v FROM schema_migrations")
        return int(row["v"]) if row and row["v"] is not None else 0

    async def migrate(self, migrations: list[Migration]) -> list[str]:
        """Apply every migration not yet recorded, in order, each atomically with its record."""
        current = await self.schema_version()
        known = migrations[-1].version if migrations else 0
        if current > known:
            msg = (
                f"database {self.path} is at schema version {current}, newer than this "
                f"radiobot knows ({known}); upgrade radiobot or use another RADIOBOT_DB"
            )
            raise DatabaseError(msg)
        recorded = {
            int(row["version"])
            for row in await self.fetchall("SELECT version FROM schema_migrations")
        }
        applied = []
        async with self._write_lock:
            for migration in migrations:
                # Not `version <= current`: a step numbered below one already applied (branches
                # landing in another order) would be skipped for good.
                if migration.version in recorded:
                    continue
                script = (
                    "BEGIN IMMEDIATE;\n"
                    f"{migration.sql}\n;\n"
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES "
                    f"({migration.version}, '{migration.name}', datetime('now'));\n"
                    "COMMIT;"
                )
                try:
                    await self._conn.executescript(script)
                except sqlite3.Error as error:
                    if self._conn.in_transaction:
                        await self._conn.rollback()
                    msg = f"migration {migration.version} ({migration.name}) failed: {error}"
                    raise DatabaseError(msg) from None
                applied.append(migration.name)
        return applied

    @asynccontextmanager
    async def transaction(self, *, durable: bool = False) -> AsyncIterator[aiosqlite.Connection]:
        """Serialised write transaction: commit on success, roll back on error or cancellation.

        Commits are fsynced only when `durable` (see `SYNCHRONOUS`): that commit's sync also
        makes every earlier commit durable, since they all sit before it in the WAL.

        aiosqlite runs calls in order on its own thread, and a cancelled await does not take a
        call back: a BEGIN or COMMIT whose caller was cancelled still runs. So the rollback is
        queued behind it, shielded, and a cancelled writer can never leave the connection
        inside a transaction that every later writer would then trip over.
        """
        synced = durable and self._file_backed and SYNCHRONOUS != "FULL"
        async with self._write_lock:
            if synced:  # SQLite refuses to change it inside a transaction
                await self._conn.execute("PRAGMA synchronous = FULL")
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                await self._conn.commit()
            except BaseException:
                await asyncio.shield(self._conn.rollback())
                raise
            finally:
                if synced:
                    await asyncio.shield(self._conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}"))

    async def make_durable(self) -> None:
        """Return once every commit so far is on disk (one fsync of the WAL: a checkpoint)."""
        if self._file_backed:
            async with self._write_lock:
                await self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    @property
    def _file_backed(self) -> bool:
        return self.path != ":memory:"

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement in its own transaction; return the rows changed."""
        async with self.transaction() as conn:
            cursor = await conn.execute(sql, params)
            return cursor.rowcount

    async def execute_at_once(self, sql: str, params: Params = ()) -> None:
        """Run one write statement as its own transaction in one call to the database thread
        (`execute` takes three: BEGIN, the statement, COMMIT), for the hot paths.

        Outside BEGIN ... COMMIT, SQLite runs a lone statement and the triggers it fires
        atomically, taking the write lock first. Unlike `execute`, a caller cancelled while
        it waits does not undo it: the thread takes no call back, so the statement runs whole.
        """
        async with self._write_lock:
            await self._conn.execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one write statement for many rows in a single transaction."""
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Rows of a read query."""
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def stream(
        self, sql: str, params: Params = (), chunk: int = 2000
    ) -> AsyncIterator[list[aiosqlite.Row]]:
        """Rows of a read query, `chunk` at a time, so big results never sit in memory whole."""
        async with self._conn.execute(sql, params) as cursor:
            while rows := list(await cursor.fetchmany(chunk)):
                yield rows

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """First row of a read query, or None."""
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def integrity_ok(self) -> bool:
        """Whether `PRAGMA integrity_check` reports ok."""
        row = await self.fetchone("PRAGMA integrity_check")
        return row is not None and row[0] == "ok"


def _check_file(path: Path) -> None:
    """Refuse a file that is not SQLite; create a new one readable by its owner only."""
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"database {path} is a directory, not a SQLite file")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise DatabaseError(f"database {path} is not a SQLite file; it was left untouched")
        return
    if not path.parent.exists():
        raise DatabaseError(f"database {path}: folder {path.parent} does not exist")
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(descriptor)
