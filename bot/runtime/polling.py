"""Polling: the update source for getUpdates, with acknowledgements that survive a crash.

Telegram forgets every update below the `offset` of a getUpdates call. Each batch fetched is
first written to the update journal with the next offset, in one fsynced transaction; only
then may the next call confirm it. Each update leaves the journal once its handlers have
finished (their own commits come first in the WAL, so a journal row is never gone while its
update's changes are missing). A process that dies replays its journal at the next start, so
a slow handler (a DNS check, a getChatMember call) holds back nothing but itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence

from telegram import Update
from telegram.error import InvalidToken, TelegramError

from bot.runtime import lifecycle
from bot.runtime.backoff import DEFAULT_BACKOFF, Backoff, Outage, describe, pause
from bot.runtime.update_runner import UpdateRunner
from handlers.context import BotApplication
from storage.update_journal import UpdateJournal

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10  # getUpdates long-polls this long when nothing is waiting
BATCH = 100  # updates per getUpdates call (Telegram's maximum)


class PollingSource:
    """Fetches updates, journals them, hands them to the runner, forgets the handled ones."""

    def __init__(
        self,
        application: BotApplication,
        journal: UpdateJournal,
        runner: UpdateRunner,
        *,
        poll_timeout: int = POLL_TIMEOUT_S,
        backoff: Backoff = DEFAULT_BACKOFF,
    ) -> None:
        self._application = application
        self._journal = journal
        self._runner = runner
        self._poll_timeout = poll_timeout
        self._outage = Outage(backoff)
        self._handled: list[int] = []
        self._handled_event = asyncio.Event()
        self._closing = False
        self.offset = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; then finish every update taken and confirm them."""
        forgetting = asyncio.create_task(self._forget_handled())
        try:
            await self._replay()
            self.offset = await self._journal.next_offset()
            await self._drop_webhook(stop)
            while not stop.is_set():
                updates = await self._fetch(stop)
                if updates:
                    await self._take(updates)
        finally:
            await self._runner.finish()
            self._closing = True
            self._handled_event.set()
            await forgetting
            await self._confirm()

    async def _fetch(self, stop: asyncio.Event) -> Sequence[Update]:
        """The next updates (none if stopped or if Telegram could not be reached)."""
        call = asyncio.ensure_future(
            self._application.bot.get_updates(
                offset=self.offset,
                limit=BATCH,
                timeout=self._poll_timeout,
                allowed_updates=Update.ALL_TYPES,
            )
        )
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({call, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not call.done():  # stopped: what this call would bring is not confirmed
            call.cancel()
            return ()
        try:
            updates = call.result()
        except InvalidToken:
            raise
        except TelegramError as error:
            await pause(self._outage.failed(error), stop)
            return ()
        self._outage.succeeded()
        return [update for update in updates if update.update_id >= self.offset]

    async def _take(self, updates: Sequence[Update]) -> None:
        """Journal the batch with the offset past it (fsynced), then start handling it."""
        next_offset = updates[-1].update_id + 1
        await self._journal.record(
            [(update.update_id, update.to_json()) for update in updates], next_offset
        )
        self.offset = next_offset
        for update in updates:
            await self._runner.start(update, self._on_handled)

    async def _replay(self) -> None:
        """Handle the updates a previous process took from Telegram and did not finish."""
        pending = await self._journal.pending()
        if pending:
            log.info("handling %d updates left from the previous run", len(pending))
        bot = self._application.bot
        for _, payload in pending:
            await self._runner.start(Update.de_json(json.loads(payload), bot), self._on_handled)

    def _on_handled(self, update_id: int) -> None:
        self._handled.append(update_id)
        self._handled_event.set()

    async def _forget_handled(self) -> None:
        """Delete handled updates from the journal, as many per transaction as have piled up."""
        while True:
            await self._handled_event.wait()
            self._handled_event.clear()
            done, self._handled = self._handled, []
            if done:
                await self._journal.handled(done)
            if self._closing and not self._handled:
                return

    async def _drop_webhook(self, stop: asyncio.Event) -> None:
        """getUpdates refuses to work while a webhook is set (a previous webhook run)."""
        while not stop.is_set():
            try:
                await self._application.bot.delete_webhook()
            except InvalidToken:
                raise
            except TelegramError as error:
                await pause(self._outage.failed(error), stop)
            else:
                self._outage.succeeded()
                return

    async def _confirm(self) -> None:
        """Tell Telegram the offset now, so a graceful stop leaves nothing to fetch again."""
        try:
            await self._application.bot.get_updates(offset=self.offset, limit=1, timeout=0)
        except TelegramError as error:
            log.warning(
                "could not confirm the last updates (%s): they are journaled", describe(error)
            )


async def serve(
    application: BotApplication, stop: asyncio.Event, backoff: Backoff = DEFAULT_BACKOFF
) -> None:
    """Run the bot with getUpdates until `stop` is set."""
    async with lifecycle.running(application, stop, backoff):
        services = application.bot_data.services
        assert services is not None, "post_init builds the services"
        journal = UpdateJournal(services.core.db)
        source = PollingSource(application, journal, UpdateRunner(application), backoff=backoff)
        await source.run(stop)
    log.info("stopped cleanly")
