"""Polling feeds: which are due, fetching them a few at a time, backing off when they fail."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.articles.fetch import FeedFetcher, FetchError
from bot.articles.parallel_parse import FeedParser
from bot.articles.parse import FeedError, ParsedFeed
from bot.articles.urls import is_url
from bot.core.messages import OutgoingMessage
from bot.core.shared import Core
from bot.texts.articles import failure_reason, text
from storage.article_models import Feed
from storage.feeds import FeedRepository

log = logging.getLogger(__name__)

CONCURRENCY = 4
MAX_BACKOFF = timedelta(hours=1)
ALERT_AFTER_FAILURES = 10

# Stores a parsed document's drafts (and fans out what is new); returns how many were new.
Ingest = Callable[[Feed, ParsedFeed], Awaitable[int]]


def backoff(interval_minutes: float, failures: int) -> timedelta:
    """Wait before the next try after `failures` failures in a row: doubling, capped at 1 h."""
    interval = timedelta(minutes=interval_minutes)
    if failures <= 0:
        return interval
    delay: timedelta = interval * (2 ** min(failures, 20))
    cap: timedelta = max(MAX_BACKOFF, interval)
    return min(delay, cap)


@dataclass(frozen=True)
class PollOutcome:
    """What one poll of one feed did."""

    feed_id: int
    new: int = 0
    not_modified: bool = False
    error: str | None = None


class FeedPoller:
    """Polls due feeds with bounded concurrency and records their health."""

    def __init__(self, core: Core, fetcher: FeedFetcher, ingest: Ingest) -> None:
        self._core = core
        self._feeds = FeedRepository(core.db)
        self.fetcher = fetcher
        self._ingest = ingest
        self._limit = asyncio.Semaphore(CONCURRENCY)
        self._polling: set[int] = set()
        self.parser = FeedParser()

    async def poll_due(self, *, local_only: bool = False) -> list[PollOutcome]:
        """Poll every feed whose time has come (only local files when `local_only`)."""
        due = await self._feeds.due(self._core.clock.now())
        due = [
            f for f in due if f.id not in self._polling and not (local_only and is_url(f.source))
        ]
        self._polling.update(feed.id for feed in due)  # claimed before any await: no double poll
        outcomes = await asyncio.gather(*(self._guarded(feed) for feed in due))
        return [outcome for outcome in outcomes if outcome is not None]

    async def _guarded(self, feed: Feed) -> PollOutcome | None:
        try:
            async with self._limit:
                fresh = await self._feeds.get(feed.id)  # another round may have just polled it
                now = self._core.clock.now()
                if fresh is None or (fresh.next_poll_at and fresh.next_poll_at > now):
                    return None
                return await self.poll(fresh)
        finally:
            self._polling.discard(feed.id)

    async def poll(self, feed: Feed) -> PollOutcome:
        """Fetch, parse and ingest one feed; a failure is recorded, never raised."""
        try:
            fetched = await self.fetcher.fetch(feed)
            if fetched.body is None:
                await self._succeeded(feed, None, None)
                return PollOutcome(feed.id, not_modified=True)
            now = self._core.clock.now()
            parsed = await self.parser.parse(fetched.body, now)
            for reason in parsed.skipped[:20]:
                log.info("feed %s: skipped %s", feed.id, reason)
            new = await self._ingest(feed, parsed)
        except (FetchError, FeedError) as error:
            return await self._failed(feed, error.reason, str(error))
        except Exception as error:  # one bad feed must never stop the poller
            log.exception("feed %s (%s): unexpected failure", feed.id, feed.source)
            return await self._failed(
                feed, "unexpected", f"unexpected error: {type(error).__name__}"
            )
        await self._succeeded(feed, fetched.etag, fetched.last_modified)
        return PollOutcome(feed.id, new=new)

    async def _succeeded(self, feed: Feed, etag: str | None, last_modified: str | None) -> None:
        now = self._core.clock.now()
        await self._feeds.record_success(
            feed.id, now, now + backoff(feed.interval_minutes, 0), etag, last_modified
        )

    async def _failed(self, feed: Feed, reason: str, error: str) -> PollOutcome:
        """Record a failure: the `reason` key editors see, the technical `error` in the log."""
        now = self._core.clock.now()
        failures = feed.failures + 1
        log.warning("feed %s (%s) failed (%d in a row): %s", feed.id, feed.source, failures, error)
        tell = failures >= ALERT_AFTER_FAILURES and not feed.admins_told
        await self._feeds.record_failure(
            feed.id,
            reason,
            error,
            now,
            now + backoff(feed.interval_minutes, failures),
            admins_told=feed.admins_told or tell,
        )
        if tell:
            await self._tell_admins(feed, failures, reason)
        return PollOutcome(feed.id, error=error)

    async def _tell_admins(self, feed: Feed, failures: int, reason: str) -> None:
        admins = sorted(self._core.settings.admins)
        languages = await self._core.chats.languages(admins)  # each admin's private chat
        for admin in admins:
            message = OutgoingMessage(
                text=text(
                    "feed_failing_alert",
                    languages.get(admin),
                    name=feed.name,
                    source=feed.source,
                    failures=failures,
                    error=failure_reason(reason, languages.get(admin)),
                )
            )
            result = await self._core.telegram.send(admin, message)
            if result.error:
                log.warning(
                    "could not tell admin %s about feed %s: %s", admin, feed.id, result.error
                )
