"""Reminders before airings: due times, never twice, restarts, exceptions, /stop and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.delivery.service import DeliveryService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from bot.schedule.config import ShowConfig
from bot.schedule.service import ScheduleService
from handlers.schedule import REMINDER_JOB
from tests.conftest import BRUSSELS, LISTENER


def brussels(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    """A Brussels wall-clock moment in late 2026."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BRUSSELS)


async def reminders_sent(harness: BotHarness, chat_id: int = LISTENER.id) -> list[str]:
    """Run the due reminders and return the reminder texts the chat has received."""
    await harness.services.get(ScheduleService).send_due_reminders()
    await harness.services.get(DeliveryService).drain(2)
    return [text for text in harness.replies(chat_id) if text.startswith("⏰")]


async def test_remind_sends_once_at_the_right_minute(
    harness: BotHarness, clock: FixedClock
) -> None:
    """/remind 10 sends one reminder at 17:50, none before, none again after."""
    await harness.say(LISTENER, LISTENER.id, "/remind 10")
    assert "10 min before every airing" in harness.replies(LISTENER.id)[0]
    assert "Next reminder: Monday 30 November at 17:50" in harness.replies(LISTENER.id)[0]
    clock.set(brussels(30, 17, 49))
    assert await reminders_sent(harness) == []
    clock.set(brussels(30, 17, 50))
    [reminder] = await reminders_sent(harness)
    assert "starts in 10 min, at 18:00 (Europe/Brussels), on bel RTL" in reminder
    clock.set(brussels(30, 17, 55))
    assert len(await reminders_sent(harness)) == 1
    assert await harness.services.get(ScheduleService).next_reminder_due() == brussels(
        1, 17, 50, month=12
    )


async def test_remind_default_and_language_and_zone(harness: BotHarness, clock: FixedClock) -> None:
    """/remind alone means 10 minutes; the reminder uses the chat's language and zone."""
    dutch = Person(4, "Jan", "nl")
    await harness.say(dutch, dutch.id, "/timezone America/Montreal")
    await harness.say(dutch, dutch.id, "/remind")
    assert "10 min voor elke uitzending" in harness.replies(dutch.id)[-1]
    clock.set(brussels(30, 17, 50))
    [reminder] = await reminders_sent(harness, dutch.id)
    assert "begint over 10 min, om 12:00 (America/Montreal)" in reminder


async def test_reminder_follows_the_telegram_language_not_the_request(
    harness: BotHarness, clock: FixedClock
) -> None:
    """A reminder asked for in English words by a user whose Telegram speaks French comes in
    French, and in Dutch once their Telegram does."""
    anne = Person(5, "Anne", "fr")
    await harness.say(anne, anne.id, "remind me 15 minutes before the show")
    confirm = harness.latest_with_buttons(anne.id)
    assert confirm is not None
    await harness.press(anne, confirm, confirm.buttons()[0]["callback_data"])
    clock.set(brussels(30, 17, 45))
    [french] = await reminders_sent(harness, anne.id)
    assert "commence dans 15 min" in french
    await harness.say(Person(anne.id, "Anne", "nl"), anne.id, "/next")
    clock.set(brussels(1, 17, 45, month=12))
    [_, dutch] = await reminders_sent(harness, anne.id)
    assert "begint over 15 min" in dutch


@pytest.mark.parametrize("argument", ["0", "100000", "soon", "-5", "721", "1.5"])
async def test_remind_refuses_out_of_range(harness: BotHarness, argument: str) -> None:
    """/remind 0, 100000 or soon gives the allowed range and stores nothing."""
    await harness.say(LISTENER, LISTENER.id, f"/remind {argument}")
    assert "from 1 to 720" in harness.replies(LISTENER.id)[0]
    assert await harness.services.get(ScheduleService).next_reminder_due() is None


async def test_remind_off_stops(harness: BotHarness, clock: FixedClock) -> None:
    """/remind off stops the reminders."""
    await harness.say(LISTENER, LISTENER.id, "/remind 5")
    await harness.say(LISTENER, LISTENER.id, "/remind off")
    assert "Reminders stopped" in harness.replies(LISTENER.id)[-1]
    await harness.say(LISTENER, LISTENER.id, "/remind off")
    assert "had no reminder" in harness.replies(LISTENER.id)[-1]
    clock.set(brussels(30, 17, 56))
    assert await reminders_sent(harness) == []


async def test_stop_and_forgetting_end_reminders(harness: BotHarness, clock: FixedClock) -> None:
    """/stop (chat stopped) and forgetting a user both end the chat's reminder."""
    other = Person(6, "Other")
    await harness.say(LISTENER, LISTENER.id, "/remind 10")
    await harness.say(other, other.id, "/remind 10")
    await harness.say(LISTENER, LISTENER.id, "/stop")
    await harness.services.chats.forget_user(other.id)
    clock.set(brussels(30, 17, 55))
    assert await reminders_sent(harness) == []
    assert await reminders_sent(harness, other.id) == []
    assert await harness.services.get(ScheduleService).next_reminder_due() is None


async def test_group_reminder_is_for_group_admins(harness: BotHarness) -> None:
    """In a group only its admins may set a reminder."""
    owner, member = Person(10, "Owner"), Person(11, "Member")
    await harness.say(owner, -300, "/next")  # the first speaker administers the group
    await harness.say(member, -300, "/remind 10")
    assert "Only this group's admins" in harness.replies(-300)[-1]
    await harness.say(owner, -300, "/remind 15")
    assert "15 min before every airing" in harness.replies(-300)[-1]


async def test_reminder_survives_restart_and_is_not_sent_twice(
    settings: Settings, config: AppConfig
) -> None:
    """After a restart the job is planned again; a missed reminder goes out once, before 18:00."""
    clock = FixedClock(brussels(30, 12))
    async with BotHarness(settings, config, clock) as first:
        await first.say(LISTENER, LISTENER.id, "/remind 10")
    clock.set(brussels(30, 17, 55))  # the bot was down at 17:50
    async with BotHarness(settings, config, clock) as second:
        [job] = second.app.job_queue.get_jobs_by_name(REMINDER_JOB)  # type: ignore[union-attr]
        await job.run(second.app)  # what the JobQueue does when the time comes
        await second.services.get(DeliveryService).drain(2)
        [reminder] = second.replies(LISTENER.id)
        assert "starts in 5 min" in reminder
        [replanned] = second.app.job_queue.get_jobs_by_name(REMINDER_JOB)  # type: ignore[union-attr]
        assert replanned is not job
    async with BotHarness(settings, config, clock) as third:
        assert await reminders_sent(third) == []


async def test_missed_reminder_after_start_is_dropped(
    settings: Settings, config: AppConfig
) -> None:
    """A reminder whose show has started while the bot was down is not sent."""
    clock = FixedClock(brussels(30, 12))
    async with BotHarness(settings, config, clock) as first:
        await first.say(LISTENER, LISTENER.id, "/remind 10")
    clock.set(brussels(30, 18, 1))
    async with BotHarness(settings, config, clock) as second:
        assert await reminders_sent(second) == []
        assert await second.services.get(ScheduleService).next_reminder_due() == brussels(
            1, 17, 50, month=12
        )


def config_with(config: AppConfig, **changes: object) -> AppConfig:
    """The config with changes to the main show."""
    show = ShowConfig.model_validate({**config.show.model_dump(), **changes})
    return config.model_copy(update={"shows": [show]})


async def test_cancelled_airing_sends_no_reminder_and_special_does(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """No reminder for a cancelled airing; a special on Saturday gets one."""
    changed = config_with(
        config,
        cancelled=["2026-11-30"],
        specials=[{"date": "2026-12-05", "start": "10:00", "end": "11:00"}],
    )
    async with BotHarness(settings, changed, clock) as harness:
        await harness.say(LISTENER, LISTENER.id, "/remind 10")
        clock.set(brussels(30, 17, 55))
        assert await reminders_sent(harness) == []
        clock.set(brussels(5, 9, 50, month=12))
        [reminder] = await reminders_sent(harness)
        assert "at 10:00 (Europe/Brussels)" in reminder


async def test_reminder_job_is_planned_for_the_next_due_time(
    harness: BotHarness, clock: FixedClock
) -> None:
    """Setting a reminder plans one job (never two) for the earliest due time, capped at an hour."""
    clock.set(brussels(30, 17, 40))
    await harness.say(LISTENER, LISTENER.id, "/remind 10")
    await harness.say(LISTENER, LISTENER.id, "/remind 15")
    [job] = harness.app.job_queue.get_jobs_by_name(REMINDER_JOB)  # type: ignore[union-attr]
    assert job.next_t is not None
    wait = (job.next_t - dt.datetime.now(dt.UTC)).total_seconds()
    assert 290 < wait <= 300  # 17:45 is five minutes after the pinned 17:40
    await harness.say(LISTENER, LISTENER.id, "/remind off")
    [idle] = harness.app.job_queue.get_jobs_by_name(REMINDER_JOB)  # type: ignore[union-attr]
    assert idle.next_t is not None
    assert (idle.next_t - dt.datetime.now(dt.UTC)).total_seconds() > 3500
