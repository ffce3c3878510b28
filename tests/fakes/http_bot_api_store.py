"""Recorded state of the fake Bot API server: the call log and the per-chat message store."""

from __future__ import annotations

import itertools
import time
import zlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

ChatId = int | str
SUPERGROUP_ID_BELOW = -1_000_000_000_000
DROPPED = 0  # RecordedCall.status of a request whose connection was dropped (timeout fault)


def normalize_chat_id(value: Any) -> ChatId | None:
    """``chat_id`` as int (numeric strings too) or ``@username`` string; None if missing."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.lstrip("-").isdigit() else text


def chat_json(chat_id: ChatId) -> dict[str, Any]:
    """A ``Chat``: private for ids > 0, group for < 0, supergroup below -10**12."""
    if isinstance(chat_id, str):
        fake_id = SUPERGROUP_ID_BELOW - zlib.crc32(chat_id.encode())
        return {"id": fake_id, "type": "channel", "title": chat_id, "username": chat_id[1:]}
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
    kind = "supergroup" if chat_id < SUPERGROUP_ID_BELOW else "group"
    return {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}


def user_json(user_id: int) -> dict[str, Any]:
    """A human ``User`` object."""
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


@dataclass(slots=True)
class RecordedCall:
    """One Bot API call. ``time`` is ``time.monotonic()``; ``status`` 0 means dropped."""

    method: str
    params: dict[str, Any]
    time: float
    status: int
    chat_id: ChatId | None = None
    fault: str | None = None  # fail_next | inject_429 | 5xx | timeout | migrated | blocked | flood
    description: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the call was answered with ``{"ok": true}``."""
        return self.status == 200


class CallLog:
    """Every call in order (``calls``) plus per ``(method, status)`` counters."""

    def __init__(self, max_calls: int | None = None) -> None:
        self.max_calls = max_calls
        self.calls: list[RecordedCall] = []
        self.calls_dropped = 0  # calls trimmed from the front because of max_calls
        self.http_429 = 0
        self.status_counts: Counter[tuple[str, int]] = Counter()

    def clear_log(self) -> None:
        """Forget all recorded calls and counters."""
        self.calls, self.calls_dropped, self.http_429 = [], 0, 0
        self.status_counts = Counter()

    def record(
        self,
        method: str,
        params: dict[str, Any],
        chat_id: ChatId | None,
        status: int,
        fault: str | None = None,
        description: str | None = None,
    ) -> None:
        """Append a call now (trimming the oldest ones beyond ``max_calls``)."""
        now = time.monotonic()
        call = RecordedCall(method, params, now, status, chat_id, fault, description)
        self.calls.append(call)
        self.status_counts[(call.method, call.status)] += 1
        if call.status == 429:
            self.http_429 += 1
        limit = self.max_calls
        if limit is not None and len(self.calls) > limit + limit // 4 + 16:
            excess = len(self.calls) - limit
            del self.calls[:excess]
            self.calls_dropped += excess

    def count(self, method: str | None = None, *, status: int | None = None) -> int:
        """Number of recorded calls, optionally of one method and/or HTTP status."""
        return sum(
            number
            for (name, code), number in self.status_counts.items()
            if (method is None or name == method) and (status is None or code == status)
        )

    def calls_for(self, method: str) -> list[RecordedCall]:
        """Recorded calls of ``method`` in order."""
        return [call for call in self.calls if call.method == method]

    def failed_calls(self, method: str | None = None) -> list[RecordedCall]:
        """Recorded calls that were not answered with ok."""
        return [c for c in self.calls if not c.ok and (method is None or c.method == method)]


@dataclass(slots=True)
class Edit:
    """State after one successful edit (``time`` is ``time.monotonic()``)."""

    time: float
    text: str | None
    reply_markup: dict[str, Any] | None


@dataclass(slots=True)
class StoredMessage:
    """A message in the store; ``text`` is the current text/caption as sent (raw markup)."""

    chat_id: ChatId
    message_id: int
    kind: str  # text | photo | document | user
    text: str | None
    plain_text: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    sent_at: float
    date: int
    from_bot: bool = True
    from_user_id: int | None = None
    file: dict[str, Any] | None = None
    edits: list[Edit] = field(default_factory=list)
    edit_date: int | None = None
    deleted: bool = False
    original_text: str | None = None

    @property
    def edit_times(self) -> list[float]:
        """Monotonic times of all successful edits."""
        return [edit.time for edit in self.edits]

    def min_edit_gap(self) -> float | None:
        """Smallest interval between consecutive edits (None with fewer than two edits)."""
        return min((b - a for a, b in itertools.pairwise(self.edit_times)), default=None)

    def to_json(self) -> dict[str, Any]:
        """JSON-serialisable snapshot (for ``GET /_state``)."""
        return asdict(self)


class MessageStore:
    """Messages per chat with per-chat increasing ids."""

    def __init__(self) -> None:
        self.messages: list[StoredMessage] = []
        self.inline_messages: dict[str, StoredMessage] = {}
        self._by_key: dict[tuple[ChatId, int], StoredMessage] = {}
        self._next_message_id: dict[ChatId, int] = {}
        self._callback_seq = 0

    def message(self, chat_id: ChatId, message_id: int) -> StoredMessage | None:
        """A stored message by chat and id."""
        return self._by_key.get((chat_id, message_id))

    def new_message(self, chat_id: ChatId, kind: str, **fields: Any) -> StoredMessage:
        """Store a new message with the next per-chat message id."""
        message_id = self._next_message_id.get(chat_id, 0) + 1
        self._next_message_id[chat_id] = message_id
        fields.setdefault("entities", [])
        fields.setdefault("reply_markup", None)
        stored = StoredMessage(
            chat_id, message_id, kind, sent_at=time.monotonic(), date=int(time.time()), **fields
        )
        stored.original_text = stored.text
        self.messages.append(stored)
        self._by_key[(chat_id, message_id)] = stored
        return stored

    def inline_message(self, inline_message_id: str) -> StoredMessage:
        """The (lazily created) record of an inline message."""
        stored = self.inline_messages.get(inline_message_id)
        if stored is None:
            stored = StoredMessage(
                "inline", 0, "text", None, None, [], None, time.monotonic(), int(time.time())
            )
            self.inline_messages[inline_message_id] = stored
        return stored

    def user_text_update(self, chat_id: int, text: str, user_id: int) -> dict[str, Any]:
        """Store a user's text message; the update (without id) that delivers it."""
        stored = self.new_message(
            chat_id, "user", text=text, plain_text=text, from_bot=False, from_user_id=user_id
        )
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            stored.entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"message": self.message_json(stored, {})}

    def callback_query_update(
        self, chat_id: int, message_id: int, data: str, user_id: int, bot: dict[str, Any]
    ) -> dict[str, Any]:
        """The update (without id) for a button press on message ``message_id``."""
        self._callback_seq += 1
        query: dict[str, Any] = {
            "id": f"cq{self._callback_seq}",
            "from": user_json(user_id),
            "chat_instance": str(chat_id),
            "data": data,
        }
        stored = self.message(chat_id, message_id)
        if stored is not None:
            query["message"] = self.message_json(stored, bot)
        return {"callback_query": query}

    @staticmethod
    def message_json(stored: StoredMessage, bot: dict[str, Any]) -> dict[str, Any]:
        """The ``Message`` object Telegram would return for ``stored``."""
        result: dict[str, Any] = {
            "message_id": stored.message_id,
            "from": bot if stored.from_bot else user_json(stored.from_user_id or 1),
            "chat": chat_json(stored.chat_id),
            "date": stored.date,
        }
        text_key, entities_key = "text", "entities"
        if stored.kind in ("photo", "document"):
            text_key, entities_key = "caption", "caption_entities"
            file = dict(stored.file or {})
            result[stored.kind] = [file] if stored.kind == "photo" else file
        if stored.plain_text is not None:
            result[text_key] = stored.plain_text
        if stored.entities:
            result[entities_key] = stored.entities
        if stored.edit_date is not None:
            result["edit_date"] = stored.edit_date
        markup = stored.reply_markup
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            result["reply_markup"] = markup
        return result
