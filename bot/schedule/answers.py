"""Turning airings into sentences, in the chat's time zone and the listener's language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.schedule.airings import Airing, ShowCalendar, holiday_name
from bot.schedule.config import ShowConfig
from bot.texts import formats, pick_language
from bot.texts.schedule import text


def day_label(day: dt.date, language: str, today: dt.date) -> str:
    """'Monday 30 November' (with the year when it is not this year's)."""
    return formats.day_label(day, language, with_year=day.year != today.year)


def duration(delta: dt.timedelta, language: str) -> str:
    """'2 h 15 min', '3 d 4 h' or '5 min', rounded up to the minute."""
    minutes_total = max(0, int(-(-delta.total_seconds() // 60)))
    if delta.total_seconds() < 60:
        return text("less_than_a_minute", language)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return text("duration_days", language, days=days, hours=hours)
    if hours and not minutes:
        return text("duration_whole_hours", language, hours=hours)
    if hours:
        return text("duration_hours", language, hours=hours, minutes=f"{minutes:02d}")
    return text("duration_minutes", language, minutes=minutes)


def hhmm(moment: dt.datetime, zone: ZoneInfo) -> str:
    """The wall-clock time in `zone`."""
    return f"{moment.astimezone(zone):%H:%M}"


class Answers:
    """Sentences about one show for one listener: their zone, language and 'now'."""

    def __init__(
        self, calendar: ShowCalendar, zone: ZoneInfo, language: str | None, now: dt.datetime
    ) -> None:
        self.calendar = calendar
        self.show: ShowConfig = calendar.show
        self.zone = zone
        self.language = pick_language(language)
        self.now = now.astimezone(dt.UTC)
        self.today = self.now.astimezone(zone).date()

    def _times(self, airing: Airing) -> dict[str, str]:
        start = airing.start.astimezone(self.zone)
        return {
            "show": self.show.name,
            "station": self.show.station,
            "day": day_label(start.date(), self.language, self.today),
            "when": day_label(start.date(), self.language, self.today),
            "start": hhmm(airing.start, self.zone),
            "end": hhmm(airing.end, self.zone),
            "zone": self.zone.key,
        }

    def _t(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    def next(self, after: dt.datetime | None = None) -> str:
        """The next airing (from `after`, else from now) with how long until it starts."""
        airing = self.calendar.next_airing(after or self.now)
        if airing is None:
            return self._t("no_next", show=self.show.name)
        until = self._t("in", duration=duration(airing.start - self.now, self.language))
        return self._t("next", until=until, **self._times(airing))

    def now_or_next(self) -> str:
        """Whether it is on air, with the time left; else the next airing."""
        airing = self.calendar.current(self.now)
        if airing is not None:
            left = duration(airing.end - self.now, self.language)
            return self._t("on_air", left=left, **self._times(airing))
        return f"{self._t('not_on_air', show=self.show.name)}\n{self.next()}"

    def ends_of(self, airing: Airing) -> str:
        """When a given airing ends."""
        return self._t("ends", **self._times(airing))

    def ends(self) -> str:
        """When the current or next airing ends."""
        airing = self.calendar.current(self.now)
        if airing is not None:
            left = duration(airing.end - self.now, self.language)
            return self._t("ends_now", left=left, **self._times(airing))
        upcoming = self.calendar.next_airing(self.now)
        if upcoming is None:
            return self._t("no_next", show=self.show.name)
        return self._t("ends", **self._times(upcoming))

    def hosts(self) -> str:
        """Who presents the show and on which station."""
        joined = formats.list_of(self.show.hosts, self.language) if self.show.hosts else ""
        return self._t("hosts", show=self.show.name, hosts=joined, station=self.show.station)

    def station(self) -> str:
        """Which station airs the show."""
        return self._t("station", show=self.show.name, station=self.show.station)

    def pattern(self) -> str:
        """The weekly pattern in the listener's zone: 'Monday to Friday, 18:00–19:00 (…)'."""
        parts = []
        reference = self.today
        for slot in self.show.slots:
            # Express the slot in the listener's zone using its next occurrence.
            days = sorted(slot.weekdays)
            sample_day = reference + dt.timedelta(days=(days[0] - reference.weekday()) % 7)
            start = dt.datetime.combine(sample_day, slot.start, tzinfo=self.show.zone)
            end = dt.datetime.combine(sample_day, slot.end, tzinfo=self.show.zone)
            shift = (start.astimezone(self.zone).date() - sample_day).days
            local_days = [(day + shift) % 7 for day in days]
            parts.append(
                f"{self._days(local_days)}, {hhmm(start, self.zone)}–{hhmm(end, self.zone)}"
                f" ({self.zone.key})"
            )
        return formats.list_of(parts, self.language)

    def weekly(self) -> str:
        """The weekly pattern ('Monday to Friday, 18:00–19:00') and the next airing."""
        weekly = self._t(
            "weekly", show=self.show.name, pattern=self.pattern(), station=self.show.station
        )
        return f"{weekly}\n{self.next()}"

    def _days(self, days: list[int]) -> str:
        names = [formats.weekday_name(day, self.language) for day in days]
        if len(days) > 2 and days == list(range(days[0], days[0] + len(days))):
            return self._t("day_range", first=names[0], last=names[-1])
        return formats.list_of(names, self.language)

    def on_day(self, day: dt.date) -> str:
        """Whether the show is on a date of the listener's calendar."""
        airings = self.calendar.on_local_date(day, self.zone)
        label = day_label(day, self.language, self.today)
        lines = []
        for airing in airings:
            values = {**self._times(airing), "day": label}
            if airing.cancelled:
                note = f" ({self._note(airing)})" if airing.note else ""
                lines.append(self._t("day_cancelled", note=note, **values))
            elif airing.on_air(self.now):
                lines.append(self._t("day_now", **values))
            elif airing.end <= self.now:
                lines.append(self._t("day_over", **values))
            else:
                lines.append(self._t("day_special" if airing.special else "day_yes", **values))
        if any(not airing.cancelled and airing.end > self.now for airing in airings):
            return "\n".join(lines)
        if not lines:
            lines.append(self._t("day_no", show=self.show.name, day=label))
        return "\n".join([*lines, self.next()])

    def _note(self, airing: Airing) -> str:
        """An airing's note; a holiday's name in the listener's language."""
        if airing.holiday:
            day = airing.start.astimezone(airing.show.zone).date()
            return holiday_name(airing.show.skip_holidays_of, day, self.language) or airing.note
        return airing.note

    def week(self, calendars: list[ShowCalendar]) -> str:
        """Every airing of the coming seven days, cancellations and specials marked."""
        midnight = dt.datetime.combine(self.today, dt.time(), tzinfo=self.zone)
        start = min(midnight, self.now - dt.timedelta(days=1))  # an airing on air since before
        end = midnight + dt.timedelta(days=7)
        lines = [self._t("week_title", show=self.show.name, zone=self.zone.key)]
        several = len(calendars) > 1
        airings = sorted(
            (airing for calendar in calendars for airing in calendar.airings_between(start, end)),
            key=lambda airing: airing.start,
        )
        airings = [airing for airing in airings if airing.end > self.now]  # none that is over
        for airing in airings:
            times = self._times(airing)
            line = f"• {times['day']}, {times['start']}–{times['end']}"
            if several:
                line += f" — {airing.show.name}"
            if airing.cancelled:
                note = f", {self._note(airing)}" if airing.note else ""
                line = f"• ✗ {line[2:]} ({self._t('cancelled')}{note})"
            elif airing.special:
                note = f", {airing.note}" if airing.note else ""
                line += f" ★ ({self._t('special')}{note})"
            lines.append(line)
        if not airings:
            lines.append(self._t("week_empty"))
        return "\n".join(lines)

    def reminder(self, airing: Airing) -> str:
        """The reminder sent before an airing."""
        hosts = formats.list_of(self.show.hosts, self.language) if self.show.hosts else ""
        left = duration(airing.start - self.now, self.language)
        return self._t("reminder", left=left, hosts=hosts, **self._times(airing))
