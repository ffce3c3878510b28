"""Rendering the articles feature's results as Telegram replies (shared by its handlers)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.error import BadRequest

from bot.articles.service import ArticleStats
from bot.core.messages import OutgoingMessage
from bot.texts import formats
from bot.texts.articles import failure_reason, text
from handlers.context import BotContext
from handlers.telegram_port import send_kwargs
from storage.article_models import Feed, Subscription


async def send(update: Update, message: OutgoingMessage) -> Message | None:
    """Send a domain message to the update's chat; plain text once if the HTML is refused."""
    chat = update.effective_chat
    if chat is None:
        return None
    try:
        return await chat.send_message(**send_kwargs(message))  # type: ignore[arg-type]
    except BadRequest as error:
        if message.fallback_text is None or "parse entities" not in str(error).lower():
            raise
        plain = message.model_copy(update={"text": message.fallback_text, "html": False})
        return await chat.send_message(**send_kwargs(plain))  # type: ignore[arg-type]


def zone_of(context: BotContext) -> ZoneInfo:
    """The show's time zone, for article dates."""
    return ZoneInfo(context.core.config.show.timezone)


def subscription_line(subscription: Subscription, language: str | None) -> str:
    """`everything`, `topic`, or `topic (keyword “…”)`."""
    topic = subscription.topic or text("everything", language)
    if subscription.keyword:
        return text("with_keyword", language, topic=topic, keyword=subscription.keyword)
    return topic


def _when(moment: datetime | None, context: BotContext, language: str | None) -> str:
    if moment is None:
        return text("feed_never", language)
    return moment.astimezone(zone_of(context)).strftime("%d/%m/%Y %H:%M")


def feed_lines(feeds: list[Feed], context: BotContext, language: str | None) -> str:
    """One block per feed: number, name, status, source, last success and error."""
    blocks = [text("feeds_title", language)]
    for feed in feeds:
        if feed.failures:
            status = text("feed_failing", language, failures=feed.failures)
        elif feed.last_success_at is None:
            status = text("feed_waiting", language)
        else:
            status = text("feed_ok", language)
        error = ""
        if feed.last_error or feed.last_error_reason:
            reason = failure_reason(feed.last_error_reason, language)
            error = text("feed_error", language, error=reason)
        blocks.append(
            text(
                "feed_line",
                language,
                n=feed.id,
                name=feed.name,
                status=status,
                source=feed.source,
                interval=formats.number(feed.interval_minutes, language),
                success=_when(feed.last_success_at, context, language),
                error=error,
            )
        )
    return "\n".join(blocks)


def stats_text(stats: ArticleStats, language: str | None) -> str:
    """The /stats answer."""
    lines = text(
        "stats",
        language,
        subscribers=stats.subscribers,
        active=stats.active_chats,
        chats=stats.chats,
        articles=stats.articles,
        feeds=stats.feeds,
    )
    figures = stats.delivery
    if figures is None:
        return lines + text("stats_no_delivery", language)
    keys = ("pending", "sent_last_hour", "failed_last_hour", "sent_last_day", "failed_last_day")
    values = {key: figures.get(key, 0) for key in (*keys, "sent_total", "failed_total")}
    return lines + text(
        "stats_delivery",
        language,
        pending=values["pending"],
        sent_hour=values["sent_last_hour"],
        failed_hour=values["failed_last_hour"],
        sent_day=values["sent_last_day"],
        failed_day=values["failed_last_day"],
        sent_total=values["sent_total"],
        failed_total=values["failed_total"],
    )
