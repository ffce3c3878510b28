"""Writes the table of measured figures from bench-results.json into the README."""

from __future__ import annotations

import json
import operator
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

README = Path("README.md")
RESULTS = Path("bench-results.json")
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"


class Goal(NamedTuple):
    """One figure of one scenario and the goal it is held to."""

    scenario: str
    field: str
    label: str
    goal: str
    check: Callable[[Any], bool]


def _at_least(limit: float) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, int | float) and value >= limit


def _at_most(limit: float) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, int | float) and value <= limit


def _measured(value: Any) -> bool:
    return isinstance(value, int | float)


GOALS: tuple[Goal, ...] = (
    Goal("fanout_limited", "ratio", "rate / limit, 3,000 chats at 30/s", "≥ 0.97", _at_least(0.97)),
    Goal("fanout_limited", "http_429", "429 answers", "0", _at_most(0)),
    Goal("fanout_limited", "duplicates", "duplicates", "0", _at_most(0)),
    Goal("fanout_limited", "missing", "missing", "0", _at_most(0)),
    Goal("fanout_unlimited", "msgs_per_s", "messages/s, 10,000 chats, no limit", "≥ 1,000",
         _at_least(1000)),
    Goal("fanout_unlimited", "ratio_to_ceiling", "fan-out rate ÷ rig ceiling (bare client)",
         "≥ 0.9", _at_least(0.9)),
    Goal("fanout_unlimited", "largest_to_smallest", "rate at 100,000 queued ÷ at 3,000",
         "≥ 0.9", _at_least(0.9)),
    Goal("fanout_paid", "ratio", "paid rate / 1,000/s, 20,000 chats", "≥ 0.9", _at_least(0.9)),
    Goal("fanout_paid", "seconds_for_100k", "paid: seconds for 100,000 chats", "≤ 111",
         _at_most(111)),
    Goal("fanout_paid", "http_429", "paid: 429 answers", "0", _at_most(0)),
    Goal("fanout_paid", "duplicates", "paid: duplicates", "0", _at_most(0)),
    Goal("fanout_paid", "missing", "paid: missing", "0", _at_most(0)),
    Goal("reply_during_fanout", "p95_ms", "reply p95 during fan-out (ms)", "≤ 1,000",
         _at_most(1000)),
    Goal("reply_during_fanout", "paid_p95_ms", "reply p95 during a paid fan-out (ms)", "≤ 1,000",
         _at_most(1000)),
    Goal("ingest", "entries_per_s", "feed entries stored/s", "≥ 2,000", _at_least(2000)),
    Goal("schedule_answer", "next_median_ms", "/next median (ms)", "≤ 1", _at_most(1)),
    Goal("schedule_answer", "question_median_ms", "free-text question median (ms)", "≤ 5",
         _at_most(5)),
    Goal("understanding", "en_answer_accuracy", "answer accuracy, English test part", "≥ 0.97",
         _at_least(0.97)),
    Goal("understanding", "fr_answer_accuracy", "answer accuracy, French test part", "≥ 0.97",
         _at_least(0.97)),
    Goal("understanding", "nl_answer_accuracy", "answer accuracy, Dutch test part", "≥ 0.97",
         _at_least(0.97)),
    Goal("understanding", "confident_wrong_rate", "confident wrong answers (share)", "≤ 0.005",
         _at_most(0.005)),
    Goal("understanding", "median_ms", "message read and answered, median (ms)", "≤ 5",
         _at_most(5)),
    Goal("understanding", "p95_ms", "message read and answered, p95 (ms)", "≤ 20", _at_most(20)),
    Goal("votes", "votes_per_s", "votes/s through the Application", "≥ 3,000", _at_least(3000)),
    Goal("votes", "ratio", "votes/s ÷ bare PTB ceiling", "≥ 0.5", _at_least(0.5)),
    Goal("votes", "lost", "votes lost", "0", _at_most(0)),
    Goal("vote_storm_edits", "max_edits_per_message_per_3s", "edits per message per 3 s", "≤ 1",
         _at_most(1)),
    Goal("vote_storm_edits", "final_tally_exact", "final tally exact", "true",
         lambda value: value is True),
    Goal("studio", "update_latency_ms_p95", "vote → studio page DOM p95, 50 pages (ms)", "≤ 1,000",
         _at_most(1000)),
    # The load the latency goal is measured under (issue 13: 1,000 votes/s offered); the
    # row says whether the rig and the bot really kept that rate up.
    Goal("studio", "votes_per_s", "votes/s kept up with 50 studio pages", "≥ 1,000",
         _at_least(1000)),
    Goal("studio", "max_edits_per_message_per_3s", "edits per message per 3 s, pages on", "≤ 1",
         _at_most(1)),
    # A cost to report (issue 12), not a goal: FULL may come out ahead on a fast disk.
    Goal("durability", "full_costs_ratio", "votes/s with FULL ÷ NORMAL + group commit",
         "reported", _measured),
    Goal("memory", "peak_rss_mb", "peak RSS, 100k-chat paid fan-out + 1M votes (MB)", "≤ 150",
         _at_most(150)),
    Goal("crash_soak", "duplicates_not_in_flight_at_a_kill", "soak: duplicates beyond in-flight",
         "0", _at_most(0)),
    Goal("crash_soak", "missing", "soak: missing", "0", _at_most(0)),
    Goal("crash_soak", "sent_to_blocked", "soak: sent to blocked chats", "0", _at_most(0)),
    Goal("crash_soak", "tally_exact", "soak: tally exact", "true", operator.truth),
    Goal("crash_soak", "integrity_ok", "soak: integrity_check ok", "true", operator.truth),
    Goal("crash_soak_paid", "duplicates_not_in_flight_at_a_kill",
         "paid soak: duplicates beyond in-flight", "0", _at_most(0)),
    Goal("crash_soak_paid", "missing", "paid soak: missing", "0", _at_most(0)),
)  # fmt: skip


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 10 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "—" if value is None else str(value)


def table(results: dict[str, Any]) -> str:
    """The Markdown table of every goal, measured or not."""
    lines = [
        "| scenario | figure | measured | goal | met | cores | quick |",
        "|---|---|---|---|---|---|---|",
    ]
    for goal in GOALS:
        run = results.get(goal.scenario)
        if not isinstance(run, dict) or goal.field not in run:
            lines.append(f"| {goal.scenario} | {goal.label} | not run | {goal.goal} | — | — | — |")
            continue
        value = run[goal.field]
        met = "yes" if goal.check(value) else "**no**"
        quick = "yes" if run.get("quick") else "no"
        lines.append(
            f"| {goal.scenario} | {goal.label} | {_format(value)} | {goal.goal} | {met} "
            f"| {run.get('cores', '—')} | {quick} |"
        )
    return "\n".join(lines)


def refresh_readme(readme: Path = README, results_path: Path = RESULTS) -> None:
    """Replace the table between the README's bench markers with the measured figures."""
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    text = readme.read_text()
    block = f"{BEGIN}\n{table(results)}\n{END}"
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n## Performance\n\n" + block + "\n"
    readme.write_text(text)


if __name__ == "__main__":
    refresh_readme()
    sys.exit(0)
