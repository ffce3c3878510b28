"""Waiting for Telegram: capped exponential backoff, and one log line per outage."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from telegram.error import RetryAfter, TelegramError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """Delays between attempts: first, doubling, never above cap (seconds)."""

    first: float = 1.0
    cap: float = 60.0

    def delay(self, attempt: int) -> float:
        """The wait after the `attempt`-th failure (1 for the first)."""
        return float(min(self.cap, self.first * 2 ** (attempt - 1)))


DEFAULT_BACKOFF = Backoff()


def describe(error: BaseException) -> str:
    """One short line for a Telegram or network error (never a traceback)."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def wait_hint(error: TelegramError, default: float) -> float:
    """Telegram's own wait for a flood error, else `default`."""
    if isinstance(error, RetryAfter):
        after = error.retry_after
        return float(after.total_seconds() if hasattr(after, "total_seconds") else after)
    return default


async def pause(seconds: float, stop: asyncio.Event | None) -> None:
    """Wait `seconds`, or less if `stop` is set."""
    if stop is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class Outage:
    """Tells the log once when contact with Telegram is lost and once when it is back."""

    def __init__(self, backoff: Backoff) -> None:
        self._backoff = backoff
        self._failures = 0
        self._since = 0.0

    def failed(self, error: TelegramError) -> float:
        """Record a failed call; the seconds to wait before the next one."""
        self._failures += 1
        if self._failures == 1:
            self._since = time.monotonic()
            log.warning(
                "lost contact with Telegram (%s); retrying until it answers", describe(error)
            )
        return wait_hint(error, self._backoff.delay(self._failures))

    def succeeded(self) -> None:
        """Record a successful call."""
        if self._failures:
            seconds = time.monotonic() - self._since
            log.warning("contact with Telegram is back after %.0f s", seconds)
            self._failures = 0
