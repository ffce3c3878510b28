"""Which feed URLs the bot may fetch: http(s) only, no private or loopback addresses."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from bot.texts.articles import text

# host → the IP addresses it resolves to (empty when it does not resolve).
Resolver = Callable[[str], Awaitable[list[str]]]
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")
RESOLVE_TIMEOUT = 5.0


class BadFeedUrl(ValueError):
    """The URL may not be used as a feed; `reason` keys the sentence that says why
    (bot/texts/articles.py), `values` fill it; the message is the English one, for logs."""

    def __init__(self, reason: str, **values: str) -> None:
        super().__init__(text(reason, "en", **values))
        self.reason = reason
        self.values = values


def is_url(source: str) -> bool:
    """Whether a feed source is a URL (else it is a local file path)."""
    return "://" in source


def _private_ip(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%")[0])
    except ValueError:
        return False
    return not address.is_global or address.is_multicast


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL, stripped, if it is an http(s) URL to a public host; else `BadFeedUrl`."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadFeedUrl("url_invalid") from None
    if parts.scheme.lower() not in ("http", "https") or "://" not in url:
        raise BadFeedUrl("url_scheme")
    host = (parts.hostname or "").lower()
    if not host or any(char.isspace() for char in url) or (port is not None and port == 0):
        raise BadFeedUrl("url_invalid")
    if not allow_private and (
        host == "localhost" or host.endswith(PRIVATE_SUFFIXES) or _private_ip(host)
    ):
        raise BadFeedUrl("url_private")
    return url


async def system_resolver(host: str) -> list[str]:
    """The addresses of `host` from the system resolver (empty if it does not resolve)."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT):
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError):
        return []
    return [str(info[4][0]) for info in infos]


async def check_resolved(url: str, resolver: Resolver, *, allow_private: bool) -> None:
    """Refuse a URL whose host resolves to a private address (unless allowed)."""
    check_url(url, allow_private=allow_private)
    if allow_private:
        return
    host = urlsplit(url).hostname or ""
    if _private_ip(host):
        raise BadFeedUrl("url_private")
    for address in await resolver(host):
        if _private_ip(address):
            raise BadFeedUrl("url_resolves_private", host=host)
