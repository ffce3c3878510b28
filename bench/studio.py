"""Benchmark `studio`: 1,000 votes/s for 30 s (quick: 5 s) on a poll shown in 50 Telegram
chats, while 50 studio pages follow it: one real headless Chromium (its DOM watched by a
MutationObserver) and 49 event streams in another process.

Every vote comes from a new voter, so "the page shows N voters" means "N votes are counted";
a vote's latency is from the moment it was queued to the first moment a page shows at least
that many voters. `update_latency_ms_p95` is the Chromium page's DOM; the streams' figure is
beside it, and so is the time from a vote being counted to the DOM (the page's own share).
The Telegram side is measured as in `vote_storm_edits` (edits per message per 3 s).
"""

from __future__ import annotations

import asyncio
import bisect
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import tornado.web
from telegram import Update

from bench.browser import new_browser
from bench.common import quiet_logs
from bench.votes import ADMIN_ID, MONDAY_NOON, _Answers, _max_in_window, show_one_poll_in_groups
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import load_config
from bot.polls.service import PollService
from bot.polls.voting import vote_data
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import Output
from bot.runtime.console.updates import Person, callback_update
from bot.runtime.studio_web.handlers import COOKIE
from bot.studio.service import StudioService

RATE = 1000
CHATS = 50
STREAM_PAGES = 49  # with the Chromium page: 50 pages
WATCH_DOM = """
window.__seen = [];
const note = () => {
  const view = document.querySelector('#s-poll .poll-view');
  if (view) { window.__seen.push([Date.now(), Number(view.dataset.voters)]); }
};
new MutationObserver(note).observe(document.getElementById('s-poll'),
                                   {childList: true, subtree: true});
note();
"""


def _harness(folder: str) -> BotHarness:
    settings = Settings(
        _env_file=None,
        db=Path(folder) / "bench.sqlite3",
        admins=frozenset({ADMIN_ID}),
        studio_listen="127.0.0.1:0",  # any free port
    )
    return BotHarness(settings, load_config(None), FixedClock(MONDAY_NOON))


def _latencies_ms(sent: list[float], shown: list[tuple[float, int]]) -> list[float]:
    """For each vote k (1-based), the time from queueing it to the first showing of ≥ k voters."""
    shown = sorted(shown)
    best: list[float] = []  # first time each count was reached, counts ascending
    counts: list[int] = []
    for moment, voters in shown:
        if not counts or voters > counts[-1]:
            counts.append(voters)
            best.append(moment)
    latencies = []
    for index, queued in enumerate(sent, start=1):
        position = bisect.bisect_left(counts, index)
        if position == len(counts):
            continue  # never shown (the run ended first): counted as missing
        latencies.append(max(0.0, best[position] - queued) * 1000)
    return latencies


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)


async def _pages_connected(live: Any, count: int, timeout: float = 20.0) -> None:
    """Wait until `count` pages follow the studio (or `timeout` passed)."""
    deadline = time.monotonic() + timeout
    while live.pages < count and time.monotonic() < deadline:  # noqa: ASYNC110 - a counter
        await asyncio.sleep(0.05)


async def _session_cookie(harness: Any) -> str:
    """A studio session, as the Cookie header the streams send."""
    access = harness.services.get(StudioService).access
    login = await access.log_in(await access.new_link_token(ADMIN_ID))
    value = tornado.web.create_signed_value(
        harness.services.get(StudioService).cookie_key, COOKIE, login.session_id
    )
    return f"{COOKIE}={value.decode()}"


async def run(quick: bool) -> dict[str, Any]:
    """See the module docstring."""
    seconds = 5.0 if quick else 30.0
    total = int(seconds * RATE)
    with tempfile.TemporaryDirectory() as folder, quiet_logs():
        harness = _harness(folder)
        async with harness:
            server = harness.app.bot_data.web
            assert server is not None, "the studio page is not served"
            base = f"http://127.0.0.1:{server.port}"
            polls = harness.services.get(PollService)
            poll, messages = await show_one_poll_in_groups(harness, CHATS)
            edits: dict[tuple[int, int], list[float]] = defaultdict(list)

            answered: list[float] = []  # when the k-th vote was counted (its press answered)

            def on_output(output: Output) -> None:
                if output.kind == "toast":
                    answered.append(time.time())
                if output.kind == "edit" and output.message is not None:
                    key = (output.message.chat_id, output.message.message_id)
                    edits[key].append(time.monotonic())

            harness.api.listeners.append(on_output)
            answers = _Answers()
            harness.api.listeners.append(answers)

            browser = await asyncio.to_thread(new_browser, Path(folder) / "chromium")
            try:
                link = await harness.services.get(StudioService).login_link(ADMIN_ID)
                await asyncio.to_thread(browser.get, link)  # names the port bound
                live = harness.services.get(StudioService).live
                await _pages_connected(live, 1)
                await asyncio.to_thread(browser.execute_script, WATCH_DOM)
                cookie = await _session_cookie(harness)
                streams = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "bench.studio_pages",
                    base,
                    cookie,
                    str(STREAM_PAGES),
                    str(seconds + 4),
                    stdout=asyncio.subprocess.PIPE,
                )
                await _pages_connected(live, 1 + STREAM_PAGES)
                pages = live.pages

                sent: list[float] = []
                started = time.perf_counter()
                while len(sent) < total:
                    due = min(total, int((time.perf_counter() - started) * RATE) + 1)
                    for number in range(len(sent), due):
                        payload = callback_update(
                            Person(10_000 + number),
                            messages[number % CHATS],
                            vote_data(poll.id, number % 3),
                        )
                        sent.append(time.time())
                        await harness.runner.start(Update.de_json(payload, harness.app.bot))
                    await asyncio.sleep(0.005)
                await answers.wait_for(total, timeout=120)
                push_seconds = time.perf_counter() - started
                output, _ = await streams.communicate()
                seen_dom = await asyncio.to_thread(browser.execute_script, "return window.__seen;")
            finally:
                await asyncio.to_thread(browser.quit)
            await polls.refresher.idle(15)
            windows = [_max_in_window(sorted(times), 3.0) for times in edits.values()]
    dom = _latencies_ms(sent, [(at / 1000, int(voters)) for at, voters in seen_dom])
    counted = _latencies_ms(answered, [(at / 1000, int(voters)) for at, voters in seen_dom])
    stream_pages = json.loads(output or b"[]")
    stream = [
        latency
        for seen in stream_pages
        for latency in _latencies_ms(sent, [(at, int(voters)) for at, voters in seen])
    ]
    return {
        "seconds": seconds,
        "votes": total,
        "votes_per_s": round(total / push_seconds),
        "pages": pages,
        "update_latency_ms_p95": _p95(dom),
        "update_latency_ms_median": round(sorted(dom)[len(dom) // 2], 1) if dom else None,
        "stream_latency_ms_p95": _p95(stream),
        # From the vote counted (its press answered) to the DOM: the page's own part, without
        # the time a vote waits in the bot's queue when the machine cannot keep up the rate.
        "counted_to_dom_ms_p95": _p95(counted),
        "votes_shown_on_page": len(dom),
        "max_edits_per_message_per_3s": max(windows, default=0),
        # The whole benchmark process (bot, stand-in Bot API with every message, Selenium):
        # the bot's own memory is the `memory` scenario's.
        "bench_process_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ),
    }
