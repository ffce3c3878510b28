"""Hands updates to the application, a bounded number at a time.

Every update source (polling, webhook, console) goes through `application.process_update`,
python-telegram-bot's documented entry point for an update that did not come from its own
Updater. The bound keeps a vote storm from becoming thousands of waiting tasks: the source
waits for a free slot before it takes more updates from Telegram.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Update

from handlers.context import BotApplication

log = logging.getLogger(__name__)

CONCURRENT_UPDATES = 64  # updates handled at the same time, at most


class UpdateRunner:
    """Runs `application.process_update` for each update, at most `limit` at once."""

    def __init__(self, application: BotApplication, limit: int = CONCURRENT_UPDATES) -> None:
        self._application = application
        self._slots = asyncio.Semaphore(limit)
        self._running: dict[int, asyncio.Task[None]] = {}

    def running(self, update_id: int) -> asyncio.Task[None] | None:
        """The task handling this update, if it is being handled now."""
        return self._running.get(update_id)

    async def start(
        self, update: Update, on_done: Callable[[int], None] | None = None
    ) -> asyncio.Task[None]:
        """Wait for a free slot, then start handling the update (in a task, returned); a
        second update with the same id while the first runs gets the first one's task."""
        task = self._running.get(update.update_id)
        if task is not None:
            return task
        await self._slots.acquire()
        task = asyncio.create_task(self._handle(update, on_done))
        self._running[update.update_id] = task
        return task

    async def handle(self, update: Update) -> None:
        """Handle the update and return once its handlers have finished."""
        await asyncio.shield(await self.start(update))

    async def finish(self) -> None:
        """Wait until every update started so far is handled."""
        while self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _handle(self, update: Update, on_done: Callable[[int], None] | None) -> None:
        try:
            await self._application.process_update(update)
        except Exception:  # process_update hands handler errors to the error handler already
            log.exception("update %s could not be processed", update.update_id)
        finally:
            self._slots.release()
            del self._running[update.update_id]
            if on_done is not None:
                on_done(update.update_id)
