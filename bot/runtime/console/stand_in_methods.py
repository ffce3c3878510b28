"""The Bot API methods the in-memory stand-in answers, from its chats and messages: sending,
editing, files, button and inline answers, the bot's profile."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from bot.runtime.console.stand_in_model import (
    BOT_USER,
    ApiError,
    ChatModel,
    Json,
    Output,
    StoredMessage,
    check_caption,
    check_text,
    parse_markup,
)

# Methods answered with a plain True.
TRIVIAL_METHODS = frozenset(
    {"setMyCommands", "deleteMyCommands", "setWebhook", "deleteWebhook", "close", "logOut",
     "sendChatAction", "deleteMessage", "setChatMenuButton"}
)  # fmt: skip


class BotApiMethods:
    """The Bot API methods (`_api_<method>`) answered from the state below; `InMemoryBotApi`
    adds the HTTP side, the faults and the controls."""

    messages: dict[tuple[int, int], StoredMessage]
    # messages posted through inline mode: inline id → (text, buttons) after the last edit
    inline_messages: dict[str, tuple[str, Json | None]]
    # the bot's descriptions: (kind, language code or None) → text
    profile: dict[tuple[str, str | None], str]
    chats: dict[int, ChatModel]
    listeners: list[Callable[[Output], None]]
    _ids: itertools.count[int]

    def set_chat(self, chat_id: int, chat_type: str, title: str | None = None) -> ChatModel:
        """Declare a chat (the console does when it switches to one)."""
        chat = self.chats.setdefault(chat_id, ChatModel(chat_id, chat_type, title))
        chat.type = chat_type
        return chat

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
        check_text(text, params.get("parse_mode"))
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
        sent: Json = next(iter(files.values()), {})
        name, content = str(sent.get("filename", kind)), str(sent.get("text", ""))
        caption = str(params.get("caption", ""))
        check_caption(caption, params.get("parse_mode"))
        html = params.get("parse_mode") == "HTML"
        chat_id = int(params["chat_id"])
        markup = params.get("reply_markup")
        data = self._store(chat_id, caption, markup, kind, name, html=html, content=content)
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
        content: str = "",
    ) -> Json:
        markup = parse_markup(markup)
        message = StoredMessage(chat_id, next(self._ids), text, markup, kind, html=html)
        self.messages[(chat_id, message.message_id)] = message
        shown = "file" if filename else "send"
        self._emit(Output(shown, chat_id, message, filename or "", content))
        return self._message_json(message)

    def _api_editMessageText(self, params: Json) -> Json | bool:  # noqa: N802
        if params.get("inline_message_id"):
            return self._edit_inline(params)
        message = self._find(params)
        text = str(params.get("text", ""))
        check_text(text, params.get("parse_mode"))
        markup = parse_markup(params.get("reply_markup"))
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
        markup = parse_markup(params.get("reply_markup"))
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
        check_text(text, params.get("parse_mode"))
        shown = (text, parse_markup(params.get("reply_markup")))
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
