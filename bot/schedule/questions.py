"""Reading a schedule question in plain English, French or Dutch.

Everything here is keyword matching on an accent-free, lower-case copy of the text, which is
fast; `dateparser` is called only on a short snippet that looks like a date (a month name or
a numeric date), so most questions never reach it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Only the start of a very long message is read: a question is short.
MAX_READ = 1000


class Intent(StrEnum):
    """What the listener asks."""

    WHEN = "when"  # when is it on
    NOW = "now"  # is it on now
    DAY = "day"  # is it on tonight / tomorrow / Friday / 25 December
    END = "end"  # what time does it end
    HOSTS = "hosts"  # who presents it
    STATION = "station"  # which station
    DATE_PROBLEM = "date_problem"  # a date that is impossible, unreadable or several
    NONE = "none"  # not a schedule question


@dataclass(frozen=True)
class Question:
    """A question as read: its intent, language, and the date asked about."""

    intent: Intent
    language: str | None
    day: dt.date | None = None
    problem: str = ""  # "impossible_date", "unreadable_date", "ambiguous_date"
    snippet: str = ""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words that only one language uses (accent-free). Shared words ("is", "radio") are left out.
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "en": _word_set(
        "when what time does the show on tonight today tomorrow who which station end ends "
        "start starts air airing program broadcast presents hosts host presenter now right "
        "currently will be next monday tuesday wednesday thursday friday saturday sunday "
        "december january february march april june july august october of it this evening "
        "finish over how long until day after are you playing channel"
    ),
    "fr": _word_set(
        "quand quelle quel heure est ce que l emission passe soir aujourd hui demain qui "
        "presente anime animateur animatrice animateurs chaine finit termine commence "
        "diffusee diffuse antenne maintenant moment lundi mardi mercredi jeudi vendredi samedi "
        "dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre "
        "decembre le la les c elle il y jusqu direct ca sur prochaine actuellement fin "
        "apres vous semaine"
    ),
    "nl": _word_set(
        "wanneer hoe laat het programma uitzending vanavond vandaag morgen wie presenteert "
        "presentator presentatoren welke zender eindigt begint nu lucht maandag dinsdag "
        "woensdag donderdag vrijdag zaterdag zondag januari februari maart mei juni juli "
        "augustus oktober op er van tot gedaan afgelopen momenteel volgende overmorgen "
        "uur ik jullie dit avond wordt welk"
    ),
}

HOSTS_PHRASES = (
    "who presents", "who hosts", "who is presenting", "who are the hosts", "who presented",
    "presenter", "presenters", "host", "hosts", "who is on", "who does the show",
    "qui presente", "qui anime", "qui sont les", "presentateur", "presentatrice",
    "presentateurs", "animateur", "animatrice", "animateurs", "presente par", "presentee par",
    "wie presenteert", "wie presenteren", "presentator", "presentatoren", "wie maakt",
    "gepresenteerd", "wie zijn de",
)  # fmt: skip
STATION_PHRASES = (
    "which station", "what station", "which radio", "what radio", "which channel",
    "what channel", "frequency", "which frequency", "where can i listen", "where to listen",
    "quelle station", "quelle radio", "quelle chaine", "sur quelle", "quelle frequence",
    "frequence", "ou ecouter", "welke zender", "welke radio", "welk station", "op welke",
    "waar luisteren", "frequentie", "welke frequentie",
)  # fmt: skip
END_PHRASES = (
    "end", "ends", "ending", "finish", "finishes", "until what time", "till what time",
    "how long", "over at", "finit", "termine", "fin de", "jusqu a quelle heure",
    "jusqu a quand", "combien de temps", "eindigt", "gedaan", "afgelopen", "stopt",
    "tot hoe laat", "hoe lang",
)  # fmt: skip
NOW_PHRASES = (
    "now", "right now", "currently", "at the moment", "on air now", "maintenant",
    "en ce moment", "actuellement", "a l instant", "nu", "op dit moment", "momenteel",
)  # fmt: skip
WHEN_PHRASES = (
    "when", "what time", "which time", "at what time", "schedule", "what days",
    "which days", "timetable", "quand", "quelle heure", "a quelle heure", "horaire",
    "horaires", "quels jours", "quel jour", "wanneer", "hoe laat", "welk uur", "om hoe laat",
    "welke dagen", "uurrooster",
)  # fmt: skip
# Words showing the message is about the show at all.
SHOW_WORDS = (
    "show", "programme", "program", "broadcast", "on air", "radio", "newspaper", "bel rtl",
    "emission", "passe", "diffuse", "diffusee", "antenne", "en direct", "journal",
    "programma", "uitzending", "in de lucht", "krant", "zender", "is it on", "is het",
    "c est", "ca passe", "live",
)  # fmt: skip
# Words showing the message is about another feature (polls, articles), not the schedule.
OTHER_TOPICS = (
    "poll", "polls", "vote", "voted", "votes", "sondage", "sondages", "voter", "peiling",
    "stemmen", "article", "articles", "artikel", "artikels", "news", "nouvelles", "nieuws",
    "subscribe", "subscription", "abonnement", "abonner",
)  # fmt: skip

TODAY = ("today", "tonight", "this evening", "aujourd hui", "ce soir", "vandaag", "vanavond")
TOMORROW = (
    "tomorrow", "tomorrow night", "tomorrow evening", "demain", "demain soir", "morgen",
    "morgenavond",
)  # fmt: skip
AFTER_TOMORROW = ("day after tomorrow", "apres demain", "apres-demain", "overmorgen")
WEEKDAY_WORDS = (
    ("monday", "lundi", "maandag"),
    ("tuesday", "mardi", "dinsdag"),
    ("wednesday", "mercredi", "woensdag"),
    ("thursday", "jeudi", "donderdag"),
    ("friday", "vendredi", "vrijdag"),
    ("saturday", "samedi", "zaterdag"),
    ("sunday", "dimanche", "zondag"),
)
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "janvier", "janv", "januari"),
        ("february", "feb", "fevrier", "fevr", "februari"),
        ("march", "mar", "mars", "maart", "mrt"),
        ("april", "apr", "avril", "avr"),
        ("may", "mai", "mei"),
        ("june", "jun", "juin", "juni"),
        ("july", "jul", "juillet", "juil", "juli"),
        ("august", "aug", "aout", "augustus"),
        ("september", "sep", "sept", "septembre"),
        ("october", "oct", "octobre", "oktober", "okt"),
        ("november", "nov", "novembre"),
        ("december", "dec", "decembre"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th|er|e|eme|ste|de|re)?"
DATE_PATTERNS = (
    # 25 December, 25th of December 2026, 1er mai, 25 dec.
    re.compile(rf"\b(\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?({_MONTH})\b\.?(?:\s+(\d{{4}}))?"),
    # December 25, December 25th 2026
    re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORDINAL}\b(?:,?\s+(\d{{4}}))?"),
    # 25/12, 25-12-2026, 25.12.26
    re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b"),
    # 2026-12-25
    re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
)
# "at 6.10", "à 18.10", "om 18.10", "vers 6.10" ... and "6.10 pm", "18.10 h", "18.10 uur".
_TIME_BEFORE = re.compile(r"\b(?:at|a|om|vers|rond|tegen|around|from|des|vanaf|until|tot)\s*$")
_TIME_AFTER = re.compile(r"\s*(?:h|u|uur|pm|am|p\.m\.|a\.m\.)(?![a-z])")
_WORDS = re.compile(r"[a-z0-9]+")


def without_accents(message: str) -> str:
    """Lower case with accents removed (punctuation kept, for reading dates)."""
    decomposed = unicodedata.normalize("NFKD", message[:MAX_READ].lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(message: str) -> str:
    """Lower case, accents removed, punctuation turned into single spaces."""
    return " ".join(_WORDS.findall(without_accents(message)))


def _has(padded: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {phrase} " in padded for phrase in phrases)


def detect_language(words: list[str]) -> str | None:
    """The language whose own words the message uses most, if any stands out."""
    scores = dict.fromkeys(LANGUAGE_WORDS, 0)
    for word in words:
        owners = [language for language, known in LANGUAGE_WORDS.items() if word in known]
        if len(owners) == 1:
            scores[owners[0]] += 1
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if ranked[0][1] == 0 or ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _weekdays_named(padded: str) -> list[int]:
    return [day for day, names in enumerate(WEEKDAY_WORDS) if _has(padded, names)]


def _date_snippets(lowered: str) -> list[tuple[str, tuple[str | None, ...], int]]:
    """Date-like snippets of the (accent-free) text: (snippet, groups, pattern index)."""
    found = []
    taken: list[tuple[int, int]] = []
    for index, pattern in enumerate(DATE_PATTERNS):
        for match in pattern.finditer(lowered):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            if index == 2 and _is_time(lowered, match):
                continue  # "18.30", "at 6.10" or "18-19" is a time, not a date
            taken.append((match.start(), match.end()))
            found.append((match.group(0), match.groups(), index))
    return found


def _is_time(lowered: str, match: re.Match[str]) -> bool:
    """Whether a numeric "d.m" snippet is a clock time: not a month, or said as a time."""
    if not 1 <= int(match.group(2)) <= 12:
        return True
    if match.group(3) is not None:
        return False
    before, after = lowered[: match.start()], lowered[match.end() :]
    return bool(_TIME_BEFORE.search(before) or _TIME_AFTER.match(after))


def _next_date(day: int, month: int, today: dt.date) -> dt.date:
    """The first day/month from today on (29 February may be a few years away)."""
    year = today.year
    while not _exists(day, month, year) or dt.date(year, month, day) < today:
        year += 1
    return dt.date(year, month, day)


def _day_month(groups: tuple[str | None, ...], kind: int) -> tuple[int, int, int | None]:
    """Day, month and year as numbers (before checking they exist)."""
    if kind == 0:
        day, month, year = int(groups[0] or 0), MONTHS[str(groups[1])], groups[2]
    elif kind == 1:
        day, month, year = int(groups[1] or 0), MONTHS[str(groups[0])], groups[2]
    elif kind == 2:
        day, month, year = int(groups[0] or 0), int(groups[1] or 0), groups[2]
    else:
        day, month, year = int(groups[2] or 0), int(groups[1] or 0), groups[0]
    number = int(year) if year else None
    if number is not None and number < 100:
        number += 2000
    return day, month, number


def _exists(day: int, month: int, year: int | None) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year or 2028, month)[1]  # 2028: a leap year


class DateReader:
    """Reads a date snippet with `dateparser`, which knows English, French and Dutch."""

    def __init__(self) -> None:
        self._parse: Any = None

    def warm_up(self) -> None:
        """Import `dateparser` and load its three languages (slow once, fast after)."""
        base = dt.datetime(2026, 1, 1)  # noqa: DTZ001 - dateparser wants a naive base
        for sample, language in (
            ("25 december", "en"),
            ("25 decembre", "fr"),
            ("25 december", "nl"),
        ):
            self.read(sample, language, base)

    def read(self, snippet: str, language: str | None, base: dt.datetime) -> dt.date | None:
        """The date in `snippet`, the next one from `base` when it has no year."""
        if self._parse is None:
            import dateparser

            self._parse = dateparser.parse
        settings = {
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": base,
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month"],
        }
        languages = [language] if language else ["en", "fr", "nl"]
        parsed = self._parse(snippet, languages=languages, settings=settings)
        if parsed is None and language:
            parsed = self._parse(snippet, languages=["en", "fr", "nl"], settings=settings)
        return parsed.date() if parsed is not None else None


DATES = DateReader()


def read_question(message: str, today: dt.date, now_local: dt.datetime) -> Question:
    """Read a message as a schedule question; `today`/`now_local` are in the chat's zone."""
    plain = without_accents(message)
    words = _WORDS.findall(plain)
    padded = f" {' '.join(words)} "
    language = detect_language(words)
    if _has(padded, HOSTS_PHRASES):
        return Question(Intent.HOSTS, language)
    if _has(padded, STATION_PHRASES):
        return Question(Intent.STATION, language)
    show_words = _has(padded, SHOW_WORDS)
    if not show_words and _has(padded, OTHER_TOPICS):
        return Question(Intent.NONE, language)
    about_show = show_words or "?" in message[:MAX_READ] or _has(padded, WHEN_PHRASES)
    day_question = _read_day(padded, plain, language, today, now_local)
    if day_question is not None and (about_show or len(words) <= 5):
        return day_question
    if _has(padded, END_PHRASES) and about_show:
        return Question(Intent.END, language)
    if _has(padded, NOW_PHRASES) and about_show:
        return Question(Intent.NOW, language)
    if _has(padded, WHEN_PHRASES) or show_words:
        return Question(Intent.WHEN, language)
    return Question(Intent.NONE, language)


def _read_day(
    padded: str, plain: str, language: str | None, today: dt.date, now_local: dt.datetime
) -> Question | None:
    """A question about a given day, or a date problem, or None when no day is named."""
    snippets = _date_snippets(plain)
    weekdays = _weekdays_named(padded)
    relative: dt.date | None = None
    if _has(padded, AFTER_TOMORROW):
        relative = today + dt.timedelta(days=2)
    elif _has(padded, TOMORROW):
        relative = today + dt.timedelta(days=1)
    elif _has(padded, TODAY):
        relative = today
    named = len(snippets) + len(weekdays) + (relative is not None)
    if named == 0:
        return None
    if len(snippets) > 1 or len(weekdays) > 1:
        return Question(Intent.DATE_PROBLEM, language, problem="ambiguous_date")
    if snippets:
        snippet, groups, kind = snippets[0]
        day, month, year = _day_month(groups, kind)
        if not _exists(day, month, year):
            return Question(
                Intent.DATE_PROBLEM, language, problem="impossible_date", snippet=snippet
            )
        if kind >= 2:  # all numbers: already read (dateparser takes "6.10" for a time)
            found: dt.date | None = (
                dt.date(year, month, day) if year else _next_date(day, month, today)
            )
        else:
            found = DATES.read(snippet, language, now_local.replace(tzinfo=None))
        if found is None:
            return Question(
                Intent.DATE_PROBLEM, language, problem="unreadable_date", snippet=snippet
            )
        if year is None and found < today:
            found = found.replace(year=found.year + 1)
        return Question(Intent.DAY, language, day=found)
    if weekdays:
        return Question(
            Intent.DAY, language, day=today + dt.timedelta((weekdays[0] - today.weekday()) % 7)
        )
    return Question(Intent.DAY, language, day=relative)
