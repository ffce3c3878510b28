"""Refresh of poll messages: O(1) presses, one edit per 3 s per message, a paced overall edit
rate, retries, flood waits, and every copy ending on the final state."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig, load_config
from bot.core.messages import Outcome, SendResult
from bot.polls.refresher import UNKNOWN, PollRefresher
from bot.polls.service import PollService
from bot.polls.timers import ManualTimer
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import Output
from bot.runtime.console.updates import Person
from storage.poll_models import PollMessage
from tests.conftest import ADMIN
from tests.polls_helpers import advance, manual_timer, open_seed

VOTERS = [Person(100 + i, f"V{i}") for i in range(12)]


@pytest.fixture
def config() -> AppConfig:
    """The built-in config with a high send rate, so showing hundreds of copies is quick."""
    base = load_config(None)
    fast = base.delivery.model_copy(update={"overall_per_s": 2000})
    return base.model_copy(update={"delivery": fast})


def _edit_times(harness: BotHarness, timer: ManualTimer) -> dict[tuple[int, int], list[float]]:
    """Manual times of every edit, per message, from now on."""
    times: dict[tuple[int, int], list[float]] = defaultdict(list)

    def on_output(output: Output) -> None:
        if output.kind == "edit" and output.message is not None:
            times[(output.message.chat_id, output.message.message_id)].append(timer.time())

    harness.api.listeners.append(on_output)
    return times


async def _show_in_groups(harness: BotHarness, count: int) -> list[tuple[int, int]]:
    """Show poll 1 in `count` groups; their (chat id, message id)."""
    shown = []
    for index in range(count):
        chat_id = -(5000 + index)
        harness.api.set_chat(chat_id, "group")
        await harness.services.chats.seen(chat_id, "group", f"Group {index}", "en")
        message_id = await harness.services.get(PollService).show(1, chat_id)
        assert message_id is not None
        shown.append((chat_id, message_id))
    return shown


async def test_refresher_edits_once_per_interval_and_ends_on_latest() -> None:
    """Many changes give an edit at once, one per interval after, and the latest state."""
    timer = ManualTimer()
    version = {1: 0}
    edits: list[tuple[float, int]] = []

    async def edit(handle: PollMessage) -> tuple[int, SendResult]:
        edits.append((timer.time(), version[1]))
        return version[1], SendResult(outcome=Outcome.SENT)

    refresher = PollRefresher(timer, edit, version.get, interval=3.0)
    handle = PollMessage(poll_id=1, chat_id=5, message_id=1)
    refresher.add(handle, 0)
    for value in range(1, 50):
        version[1] = value
        refresher.changed(1, handle)
        await refresher.settle()
        timer.advance(0.1)
    for _ in range(40):
        timer.advance(0.1)
        await refresher.settle()
    times = [moment for moment, _ in edits]
    assert all(later - earlier >= 3.0 for earlier, later in itertools.pairwise(times))
    assert edits[-1][1] == 49
    assert not refresher.busy


async def test_flood_wait_pauses_every_edit() -> None:
    """A flood-wait answer pauses all edits for the requested seconds."""
    timer = ManualTimer()
    version = {1: 1}
    edits: list[float] = []

    async def edit(handle: PollMessage) -> tuple[int, SendResult]:
        edits.append(timer.time())
        if len(edits) == 1:
            return version[1], SendResult(outcome=Outcome.RETRY_AFTER, retry_after=10.0)
        return version[1], SendResult(outcome=Outcome.SENT)

    refresher = PollRefresher(timer, edit, version.get)
    for message_id in (1, 2):
        refresher.add(PollMessage(poll_id=1, chat_id=5, message_id=message_id), UNKNOWN)
    await refresher.settle()
    timer.advance(9)
    await refresher.settle()
    assert len(edits) == 1
    timer.advance(1.5)
    await refresher.settle()
    assert len(edits) == 3
    assert not refresher.busy


async def test_vote_storm_edits_each_message_at_most_every_3s(harness: BotHarness) -> None:
    """Votes in quick succession edit each poll message at most once per 3 s, ending exact."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    times = _edit_times(harness, timer)
    for index, voter in enumerate(VOTERS):
        await harness.press(voter, poll, f"pv:1:{index % 3}")
        await advance(harness, timer, 0.5)
    await advance(harness, timer, 4)
    stored = harness.api.messages[(poll.chat_id, poll.message_id)]
    moments = times[(poll.chat_id, poll.message_id)]
    assert all(later - earlier >= 3.1 for earlier, later in itertools.pairwise(moments))
    assert stored.text == (await harness.services.get(PollService).message(1)).text
    assert "12 voters" in stored.text


async def test_pressing_is_constant_work_in_the_number_of_copies(harness: BotHarness) -> None:
    """With 200 copies, presses edit no more than the overall edit rate allows, pressed first."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    shown = await _show_in_groups(harness, 200)
    refresher = harness.services.get(PollService).refresher
    times = _edit_times(harness, timer)
    start = timer.time()
    pressed = harness.api.messages[shown[150]]
    for voter in VOTERS[:10]:
        await harness.press(voter, pressed, "pv:1:0")
    await refresher.settle()
    edited = sorted(moment for moments in times.values() for moment in moments)
    # Ten presses on a poll shown 201 times: nothing beyond the refresher's burst yet.
    assert len(edited) <= refresher.rate
    assert times[shown[150]] == [start]  # the copy pressed goes first
    await advance(harness, timer, 5)
    edited = sorted(moment for moments in times.values() for moment in moments)
    assert len(edited) <= refresher.rate * (1 + 5)
    assert max(len(list(group)) for _, group in itertools.groupby(int(t) for t in edited)) <= 11
    assert harness.api.messages[(poll.chat_id, poll.message_id)].edits >= 1  # the admin's copy


async def test_transient_edit_failures_are_retried(harness: BotHarness) -> None:
    """An edit failing with a 5xx is retried with backoff until the message is current."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    harness.api.fail_next("editMessageText", 502, "Bad Gateway")
    harness.api.fail_next("editMessageText", 502, "Bad Gateway")
    await harness.press(VOTERS[0], poll, "pv:1:1")
    await advance(harness, timer, 1)
    stored = harness.api.messages[(poll.chat_id, poll.message_id)]
    assert "1 voter" not in stored.text
    await advance(harness, timer, 12)
    assert "1 voter" in stored.text
    assert not harness.services.get(PollService).refresher.busy


async def test_not_modified_and_deleted_messages_are_ignored(harness: BotHarness) -> None:
    """'Message is not modified' is ignored; a deleted message stops being refreshed."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    harness.api.fail_next("editMessageText", 400, "Bad Request: message is not modified")
    await harness.press(VOTERS[0], poll, "pv:1:0")
    await advance(harness, timer, 4)
    assert not harness.services.get(PollService).refresher.busy
    harness.api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    await harness.press(VOTERS[1], poll, "pv:1:0")
    await advance(harness, timer, 4)
    assert await harness.services.get(PollService).messages_showing(1) == []
    rows = await harness.services.core.db.fetchall("SELECT * FROM poll_messages")
    assert rows == []
    await harness.press(VOTERS[2], poll, "pv:1:0")  # still counted, and tracked again
    assert (await harness.services.get(PollService).tally(1)).voters == 3


async def test_closing_ends_every_copy_on_the_final_state(harness: BotHarness) -> None:
    """Closing a poll shown in many chats edits every copy to the final result, paced."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    shown = await _show_in_groups(harness, 60)
    await harness.press(VOTERS[0], poll, "pv:1:0")
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    harness.api.fail_next("editMessageText", 502, "Bad Gateway")
    await advance(harness, timer, 3)
    unfinished = await harness.services.core.db.fetchall(
        "SELECT * FROM poll_messages WHERE final_shown = 0"
    )
    assert unfinished  # 61 copies at 10 edits/s take more than 3 s
    await advance(harness, timer, 10)
    for key in [*shown, (poll.chat_id, poll.message_id)]:
        final = harness.api.messages[key]
        assert final.buttons() == []
        assert "Closed — final result · 👥 1 voter" in final.text
    unfinished = await harness.services.core.db.fetchall(
        "SELECT * FROM poll_messages WHERE final_shown = 0"
    )
    assert unfinished == []


async def test_final_refresh_resumes_after_a_restart(
    harness: BotHarness, settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """Copies a closed poll had not reached before a stop are edited to the final state on start."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    shown = await _show_in_groups(harness, 30)
    await harness.press(VOTERS[0], poll, "pv:1:2")
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await advance(harness, timer, 1)
    await harness.services.get(PollService).stop()  # the bot stops with copies still to edit
    left = await harness.services.core.db.fetchall(
        "SELECT chat_id, message_id FROM poll_messages WHERE final_shown = 0"
    )
    assert 0 < len(left) < 31
    restarted = BotHarness(settings, config, clock)
    restarted.api.messages.update(harness.api.messages)  # the same Telegram messages
    async with restarted:
        assert restarted.services.get(PollService).refresher.copies(1) == 31
        assert await restarted.services.get(PollService).refresher.idle(10)
    for key in [*shown, (poll.chat_id, poll.message_id)]:
        final = restarted.api.messages[key]
        assert final.buttons() == []
        assert "Closed — final result · 👥 1 voter" in final.text
