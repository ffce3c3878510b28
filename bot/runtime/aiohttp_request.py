"""python-telegram-bot's HTTP calls over aiohttp: a `BaseRequest` with keep-alive connections.

Measured on the fan-out benchmark (bench/fanout_unlimited.py), aiohttp costs about a tenth of
the CPU per call of PTB's own `HTTPXRequest` (httpcore checks every pooled connection on each
request): with it the bot sends several times faster on the same cores. The parameters go as
one JSON object (`RequestData.json_payload`, which the Bot API accepts), encoded once and
handed to aiohttp as bytes; a call with files goes as multipart form data, as with HTTPX.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Sends with a file wait longer for their upload, as in HTTPXRequest.
MEDIA_WRITE_TIMEOUT_S = 20.0


class AiohttpRequest(BaseRequest):
    """One aiohttp session with up to `connection_pool_size` keep-alive connections.

    The timeouts mean what they mean for `HTTPXRequest`: `connect_timeout` to open a
    connection, `pool_timeout` to wait for a free one, `read_timeout` between two reads of the
    answer. aiohttp has no write timeout: a request's body is small, except when it uploads
    a file, whose answer may then take `write_timeout` (20 s by default) more to start.
    """

    __slots__ = ("_connect", "_limit", "_pool", "_read", "_session")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._limit = connection_pool_size
        self._read = read_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The read timeout used when a call does not give its own."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._limit, limit_per_host=self._limit)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),  # the Bot API sets none
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; (HTTP status, body). Errors become PTB's `TimedOut`/`NetworkError`
        with the URL (which holds the token) left out of their text."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        read = _given(read_timeout, self._read)
        if files:
            read = _add(read, _given(write_timeout, MEDIA_WRITE_TIMEOUT_S))
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_add(_given(pool_timeout, self._pool), _given(connect_timeout, self._connect)),
            sock_connect=_given(connect_timeout, self._connect),
            sock_read=read,
        )
        data, headers = _body(request_data)
        try:
            async with session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as error:
            raise TimedOut(_scrub(error, url)) from None
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {_scrub(error, url)}") from None


def _given(value: object, default: float | None) -> float | None:
    """A call's own timeout, or the default when it gave none (`BaseRequest.DEFAULT_NONE`)."""
    if value is BaseRequest.DEFAULT_NONE:
        return default
    if value is None:
        return None
    if not isinstance(value, int | float):
        raise TypeError(f"a timeout must be a number of seconds or None, not {value!r}")
    return float(value)


def _add(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else first + second


_JSON = {"Content-Type": "application/json"}


def _body(request_data: RequestData | None) -> tuple[Any, dict[str, str] | None]:
    """The request body and its headers: JSON, or multipart form data with the files."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return request_data.json_payload, _JSON
    form = aiohttp.FormData(request_data.json_parameters, quote_fields=False)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None


def _scrub(error: BaseException, url: str) -> str:
    """The error's text without the request URL (it holds the bot token)."""
    base = url.split("/bot", 1)[0]
    return (str(error) or type(error).__name__).replace(url, f"{base}/bot<token>/...")
