"""/publish for editors: one line (`Title | text | link | tags`) or a short guided dialogue."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.articles.formatting import TITLE_LIMIT
from bot.articles.service import ArticleService
from bot.articles.telegram_html import safe_link, utf16_len
from bot.core.arguments import IDS
from bot.texts.articles import plural, text
from bot.texts.core import text as core_text
from bot.texts.numbers import format_number
from handlers.articles_breaking import (
    BREAKING_COMMAND,
    ask_breaking,
    breaking_button,
    is_breaking,
    publish_breaking,
)
from handlers.common import admin_only, language_of, reply
from handlers.context import BotContext

TITLE, BODY, LINK, TAGS, CONFIRM = range(5)
DRAFT = "publish_draft"
UPDATES = "publish_updates"  # article id → the text an editor sent again, for "Update it"
UPDATE_PREFIX = "publish:update:"
UPDATE_PATTERN = r"^publish:update:\d{1,9}$"
TIMEOUT_S = 600


def split_one_line(arguments: str) -> tuple[str, str, str | None, list[str]] | None:
    """`Title | text | link | tags` → parts; the link may be left out; None if unusable."""
    parts = [part.strip() for part in arguments.split("|")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return None
    title, body, rest = parts[0], parts[1], parts[2:]
    link: str | None = None
    if rest and (rest[0].lower().startswith(("http://", "https://")) or not rest[0]):
        link = rest.pop(0) or None
    elif len(rest) > 1:  # a third part that is not a link, then more: a bad link
        return None
    tags = [tag.strip() for part in rest for tag in part.split(",") if tag.strip()]
    return title, body, link, tags


async def _title_too_long(update: Update, title: str) -> bool:
    """Whether the title is over the limit; if so the editor is told, before anything is done."""
    length = utf16_len(title)
    if length <= TITLE_LIMIT:
        return False
    language = language_of(update)
    most, given = format_number(TITLE_LIMIT, language), format_number(length, language)
    await reply(update, text("publish_title_too_long", language, most=most, length=given))
    return True


async def _publish(update: Update, context: BotContext, draft: dict[str, Any]) -> None:
    language = language_of(update)
    result = await context.service(ArticleService).publish(
        draft["title"], draft["body"], draft.get("link"), draft.get("tags", [])
    )
    if result.queued is None:
        article = result.article
        updates: dict[int, dict[str, Any]] = _user_data(context).setdefault(UPDATES, {})
        updates[article.id] = dict(draft)
        button = InlineKeyboardButton(
            text("update_button", language), callback_data=f"{UPDATE_PREFIX}{article.id}"
        )
        await reply(
            update,
            text("publish_duplicate", language, id=article.id, title=article.title),
            reply_markup=InlineKeyboardMarkup([[button]]),
        )
        return
    published = plural("published", result.queued, language, title=result.article.title)
    await reply(update, published)


def _user_data(context: BotContext) -> dict[Any, Any]:
    user_data = context.user_data
    assert user_data is not None
    return user_data


def _draft(context: BotContext) -> dict[str, Any]:
    draft: dict[str, Any] = _user_data(context).setdefault(DRAFT, {})
    return draft


@admin_only
async def update_button(update: Update, context: BotContext) -> None:
    """ "Update it" under "already published as #N": edit the stored article with the text
    the editor sent; subscribers are not sent it again."""
    query = update.callback_query
    if query is None:
        return
    language = language_of(update)
    article_id = IDS.parse((query.data or "").removeprefix(UPDATE_PREFIX))
    updates: dict[int, dict[str, Any]] = _user_data(context).get(UPDATES, {})
    draft = updates.pop(article_id, None) if article_id is not None else None
    if article_id is None or draft is None:
        await query.answer(core_text("stale_button", language), show_alert=True)
        return
    await query.answer()
    await query.edit_message_reply_markup(None)
    article = await context.service(ArticleService).update_published(
        article_id, draft["title"], draft["body"], draft.get("link"), draft.get("tags", [])
    )
    key = "article_updated" if article is not None else "article_gone"
    await reply(update, text(key, language, id=article_id))


@admin_only
async def start(update: Update, context: BotContext) -> int:
    """One-line form: publish at once; no arguments: start the dialogue. /publish! asks to
    confirm a paid broadcast first."""
    language = language_of(update)
    breaking = is_breaking(update)
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    if len(parts) > 1:
        parsed = split_one_line(parts[1])
        if parsed is None:
            await reply(update, text("publish_usage", language))
            return ConversationHandler.END
        title, body, link, tags = parsed
        if await _title_too_long(update, title):
            return ConversationHandler.END
        if link is not None and safe_link(link) is None:
            await reply(update, text("publish_bad_link", language))
            return ConversationHandler.END
        draft = {"title": title, "body": body, "link": link, "tags": tags}
        if breaking:
            _draft(context).clear()
            _draft(context).update(draft)
            return await _ask_breaking(update, context)
        await _publish(update, context, draft)
        return ConversationHandler.END
    _draft(context).clear()
    _draft(context)["breaking"] = breaking
    await reply(update, text("publish_ask_title", language))
    return TITLE


async def got_title(update: Update, context: BotContext) -> int:
    """Remember the title (asking again when it is too long), ask for the text."""
    title = (update.effective_message.text or "").strip()  # type: ignore[union-attr]
    if await _title_too_long(update, title):
        return TITLE
    _draft(context)["title"] = title
    await reply(update, text("publish_ask_text", language_of(update)))
    return BODY


async def got_body(update: Update, context: BotContext) -> int:
    """Remember the text, ask for a link."""
    _draft(context)["body"] = (update.effective_message.text or "").strip()  # type: ignore[union-attr]
    await reply(update, text("publish_ask_link", language_of(update)))
    return LINK


async def got_link(update: Update, context: BotContext) -> int:
    """Remember the link (or none), ask for tags."""
    language = language_of(update)
    message_text = (update.effective_message.text or "").strip()  # type: ignore[union-attr]
    if not message_text.startswith("/skip"):
        if safe_link(message_text) is None:
            await reply(update, text("publish_bad_link", language))
            return LINK
        _draft(context)["link"] = message_text
    await reply(update, text("publish_ask_tags", language))
    return TAGS


async def got_tags(update: Update, context: BotContext) -> int:
    """Remember the tags (or none), show the article and ask to confirm."""
    language = language_of(update)
    message_text = (update.effective_message.text or "").strip()  # type: ignore[union-attr]
    draft = _draft(context)
    if not message_text.startswith("/skip"):
        draft["tags"] = [tag.strip() for tag in message_text.split(",") if tag.strip()]
    if draft.get("breaking"):
        return await _ask_breaking(update, context)
    summary = "\n".join(
        part
        for part in (
            draft.get("title", ""),
            draft.get("body", "")[:500],
            draft.get("link") or "",
            ", ".join(draft.get("tags", [])),
        )
        if part
    )
    row = [
        InlineKeyboardButton(text("publish_button", language), callback_data="publish:yes"),
        InlineKeyboardButton(text("cancel_button", language), callback_data="publish:no"),
    ]
    if context.core.config.delivery.paid_broadcast != "off":
        row.insert(1, breaking_button(language))
    buttons = InlineKeyboardMarkup([row])
    await reply(update, f"{text('publish_confirm', language)}\n\n{summary}", reply_markup=buttons)
    return CONFIRM


async def confirmed(update: Update, context: BotContext) -> int:
    """Publish, or cancel, as pressed."""
    query = update.callback_query
    if query is None:
        return CONFIRM
    await query.answer()
    await query.edit_message_reply_markup(None)
    if query.data == "publish:breaking":
        return await _ask_breaking(update, context)
    if query.data == "publish:paid":
        if not await publish_breaking(update, context, dict(_draft(context))):
            await reply(update, text("publish_duplicate", language_of(update)))
    elif query.data == "publish:yes":
        await _publish(update, context, dict(_draft(context)))
    else:
        await reply(update, text("publish_cancelled", language_of(update)))
    _draft(context).clear()
    return ConversationHandler.END


async def _ask_breaking(update: Update, context: BotContext) -> int:
    """Show the paid broadcast's estimate to confirm, or end if paid broadcast is off."""
    draft = _draft(context)
    cancel_label = text("cancel_button", language_of(update))
    if await ask_breaking(update, context, draft.get("title", ""), cancel_label):
        return CONFIRM
    draft.clear()
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    """Leave the dialogue, publishing nothing."""
    _draft(context).clear()
    await reply(update, text("publish_cancelled", language_of(update)))
    return ConversationHandler.END


def publish_handler() -> BaseHandler[Update, BotContext, Any]:
    """The /publish conversation (per editor per chat)."""
    typed = filters.TEXT & ~filters.COMMAND
    states: dict[object, list[BaseHandler[Update, BotContext, Any]]] = {
        TITLE: [MessageHandler(typed, got_title)],
        BODY: [MessageHandler(typed, got_body)],
        LINK: [MessageHandler(typed, got_link), CommandHandler("skip", got_link)],
        TAGS: [MessageHandler(typed, got_tags), CommandHandler("skip", got_tags)],
        CONFIRM: [CallbackQueryHandler(confirmed, pattern=r"^publish:(yes|no|breaking|paid)$")],
    }
    with warnings.catch_warnings():
        # The confirm buttons belong to one message per dialogue: per_message is not needed.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                MessageHandler(filters.Regex(BREAKING_COMMAND), start),
                CommandHandler("publish", start),
            ],
            states=states,
            fallbacks=[CommandHandler("cancel", cancel)],
            conversation_timeout=TIMEOUT_S,
        )
