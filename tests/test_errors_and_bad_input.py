"""The error handler and every kind of unexpected input of the foundation."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram.ext import CommandHandler

from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, message_update
from tests.conftest import LISTENER

GROUP = -500
BOT_NAME = "radionews_bot"


async def _explode(update: object, context: object) -> None:
    raise RuntimeError("database on fire")


async def test_handler_failure_logged_with_context_and_user_told(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing handler is logged with the update's context; the user gets one short line."""
    harness.app.handlers[0].insert(0, CommandHandler("boom", _explode))
    with caplog.at_level(logging.ERROR):
        await harness.say(LISTENER, LISTENER.id, "/boom")
    [answer] = harness.replies(LISTENER.id)
    assert answer == "Sorry, something went wrong on my side. Please try again in a moment."
    assert "database on fire" not in answer
    record = next(r for r in caplog.records if "handler failed" in r.getMessage())
    assert f"chat={LISTENER.id}" in record.getMessage()
    assert record.exc_info is not None


async def test_command_list_failure_is_only_a_warning(
    settings: object, config: object, clock: object, caplog: pytest.LogCaptureFixture
) -> None:
    """If Telegram refuses the command list at start, the bot logs a warning and runs."""
    harness = BotHarness(settings, config, clock)  # type: ignore[arg-type]
    harness.api.fail_next("setMyCommands", 500, "Internal Server Error")
    with caplog.at_level(logging.WARNING):
        async with harness:
            await harness.say(LISTENER, LISTENER.id, "/help")
    assert harness.replies(LISTENER.id)
    assert any("command list" in r.getMessage() for r in caplog.records)


async def test_unknown_command_points_to_help(harness: BotHarness) -> None:
    """An unknown command gets a one-line hint to /help."""
    await harness.say(LISTENER, LISTENER.id, "/frobnicate now")
    assert harness.replies(LISTENER.id) == [
        "I don't know that command. Send /help to see what I can do."
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                     "is_animated": False, "is_video": False, "type": "regular"}},
        {"photo": [{"file_id": "p", "file_unique_id": "u", "width": 1, "height": 1}]},
        {"voice": {"file_id": "v", "file_unique_id": "u", "duration": 3}},
        {"location": {"latitude": 50.85, "longitude": 4.35}},
    ],
)  # fmt: skip
async def test_non_text_in_private_gets_a_polite_line(
    harness: BotHarness, extra: dict[str, Any]
) -> None:
    """Stickers, photos, voice and locations get one polite line in a private chat."""
    await harness.push(message_update(LISTENER, LISTENER.id, None, extra=extra))
    assert harness.replies(LISTENER.id) == [
        "I can only read text messages. Send /help to see what I can do."
    ]


async def test_non_text_in_group_is_ignored(harness: BotHarness) -> None:
    """In a group the bot never answers a sticker."""
    sticker = {"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                           "is_animated": False, "is_video": False, "type": "regular"}}  # fmt: skip
    harness.api.set_chat(GROUP, "group")
    await harness.push(message_update(LISTENER, GROUP, None, extra=sticker))
    assert harness.replies(GROUP) == []


async def test_group_chatter_is_ignored(harness: BotHarness) -> None:
    """In a group, messages not addressed to the bot and other bots' commands get no answer."""
    await harness.say(LISTENER, GROUP, "what a match yesterday")
    await harness.say(LISTENER, GROUP, "/weather@other_bot")
    await harness.say(LISTENER, GROUP, "/frobnicate")
    assert harness.replies(GROUP) == []


async def test_unknown_command_addressed_in_group_gets_hint(harness: BotHarness) -> None:
    """In a group, an unknown command addressed to this bot gets the /help hint."""
    await harness.say(LISTENER, GROUP, f"/frobnicate@{BOT_NAME}")
    assert len(harness.replies(GROUP)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "x" * 4096,
        "📻🇧🇪🎙️" * 500,
        "مرحبا، متى يبدأ البرنامج؟",
        "zero\u200bwidth\u200d\u2060joiners\ufeff",
        "\u202eevil right-to-left override",
        "/start " + "y" * 4000,
    ],
)
async def test_odd_text_causes_no_error(
    harness: BotHarness, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Long text, emoji, right-to-left and zero-width characters cause no error."""
    with caplog.at_level(logging.ERROR):
        await harness.say(Person(9, "Odd", None), 9, text)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert harness.replies(9)


async def test_button_without_data_or_unknown_is_answered_and_changes_nothing(
    harness: BotHarness,
) -> None:
    """A press with empty or unknown data gets a short popup and triggers no action."""
    await harness.say(LISTENER, LISTENER.id, "/start")
    await harness.say(LISTENER, LISTENER.id, "/stop")
    offer = harness.latest_with_buttons(LISTENER.id)
    assert offer is not None
    for data in ("", "zz:unknown"):
        await harness.press(LISTENER, offer, data)
    answers = harness.api.calls_to("answerCallbackQuery")
    assert [call.params.get("text") for call in answers] == [
        "This button no longer works. Send /help to start again."
    ] * 2
    assert await harness.services.chats.get(LISTENER.id) is not None
    assert harness.api.sent(LISTENER.id)[-1].edits == 0
