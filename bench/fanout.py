"""Fan-out benchmarks: the real application sending through PTB's HTTP stack to the fake server.

The fake Bot API runs in its own process (`python -m tests.fakes.http_bot_api`), so its CPU
does not compete with the bot's event loop; figures come from the server's own records.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from telegram import Update
from telegram.ext import CommandHandler

from bot.base.clock import SystemClock
from bot.base.settings import Settings
from bot.core.config import load_config
from bot.core.messages import Button, OutgoingMessage
from bot.delivery.config import DeliveryConfig
from bot.delivery.config import PaidBroadcast as PaidSetting
from bot.delivery.service import DeliveryService
from bot.runtime import lifecycle
from bot.runtime.aiohttp_request import AiohttpRequest
from bot.runtime.app import build_application
from bot.runtime.console.updates import Person, message_update
from handlers.context import BotApplication
from handlers.services import Services
from storage.outbox_models import PaidBroadcast

ROOT = Path(__file__).resolve().parent.parent
LIMIT_PER_S = 30
PAID_PER_S = 1000
# Sends in flight on this rig (answers in about a millisecond). With httpx, 8 and 16 beat 64
# (httpcore's pool costs more CPU per request with more connections); with the bot's
# AiohttpRequest, 4, 8, 16 and 32 measured alike within the noise of a shared machine (5,000
# messages, two runs each), so 16 stays. Over the internet the worker needs paid_per_s x answer
# time in flight, hence the config's default of 64.
RIG_IN_FLIGHT = 16
ARTICLE = OutgoingMessage(
    text=(
        "<b>You are in the newspaper</b> — Would the Belgians be ready to see their soldiers "
        "get involved in Ukraine to contribute to peace? Peggy Simono and Thibaut Roland ask "
        "tonight at 18:00 on bel RTL."
    ),
    html=True,
    buttons=((Button(text="Read the article", url="https://www.belrtl.be/"),),),
)


@dataclass
class FakeServer:
    """The fake Bot API in a child process, driven over HTTP."""

    process: subprocess.Popen[str]
    base: str

    @property
    def api_base_url(self) -> str:
        """PTB's base_url for this server."""
        return f"{self.base}/bot"

    async def state(self) -> dict[str, Any]:
        """The server's counters, calls and delivered texts (no message bodies)."""
        async with httpx.AsyncClient(timeout=60) as client:
            answer = await client.get(f"{self.base}/_state", params={"messages": "0"})
            answer.raise_for_status()
            data: dict[str, Any] = answer.json()
            return data


@asynccontextmanager
async def fake_server(limits: str | None, *extra: str) -> AsyncIterator[FakeServer]:
    """Start `python -m tests.fakes.http_bot_api` and stop it afterwards."""
    command = [sys.executable, "-m", "tests.fakes.http_bot_api", "--port", "0", *extra]
    if limits is not None:
        command += ["--limits", limits]
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
        command, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = await asyncio.to_thread(process.stdout.readline)
    if not line.startswith("FAKE_BOT_API_PORT="):
        process.kill()
        raise RuntimeError(f"fake Bot API did not start: {line!r}")
    port = int(line.strip().partition("=")[2])
    try:
        yield FakeServer(process, f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        await asyncio.to_thread(process.wait, 10)


@asynccontextmanager
async def running_bot(
    server: FakeServer, delivery: DeliveryConfig, subscribers: int
) -> AsyncIterator[BotApplication]:
    """The real application on a fresh database, with `subscribers` private chats."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            _env_file=None, db=Path(folder) / "bench.sqlite3", api_base_url=server.api_base_url
        )
        config = load_config(None).model_copy(update={"delivery": delivery, "feeds": []})
        request = AiohttpRequest(connection_pool_size=delivery.max_in_flight + 2, read_timeout=30)
        app = build_application(settings, config, clock=SystemClock(), request=request)
        async with lifecycle.running(app):
            services = _services(app)
            stamp = services.core.clock.now().isoformat()
            await services.core.db.executemany(  # many chats at once (not measured)
                "INSERT INTO chats (id, type, language, active, created_at, updated_at)"
                " VALUES (?, 'private', 'en', 1, ?, ?)",
                ((chat_id, stamp, stamp) for chat_id in range(1, subscribers + 1)),
            )
            yield app


def _services(app: BotApplication) -> Services:
    services = app.bot_data.services
    assert services is not None
    return services


async def _fan_out(
    app: BotApplication, subscribers: int, timeout: float, *, paid: bool = False
) -> dict[str, float]:
    """Queue the article for every subscriber and wait until the outbox is empty."""
    delivery = _services(app).get(DeliveryService)
    started, cpu = time.perf_counter(), time.process_time()
    paid_broadcast = PaidBroadcast(max_messages=subscribers) if paid else None
    queued = await delivery.enqueue(
        "article", "bench", ARTICLE, range(1, subscribers + 1), paid=paid_broadcast
    )
    enqueued = time.perf_counter()
    await delivery.drain(timeout)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    stats = await delivery.stats(_services(app).core.clock.now())
    return {
        "queued": queued,
        "enqueue_ms": round((enqueued - started) * 1000, 1),
        "fanout_wall_s": round(done - started, 3),
        "bot_cpu_s": round(cpu, 3),  # the bot process's CPU time (all its threads)
        # Less noisy than a rate on a shared machine: CPU time per message queued.
        "bot_cpu_ms_per_msg": round(cpu / max(queued, 1) * 1000, 3),
        "left_pending": stats.pending,
        "failed": stats.failed_total,
    }


def _delivery_figures(state: dict[str, Any], subscribers: int) -> dict[str, Any]:
    """Duplicates, missing chats and the rate measured from the server's records."""
    texts = state["delivered_texts_by_chat"]
    per_chat = [len(texts.get(str(chat), [])) for chat in range(1, subscribers + 1)]
    times = sorted(
        call["time"]
        for call in state.get("calls", [])
        if call["method"] == "sendMessage"
        and call["ok"]
        and 0 < int(call["chat_id"]) <= subscribers
    )
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    return {
        "subscribers": subscribers,
        "delivered": sum(per_chat),
        "duplicates": sum(max(0, n - 1) for n in per_chat),
        "missing": sum(1 for n in per_chat if n == 0),
        "http_429": state["http_429"],
        "send_span_s": round(span, 3),
        "_times": times,
    }


async def run_fanout_limited(quick: bool) -> dict[str, Any]:
    """3,000 subscribers (300 quick), the server enforcing 30/s overall and 1/s per chat."""
    subscribers = 300 if quick else 3000
    limits = f"overall={LIMIT_PER_S},chat=1,group=20"
    async with fake_server(limits) as server:
        async with running_bot(server, limited_config(), subscribers) as app:
            run = await _fan_out(app, subscribers, timeout=subscribers / LIMIT_PER_S * 2 + 30)
        figures = _delivery_figures(await server.state(), subscribers)
    return _limited_result(figures, run)


def _limited_result(figures: dict[str, Any], run: dict[str, float]) -> dict[str, Any]:
    times: list[float] = figures.pop("_times")
    # Sends are spaced evenly, so the rate is the number of gaps over the time they span.
    steady = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {
        **figures,
        **run,
        "limit_per_s": LIMIT_PER_S,
        "achieved_per_s": round(steady, 2),
        "ratio": round(steady / LIMIT_PER_S, 3),
        "overall_per_s_incl_first_window": round(len(times) / run["fanout_wall_s"], 2),
    }


def _reply_command(app: BotApplication) -> str:
    """/latest once the articles feature registers it, else /help."""
    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler) and "latest" in handler.commands:
                return "/latest"
    return "/help"


async def run_reply_during_fanout(quick: bool) -> dict[str, Any]:
    """While a fan-out runs, users ask the bot something: reply latency, during the limited
    fan-out (3,000 chats at 30/s; 300 quick) and during a paid one (20,000 chats at 1,000/s;
    3,000 quick)."""
    limited = await _replies_during(300 if quick else 3000, paid=False)
    paid = await _replies_during(3000 if quick else 20_000, paid=True)
    return {**limited, **{f"paid_{key}": value for key, value in paid.items()}}


async def _replies_during(subscribers: int, *, paid: bool) -> dict[str, Any]:
    limits = f"overall={LIMIT_PER_S},paid={PAID_PER_S},chat=1,group=20"
    rate = PAID_PER_S if paid else LIMIT_PER_S
    async with fake_server(limits) as server:
        async with running_bot(
            server, paid_config() if paid else limited_config(), subscribers
        ) as app:
            command = _reply_command(app)
            fan_out = asyncio.create_task(
                _fan_out(app, subscribers, timeout=subscribers / rate * 2 + 30, paid=paid)
            )
            latencies = await _ask_while(app, command, fan_out)
            run = await fan_out
        figures = _delivery_figures(await server.state(), subscribers)
    figures.pop("_times")
    latencies.sort()
    return {
        "command": command,
        "replies": len(latencies),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "fanout_http_429": figures["http_429"],
        "fanout_duplicates": figures["duplicates"],
        "fanout_missing": figures["missing"],
        "fanout_wall_s": run["fanout_wall_s"],
    }


def limited_config() -> DeliveryConfig:
    """The free limits, as configured by default."""
    return DeliveryConfig(overall_per_s=LIMIT_PER_S, per_chat_per_s=1)


def paid_config() -> DeliveryConfig:
    """Paid broadcast for breaking news at 1,000/s; replies and the rest stay at 30/s."""
    return DeliveryConfig(
        overall_per_s=LIMIT_PER_S,
        per_chat_per_s=1,
        paid_broadcast=PaidSetting.BREAKING,
        paid_per_s=PAID_PER_S,
        max_in_flight=RIG_IN_FLIGHT,
    )


async def _ask_while(app: BotApplication, command: str, fan_out: asyncio.Task[Any]) -> list[float]:
    """Users who are not subscribers send `command` every 0.25 s until the fan-out ends."""
    latencies: list[float] = []
    asker = 10_000_000
    await asyncio.sleep(0.5)  # the fan-out is under way
    while not fan_out.done():
        asker += 1
        person = Person(asker, "Listener", "en")
        update = Update.de_json(message_update(person, asker, command), app.bot)
        started = time.perf_counter()
        await app.process_update(update)
        latencies.append(time.perf_counter() - started)
        await asyncio.sleep(0.25)  # pacing of the questions, not a wait for a result
    return latencies


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(share * (len(values) - 1))))
    return values[index]


def _quiet() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    os.environ.setdefault("PYTHONWARNINGS", "ignore")


_quiet()
