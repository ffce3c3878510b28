"""The schedule feature: answers about airings, the chat's time zone, and reminders."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.conversation import dates as conversation_dates
from bot.conversation.replies import Reply, reply_to, shared_reader
from bot.conversation.timed import TimedAnswers
from bot.core.chats import ChatService
from bot.core.messages import Button, OutgoingMessage
from bot.core.shared import Core
from bot.delivery.service import DeliveryService
from bot.schedule.airings import ShowCalendar
from bot.schedule.answers import Answers, day_label, hhmm
from bot.schedule.calendar_ics import build_calendar, slug
from bot.schedule.reminders import due_airing, next_due, parse_minutes, upcoming
from bot.texts import pick_language
from bot.texts.schedule import text
from storage.reminders import ReminderRepository

log = logging.getLogger(__name__)

REMINDER_KIND = "reminder"
RESET_WORDS = frozenset({"reset", "default", "off", "show"})
OFF_WORDS = frozenset({"off", "stop", "none", "uit", "arret", "arrêt"})


# The tz database's geographic areas: `EST`, `localtime`, `Etc/GMT+5` or `US/Eastern` are
# not places a listener lives in, and some of them ignore daylight saving time.
AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
     "Indian", "Pacific"}
)  # fmt: skip


@cache
def _zone_names() -> dict[str, str]:
    """Every Area/City zone name of the tz database, keyed by its lower-case form."""
    return {name.lower(): name for name in available_timezones() if name.split("/")[0] in AREAS}


def find_zone(name: str) -> ZoneInfo | None:
    """The zone for a user-typed `Area/City` (any case), or None when unknown."""
    canonical = _zone_names().get(name.strip().lower().replace(" ", "_"))
    return ZoneInfo(canonical) if canonical else None


class ScheduleService:
    """Entry point of the schedule feature for handlers and jobs."""

    def __init__(self, core: Core, delivery: DeliveryService, chats: ChatService) -> None:
        self._core = core
        self._delivery = delivery
        self._chats = chats
        self.calendars = [ShowCalendar(show) for show in core.config.shows]
        self.main = self.calendars[0]
        self._ics: tuple[object, bytes] | None = None  # (the day it was built for, the file)
        self._reminders = ReminderRepository(core.db)
        self._zones: dict[int, str | None] = {}  # chat id → its stored zone (None: show's)
        # A button under the reminder (the studio's "Message the studio" while it is open).
        self.studio_button: Callable[[str | None], Button | None] | None = None
        self._warming: asyncio.Task[None] | None = None

    # Lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the zone list, and train the message reader in a thread: the bot is ready at
        once (a restart stays quick), and the reader usually before the first question."""
        _zone_names()
        self._warming = asyncio.create_task(asyncio.to_thread(self._warm_up))

    def _warm_up(self) -> None:
        shared_reader()
        conversation_dates.warm_up(self._core.clock.now().date())

    async def stop(self) -> None:
        """Wait for the reader's training if it still runs (a thread cannot be cancelled)."""
        if self._warming is not None:
            await asyncio.gather(self._warming, return_exceptions=True)
            self._warming = None

    async def drain(self, timeout: float) -> None:
        """Reminders go through the delivery outbox, which drains itself."""

    async def on_chat_stopped(self, chat_id: int) -> None:
        """End the chat's reminder."""
        await self._reminders.delete(chat_id)
        self._zones.pop(chat_id, None)

    async def on_user_forgotten(self, user_id: int) -> None:
        """Delete the reminder of the user's private chat (nothing else is per user)."""
        await self.on_chat_stopped(user_id)

    # Time zones ------------------------------------------------------------------------------
    async def zone_of(self, chat_id: int) -> ZoneInfo:
        """The chat's time zone: its own if set, else the show's."""
        if chat_id not in self._zones:
            chat = await self._core.chats.get(chat_id)
            self._zones[chat_id] = chat.timezone if chat else None
        name = self._zones[chat_id]
        zone = find_zone(name) if name else None
        return zone or self.main.show.zone

    async def timezone(self, chat_id: int, language: str | None) -> str:
        """Which zone the chat's answers use, and how to change it."""
        zone = await self.zone_of(chat_id)
        key = "timezone_current" if self._zones.get(chat_id) else "timezone_show"
        return f"{text(key, language, zone=zone.key)}\n{text('timezone_how', language)}"

    async def set_timezone(
        self, chat_id: int, chat_type: str, title: str | None, language: str | None, name: str
    ) -> str:
        """Set (or with 'reset', clear) the chat's zone; the answer to show."""
        if name.strip().lower() in RESET_WORDS:
            await self._record_chat(chat_id, chat_type, title, language)
            await self._core.chats.set_timezone(chat_id, None)
            self._zones[chat_id] = None
            return text("timezone_reset", language, zone=self.main.show.zone.key)
        zone = find_zone(name)
        if zone is None:
            return text("timezone_unknown", language, name=name.strip()[:64])
        await self._record_chat(chat_id, chat_type, title, language)
        await self._core.chats.set_timezone(chat_id, zone.key)
        self._zones[chat_id] = zone.key
        answers = self._answers(zone, language)
        return f"{text('timezone_set', language, zone=zone.key)}\n{answers.next()}"

    async def _record_chat(
        self, chat_id: int, chat_type: str, title: str | None, language: str | None
    ) -> None:
        """Record the chat as every feature does (`ChatService.seen`: its pushed messages'
        language follows the one rule of bot/core/language.py)."""
        await self._chats.seen(chat_id, chat_type, title, language)

    # Answers ---------------------------------------------------------------------------------
    def _answers(self, zone: ZoneInfo, language: str | None) -> Answers:
        return Answers(self.main, zone, language, self._core.clock.now())

    async def next_text(self, chat_id: int, language: str | None) -> str:
        """/next: on air now (until when, where to listen), else the next airing."""
        return TimedAnswers(self._answers(await self.zone_of(chat_id), language)).next().text

    async def now_text(self, chat_id: int, language: str | None) -> str:
        """/now: on air with the time left and the listen link, else when it is next on."""
        return TimedAnswers(self._answers(await self.zone_of(chat_id), language)).on_now().text

    async def week_text(self, chat_id: int, language: str | None) -> str:
        """/schedule: the coming week, one line per airing."""
        return self._answers(await self.zone_of(chat_id), language).week(self.calendars)

    def hosts_text(self, language: str | None) -> str:
        """/hosts: who presents the show, and the station."""
        return self._answers(self.main.show.zone, language).hosts()

    def calendar_file(self, language: str | None) -> tuple[str, bytes, str]:
        """/calendar: the file name, the .ics bytes and a caption."""
        show = self.main.show
        now = self._core.clock.now()
        day = now.astimezone(show.zone).date()
        if self._ics is None or self._ics[0] != day:  # the file changes once a day at most
            self._ics = (day, build_calendar(self.calendars, now))
        data = self._ics[1]
        caption = text("calendar_caption", language, show=show.name, station=show.station)
        return f"{slug(show.name)}.ics", data, caption

    async def answer(
        self,
        chat_id: int,
        message: str,
        telegram_language: str | None,
        chosen_language: str | None = None,
    ) -> Reply:
        """A free-text message read and answered (or an action for another feature), in the
        message's own language, else the chat's chosen one, else the user's Telegram language."""
        zone = await self.zone_of(chat_id)
        now = self._core.clock.now()
        return reply_to(message, self.main, zone, now, (telegram_language,), chosen_language)

    # Reminders -------------------------------------------------------------------------------
    async def remind(
        self,
        chat_id: int,
        chat_type: str,
        title: str | None,
        language: str | None,
        argument: str | None,
    ) -> str:
        """/remind [MINUTES|off]: set, change or stop the chat's reminder; the answer."""
        if argument is not None and argument.strip().lower() in OFF_WORDS:
            stopped = await self._reminders.delete(chat_id)
            return text("remind_off" if stopped else "remind_none", language)
        minutes = parse_minutes(argument)
        if minutes is None:
            return text("remind_range", language)
        await self._record_chat(chat_id, chat_type, title, language)
        await self._reminders.set(chat_id, minutes, self._core.clock.now())
        reminder = await self._reminders.get(chat_id)
        assert reminder is not None
        airing = upcoming(reminder, self.main, self._core.clock.now())
        if airing is None:
            return text("remind_set_no_airing", language, minutes=minutes)
        zone = await self.zone_of(chat_id)
        at = airing.start - dt.timedelta(minutes=minutes)
        today = self._core.clock.now().astimezone(zone).date()
        when = day_label(at.astimezone(zone).date(), pick_language(language), today)
        return text(
            "remind_set", language, minutes=minutes, when=when, at=hhmm(at, zone), zone=zone.key
        )

    async def next_reminder_due(self) -> dt.datetime | None:
        """When the reminder job should next run (None: no reminder is set)."""
        return next_due(await self._reminders.active(), self.main, self._core.clock.now())

    async def send_due_reminders(self) -> int:
        """Queue every reminder due now, each airing once per chat; how many were queued."""
        now = self._core.clock.now()
        queued = 0
        for reminder in await self._reminders.active():
            airing = due_airing(reminder, self.main, now)
            if airing is None:
                continue
            if not await self._reminders.mark_sent(reminder.chat_id, airing.ref):
                continue
            zone = (
                find_zone(reminder.timezone) if reminder.timezone else None
            ) or self.main.show.zone
            message = Answers(self.main, zone, reminder.language, now).reminder(airing)
            button = self.studio_button(reminder.language) if self.studio_button else None
            outgoing = OutgoingMessage(text=message, buttons=((button,),) if button else ())
            queued += await self._delivery.enqueue(
                REMINDER_KIND, airing.ref, outgoing, [reminder.chat_id]
            )
        if queued:
            log.info("queued %d reminders", queued)
        return queued
