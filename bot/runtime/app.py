"""The composition root: builds the `Application` from the settings and the features."""

from __future__ import annotations

import logging
import os

from telegram.ext import ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.base.clock import Clock, SystemClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.shared import Core
from bot.delivery.limiter import SendBudget
from bot.runtime.aiohttp_request import AiohttpRequest
from bot.runtime.features import COMMANDS, FEATURES
from bot.runtime.profile import register_commands, register_profile
from bot.runtime.reply_first import ReplyFirstRateLimiter
from bot.runtime.studio_web.server import StudioServer
from bot.studio.service import StudioService
from handlers import errors
from handlers.command_menu import MENU_LANGUAGES
from handlers.context import Boot, BotApplication, BotContext, BotData
from handlers.services import Services
from handlers.telegram_port import PtbTelegramPort
from storage.db import Database

log = logging.getLogger(__name__)

BOT_CONNECTIONS = 256  # HTTP connections of the bot's calls (as python-telegram-bot's own default)
# Used when no token is set (console, tests): the stand-in Bot API accepts any token.
OFFLINE_TOKEN = "123456789:offline-console-token-not-a-secret"  # noqa: S105


def register_handlers(application: BotApplication) -> None:
    """Every feature's handlers, in the order of FEATURES (their front handlers first), and
    the error handler."""
    for feature in FEATURES:
        application.add_handlers(list(feature.front_handlers()))
    for feature in FEATURES:
        application.add_handlers(list(feature.handlers()))
        for group, handlers in feature.other_groups().items():
            application.add_handlers(list(handlers), group=group)
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
    # PTB's documented opt-in to v23's durations (`RetryAfter.retry_after` as a timedelta),
    # which the code already reads; without it every flood error warns of the change.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    budget = SendBudget(config.delivery)
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.token or OFFLINE_TOKEN)
        .base_url(settings.api_base_url)
        .request(request or AiohttpRequest(connection_pool_size=BOT_CONNECTIONS))
        .get_updates_request(updates_request or request or AiohttpRequest(connection_pool_size=1))
        .rate_limiter(ReplyFirstRateLimiter(budget))
        # No Updater: the update sources (bot/runtime/polling.py, webhook.py) hand each update
        # to process_update, as python-telegram-bot's custom-webhook example does.
        .updater(None)
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data.boot = Boot(settings, config, clock or SystemClock(), budget)
    application.bot_data.commands = COMMANDS
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
        send_budget=boot.send_budget,
    )
    data.services = services = Services(core_objects)
    services.build([feature.service for feature in FEATURES if feature.service is not None])
    await _register_commands(application)
    await services.start()
    for feature in FEATURES:
        if feature.start_jobs is not None:
            await feature.start_jobs(application)
    settings = boot.settings
    server = StudioServer(
        services.get(StudioService),
        settings.studio_listen,
        secure=settings.studio_base_url.startswith("https"),
    )
    if await server.start():
        data.web = server


async def _register_commands(application: BotApplication) -> None:
    """Tell Telegram the command menus (the listeners', each editor's) and the bot's
    description once per language (English for everyone else); a refusal is one warning and
    the start goes on."""
    services = application.bot_data.services
    assert services is not None
    refused = await register_commands(
        application.bot,
        application.bot_data.commands,
        services.core.settings.admins,
        MENU_LANGUAGES,
    )
    if refused:
        log.warning("could not register the command list with Telegram (%s)", "; ".join(refused))
    refused = await register_profile(application.bot, services.core.config.show, MENU_LANGUAGES)
    if refused:
        log.warning(
            "could not register the bot's description with Telegram (%s)", "; ".join(refused)
        )


async def _post_stop(application: BotApplication) -> None:
    """No update is being handled any more: stop the studio page and the services."""
    server, application.bot_data.web = application.bot_data.web, None
    if server is not None:
        await server.stop()
    services = application.bot_data.services
    if services is not None and services.running:
        await services.stop()


async def _post_shutdown(application: BotApplication) -> None:
    """Close the database (stopping whatever a failed start left running)."""
    await _post_stop(application)
    services = application.bot_data.services
    if services is None:
        return
    await services.core.db.close()
    application.bot_data.services = None
