"""Test data of the soak and memory benchmarks: the bot's config file and a ready database."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.config import default_config_path
from storage.chats import ChatRepository
from storage.db import Database
from storage.subscriptions import SubscriptionRepository

LANGUAGES = ("en", "fr", "nl")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _toml_table(name: str, table: dict[str, Any], array: bool) -> list[str]:
    lines = [f"[[{name}]]" if array else f"[{name}]"]
    nested = []
    for key, value in table.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            nested += [(f"{name}.{key}", item) for item in value]
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for nested_name, item in nested:
        lines += ["", *_toml_table(nested_name, item, array=True)]
    return lines


def write_config(path: Path, delivery: dict[str, Any]) -> Path:
    """The built-in config without feeds, with these `[delivery]` settings."""
    data = tomllib.loads(default_config_path().read_text("utf-8"))
    lines: list[str] = []
    for show in data["shows"]:
        lines += [*_toml_table("shows", show, array=True), ""]
    for poll in data.get("polls", []):
        lines += [*_toml_table("polls", poll, array=True), ""]
    lines += _toml_table("delivery", {**data.get("delivery", {}), **delivery}, array=False)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


async def subscribe_chats(db_path: Path, chats: Iterable[tuple[int, str]]) -> int:
    """Migrate a fresh database and subscribe each (chat id, type) to everything.

    Goes through the storage repositories, as the /subscribe command would.
    """
    db = await Database.open(db_path)
    chat_repo, subscriptions = ChatRepository(db), SubscriptionRepository(db)
    now = datetime.now(UTC)
    count = 0
    try:
        for index, (chat_id, chat_type) in enumerate(chats):
            title = None if chat_type == "private" else f"Group {chat_id}"
            await chat_repo.record(chat_id, chat_type, title, LANGUAGES[index % 3], now)
            await subscriptions.add(chat_id, "", "", now)
            count += 1
    finally:
        await db.close()
    return count


def bulk_chats_and_votes(
    db_path: Path, chat_ids: range, poll_question: str, options: list[str], voters: int
) -> int:
    """Fill a migrated database fast (one transaction, executemany): subscribed chats and an
    open poll with `voters` votes. Returns the poll id. Building data is not measured."""
    now = datetime.now(UTC).isoformat()
    conn = sqlite3.connect(db_path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO chats (id, type, title, language, active, created_at, updated_at)"
                " VALUES (?, 'private', NULL, ?, 1, ?, ?)",
                ((chat_id, LANGUAGES[chat_id % 3], now, now) for chat_id in chat_ids),
            )
            conn.executemany(
                "INSERT INTO subscriptions (chat_id, topic, keyword, created_at)"
                " VALUES (?, '', '', ?)",
                ((chat_id, now) for chat_id in chat_ids),
            )
            cursor = conn.execute(
                "INSERT INTO polls (question, options, multiple, status, created_at, closes_at)"
                " VALUES (?, ?, 0, 'open', ?, '2999-01-01T00:00:00+00:00')",
                (poll_question, json.dumps(options, ensure_ascii=False), now),
            )
            poll_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO poll_votes (poll_id, voter, option) VALUES (?, ?, ?)",
                (
                    (poll_id, voter.to_bytes(32, "big"), voter % len(options))
                    for voter in range(1, voters + 1)
                ),
            )
    finally:
        conn.close()
    return poll_id
