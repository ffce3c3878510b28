"""The labelled corpus of listener messages (`corpus/`): loading it and scoring replies."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.conversation.replies import Reply, reply_to
from bot.conversation.text import fold
from bot.schedule.airings import ShowCalendar

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ZONES = {
    "BXL": ZoneInfo("Europe/Brussels"),
    "MTL": ZoneInfo("America/Montreal"),
    "TYO": ZoneInfo("Asia/Tokyo"),
}
MOMENTS = {
    "noon": "2026-12-01T12:00",
    "live": "2026-12-01T18:30",
    "late": "2026-12-01T21:00",
    "sat": "2026-12-05T11:00",
    "midnight": "2026-12-02T00:05",
}


@dataclass(frozen=True)
class Entry:
    """One labelled message."""

    source: str  # file:line
    language: str  # the language the reply must be in
    telegram_language: str
    asked_at: dt.datetime  # aware, in the chat's zone
    zone: ZoneInfo
    intent: str
    date: str  # ISO date, "invalid" or ""
    yes: bool | None
    value: str
    message: str


def _entry(source: str, line: str) -> Entry:
    languages, at, zone, intent, date, yes, value, message = (
        part.strip() for part in line.split("|", 7)
    )
    expected, telegram = languages.split("/")
    return Entry(
        source=source,
        language=expected,
        telegram_language=telegram,
        asked_at=dt.datetime.fromisoformat(MOMENTS.get(at, at)).replace(tzinfo=ZONES[zone]),
        zone=ZONES[zone],
        intent=intent,
        date="" if date == "-" else date,
        yes=None if yes == "-" else yes == "yes",
        value="" if value == "-" else value,
        message=message,
    )


def load(part: str) -> list[Entry]:
    """The entries of one part ("test" or "dev"), all three languages."""
    entries = []
    for path in sorted(CORPUS.glob(f"{part}-*.txt")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("#"):
                entries.append(_entry(f"{path.name}:{number}", line))
    return entries


# Intents whose answers carry the same facts: the start and the time left; the airing of a day.
EQUIVALENT = {("countdown", "next"), ("next", "countdown"), ("on_day", "next")}


@dataclass(frozen=True)
class Scored:
    """How one reply fared against its entry."""

    entry: Entry
    intent: str
    intent_ok: bool
    answer_ok: bool
    confident_wrong: bool
    seconds: float
    why: str


def score(entry: Entry, reply: Reply, seconds: float) -> Scored:
    """Compare a reply's facts with what the entry expects."""
    intent = reply.understanding.intent
    got = intent.value if intent is not None else "none"
    not_understood = not reply.understood
    out_of_scope = entry.intent == "out_of_scope"
    intent_ok = got == entry.intent or (out_of_scope and not_understood)
    problems = []
    if reply.language != entry.language:
        problems.append(f"language {reply.language}")
    if out_of_scope:
        if not not_understood:
            problems.append(f"answered as {got}")
    elif not_understood:
        problems.append("not understood")
    else:
        if not intent_ok and (got, entry.intent) not in EQUIVALENT:
            problems.append(f"intent {got}")
        if entry.date == "invalid":
            if not reply.date_problem:
                problems.append("date not refused")
        elif entry.date and (reply.day is None or reply.day.isoformat() != entry.date):
            problems.append(f"date {reply.day}")
        if entry.yes is not None and reply.yes is not entry.yes:
            problems.append(f"yes/no {reply.yes}")
        elif entry.yes is None and reply.yes is not None:
            problems.append(f"yes/no {reply.yes} to a question that is not yes/no")
        if entry.value and entry.value not in fold(reply.subject):
            problems.append(f"value {reply.subject!r}")
    answer_ok = not problems
    return Scored(
        entry,
        got,
        intent_ok,
        answer_ok,
        confident_wrong=not answer_ok and reply.understood,
        seconds=seconds,
        why=", ".join(problems),
    )


def answer(entry: Entry, calendar: ShowCalendar) -> Scored:
    """Answer one entry as the bot would, timed, and score it."""
    started = time.perf_counter()
    reply = reply_to(
        entry.message, calendar, entry.zone, entry.asked_at, (None, entry.telegram_language)
    )
    return score(entry, reply, time.perf_counter() - started)
