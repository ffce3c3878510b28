"""Benchmarks of the vote path: `votes` (throughput against a bare PTB ceiling) and
`vote_storm_edits` (1,000 votes/s on a poll shown in 50 chats: edit throttling, final state).

Both push callback-query updates through the real `Application` (the bounded runner every
update source uses) on the in-process stand-in Bot API, and count every answered press.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, ContextTypes

from bench.common import quiet_logs
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import load_config
from bot.polls.service import PollService
from bot.polls.voting import next_choice, vote_data
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import InMemoryBotApi, Output
from bot.runtime.console.updates import Person, callback_update
from bot.runtime.update_runner import CONCURRENT_UPDATES
from storage.poll_models import Poll

ADMIN_ID = 1
ROUNDS = 3  # the votes benchmark reports the median of this many rounds
MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Europe/Brussels"))
Json = dict[str, Any]


def _harness(folder: str) -> BotHarness:
    settings = Settings(
        _env_file=None, db=Path(folder) / "bench.sqlite3", admins=frozenset({ADMIN_ID})
    )
    return BotHarness(settings, load_config(None), FixedClock(MONDAY_NOON))


class _Answers:
    """Counts answered callback queries (toasts) and wakes the waiter at a target."""

    def __init__(self) -> None:
        self.count = 0
        self.target = -1
        self.done = asyncio.Event()

    def __call__(self, output: Output) -> None:
        if output.kind == "toast":
            self.count += 1
            if self.count == self.target:
                self.done.set()

    async def wait_for(self, target: int, timeout: float) -> None:
        self.target = target
        if self.count >= target:
            return
        await asyncio.wait_for(self.done.wait(), timeout)


async def open_three_polls(harness: BotHarness) -> tuple[list[int], dict[int, Json]]:
    """Three open polls shown in the admin's chat: their ids and the message of each."""
    polls = harness.services.get(PollService)
    await harness.services.chats.seen(ADMIN_ID, "private", None, "en")
    poll_ids, shown = [], {}
    for question in ("Ready?", "Tea or coffee?", "Snow tonight?"):
        poll = await polls.create_from_line(f"{question} | Yes | No | Maybe", ADMIN_ID)
        await polls.show(poll.id, ADMIN_ID)
        poll_ids.append(poll.id)
        shown[poll.id] = harness.api._message_json(harness.api.sent(ADMIN_ID)[-1])
    return poll_ids, shown


async def show_one_poll_in_groups(harness: BotHarness, chats: int) -> tuple[Poll, list[Json]]:
    """One open poll shown in `chats` groups: the poll and its message in each group."""
    polls = harness.services.get(PollService)
    poll = await polls.create_from_line("Storm? | Yes | No | Maybe", ADMIN_ID)
    messages: list[Json] = []
    for index in range(chats):
        chat_id = -(1000 + index)
        harness.api.set_chat(chat_id, "group")
        await harness.services.chats.seen(chat_id, "group", f"Group {index}", None)
        await polls.show(poll.id, chat_id)
        messages.append(harness.api._message_json(harness.api.sent(chat_id)[-1]))
    return poll, messages


def _presses(users: int, rounds: int, polls: list[int], seed: int) -> list[tuple[int, int, int]]:
    """(user, poll, option) presses; a user comes back to a poll only every third round,
    so no press is a double press, and about one in three returns is a take-back."""
    rng = random.Random(seed)
    presses = []
    last: dict[tuple[int, int], int] = {}
    for round_number in range(rounds):
        for user in range(users):
            poll = polls[(user + round_number) % len(polls)]
            previous = last.get((user, poll))
            option = previous if previous is not None and rng.random() < 0.35 else rng.randrange(3)
            last[(user, poll)] = option
            presses.append((10_000 + user, poll, option))
    return presses


async def _push_all(
    submit: Callable[[Update], Awaitable[object]], bot: Any, updates: list[Json], answers: _Answers
) -> tuple[float, float]:
    """Parse the updates (as an update source would), then submit them all and wait for every
    answer; return (seconds parsing, seconds from the first submitted update to the last
    answer). Submitting waits while the bound of updates in flight is reached."""
    started = time.perf_counter()
    parsed = [Update.de_json(payload, bot) for payload in updates]
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for update in parsed:
        await submit(update)  # waits for room: this is the backpressure
    await answers.wait_for(len(updates), timeout=600)
    return parse_seconds, time.perf_counter() - started


async def _ptb_ceiling(updates: list[Json]) -> float:
    """Callback answers per second of a bare PTB application that only answers."""
    api = InMemoryBotApi()
    answers = _Answers()
    api.listeners.append(answers)

    async def answer(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("ok")

    app = (
        ApplicationBuilder()
        .token("123456789:bench-token-not-a-secret-000000")
        .request(api)
        .get_updates_request(api)
        .concurrent_updates(CONCURRENT_UPDATES)  # as many at once as the bot's runner
        .build()
    )
    app.add_handler(CallbackQueryHandler(answer))
    async with app:
        await app.start()
        _, elapsed = await _push_all(app.update_queue.put, app.bot, updates, answers)
        await app.stop()
    return len(updates) / elapsed


async def run_votes(quick: bool) -> dict[str, Any]:
    """20,000 votes (quick: 6,000) from 5,000 users (quick: 2,000) over 3 open polls, three
    times: the median round is reported, so one noisy round decides nothing."""
    results = [await _votes_round(quick) for _ in range(ROUNDS)]
    median = sorted(results, key=lambda result: result["votes_per_s"])[ROUNDS // 2]
    return {
        **median,
        "rounds": ROUNDS,
        "votes_per_s_rounds": [result["votes_per_s"] for result in results],
        "ratio": statistics.median(result["ratio"] for result in results),
        "lost": sum(result["lost"] for result in results),
        "goal_met": median["votes_per_s"] >= 3000
        and statistics.median(result["ratio"] for result in results) >= 0.5
        and all(result["lost"] == 0 for result in results),
    }


async def _votes_round(quick: bool) -> dict[str, Any]:
    """One round of the votes benchmark, on a fresh database."""
    users, rounds = (2_000, 3) if quick else (5_000, 4)
    with tempfile.TemporaryDirectory() as folder, quiet_logs():
        harness = _harness(folder)
        async with harness:
            polls = harness.services.get(PollService)
            poll_ids, shown = await open_three_polls(harness)
            presses = _presses(users, rounds, poll_ids, seed=5)
            updates = [
                callback_update(Person(user, "Voter"), shown[poll], vote_data(poll, option))
                for user, poll, option in presses
            ]
            answers = _Answers()
            harness.api.listeners.append(answers)
            parse_seconds, elapsed = await _push_all(
                harness.runner.start, harness.app.bot, updates, answers
            )
            # Replay every change and take-back: the database must hold exactly that.
            expected: dict[int, dict[int, frozenset[int]]] = defaultdict(dict)
            for user, poll_id, option in presses:
                current = expected[poll_id].get(user, frozenset())
                expected[poll_id][user] = next_choice(current, option, multiple=False)
            lost = 0
            for poll_id in poll_ids:
                stored = await polls.stored_tally(poll_id)
                want = [0, 0, 0]
                for chosen in expected[poll_id].values():
                    for option in chosen:
                        want[option] += 1
                lost += sum(abs(a - b) for a, b in zip(stored.counts, want, strict=True))
            await harness.services.drain(10)
        ceiling = await _ptb_ceiling(updates)
    votes_per_s = len(presses) / elapsed
    return {
        "votes": len(presses),
        "users": users,
        "polls": len(poll_ids),
        "votes_per_s": round(votes_per_s),
        # The same, counting the parsing of the update JSON that the Updater does first.
        "votes_per_s_with_parsing": round(len(presses) / (elapsed + parse_seconds)),
        "ptb_ceiling_per_s": round(ceiling),
        "ratio": round(votes_per_s / ceiling, 3),
        "lost": lost,
    }


def _max_in_window(times: list[float], window: float) -> int:
    """Most events within any window shorter than `window` seconds."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


async def run_vote_storm_edits(quick: bool) -> dict[str, Any]:
    """1,000 votes/s for 30 s (quick: 5 s) on one poll shown in 50 chats."""
    seconds, rate, chats, users = (5.0 if quick else 30.0), 1000, 50, 20_000
    total = int(seconds * rate)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder, quiet_logs():
        harness = _harness(folder)
        async with harness:
            polls = harness.services.get(PollService)
            poll, messages = await show_one_poll_in_groups(harness, chats)
            edits: dict[tuple[int, int], list[float]] = defaultdict(list)

            def on_output(output: Output) -> None:
                if output.kind == "edit" and output.message is not None:
                    key = (output.message.chat_id, output.message.message_id)
                    edits[key].append(time.monotonic())

            harness.api.listeners.append(on_output)
            answers = _Answers()
            harness.api.listeners.append(answers)
            presses = [
                (10_000 + i % users, rng.randrange(3), rng.randrange(chats)) for i in range(total)
            ]
            started = time.perf_counter()
            sent = 0
            while sent < total:
                due = min(total, int((time.perf_counter() - started) * rate) + 1)
                for user, option, chat in presses[sent:due]:
                    payload = callback_update(
                        Person(user), messages[chat], vote_data(poll.id, option)
                    )
                    await harness.runner.start(Update.de_json(payload, harness.app.bot))
                sent = due
                await asyncio.sleep(0.005)
            await answers.wait_for(total, timeout=120)
            push_seconds = time.perf_counter() - started
            settled = await polls.refresher.idle(15)
            expected: dict[int, frozenset[int]] = {}
            for user, option, _ in presses:
                expected[user] = next_choice(
                    expected.get(user, frozenset()), option, multiple=False
                )
            want = [0, 0, 0]
            for chosen in expected.values():
                for option in chosen:
                    want[option] += 1
            stored = await polls.stored_tally(poll.id)
            final = (await polls.message(poll.id)).text
            on_screen = [
                harness.api.messages[(m["chat"]["id"], m["message_id"])].text for m in messages
            ]
            exact = (
                settled and list(stored.counts) == want and all(text == final for text in on_screen)
            )
            windows = [_max_in_window(sorted(times), 3.0) for times in edits.values()]
    return {
        "seconds": seconds,
        "votes": total,
        "votes_per_s": round(total / push_seconds),
        "messages": chats,
        "edits_total": sum(len(times) for times in edits.values()),
        "max_edits_per_message_per_3s": max(windows, default=0),
        "final_tally_exact": exact,
    }
