"""Schedule answers that know the moment: before, during or after today's airing.

Each answer gives its text, the day it is about and, for a yes/no question, the word it starts
with — the facts the understanding benchmark checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.schedule.airings import Airing
from bot.schedule.answers import Answers, day_label, duration, hhmm
from bot.texts.conversation import text
from bot.texts.schedule import text as schedule_text

EVENING = dt.time(17, 0)  # an airing starting from here is "tonight"


@dataclass(frozen=True)
class Answer:
    """An answer's text and facts."""

    text: str
    day: dt.date | None = None
    yes: bool | None = None


class TimedAnswers:
    """Answers for one listener at one moment (wraps the schedule's `Answers`)."""

    def __init__(self, answers: Answers) -> None:
        self.base = answers
        self.calendar = answers.calendar
        self.show = answers.show
        self.zone = answers.zone
        self.language = answers.language
        self.now = answers.now
        self.today = answers.today

    # Helpers ----------------------------------------------------------------------------------
    def _t(self, key: str, **values: object) -> str:
        return text(key, self.language, **values)

    def _local_day(self, airing: Airing) -> dt.date:
        return airing.start.astimezone(self.zone).date()

    def _when(self, airing: Airing) -> str:
        """'tonight', 'tomorrow', 'yesterday' or 'on Friday 4 December' for an airing."""
        day = self._local_day(airing)
        if day == self.today:
            evening = airing.start.astimezone(self.zone).time() >= EVENING
            return self._t("tonight" if evening else "today")
        return self._day_words(day)

    def _day_words(self, day: dt.date) -> str:
        offsets = {0: "today", 1: "tomorrow", -1: "yesterday"}
        key = offsets.get((day - self.today).days)
        if key is not None:
            return self._t(key)
        return self._t("on_day", day=day_label(day, self.language, self.today))

    def _values(self, airing: Airing) -> dict[str, str]:
        return {
            "show": self.show.name,
            "station": self.show.station,
            "start": hhmm(airing.start, self.zone),
            "end": hhmm(airing.end, self.zone),
            "zone": self.zone.key,
            "when": self._when(airing),
            "day": day_label(self._local_day(airing), self.language, self.today),
        }

    def listen_line(self) -> str:
        """'Listen live: <link>' when the config has a stream link, else nothing."""
        return self._t("listen", link=self.show.stream_url) if self.show.stream_url else ""

    def _lines(self, *lines: str) -> str:
        return "\n".join(line for line in lines if line)

    def _today_airings(self) -> list[Airing]:
        return [a for a in self.calendar.on_local_date(self.today, self.zone) if not a.cancelled]

    def _after(self, airing: Airing) -> str:
        """The line about the airing after this one."""
        following = self.calendar.next_airing(airing.start)
        if following is None:
            return ""
        until = text_in(self, following)
        return self._t("next_after", until=until, **self._values(following))

    # Answers ----------------------------------------------------------------------------------
    def next(self) -> Answer:
        """The airing on now (with the listen link and the one after), else the next one."""
        current = self.calendar.current(self.now)
        if current is not None:
            # Asked when, not whether: no yes first ('when is it on?' at 18:30).
            left = duration(current.end - self.now, self.language)
            line = self._t("on_air_plain", left=left, **self._values(current))
            text = self._lines(line, self.listen_line(), self._after(current))
            return Answer(text, self._local_day(current))
        upcoming = self.calendar.next_airing(self.now)
        if upcoming is None:
            return Answer(self.base.next())
        return Answer(self.base.next(), self._local_day(upcoming))

    def next_after(self, day: dt.date) -> Answer:
        """The first airing on a later day than `day` ('the next show after Friday')."""
        following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=self.zone)
        start = max(following, self.now)
        airing = self.calendar.next_airing(start)
        return Answer(self.base.next(start), self._local_day(airing) if airing else None)

    def on_now(self) -> Answer:
        """Yes with the time left and the listen link, or no with when it is next on."""
        current = self.calendar.current(self.now)
        if current is not None:
            left = duration(current.end - self.now, self.language)
            line = self._t("on_air_now", left=left, **self._values(current))
            return Answer(self._lines(line, self.listen_line()), self._local_day(current), True)
        ended = [a for a in self._today_airings() if a.end <= self.now]
        upcoming = self.calendar.next_airing(self.now)
        lines = []
        if upcoming is not None and self._local_day(upcoming) == self.today:
            left = duration(upcoming.start - self.now, self.language)
            lines.append(self._t("not_on_air_before", left=left, **self._values(upcoming)))
        elif ended:
            lines.append(self._t("not_on_air_after", **self._values(ended[-1])))
            lines.append(self.base.next())
        else:
            lines.append(self._t("not_on_air", show=self.show.name))
            lines.append(self.base.next())
        return Answer(self._lines(*lines), None, False)

    def countdown(self) -> Answer:
        """How long until the next airing starts (or that it has started)."""
        current = self.calendar.current(self.now)
        if current is not None:
            left = duration(current.end - self.now, self.language)
            line = self._t("countdown_on_air", left=left, **self._values(current))
            return Answer(self._lines(line, self.listen_line()), self._local_day(current))
        upcoming = self.calendar.next_airing(self.now)
        if upcoming is None:
            return Answer(self.base.next())
        left = duration(upcoming.start - self.now, self.language)
        return Answer(
            self._t("countdown", left=left, **self._values(upcoming)), self._local_day(upcoming)
        )

    def duration(self) -> Answer:
        """How long an airing lasts, with the weekly pattern."""
        upcoming = self.calendar.current(self.now) or self.calendar.next_airing(self.now)
        if upcoming is None:
            return Answer(self.base.next())
        length = duration(upcoming.end - upcoming.start, self.language)
        return Answer(
            self._t("duration", show=self.show.name, length=length, pattern=self.base.pattern())
        )

    def end_time(self, day: dt.date | None) -> Answer:
        """When the current, next or asked day's airing ends."""
        if day is not None and day != self.today:
            airings = [a for a in self.calendar.on_local_date(day, self.zone) if not a.cancelled]
            if not airings:
                return self.on_day(day)
            return Answer(self.base.ends_of(airings[0]), day)
        current = self.calendar.current(self.now)
        if current is not None:
            return Answer(self.base.ends(), self._local_day(current))
        upcoming = self.calendar.next_airing(self.now)
        if upcoming is None:
            return Answer(self.base.next())
        return Answer(self.base.ends(), self._local_day(upcoming))

    def is_over(self) -> Answer:
        """Whether today's airing is over: yes after it, no before or during it."""
        today = self._today_airings()
        if not today:
            return Answer(
                self._lines(
                    self._t("over_no_show", show=self.show.name, when=self._t("today")),
                    self.base.next(),
                ),
                self.today,
                None,
            )
        current = next((a for a in today if a.on_air(self.now)), None)
        if current is not None:
            left = duration(current.end - self.now, self.language)
            line = self._t("over_on_air", left=left, **self._values(current))
            return Answer(self._lines(line, self.listen_line()), self.today, False)
        later = [a for a in today if a.start > self.now]
        if later:
            return Answer(self._t("over_not_started", **self._values(later[0])), self.today, False)
        line = self._t("over_yes", **self._values(today[-1]))
        return Answer(self._lines(line, self.base.next()), self.today, True)

    def cancelled(self, day: dt.date | None) -> Answer:
        """Whether an airing is cancelled: today's (or the next one once today's is over)."""
        asked = day
        if asked is None:
            today = self._today_airings()
            upcoming = self.calendar.next_airing(self.now)
            ongoing = [a for a in today if a.end > self.now]
            if not ongoing and upcoming is not None:
                asked = self._local_day(upcoming)
            else:
                asked = self.today
        airings = self.calendar.on_local_date(asked, self.zone)
        when = self._day_words(asked)
        if not airings:
            line = self._t(
                "cancelled_no_show", show=self.show.name, when=when, pattern=self.base.pattern()
            )
            return Answer(line, asked, None)
        airing = airings[0]
        values = {**self._values(airing), "when": self._when(airing)}
        if all(a.cancelled for a in airings):
            note = f" ({airing.note})" if airing.note else ""
            return Answer(self._t("cancelled_yes", note=note, **values), asked, True)
        airing = next(a for a in airings if not a.cancelled)
        values = {**self._values(airing)}
        if airing.on_air(self.now):
            return Answer(self._t("cancelled_no_on_air", **values), asked, False)
        if airing.end <= self.now:
            return Answer(self._t("cancelled_no_done", **values), asked, False)
        return Answer(self._t("cancelled_no", **values), asked, False)

    def on_day(self, day: dt.date) -> Answer:
        """Whether it is on a day: yes/no, 'was' for a past day, 'over' for today's once over."""
        airings = self.calendar.on_local_date(day, self.zone)
        airing = next((a for a in airings if not a.cancelled), None)
        if day < self.today:
            label = day_label(day, self.language, self.today)
            if airing is None:
                return Answer(self._t("day_was_not", show=self.show.name, day=label), day, False)
            return Answer(self._t("day_was", **self._values(airing)), day, True)
        if day == self.today and airing is not None and airing.end <= self.now:
            later = [a for a in airings if not a.cancelled and a.end > self.now]
            if not later:
                line = self._t("today_over", **self._values(airing))
                return Answer(self._lines(line, self.base.next()), day, False)
        if airing is not None and airing.on_air(self.now):
            return Answer(self._lines(self.on_now().text), day, True)
        answer = self.base.on_day(day)
        return Answer(answer, day, airing is not None)

    def time_on_day(self, day: dt.date) -> Answer:
        """When it is on a day, for a question asking when: the times, never a yes or no."""
        airings = self.calendar.on_local_date(day, self.zone)
        airing = next((a for a in airings if not a.cancelled), None)
        label = day_label(day, self.language, self.today)
        if airing is None:
            if airings:
                first = airings[0]
                note = f" ({first.note})" if first.note else ""
                line = self._t("time_cancelled", show=self.show.name, day=label, note=note)
            else:
                line = self._t("time_not_on", show=self.show.name, day=label)
            return Answer(self._lines(line, self.base.next()), day)
        values = {**self._values(airing), "day": label}
        if airing.on_air(self.now):
            left = duration(airing.end - self.now, self.language)
            line = schedule_text("on_air", self.language, left=left, **values)
            return Answer(self._lines(line, self.listen_line()), day)
        if airing.end <= self.now:
            line = schedule_text("day_over", self.language, **values)
            following = self.base.next() if day >= self.today else ""
            return Answer(self._lines(line, following), day)
        return Answer(self._t("time_on_day", **values), day)

    def days(self, asked: str) -> Answer:
        """Whether it is on at weekends, on working days, or every day."""
        aired = set()
        for slot in self.show.slots:
            aired |= set(slot.weekdays)
        wanted = {"weekend": {5, 6}, "working_days": {0, 1, 2, 3, 4}, "every_day": set(range(7))}
        days = wanted.get(asked, {5, 6})
        yes = bool(aired & days) if asked == "weekend" else days <= aired
        key = "days_yes" if yes else "days_no"
        return Answer(self._t(key, show=self.show.name, pattern=self.base.pattern()), None, yes)

    def station(self) -> Answer:
        """The station, its frequency and the live-stream link."""
        frequency = (
            self._t("frequency", frequency=self.show.frequency) if self.show.frequency else ""
        )
        line = self._t(
            "station", show=self.show.name, station=self.show.station, frequency=frequency
        )
        return Answer(self._lines(line, self.listen_line()))


def text_in(answers: TimedAnswers, airing: Airing) -> str:
    """'in 23 h 30 min' until an airing starts."""
    left = duration(airing.start - answers.now, answers.language)
    return schedule_text("in", answers.language, duration=left)
