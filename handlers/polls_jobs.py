"""Jobs of the polls feature: open and close polls by time (the domain reads the clock)."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.polls.service import PollService
from handlers.context import BotApplication, BotContext

log = logging.getLogger(__name__)

DUE_CHECK_SECONDS = 30


async def run_due(context: BotContext) -> None:
    """Job: open and close the polls whose time came."""
    changed = await context.service(PollService).run_due()
    if changed:
        log.info("polls opened or closed by time: %s", changed)


def schedule_due_check(application: BotApplication, when: datetime | None) -> None:
    """Check the polls at `when` (an opening or closing time)."""
    queue = application.job_queue
    if queue is None or when is None:
        return
    queue.run_once(run_due, when=when, name=f"polls:due:{when.isoformat()}")


async def start_jobs(application: BotApplication) -> None:
    """Check due polls now, at each known time, and every half minute as a safety net."""
    services = application.bot_data.services
    if services is None:
        return
    await services.get(PollService).run_due()
    queue = application.job_queue
    if queue is None:
        log.warning("no job queue: polls will not open or close by time")
        return
    queue.run_repeating(
        run_due,
        interval=DUE_CHECK_SECONDS,
        first=DUE_CHECK_SECONDS,
        name="polls:due",
    )
    now = services.core.clock.now()
    for _, when in await services.get(PollService).upcoming_times():
        if when > now:
            schedule_due_check(application, when)
