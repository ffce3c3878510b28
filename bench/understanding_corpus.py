"""The labelled corpus of listener messages (`corpus/`): loading it and scoring replies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

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
