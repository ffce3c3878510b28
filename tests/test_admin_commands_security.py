"""Every editor command, tried by a listener in a private chat and in a group, is refused."""

from __future__ import annotations

import sqlite3

import pytest

from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from bot.runtime.features import COMMANDS

INTRUDER = Person(66, "Intruder", "en")
GROUP = -660
ARGUMENTS = {
    "publish": "Fake | news | https://example.org/fake | war in ukraine",
    "addfeed": "https://example.org/feed.xml",
    "removefeed": "1",
    "newpoll": "Hacked? | Yes | No",
    "openpoll": "1",
    "closepoll": "1",
    "sendpoll": "1",
    "exportpoll": "1",
}


def _dump(path: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.mark.parametrize("chat_id", [INTRUDER.id, GROUP])
@pytest.mark.parametrize("command", [c.name for c in COMMANDS if c.admin_only])
async def test_admin_command_from_listener_changes_nothing(
    harness: BotHarness, command: str, chat_id: int
) -> None:
    """A listener (even a group's own admin) running an editor command is refused; no row moves."""
    await harness.say(INTRUDER, INTRUDER.id, "/start")
    db_path = str(harness.services.core.settings.db)
    before = _dump(db_path)
    await harness.say(INTRUDER, chat_id, f"/{command} {ARGUMENTS.get(command, '')}".strip())
    await harness.services.drain(1)
    assert _dump(db_path) == before
    replies = harness.replies(chat_id)
    assert replies[-1] == "Sorry, this command is for the show's editors (admins only)."
