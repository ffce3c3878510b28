"""Core commands through the real Application and the in-memory Bot API."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, message_update
from bot.runtime.update_runner import UpdateRunner
from bot.texts import translate
from handlers.context import BotContext
from tests.conftest import ADMIN, LISTENER

GROUP = -100


async def test_start_greets_records_chat_and_shows_menu(harness: BotHarness) -> None:
    """/start greets with the show's name and hosts, records the chat and shows a menu."""
    await harness.say(LISTENER, LISTENER.id, "/start")
    [greeting] = harness.api.sent(LISTENER.id)
    assert "You are in the newspaper" in greeting.text
    assert "Peggy Simono" in greeting.text
    assert "/help" in greeting.keyboard()
    assert await harness.services.chats.get(LISTENER.id) is not None


async def test_start_names_the_hosts_as_each_language_lists_them(harness: BotHarness) -> None:
    """The greeting lists the hosts with the language's own “and”."""
    for person, hosts in (
        (LISTENER, "Peggy Simono and Thibaut Roland"),
        (Person(31, "Anne", "fr"), "Peggy Simono et Thibaut Roland"),
        (Person(32, "Jan", "nl"), "Peggy Simono en Thibaut Roland"),
    ):
        await harness.say(person, person.id, "/start")
        assert hosts in harness.api.sent(person.id)[-1].text


async def test_start_greets_in_french(harness: BotHarness) -> None:
    """A listener whose Telegram speaks French is greeted in French."""
    await harness.say(Person(3, "Anne", "fr"), 3, "/start")
    assert harness.replies(3)[0].startswith("Bonjour Anne")


async def test_help_lists_every_public_command(harness: BotHarness) -> None:
    """/help lists every public command with a line each, and no admin command for listeners."""
    await harness.say(LISTENER, LISTENER.id, "/help")
    [text] = harness.replies(LISTENER.id)
    for command in ("/start", "/help", "/stop", "/privacy"):
        assert command in text
    assert "Editors only" not in text


async def test_commands_registered_at_start_once_per_language(harness: BotHarness) -> None:
    """At start the command menu is sent once per language: English by default, French, Dutch."""
    calls = [call for call in harness.api.calls_to("setMyCommands") if "scope" not in call.params]
    assert [call.params.get("language_code") for call in calls] == [None, "fr", "nl"]
    help_lines = [
        next(c["description"] for c in call.params["commands"] if c["command"] == "help")
        for call in calls
    ]
    assert help_lines == [
        "every command with one line each",
        "toutes les commandes, en une ligne chacune",
        "alle commando's, elk in één regel",
    ]


async def test_editor_who_starts_the_bot_later_gets_the_menu_then(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """An editor whose chat did not exist at start-up gets the editor menu when they send
    /start; a listener's /start sets no menu."""
    harness = BotHarness(settings, config, clock)
    harness.api.fail_next(
        "setMyCommands", 400, "Bad Request: chat not found", chat_id=ADMIN.id, times=1
    )
    async with harness:
        at_start = len(harness.api.calls_to("setMyCommands"))
        await harness.say(LISTENER, LISTENER.id, "/start")
        assert len(harness.api.calls_to("setMyCommands")) == at_start
        await harness.say(ADMIN, ADMIN.id, "/start")
        later = harness.api.calls_to("setMyCommands")[at_start:]
    assert [call.params["scope"] for call in later] == [{"type": "chat", "chat_id": ADMIN.id}] * 3
    assert [call.params.get("language_code") for call in later] == [None, "fr", "nl"]
    assert "polls" in [command["command"] for command in later[0].params["commands"]]


async def test_editors_menu_in_their_private_chats(
    settings: Settings, config: AppConfig, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    """At start each admin's private chat gets the listener and editor commands in its menu
    once per language; an admin who never started the bot is one log line, not a failure."""
    never_started = 99
    admins = settings.model_copy(update={"admins": frozenset({ADMIN.id, never_started})})
    harness = BotHarness(admins, config, clock)
    harness.api.fail_next(
        "setMyCommands", 400, "Bad Request: chat not found", chat_id=never_started, times=3
    )
    with caplog.at_level(logging.INFO, logger="bot.runtime.profile"):
        async with harness:
            await harness.say(ADMIN, ADMIN.id, "/help")
    scoped = [
        call.params for call in harness.api.calls_to("setMyCommands") if "scope" in call.params
    ]
    mine = [params for params in scoped if params["scope"]["chat_id"] == ADMIN.id]
    assert [params["scope"]["type"] for params in mine] == ["chat"] * 3
    assert [params.get("language_code") for params in mine] == [None, "fr", "nl"]
    polls = [
        next(c["description"] for c in params["commands"] if c["command"] == "polls")
        for params in mine
    ]
    assert polls == [
        "every poll with its status and voters",
        translate("every poll with its status and voters", "fr"),
        translate("every poll with its status and voters", "nl"),
    ]
    assert len(set(polls)) == 3
    assert all("help" in [c["command"] for c in params["commands"]] for params in mine)
    assert len([params for params in scoped if params["scope"]["chat_id"] == never_started]) == 1
    [line] = [r.getMessage() for r in caplog.records if "have not started" in r.getMessage()]
    assert "99" in line
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert harness.replies(ADMIN.id)


async def test_descriptions_registered_per_language_and_only_when_changed(
    settings: Settings, config: AppConfig, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    """At start the bot's description and short description are set in English by default,
    French and Dutch, only where Telegram holds other ones; a refusal is one warning."""
    first = BotHarness(settings, config, clock)
    async with first:
        sets = first.api.calls_to("setMyDescription") + first.api.calls_to("setMyShortDescription")
    assert len(sets) == 6
    described = dict(first.api.profile)
    assert described[("description", "fr")].startswith("Le bot compagnon de « You are in")
    assert described[("description", "nl")].startswith("De bot bij “You are in the newspaper”")
    assert described[("short_description", None)] == (
        "“You are in the newspaper” on bel RTL: news, airing times and polls."
    )
    again = BotHarness(settings, config, clock)
    again.api.profile.update(described)  # what Telegram keeps from the last start
    again.api.fail_next("getMyShortDescription", 500, "Internal Server Error")
    with caplog.at_level(logging.WARNING):
        async with again:
            await again.say(LISTENER, LISTENER.id, "/help")
    assert again.replies(LISTENER.id)
    assert again.api.calls_to("setMyDescription") == []
    assert again.api.calls_to("setMyShortDescription") == []
    assert any("description" in r.getMessage() for r in caplog.records)


async def test_stop_then_delete_removes_chat(harness: BotHarness) -> None:
    """/stop offers to delete the chat's data, and pressing Delete removes the chat."""
    await harness.say(LISTENER, LISTENER.id, "/start")
    await harness.say(LISTENER, LISTENER.id, "/stop")
    offer = harness.latest_with_buttons(LISTENER.id)
    assert offer is not None
    assert "stopped" in offer.text
    await harness.press(LISTENER, offer, "core:delete")
    assert "deleted" in harness.api.sent(LISTENER.id)[-1].text
    assert await harness.services.chats.get(LISTENER.id) is None


async def test_stop_in_group_is_for_group_admins(harness: BotHarness) -> None:
    """In a group, /stop by a member who is not a group admin changes nothing."""
    await harness.say(ADMIN, GROUP, "/start")  # ADMIN opened the group: a group admin
    await harness.say(Person(5, "Member"), GROUP, "/stop")
    assert "Only this group's admins" in harness.replies(GROUP)[-1]


async def test_privacy_explains_storage(harness: BotHarness) -> None:
    """/privacy says votes are stored only as a keyed hash."""
    await harness.say(LISTENER, LISTENER.id, "/privacy")
    assert "keyed hash" in harness.replies(LISTENER.id)[0]


async def test_commands_in_a_row_are_answered_without_per_chat_spacing(
    harness: BotHarness,
) -> None:
    """Three commands sent in a row in one chat get their three answers at once, not 1/s."""
    import asyncio

    loop = asyncio.get_running_loop()
    started = loop.time()
    for command in ("/help", "/privacy", "/help"):
        await harness.say(LISTENER, LISTENER.id, command)
    assert len(harness.replies(LISTENER.id)) == 3
    assert loop.time() - started < 0.9  # per-chat spacing would take at least 2 s


async def test_updates_beyond_the_bound_wait_for_a_free_slot(harness: BotHarness) -> None:
    """While every handling slot is busy, taking one more update waits instead of starting it."""
    gate = asyncio.Event()
    handled: list[object] = []

    async def busy(update: Update, _context: BotContext) -> None:
        await gate.wait()
        handled.append(update)
        raise ApplicationHandlerStop  # no reply needed

    blocker = TypeHandler(Update, busy)
    harness.app.add_handler(blocker, group=-100)
    runner = UpdateRunner(harness.app, limit=3)
    updates = [
        Update.de_json(
            {**message_update(LISTENER, LISTENER.id, "/privacy"), "update_id": n}, harness.app.bot
        )
        for n in range(1, 5)
    ]
    try:
        for update in updates[:3]:
            await runner.start(update)
        fourth = asyncio.create_task(runner.start(updates[3]))
        for _ in range(5):
            await asyncio.sleep(0)  # let it run until it waits for a slot
        assert not fourth.done()
        gate.set()
        await asyncio.wait_for(fourth, 5)
        await asyncio.wait_for(runner.finish(), 5)
    finally:
        gate.set()
        harness.app.remove_handler(blocker, group=-100)
    assert len(handled) == 4
