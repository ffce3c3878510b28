"""Fetching feed documents: http(s) with conditional GET, a timeout and a size cap, or files."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.articles.urls import BadFeedUrl, Resolver, check_resolved, is_url, system_resolver
from storage.article_models import Feed

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_S = 20.0
TOTAL_TIMEOUT_S = 60.0
MAX_REDIRECTS = 5
USER_AGENT = "radiobot/0.1 (news companion bot; feed reader)"


class FetchError(Exception):
    """The feed could not be fetched. `reason` is a short key an editor sees in their language
    (`feed_reason_*` in bot/texts/articles.py); the message is the technical detail, for the
    log."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        return self.detail


def http_status_reason(status: int) -> str:
    """The reason key of an HTTP error status."""
    if status in (404, 410):
        return "not_found"
    if status in (401, 403, 451):
        return "forbidden"
    if status >= 500:
        return "server_error"
    return "http_refused"


def network_reason(error: BaseException) -> str:
    """The reason key of a network failure: a TLS problem, an unknown host name, or a server
    that could not be reached (httpx keeps the original error as the cause)."""
    seen: BaseException | None = error
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLError):
            return "tls"
        if isinstance(seen, socket.gaierror):
            return "unknown_host"
        seen = seen.__cause__ or seen.__context__
    return "unreachable"


@dataclass(frozen=True)
class Fetched:
    """A feed document (None: not modified since last time) and its validators."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


class FeedFetcher:
    """Fetches feed sources; `transport` and `resolver` are swapped in by tests."""

    def __init__(
        self,
        base_dir: Path,
        *,
        allow_private: bool = False,
        transport: httpx.AsyncBaseTransport | None = None,
        resolver: Resolver = system_resolver,
        max_bytes: int = MAX_BYTES,
        timeout: float = TIMEOUT_S,
    ) -> None:
        self._base_dir = base_dir
        self._allow_private = allow_private
        self._transport = transport
        self._resolver = resolver
        self.max_bytes = max_bytes
        self._timeout = timeout

    @property
    def resolver(self) -> Resolver:
        """How host names are resolved (to refuse private addresses)."""
        return self._resolver

    async def fetch(self, feed: Feed) -> Fetched:
        """The feed's document; raises `FetchError` with a one-line reason."""
        if is_url(feed.source):
            try:
                async with asyncio.timeout(TOTAL_TIMEOUT_S):
                    return await self._fetch_url(feed)
            except TimeoutError:
                raise FetchError("timeout", "timed out") from None
        return await asyncio.to_thread(self._read_file, feed)

    def local_path(self, source: str) -> Path:
        """Where a local feed file is (relative paths from the config's folder)."""
        path = Path(source).expanduser()
        return path if path.is_absolute() else self._base_dir / path

    def _read_file(self, feed: Feed) -> Fetched:
        path = self.local_path(feed.source)
        try:
            stat = path.stat()
            if stat.st_size > self.max_bytes:
                raise FetchError(
                    "too_large", f"file is larger than {self.max_bytes // 1_000_000} MB"
                )
            stamp = str(stat.st_mtime_ns)
            if feed.last_modified == stamp and feed.primed:
                return Fetched(body=None)
            with path.open("rb") as handle:
                body = handle.read(self.max_bytes + 1)
        except OSError as error:
            raise FetchError("unreadable_file", f"cannot read {path}: {error.strerror}") from None
        if len(body) > self.max_bytes:
            raise FetchError("too_large", f"file is larger than {self.max_bytes // 1_000_000} MB")
        return Fetched(body=body, last_modified=stamp)

    async def _check_request(self, request: httpx.Request) -> None:
        try:
            await check_resolved(
                str(request.url), self._resolver, allow_private=self._allow_private
            )
        except BadFeedUrl as refused:
            raise FetchError("refused_address", f"refused {request.url.host}: {refused}") from None

    async def _fetch_url(self, feed: Feed) -> Fetched:
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        }
        if feed.primed and feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.primed and feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        client = httpx.AsyncClient(
            transport=self._transport,
            timeout=httpx.Timeout(self._timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            event_hooks={"request": [self._check_request]},
        )
        try:
            async with client, client.stream("GET", feed.source, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(body=None)
                if response.status_code >= 400:
                    raise FetchError(
                        http_status_reason(response.status_code), f"HTTP {response.status_code}"
                    )
                if response.status_code >= 300:
                    raise FetchError(
                        "redirects", f"HTTP {response.status_code} without a usable redirect"
                    )
                body = await self._read_capped(response)
                return Fetched(
                    body=body,
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                )
        except httpx.TooManyRedirects:
            raise FetchError("redirects", "too many redirects") from None
        except httpx.TimeoutException:
            raise FetchError("timeout", "timed out") from None
        except httpx.InvalidURL as error:
            raise FetchError("invalid_url", f"invalid URL: {error}") from None
        except httpx.HTTPError as error:
            detail = f"network error: {type(error).__name__}: {error}"[:300]
            raise FetchError(network_reason(error), detail) from None

    async def _read_capped(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        too_big = f"response is larger than {self.max_bytes // 1_000_000} MB"
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError("too_large", too_big)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError("too_large", too_big)
            chunks.append(chunk)
        return b"".join(chunks)
