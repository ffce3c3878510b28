"""When reminders are due: the next airing minus the chat's minutes, never twice per airing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.core.arguments import NumberRange
from bot.schedule.airings import Airing, ShowCalendar
from storage.schedule_models import Reminder

MIN_MINUTES = 1
MAX_MINUTES = 720
DEFAULT_MINUTES = 10


def parse_minutes(argument: str | None) -> int | None:
    """Minutes from `/remind [MINUTES]`: the default without argument, None when invalid."""
    if argument is None or not argument.strip():
        return DEFAULT_MINUTES
    cleaned = argument.strip().lower().removesuffix("min")
    return NumberRange(MIN_MINUTES, MAX_MINUTES).parse(cleaned)


def upcoming(reminder: Reminder, calendar: ShowCalendar, now: dt.datetime) -> Airing | None:
    """The next airing this reminder has yet to announce (it may not be due yet)."""
    airing = calendar.next_airing(now)
    if airing is not None and airing.ref == reminder.last_airing:
        airing = calendar.next_airing(airing.start)
    return airing


def due_airing(reminder: Reminder, calendar: ShowCalendar, now: dt.datetime) -> Airing | None:
    """The airing to remind of now: due, not started yet, not reminded already.

    A reminder whose moment passed while the bot was down is still due as long as the show
    has not started; once it has, the next airing is the one to wait for.
    """
    airing = calendar.next_airing(now)
    if airing is None or airing.ref == reminder.last_airing:
        return None
    if airing.start - dt.timedelta(minutes=reminder.minutes) <= now:
        return airing
    return None


def next_due(
    reminders: Iterable[Reminder], calendar: ShowCalendar, now: dt.datetime
) -> dt.datetime | None:
    """The earliest moment a reminder falls due (possibly already past)."""
    moments = []
    for reminder in reminders:
        airing = upcoming(reminder, calendar, now)
        if airing is not None:
            moments.append(airing.start - dt.timedelta(minutes=reminder.minutes))
    return min(moments, default=None)
