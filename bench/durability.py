"""What durability costs: votes per second with `synchronous = FULL` (every commit fsynced)
against `NORMAL` with group commit (one fsync per batch of updates taken from Telegram).

Both run the polling path without HTTP: each batch of 100 callback updates is journaled
(durably) with the offset past it, handed to the bounded runner, and forgotten once handled,
on a database file on disk (not a RAM disk: fsync must cost what it costs).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from telegram import Update

import storage.db
from bench.common import quiet_logs
from bench.votes import _Answers, _harness, _presses, open_three_polls
from bot.polls.voting import vote_data
from bot.runtime.console.updates import Person, callback_update
from storage.update_journal import UpdateJournal

BATCH = 100  # updates per getUpdates call
MODES = {"full": "FULL", "normal_group_commit": "NORMAL"}


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _votes_per_s(synchronous: str, users: int, rounds: int) -> float:
    """Votes per second through journal + runner, with this `synchronous` setting."""
    storage.db.SYNCHRONOUS = synchronous
    with tempfile.TemporaryDirectory(dir=".") as folder, quiet_logs():
        harness = _harness(folder)
        async with harness:
            poll_ids, shown = await open_three_polls(harness)
            presses = _presses(users, rounds, poll_ids, seed=7)
            payloads = [
                callback_update(Person(user, "Voter"), shown[poll], vote_data(poll, option))
                for user, poll, option in presses
            ]
            for number, payload in enumerate(payloads, start=1):
                payload["update_id"] = number
            updates = [Update.de_json(payload, harness.app.bot) for payload in payloads]
            answers = _Answers()
            harness.api.listeners.append(answers)
            journal = UpdateJournal(harness.services.core.db)
            handled: list[int] = []
            started = time.perf_counter()
            for batch in _batches(updates, BATCH):
                rows = [(update.update_id, update.to_json()) for update in batch]
                await journal.record(rows, batch[-1].update_id + 1)
                for update in batch:
                    await harness.runner.start(update, handled.append)
                if handled:
                    done, handled[:] = list(handled), []
                    await journal.handled(done)
            await answers.wait_for(len(updates), timeout=600)
            elapsed = time.perf_counter() - started
    storage.db.SYNCHRONOUS = "NORMAL"
    return len(updates) / elapsed


async def run(quick: bool) -> dict[str, Any]:
    """Median votes/s of 3 rounds in each mode, the modes taking turns round by round so
    that a noisy moment of the machine falls on both (20,000 votes a round; quick: 1 round
    of 3,000)."""
    users, rounds, repeats = (1_000, 3, 1) if quick else (5_000, 4, 3)
    samples: dict[str, list[float]] = {name: [] for name in MODES}
    for _ in range(repeats):
        for name, synchronous in MODES.items():
            samples[name].append(await _votes_per_s(synchronous, users, rounds))
    figures: dict[str, Any] = {}
    for name in MODES:
        figures[f"{name}_votes_per_s"] = round(statistics.median(samples[name]))
        figures[f"{name}_rounds"] = [round(sample) for sample in samples[name]]
    figures["votes"] = users * rounds
    figures["chosen"] = "normal_group_commit"
    figures["full_costs_ratio"] = round(
        figures["full_votes_per_s"] / figures["normal_group_commit_votes_per_s"], 3
    )
    figures["in_use"] = storage.db.SYNCHRONOUS
    return figures
