"""Telegram glue of the polls feature: votes, results, admin commands, /forgetme."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from functools import lru_cache
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.articles.service import ArticleService
from bot.articles.telegram_html import cut_at_word
from bot.core.arguments import IDS
from bot.delivery.service import DeliveryService
from bot.polls.rules import PollRuleError
from bot.polls.service import PollService
from bot.polls.voting import VOTE_PREFIX, PressOutcome, PressResult
from bot.texts import pick_language
from bot.texts.polls import COMMANDS, plural, text
from handlers.common import admin_only, known_language_of, language_of, number_argument, reply
from handlers.context import BotApplication, BotContext
from handlers.feature import Feature
from handlers.polls_inline import PtbInlineEditor, inline_handlers
from handlers.polls_jobs import schedule_due_check, start_jobs
from handlers.polls_newpoll import newpoll_handler

log = logging.getLogger(__name__)
T = TypeVar("T")
RESULTS_PREFIX = "pr:"
MAX_RESULT_BUTTONS = 10
MAX_BUTTON_TEXT = 60


def is_vote_data(data: object) -> bool:
    """Whether a press carries poll vote data (well-formed or not: the service checks)."""
    return isinstance(data, str) and data.startswith(VOTE_PREFIX)


class VoteHandler(CallbackQueryHandler[BotContext, None]):
    """Presses carrying vote data (a pattern would also take presses without data)."""

    def check_update(self, update: object) -> bool:
        """Whether the update is a press with vote data."""
        return (
            isinstance(update, Update)
            and update.callback_query is not None
            and is_vote_data(update.callback_query.data)
        )


class PollButtonHandler(CallbackQueryHandler[BotContext, None]):
    """Presses on poll buttons, and on any button under a poll message (garbled data too)."""

    def check_update(self, update: object) -> bool:
        """Poll vote data, or a press on a message whose buttons are poll buttons."""
        if not isinstance(update, Update) or update.callback_query is None:
            return False
        query = update.callback_query
        if is_vote_data(query.data):
            return True
        markup = getattr(query.message, "reply_markup", None)
        rows = markup.inline_keyboard if markup is not None else ()
        return any(
            isinstance(button.callback_data, str) and button.callback_data.startswith("pv:")
            for row in rows
            for button in row
        )


def press_toast(result: PressResult, language: str | None) -> str:
    """The short answer to a press."""
    return _toast(result.outcome, result.chosen, pick_language(language))


@lru_cache(maxsize=1024)  # every vote needs one: a few per poll option and language
def _toast(outcome: PressOutcome, chosen: tuple[str, ...], language: str) -> str:
    if outcome in (PressOutcome.VOTED, PressOutcome.DUPLICATE) and chosen:
        key = "voted_multiple" if len(chosen) > 1 else "voted"
        return text(key, language, choice=", ".join(chosen))
    if outcome in (PressOutcome.TAKEN_BACK, PressOutcome.DUPLICATE):
        return text("taken_back", language)
    return text(outcome.value, language)


async def on_press(update: Update, context: BotContext) -> None:
    """A vote button: one domain call, then the toast at once."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    data = query.data if isinstance(query.data, str) else None
    result = await context.service(PollService).press(
        data,
        query.from_user.id,
        chat_id=message.chat.id if message else None,
        message_id=message.message_id if message else None,
        inline_message_id=query.inline_message_id,
        press_id=query.id,
    )
    await query.answer(press_toast(result, language_of(update)))


async def on_show_button(update: Update, context: BotContext) -> None:
    """'Vote' under an article, or 'poll' in the schedule's menu: show the poll here."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    language = language_of(update)
    known = await context.chats.seen(chat.id, chat.type, chat.title, language)
    if query.data == "menu:poll":
        current = await context.service(PollService).current()
        shown = (
            current is not None
            and await context.service(PollService).show(current.id, chat.id, known.language)
            is not None
        )
    else:
        shown = await context.service(PollService).show_from_button(
            query.data, chat.id, known.language
        )
    await query.answer(None if shown else text("no_open_poll", language))


async def results(update: Update, context: BotContext) -> None:
    """/results [N]: the tally and a PNG chart (listeners: once they voted or it closed).
    Without N: the open poll, or a button per open poll when there are several."""
    if context.args:
        poll_id = await number_argument(update, "results", " ".join(context.args), IDS)
        if poll_id is not None:
            await _show_results(update, context, poll_id)
        return
    open_polls = await context.service(PollService).open_polls()
    if len(open_polls) == 1:
        await _show_results(update, context, open_polls[0].id)
        return
    language = language_of(update)
    if not open_polls:
        await reply(update, text("no_open_poll", language))
        return
    rows = [
        [
            InlineKeyboardButton(
                cut_at_word(f"#{poll.id} {poll.question}", MAX_BUTTON_TEXT),
                callback_data=f"{RESULTS_PREFIX}{poll.id}",
            )
        ]
        for poll in open_polls[:MAX_RESULT_BUTTONS]
    ]
    await reply(update, text("results_pick", language), reply_markup=InlineKeyboardMarkup(rows))


async def results_button(update: Update, context: BotContext) -> None:
    """A poll's button under "which poll?": its results, as /results N shows them."""
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    poll_id = IDS.parse((query.data or "").removeprefix(RESULTS_PREFIX))
    if poll_id is not None:
        await _show_results(update, context, poll_id)


async def _show_results(update: Update, context: BotContext, poll_id: int) -> None:
    user, language = update.effective_user, language_of(update)
    if user is None:
        return
    view = await explain_rules(
        update, context.service(PollService).results(poll_id, user.id, language)
    )
    if view is None:
        return
    await reply(update, view.text, parse_mode=ParseMode.HTML)
    chat = update.effective_chat
    if chat is not None:
        await chat.send_photo(InputFile(view.chart, filename=f"poll-{view.poll.id}.png"))


async def forgetme(update: Update, context: BotContext) -> None:
    """/forgetme: every feature forgets the user; votes in open polls are deleted."""
    user = update.effective_user
    if user is None:
        return
    await context.chats.forget_user(user.id)
    await reply(update, text("forgotten", language_of(update)))


@admin_only
async def list_polls(update: Update, context: BotContext) -> None:
    """/polls: each poll with its status and voters."""
    language = language_of(update)
    summaries = await context.service(PollService).list_polls()
    if not summaries:
        await reply(update, text("no_polls", language))
        return
    lines = [text("polls_title", language)]
    for summary in summaries:
        poll = summary.poll
        question = cut_at_word(poll.question, 80)
        lines.append(
            text(
                "polls_line",
                language,
                id=poll.id,
                status=context.service(PollService).status_name(poll.status, language),
                question=question,
                voters=context.service(PollService).voters_text(summary.voters, language),
            )
        )
    await reply(update, "\n".join(lines))


async def explain_rules(update: Update, action: Awaitable[T]) -> T | None:
    """The action's result, or None after telling the user which poll rule it broke."""
    try:
        return await action
    except PollRuleError as problem:
        await reply(update, text(problem.rule, language_of(update), **problem.values))
        return None


@admin_only
async def open_poll(update: Update, context: BotContext) -> None:
    """/openpoll N: open a draft and show it here."""
    poll_id = await _required_number(update, context, "openpoll")
    chat = update.effective_chat
    if poll_id is None or chat is None:
        return
    language = language_of(update)
    poll = await explain_rules(update, context.service(PollService).open(poll_id))
    if poll is None:
        return
    when = context.service(PollService).when_text(poll.closes_at, language)
    await reply(update, text("opened", language, id=poll.id, when=when))
    known = await context.chats.seen(chat.id, chat.type, chat.title, language)
    await context.service(PollService).show(poll.id, chat.id, known.language)
    schedule_due_check(context.application, poll.closes_at)  # type: ignore[arg-type]


@admin_only
async def close_poll(update: Update, context: BotContext) -> None:
    """/closepoll N: close now; every poll message shows the final result."""
    poll_id = await _required_number(update, context, "closepoll")
    if poll_id is None:
        return
    language = language_of(update)
    poll = await explain_rules(update, context.service(PollService).close(poll_id))
    if poll is None:
        return
    await reply(update, text("closed_now", language, id=poll.id))


@admin_only
async def send_poll(update: Update, context: BotContext) -> None:
    """/sendpoll N: push the poll to every subscriber through the outbox."""
    poll_id = await _required_number(update, context, "sendpoll")
    if poll_id is None:
        return
    language = language_of(update)
    count = await explain_rules(update, context.service(PollService).send_to_subscribers(poll_id))
    if count is None:
        return
    await reply(update, plural("sent", count, language, id=poll_id))


@admin_only
async def export_poll(update: Update, context: BotContext) -> None:
    """/exportpoll N: the newsroom's CSV (header, options, breakdown by chat language)."""
    poll_id = await _required_number(update, context, "exportpoll")
    chat = update.effective_chat
    if poll_id is None or chat is None:
        return
    exported = await explain_rules(
        update, context.service(PollService).export(poll_id, known_language_of(update))
    )
    if exported is None:
        return
    name, data, language = exported
    await chat.send_document(
        InputFile(data, filename=name),
        caption=text("export_caption", language, id=poll_id),
    )


def vote_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Votes, the hot path: tried before every feature's handlers (no other takes vote data),
    so a press is not first checked against every command and button of the bot."""
    return [VoteHandler(on_press)]


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The polls feature's handlers, in the order they must be tried."""
    return [
        PollButtonHandler(on_press),  # what is not vote data, under a poll message
        CallbackQueryHandler(on_show_button, pattern=r"^(menu:poll|ps:\d{1,9})$"),
        newpoll_handler(),
        CommandHandler("results", results),
        CallbackQueryHandler(results_button, pattern=r"^pr:\d{1,9}$"),
        CommandHandler("forgetme", forgetme),
        CommandHandler("polls", list_polls),
        CommandHandler("openpoll", open_poll),
        CommandHandler("closepoll", close_poll),
        CommandHandler("sendpoll", send_poll),
        CommandHandler("exportpoll", export_poll),
        *inline_handlers(),
    ]


async def on_startup(application: BotApplication) -> None:
    """Give the service its inline editor; open and close polls by time."""
    services = application.bot_data.services
    if services is None:
        return
    services.get(PollService).set_inline_editor(PtbInlineEditor(application.bot))
    await start_jobs(application)


async def _required_number(update: Update, context: BotContext, command: str) -> int | None:
    """The poll number after the command, or None after saying what is expected."""
    if not context.args:
        await reply(update, text("usage_number", language_of(update), command=command))
        return None
    return await number_argument(update, command, " ".join(context.args), IDS)


FEATURE = Feature(
    name="polls",
    service=lambda services: PollService(
        services.core, services.get(DeliveryService), services.get(ArticleService)
    ),
    handlers=handlers,
    front_handlers=vote_handlers,
    start_jobs=on_startup,
    commands=COMMANDS,
)
