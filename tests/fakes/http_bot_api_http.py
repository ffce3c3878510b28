"""Minimal HTTP/1.1 plumbing for the fake Bot API server: read requests, render responses and
decode Bot API parameters from query strings, JSON, form-urlencoded and multipart bodies.

PTB's ``HTTPXRequest`` sends ``application/x-www-form-urlencoded`` bodies whose non-string
values are JSON-encoded (``chat_id=42``, ``reply_markup={"inline_keyboard": ...}``), and
``multipart/form-data`` when files are uploaded (file parts are named after the parameter,
or referenced as ``attach://<name>``).
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote

# Parameters whose form values are always strings; everything else is JSON-decoded if possible.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "url",
        "query",
        "description",
        "short_description",
        "name",
        "title",
        "language_code",
        "action",
        "emoji",
        "custom_title",
        "secret_token",
        "next_offset",
        "photo",
        "document",
        "video",
        "audio",
        "animation",
        "voice",
        "sticker",
    }
)
_REASONS = {status.value: status.phrase for status in HTTPStatus}
_NAME_RE = re.compile(r'(?:^|[;\s])name="([^"]*)"')
_FILENAME_RE = re.compile(r'filename="([^"]*)"')
_BOUNDARY_RE = re.compile(r'boundary="?([^";]+)"?')


class BadHttpRequestError(Exception):
    """The request could not be parsed."""


@dataclass(slots=True)
class HttpRequest:
    """One parsed HTTP request."""

    verb: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    keep_alive: bool


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":
                pass
            return b"".join(chunks)
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def read_request(reader: asyncio.StreamReader) -> HttpRequest | None:
    """Read one request; None when the peer closed the connection between requests."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError as exc:
        raise BadHttpRequestError("header too large") from exc
    request_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
    parts = request_line.split(" ")
    if len(parts) != 3:
        raise BadHttpRequestError(f"bad request line {request_line!r}")
    verb, target, version = parts
    headers: dict[str, str] = {}
    for line in header_lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise BadHttpRequestError(f"bad Content-Length {length!r}")
        body = await reader.readexactly(int(length)) if length != "0" else b""
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    else:
        body = b""
    connection = headers.get("connection", "").lower()
    keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
    path, _, query = target.partition("?")
    return HttpRequest(verb.upper(), unquote(path), query, headers, body, keep_alive)


def render_response(status: int, body: bytes, *, keep_alive: bool = True) -> bytes:
    """Serialise a JSON response with a Content-Length header."""
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def decode_value(name: str, raw: str) -> Any:
    """Decode one form value the way Telegram would (JSON for non-string parameters)."""
    if name in STRING_FIELDS or not raw:
        return raw
    first = raw[0]
    if first in '{["-' or first.isdigit() or raw in ("true", "false", "null"):
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def parse_multipart(body: bytes, boundary: bytes) -> dict[str, Any]:
    """Parse ``multipart/form-data``; file parts become ``{"file_name", "mime_type", ...}``."""
    params: dict[str, Any] = {}
    for part in body.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        part_headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                part_headers[key.strip().lower()] = value.strip()
        disposition = part_headers.get("content-disposition", "")
        name_match = _NAME_RE.search(disposition)
        if name_match is None:
            continue
        name = name_match.group(1)
        file_match = _FILENAME_RE.search(disposition)
        if file_match is None:
            params[name] = decode_value(name, content.decode("utf-8"))
        else:
            params[name] = {
                "file_name": file_match.group(1),
                "mime_type": part_headers.get("content-type", "application/octet-stream"),
                "file_size": len(content),
            }
    return params


def decode_params(request: HttpRequest) -> dict[str, Any]:
    """All Bot API parameters of a request, nested objects decoded, attach:// resolved."""
    params: dict[str, Any] = {}
    if request.query:
        for key, value in parse_qsl(request.query, keep_blank_values=True):
            params[key] = decode_value(key, value)
    if not request.body:
        return params
    content_type = request.headers.get("content-type", "")
    kind = content_type.split(";", 1)[0].strip().lower()
    try:
        if kind == "application/json":
            data = json.loads(request.body)
            if not isinstance(data, dict):
                raise BadHttpRequestError("JSON body must be an object")
            for key, value in data.items():
                params[key] = decode_value(key, value) if isinstance(value, str) else value
        elif kind == "multipart/form-data":
            boundary = _BOUNDARY_RE.search(content_type)
            if boundary is None:
                raise BadHttpRequestError("multipart body without boundary")
            params.update(parse_multipart(request.body, boundary.group(1).encode("latin-1")))
        else:
            for key, value in parse_qsl(request.body.decode("utf-8"), keep_blank_values=True):
                params[key] = decode_value(key, value)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadHttpRequestError(str(exc)) from exc
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.pop(value.removeprefix("attach://"), value)
    return params
