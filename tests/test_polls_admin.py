"""Admin commands, results, closing and sharing of polls through the real Application."""

from __future__ import annotations

import pytest

from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.delivery.service import DeliveryService
from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, chosen_inline_result_update, inline_query_update
from tests.conftest import ADMIN, LISTENER
from tests.polls_helpers import advance, manual_timer, open_seed, toasts

ANNE, BEN, CLARA = Person(11, "Anne"), Person(12, "Ben"), Person(13, "Clara")


@pytest.mark.parametrize(
    "command",
    [
        "/newpoll Q? | A | B",
        "/polls",
        "/openpoll 1",
        "/closepoll 1",
        "/sendpoll 1",
        "/exportpoll 1",
    ],
)
async def test_admin_commands_refuse_listeners(harness: BotHarness, command: str) -> None:
    """A listener using an admin command gets 'admins only' and nothing changes."""
    await harness.say(LISTENER, LISTENER.id, command)
    assert "admins only" in harness.replies(LISTENER.id)[-1]
    polls = await harness.services.get(PollService).list_polls()
    assert [(s.poll.id, s.poll.status.value) for s in polls] == [(1, "draft")]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Q? | Only one", "at least 2 options"),
        ("Q? | " + " | ".join(f"o{i}" for i in range(11)), "at most 10 options"),
        ("Q? | A |  | C", "Option 2 is empty"),
        ("Q" * 301 + " | A | B", "at most 300 characters"),
        ("Q? | A | " + "B" * 101, "Option 2 is too long"),
        ("Q? | A | B | closes: 2026-11-29 19:00", "closing time is in the past"),
        ("Q? | A | B | closes: tomorrow", "can't read the time"),
        ("Q? | Yes | yes", "Two options are the same"),
    ],
)
async def test_newpoll_bad_input_names_the_rule(harness: BotHarness, line: str, rule: str) -> None:
    """/newpoll with input breaking a rule answers one clear line naming it, creates nothing."""
    await harness.say(ADMIN, ADMIN.id, f"/newpoll {line}")
    assert rule in harness.replies(ADMIN.id)[-1]
    assert len(await harness.services.get(PollService).list_polls()) == 1


async def test_newpoll_one_line_opens_and_shows(harness: BotHarness) -> None:
    """A one-line /newpoll is open at once, closes at the end of the next show, and is shown."""
    await harness.say(
        ADMIN, ADMIN.id, "/newpoll Ready to see soldiers in Ukraine? | Yes | No | I don't know yet"
    )
    assert "open until Mon 30 Nov, 19:00" in harness.replies(ADMIN.id)[-2]
    shown = harness.latest_with_buttons(ADMIN.id)
    assert shown is not None
    assert [b["text"] for b in shown.buttons()][:3] == ["Yes", "No", "I don't know yet"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in shown.buttons()[:3])


async def test_newpoll_dialogue(harness: BotHarness) -> None:
    """The guided /newpoll asks question, options, choice and closing time, previews the
    poll, and "Open now" opens it."""
    for answer in ("/newpoll", "Tea or coffee?", "Tea\nCoffee\nWater", "Several answers", "21:30"):
        await harness.say(ADMIN, ADMIN.id, answer)
    preview = harness.api.sent(ADMIN.id)[-1]
    assert preview.text == (
        "📊 Tea or coffee?\n• Tea\n• Coffee\n• Water\n\nSeveral answers · closes Mon 30 Nov, 21:30"
    )
    assert [b["text"] for b in preview.buttons()] == ["Open now", "Keep as draft"]
    assert await harness.services.get(PollService).get(2) is None
    await harness.press(ADMIN, preview, "newpoll:open")
    poll = await harness.services.get(PollService).get(2)
    assert poll is not None
    assert poll.options == ("Tea", "Coffee", "Water")
    assert poll.multiple
    assert poll.is_open
    assert "Mon 30 Nov, 21:30" in harness.replies(ADMIN.id)[-2]


@pytest.mark.parametrize(
    "options",
    [
        ["Tea", "Coffee", "Water", "Done"],
        ["Tea | Coffee | Water"],
        ["Tea", "Coffee | Water", "Done"],
    ],
)
async def test_newpoll_dialogue_takes_options_one_by_one_or_on_one_line(
    harness: BotHarness, options: list[str]
) -> None:
    """Options one per message ended by Done, or `A | B | C` on one line, are all accepted;
    "Keep as draft" stores the poll unopened."""
    for answer in ("/newpoll", "Tea or coffee?", *options, "One answer", "End of the next show"):
        await harness.say(ADMIN, ADMIN.id, answer)
    if options[-1] == "Done":
        assert harness.replies(ADMIN.id)[3].startswith("Added “")
        assert "Done" in harness.api.sent(ADMIN.id)[3].keyboard()
    preview = harness.api.sent(ADMIN.id)[-1]
    await harness.press(ADMIN, preview, "newpoll:draft")
    assert harness.replies(ADMIN.id)[-1] == (
        "Poll #2 is kept as a draft. Open it with /openpoll 2."
    )
    poll = await harness.services.get(PollService).get(2)
    assert poll is not None
    assert poll.options == ("Tea", "Coffee", "Water")
    assert not poll.is_open


async def test_newpoll_dialogue_repeats_a_step_on_bad_input(harness: BotHarness) -> None:
    """A bad answer in the dialogue names the rule and asks again."""
    for answer in ("/newpoll", "Tea or coffee?", "Tea", "Done"):
        await harness.say(ADMIN, ADMIN.id, answer)
    assert "at least 2 options" in harness.replies(ADMIN.id)[-1]
    await harness.say(ADMIN, ADMIN.id, "tea")
    assert "Two options are the same" in harness.replies(ADMIN.id)[-1]
    await harness.say(ADMIN, ADMIN.id, "/cancel")
    assert len(await harness.services.get(PollService).list_polls()) == 1


async def test_polls_lists_status_and_voters(harness: BotHarness) -> None:
    """/polls shows each poll with status and voters."""
    manual_timer(harness)
    poll = await open_seed(harness)
    await harness.press(ANNE, poll, "pv:1:0")
    await harness.say(ADMIN, ADMIN.id, "/polls")
    assert "#1 [open] Would the Belgians" in harness.replies(ADMIN.id)[-1]
    assert "1 voter" in harness.replies(ADMIN.id)[-1]


async def test_console_story_seed_poll(harness: BotHarness) -> None:
    """Seed poll: three vote (one changes, one takes back), /results is exact, closing freezes."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    await harness.say(ANNE, ANNE.id, "/start")
    await harness.services.get(PollService).show(1, ANNE.id)
    anne_copy = harness.latest_with_buttons(ANNE.id)
    assert anne_copy is not None
    await harness.press(ANNE, anne_copy, "pv:1:0")
    await harness.press(BEN, poll, "pv:1:1")
    await harness.press(CLARA, poll, "pv:1:2")
    await advance(harness, timer, 1)
    await harness.press(BEN, poll, "pv:1:0")  # changes
    await harness.press(CLARA, poll, "pv:1:2")  # takes it back
    await harness.say(ADMIN, ADMIN.id, "/results")
    results = harness.api.sent(ADMIN.id)[-2].text
    assert "Yes</b>\n██████████ 100% (2)" in results
    assert "2 voters" in results
    assert harness.api.sent(ADMIN.id)[-1].kind == "photo"
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await advance(harness, timer, 4)
    for message in (poll, anne_copy):
        frozen = harness.api.messages[(message.chat_id, message.message_id)]
        assert frozen.buttons() == []
        assert "Closed — final result · 👥 2 voters" in frozen.text
        assert "100% (2)" in frozen.text


async def test_results_for_listeners_after_voting(harness: BotHarness) -> None:
    """/results is for voters while open, for everyone once closed, and says when none is open."""
    manual_timer(harness)
    await harness.say(LISTENER, LISTENER.id, "/results")
    assert "no open poll" in harness.replies(LISTENER.id)[-1]
    poll = await open_seed(harness)
    await harness.say(LISTENER, LISTENER.id, "/results")
    assert "Vote first" in harness.replies(LISTENER.id)[-1]
    await harness.press(LISTENER, poll, "pv:1:1")
    await harness.say(LISTENER, LISTENER.id, "/results")
    assert "results so far" in harness.replies(LISTENER.id)[-2]
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await harness.say(ANNE, ANNE.id, "/results 1")
    assert "final result" in harness.replies(ANNE.id)[-2]
    [photo] = harness.api.calls_to("sendPhoto")[-1:]
    assert photo.params["_files"]["photo"]["filename"] == "poll-1.png"
    await harness.say(ANNE, ANNE.id, "/results 42")
    assert "no poll #42" in harness.replies(ANNE.id)[-1]


async def test_closing_by_time(harness: BotHarness, clock: FixedClock) -> None:
    """At the end of the next show the due check closes the poll and presses are refused."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    await harness.press(ANNE, poll, "pv:1:0")
    clock.advance(hours=7, minutes=1)  # Monday 19:01
    await harness.press(BEN, poll, "pv:1:0")
    assert toasts(harness)[-1] == "This poll is closed"
    assert await harness.services.get(PollService).run_due() == [1]
    await advance(harness, timer, 4)
    frozen = harness.api.messages[(poll.chat_id, poll.message_id)]
    assert frozen.buttons() == []
    assert (await harness.services.get(PollService).stored_tally(1)).counts == (1, 0, 0)


async def test_sendpoll_pushes_to_subscribers_and_tracks(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/sendpoll queues the poll for subscribers; those messages are refreshed on votes."""
    timer = manual_timer(harness)
    for person in (ANNE, BEN):
        await harness.say(person, person.id, "/start")

    async def subscribers() -> list[int]:
        return [ANNE.id, BEN.id]

    monkeypatch.setattr(harness.services.get(ArticleService), "subscriber_chat_ids", subscribers)
    await harness.say(ADMIN, ADMIN.id, "/sendpoll 1")
    assert "not open" in harness.replies(ADMIN.id)[-1]
    await open_seed(harness)
    await harness.say(ADMIN, ADMIN.id, "/sendpoll 1")
    assert "queued for 2" in harness.replies(ADMIN.id)[-1]
    await harness.services.get(DeliveryService).drain(5)
    anne_copy = harness.latest_with_buttons(ANNE.id)
    assert anne_copy is not None
    await harness.press(ANNE, anne_copy, "pv:1:1")
    await advance(harness, timer, 4)
    ben_copy = harness.api.messages[(BEN.id, harness.latest_with_buttons(BEN.id).message_id)]  # type: ignore[union-attr]
    assert "1 voter" in ben_copy.text


async def test_menu_poll_button_shows_current_poll(harness: BotHarness) -> None:
    """The schedule hint's 'poll' button shows the open poll, or says there is none."""
    await harness.say(ANNE, ANNE.id, "/start")
    hint = harness.api.sent(ANNE.id)[-1]
    await harness.press(ANNE, hint, "menu:poll")
    assert toasts(harness)[-1] == "There is no open poll right now."
    await open_seed(harness)
    await harness.press(ANNE, hint, "menu:poll")
    shown = harness.latest_with_buttons(ANNE.id)
    assert shown is not None
    assert "Would the Belgians" in shown.text


async def test_inline_mode_offers_and_counts_in_same_tally(harness: BotHarness) -> None:
    """Inline mode offers open polls by words; the posted message is tracked for refresh."""
    manual_timer(harness)
    await open_seed(harness)
    await harness.push(inline_query_update(ANNE, "belgians soldiers"))
    [answer] = harness.api.calls_to("answerInlineQuery")
    assert "Would the Belgians" in str(answer.params["results"])
    await harness.push(chosen_inline_result_update(ANNE, "poll:1", "belgians"))
    # The stand-in's chosen result carries no inline id: a press from the inline message does.
    shown = harness.latest_with_buttons(ADMIN.id)
    assert shown is not None
    payload = {
        "update_id": 10**9,
        "callback_query": {"id": "inline-1", "from": BEN.json(), "chat_instance": "x",
                           "inline_message_id": "AAQ-inline-1", "data": "pv:1:2"},
    }  # fmt: skip
    await harness.push(payload)
    assert toasts(harness)[-1].startswith("Your vote: I don't know yet")
    await harness.services.get(PollService).refresher.settle()
    # Tracked for refresh: the refresher edits it (the stand-in knows no inline messages).
    edits = harness.api.calls_to("editMessageText")
    assert any(call.params.get("inline_message_id") == "AAQ-inline-1" for call in edits)
    assert (await harness.services.get(PollService).tally(1)).counts == (0, 0, 1)
