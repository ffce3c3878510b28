"""Voting through the real Application: one tally across chats, changes, take-backs, bad data."""

from __future__ import annotations

import asyncio

from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, callback_update
from tests.conftest import ADMIN
from tests.polls_helpers import advance, manual_timer, open_seed, toasts

ANNE, BEN, CLARA = Person(11, "Anne"), Person(12, "Ben"), Person(13, "Clara", "fr")


async def test_vote_is_answered_and_counted(harness: BotHarness) -> None:
    """A press is answered with the chosen option and counted in the tally."""
    manual_timer(harness)
    poll = await open_seed(harness)
    await harness.press(ANNE, poll, "pv:1:0")
    assert toasts(harness)[-1] == "Your vote: Yes — tap again to take it back"
    assert (await harness.services.get(PollService).tally(1)).counts == (1, 0, 0)


async def test_change_and_take_back(harness: BotHarness) -> None:
    """Another option changes the vote; the own option again takes it back."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    await harness.press(ANNE, poll, "pv:1:0")
    await advance(harness, timer, 1)
    await harness.press(ANNE, poll, "pv:1:1")
    assert (await harness.services.get(PollService).tally(1)).counts == (0, 1, 0)
    await advance(harness, timer, 1)
    await harness.press(ANNE, poll, "pv:1:1")
    assert toasts(harness)[-1] == "Your vote is taken back"
    tally = await harness.services.get(PollService).tally(1)
    assert tally.counts == (0, 0, 0)
    assert tally.voters == 0


async def test_one_vote_per_user_across_chats(harness: BotHarness) -> None:
    """The same user voting from messages in two chats has one vote in one tally."""
    timer = manual_timer(harness)
    admin_copy = await open_seed(harness)
    await harness.say(ANNE, ANNE.id, "/start")
    await harness.services.get(PollService).show(1, ANNE.id)
    anne_copy = harness.latest_with_buttons(ANNE.id)
    assert anne_copy is not None
    await harness.press(ANNE, anne_copy, "pv:1:0")
    await advance(harness, timer, 1)
    await harness.press(ANNE, admin_copy, "pv:1:2")
    await harness.press(BEN, admin_copy, "pv:1:2")
    tally = await harness.services.get(PollService).tally(1)
    assert tally.counts == (0, 0, 2)
    assert tally.voters == 2
    stored = await harness.services.get(PollService).stored_tally(1)
    assert stored.counts == (0, 0, 2)


async def test_multiple_choice_toggles(harness: BotHarness) -> None:
    """In a multiple-choice poll each press toggles one option."""
    timer = manual_timer(harness)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Which topics? | War | Economy | Sport | multiple")
    poll = harness.latest_with_buttons(ADMIN.id)
    assert poll is not None
    await harness.press(ANNE, poll, "pv:2:0")
    await harness.press(ANNE, poll, "pv:2:2")
    assert toasts(harness)[-1].startswith("Your choices: War, Sport")
    await advance(harness, timer, 1)
    await harness.press(ANNE, poll, "pv:2:0")
    assert (await harness.services.get(PollService).tally(2)).counts == (0, 0, 1)


async def test_double_press_counts_once(harness: BotHarness) -> None:
    """The same button pressed twice within milliseconds counts once (not vote + take back)."""
    manual_timer(harness)
    poll = await open_seed(harness)
    payload = harness.api._message_json(poll)
    await asyncio.gather(
        harness.push(callback_update(ANNE, payload, "pv:1:1")),
        harness.push(callback_update(ANNE, payload, "pv:1:1")),
    )
    assert (await harness.services.get(PollService).tally(1)).counts == (0, 1, 0)
    assert toasts(harness) == ["Your vote: No — tap again to take it back"] * 2


async def test_toast_in_voters_language(harness: BotHarness) -> None:
    """The confirmation speaks the voter's language."""
    manual_timer(harness)
    poll = await open_seed(harness)
    await harness.press(CLARA, poll, "pv:1:1")
    assert toasts(harness)[-1].startswith("Votre vote : No")


async def test_forged_or_garbled_data_counts_nothing(harness: BotHarness) -> None:
    """Unknown poll or option, another poll's option, noise and non-UTF-8 get an error toast."""
    manual_timer(harness)
    poll = await open_seed(harness)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Tea? | Tea | Coffee")
    forged = ["pv:99:0", "pv:1:3", "pv:2:2", "pv:1:-1", "pv:x:0", "\udcff\udcfe", "\ufffd" * 20,
              "pv:" + "9" * 61, "A" * 64, "pv:1:0:0"]  # fmt: skip
    for data in forged:
        await harness.press(ANNE, poll, data)
    assert toasts(harness) == ["This button is not valid (any more)"] * len(forged)
    assert (await harness.services.get(PollService).tally(1)).voters == 0
    assert (await harness.services.get(PollService).tally(2)).voters == 0


async def test_draft_and_closed_polls_refuse_votes(harness: BotHarness) -> None:
    """A press on a draft or a closed poll is answered and changes nothing."""
    manual_timer(harness)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Tea? | Tea | Coffee | opens: 2026-12-01 10:00")
    poll = await open_seed(harness)
    await harness.press(ANNE, poll, "pv:2:0")
    assert toasts(harness)[-1] == "This poll is not open yet"
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await harness.press(ANNE, poll, "pv:1:0")
    assert toasts(harness)[-1] == "This poll is closed"
    assert (await harness.services.get(PollService).tally(1)).voters == 0
    assert (await harness.services.get(PollService).tally(2)).voters == 0


async def test_votes_stored_only_as_keyed_hash(harness: BotHarness) -> None:
    """The database holds 32-byte keyed hashes, never the Telegram id; a secret is kept."""
    manual_timer(harness)
    poll = await open_seed(harness)
    await harness.press(ANNE, poll, "pv:1:0")
    await harness.services.get(PollService).stored_tally(1)
    db = harness.services.core.db
    rows = await db.fetchall("SELECT * FROM poll_votes")
    assert len(rows) == 1
    voter = bytes(rows[0]["voter"])
    assert len(voter) == 32
    assert str(ANNE.id).encode() not in voter
    assert set(rows[0].keys()) == {"poll_id", "voter", "option", "language"}
    secret = await db.fetchone("SELECT value FROM poll_secrets WHERE name = 'vote_secret'")
    assert secret is not None
    assert len(secret[0]) == 64


async def test_forgetme_deletes_votes_in_open_polls_only(harness: BotHarness) -> None:
    """/forgetme removes the user's vote in open polls; closed polls keep their counts."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Tea? | Tea | Coffee")
    tea = harness.latest_with_buttons(ADMIN.id)
    assert tea is not None
    await harness.press(ANNE, poll, "pv:1:0")
    await harness.press(ANNE, tea, "pv:2:1")
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await advance(harness, timer, 1)
    await harness.say(ANNE, ANNE.id, "/forgetme")
    assert "deleted" in harness.replies(ANNE.id)[-1]
    assert (await harness.services.get(PollService).stored_tally(1)).counts == (1, 0, 0)
    assert (await harness.services.get(PollService).stored_tally(2)).counts == (0, 0)
    assert (await harness.services.get(PollService).tally(2)).voters == 0


async def test_poll_with_many_votes_opens_without_loading_them(harness: BotHarness) -> None:
    """A poll with 10,000 stored votes loads counts only; a returning voter is looked up."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    polls = harness.services.get(PollService)
    ballot = polls.ballot
    users = range(50_000, 60_000)
    await polls._repo.replace_votes(
        {(1, ballot.voter(user)): frozenset({user % 3}) for user in users}
    )
    polls._states.drop(1)  # as after a restart
    ballot.choices.clear()
    tally = await polls.tally(1)
    assert tally.voters == 10_000
    assert tally.counts == (3333, 3333, 3334)
    assert len(ballot.choices) == 0
    assert ballot.choices.queries == 0
    returning = Person(50_000, "Returning")  # stored with option 2: pressing it takes back
    await harness.press(returning, poll, "pv:1:2")
    assert toasts(harness)[-1] == "Your vote is taken back"
    assert ballot.choices.queries == 1
    assert (await polls.tally(1)).voters == 9_999
    for index in range(30):
        await harness.press(Person(70_000 + index, "New"), poll, "pv:1:1")
        await advance(harness, timer, 0.1)
    assert len(ballot.choices) == 31
    assert len(ballot.recent) <= 5  # presses older than the double-press window expire
    assert (await polls.stored_tally(1)).voters == 10_029


async def test_press_sent_again_after_a_restart_counts_once(harness: BotHarness) -> None:
    """A press Telegram sends again after a restart (same callback id) does not undo the vote."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    payload = harness.api._message_json(poll)
    press = callback_update(ANNE, payload, "pv:1:0")
    await harness.push(press)
    await harness.services.get(PollService).ballot.writer.idle()
    await harness.services.get(PollService).ballot.load_counted_presses()  # as at the next start
    await advance(harness, timer, 5)
    await harness.push(press)
    assert (await harness.services.get(PollService).tally(1)).counts == (1, 0, 0)
    await harness.press(ANNE, poll, "pv:1:0")  # a new press of the same button takes it back
    assert (await harness.services.get(PollService).tally(1)).counts == (0, 0, 0)
