"""Updates are confirmed to Telegram only once handled: a crash loses none of them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram.request import HTTPXRequest

from bot.runtime.acking import AckingBot
from bot.runtime.update_ledger import UpdateLedger
from tests.fakes.http_bot_api import FakeBotApiServer

TOKEN = "123456:acking-test-token"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    """The fake Bot API over HTTP."""
    async with FakeBotApiServer() as running:
        yield running


async def started_bot(server: FakeBotApiServer) -> AckingBot:
    """An acking bot talking to the fake server (a fresh process, as after a restart)."""
    bot = AckingBot(
        TOKEN,
        base_url=server.base_url,
        request=HTTPXRequest(),
        get_updates_request=HTTPXRequest(),
    )
    await bot.initialize()
    return bot


async def test_unhandled_updates_come_again_after_a_crash(server: FakeBotApiServer) -> None:
    """An update fetched but not handled when the process dies is fetched again after it."""
    for text in ("one", "two", "three"):
        server.push_text(5, text)
    bot = await started_bot(server)
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["one", "two", "three"]
    bot.ledger.finished(first[0].update_id)
    bot.ledger.finished(first[2].update_id)
    server.push_text(5, "four")
    second = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
    assert [u.message.text for u in second if u.message] == ["four"]  # nothing twice
    await bot.shutdown()  # killed: "two" and "four" were never handled

    restarted = await started_bot(server)
    again = await restarted.get_updates(timeout=0)
    assert [u.message.text for u in again if u.message] == ["two", "three", "four"]
    await restarted.shutdown()


async def test_handled_updates_are_confirmed_at_a_graceful_stop(server: FakeBotApiServer) -> None:
    """After a graceful stop, every handled update is confirmed and none comes again."""
    server.push_text(5, "hello")
    bot = await started_bot(server)
    [update] = await bot.get_updates(timeout=0)
    bot.ledger.finished(update.update_id)
    await bot.confirm_handled()
    await bot.shutdown()
    restarted = await started_bot(server)
    assert await restarted.get_updates(timeout=0) == ()
    await restarted.shutdown()


async def test_ledger_offset_waits_for_the_oldest_unfinished_update() -> None:
    """The offset confirms handled updates up to the oldest one still being handled."""
    ledger = UpdateLedger(clock=lambda: 0.0)
    assert ledger.accept([10, 11, 12]) == [True, True, True]
    assert ledger.accept([11, 12, 13]) == [False, False, True]
    ledger.finished(10)  # finished before it was seen to start: still counts as handled
    ledger.finished(12)
    assert ledger.next_offset(14) == 11
    ledger.finished(11)
    ledger.finished(13)
    assert ledger.next_offset(14) == 14
    assert ledger.next_offset(None) == 14


async def test_a_slow_update_stops_holding_the_others_back() -> None:
    """An update whose handlers run longer than the hold time no longer holds the offset;
    one still waiting for its turn always does."""
    now = [0.0]
    ledger = UpdateLedger(clock=lambda: now[0])
    ledger.accept([1, 2, 3])
    ledger.started(1)
    ledger.finished(3)
    assert ledger.next_offset(4) == 1
    now[0] = 10.0
    assert ledger.next_offset(4) == 2  # 1 runs long; 2 never started, so it still holds
    ledger.started(2)
    ledger.finished(2)
    assert ledger.next_offset(4) == 4


async def test_finishing_an_update_wakes_whoever_waits_for_progress() -> None:
    """A handled update wakes the fetcher waiting for room, even one never marked started."""
    ledger = UpdateLedger(clock=lambda: 0.0)
    ledger.accept([1, 2])
    waiting = asyncio.create_task(ledger.wait_progress(30))
    await asyncio.sleep(0)  # let the waiter start waiting
    ledger.finished(1)
    await asyncio.wait_for(waiting, 1)
    assert ledger.next_offset(3) == 2
