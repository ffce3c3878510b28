"""Bot API method implementations of the fake Bot API server."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .http_bot_api_html import EntityParseError, render_text, utf16_len
from .http_bot_api_policy import ApiError
from .http_bot_api_store import (
    ChatId,
    Edit,
    MessageStore,
    StoredMessage,
    chat_json,
    normalize_chat_id,
    user_json,
)

Params = dict[str, Any]
Handler = Callable[[Params, dict[str, Any]], Awaitable[Any]]

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_ADMIN_RIGHTS = [
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
]
_TRUE_METHODS = [
    "answerCallbackQuery",
    "answerInlineQuery",
    "close",
    "logOut",
    "pinChatMessage",
    "unpinChatMessage",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "leaveChat",
]


class BotApiState(MessageStore):
    """Message store plus the Bot API method handlers (``handlers`` keyed by lower-case name)."""

    def __init__(self, bot_username: str = "radio_test_bot") -> None:
        super().__init__()
        self.bot_username = bot_username
        self.admins: dict[ChatId, set[int]] = {}
        self.commands: dict[str, list[Any]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}  # (kind, language) → text
        self.webhook_url = ""
        self.updates: list[dict[str, Any]] = []
        self.update_event: asyncio.Event | None = None
        self.poll_waiting: asyncio.Event | None = None  # set while a getUpdates is waiting
        self._last_update_id = 0
        self._file_seq = 0
        self._bots: dict[str, dict[str, Any]] = {}
        handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_media,
            "sendDocument": self.send_media,
            "copyMessage": self.copy_message,
            "forwardMessage": self.forward_message,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "sendChatAction": self.send_chat_action,
            "getChat": self.get_chat,
            "getChatMember": self.get_chat_member,
            "getChatAdministrators": self.get_chat_administrators,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "getMyDescription": self.get_my_description,
            "setMyDescription": self.set_my_description,
            "getMyShortDescription": self.get_my_short_description,
            "setMyShortDescription": self.set_my_short_description,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "getUpdates": self.get_updates,
        }
        for name in _TRUE_METHODS:
            handlers[name] = self.return_true
        self.handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler) for name, handler in handlers.items()
        }

    # ----------------------------------------------------------------- helpers
    def bot_user(self, token: str) -> dict[str, Any]:
        """The ``User`` returned by getMe (id taken from the token prefix if numeric)."""
        user = self._bots.get(token)
        if user is None:
            prefix = token.split(":", 1)[0]
            user = {
                "id": int(prefix) if prefix.isdigit() else 123456,
                "is_bot": True,
                "first_name": "Radio Test Bot",
                "username": self.bot_username,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": True,
            }
            self._bots[token] = user
        return user

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates (assigning ``update_id`` if missing)."""
        update_id = int(update.get("update_id", self._last_update_id + 1))
        self._last_update_id = max(self._last_update_id, update_id)
        self.updates.append({**update, "update_id": update_id})
        return update_id

    @staticmethod
    def _chat(params: Params, key: str = "chat_id") -> ChatId:
        chat_id = normalize_chat_id(params.get(key))
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(chat_id, str) and not chat_id.startswith("@"):
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    @staticmethod
    def _render(
        params: Params, key: str, limit: int, *, required: bool
    ) -> tuple[str | None, str | None, list[dict[str, Any]]]:
        raw = params.get(key)
        what = "message text" if key == "text" else "message caption"
        if raw is None or raw == "":
            if required:
                raise ApiError(400, f"Bad Request: {what} is empty")
            return None, None, []
        text = str(raw)
        entities_key = "entities" if key == "text" else "caption_entities"
        try:
            plain, entities = render_text(text, params.get("parse_mode"), params.get(entities_key))
        except EntityParseError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
        if required and not plain.strip():
            raise ApiError(400, f"Bad Request: {what} is empty")
        if utf16_len(plain) > limit:
            too_long = "message is too long" if key == "text" else "message caption is too long"
            raise ApiError(400, f"Bad Request: {too_long}")
        return text, plain, entities

    def _target(self, params: Params) -> StoredMessage:
        inline_id = params.get("inline_message_id")
        if inline_id:
            return self.inline_message(str(inline_id))
        stored = self.message(self._chat(params), int(params.get("message_id") or 0))
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        if not stored.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    def _edited(self, stored: StoredMessage, params: Params, bot: dict[str, Any]) -> Any:
        stored.edits.append(Edit(time.monotonic(), stored.text, stored.reply_markup))
        stored.edit_date = int(time.time())
        return True if params.get("inline_message_id") else self.message_json(stored, bot)

    # ---------------------------------------------------------------- handlers
    async def return_true(self, params: Params, bot: dict[str, Any]) -> Any:
        """Methods that just answer ``True``."""
        return True

    async def get_me(self, params: Params, bot: dict[str, Any]) -> Any:
        """getMe."""
        return bot

    async def send_message(self, params: Params, bot: dict[str, Any]) -> Any:
        """sendMessage with HTML validation and length checks."""
        chat_id = self._chat(params)
        text, plain, entities = self._render(params, "text", 4096, required=True)
        stored = self.new_message(
            chat_id, "text", text=text, plain_text=plain, entities=entities,
            reply_markup=params.get("reply_markup"),
        )  # fmt: skip
        return self.message_json(stored, bot)

    async def send_media(self, params: Params, bot: dict[str, Any]) -> Any:
        """sendPhoto / sendDocument (uploaded file or file_id/URL string)."""
        chat_id = self._chat(params)
        kind = "photo" if "photo" in params or "document" not in params else "document"
        media = params.get(kind)
        if media is None or media == "":
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        caption, plain, entities = self._render(params, "caption", 1024, required=False)
        self._file_seq += 1
        file: dict[str, Any] = {
            "file_id": media if isinstance(media, str) else f"{kind}-{self._file_seq}",
            "file_unique_id": f"u{kind}-{self._file_seq}",
        }
        if isinstance(media, dict):
            file["file_size"] = media.get("file_size", 0)
            if kind == "document":
                file.update(file_name=media.get("file_name"), mime_type=media.get("mime_type"))
        if kind == "photo":
            file.update(width=640, height=480)
        stored = self.new_message(
            chat_id, kind, text=caption, plain_text=plain, entities=entities,
            reply_markup=params.get("reply_markup"), file=file,
        )  # fmt: skip
        return self.message_json(stored, bot)

    def _duplicate(self, params: Params) -> StoredMessage:
        chat_id = self._chat(params)
        source = self.message(
            self._chat(params, "from_chat_id"), int(params.get("message_id") or 0)
        )
        if source is None or source.deleted:
            raise ApiError(400, "Bad Request: message to copy not found")
        return self.new_message(
            chat_id, "text" if source.kind == "user" else source.kind, text=source.text,
            plain_text=source.plain_text, entities=list(source.entities),
            reply_markup=params.get("reply_markup", source.reply_markup), file=source.file,
        )  # fmt: skip

    async def copy_message(self, params: Params, bot: dict[str, Any]) -> Any:
        """copyMessage (answers a ``MessageId``)."""
        return {"message_id": self._duplicate(params).message_id}

    async def forward_message(self, params: Params, bot: dict[str, Any]) -> Any:
        """forwardMessage (answers the new ``Message``)."""
        return self.message_json(self._duplicate(params), bot)

    def _edit_content(self, params: Params, bot: dict[str, Any], key: str) -> Any:
        stored = self._target(params)
        is_media = stored.kind in ("photo", "document")
        if key == "text" and is_media:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if key == "caption" and not is_media and stored.chat_id != "inline":
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        limit = 1024 if key == "caption" else 4096
        text, plain, entities = self._render(params, key, limit, required=key == "text")
        markup = params.get("reply_markup")
        if (plain, entities, markup) == (stored.plain_text, stored.entities, stored.reply_markup):
            raise ApiError(400, NOT_MODIFIED)
        stored.text, stored.plain_text, stored.entities = text, plain, entities
        stored.reply_markup = markup
        return self._edited(stored, params, bot)

    async def edit_message_text(self, params: Params, bot: dict[str, Any]) -> Any:
        """editMessageText with not-found and not-modified errors."""
        return self._edit_content(params, bot, "text")

    async def edit_message_caption(self, params: Params, bot: dict[str, Any]) -> Any:
        """editMessageCaption with not-found and not-modified errors."""
        return self._edit_content(params, bot, "caption")

    async def edit_message_reply_markup(self, params: Params, bot: dict[str, Any]) -> Any:
        """editMessageReplyMarkup."""
        stored = self._target(params)
        markup = params.get("reply_markup")
        if markup == stored.reply_markup:
            raise ApiError(400, NOT_MODIFIED)
        stored.reply_markup = markup
        return self._edited(stored, params, bot)

    async def delete_message(self, params: Params, bot: dict[str, Any]) -> Any:
        """deleteMessage."""
        stored = self.message(self._chat(params), int(params.get("message_id") or 0))
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        stored.deleted = True
        return True

    async def send_chat_action(self, params: Params, bot: dict[str, Any]) -> Any:
        """sendChatAction."""
        self._chat(params)
        if not params.get("action"):
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    async def get_chat(self, params: Params, bot: dict[str, Any]) -> Any:
        """getChat (a minimal ``ChatFullInfo``)."""
        gifts = dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription"), False
        )
        return {
            **chat_json(self._chat(params)),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {**gifts, "gifts_from_channels": False},
        }

    def _member(self, chat_id: ChatId, user_id: int) -> dict[str, Any]:
        if user_id in self.admins.get(chat_id, set()):
            rights = dict.fromkeys(_ADMIN_RIGHTS, False)
            rights.update(can_manage_chat=True, can_delete_messages=True, can_restrict_members=True)
            return {"status": "administrator", "user": user_json(user_id), **rights}
        return {"status": "member", "user": user_json(user_id)}

    async def get_chat_member(self, params: Params, bot: dict[str, Any]) -> Any:
        """getChatMember: administrator if registered via set_chat_admin, else member."""
        chat_id = self._chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise ApiError(400, "Bad Request: invalid user_id specified")
        return self._member(chat_id, user_id)

    async def get_chat_administrators(self, params: Params, bot: dict[str, Any]) -> Any:
        """getChatAdministrators."""
        chat_id = self._chat(params)
        return [self._member(chat_id, user) for user in sorted(self.admins.get(chat_id, ()))]

    @staticmethod
    def _commands_key(params: Params) -> str:
        return f"{params.get('scope') or {'type': 'default'}}|{params.get('language_code', '')}"

    async def set_my_commands(self, params: Params, bot: dict[str, Any]) -> Any:
        """setMyCommands with Telegram's command/description validation."""
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100 items")
        for command in commands:
            if not _COMMAND_RE.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description is empty or too long")
        self.commands[self._commands_key(params)] = commands
        return True

    async def get_my_commands(self, params: Params, bot: dict[str, Any]) -> Any:
        """getMyCommands."""
        return self.commands.get(self._commands_key(params), [])

    async def delete_my_commands(self, params: Params, bot: dict[str, Any]) -> Any:
        """deleteMyCommands."""
        self.commands.pop(self._commands_key(params), None)
        return True

    async def get_my_description(self, params: Params, bot: dict[str, Any]) -> Any:
        """getMyDescription."""
        language = str(params.get("language_code") or "")
        return {"description": self.descriptions.get(("description", language), "")}

    async def set_my_description(self, params: Params, bot: dict[str, Any]) -> Any:
        """setMyDescription (at most 512 characters)."""
        return self._set_description(params, "description", 512)

    async def get_my_short_description(self, params: Params, bot: dict[str, Any]) -> Any:
        """getMyShortDescription."""
        language = str(params.get("language_code") or "")
        return {"short_description": self.descriptions.get(("short_description", language), "")}

    async def set_my_short_description(self, params: Params, bot: dict[str, Any]) -> Any:
        """setMyShortDescription (at most 120 characters)."""
        return self._set_description(params, "short_description", 120)

    def _set_description(self, params: Params, kind: str, most: int) -> bool:
        value = str(params.get(kind) or "")
        if len(value) > most:
            raise ApiError(400, f"Bad Request: {kind} is too long")
        self.descriptions[(kind, str(params.get("language_code") or ""))] = value
        return True

    async def set_webhook(self, params: Params, bot: dict[str, Any]) -> Any:
        """setWebhook."""
        self.webhook_url = str(params.get("url") or "")
        return True

    async def delete_webhook(self, params: Params, bot: dict[str, Any]) -> Any:
        """deleteWebhook (optionally dropping pending updates)."""
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def get_webhook_info(self, params: Params, bot: dict[str, Any]) -> Any:
        """getWebhookInfo."""
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def get_updates(self, params: Params, bot: dict[str, Any]) -> Any:
        """getUpdates: confirm below ``offset``, wait up to ``timeout`` s for new updates."""
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self.updates and self.update_event is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.update_event.clear()
            if self.poll_waiting is not None:
                self.poll_waiting.set()
            try:
                await asyncio.wait_for(self.update_event.wait(), remaining)
            except TimeoutError:
                break
        return self.updates[:limit]
