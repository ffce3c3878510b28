"""Benchmark `schedule_answer`: answering /next and plain-word questions, update in to reply out.

Runs the real `Application` on the in-process stand-in Bot API and times each
`process_update` (parsing the update, routing, the handler, the domain, the `sendMessage`
call through PTB to the stand-in) for /next and for a mix of questions in three languages.
It also times the domain alone (reading and answering a question) to show the split.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update

from bench.common import quiet_logs
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.conversation.replies import reply_to
from bot.core.config import load_config
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, message_update
from bot.schedule.service import ScheduleService

MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Europe/Brussels"))
LISTENER = Person(2, "Listener", "en")
QUESTIONS = (
    "When is the show on?",
    "Is it on tonight?",
    "Is the show on Friday?",
    "Is the show on 25 December?",
    "Who presents it?",
    "What time does it end?",
    "Quand passe l'émission ?",
    "Est-ce que l'émission passe vendredi ?",
    "L'émission passe le 25 décembre ?",
    "Qui présente l'émission ?",
    "Wanneer is het programma?",
    "Is het programma morgen?",
    "Is het programma op 25 december?",
    "Op welke zender?",
    "hello",
)


def _figures(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        f"{name}_median_ms": round(statistics.median(ordered) * 1000, 3),
        f"{name}_p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
    }


async def _time_updates(harness: BotHarness, texts: list[str], warm_up: int) -> list[float]:
    """Seconds per update from `process_update` in to its reply out, after warm-up."""
    bot = harness.app.bot
    updates = [Update.de_json(message_update(LISTENER, LISTENER.id, text), bot) for text in texts]
    samples = []
    sent_before = len(harness.api.calls_to("sendMessage"))
    for index, update in enumerate(updates):
        started = time.perf_counter()
        await harness.app.process_update(update)
        elapsed = time.perf_counter() - started
        if index >= warm_up:
            samples.append(elapsed)
    replies = len(harness.api.calls_to("sendMessage")) - sent_before
    assert replies == len(updates), f"{replies} replies to {len(updates)} updates"
    return samples


async def run_schedule_answer(quick: bool) -> dict[str, Any]:
    """Median and p95 of /next and of free-text questions, end to end and domain only."""
    rounds = 300 if quick else 3000
    warm_up = 50
    figures: dict[str, Any] = {"rounds": rounds}
    with tempfile.TemporaryDirectory() as folder, quiet_logs():
        settings = Settings(_env_file=None, db=Path(folder) / "bench.sqlite3")
        clock = FixedClock(MONDAY_NOON)
        async with BotHarness(settings, load_config(None), clock) as harness:
            gc.collect()
            nexts = await _time_updates(harness, ["/next"] * (rounds + warm_up), warm_up)
            asked = [QUESTIONS[i % len(QUESTIONS)] for i in range(rounds + warm_up)]
            questions = await _time_updates(harness, asked, warm_up)
            figures |= _figures("next", nexts) | _figures("question", questions)
            # The domain alone: reading and answering, no Telegram objects.
            calendar = harness.services.get(ScheduleService).main
            zone = calendar.show.zone
            domain = []
            for text in asked:
                started = time.perf_counter()
                reply_to(text, calendar, zone, MONDAY_NOON, ("en",))
                domain.append(time.perf_counter() - started)
            figures |= _figures("question_domain", domain[warm_up:])
    figures["next_goal_ms"] = 1.0
    figures["question_goal_ms"] = 5.0
    figures["next_goal_met"] = figures["next_median_ms"] <= 1.0
    figures["question_goal_met"] = figures["question_median_ms"] <= 5.0
    return figures
