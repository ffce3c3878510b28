"""Telegram glue of the conversation: a plain-word message in, the domain's reply out.

The domain (`bot.conversation`) reads the message and decides; here the reply is sent, or
the articles or polls service is called for the actions it names. Subscribing and reminders
asked for in words only happen when the listener presses the confirm button.
"""

from __future__ import annotations

import logging

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.articles.formatting import article_list
from bot.articles.service import ArticleService
from bot.conversation.intents import Intent
from bot.conversation.replies import REMIND_PREFIX, SUBSCRIBE_PREFIX, Action, Reply, read_button
from bot.core.messages import OutgoingMessage
from bot.polls.rules import PollRuleError
from bot.polls.service import PollService
from bot.schedule.service import ScheduleService
from bot.studio.service import StudioService
from bot.texts.articles import text as articles_text
from bot.texts.conversation import text
from bot.texts.core import text as core_text
from bot.texts.polls import text as polls_text
from handlers.articles_render import send, zone_of
from handlers.common import (
    ADDRESSED_TO_BOT,
    group_admins_only,
    language_of,
    may_manage_chat,
    reply,
    strip_mention,
)
from handlers.context import BotContext
from handlers.feature import Feature
from handlers.schedule import plan_reminders
from handlers.telegram_port import send_kwargs

log = logging.getLogger(__name__)
LATEST_COUNT = 5


async def message(update: Update, context: BotContext) -> None:
    """A plain-word message: answered, or handed to the feature it asks for."""
    chat, incoming = update.effective_chat, update.effective_message
    if chat is None or incoming is None or not incoming.text:
        return
    asked = strip_mention(incoming.text, context.bot.username)
    user = update.effective_user
    telegram = user.language_code if user else None
    chosen = await context.chats.chosen_language(chat.id)
    answer = await context.service(ScheduleService).answer(chat.id, asked, telegram, chosen)
    match answer.action:
        case Action.LATEST:
            await _latest(update, context, answer)
        case Action.SEARCH:
            await _search(update, context, answer)
        case Action.POLL:
            await _poll(update, context, answer)
        case Action.RESULTS:
            await _results(update, context, answer)
        case _:
            if answer.message is not None:
                kwargs = send_kwargs(_with_studio_button(context, answer, answer.message))
                await reply(update, str(kwargs.pop("text")), **kwargs)


def _with_studio_button(
    context: BotContext, answer: Reply, message: OutgoingMessage
) -> OutgoingMessage:
    """ "Are you on air?" carries the "Message the studio" button while the studio is open."""
    if answer.understanding.intent is not Intent.ON_NOW or message.buttons:
        return message
    button = context.service(StudioService).message_button(answer.language)
    return message if button is None else message.model_copy(update={"buttons": ((button,),)})


async def _latest(update: Update, context: BotContext, answer: Reply) -> None:
    found = await context.service(ArticleService).latest(LATEST_COUNT)
    if not found:
        await reply(update, articles_text("no_articles", answer.language))
        return
    title = articles_text("latest_title", answer.language)
    await send(update, article_list(title, found, zone_of(context)))


async def _search(update: Update, context: BotContext, answer: Reply) -> None:
    found = await context.service(ArticleService).search(answer.subject)
    shown = answer.subject[:60]
    if not found:
        await reply(update, articles_text("nothing_found", answer.language, query=shown))
        return
    heading = articles_text("search_title", answer.language, query=shown)
    await send(update, article_list(heading, found, zone_of(context)))


async def _poll(update: Update, context: BotContext, answer: Reply) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    await context.chats.seen(chat.id, chat.type, chat.title, language_of(update))
    polls = context.service(PollService)
    current = await polls.current()
    if current is None or await polls.show(current.id, chat.id, answer.language) is None:
        await reply(update, polls_text("no_open_poll", answer.language))


async def _results(update: Update, context: BotContext, answer: Reply) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    try:
        view = await context.service(PollService).results(None, user.id, answer.language)
    except PollRuleError as problem:
        await reply(update, polls_text(problem.rule, answer.language, **problem.values))
        return
    await reply(update, view.text, parse_mode=ParseMode.HTML)
    await chat.send_photo(InputFile(view.chart, filename=f"poll-{view.poll.id}.png"))


@group_admins_only
async def confirm_subscribe(update: Update, context: BotContext) -> None:
    """The confirm button under "send me the news about …": subscribe the chat now."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or not isinstance(query.data, str):
        return
    language, topic = read_button(query.data, SUBSCRIBE_PREFIX)
    await context.chats.seen(chat.id, chat.type, chat.title, language_of(update))
    subscription, added = await context.service(ArticleService).subscribe(chat.id, topic)
    if not added:
        line = articles_text("already_subscribed", language)
    elif subscription.topic:
        line = articles_text("subscribed_topic", language, topic=subscription.topic)
    else:
        line = articles_text("subscribed_all", language)
    await query.answer()
    await reply(update, line)


async def confirm_remind(update: Update, context: BotContext) -> None:
    """The confirm button under "remind me 15 minutes before": set the reminder now."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or not isinstance(query.data, str):
        return
    language, minutes = read_button(query.data, REMIND_PREFIX)
    if not await may_manage_chat(update, context):
        await query.answer(core_text("group_admins_only", language), show_alert=True)
        return
    if not minutes.isdigit():
        await query.answer(text("expired", language), show_alert=True)
        return
    await query.answer()
    schedule = context.service(ScheduleService)
    answer = await schedule.remind(chat.id, chat.type, chat.title, language, minutes)
    await reply(update, answer)
    await plan_reminders(context.application)  # type: ignore[arg-type]


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The conversation's handlers: its confirm buttons, then every plain-word message."""
    plain_words = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ADDRESSED_TO_BOT
    return [
        CallbackQueryHandler(confirm_subscribe, pattern=rf"^{SUBSCRIBE_PREFIX}"),
        CallbackQueryHandler(confirm_remind, pattern=rf"^{REMIND_PREFIX}[a-z]{{2}}:\d{{1,4}}$"),
        MessageHandler(plain_words, message),
    ]


# No service of its own: it reads with the schedule's and hands over to articles and polls.
FEATURE = Feature(name="conversation", handlers=handlers)
