"""The Telegram-HTML check the tests share: what Telegram would refuse, and tags left visible."""

from __future__ import annotations

import re

from tests.fakes.http_bot_api_html import EntityParseError, parse_html, utf16_len

MAX_TEXT = 4096
# A tag as a reader would see it in the rendered text: `<p>`, `</b>`, `<a href="…">`, `<br/>`.
VISIBLE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")


def telegram_problem(text: str, *, html: bool, limit: int = MAX_TEXT) -> str | None:
    """Why Telegram would refuse `text` (sent with HTML parse mode or not), or None."""
    visible = text
    if html:
        try:
            visible, _ = parse_html(text)
        except EntityParseError as error:
            return f"can't parse entities: {error}"
    if not visible.strip():
        return "message text is empty"
    if utf16_len(visible) > limit:
        return f"message is too long ({utf16_len(visible)} > {limit})"
    return None


def visible(text: str, *, html: bool) -> str:
    """The text a reader sees."""
    return parse_html(text)[0] if html else text
