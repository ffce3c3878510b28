"""When listeners may message the studio: while the show is on air and in the 2 hours before."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.schedule.airings import Airing, ShowCalendar

OPENS_BEFORE = dt.timedelta(hours=2)


@dataclass(frozen=True)
class StudioWindow:
    """The airing messages go to now, or (outside the window) when the studio opens next."""

    airing: Airing | None  # the airing on air or starting within OPENS_BEFORE
    next_airing: Airing | None  # the next airing to come, when `airing` is None

    @property
    def is_open(self) -> bool:
        """Whether listeners may write to the studio now."""
        return self.airing is not None

    @property
    def opens_at(self) -> dt.datetime | None:
        """When the studio opens next (None: open now, or no airing to come)."""
        if self.airing is not None or self.next_airing is None:
            return None
        return self.next_airing.start - OPENS_BEFORE

    @property
    def target(self) -> Airing | None:
        """The airing a message sent now belongs to (an admin's, outside the window: the next)."""
        return self.airing or self.next_airing


def window_at(calendar: ShowCalendar, now: dt.datetime) -> StudioWindow:
    """The studio window at `now`."""
    current = calendar.current(now)
    if current is not None:
        return StudioWindow(current, None)
    upcoming = calendar.next_airing(now)
    if upcoming is not None and upcoming.start - OPENS_BEFORE <= now:
        return StudioWindow(upcoming, None)
    return StudioWindow(None, upcoming)
