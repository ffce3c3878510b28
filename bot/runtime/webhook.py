"""Webhook mode: a small tornado server that admits only Telegram's signed requests.

Telegram sends an update until a request for it is answered 200. The answer waits until the
update's handlers have finished and what they stored is on disk (a group commit: one fsync
for every request waiting at that moment), so a process that dies first gets it again.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import OrderedDict
from http import HTTPStatus
from typing import Any
from urllib.parse import urlparse

import tornado.web
from telegram import Update
from telegram.error import InvalidToken, TelegramError

from bot.runtime import lifecycle
from bot.runtime.backoff import DEFAULT_BACKOFF, Backoff, Outage, pause
from bot.runtime.group_commit import GroupCommit
from bot.runtime.update_runner import UpdateRunner
from handlers.context import BotApplication

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_BODY_BYTES = 1_000_000
RECENTLY_DONE = 4096  # updates answered lately: a resend of one (answer lost) is not redone


class WebhookUpdates:
    """Handles pushed updates once each, and says when one may be answered."""

    def __init__(self, runner: UpdateRunner, durable: GroupCommit) -> None:
        self._runner = runner
        self._durable = durable
        self._recently_done: OrderedDict[int, None] = OrderedDict()

    async def handle(self, update: Update) -> None:
        """Return once the update is handled and stored durably (a resend of an update being
        handled waits for the first; one handled lately is not handled again)."""
        if update.update_id not in self._recently_done:
            await self._runner.handle(update)
            self._recently_done[update.update_id] = None
            if len(self._recently_done) > RECENTLY_DONE:
                self._recently_done.popitem(last=False)
        await self._durable.wait()


class UpdateHandler(tornado.web.RequestHandler):
    """Checks the secret header, parses the update and queues it for the application."""

    def initialize(
        self, bot_application: BotApplication, updates: WebhookUpdates, secret: str
    ) -> None:
        """Tornado's per-request set-up."""
        self.application_ = bot_application
        self.updates = updates
        self.secret = secret.encode()

    def check_xsrf_cookie(self) -> None:
        """Telegram sends no cookie: the secret header is the check."""

    async def post(self) -> None:
        """Answer 403 without the right secret, 400 for a body that is not an update."""
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            self.set_status(HTTPStatus.FORBIDDEN)
            return
        update = self._parse()
        if update is None:
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        await self.updates.handle(update)
        self.set_status(HTTPStatus.OK)

    def _parse(self) -> Update | None:
        try:
            data: Any = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                return None
            return Update.de_json(data, self.application_.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            log.warning("webhook body is not an update: %s", type(error).__name__)
            return None


def make_app(
    application: BotApplication, updates: WebhookUpdates, path: str, secret: str
) -> tornado.web.Application:
    """The tornado application serving the webhook at `path`."""
    route = "/" + path.strip("/")
    options = {"bot_application": application, "updates": updates, "secret": secret}
    return tornado.web.Application([(route, UpdateHandler, options)])


async def serve(
    application: BotApplication,
    webhook_url: str,
    host: str,
    port: int,
    secret: str,
    stop: asyncio.Event,
    backoff: Backoff = DEFAULT_BACKOFF,
) -> None:
    """Run the bot in webhook mode until `stop` is set."""
    async with lifecycle.running(application, stop, backoff):
        services = application.bot_data.services
        assert services is not None, "post_init builds the services"
        runner = UpdateRunner(application)
        updates = WebhookUpdates(runner, GroupCommit(services.core.db.make_durable))
        server = make_app(application, updates, urlparse(webhook_url).path, secret).listen(
            port, address=host, max_body_size=MAX_BODY_BYTES
        )
        try:
            await _set_webhook(application, webhook_url, secret, stop, backoff)
            log.info("webhook listening on %s:%s", host, port)
            await stop.wait()
        finally:
            server.stop()
            await runner.finish()
    log.info("stopped cleanly")


async def _set_webhook(
    application: BotApplication, url: str, secret: str, stop: asyncio.Event, backoff: Backoff
) -> None:
    outage = Outage(backoff)
    while not stop.is_set():
        try:
            await application.bot.set_webhook(
                url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        except InvalidToken:
            raise
        except TelegramError as error:
            await pause(outage.failed(error), stop)
        else:
            outage.succeeded()
            return
