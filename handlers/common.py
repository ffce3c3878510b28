"""Shared Telegram glue: who is asking, where, and whether the bot was addressed."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import filters

from bot.articles.telegram_html import fit_text
from bot.conversation.language import message_language
from bot.core.arguments import NumberRange
from bot.core.language import answer_language, known_language
from bot.texts.core import text
from bot.texts.numbers import format_number
from handlers.context import BotContext

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]


# The language the update is answered in, worked out once per update before any handler runs
# (`resolve_language`); PTB runs an update's handlers one after the other in one task.
# The second language is None when the answer language is only the English fallback.
_answer_language: ContextVar[tuple[int, str, str | None] | None] = ContextVar(
    "answer_language", default=None
)


def language_of(update: Update) -> str | None:
    """The language to answer the update in (bot/core/language.py: the message's own, else
    the chat's chosen one, else the user's Telegram language)."""
    resolved = _answer_language.get()
    if resolved is not None and resolved[0] == update.update_id:
        return resolved[1]
    user = update.effective_user
    return user.language_code if user else None


def known_language_of(update: Update) -> str | None:
    """The answer language when the chat, the message or the user's Telegram says it; None
    when the bot would only fall back to English."""
    resolved = _answer_language.get()
    if resolved is not None and resolved[0] == update.update_id:
        return resolved[2]
    user = update.effective_user
    return known_language(user.language_code if user else None)


async def resolve_language(update: Update, context: BotContext) -> None:
    """Work out the update's answer language; note the user's Telegram language in a private
    chat, the language a member writes in in a group (they decide pushed messages)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or context.bot_data.services is None:
        return
    written = (message.text or message.caption) if message is not None else None
    detected = message_language(written) if update.callback_query is None else None
    chosen = await context.chats.chosen_language(chat.id)
    telegram = user.language_code if user else None
    known = known_language(detected, chosen, telegram)
    _answer_language.set((update.update_id, answer_language(chosen, detected, telegram), known))
    if chat.type == ChatType.PRIVATE:
        await context.chats.telegram_language(chat.id, telegram)
    if chat.type != ChatType.PRIVATE and user is not None and not user.is_bot:
        spoken = detected or telegram
        if spoken and update.callback_query is None:
            await context.chats.heard(chat.id, user.id, spoken)


def is_private(update: Update) -> bool:
    """Whether the update comes from a private chat."""
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def reply(update: Update, message: str, **kwargs: Any) -> Message | None:
    """Answer in the chat the update came from, cut to Telegram's limit if need be."""
    chat = update.effective_chat
    if chat is None:
        return None
    html_mode = str(kwargs.get("parse_mode") or "").upper() == "HTML"
    return await chat.send_message(fit_text(message, html_mode=html_mode), **kwargs)


def range_line(command: str, bounds: NumberRange, language: str | None) -> str:
    """ "/command takes a whole number from LOW to HIGH", in the language."""
    low, high = format_number(bounds.low, language), format_number(bounds.high, language)
    return text("number_range", language, command=command, low=low, high=high)


async def number_argument(
    update: Update, command: str, argument: str | None, bounds: NumberRange
) -> int | None:
    """The command's number within `bounds`, or None after a line naming the allowed range."""
    number = bounds.parse(argument)
    if number is None:
        await reply(update, range_line(command, bounds, language_of(update)))
    return number


async def refuse(update: Update, message: str) -> None:
    """Say no: as a popup under a pressed button, else as a message in the chat."""
    if update.callback_query is not None:
        await update.callback_query.answer(message, show_alert=True)
    else:
        await reply(update, message)


def admin_only(callback: Callback) -> Callback:
    """Refuse the command, changing nothing, unless the user is in RADIOBOT_ADMINS."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        user = update.effective_user
        if not context.core.is_admin(user.id if user else None):
            await refuse(update, text("admins_only", language_of(update)))
            return None
        return await callback(update, context)

    return guarded


async def may_manage_chat(update: Update, context: BotContext) -> bool:
    """In a private chat anyone; in a group only its admins (or the bot's admins)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return False
    if chat.type == ChatType.PRIVATE or context.core.is_admin(user.id):
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def group_admins_only(callback: Callback) -> Callback:
    """Let only group admins run the command in a group; anyone in a private chat."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> Any:
        if not await may_manage_chat(update, context):
            await refuse(update, text("group_admins_only", language_of(update)))
            return None
        return await callback(update, context)

    return guarded


class _AddressedToBot(filters.MessageFilter):
    """Private chats always; in groups a reply to the bot, a mention, or /cmd@bot."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        if message.chat.type == ChatType.PRIVATE:
            return True
        bot = message.get_bot()
        username = (bot.username or "").lower()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        content = (message.text or message.caption or "").lower()
        return bool(username) and f"@{username}" in content


ADDRESSED_TO_BOT = _AddressedToBot(name="addressed_to_bot")


def strip_mention(message_text: str, username: str | None) -> str:
    """The text without the bot's @mention, for reading a question asked in a group."""
    if not username:
        return message_text.strip()
    cleaned = message_text
    for variant in (f"@{username}", f"@{username.lower()}"):
        cleaned = cleaned.replace(variant, " ")
    return " ".join(cleaned.split())
