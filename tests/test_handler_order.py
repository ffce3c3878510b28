"""Front handlers (poll votes) are tried before every feature's handlers: they take only
what no handler before them would, and what runs before every handler still runs first."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update
from telegram.ext import BaseHandler

from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, callback_update
from bot.runtime.features import FEATURES
from handlers.polls import PollButtonHandler, VoteHandler
from tests.conftest import ADMIN
from tests.polls_helpers import manual_timer, open_seed, toasts

CLARA = Person(13, "Clara", "fr")
NEW_GROUP = -777


def _front_handlers(harness: BotHarness) -> list[BaseHandler[Update, Any, Any]]:
    fronts = {type(handler) for feature in FEATURES for handler in feature.front_handlers()}
    return [handler for handler in harness.app.handlers[0] if type(handler) in fronts]


@pytest.mark.parametrize("data", ["pv:1:0", "pv:1:2:fr", "pv:99:0", "pvx"])
async def test_a_vote_is_taken_by_the_handler_that_took_it_before(
    harness: BotHarness, data: str
) -> None:
    """Without the front handlers, the first handler taking a vote is the polls' own one."""
    poll = await open_seed(harness)
    update = Update.de_json(
        callback_update(CLARA, harness.api._message_json(poll), data), harness.app.bot
    )
    fronts = _front_handlers(harness)
    assert [type(handler) for handler in fronts] == [VoteHandler]
    rest = [handler for handler in harness.app.handlers[0] if handler not in fronts]
    first = next(handler for handler in rest if handler.check_update(update))
    assert isinstance(first, PollButtonHandler)
    assert fronts[0].check_update(update)


@pytest.mark.parametrize(
    "data", ["", "zz:unknown", "menu:poll", "ps:1", "pr:1", "core:delete", "newpoll:open"]
)
async def test_other_buttons_pass_the_vote_handler(harness: BotHarness, data: str) -> None:
    """A press without vote data, even under a poll message, is not taken by the vote handler."""
    poll = await open_seed(harness)
    update = Update.de_json(
        callback_update(CLARA, harness.api._message_json(poll), data), harness.app.bot
    )
    assert not any(handler.check_update(update) for handler in _front_handlers(harness))


async def test_a_vote_is_answered_in_the_chats_chosen_language(harness: BotHarness) -> None:
    """The chat's /language decides the toast: the language is resolved before the vote."""
    manual_timer(harness)
    await harness.say(CLARA, CLARA.id, "/start")
    await harness.say(CLARA, CLARA.id, "/language nl")
    await harness.say(ADMIN, ADMIN.id, "/openpoll 1")
    await harness.services.get(PollService).show(1, CLARA.id)
    poll = harness.latest_with_buttons(CLARA.id)
    assert poll is not None
    await harness.press(CLARA, poll, "pv:1:1")
    assert toasts(harness)[-1].startswith("Je stem: No")


async def test_a_vote_in_a_group_never_seen_records_its_copy_not_the_chat(
    harness: BotHarness,
) -> None:
    """A vote from a poll copy in a group the bot never saw counts, is answered in the
    voter's language, refreshes that copy too, and records no chat (only messages do)."""
    manual_timer(harness)
    poll = await open_seed(harness)
    copy = harness.api._message_json(poll)
    copy = {**copy, "message_id": 4242, "chat": {"id": NEW_GROUP, "type": "group", "title": "G"}}
    await harness.push(callback_update(CLARA, copy, "pv:1:0"))
    polls = harness.services.get(PollService)
    assert toasts(harness)[-1].startswith("Votre vote : Yes")
    assert (await polls.tally(1)).counts == (1, 0, 0)
    await polls.refresher.settle()
    edits = harness.api.calls_to("editMessageText")
    assert [call.params["chat_id"] for call in edits] == [NEW_GROUP]  # the pressed copy first
    assert await harness.services.chats.get(NEW_GROUP) is None
