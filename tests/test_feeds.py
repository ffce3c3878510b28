"""Feed polling against an in-process HTTP transport: conditional GET, dedup, bad input, backoff."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable

import httpx
import pytest

from bot.articles.feeds import backoff
from bot.articles.fetch import FeedFetcher
from bot.articles.parse import parse_feed
from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN, LISTENER

FEED_URL = "https://news.example.org/rss"
Handler = Callable[[httpx.Request], httpx.Response]


def rss(*items: str) -> bytes:
    """An RSS 2.0 document holding these <item> bodies."""
    body = "".join(f"<item>{item}</item>" for item in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{body}</channel></rss>'.encode()  # noqa: E501


def item(guid: str, title: str, text: str = "Some text", category: str = "belgian army") -> str:
    """One <item> with a guid, a title, a description and a category."""
    return (
        f"<guid>{guid}</guid><title>{title}</title><description>{text}</description>"
        f"<category>{category}</category><link>https://news.example.org/{guid}</link>"
    )


async def public(host: str) -> list[str]:
    """Every host resolves to a public address."""
    return ["93.184.216.34"]


class Server:
    """A scripted feed server: answers each request with the current handler, records them."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.handler: Handler = lambda request: httpx.Response(200, content=rss())

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


@pytest.fixture
async def server(harness: BotHarness) -> Server:
    """A feed server plugged into the running bot, with the feed added."""
    fake = Server()
    base_dir = harness.services.core.config.base_dir
    fetcher = FeedFetcher(base_dir, transport=httpx.MockTransport(fake), resolver=public)
    harness.services.get(ArticleService).set_fetcher(fetcher)
    await harness.services.get(ArticleService).add_feed(FEED_URL, 5)
    return fake


async def poll(harness: BotHarness, clock: FixedClock) -> None:
    """Let the feed's interval pass and poll what is due."""
    clock.advance(minutes=61)
    await harness.services.get(ArticleService).poll_due()


async def test_new_entries_after_the_first_poll_fan_out_once(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """The first poll stores the backlog; a later new entry reaches subscribers once."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe belgian army")
    server.handler = lambda r: httpx.Response(200, content=rss(item("1", "Old news")))
    await poll(harness, clock)
    server.handler = lambda r: httpx.Response(
        200, content=rss(item("2", "Fresh news"), item("1", "Old news"))
    )
    await poll(harness, clock)
    await poll(harness, clock)
    await harness.services.drain(2)
    texts = harness.replies(LISTENER.id)
    assert sum("Fresh news" in t for t in texts) == 1
    assert not any("Old news" in t for t in texts)


async def test_edited_entry_is_updated_not_resent(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """An entry whose guid comes back with a new title is updated in place, not sent again."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    server.handler = lambda r: httpx.Response(200, content=rss())
    await poll(harness, clock)
    server.handler = lambda r: httpx.Response(200, content=rss(item("7", "First title")))
    await poll(harness, clock)
    server.handler = lambda r: httpx.Response(200, content=rss(item("7", "Corrected title")))
    await poll(harness, clock)
    await harness.services.drain(2)
    assert sum("title" in t for t in harness.replies(LISTENER.id)) == 1
    [found] = await harness.services.get(ArticleService).search("corrected")
    assert found.title == "Corrected title"


async def test_conditional_get_uses_etag_and_304_costs_nothing(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """The ETag and Last-Modified come back as If-None-Match/If-Modified-Since; 304 is a success."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304)
        headers = {"ETag": '"v1"', "Last-Modified": "Mon, 30 Nov 2026 10:00:00 GMT"}
        return httpx.Response(200, content=rss(item("1", "A")), headers=headers)

    server.handler = answer
    await poll(harness, clock)
    await poll(harness, clock)
    assert server.requests[-1].headers["If-Modified-Since"] == "Mon, 30 Nov 2026 10:00:00 GMT"
    [feed] = [f for f in await harness.services.get(ArticleService).feeds() if f.source == FEED_URL]
    assert feed.failures == 0
    assert feed.last_success_at == clock.now()


@pytest.mark.parametrize(
    ("response", "detail", "reason"),
    [
        (
            httpx.Response(200, content=b"<?xml version='1.0'?><rss><channel><title>x</t"),
            "valid",
            "not_a_feed",
        ),
        (
            httpx.Response(200, content=b"<!doctype html><html><body>Hi</body></html>"),
            "HTML",
            "not_a_feed",
        ),
        (httpx.Response(500), "HTTP 500", "server_error"),
        (httpx.Response(404), "HTTP 404", "not_found"),
        (httpx.Response(403), "HTTP 403", "forbidden"),
        (httpx.Response(400), "HTTP 400", "http_refused"),
        (
            httpx.Response(200, content=b"x" * (5 * 1024 * 1024 + 1)),
            "larger than 5 MB",
            "too_large",
        ),
        (
            httpx.Response(200, headers={"Content-Length": str(50 * 1024 * 1024)}, content=b"x"),
            "larger than 5 MB",
            "too_large",
        ),
    ],
)
async def test_bad_documents_are_recorded_failures(
    harness: BotHarness,
    server: Server,
    clock: FixedClock,
    response: httpx.Response,
    detail: str,
    reason: str,
) -> None:
    """Broken XML, HTML pages, HTTP errors and huge bodies fail the poll cleanly, with a short
    reason and the technical detail."""
    server.handler = lambda r: response
    await poll(harness, clock)
    [feed] = [f for f in await harness.services.get(ArticleService).feeds() if f.source == FEED_URL]
    assert feed.failures == 1
    assert detail in (feed.last_error or "")
    assert feed.last_error_reason == reason


@pytest.mark.parametrize(
    ("cause", "reason"),
    [
        (ssl.SSLCertVerificationError("certificate verify failed"), "tls"),
        (socket.gaierror(-2, "Name or service not known"), "unknown_host"),
        (ConnectionRefusedError(111, "Connection refused"), "unreachable"),
    ],
)
async def test_network_failures_get_their_reason(
    harness: BotHarness, server: Server, clock: FixedClock, cause: OSError, reason: str
) -> None:
    """A TLS failure, an unknown host name and a refused connection are told apart."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(str(cause), request=request) from cause

    server.handler = fail
    await poll(harness, clock)
    [feed] = [f for f in await harness.services.get(ArticleService).feeds() if f.source == FEED_URL]
    assert feed.last_error_reason == reason
    assert str(cause) in (feed.last_error or "")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("fr", "dernière erreur : aucune page à cette adresse (introuvable)"),
        ("nl", "laatste fout: geen pagina op dit adres (niet gevonden)"),
        ("en", "last error: no page at this address (not found)"),
    ],
)
async def test_feeds_shows_the_reason_in_the_editors_language_and_logs_the_detail(
    harness: BotHarness,
    server: Server,
    clock: FixedClock,
    caplog: pytest.LogCaptureFixture,
    language: str,
    shown: str,
) -> None:
    """/feeds tells an editor why a feed fails in their language, with no HTTP jargon; the
    log has the technical detail."""
    server.handler = lambda r: httpx.Response(404)
    await poll(harness, clock)
    await harness.say(Person(ADMIN.id, "Editor", language), ADMIN.id, "/feeds")
    answer = harness.replies(ADMIN.id)[-1]
    assert shown in answer
    assert "HTTP" not in answer
    assert "HTTP 404" in caplog.text


async def test_redirect_loop_timeout_and_private_redirect_fail_cleanly(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """A redirect loop, a timeout and a redirect to a private address are recorded failures."""
    answers: list[Handler] = [
        lambda r: httpx.Response(302, headers={"Location": FEED_URL}),
        lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)),
        lambda r: httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"}),
    ]
    errors = []
    for handler in answers:
        server.handler = handler
        await poll(harness, clock)
        [feed] = [
            f for f in await harness.services.get(ArticleService).feeds() if f.source == FEED_URL
        ]
        errors.append(feed.last_error or "")
    assert "too many redirects" in errors[0]
    assert "timed out" in errors[1]
    assert "private" in errors[2]


async def test_failing_feed_backs_off_and_tells_admins_once(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """Failures double the wait up to an hour; the 10th failure in a row alerts admins once."""
    server.handler = lambda r: httpx.Response(503)
    for _ in range(12):
        await poll(harness, clock)
    [feed] = [f for f in await harness.services.get(ArticleService).feeds() if f.source == FEED_URL]
    assert feed.failures == 12
    assert feed.next_poll_at is not None
    assert (feed.next_poll_at - clock.now()).total_seconds() == 3600
    alerts = [t for t in harness.replies(ADMIN.id) if "failed" in t]
    assert len(alerts) == 1
    assert "the server has a problem of its own" in alerts[0]
    server.handler = lambda r: httpx.Response(200, content=rss())
    await poll(harness, clock)
    [feed] = [f for f in await harness.services.get(ArticleService).feeds() if f.source == FEED_URL]
    assert feed.failures == 0


def test_backoff_doubles_and_caps_at_an_hour() -> None:
    """5 min, then 10, 20, 40, then never more than 60 minutes."""
    minutes = [backoff(5, n).total_seconds() / 60 for n in range(6)]
    assert minutes == [5, 10, 20, 40, 60, 60]


async def test_only_due_feeds_are_polled(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """A feed is not fetched again before its interval has passed."""
    await poll(harness, clock)
    count = len(server.requests)
    await harness.services.get(ArticleService).poll_due()
    clock.advance(minutes=4)
    await harness.services.get(ArticleService).poll_due()
    assert len(server.requests) == count
    clock.advance(minutes=2)
    await harness.services.get(ArticleService).poll_due()
    assert len(server.requests) == count + 1


async def test_concurrent_polls_do_not_fetch_a_feed_twice(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """Two overlapping polling rounds fetch a due feed once."""
    clock.advance(minutes=61)
    await asyncio.gather(
        harness.services.get(ArticleService).poll_due(),
        harness.services.get(ArticleService).poll_due(),
    )
    assert len(server.requests) == 1


def test_entries_with_bad_parts_are_stored_cleanly_or_skipped() -> None:
    """Duplicate or missing guids, missing titles, odd dates, hostile HTML: clean drafts."""
    from datetime import UTC, datetime

    now = datetime(2026, 11, 30, 11, tzinfo=UTC)
    document = rss(
        item("dup", "One"),
        item("dup", "One again"),
        "<title>No guid</title><link>https://news.example.org/x</link>",
        "<title>No guid, no link</title><description>Text</description>",
        "<description>&lt;p&gt;Only a text, no title at all here&lt;/p&gt;</description>",
        "<guid>empty</guid>",
        "<guid>future</guid><title>Future</title><pubDate>Sat, 01 Jan 2100 00:00:00 GMT</pubDate>",
        "<guid>bad-date</guid><title>Bad date</title><pubDate>yesterday-ish</pubDate>",
        "<guid>h</guid><title>Hostile</title><description>&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;b onclick='x'&gt;bold&lt;/b&gt; &amp;nbsp; &amp;unknown;</description>",
    )
    parsed = parse_feed(document, now)
    keys = [d.dedup_key for d in parsed.drafts]
    assert keys.count("guid:dup") == 2  # the store keeps the first of a key
    assert "link:https://news.example.org/x" in keys
    assert any(k.startswith("hash:") for k in keys)
    assert any(d.title.startswith("Only a text") for d in parsed.drafts)
    assert len(parsed.skipped) == 1  # the entry with neither title nor text
    dates = {d.title: d.published_at for d in parsed.drafts}
    assert dates["Future"] == now
    assert dates["Bad date"] == now
    hostile = next(d for d in parsed.drafts if d.title == "Hostile")
    assert "script" not in hostile.summary_html
    assert "onclick" not in hostile.summary_html
    assert hostile.summary_html.startswith("<b>bold</b>")


async def test_big_feed_is_stored_without_duplicates(
    harness: BotHarness, server: Server, clock: FixedClock
) -> None:
    """A big feed (the benchmark takes 10,000) polled twice stores each entry once."""
    document = rss(*(item(str(n), f"Title {n}") for n in range(2_000)))
    server.handler = lambda r: httpx.Response(200, content=document)
    await poll(harness, clock)
    await poll(harness, clock)
    stats = await harness.services.get(ArticleService).stats()
    assert stats.articles == 2_000 + 3


async def test_feeds_writes_the_interval_as_the_language_writes_numbers(
    harness: BotHarness, server: Server
) -> None:
    """/feeds writes a feed's interval with the language's digit grouping."""
    await harness.services.get(ArticleService).add_feed("https://news.example.org/daily", 1440)
    await harness.say(Person(ADMIN.id, "Editor", "nl"), ADMIN.id, "/feeds")
    assert "(elke 1.440 min)" in harness.replies(ADMIN.id)[-1]
