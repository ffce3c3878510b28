"""Checks text the way Telegram's HTML parse mode does, so the stand-in rejects what it would."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
     "code", "pre", "blockquote", "tg-emoji"}
)  # fmt: skip
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class HtmlProblem(ValueError):
    """Telegram would answer "can't parse entities"."""


class _Checker(HTMLParser):
    def __init__(self, show_links: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.show_links = show_links
        self.stack: list[str] = []
        self.links: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise HtmlProblem(f"unsupported start tag {tag!r}")
        self.stack.append(tag)
        self.links.append(dict(attrs).get("href") or "" if tag == "a" else "")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlProblem(f"unexpected end tag {tag!r}")
        self.stack.pop()
        link = self.links.pop()
        if link and self.show_links:
            self.visible.append(f" ⟨{link}⟩")

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise HtmlProblem("unescaped '<' or '>'")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise HtmlProblem(f"unsupported entity &{name};")
        self.visible.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.visible.append(html.unescape(f"&#{name};"))


def visible_text(markup: str, *, show_links: bool = False) -> str:
    """The text a user sees once Telegram parsed the HTML; raises `HtmlProblem`."""
    stripped = ENTITY.sub("", markup)
    if "&" in stripped:
        raise HtmlProblem("'&' does not start an entity")
    checker = _Checker(show_links)
    checker.feed(markup)
    checker.close()
    if checker.stack:
        raise HtmlProblem(f"can't find end tag for {checker.stack[-1]!r}")
    return "".join(checker.visible)
