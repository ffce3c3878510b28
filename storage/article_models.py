"""Stored models of the articles feature: feeds, articles, subscriptions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Feed(BaseModel):
    """A source of articles: an http(s) URL or a local file."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    source: str
    interval_minutes: float
    from_config: bool = False
    etag: str | None = None
    last_modified: str | None = None
    primed: bool = False
    failures: int = 0
    admins_told: bool = False
    last_success_at: datetime | None = None
    last_error: str | None = None  # the technical detail (as in the log)
    last_error_reason: str | None = None  # a short key editors see in their language
    last_error_at: datetime | None = None
    next_poll_at: datetime | None = None


class ArticleContent(BaseModel):
    """What an article says, stored or not."""

    model_config = ConfigDict(frozen=True)

    guid: str | None = None
    link: str | None = None
    title: str
    summary: str
    summary_html: str
    tags: tuple[str, ...] = ()
    published_at: datetime


class ArticleDraft(ArticleContent):
    """An article before it is stored: from a feed entry or from /publish."""

    dedup_key: str
    content_hash: str


class Article(ArticleContent):
    """A stored article."""

    id: int
    feed_id: int | None = None


class StoreResult(BaseModel):
    """What storing a batch of drafts did."""

    model_config = ConfigDict(frozen=True)

    new: tuple[Article, ...] = ()
    updated: int = 0
    unchanged: int = 0


class PendingFanout(BaseModel):
    """An article whose fan-out a crash interrupted, and the editor who published it as
    breaking news (paid broadcast), if they did."""

    model_config = ConfigDict(frozen=True)

    article: Article
    breaking_editor: int | None = None


class TopicCount(BaseModel):
    """A known tag with the number of articles carrying it."""

    model_config = ConfigDict(frozen=True)

    tag: str
    count: int


class Subscription(BaseModel):
    """A chat's wish to receive articles: everything, or one topic, maybe with a keyword."""

    model_config = ConfigDict(frozen=True)

    chat_id: int
    topic: str = ""
    keyword: str = ""
    language: str | None = None  # the chat's, to word the message
