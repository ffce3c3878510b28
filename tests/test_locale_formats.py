"""Dates, holidays and the command menu in the listener's language, through the Application."""

from __future__ import annotations

import datetime as dt

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import BRUSSELS

ANNE = Person(3, "Anne", "fr")
JAN = Person(4, "Jan", "nl")
EMMA = Person(5, "Emma", "en")


async def test_holiday_names_follow_the_listener(settings: Settings, config: AppConfig) -> None:
    """With Belgian holidays skipped, /schedule names Christmas in each listener's language."""
    show = config.shows[0].model_copy(update={"skip_holidays_of": "BE"})
    holiday_config = config.model_copy(update={"shows": [show]})
    clock = FixedClock(dt.datetime(2026, 12, 21, 12, 0, tzinfo=BRUSSELS))
    async with BotHarness(settings, holiday_config, clock) as harness:
        for person in (ANNE, JAN, EMMA):
            await harness.say(person, person.id, "/schedule")
        [french], [dutch], [english] = (harness.replies(p.id) for p in (ANNE, JAN, EMMA))
    assert "✗ vendredi 25 décembre, 18:00–19:00 (annulée, Noël)" in french
    assert "✗ vrijdag 25 december, 18:00–19:00 (geannuleerd, Kerstmis)" in dutch
    assert "✗ Friday 25 December, 18:00–19:00 (cancelled, Christmas Day)" in english
