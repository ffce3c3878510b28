"""/newpoll: one line (`/newpoll Question? | Yes | No`) or a short guided dialogue."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.polls.rules import PollDraft, PollRuleError, split_options
from bot.polls.service import PollService
from bot.texts.core import text as core_text
from bot.texts.polls import text
from handlers.common import language_of, reply
from handlers.context import BotContext
from handlers.polls_jobs import schedule_due_check
from storage.poll_models import Poll, PollStatus

QUESTION, OPTIONS, CHOICE, CLOSING, PREVIEW = range(5)
OPEN_NOW, KEEP_DRAFT = "newpoll:open", "newpoll:draft"
DECISION_PATTERN = r"^newpoll:(open|draft)$"
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
    await reply(update, text("ask_options", language), reply_markup=_done_keyboard(language))
    return OPTIONS


async def got_options(update: Update, context: BotContext) -> int:
    """Step 2: the options, all at once (`A | B | C` or one per line) or one per message
    ended by the Done button."""
    language = language_of(update)
    answer = _answer(update)
    draft = _draft(context)
    if answer.strip().casefold() in {text("done_button", language).casefold(), "done"}:
        return await _options_done(update, context, draft.options)
    given = split_options(answer)
    if not given:
        await reply(update, text("ask_options", language), reply_markup=_done_keyboard(language))
        return OPTIONS
    if len(given) > 1 and not draft.options:
        return await _options_done(update, context, given)
    try:
        draft.options = context.service(PollService).check_options_so_far([*draft.options, *given])
    except PollRuleError as problem:
        await reply(update, text(problem.rule, language, **problem.values))
        return OPTIONS
    added = text(
        "option_added", language, option=given[-1] if given else "", count=len(draft.options)
    )
    await reply(update, added, reply_markup=_done_keyboard(language))
    return OPTIONS


async def _options_done(update: Update, context: BotContext, options: list[str]) -> int:
    language = language_of(update)
    try:
        _draft(context).options = context.service(PollService).check_options(options)
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


def _done_keyboard(language: str | None) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(text("done_button", language))]], resize_keyboard=True
    )


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
    """Step 4: the closing time (or the end of the next show); then a preview to confirm."""
    language = language_of(update)
    draft = _draft(context)
    answer = _answer(update)
    if answer.casefold() != text("default_closing_button", language).casefold():
        try:
            draft.closes_at = context.service(PollService).parse_closing(answer).closes_at
        except PollRuleError as problem:
            await reply(update, text(problem.rule, language, **problem.values))
            return CLOSING
    try:
        checked = context.service(PollService).check_draft(draft)
    except PollRuleError as problem:
        await reply(update, text(problem.rule, language, **problem.values))
        return CLOSING
    await reply(update, text("preview_ready", language), reply_markup=ReplyKeyboardRemove())
    kind = text("multiple_button" if checked.multiple else "single_button", language)
    preview = text(
        "preview",
        language,
        question=checked.question,
        options="\n".join(f"• {option}" for option in checked.options),
        kind=kind,
        when=context.service(PollService).when_text(checked.closes_at, language),
    )
    buttons = InlineKeyboardMarkup(
        [[InlineKeyboardButton(text("open_now_button", language), callback_data=OPEN_NOW),
          InlineKeyboardButton(text("keep_draft_button", language), callback_data=KEEP_DRAFT)]]
    )  # fmt: skip
    await reply(update, preview, reply_markup=buttons)
    return PREVIEW


async def got_decision(update: Update, context: BotContext) -> int:
    """Step 5: "Open now" creates and shows the poll; "Keep as draft" stores it unopened."""
    query, user = update.callback_query, update.effective_user
    if query is None:
        return PREVIEW
    language = language_of(update)
    await query.answer()
    await query.edit_message_reply_markup(None)
    keep_draft = query.data == KEEP_DRAFT
    try:
        poll = await context.service(PollService).create(
            _draft(context), user.id if user else None, keep_draft=keep_draft
        )
    except PollRuleError as problem:  # e.g. the closing time passed meanwhile
        await reply(update, text(problem.rule, language, **problem.values))
        await reply(update, text("ask_closing", language))
        return CLOSING
    context.user_data.pop(DRAFT_KEY, None)  # type: ignore[union-attr]
    if keep_draft:
        await reply(update, text("kept_draft", language, id=poll.id))
    else:
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
    with warnings.catch_warnings():
        # The preview's buttons belong to one message per dialogue: per_message is not needed.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[CommandHandler("newpoll", begin)],
            states={
                QUESTION: [MessageHandler(ANSWER, got_question)],
                OPTIONS: [MessageHandler(ANSWER, got_options)],
                CHOICE: [MessageHandler(ANSWER, got_choice)],
                CLOSING: [MessageHandler(ANSWER, got_closing)],
                PREVIEW: [CallbackQueryHandler(got_decision, pattern=DECISION_PATTERN)],
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
