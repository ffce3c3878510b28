"""Telegram handlers of the articles feature: reading, subscriptions, feeds, /stats."""

from __future__ import annotations

import hashlib
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.articles.formatting import article_list
from bot.articles.service import (
    MAX_INTERVAL_MINUTES,
    MAX_LATEST,
    MIN_INTERVAL_MINUTES,
    ArticleService,
)
from bot.articles.urls import BadFeedUrl
from bot.core.arguments import IDS, NumberRange
from bot.delivery.service import DeliveryService
from bot.texts.articles import COMMANDS, text
from handlers.articles_publish import UPDATE_PATTERN, publish_handler, update_button
from handlers.articles_render import feed_lines, send, stats_text, subscription_line, zone_of
from handlers.common import admin_only, group_admins_only, language_of, number_argument, reply
from handlers.context import BotApplication, BotContext
from handlers.feature import Feature

log = logging.getLogger(__name__)

POLL_EVERY_S = 30
LATEST_COUNTS = NumberRange(1, MAX_LATEST)
INTERVALS = NumberRange(MIN_INTERVAL_MINUTES, MAX_INTERVAL_MINUTES)
TOPIC_PREFIX = "sub#"


def _arguments(update: Update) -> str:
    """What follows the command in the message."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    return parts[1].strip() if len(parts) > 1 else ""


async def _remember_chat(update: Update, context: BotContext) -> int | None:
    chat = update.effective_chat
    if chat is None:
        return None
    await context.chats.seen(chat.id, chat.type, chat.title, language_of(update))
    return chat.id


# -- reading --------------------------------------------------------------------------------
async def latest(update: Update, context: BotContext) -> None:
    """The newest articles (/latest N for another number)."""
    argument = _arguments(update)
    count = await number_argument(update, "latest", argument, LATEST_COUNTS) if argument else 5
    if count is not None:
        await _send_latest(update, context, count)


async def _send_latest(update: Update, context: BotContext, count: int) -> None:
    language = language_of(update)
    articles = await context.service(ArticleService).latest(count)
    if not articles:
        await reply(update, text("no_articles", language))
        return
    await send(update, article_list(text("latest_title", language), articles, zone_of(context)))


async def latest_button(update: Update, context: BotContext) -> None:
    """The "latest articles" button of the hint message: what /latest shows."""
    if update.callback_query:
        await update.callback_query.answer()
    await _send_latest(update, context, 5)


async def search(update: Update, context: BotContext) -> None:
    """Articles matching the words, or "nothing found"."""
    language = language_of(update)
    words = _arguments(update)
    if not words:
        await reply(update, text("search_usage", language))
        return
    found = await context.service(ArticleService).search(words)
    shown = " ".join(words.split())[:60]
    if not found:
        await reply(update, text("nothing_found", language, query=shown))
        return
    heading = text("search_title", language, query=shown)
    await send(update, article_list(heading, found, zone_of(context)))


def topic_data(tag: str) -> str:
    """Callback data for a topic button, always within Telegram's 64 bytes."""
    return TOPIC_PREFIX + hashlib.sha1(tag.encode(), usedforsecurity=False).hexdigest()[:16]


async def topics(update: Update, context: BotContext) -> None:
    """Known topics with their counts, each a button to subscribe."""
    language = language_of(update)
    known = await context.service(ArticleService).topics()
    if not known:
        await reply(update, text("no_topics", language))
        return
    rows = [
        [InlineKeyboardButton(f"{topic.tag} ({topic.count})", callback_data=topic_data(topic.tag))]
        for topic in known
    ]
    await reply(update, text("topics_title", language), reply_markup=InlineKeyboardMarkup(rows))


@group_admins_only
async def topic_button(update: Update, context: BotContext) -> None:
    """Subscribe the chat to the topic of the pressed button."""
    query = update.callback_query
    if query is None:
        return
    language = language_of(update)
    tags = {topic_data(t.tag): t.tag for t in await context.service(ArticleService).topics()}
    tag = tags.get(query.data or "")
    chat_id = await _remember_chat(update, context)
    if tag is None or chat_id is None:
        await query.answer(text("no_topics", language))
        return
    _, added = await context.service(ArticleService).subscribe(chat_id, tag)
    answer = text("subscribed_topic", language, topic=tag) if added else None
    await query.answer(answer or text("already_subscribed", language))
    await reply(update, answer or text("already_subscribed", language))


# -- subscriptions --------------------------------------------------------------------------
@group_admins_only
async def subscribe(update: Update, context: BotContext) -> None:
    """Subscribe the chat to everything, a topic, or a topic with a keyword."""
    language = language_of(update)
    chat_id = await _remember_chat(update, context)
    if chat_id is None:
        return
    subscription, added = await context.service(ArticleService).subscribe(
        chat_id, _arguments(update)
    )
    if not added:
        await reply(update, text("already_subscribed", language))
    elif subscription.keyword:
        topic = subscription_line(subscription.model_copy(update={"keyword": ""}), language)
        await reply(
            update,
            text("subscribed_keyword", language, topic=topic, keyword=subscription.keyword),
        )
    elif subscription.topic:
        await reply(update, text("subscribed_topic", language, topic=subscription.topic))
    else:
        await reply(update, text("subscribed_all", language))


@group_admins_only
async def unsubscribe(update: Update, context: BotContext) -> None:
    """Remove a topic's subscriptions, or all of them."""
    language = language_of(update)
    chat = update.effective_chat
    if chat is None:
        return
    topic, removed = await context.service(ArticleService).unsubscribe(chat.id, _arguments(update))
    if not removed:
        await reply(update, text("not_subscribed", language))
    elif topic:
        await reply(update, text("unsubscribed_topic", language, topic=topic))
    else:
        await reply(update, text("unsubscribed_all", language))


async def subscriptions(update: Update, context: BotContext) -> None:
    """The chat's subscriptions."""
    language = language_of(update)
    chat = update.effective_chat
    if chat is None:
        return
    found = await context.service(ArticleService).subscriptions(chat.id)
    if not found:
        await reply(update, text("subscriptions_none", language))
        return
    lines = [text("subscriptions_title", language)]
    lines += [f"• {subscription_line(s, language)}" for s in found]
    await reply(update, "\n".join(lines))


# -- feeds and stats (admins) ---------------------------------------------------------------
@admin_only
async def feeds(update: Update, context: BotContext) -> None:
    """Each feed with its status, last success and last error."""
    language = language_of(update)
    known = await context.service(ArticleService).feeds()
    if not known:
        await reply(update, text("feeds_none", language))
        return
    await reply(update, feed_lines(known, context, language)[:4000])


@admin_only
async def add_feed(update: Update, context: BotContext) -> None:
    """Add a feed: /addfeed URL [minutes]."""
    language = language_of(update)
    parts = _arguments(update).split()
    if not 1 <= len(parts) <= 2:
        await reply(update, text("addfeed_usage", language))
        return
    minutes: int | None = None
    if len(parts) == 2:
        minutes = await number_argument(update, "addfeed", parts[1], INTERVALS)
        if minutes is None:
            return
    try:
        feed, added = await context.service(ArticleService).add_feed(parts[0], minutes)
    except BadFeedUrl as refused:
        reason = text(refused.reason, language, **refused.values)
        await reply(update, text("addfeed_refused", language, reason=reason))
        return
    if added:
        await reply(update, text("addfeed_done", language, n=feed.id, source=feed.source))
    else:
        await reply(update, text("addfeed_exists", language, n=feed.id))


@admin_only
async def remove_feed(update: Update, context: BotContext) -> None:
    """Remove an added feed: /removefeed N."""
    language = language_of(update)
    argument = _arguments(update)
    if not argument:
        await reply(update, text("removefeed_usage", language))
        return
    feed_id = await number_argument(update, "removefeed", argument, IDS)
    if feed_id is None:
        return
    feed = await context.service(ArticleService).remove_feed(feed_id)
    if feed is None:
        await reply(update, text("removefeed_unknown", language, n=feed_id))
    elif feed.from_config:
        await reply(update, text("removefeed_config", language, n=feed.id))
    else:
        await reply(update, text("removefeed_done", language, n=feed.id))


@admin_only
async def stats(update: Update, context: BotContext) -> None:
    """Subscribers, active chats, articles, and deliveries pending, sent and failed."""
    await reply(
        update, stats_text(await context.service(ArticleService).stats(), language_of(update))
    )


async def poll_feeds(context: BotContext) -> None:
    """JobQueue job: poll the feeds that are due; failures are recorded per feed."""
    outcomes = await context.service(ArticleService).poll_due()
    if outcomes:
        log.debug("polled %d feed(s)", len(outcomes))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The articles feature's handlers, in the order they must be tried."""
    return [
        publish_handler(),
        CommandHandler("latest", latest),
        CommandHandler("search", search),
        CommandHandler("topics", topics),
        CommandHandler("subscribe", subscribe),
        CommandHandler("unsubscribe", unsubscribe),
        CommandHandler("subscriptions", subscriptions),
        CommandHandler("feeds", feeds),
        CommandHandler("addfeed", add_feed),
        CommandHandler("removefeed", remove_feed),
        CommandHandler("stats", stats),
        CallbackQueryHandler(latest_button, pattern=r"^menu:latest$"),
        CallbackQueryHandler(update_button, pattern=UPDATE_PATTERN),
        CallbackQueryHandler(topic_button, pattern=r"^sub#[0-9a-f]{16}$"),
    ]


async def on_startup(application: BotApplication) -> None:
    """Poll the feeds every half minute (each feed at its own interval, with backoff)."""
    if application.job_queue is None:
        log.warning("no JobQueue: feeds are read only at start")
        return
    application.job_queue.run_repeating(
        poll_feeds, interval=POLL_EVERY_S, first=POLL_EVERY_S, name="articles:poll-feeds"
    )


FEATURE = Feature(
    name="articles",
    service=lambda services: ArticleService(services.core, services.get(DeliveryService)),
    handlers=handlers,
    start_jobs=on_startup,
    commands=COMMANDS,
)
