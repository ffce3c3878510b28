"""Confirm updates to Telegram only once they are handled (see bot/runtime/update_ledger.py).

python-telegram-bot's Updater confirms a batch of updates by its next getUpdates call,
as soon as it has queued them: a process killed then loses every update still queued or
being handled (a quarter of the votes of the crash soak). `AckingBot` asks getUpdates
with an offset that confirms only handled updates and drops the ones it sees again;
`AckingApplication` tells the ledger when an update's handlers are done.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ExtBot

from bot.runtime.update_ledger import HOLD_S, UpdateLedger
from handlers.context import BotContext, BotData

log = logging.getLogger(__name__)

# getUpdates long-polls this long by default; also the longest wait for a handler to finish
# before asking again while every update Telegram resends is one we already have.
_WAIT_FOR_PROGRESS_S = 10.0
# Fetch again only while fewer updates than this are unfinished (getUpdates returns 100 at
# most, the unfinished ones first): bounds what is resent, and the updates held in memory.
REFETCH_BELOW = 50


class AckingBot(ExtBot[None]):
    """An ExtBot whose getUpdates confirms only the updates handled so far."""

    def __init__(self, token: str, **kwargs: Any) -> None:
        super().__init__(token, **kwargs)
        self._ledger = UpdateLedger()
        self._only_known = False  # the last call brought nothing new
        self._polled = False

    @property
    def ledger(self) -> UpdateLedger:
        """The updates fetched and not yet handled."""
        return self._ledger

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: int | dt.timedelta | None = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
        api_kwargs: dict[str, Any] | None = None,
    ) -> tuple[Update, ...]:
        """New updates only, asked with an offset that keeps unfinished ones at Telegram."""
        self._polled = True
        if timeout:  # not the Updater's last call at a stop, which must not wait
            await self._wait_for_room()
        timeouts = {
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "connect_timeout": connect_timeout,
            "pool_timeout": pool_timeout,
        }
        updates = await super().get_updates(
            offset=self._ledger.next_offset(offset),
            limit=limit,
            timeout=timeout,
            allowed_updates=allowed_updates,
            api_kwargs=api_kwargs,
            **{name: value for name, value in timeouts.items() if value is not None},
        )
        fresh = self._ledger.accept(update.update_id for update in updates)
        self._only_known = bool(updates) and not any(fresh)
        return tuple(update for update, new in zip(updates, fresh, strict=True) if new)

    async def _wait_for_room(self) -> None:
        """Telegram resends every unconfirmed update from the oldest one on: ask only once
        most of a batch would be new (and never again at once when none would be)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _WAIT_FOR_PROGRESS_S
        while (self._only_known or self._ledger.holding >= REFETCH_BELOW) and (
            remaining := deadline - loop.time()
        ) > 0:
            self._only_known = False
            # Woken by a finished update; a slow one stops holding after HOLD_S, unannounced.
            await self._ledger.wait_progress(min(remaining, HOLD_S / 4))

    async def confirm_handled(self) -> None:
        """Confirm every handled update now (at a graceful stop, after the last handler);
        nothing to do in webhook mode, where each update was answered once handled."""
        if not self._polled:
            return
        try:
            await super().get_updates(offset=self._ledger.next_offset(None), limit=1, timeout=0)
        except TelegramError as error:
            log.warning("could not confirm the last updates (they will come again): %s", error)


class AckingApplication(
    Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]
):
    """An Application that tells its bot's ledger when each update is handled."""

    async def process_update(self, update: object) -> None:
        """Handle the update, then mark it handled (whatever the handlers did)."""
        if isinstance(update, Update) and isinstance(self.bot, AckingBot):
            self.bot.ledger.started(update.update_id)
        try:
            await super().process_update(update)
        finally:
            if isinstance(update, Update) and isinstance(self.bot, AckingBot):
                self.bot.ledger.finished(update.update_id)
