"""Schedule commands and plain-word questions through the real Application."""

from __future__ import annotations

import datetime as dt
from typing import Any

from icalendar import Calendar

from bot.base.clock import FixedClock
from bot.core.config import load_config
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from bot.schedule.airings import ShowCalendar
from bot.schedule.calendar_ics import build_calendar
from bot.schedule.config import ShowConfig
from tests.conftest import BRUSSELS, LISTENER

GROUP = -200
FRENCH = Person(3, "Anne", "fr")


async def test_next_now_schedule_hosts(harness: BotHarness) -> None:
    """/next, /now, /schedule and /hosts answer for Monday noon in Brussels."""
    for command in ("/next", "/now", "/schedule", "/hosts"):
        await harness.say(LISTENER, LISTENER.id, command)
    next_reply, now_reply, week, hosts = harness.replies(LISTENER.id)
    assert "Monday 30 November, 18:00–19:00 (Europe/Brussels), in 6 h" in next_reply
    assert "is not on air yet: it starts tonight at 18:00" in now_reply
    assert week.count("\n•") == 5
    assert "Friday 4 December, 18:00–19:00" in week
    assert "Peggy Simono and Thibaut Roland, on bel RTL" in hosts


async def test_commands_answer_in_telegram_language(harness: BotHarness) -> None:
    """A French-speaking listener gets /next in French."""
    await harness.say(FRENCH, FRENCH.id, "/next")
    assert "lundi 30 novembre, 18:00–19:00" in harness.replies(FRENCH.id)[0]


async def test_now_during_the_show(harness: BotHarness, clock: FixedClock) -> None:
    """/now at 18:45 says it is on air with 15 minutes left."""
    clock.set(dt.datetime(2026, 11, 30, 18, 45, tzinfo=BRUSSELS))
    await harness.say(LISTENER, LISTENER.id, "/now")
    assert "until 19:00 (Europe/Brussels) — 15 min left" in harness.replies(LISTENER.id)[0]


async def test_timezone_changes_every_answer(harness: BotHarness) -> None:
    """/timezone Asia/Tokyo makes /next answer in Tokyo time, on the next calendar day."""
    await harness.say(LISTENER, LISTENER.id, "/timezone")
    await harness.say(LISTENER, LISTENER.id, "/timezone asia/tokyo")
    await harness.say(LISTENER, LISTENER.id, "/next")
    await harness.say(LISTENER, LISTENER.id, "/timezone")
    current, done, next_reply, shown = harness.replies(LISTENER.id)
    assert "show's time zone, Europe/Brussels" in current
    assert "now use Asia/Tokyo" in done
    assert "Tuesday 1 December, 02:00–03:00 (Asia/Tokyo)" in next_reply
    assert "Asia/Tokyo" in shown
    await harness.say(LISTENER, LISTENER.id, "/timezone reset")
    await harness.say(LISTENER, LISTENER.id, "/next")
    assert "(Europe/Brussels)" in harness.replies(LISTENER.id)[-1]


async def test_unknown_timezone_gives_two_examples(harness: BotHarness) -> None:
    """/timezone Mars/Olympus, EST or localtime (not Area/City) is refused with a line giving
    two examples, changing nothing."""
    not_area_city = ("EST", "localtime", "UTC", "Etc/GMT+5", "US/Eastern", "posixrules", "GB")
    for name in ("Mars/Olympus", "../../etc/passwd", "Europe/", "x" * 300, *not_area_city):
        await harness.say(LISTENER, LISTENER.id, f"/timezone {name}")
    for answer in harness.replies(LISTENER.id):
        assert "I don't know the time zone" in answer
        assert "/timezone Europe/Brussels or /timezone America/Montreal" in answer
    chat = await harness.services.chats.get(LISTENER.id)
    assert chat is None or chat.timezone is None


async def test_group_timezone_is_for_group_admins(harness: BotHarness) -> None:
    """In a group only its admins may change the time zone; anyone may see it."""
    owner, member = Person(10, "Owner"), Person(11, "Member")
    await harness.say(owner, GROUP, "/timezone")
    await harness.say(member, GROUP, "/timezone Asia/Tokyo")
    assert "Only this group's admins" in harness.replies(GROUP)[-1]
    await harness.say(owner, GROUP, "/timezone Asia/Tokyo")
    assert "now use Asia/Tokyo" in harness.replies(GROUP)[-1]


async def test_calendar_sends_an_ics_file(harness: BotHarness) -> None:
    """/calendar sends an .ics document."""
    await harness.say(LISTENER, LISTENER.id, "/calendar")
    [call] = harness.api.calls_to("sendDocument")
    [upload] = call.params["_files"].values()
    assert upload["filename"] == "you-are-in-the-newspaper.ics"
    assert upload["size"] > 200


def test_calendar_has_weekly_rule_exceptions_specials_and_zone() -> None:
    """The .ics holds a weekly rule in Europe/Brussels, the cancelled date and the special."""
    show = ShowConfig.model_validate(
        {
            **load_config(None).show.model_dump(),
            "cancelled": ["2026-12-25"],
            "specials": [{"date": "2026-12-31", "start": "20:00", "end": "22:00", "note": "NYE"}],
        }
    )
    now = dt.datetime(2026, 11, 30, 12, tzinfo=BRUSSELS)
    parsed = Calendar.from_ical(build_calendar([ShowCalendar(show)], now))
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Brussels"]
    weekly, special = parsed.walk("VEVENT")
    rule: Any = weekly["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    assert weekly.decoded("DTSTART") == dt.datetime(2026, 11, 30, 18, tzinfo=BRUSSELS)
    exdate: Any = weekly["EXDATE"]
    excluded = {moment.dt.date() for moment in exdate.dts}
    assert excluded == {dt.date(2026, 12, 25), dt.date(2026, 12, 31)}
    assert special.decoded("DTSTART") == dt.datetime(2026, 12, 31, 20, tzinfo=BRUSSELS)
    assert "NYE" in str(special["SUMMARY"])


async def test_plain_words_in_private_chat(harness: BotHarness) -> None:
    """In a private chat a question in words is answered in the question's language."""
    await harness.say(LISTENER, LISTENER.id, "est-ce que l'émission passe vendredi ?")
    assert "passe le vendredi 4 décembre, 18:00–19:00" in harness.replies(LISTENER.id)[0]


async def test_not_a_question_gets_hint_with_three_buttons(harness: BotHarness) -> None:
    """Other text gets a short hint with buttons for next, latest and the poll."""
    await harness.say(LISTENER, LISTENER.id, "blue bananas")
    hint = harness.latest_with_buttons(LISTENER.id)
    assert hint is not None
    assert [button["callback_data"] for button in hint.buttons()] == [
        "menu:next",
        "menu:latest",
        "menu:poll",
    ]
    await harness.press(LISTENER, hint, "menu:next")
    assert "Monday 30 November, 18:00–19:00" in harness.replies(LISTENER.id)[-1]


async def test_long_and_foreign_script_messages_do_not_fail(harness: BotHarness) -> None:
    """A 4096-character message and one in another script get the hint, not an error."""
    await harness.say(LISTENER, LISTENER.id, "é" * 4096)
    await harness.say(LISTENER, LISTENER.id, "Когда передача? 节目什么时候播出？")
    replies = harness.replies(LISTENER.id)
    assert len(replies) == 2
    assert all("I did not understand" in reply for reply in replies)


async def test_group_answers_only_when_addressed(harness: BotHarness) -> None:
    """In a group plain words are answered only when the bot is mentioned or replied to."""
    member = Person(12, "Member")
    await harness.say(member, GROUP, "when is the show on?")
    assert harness.replies(GROUP) == []
    await harness.say(member, GROUP, "@radionews_bot is it on tomorrow?")
    [answer] = harness.replies(GROUP)
    assert "Tuesday 1 December" in answer
    bot_message = harness.api._message_json(harness.api.sent(GROUP)[0])
    await harness.say(member, GROUP, "and on Friday?", reply_to=bot_message)
    assert "Friday 4 December" in harness.replies(GROUP)[-1]
