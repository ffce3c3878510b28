"""The feed regression corpus: real publishers' feed shapes, each shown as written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.articles.fetch import FeedFetcher
from bot.articles.formatting import article_message
from bot.articles.parse import parse_feed
from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.runtime.console.harness import BotHarness
from storage.article_models import Article
from tests.conftest import LISTENER
from tests.telegram_check import VISIBLE_TAG, telegram_problem, visible

CORPUS = Path(__file__).parent / "feed_corpus"
FILES = sorted(CORPUS.glob("*.xml"))
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
# Entries whose feed declares the text as plain text: a tag there is the author's words.
DECLARED_PLAIN = {"atom_plain_content_declared_text.xml", "atom_plain_summary_declared_text.xml"}


def messages(path: Path) -> list[tuple[str, str, str]]:
    """(html, fallback, title) of the message each entry of the file becomes."""
    parsed = parse_feed(path.read_bytes(), NOW)
    found = []
    for number, draft in enumerate(parsed.drafts, start=1):
        article = Article(id=number, **draft.model_dump(exclude={"dedup_key", "content_hash"}))
        message = article_message(article, "fr")
        found.append((message.text, message.fallback_text or "", article.title))
    return found


def test_corpus_is_big_enough() -> None:
    """The corpus holds at least 40 feed files."""
    assert len(FILES) >= 40


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_corpus_messages_are_valid_and_show_no_markup(path: Path) -> None:
    """Every entry becomes a valid Telegram message with no tag shown as text (unless the
    feed declared the text plain), and with its text kept."""
    found = messages(path)
    assert found, f"{path.name}: no entry read"
    for text, fallback, title in found:
        assert telegram_problem(text, html=True) is None
        assert telegram_problem(fallback, html=False) is None
        shown = visible(text, html=True)
        assert title in shown
        if path.name in DECLARED_PLAIN:
            assert VISIBLE_TAG.search(shown), "a declared plain text keeps its angle brackets"
        else:
            assert VISIBLE_TAG.search(shown) is None, shown
            assert "&lt;" not in shown
            assert "&amp;" not in shown


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("atom_content_html_only.xml", "Le gouvernement a approuvé le budget"),
        ("atom_content_xhtml.xml", "Suite importante"),
        ("rss20_content_encoded_only.xml", "Le gouvernement a approuvé"),
        ("rss20_double_escaped.xml", "Le gouvernement a approuvé"),
        ("rss20_less_than_in_text.xml", "Inflation < 3% and growth > 1%"),
        ("rss20_entities.xml", "Café crème © 2026"),
    ],
)
def test_text_reads_as_written(name: str, expected: str) -> None:
    """The entry's text reaches the reader as the publisher wrote it."""
    [(text, _, _), *_] = messages(CORPUS / name)
    assert expected in visible(text, html=True).replace("\xa0", " ")


def test_content_html_keeps_its_formatting() -> None:
    """HTML content (Atom content, RSS content:encoded) keeps bold and links as entities."""
    [(text, _, _)] = messages(CORPUS / "atom_content_html_only.xml")
    assert "<b>approuvé</b>" in text
    assert '<a href="https://news.example.org/budget">lire</a>' in text


def test_relative_links_resolve_against_xml_base() -> None:
    """Relative links in content resolve against the content's xml:base."""
    [(text, _, _)] = messages(CORPUS / "atom_xml_base_relative_links.xml")
    assert '<a href="https://news.example.org/economy/budget">' in text
    assert '<a href="https://news.example.org/live">' in text


async def public(host: str) -> list[str]:
    """Every host resolves to a public address."""
    return ["93.184.216.34"]


@pytest.mark.parametrize(
    "name",
    ["atom_content_html_only.xml", "rss20_content_encoded_escaped_only.xml"],
)
async def test_delivered_feed_article_shows_no_markup(
    harness: BotHarness, clock: FixedClock, name: str
) -> None:
    """A content-only entry polled by the running bot reaches a subscriber without markup."""
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    documents = [empty]
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=documents[-1]))
    base_dir = harness.services.core.config.base_dir
    fetcher = FeedFetcher(base_dir, transport=transport, resolver=public)
    harness.services.get(ArticleService).set_fetcher(fetcher)
    await harness.services.get(ArticleService).add_feed("https://news.example.org/feed", 5)
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    for document in (empty, (CORPUS / name).read_bytes()):  # the first poll only primes
        documents.append(document)
        clock.advance(minutes=61)
        await harness.services.get(ArticleService).poll_due()
    await harness.services.drain(2)
    delivered = [m for m in harness.api.sent(LISTENER.id) if "news.example.org/a/" in m.text]
    assert delivered
    for message in delivered:
        assert telegram_problem(message.text, html=message.html) is None
        shown = visible(message.text, html=message.html)
        assert "Le gouvernement a approuvé le budget" in shown
        assert VISIBLE_TAG.search(shown) is None
