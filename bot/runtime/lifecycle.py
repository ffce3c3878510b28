"""The one start/stop path of the application, in python-telegram-bot's order.

`run_polling` calls initialize, post_init, start, then stop, post_stop, shutdown and
post_shutdown; polling, webhook, the console and the tests all go through `running()`,
which does the same around whatever feeds the application its updates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.error import InvalidToken, NetworkError

from bot.runtime.backoff import DEFAULT_BACKOFF, Backoff, describe, pause
from handlers.context import BotApplication

log = logging.getLogger(__name__)


class StoppedBeforeStart(Exception):
    """A stop was asked while waiting for Telegram to answer at start."""


async def connect(
    application: BotApplication,
    stop: asyncio.Event | None = None,
    backoff: Backoff = DEFAULT_BACKOFF,
) -> None:
    """`initialize()` the application, retrying with capped backoff while Telegram cannot be
    reached (one log line per attempt); a refused token raises `InvalidToken` at once."""
    attempt = 0
    while True:
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as error:  # includes TimedOut: no answer, not a refusal
            attempt += 1
            delay = backoff.delay(attempt)
            log.warning(
                "Telegram cannot be reached (%s); attempt %d, next in %.0f s",
                describe(error), attempt, delay,
            )  # fmt: skip
        await pause(delay, stop)
        if stop is not None and stop.is_set():
            raise StoppedBeforeStart


async def start(
    application: BotApplication,
    stop: asyncio.Event | None = None,
    backoff: Backoff = DEFAULT_BACKOFF,
) -> None:
    """initialize (waiting for Telegram), post_init, start; undone in order if one fails."""
    await connect(application, stop, backoff)
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
    except BaseException:
        await stop_application(application)
        raise


async def stop_application(application: BotApplication) -> None:
    """stop and post_stop (if it was started), shutdown, post_shutdown."""
    try:
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        try:
            await application.shutdown()
        finally:
            if application.post_shutdown is not None:
                await application.post_shutdown(application)


@asynccontextmanager
async def running(
    application: BotApplication,
    stop: asyncio.Event | None = None,
    backoff: Backoff = DEFAULT_BACKOFF,
) -> AsyncIterator[BotApplication]:
    """The application, started for the duration of the block."""
    await start(application, stop, backoff)
    try:
        yield application
    finally:
        await stop_application(application)
