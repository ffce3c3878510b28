"""An in-memory Bot API: answers the methods the bot calls from a model of chats and messages.

The console and the tests plug it into the real `Application` as its `BaseRequest`, so every
handler, job and delivery runs as in production, with no network.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.runtime.console.telegram_html import HtmlProblem, visible_text

BOT_USER = {"id": 7000001, "is_bot": True, "first_name": "Radio news", "username": "radionews_bot"}
MAX_TEXT = 4096
MAX_CAPTION = 1024
TRIVIAL_METHODS = frozenset(
    {"setMyCommands", "deleteMyCommands", "setWebhook", "deleteWebhook", "close", "logOut",
     "sendChatAction", "deleteMessage", "setChatMenuButton"}
)  # fmt: skip
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


class ApiError(Exception):
    """A Bot API error answer."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass
class _Fault:
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


class InMemoryBotApi(BaseRequest):
    """A `BaseRequest` that answers Bot API methods from memory."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.errors: list[ApiCall] = []  # calls answered with an error, for the tests
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        # messages posted through inline mode: inline id → (text, buttons) after the last edit
        self.inline_messages: dict[str, tuple[str, Json | None]] = {}
        # the bot's descriptions: (kind, language code or None) → text
        self.profile: dict[tuple[str, str | None], str] = {}
        self.chats: dict[int, ChatModel] = {}
        self.listeners: list[Callable[[Output], None]] = []
        self._ids = itertools.count(1)
        self._faults: list[_Fault] = []
        self.blocked: set[int] = set()

    # BaseRequest ---------------------------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        """No network, no timeout."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer one Bot API call."""
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data and request_data.contains_files:
            params["_files"] = {
                name: _file_record(value[0], bytes(value[1]))  # type: ignore[arg-type]
                for name, value in request_data.multipart_data.items()
                if isinstance(value, tuple)
            }
        self.calls.append(ApiCall(api_method, params))
        await asyncio.sleep(0)  # a real call yields to the loop; so does this one
        try:
            self._raise_fault(api_method, params)
            result = self._answer(api_method, params)
        except ApiError as error:
            self.errors.append(ApiCall(api_method, {**params, "_error": error.description}))
            body: Json = {"ok": False, "error_code": error.status, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return error.status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # Test and console controls ---------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        parameters: Json | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        self._faults.append(
            _Fault(method, ApiError(status, description, parameters), chat_id, times)
        )

    def set_chat(self, chat_id: int, chat_type: str, title: str | None = None) -> ChatModel:
        """Declare a chat (the console does when it switches to one)."""
        chat = self.chats.setdefault(chat_id, ChatModel(chat_id, chat_type, title))
        chat.type = chat_type
        return chat

    def sent(self, chat_id: int | None = None) -> list[StoredMessage]:
        """Messages the bot sent, oldest first, optionally to one chat only."""
        return [m for m in self.messages.values() if chat_id is None or m.chat_id == chat_id]

    def calls_to(self, method: str) -> list[ApiCall]:
        """Every call of one method."""
        return [call for call in self.calls if call.method == method]

    # Internals -------------------------------------------------------------------------------
    def _raise_fault(self, method: str, params: Json) -> None:
        for fault in self._faults:
            if fault.method == method and fault.chat_id in (None, _chat_id(params)):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                raise fault.error
        if method.startswith("send") and _chat_id(params) in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")

    def _emit(self, output: Output) -> None:
        for listener in self.listeners:
            listener(output)

    def _chat_json(self, chat_id: int) -> Json:
        chat = self.chats.get(chat_id) or self.set_chat(
            chat_id, "private" if chat_id > 0 else "group"
        )
        data: Json = {"id": chat_id, "type": chat.type}
        if chat.type == "private":
            data["first_name"] = f"User {chat_id}"
        else:
            data["title"] = chat.title or f"Group {chat_id}"
        return data

    def _message_json(self, message: StoredMessage) -> Json:
        data: Json = {
            "message_id": message.message_id,
            "date": 0,
            "chat": self._chat_json(message.chat_id),
            "from": BOT_USER,
        }
        if message.kind == "text":
            data["text"] = message.text
        else:
            data["caption"] = message.text
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            # Telegram echoes inline keyboards only, never reply keyboards.
            data["reply_markup"] = {"inline_keyboard": message.reply_markup["inline_keyboard"]}
        return data

    def _answer(self, method: str, params: Json) -> Any:
        handler = getattr(self, f"_api_{method}", None)
        if handler is not None:
            return handler(params)
        if method in TRIVIAL_METHODS:
            return True
        raise ApiError(404, "Not Found: method not found")

    def _api_getMe(self, params: Json) -> Json:  # noqa: N802
        return {**BOT_USER, "can_join_groups": True, "supports_inline_queries": True}

    def _api_getUpdates(self, params: Json) -> list[Json]:  # noqa: N802
        return []

    def _api_getChat(self, params: Json) -> Json:  # noqa: N802
        return self._chat_json(int(params["chat_id"]))

    def _api_getChatMember(self, params: Json) -> Json:  # noqa: N802
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        chat = self.chats.get(chat_id)
        status = "administrator" if chat and user_id in chat.admins else "member"
        if chat and chat.type == "private" and chat_id == user_id:
            status = "member"
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        extra = {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                 "can_delete_messages": True, "can_manage_video_chats": True,
                 "can_restrict_members": True, "can_promote_members": False,
                 "can_change_info": True, "can_invite_users": True, "can_post_stories": False,
                 "can_edit_stories": False, "can_delete_stories": False}  # fmt: skip
        return {"status": status, "user": user, **(extra if status == "administrator" else {})}

    def _api_sendMessage(self, params: Json) -> Json:  # noqa: N802
        text = str(params.get("text", ""))
        _check_text(text, params.get("parse_mode"))
        html = params.get("parse_mode") == "HTML"
        return self._store(
            int(params["chat_id"]), text, params.get("reply_markup"), "text", html=html
        )

    def _api_sendDocument(self, params: Json) -> Json:  # noqa: N802
        return self._store_file(params, "document")

    def _api_sendPhoto(self, params: Json) -> Json:  # noqa: N802
        return self._store_file(params, "photo")

    def _store_file(self, params: Json, kind: str) -> Json:
        files: dict[str, Json] = params.get("_files", {})
        name = str(next(iter(files.values()), {}).get("filename", kind))
        caption = str(params.get("caption", ""))
        _check_caption(caption, params.get("parse_mode"))
        html = params.get("parse_mode") == "HTML"
        chat_id = int(params["chat_id"])
        data = self._store(chat_id, caption, params.get("reply_markup"), kind, name, html=html)
        data[kind] = {"file_id": f"file-{data['message_id']}", "file_unique_id": "u"}
        if kind == "photo":
            data[kind] = [{**data[kind], "width": 1, "height": 1}]
        return data

    def _store(
        self,
        chat_id: int,
        text: str,
        markup: Any,
        kind: str,
        filename: str | None = None,
        *,
        html: bool = False,
    ) -> Json:
        message = StoredMessage(chat_id, next(self._ids), text, _markup(markup), kind, html=html)
        self.messages[(chat_id, message.message_id)] = message
        self._emit(Output("file" if filename else "send", chat_id, message, filename or ""))
        return self._message_json(message)

    def _api_editMessageText(self, params: Json) -> Json | bool:  # noqa: N802
        if params.get("inline_message_id"):
            return self._edit_inline(params)
        message = self._find(params)
        text = str(params.get("text", ""))
        _check_text(text, params.get("parse_mode"))
        markup = _markup(params.get("reply_markup"))
        if message.text == text and message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                           "content and reply markup are exactly the same")  # fmt: skip
        message.text, message.reply_markup = text, markup
        message.html = params.get("parse_mode") == "HTML"
        message.edits += 1
        self._emit(Output("edit", message.chat_id, message))
        return self._message_json(message)

    def _api_editMessageReplyMarkup(self, params: Json) -> Json:  # noqa: N802
        message = self._find(params)
        markup = _markup(params.get("reply_markup"))
        if message.reply_markup == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.edits += 1
        self._emit(Output("edit", message.chat_id, message))
        return self._message_json(message)

    def _edit_inline(self, params: Json) -> bool:
        """An edit of a message posted through inline mode (in a chat the bot is not told
        of): Telegram answers True; the stand-in keeps the latest text and buttons."""
        text = str(params.get("text", ""))
        _check_text(text, params.get("parse_mode"))
        shown = (text, _markup(params.get("reply_markup")))
        if self.inline_messages.get(str(params["inline_message_id"])) == shown:
            raise ApiError(400, "Bad Request: message is not modified")
        self.inline_messages[str(params["inline_message_id"])] = shown
        return True

    def _api_getMyDescription(self, params: Json) -> Json:  # noqa: N802
        return {"description": self.profile.get(("description", params.get("language_code")), "")}

    def _api_setMyDescription(self, params: Json) -> bool:  # noqa: N802
        self.profile[("description", params.get("language_code"))] = params.get("description", "")
        return True

    def _api_getMyShortDescription(self, params: Json) -> Json:  # noqa: N802
        short = self.profile.get(("short_description", params.get("language_code")), "")
        return {"short_description": short}

    def _api_setMyShortDescription(self, params: Json) -> bool:  # noqa: N802
        key = ("short_description", params.get("language_code"))
        self.profile[key] = params.get("short_description", "")
        return True

    def _find(self, params: Json) -> StoredMessage:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        message = self.messages.get(key)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def _api_answerCallbackQuery(self, params: Json) -> bool:  # noqa: N802
        if params.get("text"):
            self._emit(Output("toast", None, text=str(params["text"])))
        return True

    def _api_answerInlineQuery(self, params: Json) -> bool:  # noqa: N802
        results = params.get("results") or []
        titles = [
            " — ".join(str(result[key]) for key in ("title", "description") if result.get(key))
            for result in results
        ]
        self._emit(Output("inline", None, text="\n".join(titles)))
        return True


def _chat_id(params: Json) -> int | None:
    """The chat a call is about: its `chat_id`, or its command scope's (setMyCommands)."""
    scope = params.get("scope")
    value = params.get("chat_id", scope.get("chat_id") if isinstance(scope, dict) else None)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _markup(markup: Any) -> Json | None:
    if isinstance(markup, str):
        markup = json.loads(markup)
    return markup if isinstance(markup, dict) else None


def _check_caption(caption: str, parse_mode: Any) -> None:
    """Captions may be empty, but not invalid nor longer than 1024 characters."""
    if caption:
        _check_text(caption, parse_mode, limit=MAX_CAPTION)


def _check_text(text: str, parse_mode: Any, limit: int = MAX_TEXT) -> None:
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


def _file_record(filename: str, data: bytes) -> Json:
    """What the stand-in keeps of a sent file: its name and size, and the text of a text file
    (a CSV, a calendar), so that tests and the console can read what a user would open."""
    record: Json = {"filename": filename, "size": len(data)}
    if filename.endswith(TEXT_FILES) and len(data) <= MAX_KEPT_TEXT:
        record["text"] = data.decode("utf-8-sig", errors="replace")
    return record
