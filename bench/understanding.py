"""Benchmark `understanding`: the reader and its answers on the corpus's test part.

Each message of `corpus/test-*.txt` is answered as the bot would (its time and zone pinned)
and its facts compared with the labels: intent, the day, yes/no, the reply's language, the
subject or minutes. A reply that answers but gets a fact wrong is "confident wrong"; the honest
"not understood" is only wrong, never confident wrong.
"""

from __future__ import annotations

import statistics
from typing import Any

from bench.understanding_corpus import Scored, answer, load
from bot.conversation.replies import shared_reader
from bot.core.config import load_config
from bot.schedule.airings import ShowCalendar

GOALS = {"answer_accuracy": 0.97, "confident_wrong_rate": 0.005, "median_ms": 5.0, "p95_ms": 20.0}
LANGUAGES = ("en", "fr", "nl")


def _rates(scored: list[Scored]) -> dict[str, float]:
    count = len(scored) or 1
    return {
        "answer_accuracy": round(sum(s.answer_ok for s in scored) / count, 4),
        "intent_accuracy": round(sum(s.intent_ok for s in scored) / count, 4),
        "confident_wrong_rate": round(sum(s.confident_wrong for s in scored) / count, 4),
        "messages": len(scored),
    }


def run(quick: bool) -> dict[str, Any]:
    """Accuracy figures on the test part, overall and per language, and the time per message."""
    shared_reader()  # trained at start-up in the bot too: not part of a message's time
    calendar = ShowCalendar(load_config(None).show)
    entries = load("test")
    for entry in entries[:50]:  # warm-up: caches and holiday tables, as after a few messages
        answer(entry, calendar)
    rounds = 1 if quick else 5
    scored = [answer(entry, calendar) for _ in range(rounds) for entry in entries]
    scored = scored[-len(entries) :]
    times = sorted(s.seconds * 1000 for s in scored)
    figures: dict[str, Any] = _rates(scored)
    for language in LANGUAGES:
        rates = _rates([s for s in scored if s.entry.language == language])
        figures[language] = rates
        for name in ("answer_accuracy", "intent_accuracy", "confident_wrong_rate"):
            figures[f"{language}_{name}"] = rates[name]
    figures["median_ms"] = round(statistics.median(times), 3)
    figures["p95_ms"] = round(times[int(len(times) * 0.95) - 1], 3)
    worst = min(figures[language]["answer_accuracy"] for language in LANGUAGES)
    figures["goals"] = GOALS
    figures["goals_met"] = {
        "answer_accuracy": worst >= GOALS["answer_accuracy"],
        "confident_wrong_rate": figures["confident_wrong_rate"] <= GOALS["confident_wrong_rate"],
        "median_ms": figures["median_ms"] <= GOALS["median_ms"],
        "p95_ms": figures["p95_ms"] <= GOALS["p95_ms"],
    }
    return figures
