"""The studio page's HTML: Jinja2 templates (autoescaped), and the page's live sections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from bot.studio.service import AirState, StudioService
from bot.texts import formats
from bot.texts.studio import plural, text

TEMPLATES = Path(__file__).parent / "templates"


def countdown(delta: dt.timedelta | None) -> str:
    """'2:05:09' (hours, minutes, seconds), or '3 d 02:05:09' past a day."""
    if delta is None:
        return ""
    seconds = max(0, int(delta.total_seconds()))
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{days} d {clock}" if days else clock


def number(value: int, language: str) -> str:
    """A count with the language's thousands separator."""
    return formats.number(value, language)


class Pages:
    """Renders the studio's pages and sections in the station's language."""

    def __init__(self, studio: StudioService) -> None:
        self.studio = studio
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=jinja2.select_autoescape(["html"], default=True),
            undefined=jinja2.StrictUndefined,
            enable_async=False,
        )
        self.env.globals["t"] = self.t
        self.env.globals["tn"] = self.tn
        self.env.filters["number"] = lambda value: number(int(value), self.language)
        self.env.filters["percent"] = lambda value: formats.percent(int(value), self.language)

    @property
    def language(self) -> str:
        """The station's language."""
        return self.studio.language

    def t(self, key: str, **values: object) -> str:
        """A page text in the station's language."""
        return text(key, self.language, **values)

    def tn(self, key: str, count: int, /, **values: object) -> str:
        """A page text for `count` things in the station's language."""
        return plural(key, count, self.language, **values)

    def render(self, name: str, **values: Any) -> str:
        """A template, filled."""
        return self.env.get_template(name).render(
            language=self.language, show=self.studio.show_name, **values
        )

    def register_sections(self) -> None:
        """Give the live state the page's sections."""
        live = self.studio.live
        live.add("onair", self.onair, ticking=True)
        live.add("poll", self.poll)
        live.add("inbox", self.inbox)
        live.add("articles", self.articles, ticking=True)
        live.add("fanout", self.fanout, ticking=True)

    def add_poll_section(self, poll_id: int) -> str:
        """A section showing one poll (the full-screen view); its name."""
        name = f"poll-{poll_id}"
        self.studio.follow_poll(poll_id, name, lambda: self.poll(poll_id, big=True))
        return name

    # Sections --------------------------------------------------------------------------------
    async def onair(self) -> str:
        """ON AIR, or the countdown to the next airing."""
        state: AirState = self.studio.air_state()
        ends = state.ends_at.astimezone(self.studio.zone).strftime("%H:%M") if state.ends_at else ""
        return self.render(
            "sections/onair.html", state=state, countdown=countdown(state.until), ends=ends
        )

    async def poll(self, poll_id: int | None = None, *, big: bool = False) -> str:
        """The open poll (or poll `poll_id`) with its bars."""
        view = await self.studio.poll_view(poll_id)
        return self.render("sections/poll.html", view=view, big=big)

    async def inbox(self) -> str:
        """Listeners' messages, starred on top, then newest first (hidden ones left out)."""
        messages = await self.studio.page_messages()
        zone = self.studio.zone
        rows = [
            (m, dt.datetime.fromtimestamp(m.received_at, dt.UTC).astimezone(zone).strftime("%H:%M"))
            for m in messages
        ]
        return self.render("sections/inbox.html", rows=rows)

    async def articles(self) -> str:
        """Articles published today."""
        zone = self.studio.zone
        rows = [
            (a, a.published_at.astimezone(zone).strftime("%H:%M"))
            for a in await self.studio.articles_today()
        ]
        return self.render("sections/articles.html", rows=rows)

    async def fanout(self) -> str:
        """Sent of queued for the latest fan-out."""
        progress = await self.studio.fanout()
        share = 0
        if progress is not None and progress.queued:
            share = round(100 * (progress.sent + progress.given_up) / progress.queued)
        return self.render("sections/fanout.html", progress=progress, share=share)
