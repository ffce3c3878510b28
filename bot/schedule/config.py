"""Show and schedule configuration (the `[[shows]]` tables of the TOML config).

Every problem is reported as its own validation error, so a bad config gives one line per
problem: an unknown weekday, an end before its start, overlapping slots, an unknown zone.
"""

from __future__ import annotations

import datetime as dt
import itertools
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{name: index for index, name in enumerate(WEEKDAYS)},
    **{
        name: index
        for index, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
}


@cache
def zone(name: str) -> ZoneInfo:
    """The zone for an IANA name (cached; raises `ValueError` for unknown names)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"unknown time zone {name!r} (use an IANA name such as 'Europe/Brussels')"
        raise ValueError(msg) from None


class SlotConfig(BaseModel):
    """A weekly slot: the show airs on these weekdays from `start` to `end` (show's zone)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    days: tuple[str, ...]
    start: dt.time
    end: dt.time

    @field_validator("days", mode="before")
    @classmethod
    def _known_days(cls, value: object) -> object:
        if not isinstance(value, list | tuple):
            return value
        names, unknown = [], []
        for day in value:
            index = _DAY_NAMES.get(str(day).strip().lower())
            if index is None:
                unknown.append(str(day))
            else:
                names.append(WEEKDAYS[index])
        if unknown:
            msg = f"unknown weekday {', '.join(map(repr, unknown))} (use mon, tue, … sun)"
            raise ValueError(msg)
        if not names:
            msg = "a slot needs at least one weekday"
            raise ValueError(msg)
        return tuple(dict.fromkeys(names))

    @model_validator(mode="after")
    def _end_after_start(self) -> SlotConfig:
        if self.end <= self.start:
            msg = f"slot ends at {self.end:%H:%M}, not after its start {self.start:%H:%M}"
            raise ValueError(msg)
        return self

    @property
    def weekdays(self) -> frozenset[int]:
        """Python weekday numbers (Monday is 0)."""
        return frozenset(WEEKDAYS.index(day) for day in self.days)

    def label(self) -> str:
        """E.g. 'mon,tue 18:00–19:00' for error messages."""
        return f"{','.join(self.days)} {self.start:%H:%M}–{self.end:%H:%M}"


class SpecialConfig(BaseModel):
    """A one-off airing at other times; it replaces the regular slots of its date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    start: dt.time
    end: dt.time
    note: str = ""

    @model_validator(mode="after")
    def _end_after_start(self) -> SpecialConfig:
        if self.end <= self.start:
            msg = f"special on {self.date} ends at {self.end:%H:%M}, not after {self.start:%H:%M}"
            raise ValueError(msg)
        return self


class ShowConfig(BaseModel):
    """One show: who, where, when (weekly slots) and the exceptions to its week."""

    model_config = ConfigDict(extra="forbid")

    name: str
    station: str
    hosts: list[str]
    timezone: str = "Europe/Brussels"
    slots: tuple[SlotConfig, ...] = ()
    cancelled: tuple[dt.date, ...] = ()
    specials: tuple[SpecialConfig, ...] = ()
    # ISO country code (e.g. "BE") whose public holidays have no show; off when empty.
    skip_holidays_of: str = ""
    # How to listen: the station's frequency ("104.0 FM in Brussels") and a live-stream link.
    frequency: str = ""
    stream_url: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value

    @field_validator("slots")
    @classmethod
    def _no_overlap(cls, slots: tuple[SlotConfig, ...]) -> tuple[SlotConfig, ...]:
        problems = []
        for index, first in enumerate(slots):
            for second in slots[index + 1 :]:
                shared = first.weekdays & second.weekdays
                if shared and first.start < second.end and second.start < first.end:
                    problems.append(f"slots {first.label()} and {second.label()} overlap")
        if problems:
            raise ValueError("; ".join(problems))
        return slots

    @field_validator("specials")
    @classmethod
    def _one_special_per_date(
        cls, specials: tuple[SpecialConfig, ...]
    ) -> tuple[SpecialConfig, ...]:
        by_date: dict[dt.date, list[SpecialConfig]] = {}
        for special in specials:
            by_date.setdefault(special.date, []).append(special)
        for day, same_day in by_date.items():
            ordered = sorted(same_day, key=lambda special: special.start)
            for before, after in itertools.pairwise(ordered):
                if after.start < before.end:
                    msg = f"specials on {day} overlap"
                    raise ValueError(msg)
        return specials

    @field_validator("stream_url")
    @classmethod
    def _web_link(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            msg = f"stream_url must be an http(s) link, not {value[:40]!r}"
            raise ValueError(msg)
        return value

    @field_validator("skip_holidays_of")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if not value:
            return value
        import holidays

        code = value.strip().upper()
        if code not in holidays.list_supported_countries():
            msg = f"unknown country {value!r} for public holidays (use an ISO code such as 'BE')"
            raise ValueError(msg)
        return code

    @property
    def zone(self) -> ZoneInfo:
        """The show's time zone."""
        return zone(self.timezone)
