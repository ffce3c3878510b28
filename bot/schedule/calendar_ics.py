"""An iCalendar file of the airings: a weekly rule per slot, exceptions and specials."""

from __future__ import annotations

import datetime as dt
import re

from icalendar import Calendar, Event, vRecur

from bot.schedule.airings import ShowCalendar
from bot.schedule.config import WEEKDAYS

# Holidays are listed as exceptions this far ahead (calendar apps keep the rule going).
HOLIDAY_HORIZON_DAYS = 400


def slug(name: str) -> str:
    """A file- and UID-friendly form of a show's name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "show"


def build_calendar(calendars: list[ShowCalendar], now: dt.datetime) -> bytes:
    """The .ics bytes for every show, from today in each show's zone."""
    ical = Calendar()
    ical.add("prodid", "-//radiobot//schedule//EN")
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("x-wr-calname", calendars[0].show.name)
    stamp = now.astimezone(dt.UTC)
    for calendar in calendars:
        for event in _events(calendar, stamp):
            ical.add_component(event)
    ical.add_missing_timezones()
    return bytes(ical.to_ical())


def _events(calendar: ShowCalendar, stamp: dt.datetime) -> list[Event]:
    show = calendar.show
    zone = show.zone
    today = stamp.astimezone(zone).date()
    horizon = today + dt.timedelta(days=HOLIDAY_HORIZON_DAYS)
    special_dates = {special.date for special in show.specials}
    description = f"{show.station}" + (f" — {', '.join(show.hosts)}" if show.hosts else "")
    events = []
    for index, slot in enumerate(show.slots):
        first = next(
            today + dt.timedelta(days=offset)
            for offset in range(7)
            if (today + dt.timedelta(days=offset)).weekday() in slot.weekdays
        )
        event = _event(f"{slug(show.name)}-slot{index}@radiobot", show.name, description, stamp)
        event.add("dtstart", dt.datetime.combine(first, slot.start, tzinfo=zone))
        event.add("dtend", dt.datetime.combine(first, slot.end, tzinfo=zone))
        event.add(
            "rrule",
            vRecur(freq="weekly", byday=[WEEKDAYS[d][:2].upper() for d in sorted(slot.weekdays)]),
        )
        skipped = set(show.cancelled) | special_dates
        day = first
        while day <= horizon:
            if calendar.holiday_name(day):
                skipped.add(day)
            day += dt.timedelta(days=1)
        exceptions = sorted(
            dt.datetime.combine(day, slot.start, tzinfo=zone)
            for day in skipped
            if day >= first and day.weekday() in slot.weekdays
        )
        if exceptions:
            event.add("exdate", exceptions)
        events.append(event)
    for special in show.specials:
        if special.date < today:
            continue
        summary = f"{show.name} — {special.note}" if special.note else show.name
        event = _event(
            f"{slug(show.name)}-special-{special.date}@radiobot", summary, description, stamp
        )
        event.add("dtstart", dt.datetime.combine(special.date, special.start, tzinfo=zone))
        event.add("dtend", dt.datetime.combine(special.date, special.end, tzinfo=zone))
        events.append(event)
    return events


def _event(uid: str, summary: str, description: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("description", description)
    return event
