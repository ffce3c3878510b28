"""Webhook mode: a small tornado server that admits only Telegram's signed requests."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import Any
from urllib.parse import urlparse

import tornado.web
from telegram import Update

from bot.runtime import lifecycle
from bot.runtime.acking import AckingBot
from handlers.context import BotApplication

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_BODY_BYTES = 1_000_000
# Longest wait for an update's handlers before answering anyway (Telegram gives up on a
# webhook request after about a minute and would send the update again).
HANDLING_WAIT_S = 50.0


class UpdateHandler(tornado.web.RequestHandler):
    """Checks the secret header, parses the update and queues it for the application."""

    def initialize(self, bot_application: BotApplication, secret: str) -> None:
        """Tornado's per-request set-up."""
        self.application_ = bot_application
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
        bot = self.application_.bot
        if not isinstance(bot, AckingBot):
            await self.application_.update_queue.put(update)
        else:
            if bot.ledger.begin(update.update_id):  # not a resend of one we have
                await self.application_.update_queue.put(update)
            # Answered once handled: if the process dies first, Telegram sends it again.
            await bot.ledger.wait_handled(update.update_id, HANDLING_WAIT_S)
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


def make_app(application: BotApplication, path: str, secret: str) -> tornado.web.Application:
    """The tornado application serving the webhook at `path`."""
    route = "/" + path.strip("/")
    return tornado.web.Application(
        [(route, UpdateHandler, {"bot_application": application, "secret": secret})]
    )


async def serve(
    application: BotApplication, webhook_url: str, host: str, port: int, secret: str
) -> None:
    """Run the bot in webhook mode until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with lifecycle.running(application):
        server = make_app(application, urlparse(webhook_url).path, secret).listen(
            port, address=host, max_body_size=MAX_BODY_BYTES
        )
        try:
            await application.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            log.info("webhook listening on %s:%s", host, port)
            await stop.wait()
        finally:
            server.stop()
    log.info("stopped cleanly")
