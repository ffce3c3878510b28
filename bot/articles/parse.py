"""Feed documents (RSS, Atom) → article drafts, with `feedparser`; bad entries are skipped."""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from bot.articles.telegram_html import Rendered, clean_text, cut_at_word, from_feed, from_plain
from bot.articles.telegram_html import safe_link as _safe_link
from storage.article_models import ArticleDraft

log = logging.getLogger(__name__)

MAX_TAGS = 15
MAX_TAG_LENGTH = 60
MAX_GUID_LENGTH = 1000
MAX_SUMMARY_SOURCE = 200_000  # characters of entry HTML looked at
UNTITLED_LENGTH = 100
_SPACES = re.compile(r"\s+")


class FeedError(Exception):
    """The document is not a usable feed; the message says why, in one line (for the log;
    editors see `reason`, in their language)."""

    reason = "not_a_feed"


@dataclass
class ParsedFeed:
    """Drafts from a feed document, and why the skipped entries were skipped."""

    title: str
    drafts: list[ArticleDraft] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def clean_tag(tag: str) -> str:
    """A tag as stored: lower-case, single spaces, no separator, bounded."""
    cleaned = _SPACES.sub(" ", clean_text(tag).replace("|", " ")).strip().lower()
    return cleaned[:MAX_TAG_LENGTH].strip()


def clean_tags(tags: list[str]) -> tuple[str, ...]:
    """Distinct clean tags, in order, at most `MAX_TAGS`."""
    return tuple(dict.fromkeys(t for t in (clean_tag(tag) for tag in tags) if t))[:MAX_TAGS]


def dedup_key(guid: str | None, link: str | None, title: str, summary: str) -> str:
    """guid, else link, else a hash of title and summary."""
    if guid:
        return f"guid:{guid}"
    if link:
        return f"link:{link}"
    digest = hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    return f"hash:{digest}"


def make_draft(
    *,
    title: str,
    body: Rendered,
    tags: tuple[str, ...],
    published_at: datetime,
    guid: str | None = None,
    link: str | None = None,
) -> ArticleDraft | None:
    """A draft from cleaned parts; None when there is neither a title nor a text."""
    title = _SPACES.sub(" ", clean_text(title)).strip()
    if not title:
        title = cut_at_word(_SPACES.sub(" ", body.plain).strip(), UNTITLED_LENGTH)
    if not title:
        return None
    content = "\x1f".join((title, body.html, "|".join(tags), link or ""))
    return ArticleDraft(
        dedup_key=dedup_key(guid, link, title, body.plain),
        guid=guid,
        link=link,
        title=title,
        summary=body.plain,
        summary_html=body.html,
        tags=tags,
        content_hash=hashlib.sha1(content.encode(), usedforsecurity=False).hexdigest(),
        published_at=published_at,
    )


def _published(entry: Any, now: datetime) -> datetime:
    """The entry's date in UTC; now when missing, unparseable or in the future."""
    # dict.get: FeedParserDict's own mapping of updated→published warns when used.
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if not isinstance(parsed, time.struct_time):
        return now
    try:
        when = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return now
    return min(when, now)


def _is_html(detail: Any) -> bool:
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    return "html" in str(kind)


def _text(value: Any, detail: Any) -> Rendered:
    source = str(value or "")[:MAX_SUMMARY_SOURCE]
    if not _is_html(detail):
        return from_plain(source)
    base = detail.get("base") if isinstance(detail, dict) else None
    return from_feed(source, base=str(base or ""))


def _body_source(entry: Any) -> tuple[Any, Any]:
    """The entry's text and the detail of the field it came from (its declared type).

    feedparser copies `<content>` (Atom) and `<content:encoded>` (RSS) into `summary` when
    there is no summary of its own, without a `summary_detail`: that text is the content's,
    and its type is the content's.
    """
    contents = [c for c in entry.get("content") or [] if isinstance(c, dict) and c.get("value")]
    summary_detail = dict.get(entry, "summary_detail")
    if entry.get("summary") and isinstance(summary_detail, dict):
        return entry.get("summary"), summary_detail
    if contents:
        return contents[0].get("value"), contents[0]
    return entry.get("summary"), summary_detail


def _entry_draft(entry: Any, now: datetime) -> ArticleDraft | None:
    guid = _SPACES.sub(" ", str(entry.get("id") or "")).strip()[:MAX_GUID_LENGTH] or None
    link = _safe_link(str(entry.get("link") or ""))
    title = _text(entry.get("title"), entry.get("title_detail")).plain
    body = _text(*_body_source(entry))
    terms = [str(tag.get("term") or tag.get("label") or "") for tag in entry.get("tags") or []]
    return make_draft(
        title=title,
        body=body,
        tags=clean_tags(terms),
        published_at=_published(entry, now),
        guid=guid,
        link=link,
    )


def parse_feed(document: bytes, now: datetime) -> ParsedFeed:
    """Drafts of every usable entry; raises `FeedError` when this is not a feed at all."""
    parsed = feedparser.parse(document, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = str(parsed.get("bozo_exception") or "")[:200] if parsed.get("bozo") else ""
        if not parsed.get("version"):
            detail = f" ({problem})" if problem else ""
            raise FeedError(f"not an RSS or Atom feed (an HTML page?){detail}")
        if problem:
            raise FeedError(f"not a valid feed: {problem}")
    elif parsed.get("bozo"):
        log.info(
            "feed is not well-formed, kept what could be read: %s", parsed.get("bozo_exception")
        )
    result = ParsedFeed(title=str(parsed.get("feed", {}).get("title") or ""))
    for position, entry in enumerate(entries, start=1):
        try:
            draft = _entry_draft(entry, now)
        except (ValueError, TypeError, AttributeError) as error:
            result.skipped.append(f"entry {position}: unreadable ({error})")
            continue
        if draft is None:
            result.skipped.append(f"entry {position}: no title and no text")
            continue
        result.drafts.append(draft)
    return result
