"""The delivery outbox and worker against the fake Bot API HTTP server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.base.clock import FixedClock
from bot.core.config import AppConfig
from bot.core.messages import Button, OutgoingMessage
from bot.delivery.config import DeliveryConfig
from storage.outbox_models import OutboxRow, RowStatus
from tests.fakes.http_bot_api import FakeBotApiServer, Faults, FloodLimits
from tests.test_delivery_env import FAST_RETRIES, DeliveryEnv, open_service

ARTICLE = OutgoingMessage(
    text="<b>Ukraine</b>: would Belgians back a peace mission?",
    html=True,
    buttons=((Button(text="Read", url="https://example.org/a1"),),),
    fallback_text="Ukraine: would Belgians back a peace mission?",
)
FAST = DeliveryConfig(
    overall_per_s=1000, per_chat_per_s=1000, per_group_per_min=1000, **FAST_RETRIES
)


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    """The fake Bot API, with no flood limits unless a test sets them."""
    async with FakeBotApiServer() as running:
        yield running


@pytest.fixture
async def env(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> AsyncIterator[DeliveryEnv]:
    """A started delivery service with fast retries and generous limits."""
    async with open_service(server, tmp_path / "bot.sqlite3", config, clock, FAST) as running:
        yield running


async def statuses(env: DeliveryEnv, ref: str = "a1") -> dict[int, str]:
    """Status of each chat's row for the article `ref`."""
    rows = await env.core.db.fetchall(
        "SELECT chat_id, status FROM outbox WHERE kind = 'article' AND ref = ?", (ref,)
    )
    return {row[0]: row[1] for row in rows}


async def test_enqueue_is_durable_and_once_per_chat(env: DeliveryEnv) -> None:
    """Rows are stored before enqueue returns, at most once per (kind, ref, chat)."""
    await env.add_chats([1, 2, 3])
    await env.delivery.stop()  # nothing is sent: only the queue is looked at
    assert await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2, 2, 3]) == 3
    assert await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2, 3]) == 0
    payloads = await env.core.db.fetchone("SELECT count(*) FROM outbox_payloads")
    assert payloads is not None
    assert payloads[0] == 1
    assert (await env.delivery.stats(env.core.clock.now())).pending == 3


async def test_unknown_and_inactive_chats_are_skipped(env: DeliveryEnv) -> None:
    """Chats the bot never met, or that blocked it, are not queued."""
    await env.add_chats([1, 2])
    await env.core.chats.set_active(2, False)
    assert await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2, 99]) == 1


async def test_fan_out_delivers_each_chat_once(env: DeliveryEnv) -> None:
    """Every queued chat receives the article exactly once and listeners hear of each."""
    chats = [*list(range(1, 41)), -100, -200]
    await env.add_chats(chats)
    heard: list[tuple[str, str, int, int]] = []

    async def listener(kind: str, ref: str, chat_id: int, message_id: int) -> None:
        heard.append((kind, ref, chat_id, message_id))

    env.delivery.add_sent_listener("article", listener)
    await env.delivery.enqueue("article", "a1", ARTICLE, chats)
    await env.delivery.drain(10)
    assert all(env.received(chat) == [ARTICLE.text.replace("<b>", "").replace("</b>", "")]
               for chat in chats)  # fmt: skip
    assert sorted(chat for _, _, chat, _ in heard) == sorted(chats)
    stats = await env.delivery.stats(env.core.clock.now())
    assert (stats.pending, stats.sent_last_hour, stats.sent_total) == (0, 42, 42)


async def test_limits_hold_against_a_strict_server(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> None:
    """At 30/s overall and 1/s per chat the server never answers 429, and nothing is lost."""
    server.set_limits(FloodLimits(overall_per_s=30, per_chat_per_s=1, per_group_per_min=20))
    delivery = DeliveryConfig(overall_per_s=30, per_chat_per_s=1, **FAST_RETRIES)
    async with open_service(server, tmp_path / "b.sqlite3", config, clock, delivery) as env:
        chats = list(range(1, 33))
        await env.add_chats(chats)
        await env.delivery.enqueue("article", "a1", ARTICLE, chats)
        await env.delivery.enqueue("article", "a2", ARTICLE, [1, 2])  # a second one, 1 s later
        await env.delivery.drain(10)
    assert server.http_429 == 0
    assert sum(len(env.received(chat)) for chat in chats) == 34
    calls = [c.time for c in server.calls_for("sendMessage") if c.chat_id == 1]
    assert calls[1] - calls[0] >= 1.0


async def test_flood_wait_pauses_then_delivers(env: DeliveryEnv) -> None:
    """A 429 pauses sending for the time Telegram gives, without counting an attempt."""
    await env.add_chats([1, 2, 3])
    env.server.inject_429(1, retry_after=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2, 3])
    await env.delivery.drain(10)
    assert env.server.http_429 == 1
    assert loop.time() - started >= 1.0
    assert [len(env.received(chat)) for chat in (1, 2, 3)] == [1, 1, 1]
    assert set((await statuses(env)).values()) == {"sent"}


async def test_server_errors_are_retried_with_backoff(env: DeliveryEnv) -> None:
    """Two 5xx answers are retried and the message goes out once."""
    await env.add_chats([1, 2])
    env.server.fail_next("sendMessage", 502, "Bad Gateway", chat_id=1, times=2)
    await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2])
    await env.delivery.drain(10)
    assert len(env.received(1)) == 1
    row = await env.core.db.fetchone("SELECT status, attempts FROM outbox WHERE chat_id = 1")
    assert row is not None
    assert (row[0], row[1]) == ("sent", 3)


async def test_failure_is_recorded_after_five_retries(env: DeliveryEnv) -> None:
    """A chat that keeps failing with 5xx is retried 5 times, then marked failed."""
    await env.add_chats([1])
    env.server.fail_next("sendMessage", 500, "Internal Server Error", chat_id=1, times=50)
    await env.delivery.enqueue("article", "a1", ARTICLE, [1])
    await env.delivery.drain(10)
    row = await env.core.db.fetchone("SELECT status, attempts, last_error FROM outbox")
    assert row is not None
    assert (row[0], row[1]) == ("failed", 6)
    assert "Internal Server Error" in row[2]
    assert len(env.server.calls_for("sendMessage")) == 6
    stats = await env.delivery.stats(env.core.clock.now())
    assert (stats.failed_last_hour, stats.failed_total, stats.pending) == (1, 1, 0)


async def test_dropped_connections_are_retried(env: DeliveryEnv) -> None:
    """Requests lost on the network (timeouts) are retried until each chat has its message."""
    chats = list(range(1, 21))
    await env.add_chats(chats)
    env.server.set_faults(
        Faults(seed=3, timeout_rate=0.3, timeout_delay_s=0.01, methods=frozenset({"sendMessage"}))
    )
    await env.delivery.enqueue("article", "a1", ARTICLE, chats)
    await env.delivery.drain(20)
    assert any(call.fault == "timeout" for call in env.server.calls)
    assert all(len(env.received(chat)) == 1 for chat in chats)


async def test_blocked_chat_is_deactivated_and_its_rows_dropped(env: DeliveryEnv) -> None:
    """A 403 marks the chat inactive and drops its other pending messages."""
    await env.add_chats([1, 2])
    env.server.block_chat(2)
    await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2])
    await env.delivery.drain(10)
    chat = await env.core.chats.get(2)
    assert chat is not None
    assert not chat.active
    assert await statuses(env) == {1: "sent", 2: "dropped"}
    assert await env.delivery.enqueue("article", "a2", ARTICLE, [1, 2]) == 1


async def test_migrated_group_moves_and_is_retried(env: DeliveryEnv) -> None:
    """A group upgraded to a supergroup gets the message at its new id, which replaces the old."""
    await env.add_chats([-100])
    env.server.migrate_chat(-100, -1001234567890)
    await env.delivery.enqueue("article", "a1", ARTICLE, [-100])
    await env.delivery.drain(10)
    assert len(env.received(-1001234567890)) == 1
    assert await env.core.chats.get(-100) is None
    moved = await env.core.chats.get(-1001234567890)
    assert moved is not None
    assert moved.type == "supergroup"
    assert await statuses(env) == {-1001234567890: "sent"}


async def test_rejected_html_falls_back_to_plain_text_once(env: DeliveryEnv) -> None:
    """When Telegram refuses the formatting, the fallback text goes out as plain text."""
    await env.add_chats([1])
    env.server.fail_next(
        "sendMessage", 400, "Bad Request: can't parse entities: unclosed tag", chat_id=1
    )
    await env.delivery.enqueue("article", "a1", ARTICLE, [1])
    await env.delivery.drain(10)
    calls = env.server.calls_for("sendMessage")
    assert [c.status for c in calls] == [400, 200]
    assert calls[1].params.get("parse_mode") is None
    assert env.received(1) == [ARTICLE.fallback_text]
    assert env.server.sent_messages(1)[0].reply_markup is not None


async def test_rejected_message_fails_without_retry(env: DeliveryEnv) -> None:
    """Any other 400 is recorded as a failure at once."""
    await env.add_chats([1])
    env.server.fail_next("sendMessage", 400, "Bad Request: message is too long", chat_id=1)
    await env.delivery.enqueue("article", "a1", ARTICLE, [1])
    await env.delivery.drain(10)
    assert await statuses(env) == {1: "failed"}
    assert len(env.server.calls_for("sendMessage")) == 1


async def test_stopped_chat_pending_rows_are_dropped(env: DeliveryEnv) -> None:
    """/stop drops what was still queued for the chat."""
    await env.add_chats([1, 2])
    await env.delivery.stop()
    await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2])
    await env.delivery.on_chat_stopped(2)
    await env.delivery.start()
    await env.delivery.drain(10)
    assert await statuses(env) == {1: "sent", 2: "dropped"}
    assert env.received(2) == []


async def test_stats_count_by_hour_and_day(env: DeliveryEnv, clock: FixedClock) -> None:
    """Messages sent two hours ago count for the day but not for the last hour."""
    await env.add_chats([1, 2])
    await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2])
    await env.delivery.drain(10)
    later = clock.now() + timedelta(hours=2)
    stats = await env.delivery.stats(later)
    assert (stats.sent_last_hour, stats.sent_last_day, stats.sent_total) == (0, 2, 2)
    stats = await env.delivery.stats(clock.now() + timedelta(days=2))
    assert (stats.sent_last_day, stats.sent_total) == (0, 2)


async def test_restart_mid_fan_out_loses_nothing(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> None:
    """After a crash mid-fan-out a new process sends the rest; only rows in flight repeat."""
    db_path = tmp_path / "crash.sqlite3"
    chats = list(range(1, 51))
    enough = asyncio.Event()
    async with open_service(server, db_path, config, clock, FAST) as env:
        await env.add_chats(chats)
        heard = 0

        async def listener(kind: str, ref: str, chat_id: int, message_id: int) -> None:
            nonlocal heard
            heard += 1
            if heard == 20:
                enough.set()

        env.delivery.add_sent_listener("article", listener)
        await env.delivery.enqueue("article", "a1", ARTICLE, chats)
        await enough.wait()
        await env.delivery._worker.abort()
        in_flight = {chat for chat, status in (await statuses(env)).items() if status == "sending"}
        sent_before = {chat for chat in chats if env.received(chat)}
    assert 20 <= len(sent_before) < 50
    async with open_service(server, db_path, config, clock, FAST) as env:
        await env.delivery.drain(10)
        assert set((await statuses(env)).values()) == {"sent"}
    for chat in chats:
        copies = len(env.received(chat))
        assert copies == 1 or (copies == 2 and chat in in_flight), (chat, copies)


async def test_reply_goes_ahead_of_a_fan_out(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> None:
    """A reply sent while a limited fan-out fills the window waits for one slot, not the queue."""
    server.set_limits(FloodLimits(overall_per_s=30, per_chat_per_s=1))
    delivery = DeliveryConfig(overall_per_s=30, **FAST_RETRIES)
    async with open_service(server, tmp_path / "r.sqlite3", config, clock, delivery) as env:
        chats = list(range(1, 61))
        await env.add_chats(chats)
        await env.delivery.enqueue("article", "a1", ARTICLE, chats)
        while len(server.sent_messages()) < 30:  # the window is full from now on
            await env.delivery._worker.progress(env.delivery._worker.generation, 1)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await env.bot.send_message(999, "Next show: today at 18:00")
        waited = loop.time() - started
        queued_left = 60 - len(server.sent_messages()) + 1
        await env.delivery.drain(10)
    assert server.http_429 == 0
    assert waited < 0.3
    assert queued_left > 10


async def test_rows_claimed_while_an_edit_to_the_chat_is_in_flight_still_go(
    env: DeliveryEnv,
) -> None:
    """Rows claimed while another send to their chat (a poll edit) is in flight are sent
    once that send ends, not parked forever."""
    await env.add_chats([7])
    worker = env.delivery._worker
    claimed = asyncio.Event()
    claim = worker._claim

    async def claim_and_tell(batch: int) -> None:
        await claim(batch)
        if len(worker._queue):
            claimed.set()

    worker._claim = claim_and_tell  # type: ignore[method-assign]
    loop = asyncio.get_running_loop()
    env.delivery.budget.begin(7, loop.time())  # as the poll refresher does around an edit
    await env.delivery.enqueue("article", "a1", ARTICLE, [7])
    await asyncio.wait_for(claimed.wait(), 5)
    env.delivery.budget.end(7, loop.time())
    await env.delivery.drain(5)
    assert len(env.received(7)) == 1
    assert await statuses(env) == {7: "sent"}


async def test_a_retry_written_while_a_claim_runs_is_taken_not_lost(env: DeliveryEnv) -> None:
    """A row whose retry is written while the worker claims due rows is queued again,
    not mistaken for one the worker still holds (it would sit in 'sending' for a lease)."""
    await env.add_chats([7])
    await env.delivery.stop()  # drive the worker's steps by hand
    worker = env.delivery._worker
    outbox = worker._outbox
    await env.delivery.enqueue("article", "a1", ARTICLE, [7])
    [row] = await outbox.claim_due(worker._wall(), 10)
    worker._outcomes.record(row, RowStatus.PENDING, error="502", next_attempt_at=0.0)
    claim_due = outbox.claim_due

    async def flush_then_claim(now: float, limit: int, lease_s: float = 120.0) -> list[OutboxRow]:
        await worker._outcomes.flush()  # the retry lands while the claim is on its way
        return await claim_due(now, limit, lease_s)

    outbox.claim_due = flush_then_claim  # type: ignore[method-assign]
    await worker._claim(10)
    assert worker._queue.row_ids() == [row.id]
