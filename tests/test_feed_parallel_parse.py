"""Big feeds are parsed in parts on every core, with the same result as one parse."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.ingest import feed_document
from bot.articles.parallel_parse import SPLIT_FROM_ENTRIES, FeedParser, split_document
from bot.articles.parse import parse_feed

NOW = datetime(2026, 11, 30, 13, tzinfo=UTC)


def test_small_feed_is_not_split() -> None:
    """A feed below the threshold is parsed whole."""
    assert split_document(feed_document(SPLIT_FROM_ENTRIES - 1), 2) is None


def test_entry_tag_inside_text_prevents_splitting() -> None:
    """An entry tag written inside CDATA makes the split refuse to guess."""
    document = feed_document(SPLIT_FROM_ENTRIES + 10).replace(
        b"<title>Article 5:", b"<title><![CDATA[<item> inside]]> Article 5:", 1
    )
    assert split_document(document, 2) is None


async def test_split_parse_matches_a_whole_parse() -> None:
    """Parsing a 3,000-entry feed in two processes gives the same drafts in the same order."""
    document = feed_document(3000)
    parser = FeedParser(workers=2)
    try:
        parts = await parser.parse(document, NOW)
    finally:
        parser.close()
    whole = parse_feed(document, NOW)
    assert [d.dedup_key for d in parts.drafts] == [d.dedup_key for d in whole.drafts]
    assert parts.drafts == whole.drafts
    assert parts.title == whole.title
