"""From what a message asks to what the bot answers: a text, or an action for another feature.

The domain decides; the handler only sends the message, or calls the articles or polls
service for the actions named here.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from bot.conversation.intents import Intent
from bot.conversation.timed import Answer, TimedAnswers
from bot.conversation.understand import Reader, Understanding
from bot.core.messages import Button, OutgoingMessage
from bot.schedule.airings import ShowCalendar
from bot.schedule.answers import Answers
from bot.schedule.reminders import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES
from bot.texts import pick_language
from bot.texts.conversation import text
from bot.texts.schedule import text as schedule_text

SUBSCRIBE_PREFIX = "conv:sub:"
REMIND_PREFIX = "conv:rem:"
MAX_TOPIC_BYTES = 64 - len(SUBSCRIBE_PREFIX) - 3  # "en:" before the topic


class Action(StrEnum):
    """What the handler does besides sending `Reply.message`."""

    NONE = "none"
    LATEST = "latest"  # send the latest articles
    SEARCH = "search"  # send the articles about `Reply.subject`
    POLL = "poll"  # show the open poll with its buttons
    RESULTS = "results"  # the poll's results


@dataclass(frozen=True)
class Reply:
    """The answer to a message, with the facts the benchmark checks."""

    language: str
    understanding: Understanding
    message: OutgoingMessage | None = None
    action: Action = Action.NONE
    subject: str = ""
    day: dt.date | None = None
    yes: bool | None = None
    date_problem: bool = False

    @property
    def understood(self) -> bool:
        """Whether the bot answered rather than saying it did not understand."""
        intent = self.understanding.intent
        return intent is not None and intent is not Intent.OUT_OF_SCOPE


_BUILDING = threading.Lock()


@cache
def _reader() -> Reader:
    return Reader()


def shared_reader() -> Reader:
    """The one reader of the process (its classifier trains once, in about half a second;
    a second caller waits for the first instead of training another)."""
    with _BUILDING:
        return _reader()


def menu_buttons(language: str) -> tuple[tuple[Button, ...], ...]:
    """The hint's buttons: next show, latest news, poll."""
    return (
        (
            Button(text=schedule_text("button_next", language), callback_data="menu:next"),
            Button(text=schedule_text("button_latest", language), callback_data="menu:latest"),
            Button(text=schedule_text("button_poll", language), callback_data="menu:poll"),
        ),
    )


def _topic_data(topic: str, language: str) -> str:
    """Callback data of the subscribe button (its language, the topic), within 64 bytes."""
    data = topic.encode()[:MAX_TOPIC_BYTES].decode(errors="ignore")
    return f"{SUBSCRIBE_PREFIX}{language}:{data}"


def read_button(data: str, prefix: str) -> tuple[str, str]:
    """(language, value) of a confirm button's callback data."""
    language, _, value = data.removeprefix(prefix).partition(":")
    return pick_language(language), value


def reply_to(
    message: str,
    calendar: ShowCalendar,
    zone: ZoneInfo,
    now: dt.datetime,
    fallback_languages: tuple[str | None, ...],
    chosen_language: str | None = None,
) -> Reply:
    """Read a message and answer it. The reply's language (bot/core/language.py): the
    message's own, else the chat's chosen one, else the first of `fallback_languages` (the
    user's Telegram language), else English."""
    today = now.astimezone(zone).date()
    show = calendar.show
    names = ((show.name, "show"), (show.station, "radio"))  # 'is it on bel RTL?'
    understanding = shared_reader().read(message, today, names)
    language = pick_language(understanding.language, chosen_language, *fallback_languages)
    timed = TimedAnswers(Answers(calendar, zone, language, now))
    return _answer(understanding, language, timed)


def _text_reply(understanding: Understanding, language: str, answer: Answer) -> Reply:
    return Reply(
        language,
        understanding,
        OutgoingMessage(text=answer.text),
        day=answer.day,
        yes=answer.yes,
    )


def _answer(understanding: Understanding, language: str, timed: TimedAnswers) -> Reply:
    """The reply for what was understood."""
    intent, slot = understanding.intent, understanding.day
    show = timed.show.name
    if slot is not None and slot.problem and intent not in (None, Intent.OUT_OF_SCOPE):
        line = schedule_text(slot.problem, language, snippet=slot.snippet)
        return Reply(language, understanding, OutgoingMessage(text=line), date_problem=True)
    day = slot.day if slot is not None else None
    match intent:
        case Intent.NEXT if day is not None and understanding.after_day:
            return _text_reply(understanding, language, timed.next_after(day))
        case Intent.NEXT:
            return _text_reply(understanding, language, timed.next())
        case Intent.ON_DAY if day is not None and understanding.asks_time:
            return _text_reply(understanding, language, timed.time_on_day(day))
        case Intent.ON_DAY if day is not None:
            return _text_reply(understanding, language, timed.on_day(day))
        case Intent.ON_NOW:
            return _text_reply(understanding, language, timed.on_now())
        case Intent.COUNTDOWN:
            return _text_reply(understanding, language, timed.countdown())
        case Intent.DURATION:
            return _text_reply(understanding, language, timed.duration())
        case Intent.END_TIME:
            return _text_reply(understanding, language, timed.end_time(day))
        case Intent.IS_OVER:
            return _text_reply(understanding, language, timed.is_over())
        case Intent.CANCELLED:
            return _text_reply(understanding, language, timed.cancelled(day))
        case Intent.WEEKEND:
            return _text_reply(understanding, language, timed.days(understanding.days_asked))
        case Intent.HOSTS:
            return _text_reply(understanding, language, Answer(timed.base.hosts()))
        case Intent.STATION:
            return _text_reply(understanding, language, timed.station())
        case Intent.LATEST_NEWS:
            return Reply(language, understanding, action=Action.LATEST)
        case Intent.NEWS_SEARCH:
            return Reply(
                language, understanding, action=Action.SEARCH, subject=understanding.subject
            )
        case Intent.POLL_CURRENT:
            return Reply(language, understanding, action=Action.POLL)
        case Intent.POLL_RESULTS:
            return Reply(language, understanding, action=Action.RESULTS)
        case Intent.SUBSCRIBE:
            return _confirm_subscribe(understanding, language)
        case Intent.REMINDER:
            return _confirm_reminder(understanding, language, show)
        case Intent.GREETING:
            line = text("greeting", language, show=show)
            return Reply(
                language, understanding, OutgoingMessage(text=line, buttons=menu_buttons(language))
            )
        case Intent.THANKS:
            return Reply(language, understanding, OutgoingMessage(text=text("thanks", language)))
        case Intent.HELP:
            line = text("help", language, show=show)
            return Reply(
                language, understanding, OutgoingMessage(text=line, buttons=menu_buttons(language))
            )
    return not_understood(understanding, language)


def not_understood(understanding: Understanding, language: str) -> Reply:
    """The honest 'I did not understand', with the menu buttons."""
    line = text("not_understood", language)
    return Reply(
        language, understanding, OutgoingMessage(text=line, buttons=menu_buttons(language))
    )


def _confirm_subscribe(understanding: Understanding, language: str) -> Reply:
    topic = understanding.subject
    if topic:
        line = text("confirm_subscribe_topic", language, topic=topic)
    else:
        line = text("confirm_subscribe", language)
    button = Button(
        text=text("button_subscribe", language), callback_data=_topic_data(topic, language)
    )
    return Reply(
        language, understanding, OutgoingMessage(text=line, buttons=((button,),)), subject=topic
    )


def _confirm_reminder(understanding: Understanding, language: str, show: str) -> Reply:
    minutes = understanding.minutes
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        minutes = DEFAULT_MINUTES
    line = text("confirm_remind", language, minutes=minutes, show=show)
    button = Button(
        text=text("button_remind", language), callback_data=f"{REMIND_PREFIX}{language}:{minutes}"
    )
    return Reply(
        language,
        understanding,
        OutgoingMessage(text=line, buttons=((button,),)),
        subject=str(minutes),
    )
