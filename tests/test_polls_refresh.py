"""Throttled refresh of poll messages: one edit per 3 s per message, ending on the final state."""

from __future__ import annotations

import itertools

from bot.console.harness import BotHarness
from bot.console.updates import Person
from bot.polls.refresh import ManualTimer, RefreshThrottle
from tests.polls_helpers import advance, manual_timer, open_seed

VOTERS = [Person(100 + i, f"V{i}") for i in range(12)]


async def test_throttle_edits_once_per_interval_and_ends_on_latest() -> None:
    """Many requests give an edit at once, one at the end of the wait, and the latest state."""
    timer = ManualTimer()
    state = {"value": 0}
    edits: list[tuple[float, int]] = []

    async def edit(key: str) -> float | None:
        edits.append((timer.time(), state["value"]))
        return None

    throttle: RefreshThrottle[str] = RefreshThrottle(timer, 3.0, edit)
    for value in range(1, 50):
        state["value"] = value
        throttle.request("m")
        await throttle.settle()
        timer.advance(0.1)
    timer.advance(3)
    await throttle.settle()
    times = [moment for moment, _ in edits]
    assert all(later - earlier >= 3.0 for earlier, later in itertools.pairwise(times))
    assert edits[-1][1] == 49
    assert not throttle.busy


async def test_throttle_waits_as_telegram_asks() -> None:
    """A flood-wait answer pushes the next edit back by the requested seconds."""
    timer = ManualTimer()
    edits: list[float] = []

    async def edit(key: str) -> float | None:
        edits.append(timer.time())
        return 10.0 if len(edits) == 1 else None

    throttle: RefreshThrottle[str] = RefreshThrottle(timer, 3.0, edit)
    throttle.request("m")
    await throttle.settle()
    timer.advance(9)
    await throttle.settle()
    assert len(edits) == 1
    timer.advance(1.5)
    await throttle.settle()
    assert len(edits) == 2


async def test_vote_storm_edits_each_message_at_most_every_3s(harness: BotHarness) -> None:
    """Votes in quick succession edit each poll message at most once per 3 s, ending exact."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    for index, voter in enumerate(VOTERS):
        await harness.press(voter, poll, f"pv:1:{index % 3}")
        await advance(harness, timer, 0.5)
    await advance(harness, timer, 4)
    stored = harness.api.messages[(poll.chat_id, poll.message_id)]
    assert stored.edits <= 1 + (12 * 0.5 + 4) // 3.1 + 1
    assert stored.text == (await harness.services.polls.message(1)).text
    assert "4 voters" not in stored.text
    assert "12 voters" in stored.text


async def test_not_modified_and_deleted_messages_are_ignored(harness: BotHarness) -> None:
    """'Message is not modified' is ignored; a deleted message stops being refreshed."""
    timer = manual_timer(harness)
    poll = await open_seed(harness)
    harness.api.fail_next("editMessageText", 400, "Bad Request: message is not modified")
    await harness.press(VOTERS[0], poll, "pv:1:0")
    await advance(harness, timer, 4)
    harness.api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    await harness.press(VOTERS[1], poll, "pv:1:0")
    await advance(harness, timer, 4)
    assert await harness.services.polls.messages_showing(1) == []
    rows = await harness.services.core.db.fetchall("SELECT * FROM poll_messages")
    assert rows == []
    await harness.press(VOTERS[2], poll, "pv:1:0")  # still counted, and tracked again
    assert (await harness.services.polls.tally(1)).voters == 3
