"""Runs every benchmark scenario and writes `bench-results.json` (`make bench`)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import refresh_readme
from bench.soak_figures import failures as soak_failures

# Scenario name → module in bench/ exposing `run(quick: bool) -> dict` (sync or async).
SCENARIOS: dict[str, str] = {
    "fanout_limited": "bench.fanout",
    "fanout_unlimited": "bench.fanout_unlimited",
    "fanout_paid": "bench.fanout_paid",
    "reply_during_fanout": "bench.fanout",
    "ingest": "bench.ingest",
    "schedule_answer": "bench.schedule_answer",
    "understanding": "bench.understanding",
    "votes": "bench.votes",
    "vote_storm_edits": "bench.votes",
    "studio": "bench.studio",
    "durability": "bench.durability",
    "memory": "bench.memory",
    "crash_soak": "bench.crash_soak",
    "crash_soak_paid": "bench.crash_soak",
}
RESULTS = Path("bench-results.json")


async def _run_one(name: str, module_name: str, quick: bool) -> dict[str, Any]:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return {"status": "not built"}
    runner = getattr(module, f"run_{name}", None) or module.run
    started = time.perf_counter()
    result = runner(quick)
    if inspect.isawaitable(result):
        result = await result
    figures: dict[str, Any] = dict(result)
    figures["wall_s"] = round(time.perf_counter() - started, 2)
    return figures


async def main(argv: list[str] | None = None) -> int:
    """Run the chosen scenarios (all by default) and merge them into bench-results.json."""
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--quick", action="store_true", help="small versions, under a minute")
    parser.add_argument("names", nargs="*", help="scenarios to run (default: all)")
    args = parser.parse_args(argv)
    names = args.names or list(SCENARIOS)
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    machine = {"cores": os.cpu_count(), "python": platform.python_version()}
    for name in names:
        print(f"bench {name} ...", flush=True)
        figures = await _run_one(name, SCENARIOS[name], args.quick)
        results[name] = {**figures, "quick": args.quick, **machine}
        print(f"  {json.dumps(results[name])}", flush=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    refresh_readme()
    print("README.md performance table refreshed", flush=True)
    failed = False
    for soak in ("crash_soak", "crash_soak_paid"):
        if soak not in names:
            continue
        problems = soak_failures(results[soak])
        if soak == "crash_soak_paid" and not results[soak].get("paid_sent"):
            problems.append("no message went as a paid broadcast")
        for problem in problems:
            print(f"{soak} FAILED: {problem}", flush=True)
        failed = failed or bool(problems)
        if not problems:
            print(f"{soak} passed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
