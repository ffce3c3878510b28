"""The articles feature: feeds, publishing, reading, subscriptions and fan-out of new articles."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.articles.feeds import FeedPoller, PollOutcome
from bot.articles.fetch import FeedFetcher
from bot.articles.formatting import article_message
from bot.articles.parse import ParsedFeed, clean_tags, make_draft
from bot.articles.subscriptions import Audience, parse_request
from bot.articles.telegram_html import from_plain, safe_link
from bot.articles.urls import check_resolved
from bot.core.messages import Button, OutgoingMessage
from bot.core.shared import Core
from bot.delivery.config import PaidBroadcast as PaidSetting
from bot.delivery.paid import PaidEstimate, estimate
from bot.delivery.service import DeliveryService, PaidBroadcast
from bot.texts import pick_language
from bot.texts.breaking import text
from storage.article_models import Article, ArticleDraft, Feed, Subscription, TopicCount
from storage.articles import ArticleRepository
from storage.feeds import FeedRepository
from storage.subscriptions import SubscriptionRepository

log = logging.getLogger(__name__)

# Buttons under an article's message in a language (article id, chat language or None).
ButtonProvider = Callable[[int, str | None], Awaitable[list[Button]]]
MAX_LATEST = 20
MAX_SEARCH = 10
MAX_SEARCH_WORDS = 8
MAX_TOPICS = 30
MIN_INTERVAL_MINUTES = 1
MAX_INTERVAL_MINUTES = 1440  # a day
DEFAULT_INTERVAL_MINUTES = 5
# A primed feed suddenly showing many new entries (a re-published archive) fans out only
# its newest ones; the rest are stored and can be read with /latest and /search.
MAX_FANOUT_PER_POLL = 20
_WORD = re.compile(r"\w+")


class PublishResult(BaseModel):
    """What /publish did: the article, and how many chats it was queued for (None: a repeat)."""

    model_config = ConfigDict(frozen=True)

    article: Article
    queued: int | None


class BreakingEstimate(BaseModel):
    """Before a breaking (paid) publication: its cost and what paid fan-outs run ahead."""

    model_config = ConfigDict(frozen=True)

    enabled: bool  # paid broadcast is not "off" in the config
    estimate: PaidEstimate
    paid_ahead: int  # messages of paid fan-outs still to send (it is queued behind them)


class ArticleStats(BaseModel):
    """Figures for /stats; `delivery` is the outbox's DeliveryStats when available."""

    model_config = ConfigDict(frozen=True)

    subscribers: int
    active_chats: int
    chats: int
    articles: int
    feeds: int
    delivery: dict[str, Any] | None = None


def fts_query(words: str) -> str:
    """The user's words, each quoted, joined by AND: no FTS syntax of theirs reaches MATCH."""
    tokens = _WORD.findall(words)[:MAX_SEARCH_WORDS]
    return " ".join(f'"{token}"' for token in tokens)


def _editor_draft(
    title: str, body: str, link: str | None, tags: Sequence[str], now: datetime
) -> ArticleDraft:
    draft = make_draft(
        title=title,
        body=from_plain(body),
        tags=clean_tags(list(tags)),
        published_at=now,
        link=safe_link(link),
    )
    if draft is None:
        msg = "an article needs a title or a text"
        raise ValueError(msg)
    return draft


class ArticleService:
    """Entry point of the articles feature for handlers and jobs."""

    def __init__(self, core: Core, delivery: DeliveryService) -> None:
        self._core = core
        self._delivery = delivery
        self._articles = ArticleRepository(core.db)
        self._feeds = FeedRepository(core.db)
        self._subscriptions = SubscriptionRepository(core.db)
        self._button_providers: list[ButtonProvider] = []
        fetcher = FeedFetcher(core.config.base_dir, allow_private=core.config.allow_private_feeds)
        self.poller = FeedPoller(core, fetcher, self._ingest)
        delivery.add_paid_fallback_listener(self._stars_ran_out)

    # -- contracts with other features ------------------------------------------------------
    async def subscriber_chat_ids(self) -> list[int]:
        """Active chats with at least one subscription (the audience of a poll push)."""
        return await self._subscriptions.subscriber_chat_ids()

    def add_button_provider(self, provider: ButtonProvider) -> None:
        """Add buttons (e.g. a poll's Vote) under the messages of articles it cares about."""
        self._button_providers.append(provider)

    def set_fetcher(self, fetcher: FeedFetcher) -> None:
        """Fetch feeds with another fetcher (tests inject an httpx.MockTransport)."""
        self.poller.fetcher = fetcher

    # -- feeds ------------------------------------------------------------------------------
    async def poll_due(self, *, local_only: bool = False) -> list[PollOutcome]:
        """Poll every feed that is due (the JobQueue calls this every half minute)."""
        return await self.poller.poll_due(local_only=local_only)

    async def feeds(self) -> list[Feed]:
        """Every feed with its health."""
        return await self._feeds.all()

    async def add_feed(self, url: str, interval_minutes: float | None = None) -> tuple[Feed, bool]:
        """Add a feed by URL, polled every 1 to 1,440 minutes; (feed, False) when it was
        already there; `BadFeedUrl` if refused."""
        allow = self._core.config.allow_private_feeds
        await check_resolved(url, self.poller.fetcher.resolver, allow_private=allow)
        known = {feed.source: feed for feed in await self._feeds.all()}
        if url.strip() in known:
            return known[url.strip()], False
        interval = min(
            MAX_INTERVAL_MINUTES,
            max(MIN_INTERVAL_MINUTES, interval_minutes or DEFAULT_INTERVAL_MINUTES),
        )
        feed = await self._feeds.add(url.strip(), url.strip(), interval, self._core.clock.now())
        return feed, True

    async def remove_feed(self, feed_id: int) -> Feed | None:
        """Remove an added feed; returns it (None if unknown). Config feeds stay."""
        feed = await self._feeds.get(feed_id)
        if feed is not None and not feed.from_config:
            await self._feeds.remove(feed_id)
        return feed

    async def _seed_config_feeds(self) -> None:
        now = self._core.clock.now()
        for feed in self._core.config.feeds:
            await self._feeds.upsert_config_feed(feed.name, feed.source, feed.interval_minutes, now)

    async def _ingest(self, feed: Feed, parsed: ParsedFeed) -> int:
        """Store a feed's drafts; fan out the new ones unless this is the feed's first poll."""
        result = await self._articles.store(
            parsed.drafts, feed.id, self._core.clock.now(), announce=feed.primed
        )
        log.info(
            "feed %s: %d new, %d updated, %d unchanged, %d skipped",
            feed.id, len(result.new), result.updated, result.unchanged, len(parsed.skipped),
        )  # fmt: skip
        if feed.primed and result.new:
            ordered = sorted(result.new, key=lambda a: (a.published_at, a.id))
            await self._articles.fanout_done([a.id for a in ordered[:-MAX_FANOUT_PER_POLL]])
            await self.fan_out(ordered[-MAX_FANOUT_PER_POLL:])
        return len(result.new)

    # -- publishing and fan-out -------------------------------------------------------------
    async def publish(
        self,
        title: str,
        body: str,
        link: str | None = None,
        tags: Sequence[str] = (),
        *,
        breaking_editor: int | None = None,
    ) -> PublishResult:
        """Store an editor's article and queue it for every matching chat; as a paid
        broadcast if `breaking_editor` (the editor's chat, told if the Stars run out) is given.

        An article already stored under the same link (or the same title and text) is kept
        as it was and not sent again: `queued` is None (see `update_published`).
        """
        now = self._core.clock.now()
        draft = _editor_draft(title, body, link, tags, now)
        stored = await self._articles.by_key(draft.dedup_key)
        if stored is not None:
            return PublishResult(article=stored, queued=None)
        result = await self._articles.store(
            [draft], None, now, announce=True, breaking_editor=breaking_editor
        )
        if not result.new:  # published meanwhile by another update
            stored = await self._articles.by_key(draft.dedup_key)
            assert stored is not None
            return PublishResult(article=stored, queued=None)
        article = result.new[0]
        queued = await self.fan_out([article], breaking_editor=breaking_editor)
        return PublishResult(article=article, queued=queued)

    async def update_published(
        self,
        article_id: int,
        title: str,
        body: str,
        link: str | None = None,
        tags: Sequence[str] = (),
    ) -> Article | None:
        """Edit a stored article's title, text, link and tags; nobody is sent it again.
        None when the article is gone."""
        now = self._core.clock.now()
        if not await self._articles.update_content(
            article_id, _editor_draft(title, body, link, tags, now), now
        ):
            return None
        return await self._articles.get(article_id)

    async def breaking_estimate(self) -> BreakingEstimate:
        """What publishing as breaking news (paid broadcast) would cost now."""
        delivery = self._core.config.delivery
        subscribers = await self._subscriptions.count_chats()
        return BreakingEstimate(
            enabled=delivery.paid_broadcast != PaidSetting.OFF,
            estimate=estimate(delivery, subscribers),
            paid_ahead=await self._delivery.paid_running(),
        )

    def _paid(self, editor: int | None) -> PaidBroadcast | None:
        delivery = self._core.config.delivery
        setting = delivery.paid_broadcast
        if setting == PaidSetting.OFF or (setting == PaidSetting.BREAKING and editor is None):
            return None
        return PaidBroadcast(max_messages=delivery.paid_messages(), editor_chat_id=editor)

    async def _stars_ran_out(self, kind: str, ref: str, editor: int | None) -> None:
        """Tell the editor, once, that the rest of their breaking news goes at the free rate."""
        if kind != "article" or editor is None:
            return
        chat = await self._core.chats.get(editor)
        language = pick_language(chat.language if chat else None)
        article = await self._articles.get(int(ref))
        title = article.title if article else ref
        message = OutgoingMessage(text=text("breaking_no_stars", language, title=title))
        await self._core.telegram.send(editor, message)

    async def fan_out(
        self, articles: Sequence[Article], *, breaking_editor: int | None = None
    ) -> int:
        """Queue each article once for every chat whose subscriptions match; return the count.

        Queueing is idempotent (once per article and chat), so an interrupted fan-out is
        simply run again at the next start (see `resume_fan_out`).
        """
        queued = 0
        paid = self._paid(breaking_editor)
        for article in articles:
            audience = Audience(article)
            async for chunk in self._subscriptions.for_topics(article.tags):
                audience.add(chunk)
            for language, chat_ids in audience.groups.items():
                extra = [
                    button
                    for provider in self._button_providers
                    for button in await provider(article.id, language)
                ]
                message = article_message(article, language, extra)
                queued += await self._delivery.enqueue(
                    "article", str(article.id), message, chat_ids, variant=language or "", paid=paid
                )
        await self._articles.fanout_done([article.id for article in articles])
        return queued

    async def resume_fan_out(self) -> int:
        """Finish fan-outs a crash interrupted (only the newest few, as for a feed poll);
        breaking news goes on as the paid broadcast its editor confirmed."""
        pending = await self._articles.fanout_pending()
        if not pending:
            return 0
        newest = pending[-MAX_FANOUT_PER_POLL:]
        await self._articles.fanout_done([p.article.id for p in pending[:-MAX_FANOUT_PER_POLL]])
        log.info("resuming the fan-out of %d article(s)", len(newest))
        queued = 0
        for editor in dict.fromkeys(p.breaking_editor for p in newest):
            articles = [p.article for p in newest if p.breaking_editor == editor]
            queued += await self.fan_out(articles, breaking_editor=editor)
        return queued

    # -- reading ----------------------------------------------------------------------------
    async def latest(self, count: int = 5) -> list[Article]:
        """The newest articles."""
        return await self._articles.latest(max(1, min(count, MAX_LATEST)))

    async def search(self, words: str) -> list[Article]:
        """Articles matching every word (empty when nothing usable was asked)."""
        query = fts_query(words)
        return await self._articles.search(query, MAX_SEARCH) if query else []

    async def topics(self) -> list[TopicCount]:
        """Known tags with their counts, the most used first."""
        return await self._articles.topics(MAX_TOPICS)

    async def article(self, article_id: int) -> Article | None:
        """One article."""
        return await self._articles.get(article_id)

    # -- subscriptions ----------------------------------------------------------------------
    async def subscribe(self, chat_id: int, request: str) -> tuple[Subscription, bool]:
        """Subscribe a (known) chat to `TOPIC [+ KEYWORD]` or everything; False if already."""
        topic, keyword = parse_request(request)
        added = await self._subscriptions.add(chat_id, topic, keyword, self._core.clock.now())
        return Subscription(chat_id=chat_id, topic=topic, keyword=keyword), added

    async def unsubscribe(self, chat_id: int, request: str) -> tuple[str | None, int]:
        """Remove the chat's subscriptions to a topic, or all of them; (topic, how many)."""
        topic, _ = parse_request(request)
        which = topic or None
        return which, await self._subscriptions.remove(chat_id, which)

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions."""
        return await self._subscriptions.for_chat(chat_id)

    async def stats(self) -> ArticleStats:
        """Subscribers, chats, articles, feeds and the outbox's figures."""
        figures = await self._delivery.stats(self._core.clock.now())
        delivery_stats: dict[str, Any] | None = figures.model_dump()
        return ArticleStats(
            subscribers=await self._subscriptions.count_chats(),
            active_chats=await self._core.chats.count(active_only=True),
            chats=await self._core.chats.count(),
            articles=await self._articles.count(),
            feeds=len(await self._feeds.all()),
            delivery=delivery_stats,
        )

    # -- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        """Seed the config's feeds and read the local ones, so /latest works at once."""
        await self._seed_config_feeds()
        await self.resume_fan_out()
        await self.poll_due(local_only=True)

    async def stop(self) -> None:
        """Stop the feed parser's worker processes (the JobQueue owns the polling job)."""
        self.poller.parser.close()

    async def drain(self, timeout: float) -> None:
        """Nothing queued here: deliveries are the outbox's."""

    async def on_chat_stopped(self, chat_id: int) -> None:
        """End the chat's subscriptions."""
        await self._subscriptions.remove(chat_id, None)

    async def on_user_forgotten(self, user_id: int) -> None:
        """Nothing stored per user: subscriptions belong to chats."""
