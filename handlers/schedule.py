"""Telegram handlers of the schedule feature: commands, the menu's button, reminder job."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
)

from bot.delivery.service import DeliveryService
from bot.schedule.service import ScheduleService
from bot.studio.service import StudioService
from bot.texts.core import text as core_text
from bot.texts.schedule import COMMANDS
from handlers.common import language_of, may_manage_chat, reply
from handlers.context import BotApplication, BotContext
from handlers.feature import Feature
from handlers.telegram_port import inline_markup

log = logging.getLogger(__name__)

REMINDER_JOB = "schedule:reminders"
# The job wakes at least hourly, so a clock or config surprise is caught within the hour.
LONGEST_WAIT_S = 3600.0
SHORTEST_WAIT_S = 0.5


def _argument(context: BotContext) -> str | None:
    return " ".join(context.args) if context.args else None


async def next_airing(update: Update, context: BotContext) -> None:
    """/next: the next airing in the chat's time zone, and how long until it starts."""
    chat = update.effective_chat
    if chat is not None:
        await reply(
            update, await context.service(ScheduleService).next_text(chat.id, language_of(update))
        )


async def on_air_now(update: Update, context: BotContext) -> None:
    """/now: whether the show is on air, else the next airing (with the "Message the studio"
    button while the studio is open)."""
    chat = update.effective_chat
    if chat is None:
        return
    language = language_of(update)
    button = context.service(StudioService).message_button(language)
    markup = inline_markup(((button,),)) if button is not None else None
    await reply(
        update,
        await context.service(ScheduleService).now_text(chat.id, language),
        reply_markup=markup,
    )


async def week(update: Update, context: BotContext) -> None:
    """/schedule: the coming week."""
    chat = update.effective_chat
    if chat is not None:
        await reply(
            update, await context.service(ScheduleService).week_text(chat.id, language_of(update))
        )


async def hosts(update: Update, context: BotContext) -> None:
    """/hosts: who presents the show, and the station."""
    await reply(update, context.service(ScheduleService).hosts_text(language_of(update)))


async def calendar(update: Update, context: BotContext) -> None:
    """/calendar: an .ics file of the airings."""
    chat = update.effective_chat
    if chat is None:
        return
    filename, data, caption = context.service(ScheduleService).calendar_file(language_of(update))
    await chat.send_document(document=data, filename=filename, caption=caption)


async def timezone(update: Update, context: BotContext) -> None:
    """/timezone [AREA/CITY|reset]: show or set the chat's time zone."""
    chat = update.effective_chat
    if chat is None:
        return
    language = language_of(update)
    name = _argument(context)
    if name is None:
        await reply(update, await context.service(ScheduleService).timezone(chat.id, language))
        return
    if not await may_manage_chat(update, context):
        await reply(update, core_text("group_admins_only", language))
        return
    answer = await context.service(ScheduleService).set_timezone(
        chat.id, chat.type, chat.title, language, name
    )
    await reply(update, answer)


async def remind(update: Update, context: BotContext) -> None:
    """/remind [MINUTES|off]: a reminder before every airing."""
    chat = update.effective_chat
    if chat is None:
        return
    language = language_of(update)
    if not await may_manage_chat(update, context):
        await reply(update, core_text("group_admins_only", language))
        return
    answer = await context.service(ScheduleService).remind(
        chat.id, chat.type, chat.title, language, _argument(context)
    )
    await reply(update, answer)
    await plan_reminders(context.application)  # type: ignore[arg-type]


async def menu_next(update: Update, context: BotContext) -> None:
    """The hint's "next show" button: answered like /next."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    await query.answer()
    await reply(
        update, await context.service(ScheduleService).next_text(chat.id, language_of(update))
    )


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The schedule feature's handlers, in the order they must be tried."""
    return [
        CommandHandler("next", next_airing),
        CommandHandler("now", on_air_now),
        CommandHandler("schedule", week),
        CommandHandler("hosts", hosts),
        CommandHandler("calendar", calendar),
        CommandHandler("timezone", timezone),
        CommandHandler("remind", remind),
        CallbackQueryHandler(menu_next, pattern=r"^menu:next$"),
    ]


async def reminder_job(context: BotContext) -> None:
    """Queue the reminders due now, then plan the next run (even if queueing failed)."""
    try:
        await context.service(ScheduleService).send_due_reminders()
    finally:
        await plan_reminders(context.application)  # type: ignore[arg-type]


async def plan_reminders(application: BotApplication) -> None:
    """(Re)schedule the one reminder job for the earliest reminder due, from the database."""
    services, job_queue = application.bot_data.services, application.job_queue
    if services is None or job_queue is None:
        return
    for job in job_queue.get_jobs_by_name(REMINDER_JOB):
        job.schedule_removal()
    due = await services.get(ScheduleService).next_reminder_due()
    wait = LONGEST_WAIT_S
    if due is not None:
        seconds = (due - services.core.clock.now()).total_seconds()
        wait = min(LONGEST_WAIT_S, max(SHORTEST_WAIT_S, seconds))
    job_queue.run_once(reminder_job, when=wait, name=REMINDER_JOB)


async def on_startup(application: BotApplication) -> None:
    """Schedule the reminder job from the stored reminders (after a restart too)."""
    await plan_reminders(application)


FEATURE = Feature(
    name="schedule",
    service=lambda services: ScheduleService(
        services.core, services.get(DeliveryService), services.chats
    ),
    handlers=handlers,
    start_jobs=on_startup,
    commands=COMMANDS,
)
