"""Feed HTML → Telegram HTML: sanitised with nh3, re-rendered balanced, escaped and cut.

nh3 removes everything dangerous (scripts, styles, event attributes, odd URL schemes) and
repairs broken markup; the renderer below then emits only the nestings Telegram accepts,
escapes every text, and can stop at a visible-length budget without breaking a tag.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import nh3

INLINE_TAGS = frozenset({"b", "i", "u", "s"})
ALIASES = {"strong": "b", "em": "i", "ins": "u", "strike": "s", "del": "s", "tt": "code"}
BLOCK_BREAKS = {"p": 2, "div": 1, "br": 1, "li": 1, "tr": 1, "blockquote": 1}
BLOCK_BREAKS.update({f"h{level}": 2 for level in range(1, 7)})
SANITISE_TAGS = (
    set(INLINE_TAGS) | set(ALIASES) | set(BLOCK_BREAKS) | {"a", "code", "pre", "ul", "ol"}
)
ELLIPSIS = "…"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_HTTP = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
# nh3's output (and the renderer's own) is well-formed: tags, then escaped text.
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)|<")
_HREF = re.compile(r'href="([^"]*)"')
# Markup that shows as text once rendered: the feed escaped its HTML twice.
_VISIBLE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def prefix_within(text: str, units: int) -> str:
    """The longest prefix of `text` that is at most `units` UTF-16 code units."""
    if utf16_len(text) <= units:
        return text
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:index]
    return text


def cut_at_word(text: str, units: int) -> str:
    """`text` within `units`, cut at a word boundary with an ellipsis when it is too long."""
    if utf16_len(text) <= units:
        return text
    if units <= 0:
        return ""
    return shorten(text, units - 1)


def shorten(text: str, units: int) -> str:
    """At most `units` of `text`, cut at a word boundary, then an ellipsis (one more unit)."""
    head = prefix_within(text, max(0, units))
    space = head.rfind(" ")
    if space > len(head) // 2:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def clean_text(text: str) -> str:
    """Plain text without control characters (newlines and tabs stay)."""
    return _CONTROL.sub("", text)


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link Telegram can open, else None."""
    if not url:
        return None
    url = url.strip()
    return url if _HTTP.match(url) and len(url) <= 2000 else None


def sanitise(feed_html: str) -> str:
    """Feed HTML reduced by nh3 to tags the renderer understands, links to http(s) only."""
    return nh3.clean(
        clean_text(feed_html),
        tags=SANITISE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    )


@dataclass
class Rendered:
    """Telegram HTML and the plain text a reader sees, and whether it was cut."""

    html: str
    plain: str
    cut: bool = False


@dataclass
class _Open:
    tag: str  # the Telegram tag, or "" when dropped
    source: str  # the tag in the input


@dataclass
class _Renderer:
    budget: int
    base: str = ""
    parts: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    used: int = 0
    pending_break: int = 0
    done: bool = False
    cut: bool = False

    def feed(self, markup: str) -> None:
        for match in _TOKEN.finditer(markup):
            closing, tag, attrs, data = match.groups()
            if data is not None:
                self.handle_data(html.unescape(data))
            elif tag is None:
                self.handle_data("<")
            elif closing:
                self.handle_endtag(tag.lower())
            elif attrs.rstrip().endswith("/"):
                self.handle_startendtag(tag.lower())
            else:
                href = _HREF.search(attrs)
                self.handle_starttag(tag.lower(), html.unescape(href.group(1)) if href else None)

    # -- structure ---------------------------------------------------------------------------
    def _open_tags(self) -> set[str]:
        return {entry.tag for entry in self.stack if entry.tag}

    def _accept(self, tag: str) -> bool:
        """Whether Telegram accepts `tag` inside what is open now."""
        open_tags = self._open_tags()
        if open_tags & {"code", "pre"}:
            return False
        if tag in INLINE_TAGS:
            return True
        if tag == "a":
            return "a" not in open_tags
        return not open_tags  # code, pre and blockquote only at the top level

    def handle_starttag(self, tag: str, href_value: str | None) -> None:
        if self.done:
            return
        if tag in BLOCK_BREAKS and tag != "blockquote":
            self.pending_break = max(self.pending_break, BLOCK_BREAKS[tag])
            if tag == "li":
                self._text("• ", keep_space=True)
            if tag != "br":  # br has no end tag; the others do
                self.stack.append(_Open("", tag))
            return
        name = ALIASES.get(tag, tag)
        href = None
        if name == "a" and href_value:
            href = safe_link(urljoin(self.base, href_value.strip()) if self.base else href_value)
        if name == "blockquote":
            self.pending_break = max(self.pending_break, 1)
        keep = name in (INLINE_TAGS | {"a", "code", "pre", "blockquote"}) and self._accept(name)
        if name == "a" and href is None:
            keep = False
        if keep:
            self._flush_break()
            attr = f' href="{html.escape(href, quote=True)}"' if href else ""
            self.parts.append(f"<{name}{attr}>")
        self.stack.append(_Open(name if keep else "", tag))

    def handle_startendtag(self, tag: str) -> None:
        if tag == "br" and not self.done:
            self.pending_break = max(self.pending_break, 1)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].source == tag:
                while len(self.stack) > depth:
                    self._close(self.stack.pop())
                break
        if tag in BLOCK_BREAKS and not self.done:
            self.pending_break = max(self.pending_break, BLOCK_BREAKS[tag])

    def _close(self, entry: _Open) -> None:
        if entry.tag:
            self.parts.append(f"</{entry.tag}>")

    # -- text --------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        self._text(clean_text(data), keep_space="pre" in self._open_tags())

    def _flush_break(self) -> None:
        if self.pending_break and self.plain:
            newlines = "\n" * self.pending_break
            if self.used + len(newlines) < self.budget:
                self.parts.append(newlines)
                self.plain.append(newlines)
                self.used += len(newlines)
        self.pending_break = 0

    def _text(self, data: str, *, keep_space: bool = False) -> None:
        if self.done:
            return
        if not keep_space:
            data = _SPACES.sub(" ", data)
            at_line_start = not self.plain or self.pending_break or self.plain[-1].endswith("\n")
            if at_line_start:
                data = data.lstrip()
        if not data:
            return
        self._flush_break()
        room = self.budget - self.used
        if utf16_len(data) > room:
            data = shorten(data, room)  # the ellipsis uses the unit kept in reserve
            self.done = self.cut = True
        self.parts.append(html.escape(data, quote=False))
        self.plain.append(data)
        self.used += utf16_len(data)

    def result(self) -> Rendered:
        while self.stack:
            self._close(self.stack.pop())
        plain = "".join(self.plain).rstrip()
        rendered = "".join(self.parts)
        return Rendered(html=rendered.rstrip(" \n"), plain=plain, cut=self.cut)


def render(sanitised_html: str, budget: int, base: str = "") -> Rendered:
    """Telegram HTML of sanitised (or already rendered) HTML, at most `budget` visible units;
    relative links are resolved against `base`."""
    if budget <= 0:
        return Rendered(html="", plain="", cut=bool(sanitised_html))
    renderer = _Renderer(budget=budget - 1, base=base)  # one unit kept for an ellipsis
    renderer.feed(sanitised_html)
    return renderer.result()


def from_feed(feed_html: str, base: str = "") -> Rendered:
    """A feed entry's HTML as Telegram HTML and plain text, uncut.

    HTML escaped twice by its publisher (`&amp;lt;p&amp;gt;`) would show its tags as text:
    when the result still reads like markup, the text is taken as HTML once more.
    """
    rendered = _from_feed_once(feed_html, base)
    if _VISIBLE_TAG.search(rendered.plain):
        return _from_feed_once(rendered.plain, base)
    return rendered


def _from_feed_once(feed_html: str, base: str) -> Rendered:
    cleaned = sanitise(feed_html)
    if "<" not in cleaned:  # no markup left: plain text (the common case of titles)
        plain = _SPACES.sub(" ", html.unescape(cleaned)).strip()
        return Rendered(html=html.escape(plain, quote=False), plain=plain)
    return render(cleaned, budget=10**9, base=base)


def from_plain(text: str) -> Rendered:
    """Plain text (from /publish) as Telegram HTML and plain text, uncut."""
    cleaned = clean_text(text).strip()
    return Rendered(html=html.escape(cleaned, quote=False), plain=cleaned)


def fit_text(text: str, *, html_mode: bool, limit: int = 4096) -> str:
    """`text` within Telegram's `limit` as the reader sees it (UTF-16 units, after entity
    parsing), cut at a word boundary with an ellipsis; HTML tags stay balanced."""
    if utf16_len(text) <= limit:  # the raw text is never shorter than what it shows
        return text
    if not html_mode:
        return cut_at_word(text, limit)
    parts: list[str] = []
    open_tags: list[str] = []
    used, budget = 0, limit - 1  # one unit for the ellipsis
    for match in _TOKEN.finditer(text):
        closing, tag, _, data = match.groups()
        if tag is None:
            shown = html.unescape(data) if data is not None else "<"
            room = budget - used
            if utf16_len(shown) > room:
                parts.append(html.escape(shorten(shown, room), quote=False))
                break
            parts.append(match.group(0) if data is not None else "&lt;")
            used += utf16_len(shown)
        elif closing:
            if open_tags:
                open_tags.pop()
            parts.append(match.group(0))
        else:
            open_tags.append(tag)
            parts.append(match.group(0))
    parts.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(parts)
