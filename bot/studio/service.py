"""The studio feature's service: the inbox, access to the studio page, and what the page shows.

The page itself (HTML, the event stream) is served by the runtime; this service gives it
plain data and the live state, and knows nothing of HTTP or Telegram.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from dataclasses import dataclass

from PIL import Image

from bot.articles.service import ArticleService
from bot.core.messages import Button
from bot.core.shared import Core
from bot.delivery.service import DeliveryService
from bot.polls.results import percentages
from bot.polls.service import PollService
from bot.schedule.answers import day_label
from bot.schedule.service import ScheduleService
from bot.studio.access import StudioAccess
from bot.studio.inbox import Inbox
from bot.studio.live import LiveState, Render
from bot.studio.window import StudioWindow
from bot.texts import pick_language
from bot.texts.studio import text
from storage.article_models import Article
from storage.outbox_models import FanoutProgress
from storage.poll_models import Poll
from storage.studio import StudioRepository
from storage.studio_models import StudioMessage

log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 30
SCREEN = (1920, 1080)
OPEN_DATA = "studio:open"  # the "Message the studio" button
PAGE_MESSAGES = 30
TODAY_ARTICLES = 30


@dataclass(frozen=True)
class OptionBar:
    """One option of a poll as the page shows it."""

    label: str
    count: int
    share: int  # whole percent


@dataclass(frozen=True)
class PollView:
    """A poll with its live tally."""

    poll: Poll
    voters: int
    options: tuple[OptionBar, ...]


@dataclass(frozen=True)
class AirState:
    """On air, or how long until the next airing."""

    on_air: bool
    until: dt.timedelta | None  # to the next airing's start (off air), or the end (on air)
    ends_at: dt.datetime | None
    window: StudioWindow


class StudioService:
    """Entry point of the studio feature for handlers, jobs and the studio page."""

    def __init__(
        self,
        core: Core,
        polls: PollService,
        articles: ArticleService,
        delivery: DeliveryService,
        schedule: ScheduleService,
    ) -> None:
        self._core = core
        self._polls = polls
        self._articles = articles
        self._delivery = delivery
        self._schedule = schedule
        repo = StudioRepository(core.db)
        retention = dt.timedelta(days=core.settings.studio_retention_days)
        self.inbox = Inbox(repo, schedule.main, core.clock, polls.voter_key, retention)
        self.access = StudioAccess(repo, core.clock)
        self.live = LiveState()
        self.inbox.on_change = lambda: self.live.mark("inbox")
        self.cookie_key = ""
        # Where the page really listens (http://host:port), once its server has bound.
        self.listening_at: str | None = None
        self._poll_sections: dict[int, str] = {}
        schedule.studio_button = self.message_button  # under the reminder

    # Lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the signing key, delete what is past its retention, follow the polls."""
        self.cookie_key = await self.access.load_key()
        await self.inbox.purge()
        self._polls.add_change_listener(self._poll_changed)

    async def stop(self) -> None:
        """Release every connected page."""
        self.live.close()

    async def drain(self, timeout: float) -> None:
        """Nothing is queued by the studio."""

    async def on_chat_stopped(self, chat_id: int) -> None:
        """Messages belong to the listener, not the chat: /forgetme deletes them."""

    async def on_user_forgotten(self, user_id: int) -> None:
        """Delete the user's messages to the studio at once."""
        await self.inbox.forget(user_id)

    # Telegram side ---------------------------------------------------------------------------
    def message_button(self, language: str | None) -> Button | None:
        """The "✉️ Message the studio" button while the studio is open, else None (the hook
        for /now, the reminder and the "are you live?" answer)."""
        if not self.inbox.window().is_open:
            return None
        return Button(text=text("button_message", language), callback_data=OPEN_DATA)

    def closed_text(self, window: StudioWindow, language: str | None) -> str:
        """When the studio opens next, in the language."""
        opens = window.opens_at
        if opens is None:
            return text("closed_no_show", language)
        zone = self.zone
        code = pick_language(language)
        today = self._core.clock.now().astimezone(zone).date()
        local = opens.astimezone(zone)
        return text(
            "closed",
            language,
            when=day_label(local.date(), code, today),
            at=f"{local.hour:02d}:{local.minute:02d}",
            zone=self._core.config.show.zone.key,
        )

    async def login_link(self, user_id: int) -> str:
        """A one-time login link to the studio page (a secret: never log it)."""
        token = await self.access.new_link_token(user_id)
        return f"{self.page_url}/login?t={token}"

    @property
    def page_url(self) -> str:
        """Where browsers reach the page: RADIOBOT_STUDIO_URL, else the address the server
        bound (the port the system picked for port 0), else the configured listen address."""
        settings = self._core.settings
        return settings.studio_url or self.listening_at or settings.studio_base_url

    # What the page shows ---------------------------------------------------------------------
    @property
    def language(self) -> str:
        """The page's language: the station's."""
        return self._core.settings.studio_language

    @property
    def show_name(self) -> str:
        """The show's name."""
        return self._core.config.show.name

    @property
    def zone(self) -> dt.tzinfo:
        """The show's time zone."""
        return self._core.config.show.zone

    def air_state(self) -> AirState:
        """On air, or the countdown to the next airing."""
        now = self._core.clock.now()
        calendar = self._schedule.main
        window = self.inbox.window()
        current = calendar.current(now)
        if current is not None:
            return AirState(True, current.end - now, current.end, window)
        upcoming = calendar.next_airing(now)
        until = upcoming.start - now if upcoming is not None else None
        return AirState(False, until, None, window)

    async def poll_view(self, poll_id: int | None = None) -> PollView | None:
        """A poll (the current open one by default) with its live tally."""
        poll = await self._polls.current() if poll_id is None else await self._polls.get(poll_id)
        if poll is None:
            return None
        tally = await self._polls.tally(poll.id)
        shares = percentages(tally.counts, tally.voters, multiple=poll.multiple)
        options = tuple(
            OptionBar(label, count, share)
            for label, count, share in zip(poll.options, tally.counts, shares, strict=True)
        )
        return PollView(poll, tally.voters, options)

    async def poll_png(self, poll_id: int) -> bytes | None:
        """The /results chart of a poll on a 1920×1080 canvas, for a camera or a stream."""
        poll = await self._polls.get(poll_id)
        if poll is None:
            return None
        chart = await self._polls.chart(poll.id, self.language)
        return await asyncio.to_thread(_on_screen, chart)

    async def articles_today(self) -> list[Article]:
        """Articles published today (in the show's time zone), newest first."""
        today = self._core.clock.now().astimezone(self.zone).date()
        latest = await self._articles.latest(TODAY_ARTICLES)
        return [a for a in latest if a.published_at.astimezone(self.zone).date() == today]

    async def fanout(self) -> FanoutProgress | None:
        """Sent of queued for the latest fan-out."""
        return await self._delivery.fanout_progress()

    async def page_messages(self) -> list[StudioMessage]:
        """The messages the page shows: starred on top, then newest first; no hidden ones."""
        return await self.inbox.recent(PAGE_MESSAGES, with_hidden=False)

    def follow_poll(self, poll_id: int, section: str, render: Render) -> None:
        """Show one poll in its own live section (the full-screen view)."""
        if poll_id not in self._poll_sections:
            self._poll_sections[poll_id] = section
            self.live.add(section, render)

    def _poll_changed(self, poll_id: int) -> None:
        self.live.mark("poll")
        section = self._poll_sections.get(poll_id)
        if section is not None:
            self.live.mark(section)


def _on_screen(chart: bytes) -> bytes:
    """The chart scaled to fit 1920×1080, centred on white."""
    with Image.open(io.BytesIO(chart)) as image:
        scale = min(SCREEN[0] / image.width, SCREEN[1] / image.height)
        size = (int(image.width * scale), int(image.height * scale))
        resized = image.convert("RGB").resize(size, Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", SCREEN, (255, 255, 255))
    canvas.paste(resized, ((SCREEN[0] - size[0]) // 2, (SCREEN[1] - size[1]) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=False)
    return out.getvalue()
