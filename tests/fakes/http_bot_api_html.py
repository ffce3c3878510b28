"""Telegram-style ``parse_mode=HTML`` parsing for the fake Bot API server.

Mirrors the rules of https://core.telegram.org/bots/api#html-style closely enough to catch
broken messages: only the supported tags, balanced nesting, valid character entities and no
stray ``<``. Produces the visible text plus ``MessageEntity``-shaped dicts (UTF-16 offsets).
"""

from __future__ import annotations

import re
from typing import Any

TAG_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_SPECIAL = re.compile(r"[<&]")
_ATTR_SRC = r"[^\s=<>\"'/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?"
_OPEN_TAG = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+{_ATTR_SRC})*)\s*>")
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_CLOSE_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTR = re.compile(r"([^\s=<>\"'/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z][a-zA-Z0-9]{0,31}));")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message mimics Telegram's wording."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _error(message: str, text: str, index: int) -> EntityParseError:
    offset = len(text[:index].encode("utf-8"))
    return EntityParseError(f"{message} at byte offset {offset}")


def _entity_char(match: re.Match[str], text: str) -> str:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        if name not in NAMED_ENTITIES:
            raise _error(f'Unsupported HTML entity "&{name};"', text, match.start())
        return NAMED_ENTITIES[name]
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise _error("Invalid numeric character entity", text, match.start())
    return chr(code)


def _decode_attr(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            return _entity_char(match, value)
        except EntityParseError:
            return match.group(0)

    return _ENTITY.sub(replace, value) if "&" in value else value


def _attributes(source: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(source):
        name, dq, sq, bare = match.groups()
        attrs[name.lower()] = _decode_attr(dq if dq is not None else sq or bare or "")
    return attrs


_Open = tuple[str, dict[str, Any] | None, int]


def _open_entity(
    name: str, attrs: dict[str, str], stack: list[_Open], text: str, index: int
) -> dict[str, Any] | None:
    """Entity dict (without offset/length) for an opening tag, or None if it makes none."""
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _error('Tag "span" must have class "tg-spoiler"', text, index)
    if name == "a":
        href = attrs.get("href")
        return {"type": "text_link", "url": href} if href else None
    if name == "tg-emoji":
        if not attrs.get("emoji-id"):
            raise _error('Tag "tg-emoji" must have attribute "emoji-id"', text, index)
        return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
    if name == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    if name == "code" and stack and stack[-1][0] == "pre":
        language = attrs.get("class", "")
        pre_entity = stack[-1][1]
        if language.startswith("language-") and pre_entity is not None:
            pre_entity["language"] = language.removeprefix("language-")
        return None
    return {"type": TAG_TYPES[name]}


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Return ``(visible_text, entities)`` or raise :class:`EntityParseError`."""
    out: list[str] = []
    offset = 0
    pos = 0
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    while True:
        special = _SPECIAL.search(text, pos)
        end = special.start() if special else len(text)
        if end > pos:
            chunk = text[pos:end]
            out.append(chunk)
            offset += utf16_len(chunk)
        if special is None:
            break
        if text[end] == "&":
            entity_match = _ENTITY.match(text, end)
            if entity_match is None:
                raise _error('Character entity expected; use "&amp;" for "&"', text, end)
            char = _entity_char(entity_match, text)
            out.append(char)
            offset += utf16_len(char)
            pos = entity_match.end()
        elif text.startswith("</", end):
            close = _CLOSE_TAG.match(text, end)
            if close is None:
                raise _error("Unclosed end tag", text, end)
            name = close.group(1).lower()
            if not stack:
                raise _error(f'Unexpected end tag "</{name}>"', text, end)
            open_name, entity, start = stack.pop()
            if open_name != name:
                raise _error(
                    f'Unmatched end tag, expected "</{open_name}>", found "</{name}>"', text, end
                )
            if entity is not None and offset > start:
                entity["offset"] = start
                entity["length"] = offset - start
                entities.append(entity)
            pos = close.end()
        else:
            opening = _OPEN_TAG.match(text, end)
            if opening is None:
                named = _TAG_NAME.match(text, end)
                if named is None:
                    raise _error('Unexpected "<"; use "&lt;" for a literal "<"', text, end)
                raise _error(f'Unclosed start tag "{named.group(1)}"', text, end)
            name = opening.group(1).lower()
            if name not in TAG_TYPES:
                raise _error(f'Unsupported start tag "{name}"', text, end)
            entity = _open_entity(name, _attributes(opening.group(2)), stack, text, end)
            stack.append((name, entity, offset))
            pos = opening.end()
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda item: (item["offset"], -item["length"]))
    return "".join(out), entities


def render_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Visible text and entities for ``text`` sent with ``parse_mode`` (only HTML is parsed)."""
    if parse_mode and parse_mode.lower() == "html":
        return parse_html(text)
    return text, list(entities or [])
