"""Days named in a message: ISO and day-first dates, month names, weekdays, relative words and
public holidays in three languages (names from the `holidays` package, localized)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.conversation.intents import LanguageData, Phrase
from bot.conversation.text import fold, phrase

DAY_MARK = "qday"  # stands for a day in the words the classifier and the cues see
TIME_MARK = "qtime"
HOLIDAY_COUNTRY = "BE"
HOLIDAY_LANGUAGES = {"en": "en_US", "fr": "fr", "nl": "nl"}

_ORDINAL = r"(?:st|nd|rd|th|er|e|eme|ste|de|re)?"
_TIME_BEFORE = re.compile(r"\b(?:at|a|om|vers|rond|tegen|around|from|des|vanaf|until|tot)\s*$")
_TIME_AFTER = re.compile(r"\s*(?:h|u|uur|pm|am|p\.m\.|a\.m\.)(?![a-z])")
_TIME = re.compile(
    r"\b(?:[01]?\d|2[0-3])\s*(?:[:h]\s*[0-5]\d|h|u\b|uur\b|pm\b|am\b)|\b(?:[01]?\d|2[0-3])\.[0-5]\d\b"
)
# A bare hour after 'at' ('tomorrow at 6', 'om 6', 'vers 6'), not a number of minutes or a date.
_BARE_HOUR = re.compile(
    r"\b(at|a|om|vers|around|rond|tegen)\s+(?:[01]?\d|2[0-3])\b(?!\s*(?:min|mn|[/.:-]\d))"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b")


@dataclass(frozen=True)
class DaySlot:
    """A day the message names, or the problem with the date it wrote."""

    day: dt.date | None
    source: str  # "date", "weekday", "holiday", "today", "tomorrow", ... or "problem"
    problem: str = ""  # "impossible_date", "ambiguous_date"
    snippet: str = ""

    @property
    def relative(self) -> bool:
        """Whether the day was named relative to today (tonight, tomorrow, …)."""
        return self.source not in ("date", "weekday", "holiday", "problem")


def exists(day: int, month: int, year: int | None) -> bool:
    """Whether the day exists (29 February in a leap year when no year is given)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= calendar.monthrange(year or 2028, month)[1]


def next_date(day: int, month: int, today: dt.date) -> dt.date:
    """The first day/month from today on."""
    year = today.year
    while not exists(day, month, year) or dt.date(year, month, day) < today:
        year += 1
    return dt.date(year, month, day)


def next_day_of_month(day: int, today: dt.date) -> dt.date:
    """The first date from today on whose day of the month is `day` (1–31)."""
    year, month = today.year, today.month
    while not exists(day, month, year) or dt.date(year, month, day) < today:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, day)


def _in_next_week(found: list[DaySlot]) -> list[DaySlot]:
    """A weekday named with 'next week' ('wednesday next week', 'mercredi de la semaine
    prochaine') is that day of next week, not of this one."""
    week = next((slot for slot in found if slot.source == "next_week"), None)
    if week is None or week.day is None:
        return found
    named = [slot.day for slot in found if slot.source == "weekday" and slot.day is not None]
    if not named:
        return found
    return [DaySlot(week.day + dt.timedelta(days=named[0].weekday()), "weekday")]


@cache
def _holidays(year: int) -> dict[Phrase, tuple[str, dt.date]]:
    """Folded holiday name → (name, date) for one year, in the three languages."""
    import holidays

    found: dict[Phrase, tuple[str, dt.date]] = {}
    for language in HOLIDAY_LANGUAGES.values():
        table: Any = holidays.country_holidays(HOLIDAY_COUNTRY, years=year, language=language)
        for day, name in table.items():
            found[phrase(str(name))] = (str(name), day)
    return found


def warm_up(today: dt.date) -> None:
    """Load the holiday tables for this year and the next."""
    _holidays(today.year)
    _holidays(today.year + 1)


class DayReader:
    """Finds the day a message is about; built once with the three languages' words."""

    def __init__(self, languages: dict[str, LanguageData], year: int) -> None:
        months: dict[str, int] = {}
        for data in languages.values():
            months |= data.months
        self._months = months
        names = "|".join(sorted(months, key=len, reverse=True))
        self._day_month = re.compile(
            rf"\b(\d{{1,2}}|premier){_ORDINAL}\s+(?:of\s+)?({names})\b\.?(?:\s+(\d{{4}}))?"
        )
        self._month_day = re.compile(
            rf"\b({names})\.?\s+(\d{{1,2}}){_ORDINAL}\b(?:,?\s+(\d{{4}}))?"
        )
        # A day of the month alone after an article or a weekday ('le 24', 'the 24th', 'op de
        # 24e', 'lundi 14', 'monday the 14th'): the next one.
        weekdays = "|".join(
            sorted(
                {
                    words[0]
                    for data in languages.values()
                    for names in data.weekdays
                    for words in names
                    if len(words) == 1
                },
                key=len,
                reverse=True,
            )
        )
        self._day_of_month = re.compile(
            rf"\b(?:le|the|op de|de|({weekdays})(?:\s+(?:the|de|le))?)\s+(\d{{1,2}}){_ORDINAL}\b"
            r"(?!\s*(?:min|mn|h\b|u\b|uur|[/.:-]\d))"
        )
        self._phrases: list[tuple[Phrase, str, object]] = []
        self._habitual: set[str] = set()
        self._single: dict[str, set[str]] = {}
        for code, data in languages.items():
            before = len(self._phrases)
            self._habitual |= data.habitual
            for key, phrases in data.relative.items():
                self._phrases += [(words, key, None) for words in phrases]
            for weekday, phrases in enumerate(data.weekdays):
                self._phrases += [(words, "weekday", weekday) for words in phrases]
            self._phrases += [(words, "holiday", name) for words, name in data.holidays.items()]
            self._phrases += [(words, "fixed", day) for words, day in data.fixed_days.items()]
            self._phrases += [(words, "next", None) for words in data.next_words]
            self._single[code] = {
                words[0] for words, _, _ in self._phrases[before:] if len(words) == 1
            }
        for words, (name, _) in _holidays(year).items():
            self._phrases.append((words, "holiday", name))
        self._phrases.sort(key=lambda item: -len(item[0]))

    # Dates written with digits or month names -------------------------------------------------
    def mark_dates(self, folded: str, today: dt.date) -> tuple[str, list[DaySlot]]:
        """The text with each written date replaced by a mark, and the dates read."""
        found: list[DaySlot] = []

        def iso(match: re.Match[str]) -> str:
            year, month, day = (int(part) for part in match.groups())
            found.append(self._slot(day, month, year, match.group(0), today))
            return f" {DAY_MARK} "

        def numeric(match: re.Match[str]) -> str:
            text = match.string
            if self._is_time(text, match):
                return match.group(0)
            year = int(match.group(3)) if match.group(3) else None
            if year is not None and year < 100:
                year += 2000
            found.append(
                self._slot(int(match.group(1)), int(match.group(2)), year, match.group(0), today)
            )
            return f" {DAY_MARK} "

        def day_month(match: re.Match[str]) -> str:
            year = int(match.group(3)) if match.group(3) else None
            month = self._months[match.group(2)]
            day = 1 if match.group(1) == "premier" else int(match.group(1))
            found.append(self._slot(day, month, year, match.group(0), today))
            return f" {DAY_MARK} "

        def month_day(match: re.Match[str]) -> str:
            year = int(match.group(3)) if match.group(3) else None
            month = self._months[match.group(1)]
            found.append(self._slot(int(match.group(2)), month, year, match.group(0), today))
            return f" {DAY_MARK} "

        text = _ISO.sub(iso, folded)
        text = _NUMERIC.sub(numeric, text)
        text = self._day_month.sub(day_month, text)
        text = self._month_day.sub(month_day, text)

        def day_of_month(match: re.Match[str]) -> str:
            day = int(match.group(2))
            if not 1 <= day <= 31:
                return match.group(0)
            found.append(DaySlot(next_day_of_month(day, today), "date"))
            return f" {match.group(1) or ''} {DAY_MARK} "  # a weekday stays a word to mark

        text = self._day_of_month.sub(day_of_month, text)
        text = _TIME.sub(f" {TIME_MARK} ", text)
        text = _BARE_HOUR.sub(rf"\1 {TIME_MARK}", text)
        return text, found

    @staticmethod
    def _is_time(text: str, match: re.Match[str]) -> bool:
        """Whether 'd.m' is a clock time: not a month, or said as a time ('at 6.10')."""
        if not 1 <= int(match.group(2)) <= 12:
            return match.group(3) is None and int(match.group(1)) <= 23 and "." in match.group(0)
        if match.group(3) is not None:
            return False
        before, after = text[: match.start()], text[match.end() :]
        return bool(_TIME_BEFORE.search(before) or _TIME_AFTER.match(after))

    @staticmethod
    def _slot(day: int, month: int, year: int | None, snippet: str, today: dt.date) -> DaySlot:
        if not exists(day, month, year):
            return DaySlot(None, "problem", "impossible_date", snippet.strip())
        found = dt.date(year, month, day) if year else next_date(day, month, today)
        return DaySlot(found, "date")

    # Days named with words --------------------------------------------------------------------
    def single_words(self, code: str) -> set[str]:
        """The one-word day phrases of a language ('hier' in French, not in Dutch)."""
        return self._single[code]

    def mark_words(
        self, words: list[str], today: dt.date, not_days: frozenset[str] | None = None
    ) -> tuple[list[str], list[DaySlot]]:
        """The words with each named day replaced by a mark, and the days read.

        `not_days`: words of the message's language that are a day only in another language.
        A weekday after a habitual article ('le samedi': on Saturdays) is no single day.
        """
        marked: list[str] = []
        found: list[DaySlot] = []
        upcoming = False  # "next"/"prochain" seen: a weekday means the one after today
        index = 0
        while index < len(words):
            match = self._phrase_at(words, index)
            if match is not None and match[0] == 1 and not_days and words[index] in not_days:
                match = None
            if (
                match is not None
                and match[1] == "weekday"
                and index > 0
                and words[index - 1] in self._habitual
                and not (index + 1 < len(words) and words[index + 1].isdigit())
            ):
                match = None
            if match is None:
                marked.append(words[index])
                index += 1
                continue
            size, kind, value = match
            if kind == "next":
                upcoming = True
                marked.append(words[index])
            else:
                found.append(self._named(kind, value, today))
                marked.append(DAY_MARK)
            index += size
        if upcoming:
            found = [self._after_today(slot, today) for slot in found]
        return marked, _in_next_week(found)

    def _phrase_at(self, words: list[str], index: int) -> tuple[int, str, object] | None:
        for candidate, kind, value in self._phrases:
            if tuple(words[index : index + len(candidate)]) == candidate:
                return len(candidate), kind, value
        return None

    @staticmethod
    def _after_today(slot: DaySlot, today: dt.date) -> DaySlot:
        if slot.source == "weekday" and slot.day == today:
            return DaySlot(today + dt.timedelta(days=7), "weekday")
        return slot

    def _named(self, kind: str, value: object, today: dt.date) -> DaySlot:
        if kind == "weekday":
            assert isinstance(value, int)
            return DaySlot(today + dt.timedelta(days=(value - today.weekday()) % 7), "weekday")
        if kind == "holiday":
            return self._holiday(str(value), today)
        if kind == "fixed":
            month, day = (int(part) for part in str(value).split("-"))
            return DaySlot(next_date(day, month, today), "date")
        offsets = {
            "today": 0,
            "tomorrow": 1,
            "after_tomorrow": 2,
            "yesterday": -1,
            "before_yesterday": -2,
        }
        if kind in offsets:
            return DaySlot(today + dt.timedelta(days=offsets[kind]), kind)
        if kind == "this_weekend":
            return DaySlot(today + dt.timedelta(days=max(0, 5 - today.weekday())), kind)
        return DaySlot(today + dt.timedelta(days=7 - today.weekday()), kind)  # next week: Monday

    @staticmethod
    def _holiday(name: str, today: dt.date) -> DaySlot:
        wanted = phrase(name)
        for year in (today.year, today.year + 1, today.year + 2):
            entry = _holidays(year).get(wanted)
            if entry is not None and entry[1] >= today:
                return DaySlot(entry[1], "holiday")
        return DaySlot(None, "problem", "unreadable_date", name)


__all__ = ["DAY_MARK", "TIME_MARK", "DayReader", "DaySlot", "fold", "warm_up"]
