"""The composition root: builds the `Application` and registers every handler in one place."""

from __future__ import annotations

import logging

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes, ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.base.clock import Clock, SystemClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.shared import Core
from bot.runtime.acking import AckingApplication, AckingBot
from bot.runtime.reply_first import ReplyFirstRateLimiter
from bot.runtime.studio_web.server import StudioServer
from bot.runtime.update_queue import UpdateQueue
from bot.texts.commands import public_commands
from handlers import articles, core, errors, polls, schedule, studio
from handlers.context import Boot, BotApplication, BotContext, BotData
from handlers.services import Services
from handlers.telegram_port import PtbTelegramPort
from storage.db import Database

log = logging.getLogger(__name__)

# Updates handled at the same time; updates taken off the queue and not yet handled, at most
# (see UpdateQueue: without that bound, each update fetched would wait as a task).
CONCURRENT_UPDATES = 64
MAX_UPDATES_IN_FLIGHT = 2 * CONCURRENT_UPDATES
# Updates waiting to be handled, at most: past it, fetching (or the webhook) waits, so a vote
# storm is pulled from Telegram as fast as it is handled instead of piling up in memory.
MAX_QUEUED_UPDATES = 512
BOT_CONNECTIONS = 256  # HTTP connections of the bot's calls (python-telegram-bot's default)
# Used when no token is set (console, tests): the stand-in Bot API accepts any token.
OFFLINE_TOKEN = "123456789:offline-console-token-not-a-secret"  # noqa: S105


def register_handlers(application: BotApplication) -> None:
    """Every handler of the bot, in the order they are tried."""
    application.add_handlers(core.command_handlers())
    application.add_handlers(articles.handlers())
    application.add_handlers(polls.handlers())
    application.add_handlers(studio.capture_handlers(), group=studio.CAPTURE_GROUP)
    application.add_handlers(studio.handlers())
    application.add_handlers(schedule.handlers())  # its free-text handler answers questions
    application.add_handlers(core.fallback_handlers())
    application.add_error_handler(errors.on_error)


def build_application(
    settings: Settings,
    config: AppConfig,
    *,
    clock: Clock | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
) -> BotApplication:
    """The application for these settings; `request` swaps in a stand-in Bot API."""
    bot: ExtBot[None] = (
        AckingBot(  # the requests python-telegram-bot's builder would make by default
            settings.token or OFFLINE_TOKEN,
            base_url=settings.api_base_url,
            request=request or HTTPXRequest(connection_pool_size=BOT_CONNECTIONS),
            get_updates_request=updates_request or request or HTTPXRequest(),
            rate_limiter=ReplyFirstRateLimiter(),
        )
    )
    application: BotApplication = (
        ApplicationBuilder()
        .application_class(AckingApplication)
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .concurrent_updates(CONCURRENT_UPDATES)
        .update_queue(UpdateQueue(MAX_QUEUED_UPDATES, MAX_UPDATES_IN_FLIGHT))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.boot = Boot(settings, config, clock or SystemClock())
    register_handlers(application)
    return application


async def _post_init(application: BotApplication) -> None:
    """Open and migrate the database, build the services, register the command list."""
    data = application.bot_data
    boot = data.boot
    assert boot is not None, "build_application sets bot_data.boot"
    db = await Database.open(boot.settings.db)
    core_objects = Core(
        settings=boot.settings,
        config=boot.config,
        clock=boot.clock,
        db=db,
        telegram=PtbTelegramPort(application.bot),
    )
    data.services = Services.build(core_objects)
    limiter = application.bot.rate_limiter
    if isinstance(limiter, ReplyFirstRateLimiter):
        limiter.budget = data.services.delivery.budget  # replies share the outbox's budget
    await _register_commands(application)
    await data.services.start()
    for feature in (articles, schedule, polls, studio):
        await feature.on_startup(application)
    settings = boot.settings
    server = StudioServer(
        data.services.studio,
        settings.studio_listen,
        secure=settings.studio_base_url.startswith("https"),
    )
    if await server.start():
        data.web = server


async def _register_commands(application: BotApplication) -> None:
    """Tell Telegram the command list; a failure is only a warning."""
    commands = [BotCommand(c.name, c.description) for c in public_commands()]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError as error:
        log.warning("could not register the command list with Telegram: %s", error)


async def _post_stop(application: BotApplication) -> None:
    """Every fetched update is handled now: confirm them to Telegram."""
    if isinstance(application.bot, AckingBot):
        await application.bot.confirm_handled()


async def _post_shutdown(application: BotApplication) -> None:
    """Stop the services and close the database."""
    server, application.bot_data.web = application.bot_data.web, None
    if server is not None:
        await server.stop()
    services = application.bot_data.services
    if services is None:
        return
    await services.stop()
    await services.core.db.close()
    application.bot_data.services = None
