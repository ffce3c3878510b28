"""Shared helpers of the studio tests: the studio page's address, a login link, a message."""

from __future__ import annotations

import re
from datetime import datetime

from bot.base.clock import FixedClock
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN, BRUSSELS

LINK = re.compile(r"/login\?t=[\w.-]+")


def studio_open(clock: FixedClock) -> None:
    """Move the clock into the studio's window (Monday 30 November, 17:00: before the show)."""
    clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=BRUSSELS))


def base_url(harness: BotHarness) -> str:
    """Where the running harness serves the studio page."""
    server = harness.app.bot_data.web
    assert server is not None, "the studio page is not served"
    return f"http://127.0.0.1:{server.port}"


async def login_link(harness: BotHarness) -> str:
    """The admin sends /studio; the path of the one-time link in the button."""
    await harness.say(ADMIN, ADMIN.id, "/studio")
    message = harness.latest_with_buttons(ADMIN.id)
    assert message is not None
    urls = [button.get("url", "") for button in message.buttons()]
    found = LINK.search(" ".join(urls))
    assert found is not None, urls
    return found.group(0)


async def send_message(harness: BotHarness, person: Person, words: str) -> None:
    """`person` opens the studio prompt and writes `words`."""
    await harness.say(person, person.id, "/studio")
    await harness.say(person, person.id, words)
