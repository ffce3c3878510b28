"""/newpoll: one line (`/newpoll Question? | Yes | No`) or a short guided dialogue."""

from __future__ import annotations

from typing import Any

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.polls.rules import PollDraft, PollRuleError
from bot.polls.service import PollService
from bot.texts.core import text as core_text
from bot.texts.polls import text
from handlers.common import language_of, reply
from handlers.context import BotContext
from handlers.polls_jobs import schedule_due_check
from storage.poll_models import Poll, PollStatus

QUESTION, OPTIONS, CHOICE, CLOSING = range(4)
DRAFT_KEY = "newpoll_draft"
ANSWER = filters.TEXT & ~filters.COMMAND


async def begin(update: Update, context: BotContext) -> int:
    """Admins only; with text after the command it is the one-line form."""
    user, message = update.effective_user, update.effective_message
    language = language_of(update)
    if message is None or not context.core.is_admin(user.id if user else None):
        await reply(update, core_text("admins_only", language))
        return ConversationHandler.END
    _, _, line = (message.text or "").partition(" ")
    if line.strip():
        try:
            poll = await context.service(PollService).create_from_line(
                line, user.id if user else None
            )
        except PollRuleError as problem:
            await reply(update, text(problem.rule, language, **problem.values))
            return ConversationHandler.END
        await announce(update, context, poll)
        return ConversationHandler.END
    context.user_data[DRAFT_KEY] = PollDraft()  # type: ignore[index]
    await reply(update, text("ask_question", language))
    return QUESTION


async def got_question(update: Update, context: BotContext) -> int:
    """Step 1: the question."""
    language = language_of(update)
    try:
        _draft(context).question = context.service(PollService).check_question(_answer(update))
    except PollRuleError as problem:
        await reply(update, text(problem.rule, language, **problem.values))
        return QUESTION
    await reply(update, text("ask_options", language))
    return OPTIONS


async def got_options(update: Update, context: BotContext) -> int:
    """Step 2: the options, one per line."""
    language = language_of(update)
    lines = [line for line in _answer(update).splitlines() if line.strip()]
    try:
        _draft(context).options = context.service(PollService).check_options(lines)
    except PollRuleError as problem:
        await reply(update, text(problem.rule, language, **problem.values))
        return OPTIONS
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton(text("single_button", language)),
          KeyboardButton(text("multiple_button", language))]],
        one_time_keyboard=True, resize_keyboard=True,
    )  # fmt: skip
    await reply(update, text("ask_multiple", language), reply_markup=keyboard)
    return CHOICE


async def got_choice(update: Update, context: BotContext) -> int:
    """Step 3: one answer or several."""
    language = language_of(update)
    answer = _answer(update).casefold()
    _draft(context).multiple = answer in {
        text("multiple_button", language).casefold(),
        "multiple",
        "several",
    }
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton(text("default_closing_button", language))]],
        one_time_keyboard=True, resize_keyboard=True,
    )  # fmt: skip
    await reply(update, text("ask_closing", language), reply_markup=keyboard)
    return CLOSING


async def got_closing(update: Update, context: BotContext) -> int:
    """Step 4: the closing time (or the end of the next show); then the poll is created."""
    language = language_of(update)
    draft = _draft(context)
    answer = _answer(update)
    if answer.casefold() != text("default_closing_button", language).casefold():
        try:
            draft.closes_at = context.service(PollService).parse_closing(answer).closes_at
        except PollRuleError as problem:
            await reply(update, text(problem.rule, language, **problem.values))
            return CLOSING
    user = update.effective_user
    try:
        poll = await context.service(PollService).create(draft, user.id if user else None)
    except PollRuleError as problem:
        await reply(update, text(problem.rule, language, **problem.values))
        return CLOSING
    context.user_data.pop(DRAFT_KEY, None)  # type: ignore[union-attr]
    await announce(update, context, poll)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """/cancel: drop the draft."""
    context.user_data.pop(DRAFT_KEY, None)  # type: ignore[union-attr]
    await reply(update, text("cancelled", language_of(update)), reply_markup=ReplyKeyboardRemove())
    return ConversationHandler.END


async def announce(update: Update, context: BotContext, poll: Poll) -> None:
    """Say when the new poll closes and show it, with its buttons, in the admin's chat."""
    chat = update.effective_chat
    if chat is None:
        return
    language = language_of(update)
    when = context.service(PollService).when_text(poll.closes_at, language)
    if poll.status == PollStatus.DRAFT and poll.opens_at is not None:
        opens = context.service(PollService).when_text(poll.opens_at, language)
        message = text("scheduled", language, id=poll.id, opens=opens, when=when)
        schedule_due_check(context.application, poll.opens_at)  # type: ignore[arg-type]
    else:
        message = text("created", language, id=poll.id, when=when)
    await reply(update, message, reply_markup=ReplyKeyboardRemove(), parse_mode=None)
    known = await context.chats.seen(chat.id, chat.type, chat.title, language)
    if poll.status == PollStatus.OPEN:
        await context.service(PollService).show(poll.id, chat.id, known.language)
    schedule_due_check(context.application, poll.closes_at)  # type: ignore[arg-type]


def newpoll_handler() -> BaseHandler[Update, BotContext, Any]:
    """The /newpoll conversation (per chat and user)."""
    return ConversationHandler(
        entry_points=[CommandHandler("newpoll", begin)],
        states={
            QUESTION: [MessageHandler(ANSWER, got_question)],
            OPTIONS: [MessageHandler(ANSWER, got_options)],
            CHOICE: [MessageHandler(ANSWER, got_choice)],
            CLOSING: [MessageHandler(ANSWER, got_closing)],
        },
        fallbacks=[CommandHandler("cancel", cancel)],
        name="newpoll",
    )


def _draft(context: BotContext) -> PollDraft:
    draft = context.user_data.get(DRAFT_KEY) if context.user_data is not None else None
    if not isinstance(draft, PollDraft):
        draft = PollDraft()
        context.user_data[DRAFT_KEY] = draft  # type: ignore[index]
    return draft


def _answer(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message else ""
