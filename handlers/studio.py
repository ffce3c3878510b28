"""Telegram glue of the studio: /studio, the "Message the studio" button, the next-message
capture, the on-air naming consent, and the editors' /inbox."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.articles.service import ArticleService
from bot.delivery.service import DeliveryService
from bot.polls.service import PollService
from bot.schedule.service import ScheduleService
from bot.studio.inbox import MAX_CHARS, SendResult, Sent, StudioMessage
from bot.studio.service import OPEN_DATA, StudioService
from bot.texts.studio import COMMANDS, text
from handlers.common import admin_only, is_private, language_of, reply
from handlers.context import BotApplication, BotContext
from handlers.feature import Feature

log = logging.getLogger(__name__)

CAPTURE_GROUP = -1  # before every feature: the listener's next message goes to the studio
PURGE_JOB = "studio:purge"
PURGE_EVERY_S = 3600.0
NAME_YES, NAME_NO = "studio:name:yes", "studio:name:no"


async def open_studio(update: Update, context: BotContext) -> None:
    """/studio or the "Message the studio" button: open the prompt, or say when it opens;
    an editor also gets a one-time link to the studio page."""
    user, query = update.effective_user, update.callback_query
    if query is not None:
        await query.answer()
    if user is None:
        return
    language = language_of(update)
    if not is_private(update):
        await reply(update, text("group", language))
        return
    admin = context.core.is_admin(user.id)
    window = context.service(StudioService).inbox.open_prompt(user.id, is_admin=admin)
    if admin or window.is_open:
        line = text("prompt", language, max=MAX_CHARS)
    else:
        line = context.service(StudioService).closed_text(window, language)
    await reply(update, line)
    if admin:
        await _send_link(update, context, user.id)


async def _send_link(update: Update, context: BotContext, user_id: int) -> None:
    """The studio screen's one-time link, as a URL button (as text if Telegram refuses it)."""
    language = language_of(update)
    link = await context.service(StudioService).login_link(user_id)
    button = InlineKeyboardButton(text("button_screen", language), url=link)
    try:
        await reply(
            update, text("admin_link", language), reply_markup=InlineKeyboardMarkup([[button]])
        )
    except BadRequest:  # e.g. a loopback address: Telegram takes no such URL in a button
        log.info("the studio link was refused as a button; sent as text")
        await reply(update, f"{text('admin_link', language)}\n{link}")


async def capture(update: Update, context: BotContext) -> None:
    """While the user's prompt is open: their text goes to the studio; anything but text
    gets one line; a command closes the prompt and runs as usual."""
    user, message = update.effective_user, update.effective_message
    if (
        user is None
        or message is None
        or not context.service(StudioService).inbox.prompt_open(user.id)
    ):
        return
    language = language_of(update)
    if message.text and message.text.startswith("/"):
        context.service(StudioService).inbox.close_prompt(user.id)
        return
    if not message.text:
        await reply(update, text("text_only", language))
        raise ApplicationHandlerStop
    result = await context.service(StudioService).inbox.send(user.id, message.text)
    await _answer(update, result, len(message.text.strip()))
    raise ApplicationHandlerStop


async def _answer(update: Update, result: SendResult, length: int) -> None:
    language = language_of(update)
    user = update.effective_user
    if result.status == Sent.STORED:
        if result.ask_name and user is not None:
            name = user.first_name
            yes = InlineKeyboardButton(
                text("name_yes", language, name=name), callback_data=NAME_YES
            )
            no = InlineKeyboardButton(text("name_no", language), callback_data=NAME_NO)
            buttons = InlineKeyboardMarkup([[yes, no]])
            line = f"{text('stored', language)}\n{text('ask_name', language, name=name)}"
            await reply(update, line, reply_markup=buttons)
        else:
            line = text("on_air_line_named" if result.named else "on_air_line", language)
            await reply(update, f"{text('stored', language)}\n{line}")
        return
    if result.status == Sent.TOO_LONG:
        await reply(update, text("too_long", language, length=length, max=MAX_CHARS))
    elif result.status == Sent.TOO_SOON:
        seconds = max(1, int(result.wait.total_seconds() + 0.999))
        await reply(update, text("too_soon", language, seconds=seconds))
    elif result.status == Sent.SHOW_LIMIT:
        await reply(update, text("show_limit", language))
    elif result.status == Sent.EMPTY:
        await reply(update, text("empty", language))


async def name_choice(update: Update, context: BotContext) -> None:
    """The listener agrees (or not) to be named on air when their message is read."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    language = language_of(update)
    agreed = query.data == NAME_YES
    await context.service(StudioService).inbox.name_on_air(
        user.id, user.first_name if agreed else None
    )
    await query.answer()
    answer = (
        text("named", language, name=user.first_name) if agreed else text("anonymous", language)
    )
    await query.edit_message_text(f"{text('stored', language)}\n{answer}")


def _inbox_view(
    messages: list[StudioMessage], language: str | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not messages:
        return text("inbox_empty", language), None
    lines = [text("inbox_title", language, count=len(messages))]
    rows = []
    for number, message in enumerate(messages, start=1):
        who = message.first_name or text("anonymous_listener", language, tag=message.tag)
        marks = " ".join(
            mark
            for mark, on in (
                ("★", message.starred),
                (text("hidden_mark", language), message.hidden),
                (text("read_mark", language), message.read_at is not None),
            )
            if on
        )
        lines.append(f"\n{number}. {who}{' ' + marks if marks else ''}\n{message.text}")
        star_key = "inbox_unstar" if message.starred else "inbox_star"
        hide_key = "inbox_show" if message.hidden else "inbox_hide"
        rows.append(
            [
                InlineKeyboardButton(
                    text(star_key, language, number=number),
                    callback_data=f"studio:star:{message.id}:{int(not message.starred)}",
                ),
                InlineKeyboardButton(
                    text(hide_key, language, number=number),
                    callback_data=f"studio:hide:{message.id}:{int(not message.hidden)}",
                ),
            ]
        )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


@admin_only
async def inbox(update: Update, context: BotContext) -> None:
    """/inbox: the last 20 messages to the studio, with ★ and hide buttons."""
    body, markup = _inbox_view(
        await context.service(StudioService).inbox.recent(), language_of(update)
    )
    await reply(update, body, reply_markup=markup)


@admin_only
async def inbox_button(update: Update, context: BotContext) -> None:
    """★ or hide under /inbox: apply it and show the inbox again."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    language = language_of(update)
    _, action, message_id, on = query.data.split(":")
    studio_inbox = context.service(StudioService).inbox
    method = studio_inbox.star if action == "star" else studio_inbox.hide
    done = await method(int(message_id), on == "1")
    await query.answer(text("inbox_done" if done else "inbox_gone", language))
    body, markup = _inbox_view(await studio_inbox.recent(), language)
    try:
        await query.edit_message_text(body, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


def capture_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The next-message capture, tried before every other handler (CAPTURE_GROUP)."""
    private = filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL
    return [MessageHandler(filters.UpdateType.MESSAGE & private, capture)]


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The studio's commands and buttons."""
    return [
        CommandHandler("studio", open_studio),
        CommandHandler("inbox", inbox),
        CallbackQueryHandler(open_studio, pattern=rf"^{OPEN_DATA}$"),
        CallbackQueryHandler(name_choice, pattern=r"^studio:name:(yes|no)$"),
        CallbackQueryHandler(inbox_button, pattern=r"^studio:(star|hide):\d{1,12}:[01]$"),
    ]


async def purge_job(context: BotContext) -> None:
    """Delete messages past their retention."""
    await context.service(StudioService).inbox.purge()


async def on_startup(application: BotApplication) -> None:
    """Delete old messages every hour."""
    if application.job_queue is not None:
        application.job_queue.run_repeating(purge_job, PURGE_EVERY_S, name=PURGE_JOB)


FEATURE = Feature(
    name="studio",
    service=lambda services: StudioService(
        services.core,
        services.get(PollService),
        services.get(ArticleService),
        services.get(DeliveryService),
        services.get(ScheduleService),
    ),
    handlers=handlers,
    other_groups=lambda: {CAPTURE_GROUP: capture_handlers()},
    start_jobs=on_startup,
    commands=COMMANDS,
)
