"""Paid broadcast fan-out: 20,000 subscribers (3,000 quick) at `paid_per_s` = 1,000, the fake
server enforcing 1,000/s overall for paid sends, 30/s for free ones and 1/s per chat."""

from __future__ import annotations

from typing import Any

from bench.fanout import (
    LIMIT_PER_S,
    PAID_PER_S,
    _delivery_figures,
    _fan_out,
    fake_server,
    paid_config,
    running_bot,
)


async def run_fanout_paid(quick: bool) -> dict[str, Any]:
    """Rate from the server's records, as a share of 1,000/s; 429s, duplicates, missing."""
    subscribers = 3000 if quick else 20_000
    limits = f"overall={LIMIT_PER_S},paid={PAID_PER_S},chat=1,group=20"
    async with fake_server(limits) as server:
        async with running_bot(server, paid_config(), subscribers) as app:
            # Waits for at least 100 messages/s: a slow machine gives a low rate, not "missing".
            run = await _fan_out(app, subscribers, timeout=subscribers / 100 + 120, paid=True)
        state = await server.state()
    figures = _delivery_figures(state, subscribers)
    times: list[float] = figures.pop("_times")
    # Sends are spaced evenly, so the rate is the number of gaps over the time they span.
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    return {
        **figures,
        **run,
        "paid_sent": state.get("paid_sent"),
        "paid_per_s": PAID_PER_S,
        "msgs_per_s": round(rate, 1),
        "ratio": round(rate / PAID_PER_S, 3),
        "msgs_per_s_incl_start": round(len(times) / run["fanout_wall_s"], 1),
        "seconds_for_100k": round(100_000 / rate, 1) if rate else None,
    }
