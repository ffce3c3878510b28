"""Start and stop an application the way `run_polling` does, for custom runners."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from handlers.context import BotApplication


async def start(application: BotApplication) -> None:
    """Initialise, run post_init (database, services, jobs) and start processing updates."""
    await application.initialize()
    if application.post_init is not None:
        try:
            await application.post_init(application)
        except BaseException:
            await application.shutdown()
            raise
    await application.start()


async def stop(application: BotApplication) -> None:
    """Stop processing, run post_shutdown (services, database) and shut down."""
    if application.running:
        await application.stop()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
    await application.shutdown()


@asynccontextmanager
async def running(application: BotApplication) -> AsyncIterator[BotApplication]:
    """The application, started for the duration of the block."""
    await start(application)
    try:
        yield application
    finally:
        await stop(application)
