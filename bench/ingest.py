"""`ingest`: a big RSS feed parsed (feedparser), deduplicated and stored (SQLite + FTS5)."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.articles.parallel_parse import FeedParser
from storage.articles import ArticleRepository
from storage.db import Database

TOPICS = ["war in ukraine", "belgian army", "donald trump", "europe", "economy", "culture"]


def feed_document(entries: int) -> bytes:
    """An RSS 2.0 feed like a newsroom's: HTML summaries, categories, dates, 1% repeated guids."""
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    items = []
    for n in range(entries):
        guid = n - 1 if n % 100 == 99 else n  # a repeated guid every 100 entries
        when = (start - timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(
            f"<item><title>Article {n}: ministers meet &amp; talk</title>"
            f"<link>https://example.org/news/{guid}</link><guid>news-{guid}</guid>"
            f"<description>&lt;p&gt;Paragraph about &lt;b&gt;topic {n % 50}&lt;/b&gt; with "
            f"&lt;a href='https://example.org/x'&gt;a link&lt;/a&gt; and more words to read, "
            f"as a real summary would have.&lt;/p&gt;</description>"
            f"<category>{TOPICS[n % len(TOPICS)]}</category><category>news</category>"
            f"<pubDate>{when}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Bench</title>{''.join(items)}</channel></rss>"
    ).encode()


async def run_ingest(quick: bool) -> dict[str, Any]:
    """Time parsing + dedup + storing, then a re-poll of the same feed, then /latest."""
    entries = 2_000 if quick else 10_000
    document = feed_document(entries)
    now = datetime(2026, 11, 30, 13, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            articles = ArticleRepository(db)
            parser = FeedParser()
            cold_started = time.perf_counter()
            await parser.warm()  # a running bot keeps its parser processes after the first feed
            warm_s = time.perf_counter() - cold_started
            started = time.perf_counter()
            parsed = await parser.parse(document, now)
            parsed_at = time.perf_counter()
            first = await articles.store(parsed.drafts, None, now)
            stored_at = time.perf_counter()
            again = await articles.store((await parser.parse(document, now)).drafts, None, now)
            repoll_at = time.perf_counter()
            parser.close()
            latest_times = []
            for _ in range(20):
                tick = time.perf_counter()
                await articles.latest(20)
                latest_times.append((time.perf_counter() - tick) * 1000)
            search_tick = time.perf_counter()
            await articles.search('"ministers" "topic"', 10)
            search_ms = (time.perf_counter() - search_tick) * 1000
        finally:
            await db.close()
    total = stored_at - started
    return {
        "entries": entries,
        "stored": len(first.new),
        "duplicates_skipped": entries - len(first.new),
        "entries_per_s": round(entries / total),
        "entries_per_s_with_process_start": round(entries / (total + warm_s)),
        "parser_processes": os.cpu_count(),
        "parse_s": round(parsed_at - started, 3),
        "store_s": round(stored_at - parsed_at, 3),
        "repoll_entries_per_s": round(entries / (repoll_at - stored_at)),
        "repoll_new": len(again.new),
        "latest_ms_p50": round(sorted(latest_times)[len(latest_times) // 2], 2),
        "search_ms": round(search_ms, 2),
        "goal_entries_per_s": 2000,
    }
