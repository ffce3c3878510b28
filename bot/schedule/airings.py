"""Airings of a show computed from its config: weekly slots, cancellations, specials, holidays.

All instants are aware datetimes; local times are combined with the show's `zoneinfo` zone,
so DST changes move the UTC instant and keep the wall-clock time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.schedule.config import ShowConfig

# How far ahead to look for the next airing before giving up (a show cancelled for a year).
SEARCH_DAYS = 400


@dataclass(frozen=True)
class Airing:
    """One airing of a show; `cancelled` ones are listed but do not air."""

    show: ShowConfig
    start: dt.datetime
    end: dt.datetime
    special: bool = False
    cancelled: bool = False
    note: str = ""  # the special's note, or the holiday's name in English
    holiday: bool = False  # cancelled for a public holiday (its name: `holiday_name`)

    def on_air(self, now: dt.datetime) -> bool:
        """Whether `now` falls within the airing."""
        return not self.cancelled and self.start <= now < self.end

    @property
    def ref(self) -> str:
        """A stable reference: the start instant in UTC, ISO format."""
        return self.start.astimezone(dt.UTC).isoformat()


# The `holidays` package's language codes for ours (English names are its en_US ones).
HOLIDAY_LANGUAGES = {"en": "en_US", "fr": "fr", "nl": "nl"}


@lru_cache(maxsize=64)
def _holidays(country: str, year: int, language: str | None = None) -> Any:
    import holidays

    return holidays.country_holidays(country, years=year, language=language)


def holiday_name(country: str, day: dt.date, language: str | None = None) -> str | None:
    """The public holiday of `country` on `day`, named in `language` where the package can."""
    if not country:
        return None
    name = _holidays(country, day.year, HOLIDAY_LANGUAGES.get(language or "")).get(day)
    return str(name) if name else None


class ShowCalendar:
    """The airings of one show."""

    def __init__(self, show: ShowConfig) -> None:
        self.show = show
        self._zone = show.zone
        self._cancelled = frozenset(show.cancelled)
        self._specials: dict[dt.date, list[Airing]] = {}
        for special in show.specials:
            self._specials.setdefault(special.date, []).append(
                Airing(
                    show,
                    self._at(special.date, special.start),
                    self._at(special.date, special.end),
                    special=True,
                    note=special.note,
                )
            )
        self._day_cache: dict[dt.date, tuple[Airing, ...]] = {}

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self._zone)

    def holiday_name(self, day: dt.date) -> str | None:
        """The public holiday on this show-local date, if the show skips holidays."""
        return holiday_name(self.show.skip_holidays_of, day)

    def airings_on(self, day: dt.date) -> tuple[Airing, ...]:
        """Airings on a date of the show's calendar, cancelled ones included and marked."""
        cached = self._day_cache.get(day)
        if cached is not None:
            return cached
        if day in self._specials:
            found = tuple(sorted(self._specials[day], key=lambda airing: airing.start))
        else:
            holiday = self.holiday_name(day)
            cancelled = day in self._cancelled or holiday is not None
            found = tuple(
                sorted(
                    (
                        Airing(
                            self.show,
                            self._at(day, slot.start),
                            self._at(day, slot.end),
                            cancelled=cancelled,
                            note=holiday or "",
                            holiday=holiday is not None and day not in self._cancelled,
                        )
                        for slot in self.show.slots
                        if day.weekday() in slot.weekdays
                    ),
                    key=lambda airing: airing.start,
                )
            )
        if len(self._day_cache) > 2048:
            self._day_cache.clear()
        self._day_cache[day] = found
        return found

    def airings_between(
        self, start: dt.datetime, end: dt.datetime, *, include_cancelled: bool = True
    ) -> list[Airing]:
        """Airings starting in [start, end), in order."""
        first = start.astimezone(self._zone).date() - dt.timedelta(days=1)
        last = end.astimezone(self._zone).date() + dt.timedelta(days=1)
        found: list[Airing] = []
        day = first
        while day <= last:
            found.extend(
                airing
                for airing in self.airings_on(day)
                if start <= airing.start < end and (include_cancelled or not airing.cancelled)
            )
            day += dt.timedelta(days=1)
        return found

    def current(self, now: dt.datetime) -> Airing | None:
        """The airing on air at `now`, if any."""
        today = now.astimezone(self._zone).date()
        for day in (today - dt.timedelta(days=1), today):
            for airing in self.airings_on(day):
                if airing.on_air(now):
                    return airing
        return None

    def next_airing(self, now: dt.datetime) -> Airing | None:
        """The first airing that is not cancelled and starts after `now`."""
        day = now.astimezone(self._zone).date()
        for _ in range(SEARCH_DAYS):
            for airing in self.airings_on(day):
                if not airing.cancelled and airing.start > now:
                    return airing
            day += dt.timedelta(days=1)
        return None

    def on_local_date(self, day: dt.date, zone: dt.tzinfo) -> list[Airing]:
        """Airings (cancelled included) starting on a calendar date of another zone."""
        start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return self.airings_between(start, end)
