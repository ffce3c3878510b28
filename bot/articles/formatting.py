"""Articles as Telegram messages: HTML that Telegram accepts, never over 4096 characters."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import tzinfo

from bot.articles.telegram_html import (
    clean_text,
    cut_at_word,
    render,
    safe_link,
    utf16_len,
)
from bot.core.messages import MAX_TEXT, Button, OutgoingMessage
from bot.texts.articles import text
from storage.article_models import Article

TITLE_LIMIT = 300
TAGS_LIMIT = 400
LIST_SUMMARY_LIMIT = 160
_WORDS = re.compile(r"\w+")


def hashtag(tag: str) -> str:
    """`war in ukraine` → `#war_in_ukraine` ('' when the tag has no letters or digits)."""
    words = _WORDS.findall(tag)
    return "#" + "_".join(words) if words else ""


def hashtags(tags: Sequence[str]) -> str:
    """The tags as hashtags on one line, within a sane length."""
    line = " ".join(dict.fromkeys(h for h in (hashtag(t) for t in tags) if h))
    if utf16_len(line) > TAGS_LIMIT:
        line = cut_at_word(line, TAGS_LIMIT).removesuffix("…").rstrip()
        line = line.rsplit(" ", 1)[0] if " " in line else ""
    return line


def _title(article: Article) -> str:
    return cut_at_word(clean_text(article.title).strip() or "…", TITLE_LIMIT)


def _title_html(title: str, link: str | None) -> str:
    escaped = html.escape(title, quote=False)
    if link:
        return f'<b><a href="{html.escape(link, quote=True)}">{escaped}</a></b>'
    return f"<b>{escaped}</b>"


def article_message(
    article: Article, language: str | None = None, extra_buttons: Sequence[Button] = ()
) -> OutgoingMessage:
    """Bold linked title, summary, hashtags, a Read more button; a plain-text fallback."""
    title = _title(article)
    link = safe_link(article.link)
    tags = hashtags(article.tags)
    fixed = utf16_len(title) + (utf16_len(tags) + 2 if tags else 0) + 2
    body = render(article.summary_html, MAX_TEXT - fixed)
    parts = [_title_html(title, link)]
    plain_parts = [title]
    if body.plain.strip():
        parts.append(body.html)
        plain_parts.append(body.plain)
    if tags:
        parts.append(tags)
        plain_parts.append(tags)
    rows: list[tuple[Button, ...]] = []
    if link:
        rows.append((Button(text=text("read_more", language), url=link),))
    if extra_buttons:
        rows.append(tuple(extra_buttons))
    return OutgoingMessage(
        text="\n\n".join(parts),
        html=True,
        buttons=tuple(rows),
        fallback_text=plain_fallback(title, body.plain, tags, link),
    )


def plain_fallback(title: str, summary: str, tags: str, link: str | None) -> str:
    """The same message as plain text, within the limit."""
    tail = "\n\n".join(part for part in (tags, link or "") if part)
    room = MAX_TEXT - utf16_len(title) - (utf16_len(tail) + 2 if tail else 0) - 2
    summary = cut_at_word(summary, max(0, room))
    return "\n\n".join(part for part in (title, summary, tail) if part.strip())


def article_list(heading: str, articles: Sequence[Article], zone: tzinfo) -> OutgoingMessage:
    """A list of articles: linked titles, dates and a line of summary, within the limit."""
    blocks = [html.escape(heading, quote=False)]
    plain_blocks = [heading]
    used = utf16_len(heading)
    for article in articles:
        title = _title(article)
        when = article.published_at.astimezone(zone).strftime("%d/%m %H:%M")
        summary = cut_at_word(" ".join(article.summary.split()), LIST_SUMMARY_LIMIT)
        tags = hashtags(article.tags[:4])
        meta = f"{when} · {tags}" if tags else when
        plain = "\n".join(part for part in (title, meta, summary) if part)
        if used + utf16_len(plain) + 2 > MAX_TEXT:
            break
        used += utf16_len(plain) + 2
        lines = [_title_html(title, safe_link(article.link)), f"<i>{html.escape(meta)}</i>"]
        if summary:
            lines.append(html.escape(summary, quote=False))
        blocks.append("\n".join(lines))
        plain_blocks.append(plain)
    return OutgoingMessage(
        text="\n\n".join(blocks), html=True, fallback_text="\n\n".join(plain_blocks)
    )
