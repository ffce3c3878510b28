"""Dates, times, day names, lists and numbers as each language writes them (Babel, CLDR).

Belgian French and Dutch, British English: 24-hour times, "lundi 30 novembre", "1.440".
Nothing here is typed by hand: month and day names come from Babel's locale data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date, format_datetime, format_time, get_day_names
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from bot.texts import pick_language

LOCALES = {"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"}


def locale_of(language: str | None) -> str:
    """The Babel locale for a language code ('fr' → 'fr_BE'; English when unsupported)."""
    return LOCALES[pick_language(language)]


def weekday_name(weekday: int, language: str | None) -> str:
    """The weekday's name, as written inside a sentence (Monday is 0): 'lundi', 'Monday'."""
    return str(get_day_names("wide", context="format", locale=locale_of(language))[weekday])


def day_label(day: dt.date, language: str | None, *, with_year: bool = False) -> str:
    """'Monday 30 November', 'lundi 30 novembre', 'maandag 30 november' (+ year if asked)."""
    pattern = "EEEE d MMMM y" if with_year else "EEEE d MMMM"
    return str(format_date(day, pattern, locale=locale_of(language)))


def short_moment(moment: dt.datetime, language: str | None) -> str:
    """'Mon 30 Nov, 19:00', 'lun. 30 nov., 19:00', 'ma 30 nov, 19:00' (wall clock of `moment`)."""
    return str(format_datetime(moment, "EEE d MMM, HH:mm", locale=locale_of(language)))


def clock_time(moment: dt.datetime | dt.time, language: str | None) -> str:
    """The wall-clock time of `moment` on a 24-hour clock: '19:00'."""
    return str(format_time(moment, "HH:mm", locale=locale_of(language)))


def list_of(items: Sequence[str], language: str | None) -> str:
    """'a, b and c', 'a, b et c', 'a, b en c'."""
    return str(format_list(list(items), locale=locale_of(language)))


def number(value: int | float, language: str | None) -> str:
    """A number with the language's grouping: 1,440 · 1 440 · 1.440."""
    return str(format_decimal(value, locale=locale_of(language)))


def percent(whole_percent: int, language: str | None) -> str:
    """A whole percentage as the language writes it: 33% (en, nl), 33 % (fr)."""
    return str(format_percent(whole_percent / 100, locale=locale_of(language)))


def share_figure(whole_percent: int, votes: int, language: str | None) -> str:
    """An option's share and its votes: '33% (1,234)', '33 % (1 234)', '33% (1.234)'."""
    return f"{percent(whole_percent, language)} ({number(votes, language)})"
