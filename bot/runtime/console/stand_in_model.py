"""What the in-memory Bot API remembers and checks: the calls made, the messages and chats it
keeps, what it shows the console, its error answers, and Telegram's rules on texts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.runtime.console.telegram_html import HtmlProblem, visible_text

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Radio news", "username": "radionews_bot"}
MAX_TEXT = 4096
MAX_CAPTION = 1024
Json = dict[str, Any]


# Files whose text the stand-in keeps (what the user would open), up to this size.
TEXT_FILES = (".csv", ".ics")
MAX_KEPT_TEXT = 64 * 1024


@dataclass
class ApiCall:
    """One Bot API call the application made."""

    method: str
    params: Json


@dataclass
class StoredMessage:
    """A message the bot sent, as the stand-in remembers it."""

    chat_id: int
    message_id: int
    text: str
    reply_markup: Json | None
    kind: str = "text"
    edits: int = 0
    html: bool = False

    @property
    def shown(self) -> str:
        """The text as the listener sees it: HTML rendered, links shown after their text."""
        return visible_text(self.text, show_links=True) if self.html else self.text

    def buttons(self) -> list[Json]:
        """The inline buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    def keyboard(self) -> list[str]:
        """The reply-keyboard buttons' texts, row after row."""
        rows = (self.reply_markup or {}).get("keyboard") or []
        return [b["text"] if isinstance(b, dict) else str(b) for row in rows for b in row]


@dataclass
class Output:
    """Something the bot showed: a new message, an edit, a file, or a toast."""

    kind: str  # "send", "edit", "file", "toast", "inline"
    chat_id: int | None
    message: StoredMessage | None = None
    text: str = ""
    content: str = ""  # a text file's text (a CSV, a calendar), as the user would open it


class ApiError(Exception):
    """A Bot API error answer."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class Fault:
    """An error the stand-in answers instead of the next calls of a method."""

    method: str
    error: ApiError
    chat_id: int | None
    times: int


@dataclass
class ChatModel:
    """A chat the stand-in knows: its type and its admins."""

    id: int
    type: str
    title: str | None = None
    admins: set[int] = field(default_factory=set)


def chat_id_of(params: Json) -> int | None:
    """The chat a call is about: its `chat_id`, or its command scope's (setMyCommands)."""
    scope = params.get("scope")
    value = params.get("chat_id", scope.get("chat_id") if isinstance(scope, dict) else None)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def parse_markup(markup: Any) -> Json | None:
    """A reply_markup parameter as a dict (PTB may hand it over as JSON text)."""
    if isinstance(markup, str):
        markup = json.loads(markup)
    return markup if isinstance(markup, dict) else None


def check_caption(caption: str, parse_mode: Any) -> None:
    """Captions may be empty, but not invalid nor longer than 1024 characters."""
    if caption:
        check_text(caption, parse_mode, limit=MAX_CAPTION)


def check_text(text: str, parse_mode: Any, limit: int = MAX_TEXT) -> None:
    """Refuse what Telegram refuses: empty, too long, or HTML it cannot parse."""
    visible = text
    if parse_mode == "HTML":
        try:
            visible = visible_text(text)
        except HtmlProblem as problem:
            raise ApiError(400, f"Bad Request: can't parse entities: {problem}") from None
    if not visible.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(visible.encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, "Bad Request: message is too long")


def file_record(filename: str, data: bytes) -> Json:
    """What the stand-in keeps of a sent file: its name and size, and the text of a text file
    (a CSV, a calendar), so that tests and the console can read what a user would open."""
    record: Json = {"filename": filename, "size": len(data)}
    if filename.endswith(TEXT_FILES) and len(data) <= MAX_KEPT_TEXT:
        record["text"] = data.decode("utf-8-sig", errors="replace")
    return record
