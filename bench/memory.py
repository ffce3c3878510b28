"""Memory benchmark: the bot's peak resident memory while it fans one article out to every
subscriber as a paid broadcast and takes votes on a poll that already holds a million votes.

The database is built fast (one sqlite3 transaction, executemany; not measured), then the real
`python -m bot run` starts as a child process against the fake Bot API (another process), so
the figure is the bot's alone: VmHWM from /proc/<pid>/status. Run alone:
`python -m bench.memory [--quick] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.soak_data import bulk_chats_and_votes, write_config
from bench.soak_procs import BotProcess, FakeApiProcess, bot_environment, peak_rss_mb
from bench.soak_votes import Press, callback_update
from storage.db import Database

ADMIN = 4242
GROUP = {"id": -7001, "type": "group", "title": "Studio group"}
GOAL_MB = 150
OPTIONS = ["Yes", "No", "I don't know yet"]
QUESTION = (
    "Would the Belgians be ready to see their soldiers get involved in Ukraine to contribute "
    "to peace?"
)


def _rss_mb(pid: int, field: str) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return None


async def _build(db_path: Path, chats: int, votes: int) -> int:
    database = await Database.open(db_path)  # the migrations
    await database.close()
    poll_id = bulk_chats_and_votes(db_path, range(1, chats + 1), QUESTION, OPTIONS, votes)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO chats (id, type, title, active, created_at, updated_at)"
            " VALUES (?, 'group', 'Studio group', 1, '2026-11-30', '2026-11-30')",
            (GROUP["id"],),
        )
        conn.execute(
            "INSERT INTO poll_messages (poll_id, chat_id, message_id) VALUES (?, ?, 1)",
            (poll_id, GROUP["id"]),
        )
    conn.close()
    return poll_id


def _open_rows(db_path: Path) -> int:
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        row = conn.execute(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        ).fetchone()
        sent = conn.execute("SELECT count(*) FROM outbox").fetchone()
    finally:
        conn.close()
    return int(row[0]) if sent[0] else -1  # -1: nothing queued yet


async def run_memory(quick: bool, keep: Path | None = None) -> dict[str, Any]:
    """Peak RSS of the bot (goal ≤ 150 MB); QUICK: 10,000 chats and 100,000 votes."""
    chats, stored_votes, new_votes = (10_000, 100_000, 5_000) if quick else (
        100_000, 1_000_000, 20_000)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="radiobot-memory-") as folder:
        where = keep or Path(folder)
        where.mkdir(parents=True, exist_ok=True)
        db_path = where / "memory.sqlite3"
        began = time.monotonic()
        poll_id = await _build(db_path, chats, stored_votes)
        build_s = time.monotonic() - began
        # The article goes as a paid broadcast (1,000/s), the heaviest fan-out the bot makes.
        paid = {"paid_broadcast": "always", "paid_per_s": 1000}
        config = write_config(
            where / "memory.toml", {"overall_per_s": 30, "per_chat_per_s": 1, **paid}
        )
        server = await FakeApiProcess(None, None, where / "fake-api.log", max_calls=1000).started()
        bot = BotProcess(
            bot_environment(
                api_base_url=server.api_base_url,
                db=db_path,
                admins=[ADMIN],
                config=config,
                vote_secret="memory-bench-vote-secret",
            ),
            where,
            where / "bot.log",
        )
        samples: list[tuple[float, float]] = []
        try:
            bot.start()
            assert bot.pid is not None
            pid = bot.pid
            started = time.monotonic()
            await _until_polling(server, 60)
            idle_rss = _rss_mb(pid, "VmRSS")
            await server.control(
                push_updates=[_text_update(f"/publish Memory check | One article for {chats:,}"
                                           " chats. | https://www.belrtl.be/memory | memory")]
            )  # fmt: skip
            fanout_started = time.monotonic()
            presses = [
                Press(f"mem{n}", 9_000_000 + n, n % 3, None, n % 3) for n in range(new_votes)
            ]
            for chunk in range(0, new_votes, 1000):
                updates = [
                    callback_update(p, poll_id, GROUP, 1) for p in presses[chunk : chunk + 1000]
                ]
                await server.control(push_updates=updates)
                samples.append((time.monotonic() - started, _rss_mb(pid, "VmRSS") or 0.0))
                await asyncio.sleep(0.2)
            # The peak comes early; a full 100,000-chat fan-out is not waited
            # for to the end: the figures say how many messages went out meanwhile.
            deadline = time.monotonic() + (120 if quick else 240)
            while time.monotonic() < deadline and _open_rows(db_path) != 0:
                samples.append((time.monotonic() - started, _rss_mb(pid, "VmRSS") or 0.0))
                await asyncio.sleep(0.5)
            fanout_s = time.monotonic() - fanout_started
            peak = peak_rss_mb(pid)
            open_left = _open_rows(db_path)
            state = await server.state()
        finally:
            await bot.stop()
            await server.close()
    sent = int(state["counts"].get("sendMessage", {}).get("200", 0))
    figures = {
        "chats": chats,
        "stored_votes": stored_votes,
        "new_votes": new_votes,
        "peak_rss_mb": round(peak or 0.0, 1),
        "goal_mb": GOAL_MB,
        "met": peak is not None and peak <= GOAL_MB,
        "rss_after_start_mb": round(idle_rss or 0.0, 1),
        "rss_max_sampled_mb": round(max((rss for _, rss in samples), default=0.0), 1),
        "messages_sent": sent,
        "paid_sent": state.get("paid_sent"),
        "outbox_left_open": open_left,
        "fanout_s": round(fanout_s, 1),
        "build_s": round(build_s, 1),
    }
    print(json.dumps(figures, indent=2), flush=True)
    return figures


def _text_update(text: str) -> dict[str, Any]:
    length = len(text.split(maxsplit=1)[0])
    return {
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": ADMIN, "type": "private", "first_name": "Editor"},
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Editor"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": length}],
        }
    }


async def _until_polling(server: FakeApiProcess, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = await server.state()
        if state["counts"].get("getUpdates"):
            return
        await asyncio.sleep(0.2)
    raise TimeoutError("the bot did not start polling")


def main() -> None:
    """`python -m bench.memory [--quick] [--keep DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    asyncio.run(run_memory(args.quick, args.keep))


if __name__ == "__main__":
    main()
