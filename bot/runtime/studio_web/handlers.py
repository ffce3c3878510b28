"""The studio page's HTTP handlers: nothing without a session, every action a POST with the
CSRF token (tornado's `xsrf_cookies`), the login link used once."""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from types import TracebackType
from typing import Any

import tornado.web
from tornado.iostream import StreamClosedError

from bot.runtime.studio_web.render import Pages
from bot.studio.access import LinkProblem
from bot.studio.service import StudioService

log = logging.getLogger(__name__)

COOKIE = "studio_session"
SESSION_DAYS = 0.5  # 12 hours
HEARTBEAT_S = 15.0
ACTIONS = {
    "star": ("star", True),
    "unstar": ("star", False),
    "hide": ("hide", True),
    "show": ("hide", False),
    "read": ("read_on_air", True),
    "unread": ("read_on_air", False),
}
LINK_STATUS = {
    LinkProblem.FORGED: HTTPStatus.FORBIDDEN,
    LinkProblem.EXPIRED: HTTPStatus.GONE,
    LinkProblem.USED: HTTPStatus.GONE,
}


class StudioHandler(tornado.web.RequestHandler):
    """Finds the session of every request; pages and errors in the station's language."""

    def initialize(self, pages: Pages, boot_id: str, secure: bool) -> None:
        """Tornado's per-request set-up."""
        self.pages = pages
        self.studio: StudioService = pages.studio
        self.boot_id = boot_id
        self.secure = secure
        self.session_id: str | None = None
        self.user_id: int | None = None

    async def prepare(self) -> None:
        """Read the signed session cookie (a tampered one reads as none) and its session."""
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "no-referrer")
        raw = self.get_signed_cookie(COOKIE, max_age_days=SESSION_DAYS)
        self.session_id = raw.decode() if raw else None
        self.user_id = await self.studio.access.session_user(self.session_id)

    def signed_in(self) -> bool:
        """Whether the request has a live session; else answer 401 with the 'ask the bot' page."""
        if self.user_id is not None:
            return True
        self.message(HTTPStatus.UNAUTHORIZED, self.pages.t("ask_bot_text"))
        return False

    def message(self, status: int, line: str, *, refresh: str | None = None) -> None:
        """A short page with one line."""
        self.set_status(status)
        self.finish(self.pages.render("message.html", line=line, refresh=refresh))

    def log_exception(
        self,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Log a failure with the path only: the query may hold a login link's token."""
        if isinstance(value, tornado.web.HTTPError):
            log.warning("%d %s %s", value.status_code, self.request.method, self.request.path)
        else:
            log.error(
                "studio page failed: %s %s",
                self.request.method,
                self.request.path,
                exc_info=(typ, value, tb),  # type: ignore[arg-type]
            )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Errors (a missing CSRF token among them) as a clear short page, no traceback."""
        if status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND):
            line = self.pages.t(f"error_{status_code}")
        else:
            line = self.pages.t("error_other", status=status_code)
        self.finish(self.pages.render("message.html", line=line, refresh=None))

    def secure_cookies(self) -> bool:
        """Cookies are Secure when the page is served over https."""
        return self.secure or self.request.protocol == "https"


class NotFoundHandler(StudioHandler):
    """Any other path: 404."""

    async def prepare(self) -> None:
        """Answer 404 at once."""
        self.send_error(HTTPStatus.NOT_FOUND)


class PageHandler(StudioHandler):
    """The studio page."""

    async def get(self) -> None:
        """The whole page, with every section up to date; the stream keeps it so."""
        if not self.signed_in():
            return
        version, sections = await self.studio.live.current()
        self.finish(
            self.pages.render(
                "studio.html",
                sections=sections,
                last_event=f"{self.boot_id}-{version}",
                xsrf=self.xsrf_token.decode(),
            )
        )


class FullScreenHandler(StudioHandler):
    """One poll, full screen, live (for a camera or a video stream)."""

    async def get(self, poll_id: str) -> None:
        """The poll's bars on the whole screen."""
        if not self.signed_in():
            return
        if await self.studio.poll_view(int(poll_id)) is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        name = self.pages.add_poll_section(int(poll_id))
        self.studio.live.mark(name)
        version, sections = await self.studio.live.current()
        self.finish(
            self.pages.render(
                "fullscreen.html",
                section=name,
                html=sections.get(name, ""),
                poll_id=int(poll_id),
                last_event=f"{self.boot_id}-{version}",
                xsrf=self.xsrf_token.decode(),
            )
        )


class PngHandler(StudioHandler):
    """The /results chart of a poll at 1920×1080."""

    async def get(self, poll_id: str) -> None:
        """The PNG."""
        if not self.signed_in():
            return
        png = await self.studio.poll_png(int(poll_id))
        if png is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.set_header("Content-Type", "image/png")
        self.finish(png)


class LoginHandler(StudioHandler):
    """A one-time link from /studio: starts a session, then opens the page."""

    async def get(self) -> None:
        """Use the link once; refuse forged, expired and used ones; rate-limited."""
        if not self.studio.access.login_allowed(self.request.remote_ip or "?"):
            self.message(HTTPStatus.TOO_MANY_REQUESTS, self.pages.t("too_many"))
            return
        login = await self.studio.access.log_in(self.get_query_argument("t", ""))
        if login.problem is not None or login.session_id is None:
            problem = login.problem or LinkProblem.FORGED
            log.info("studio login refused: %s link", problem.value)
            self.message(LINK_STATUS[problem], self.pages.t(f"link_{problem.value}"))
            return
        self.set_signed_cookie(
            COOKIE,
            login.session_id,
            expires_days=SESSION_DAYS,
            httponly=True,
            samesite="Strict",
            secure=self.secure_cookies(),
        )
        log.info("studio login of user %s", login.user_id)
        # A page, not a redirect: a SameSite=Strict cookie set at the end of a navigation
        # that began in another site (Telegram) is not sent on its redirect.
        self.message(HTTPStatus.OK, self.pages.t("logged_in"), refresh="/")


class LogoutHandler(StudioHandler):
    """Ends the session."""

    async def post(self) -> None:
        """End the session, clear the cookie, show the 'ask the bot' page."""
        if self.session_id is not None:
            await self.studio.access.log_out(self.session_id)
        self.clear_cookie(COOKIE)
        self.message(HTTPStatus.OK, self.pages.t("ask_bot_text"))


class ActionHandler(StudioHandler):
    """Star, hide or mark read a message (the page's buttons)."""

    async def post(self, message_id: str, action: str) -> None:
        """Apply the action; 404 for an unknown message."""
        if not self.signed_in():
            return
        method, on = ACTIONS[action]
        done = await getattr(self.studio.inbox, method)(int(message_id), on)
        if not done:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.set_status(HTTPStatus.NO_CONTENT)
        self.finish()


class EventsHandler(StudioHandler):
    """Server-sent events: the sections newer than what the page has, as they change."""

    def initialize(self, pages: Pages, boot_id: str, secure: bool) -> None:
        """Tornado's per-request set-up."""
        super().initialize(pages, boot_id, secure)
        self.gone = asyncio.Event()

    def on_connection_close(self) -> None:
        """The page went away."""
        self.gone.set()

    async def get(self) -> None:
        """Stream the sections; a page reconnecting gets what it missed."""
        if not self.signed_in():
            return
        self.set_header("Content-Type", "text/event-stream; charset=utf-8")
        self.set_header("X-Accel-Buffering", "no")
        seen = self._seen()
        live = self.studio.live
        live.connect()
        try:
            self.write("retry: 1000\n\n")
            await self.flush()
            while not self.gone.is_set() and not live.closed:
                version, items = await live.newer(seen, HEARTBEAT_S, self.gone)
                if self.gone.is_set():
                    break
                if items:
                    data = json.dumps(items, ensure_ascii=False)
                    self.write(f"id: {self.boot_id}-{version}\ndata: {data}\n\n")
                    seen = version
                else:
                    self.write(": keep-alive\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            live.disconnect()
        if not self.gone.is_set():
            self.finish()

    def _seen(self) -> int:
        """The version the page has: from Last-Event-ID (a reconnect) or ?since (a load)."""
        last = self.request.headers.get("Last-Event-ID") or self.get_query_argument("since", "")
        boot, _, version = last.partition("-")
        if boot != self.boot_id or not version.isdigit():
            return 0  # another run of the bot: send everything
        return int(version)
