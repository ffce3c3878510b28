"""Crash soak (`make soak`): the real `radiobot run` process, SIGKILLed and restarted while it
fans out articles and a poll and takes votes, against a fake Bot API that misbehaves.

The fake Bot API (a child process) answers 10% of sends/edits/answers with 5xx, leaves 5%
unanswered for 2 s and then drops the connection (the request had no effect), answers bursts
of 429 with retry_after, refuses 2% of the chats as blocked (403) and one group as migrated
to a supergroup. The harness publishes 3 articles with /publish, opens the config's seed poll
in a group, /sendpoll's it to every subscriber, and sends votes in rounds (see
bench/soak_votes.py), while it SIGKILLs the bot at seeded random moments and restarts it.
At the end it waits until the outbox is empty and the server is quiet, and compares what the
server delivered with what every active subscriber should have received.

The parts: bench/soak_plan.py (sizes, ids, articles), bench/soak_harness.py (the run's
processes, database and record), bench/soak_traffic.py (traffic, kills, drain) and
bench/soak_figures.py (what was delivered against what should have been). This module runs
them in order.

Run alone: `python -m bench.crash_soak [--quick] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import soak_figures, soak_traffic
from bench.soak_harness import Soak
from bench.soak_plan import FULL, PAID_FULL, PAID_QUICK, QUICK, Plan


async def run_soak(plan: Plan, folder: Path) -> dict[str, Any]:
    """The whole soak in `folder`; returns its figures."""
    soak = Soak(plan, folder)
    began = time.monotonic()
    await soak.prepare()
    soak.timings["prepare_s"] = time.monotonic() - began
    tasks: list[asyncio.Task[None]] = []
    try:
        soak.bot.start()
        tasks.append(asyncio.create_task(soak_traffic.watch(soak)))
        tasks.append(asyncio.create_task(soak_traffic.collect_calls(soak)))
        await soak_traffic.open_poll(soak)
        start = time.monotonic()
        soak.timings["setup_s"] = start - began
        killer = asyncio.create_task(soak_traffic.killer(soak, start))
        tasks.append(killer)
        tasks.append(asyncio.create_task(soak_traffic.bursts(soak, start)))
        await soak_traffic.traffic(soak)
        soak.timings["traffic_s"] = time.monotonic() - start
        await killer
        await soak_traffic.republish_lost(soak)
        await soak_traffic.drain(soak)
        soak.timings["until_drained_s"] = time.monotonic() - start
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        tasks.clear()
        await soak_traffic.fetch_calls(soak)
        state = await soak.server.state(messages=True)
        exit_code = await soak.bot.stop()
        found = soak_figures.figures(soak, state, exit_code)
        return {**found, "paid_sent": state.get("paid_sent"), "stars_left": state.get("stars_left")}
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        soak.bot.kill()
        await soak.server.close()


async def run_crash_soak(quick: bool, keep: Path | None = None) -> dict[str, Any]:
    """The soak (QUICK: 200 chats, 1,200 votes); figures as a dict, also printed."""
    return await _run(QUICK if quick else FULL, keep)


async def run_crash_soak_paid(quick: bool, keep: Path | None = None) -> dict[str, Any]:
    """The paid round: the same soak, the articles sent as paid broadcasts whose Stars run
    out during the second article (the rest goes free); the same rules hold."""
    return await _run(PAID_QUICK if quick else PAID_FULL, keep)


async def _run(plan: Plan, keep: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="radiobot-soak-") as folder:
        where = keep or Path(folder)
        where.mkdir(parents=True, exist_ok=True)
        figures = await run_soak(plan, where)
    print(json.dumps(figures, indent=2), flush=True)
    return figures


def main() -> None:
    """`python -m bench.crash_soak [--quick] [--keep DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m bench.crash_soak")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the database and logs in this folder")
    parser.add_argument("--paid", action="store_true", help="the paid-broadcast round")
    args = parser.parse_args()
    runner = run_crash_soak_paid if args.paid else run_crash_soak
    asyncio.run(runner(args.quick, args.keep))


if __name__ == "__main__":
    main()
