"""Core commands: /start, /help, /stop, /privacy, and answers to unexpected input."""

from __future__ import annotations

import logging

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core.language import answer_language
from bot.texts import SUPPORTED_LANGUAGES, formats
from bot.texts.commands import CORE_COMMANDS
from bot.texts.core import text
from handlers.command_menu import set_editor_menu
from handlers.common import (
    ADDRESSED_TO_BOT,
    group_admins_only,
    is_private,
    language_of,
    reply,
    resolve_language,
)
from handlers.context import BotContext
from handlers.feature import Feature

log = logging.getLogger(__name__)

MENU = ReplyKeyboardMarkup(
    [
        [KeyboardButton("/latest"), KeyboardButton("/next")],
        [KeyboardButton("/subscribe"), KeyboardButton("/results")],
        [KeyboardButton("/help")],
    ],
    resize_keyboard=True,
    is_persistent=False,
)


async def start(update: Update, context: BotContext) -> None:
    """Record the chat, greet, show the menu keyboard."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    language = language_of(update)
    await context.chats.seen(chat.id, chat.type, chat.title, language)
    show = context.core.config.show
    greeting = text(
        "greeting",
        language,
        name=user.first_name if user else "",
        show=show.name,
        station=show.station,
        hosts=formats.list_of(show.hosts, language),
    )
    await reply(update, greeting, reply_markup=MENU)
    if user is not None and is_private(update) and context.core.is_admin(user.id):
        # An editor who had not started the bot at start-up gets their menu now.
        refused: list[str] = []
        await set_editor_menu(context.bot, context.bot_data.commands, user.id, refused)
        if refused:
            log.warning("could not set an editor's command menu (%s)", "; ".join(refused))


async def help_command(update: Update, context: BotContext) -> None:
    """List every command with one line each (admin commands for admins only)."""
    language = language_of(update)
    lines = [text("help_title", language)]
    commands = context.bot_data.commands
    public = [command for command in commands if not command.admin_only]
    admin = [command for command in commands if command.admin_only]
    lines += [f"/{command.name} — {command.describe(language)}" for command in public]
    user = update.effective_user
    if context.core.is_admin(user.id if user else None) and admin:
        lines += ["", text("help_admin_title", language)]
        lines += [f"/{command.name} — {command.describe(language)}" for command in admin]
    lines += ["", text("help_footer", language)]
    await reply(update, "\n".join(lines))


@group_admins_only
async def stop(update: Update, context: BotContext) -> None:
    """End every subscription and reminder, then offer to delete the chat's data."""
    chat = update.effective_chat
    if chat is None:
        return
    await context.chats.stop(chat.id)
    language = language_of(update)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(text("delete_button", language), callback_data="core:delete"),
                InlineKeyboardButton(text("keep_button", language), callback_data="core:keep"),
            ]
        ]
    )
    await reply(update, text("stopped", language), reply_markup=buttons)


@group_admins_only
async def delete_choice(update: Update, context: BotContext) -> None:
    """Delete the chat's data, or keep it, as chosen under the /stop message."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    language = language_of(update)
    if query.data == "core:delete":
        await context.chats.delete_data(chat.id)
        answer = text("deleted", language)
    else:
        answer = text("kept", language)
    await query.answer()
    await query.edit_message_text(answer)


AUTOMATIC = ("auto", "reset")


@group_admins_only
async def language_command(update: Update, context: BotContext) -> None:
    """/language fr|nl|en: the chat's language from now on; /language auto: the usual rule."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    choice = " ".join(context.args or ()).strip().lower()
    if choice not in (*SUPPORTED_LANGUAGES, *AUTOMATIC):
        await reply(update, text("language_usage", language_of(update)))
        return
    chosen = None if choice in AUTOMATIC else choice
    telegram = user.language_code if user else None
    await context.chats.choose_language(chat.id, chat.type, chat.title, chosen, telegram)
    if chosen:
        await reply(update, text("language_set", chosen))
    else:
        await reply(update, text("language_automatic", answer_language(None, None, telegram)))


async def privacy(update: Update, context: BotContext) -> None:
    """Say what is stored and why."""
    await reply(update, text("privacy", language_of(update)))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Point to /help."""
    await reply(update, text("unknown_command", language_of(update)))


async def not_text(update: Update, context: BotContext) -> None:
    """Answer stickers, photos, voice and the like politely, in private chats only."""
    await reply(update, text("not_text", language_of(update)))


async def stale_button(update: Update, context: BotContext) -> None:
    """Answer a press on a button nobody handles (empty, forged or from an old version)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text("stale_button", language_of(update)))


async def free_text(update: Update, context: BotContext) -> None:
    """Answer text nobody else understood with a short hint."""
    await reply(update, text("hint", language_of(update)))


def command_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The core commands."""
    return [
        # PTB hands a press without data to any pattern handler: stop it here.
        CallbackQueryHandler(stale_button, pattern=r"^$"),
        CommandHandler("start", start),
        CommandHandler("help", help_command),
        CommandHandler("stop", stop),
        CommandHandler("privacy", privacy),
        CommandHandler("language", language_command),
        CallbackQueryHandler(delete_choice, pattern=r"^core:(delete|keep)$"),
    ]


def fallback_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Last resort answers; registered after every feature's handlers."""
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(filters.COMMAND & ADDRESSED_TO_BOT, unknown_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, free_text),
        MessageHandler(~filters.TEXT & ~filters.StatusUpdate.ALL & private, not_text),
        CallbackQueryHandler(stale_button),
    ]


def language_handlers() -> dict[int, list[BaseHandler[Update, BotContext, None]]]:
    """Before any other handler: the language each update is answered in."""
    return {LANGUAGE_GROUP: [TypeHandler(Update, resolve_language)]}


LANGUAGE_GROUP = -1000  # PTB runs handler groups in ascending order: this one first

FEATURE = Feature(
    name="core",
    handlers=command_handlers,
    other_groups=language_handlers,
    commands=CORE_COMMANDS,
)
# Registered after every other feature: answers what none of them handled.
FALLBACK = Feature(name="fallback", handlers=fallback_handlers)
