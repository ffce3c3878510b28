"""Airings and answers with pinned times: DST, other zones, edges of the hour, exceptions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import ConfigError, load_config
from bot.schedule.airings import ShowCalendar
from bot.schedule.answers import Answers
from bot.schedule.config import ShowConfig

BRUSSELS = ZoneInfo("Europe/Brussels")
MONTREAL = ZoneInfo("America/Montreal")
TOKYO = ZoneInfo("Asia/Tokyo")


def seed_show(**changes: object) -> ShowConfig:
    """The built-in show, with optional changes."""
    show = load_config(None).show
    return show.model_copy(update=changes) if changes else show


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A Brussels wall-clock moment."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


def answers(now: dt.datetime, zone: ZoneInfo = BRUSSELS, show: ShowConfig | None = None) -> Answers:
    """English answers for a listener in `zone` at `now`."""
    return Answers(ShowCalendar(show or seed_show()), zone, "en", now)


def test_default_show_is_the_seed_articles() -> None:
    """The built-in show airs Monday to Friday 18:00–19:00 in Brussels on bel RTL."""
    show = seed_show()
    assert show.station == "bel RTL"
    assert show.hosts == ["Peggy Simono", "Thibaut Roland"]
    [slot] = show.slots
    assert slot.days == ("mon", "tue", "wed", "thu", "fri")
    assert (slot.start, slot.end) == (dt.time(18), dt.time(19))
    assert not show.skip_holidays_of


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 11, 30, 17, 59), "Monday 30 November, 18:00–19:00 (Europe/Brussels), in 1 min"),
        (at(2026, 11, 30, 18, 0), "Tuesday 1 December, 18:00–19:00 (Europe/Brussels), in 1 d 0 h"),
        (
            at(2026, 11, 30, 18, 59),
            "Tuesday 1 December, 18:00–19:00 (Europe/Brussels), in 23 h 01 min",
        ),
        (at(2026, 11, 30, 19, 0), "Tuesday 1 December, 18:00–19:00 (Europe/Brussels), in 23 h"),
        (at(2026, 12, 4, 18, 30), "Monday 7 December, 18:00–19:00 (Europe/Brussels), in 2 d 23 h"),
        (at(2026, 12, 4, 19, 0), "Monday 7 December, 18:00–19:00 (Europe/Brussels), in 2 d 23 h"),
        (
            at(2026, 11, 30, 15, 45),
            "Monday 30 November, 18:00–19:00 (Europe/Brussels), in 2 h 15 min",
        ),
    ],
)
def test_next_airing_around_the_hour_and_on_friday_evening(now: dt.datetime, expected: str) -> None:
    """/next at 17:59, 18:00, 18:59, 19:00 and on Friday evening names the right airing."""
    assert expected in answers(now).next()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2026, 11, 30, 17, 59), "not on air right now"),
        (at(2026, 11, 30, 18, 0), "on air now on bel RTL, until 19:00 (Europe/Brussels): 1 h left"),
        (at(2026, 11, 30, 18, 59), "until 19:00 (Europe/Brussels): 1 min left"),
        (at(2026, 11, 30, 19, 0), "not on air right now"),
    ],
)
def test_now_around_the_hour(now: dt.datetime, expected: str) -> None:
    """/now is on air from 18:00 included to 19:00 excluded, with the time left."""
    assert expected in answers(now).now_or_next()


def test_now_when_off_air_gives_next() -> None:
    """Off air, /now also says when the next airing is."""
    text = answers(at(2026, 12, 4, 19, 0)).now_or_next()
    assert "Monday 7 December, 18:00–19:00" in text


def test_spring_forward_keeps_wall_clock_and_counts_real_hours() -> None:
    """Around 29 March 2026 the show stays at 18:00 local and the wait counts 23-hour Sunday."""
    calendar = ShowCalendar(seed_show())
    friday = calendar.next_airing(at(2026, 3, 27, 12).astimezone(dt.UTC))
    monday = calendar.next_airing(at(2026, 3, 28, 12).astimezone(dt.UTC))
    assert friday is not None
    assert monday is not None
    assert friday.start.astimezone(dt.UTC).hour == 17  # CET, UTC+1
    assert monday.start.astimezone(dt.UTC).hour == 16  # CEST, UTC+2
    assert f"{monday.start:%A %d %H:%M}" == "Monday 30 18:00"
    # Saturday 12:00 CET to Monday 18:00 CEST is 53 real hours, not 54.
    assert "in 2 d 5 h" in answers(at(2026, 3, 28, 12)).next()
    assert "in 1 d 6 h" in answers(at(2026, 3, 29, 12)).next()


def test_fall_back_keeps_wall_clock_and_counts_real_hours() -> None:
    """Around 25 October 2026 the show stays at 18:00 local and the wait counts 25-hour Sunday."""
    calendar = ShowCalendar(seed_show())
    friday = calendar.next_airing(at(2026, 10, 23, 12).astimezone(dt.UTC))
    monday = calendar.next_airing(at(2026, 10, 24, 12).astimezone(dt.UTC))
    assert friday is not None
    assert monday is not None
    assert friday.start.astimezone(dt.UTC).hour == 16
    assert monday.start.astimezone(dt.UTC).hour == 17
    # Saturday 12:00 CEST to Monday 18:00 CET is 55 real hours.
    assert "in 2 d 7 h" in answers(at(2026, 10, 24, 12)).next()
    assert "Monday 26 October, 18:00–19:00" in answers(at(2026, 10, 25, 2, 30)).next()


def test_listener_in_montreal_sees_local_times_across_both_dst_changes() -> None:
    """In Montreal the show is at 12:00, but 13:00 between the two countries' DST changes."""
    assert (
        "Monday 30 November, 12:00–13:00 (America/Montreal)"
        in answers(at(2026, 11, 30, 9), MONTREAL).next()
    )
    # 16 March 2026: Canada already on summer time, Belgium not yet.
    assert (
        "Monday 16 March, 13:00–14:00 (America/Montreal)"
        in answers(at(2026, 3, 16, 9), MONTREAL).next()
    )
    # 27 October 2026: Belgium back on winter time, Canada not yet.
    assert (
        "Tuesday 27 October, 13:00–14:00 (America/Montreal)"
        in answers(at(2026, 10, 27, 9), MONTREAL).next()
    )


def test_listener_in_tokyo_sees_the_airing_on_the_next_calendar_day() -> None:
    """In Tokyo Friday's airing is on Saturday at 02:00 (01:00 in Belgian summer)."""
    during_friday_show = answers(at(2026, 12, 4, 18, 30), TOKYO).next()
    assert "Tuesday 8 December, 02:00–03:00 (Asia/Tokyo)" in during_friday_show
    friday_evening = answers(at(2026, 12, 4, 12), TOKYO)
    assert "Saturday 5 December, 02:00–03:00 (Asia/Tokyo)" in friday_evening.next()
    assert "Yes" in friday_evening.on_day(dt.date(2026, 12, 5))
    assert "was on Friday 4 December from 02:00 to 03:00" in friday_evening.on_day(
        dt.date(2026, 12, 4)
    )
    assert "not on Monday 7 December" in friday_evening.on_day(dt.date(2026, 12, 7))
    summer = answers(at(2026, 6, 5, 12), TOKYO)
    assert "Saturday 6 June, 01:00–02:00 (Asia/Tokyo)" in summer.next()
    week = answers(at(2026, 11, 30, 12), TOKYO).week([ShowCalendar(seed_show())])
    assert "Saturday 5 December, 02:00–03:00" in week
    assert "Monday" not in week.split("\n", 1)[1]


def exceptional_show() -> ShowConfig:
    """The seed show, cancelled on Christmas, with a Saturday special and a replaced Thursday."""
    return ShowConfig.model_validate(
        {
            **seed_show().model_dump(),
            "cancelled": ["2026-12-25"],
            "specials": [
                {"date": "2026-12-26", "start": "10:00", "end": "12:00", "note": "Boxing Day"},
                {"date": "2026-12-31", "start": "20:00", "end": "22:00"},
            ],
        }
    )


def test_cancelled_date_is_skipped_marked_and_answered() -> None:
    """A cancelled Friday is not the next airing, is marked in the week and answered 'No'."""
    show = exceptional_show()
    before = answers(at(2026, 12, 24, 19, 30), show=show)
    assert "Saturday 26 December, 10:00–12:00" in before.next()
    assert "No: “You are in the newspaper” is cancelled on Friday 25 December" in before.on_day(
        dt.date(2026, 12, 25)
    )
    week = answers(at(2026, 12, 21, 12), show=show).week([ShowCalendar(show)])
    assert "• ✗ Friday 25 December, 18:00–19:00 (cancelled)" in week
    assert "Saturday 26 December, 10:00–12:00 ★ (special, Boxing Day)" in week


def test_special_replaces_the_regular_slot_of_its_date() -> None:
    """A special on a weekday replaces that day's 18:00 slot."""
    show = exceptional_show()
    calendar = ShowCalendar(show)
    [airing] = calendar.airings_on(dt.date(2026, 12, 31))
    assert airing.special
    assert f"{airing.start:%H:%M}" == "20:00"
    reply = answers(at(2026, 12, 30, 12), show=show).on_day(dt.date(2026, 12, 31))
    assert "Yes: a special of" in reply
    assert "20:00–22:00" in reply


def test_public_holidays_are_skipped_only_when_asked() -> None:
    """With skip_holidays_of = "BE", 11 November (a Wednesday) has no show; by default it has."""
    day = dt.date(2026, 11, 11)
    assert not ShowCalendar(seed_show()).airings_on(day)[0].cancelled
    with_holidays = ShowCalendar(seed_show(skip_holidays_of="BE"))
    [airing] = with_holidays.airings_on(day)
    assert airing.cancelled
    assert airing.note


def test_airing_already_over_today_says_so_and_gives_next() -> None:
    """'Tonight' asked after the show says it is over and when the next one is."""
    reply = answers(at(2026, 11, 30, 20)).on_day(dt.date(2026, 11, 30))
    assert "it is over" in reply
    assert "Tuesday 1 December" in reply


def test_weekly_pattern_in_words() -> None:
    """'When is it on' gets the weekly pattern and the next airing."""
    reply = answers(at(2026, 11, 30, 12)).weekly()
    assert "Monday to Friday, 18:00–19:00 (Europe/Brussels) on bel RTL" in reply
    assert (
        "Tuesday to Saturday, 02:00–03:00 (Asia/Tokyo)"
        in answers(at(2026, 11, 30, 12), TOKYO).weekly()
    )


def write(tmp_path: Path, shows: str) -> Path:
    """A config file with these [[shows]] tables."""
    path = tmp_path / "config.toml"
    path.write_text(shows, "utf-8")
    return path


def test_bad_schedule_config_gives_one_line_per_problem(tmp_path: Path) -> None:
    """Overlapping slots, an end before its start, an unknown zone and weekday are all listed."""
    path = write(
        tmp_path,
        """
[[shows]]
name = "A"
station = "S"
hosts = ["H"]
timezone = "Mars/Olympus"
slots = [
  { days = ["mon", "tue"], start = "18:00", end = "19:00" },
  { days = ["tue"], start = "18:30", end = "20:00" },
]

[[shows]]
name = "B"
station = "S"
hosts = ["H"]
slots = [
  { days = ["funday"], start = "18:00", end = "19:00" },
  { days = ["mon"], start = "19:00", end = "18:00" },
]
""",
    )
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    problems = raised.value.problems
    assert len(problems) == 4
    joined = "\n".join(problems)
    assert "unknown time zone 'Mars/Olympus'" in joined
    assert "overlap" in joined
    assert "unknown weekday 'funday'" in joined
    assert "slot ends at 18:00, not after its start 19:00" in joined
