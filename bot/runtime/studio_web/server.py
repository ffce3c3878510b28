"""The studio page's web server: tornado (as the webhook), inside the bot's own process.

Started with the application in polling, webhook and console mode alike; a failure to
listen is logged and the bot goes on without the page.
"""

from __future__ import annotations

import logging
import re
import secrets
import socket

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.runtime.studio_web.handlers import (
    ActionHandler,
    EventsHandler,
    FullScreenHandler,
    LoginHandler,
    LogoutHandler,
    NotFoundHandler,
    PageHandler,
    PngHandler,
)
from bot.runtime.studio_web.render import Pages
from bot.studio.service import StudioService

log = logging.getLogger(__name__)
access_log = logging.getLogger("radiobot.studio.access")


LINK = re.compile(r"(/login\?t=)[\w.%-]+")
# python-telegram-bot logs each call's parameters at DEBUG: the /studio reply holds a link.
LINK_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot")


class LinkRedactor(logging.Filter):
    """Replaces a login link's token in a record by '<link>'."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record; redact it first."""
        message = record.getMessage()
        if "/login?t=" in message:
            record.msg, record.args = LINK.sub(r"\1<link>", message), ()
        return True


def redact_links() -> None:
    """Keep login links out of python-telegram-bot's debug log (idempotent)."""
    for name in LINK_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, LinkRedactor) for f in logger.filters):
            logger.addFilter(LinkRedactor())


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """One line per request, without the query string (a login link's token) or cookies."""
    status = handler.get_status()
    millis = 1000.0 * handler.request.request_time()
    level = logging.INFO if status < 400 else logging.WARNING
    access_log.log(level, "%d %s %s %.1fms", status, handler.request.method,
                   handler.request.path, millis)  # fmt: skip


def build_web_application(studio: StudioService, *, secure: bool) -> tornado.web.Application:
    """The studio page's routes."""
    pages = Pages(studio)
    pages.register_sections()
    options = {"pages": pages, "boot_id": secrets.token_hex(4), "secure": secure}
    return tornado.web.Application(
        [
            (r"/", PageHandler, options),
            (r"/login", LoginHandler, options),
            (r"/logout", LogoutHandler, options),
            (r"/events", EventsHandler, options),
            (r"/poll/(\d{1,9})", FullScreenHandler, options),
            (r"/poll/(\d{1,9})\.png", PngHandler, options),
            (r"/messages/(\d{1,12})/(star|unstar|hide|show|read|unread)", ActionHandler, options),
        ],
        default_handler_class=NotFoundHandler,
        default_handler_args=options,
        cookie_secret=studio.cookie_key,
        xsrf_cookies=True,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Strict", "secure": secure},
        log_function=_log_request,
        compress_response=False,
    )


class StudioServer:
    """The running studio web server."""

    def __init__(self, studio: StudioService, listen: str, *, secure: bool = False) -> None:
        self.studio = studio
        host, _, port = listen.rpartition(":")
        self.host = host.removeprefix("[").removesuffix("]")  # "[::1]:8081" is allowed too
        self.port = int(port)  # 0: the system picks one; the bound port replaces it
        self.secure = secure
        self._server: tornado.httpserver.HTTPServer | None = None

    @property
    def url(self) -> str:
        """The address the server listens on, as a URL (the bound port once started)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the server listens."""
        return self._server is not None

    async def start(self) -> bool:
        """Listen; False (logged) when the address cannot be used."""
        redact_links()
        app = build_web_application(self.studio, secure=self.secure)
        try:
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            sockets = tornado.netutil.bind_sockets(self.port, self.host, family=family)
        except OSError as error:
            log.error("the studio page cannot listen on %s:%s: %s", self.host, self.port, error)  # noqa: TRY400
            return False
        self.port = sockets[0].getsockname()[1]
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        self._server = server
        self.studio.listening_at = self.url
        log.info("studio page on %s/", self.url)
        return True

    async def drop_connections(self) -> None:
        """Close every open connection, as a network cut would (pages reconnect and catch up)."""
        if self._server is not None:
            await self._server.close_all_connections()

    async def stop(self) -> None:
        """Stop listening and close every page's stream."""
        self.studio.live.close()
        self.studio.listening_at = None
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            await server.close_all_connections()
