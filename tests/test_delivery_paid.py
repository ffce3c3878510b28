"""Paid broadcast (`allow_paid_broadcast`) against the strict fake Bot API HTTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.base.clock import FixedClock
from bot.core.config import AppConfig
from bot.core.messages import OutgoingMessage
from bot.delivery.config import DeliveryConfig, PaidBroadcast
from bot.delivery.paid import estimate
from bot.runtime.aiohttp_request import AiohttpRequest
from storage.outbox_models import PaidBroadcast as PaidFanout
from tests.fakes.http_bot_api import FakeBotApiServer, FloodLimits
from tests.test_delivery_env import FAST_RETRIES, DeliveryEnv, open_service

ARTICLE = OutgoingMessage(text="<b>Breaking</b>: the Chamber votes tonight", html=True)
PAID = DeliveryConfig(paid_broadcast=PaidBroadcast.BREAKING, **FAST_RETRIES)
CHATS = list(range(1, 91))  # three seconds at the free limit


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    """The fake Bot API enforcing 30/s free, 1,000/s paid and 1/s per chat."""
    limits = FloodLimits(overall_per_s=30, paid_per_s=1000, per_chat_per_s=1)
    async with FakeBotApiServer(limits=limits) as running:
        yield running


@pytest.fixture
async def env(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> AsyncIterator[DeliveryEnv]:
    """A started delivery service with paid broadcast allowed for breaking news, sending
    through the bot's own request (PTB's httpx one costs ten times the CPU per send)."""
    request = AiohttpRequest(connection_pool_size=64, read_timeout=2.0)
    db_path = tmp_path / "paid.sqlite3"
    async with open_service(server, db_path, config, clock, PAID, request) as running:
        await running.add_chats(CHATS)
        yield running


def paid_flags(server: FakeBotApiServer) -> list[object]:
    """The allow_paid_broadcast parameter of every accepted sendMessage."""
    return [c.params.get("allow_paid_broadcast") for c in server.calls_for("sendMessage") if c.ok]


async def test_a_paid_fan_out_beats_the_free_limit_without_a_429(
    server: FakeBotApiServer, env: DeliveryEnv
) -> None:
    """A paid fan-out to 90 chats goes with the flag, faster than 30/s, with no 429."""
    paid = PaidFanout(max_messages=1000, editor_chat_id=1)
    await env.delivery.enqueue("article", "a1", ARTICLE, CHATS, paid=paid)
    await env.delivery.drain(10)
    times = [c.time for c in server.calls_for("sendMessage") if c.ok]
    assert server.http_429 == 0
    assert [len(env.received(chat)) for chat in CHATS] == [1] * len(CHATS)
    assert server.paid_sent == len(CHATS)
    assert max(times) - min(times) < 2.0  # the free limit would take at least 2.9 s


async def test_the_stars_ceiling_caps_the_paid_messages(
    server: FakeBotApiServer, env: DeliveryEnv
) -> None:
    """Beyond the fan-out's paid messages, the rest goes free and every chat gets it once."""
    await env.delivery.enqueue(
        "article", "a1", ARTICLE, CHATS, paid=PaidFanout(max_messages=40, editor_chat_id=1)
    )
    await env.delivery.drain(10)
    assert server.http_429 == 0
    assert server.paid_sent == 40
    assert paid_flags(server).count(None) == 50
    assert [len(env.received(chat)) for chat in CHATS] == [1] * len(CHATS)


async def test_running_out_of_stars_falls_back_and_tells_the_editor_once(
    server: FakeBotApiServer, env: DeliveryEnv
) -> None:
    """With Stars for 20 messages, the rest goes free, nothing is lost, the editor hears once."""
    told: list[tuple[str, str, int | None]] = []

    async def tell(kind: str, ref: str, editor: int | None) -> None:
        told.append((kind, ref, editor))

    env.delivery.add_paid_fallback_listener(tell)
    server.set_stars(2.0)
    paid = PaidFanout(max_messages=1000, editor_chat_id=555)
    await env.delivery.enqueue("article", "a1", ARTICLE, CHATS, paid=paid)
    await env.delivery.drain(15)
    assert server.paid_sent == 20
    assert server.stars_left == 0
    assert [len(env.received(chat)) for chat in CHATS] == [1] * len(CHATS)
    assert told == [("article", "a1", 555)]
    assert server.http_429 == 0
    stored = await env.core.db.fetchone("SELECT paid_max FROM outbox_payloads WHERE ref = 'a1'")
    assert stored is not None
    assert stored[0] == 0  # a restart does not try to pay again


async def test_paid_broadcast_off_sends_everything_free(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> None:
    """With paid_broadcast = "off", a fan-out marked paid still goes at the free rate."""
    free = DeliveryConfig(paid_broadcast=PaidBroadcast.OFF, **FAST_RETRIES)
    async with open_service(server, tmp_path / "off.sqlite3", config, clock, free) as env:
        await env.add_chats([1, 2, 3])
        paid = PaidFanout(max_messages=1000, editor_chat_id=1)
        await env.delivery.enqueue("article", "a1", ARTICLE, [1, 2, 3], paid=paid)
        await env.delivery.drain(10)
    assert server.paid_sent == 0
    assert paid_flags(server) == [None, None, None]


def test_the_estimate_counts_stars_and_time_within_the_ceiling() -> None:
    """100,000 chats under a 5,000-Star ceiling: 50,000 paid at 1,000/s, the rest at 30/s."""
    config = DeliveryConfig(paid_broadcast=PaidBroadcast.BREAKING, paid_max_stars=5000)
    found = estimate(config, 100_000)
    assert (found.paid_messages, found.stars) == (50_000, 5000.0)
    assert found.seconds == pytest.approx(50 + 50_000 / 30)


async def test_breaking_news_does_not_wait_behind_a_free_fan_out(
    server: FakeBotApiServer, tmp_path: Path, config: AppConfig, clock: FixedClock
) -> None:
    """A paid fan-out queued after a long free one is claimed and sent first."""
    small_batches = PAID.model_copy(update={"batch_size": 4})
    free_chats, paid_chats = list(range(1, 46)), list(range(101, 111))
    async with open_service(
        server, tmp_path / "order.sqlite3", config, clock, small_batches
    ) as env:
        await env.add_chats([*free_chats, *paid_chats])
        await env.delivery.enqueue("article", "free", OutgoingMessage(text="Feed news"), free_chats)
        paid = PaidFanout(max_messages=1000, editor_chat_id=1)
        await env.delivery.enqueue("article", "breaking", ARTICLE, paid_chats, paid=paid)
        await env.delivery.drain(10)
    order = [int(c.params["chat_id"]) for c in server.calls_for("sendMessage") if c.ok]
    assert sorted(order) == [*free_chats, *paid_chats]
    last_paid = max(order.index(chat) for chat in paid_chats)
    assert last_paid < 15  # behind the free fan-out it comes after 50 free sends
    assert server.paid_sent == len(paid_chats)
