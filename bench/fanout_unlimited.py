"""Unlimited fan-out: how fast the bot can send, next to what the rig itself can do.

In the same run: the fake server's own ceiling, measured by a bare aiohttp loop posting the
same sendMessage with the same concurrency and doing nothing else (`ceiling_per_s`), and a
bare python-telegram-bot loop (`ptb_bare_per_s`, with the bot's AiohttpRequest, and
`ptb_httpx_bare_per_s` with PTB's own HTTPXRequest, on fewer messages); then the bot's fan-out
at 10,000 queued messages (1,000 quick) and at several sizes (`per_s_by_size`). The worker's
concurrency is `RIG_IN_FLIGHT`, chosen by measurement on this rig (bench/fanout.py).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from telegram import Bot
from telegram.request import BaseRequest, HTTPXRequest

from bench.fanout import (
    ARTICLE,
    RIG_IN_FLIGHT,
    FakeServer,
    _delivery_figures,
    _fan_out,
    fake_server,
    running_bot,
)
from bot.delivery.config import DeliveryConfig
from bot.runtime.aiohttp_request import AiohttpRequest
from handlers.telegram_port import send_kwargs

TOKEN = "123456:fake"
FIRST_BARE_CHAT = 50_000_000  # far above the subscribers: the bare loops' messages


def unlimited_config() -> DeliveryConfig:
    """No limit on the bot's side; the concurrency measured best on this rig."""
    return DeliveryConfig(
        overall_per_s=1_000_000,
        per_chat_per_s=1000,
        per_group_per_min=1e6,
        max_in_flight=RIG_IN_FLIGHT,
    )


async def _loop(count: int, concurrency: int, send: Callable[[int], Awaitable[Any]]) -> float:
    """Messages per second of `concurrency` tasks calling `send` for `count` chats in all."""
    chats = itertools.count(FIRST_BARE_CHAT)
    left = itertools.count(count, -1)

    async def worker() -> None:
        while next(left) > 0:
            await send(next(chats))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return count / (time.perf_counter() - started)


async def bare_client_per_s(server: FakeServer, count: int, concurrency: int) -> float:
    """The server's ceiling: raw sendMessage posts over aiohttp, the body encoded once."""
    url = f"{server.api_base_url}{TOKEN}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "Read the article", "url": "https://www.belrtl.be/"}]]}
    fields = {"text": ARTICLE.text, "parse_mode": "HTML", "reply_markup": markup}
    head, tail = json.dumps({"chat_id": 0, **fields}).split("0", 1)
    headers = {"content-type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as client:

        async def send(chat_id: int) -> None:
            body = f"{head}{chat_id}{tail}".encode()
            async with client.post(url, data=body, headers=headers) as answer:
                await answer.read()
                answer.raise_for_status()

        return await _loop(count, concurrency, send)


async def bare_ptb_per_s(
    server: FakeServer, count: int, concurrency: int, *, httpx: bool = False
) -> float:
    """python-telegram-bot alone: Bot.send_message in a loop, no application, no outbox;
    with the bot's AiohttpRequest, or with PTB's own HTTPXRequest."""
    request: BaseRequest = (
        HTTPXRequest(connection_pool_size=concurrency + 2, read_timeout=30)
        if httpx
        else AiohttpRequest(connection_pool_size=concurrency + 2, read_timeout=30)
    )
    bot = Bot(TOKEN, base_url=server.api_base_url, request=request)
    await bot.initialize()
    kwargs = send_kwargs(ARTICLE)
    try:

        async def send(chat_id: int) -> None:
            await bot.send_message(chat_id, **kwargs)  # type: ignore[arg-type]

        return await _loop(count, concurrency, send)
    finally:
        await bot.shutdown()


async def _one_size(subscribers: int, timeout: float) -> dict[str, Any]:
    async with fake_server(None) as server:
        async with running_bot(server, unlimited_config(), subscribers) as app:
            run = await _fan_out(app, subscribers, timeout=timeout)
        figures = _delivery_figures(await server.state(), subscribers)
    figures.pop("_times")
    return {
        "rate": round(figures["delivered"] / run["fanout_wall_s"], 1),
        "duplicates": figures["duplicates"],
        "missing": figures["missing"],
    }


async def run_fanout_unlimited(quick: bool) -> dict[str, Any]:
    """10,000 subscribers (1,000 quick), no limit on either side, next to the rig's ceiling."""
    subscribers = 1000 if quick else 10_000
    sizes = (300, 1000, 3000) if quick else (3000, 10_000, 100_000)
    concurrency = unlimited_config().max_in_flight
    async with fake_server(None) as server:
        ceiling = await bare_client_per_s(server, subscribers, concurrency)
        ptb_bare = await bare_ptb_per_s(server, subscribers, concurrency)
        ptb_httpx = await bare_ptb_per_s(server, subscribers // 5, concurrency, httpx=True)
    async with fake_server(None) as server:
        async with running_bot(server, unlimited_config(), subscribers) as app:
            run = await _fan_out(app, subscribers, timeout=subscribers / 30 + 60)
        figures = _delivery_figures(await server.state(), subscribers)
    times: list[float] = figures.pop("_times")
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = figures["delivered"] / run["fanout_wall_s"]
    by_size = {str(size): await _one_size(size, timeout=size / 50 + 60) for size in sizes}
    smallest, largest = by_size[str(sizes[0])]["rate"], by_size[str(sizes[-1])]["rate"]
    return {
        **figures,
        **run,
        "max_in_flight": concurrency,
        "msgs_per_s": round(rate, 1),
        "msgs_per_s_server_span": round(len(times) / span, 1) if span else None,
        "ceiling_per_s": round(ceiling, 1),
        "ratio_to_ceiling": round(rate / ceiling, 3),
        "ptb_bare_per_s": round(ptb_bare, 1),
        "ratio_to_ptb_bare": round(rate / ptb_bare, 3),
        "ptb_httpx_bare_per_s": round(ptb_httpx, 1),
        "per_s_by_size": by_size,
        "largest_to_smallest": round(largest / smallest, 3) if smallest else None,
    }
