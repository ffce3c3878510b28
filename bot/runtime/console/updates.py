"""Factories of Bot API update payloads, as Telegram would send them."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]
_update_ids = itertools.count(1)
_message_ids = itertools.count(1_000_000)


@dataclass(frozen=True)
class Person:
    """A Telegram user talking to the bot."""

    id: int
    first_name: str = "Listener"
    language_code: str | None = "en"

    def json(self) -> Json:
        """The `User` object."""
        data: Json = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        return data


def chat_json(chat_id: int, person: Person) -> Json:
    """The `Chat` object: a private chat for positive ids, a group for negative ones."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": person.first_name}
    chat_type = "supergroup" if chat_id < -1_000_000_000_000 else "group"
    return {"id": chat_id, "type": chat_type, "title": f"Group {chat_id}"}


def _entities(text: str) -> list[Json]:
    """Entities Telegram marks: a leading bot command and @mentions (UTF-16 offsets)."""
    entities = []
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        entities.append({"type": "bot_command", "offset": 0, "length": _utf16(command)})
    for word_start, word in _words(text):
        if word.startswith("@") and len(word) > 1:
            entities.append({"type": "mention", "offset": word_start, "length": _utf16(word)})
    return entities


def _words(text: str) -> list[tuple[int, str]]:
    found, offset = [], 0
    for word in text.split(" "):
        found.append((_utf16(text[:offset]), word))
        offset += len(word) + 1
    return found


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_update(
    person: Person, chat_id: int, text: str | None = None, *, reply_to: Json | None = None,
    extra: Json | None = None,
) -> Json:  # fmt: skip
    """A message update; `extra` adds fields such as a sticker instead of text."""
    message: Json = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat_json(chat_id, person),
        "from": person.json(),
    }
    if text is not None:
        message["text"] = text
        entities = _entities(text)
        if entities:
            message["entities"] = entities
    if reply_to is not None:
        message["reply_to_message"] = reply_to
    message.update(extra or {})
    return {"update_id": next(_update_ids), "message": message}


def callback_update(person: Person, message: Json, data: str) -> Json:
    """A button press on a message the bot sent."""
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": person.json(),
            "chat_instance": str(message["chat"]["id"]),
            "message": message,
            "data": data,
        },
    }


def inline_query_update(person: Person, query: str) -> Json:
    """Someone typing the bot's name and `query` in any chat."""
    return {
        "update_id": next(_update_ids),
        "inline_query": {"id": str(next(_update_ids)), "from": person.json(), "query": query,
                         "offset": ""},
    }  # fmt: skip


def chosen_inline_result_update(
    person: Person, result_id: str, query: str, inline_message_id: str | None = None
) -> Json:
    """Someone picking one of the bot's inline results (Telegram adds the posted message's
    inline id when the result has buttons)."""
    chosen: Json = {"result_id": result_id, "from": person.json(), "query": query}
    if inline_message_id is not None:
        chosen["inline_message_id"] = inline_message_id
    return {"update_id": next(_update_ids), "chosen_inline_result": chosen}
