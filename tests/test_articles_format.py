"""Article messages are valid Telegram HTML within 4096 characters, whatever the feed holds."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.articles.formatting import article_list, article_message, hashtag
from bot.articles.telegram_html import from_feed, utf16_len
from bot.runtime.console.telegram_html import visible_text
from storage.article_models import Article

WHEN = datetime(2026, 11, 30, 11, tzinfo=UTC)
HTML_BITS = st.sampled_from(
    ["<b>", "</b>", "<i>", "<a href='https://x.org/?a=1&b=2'>", "</a>", "<script>alert(1)</script>",
     "<pre>", "</pre>", "<code>", "<p>", "</p>", "<br>", "&nbsp;", "&foo;", "&amp;", "<", ">", "&",
     "<blockquote>", "</blockquote>", "<a href='javascript:alert(1)'>", "<img src=x onerror=y>",
     "<ul><li>", "</li></ul>", "<style>p{}</style>", "<!-- c -->", "🎙", " ", "\n", "word "]
)  # fmt: skip
FEED_HTML = st.lists(st.one_of(HTML_BITS, st.text(max_size=30)), max_size=60).map("".join)


def _article(title: str, body_html: str, tags: list[str], link: str | None) -> Article:
    body = from_feed(body_html)
    return Article(
        id=1, title=title, summary=body.plain, summary_html=body.html, tags=tuple(tags),
        link=link, published_at=WHEN,
    )  # fmt: skip


def _check(text: str, html: bool) -> None:
    visible = visible_text(text) if html else text
    assert visible.strip()
    assert utf16_len(visible) <= 4096


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(max_size=400),
    body=FEED_HTML,
    tags=st.lists(st.text(max_size=40), max_size=20),
    link=st.one_of(st.none(), st.just('https://example.org/a?b=1&c="2"'), st.text(max_size=20)),
)
def test_any_article_gives_valid_telegram_html(
    title: str, body: str, tags: list[str], link: str | None
) -> None:
    """Any title, hostile HTML summary, tags and link give valid HTML and plain text ≤ 4096."""
    message = article_message(_article(title, body, tags, link))
    _check(message.text, html=True)
    assert message.fallback_text is not None
    _check(message.fallback_text, html=False)
    for row in message.buttons:
        for button in row:
            assert button.url is None or button.url.startswith("https://")


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(min_value=3000, max_value=20000),
    word=st.sampled_from(["ab ", "🎙é ", "x&amp;y "]),
)
def test_long_summaries_are_cut_at_a_word_with_an_ellipsis(size: int, word: str) -> None:
    """A huge summary is cut to fit, at a word boundary, ending with an ellipsis."""
    message = article_message(_article("Title", f"<p>{word * size}</p>", ["tag"], None))
    visible = visible_text(message.text)
    assert utf16_len(visible) <= 4096
    body = visible.split("\n\n")[1]
    assert body.endswith("…")


def test_script_and_unsafe_links_are_removed() -> None:
    """Scripts disappear, javascript: links lose their tag, unknown entities are escaped."""
    message = article_message(
        _article(
            "T", "<p>Hi<script>alert(1)</script> <a href='javascript:x'>y</a> &bogus;</p>", [], None
        )
    )
    assert "script" not in message.text
    assert "javascript" not in message.text
    assert "&amp;bogus;" in message.text
    visible_text(message.text)


def test_hashtags_from_tags() -> None:
    """Tags become hashtags with underscores; punctuation-only tags are dropped."""
    assert hashtag("war in ukraine") == "#war_in_ukraine"
    assert hashtag("!!!") == ""


@settings(max_examples=30, deadline=None)
@given(titles=st.lists(st.text(min_size=1, max_size=500), min_size=1, max_size=20))
def test_article_lists_stay_valid(titles: list[str]) -> None:
    """/latest lists are valid HTML within the limit whatever the titles."""
    articles = [_article(t, "<p>" + "word " * 100 + "</p>", ["a b"], None) for t in titles]
    message = article_list("The latest articles:", articles, ZoneInfo("Europe/Brussels"))
    _check(message.text, html=True)
