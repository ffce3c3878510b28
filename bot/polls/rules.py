"""The rules of a poll: limits on question and options, closing times, the one-line syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.schedule.airings import ShowCalendar

MAX_QUESTION = 300
MAX_OPTION = 100
MIN_OPTIONS = 2
MAX_OPTIONS = 10
FALLBACK_OPEN = timedelta(days=1)  # when the calendar has no airing ahead

_SETTING = re.compile(r"^(closes|opens|article)\s*:\s*(.*)$", re.IGNORECASE)
_DATE_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})$")
_TIME = re.compile(r"^(\d{1,2})[:h](\d{2})$")


class PollRuleError(ValueError):
    """A draft breaks a rule; `rule` names it for the texts, `values` fill them in."""

    def __init__(self, rule: str, **values: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.values = values


@dataclass
class PollDraft:
    """What an admin asked for, before it is checked."""

    question: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    article_id: str | None = None


def check_question(question: str) -> str:
    """The question, trimmed, or the rule it breaks."""
    cleaned = " ".join(question.split())
    if not cleaned:
        raise PollRuleError("question_empty")
    if len(cleaned) > MAX_QUESTION:
        raise PollRuleError("question_too_long", limit=MAX_QUESTION, length=len(cleaned))
    return cleaned


def check_options(options: list[str]) -> list[str]:
    """The options, trimmed, or the rule they break."""
    cleaned = check_options_so_far(options)
    if len(cleaned) < MIN_OPTIONS:
        raise PollRuleError("too_few_options", minimum=MIN_OPTIONS, count=len(cleaned))
    return cleaned


def check_options_so_far(options: list[str]) -> list[str]:
    """Options given one by one: trimmed, or the rule they break (all but the minimum)."""
    cleaned = [" ".join(option.split()) for option in options]
    for number, option in enumerate(cleaned, start=1):
        if not option:
            raise PollRuleError("option_empty", number=number)
        if len(option) > MAX_OPTION:
            raise PollRuleError("option_too_long", number=number, limit=MAX_OPTION)
    if len(cleaned) > MAX_OPTIONS:
        raise PollRuleError("too_many_options", maximum=MAX_OPTIONS, count=len(cleaned))
    if len({option.casefold() for option in cleaned}) != len(cleaned):
        raise PollRuleError("duplicate_option")
    return cleaned


def split_options(answer: str) -> list[str]:
    """Options written on one line separated by `|`, or on separate lines."""
    return [
        part.strip() for line in answer.splitlines() for part in line.split("|") if part.strip()
    ]


def check_times(now: datetime, opens_at: datetime | None, closes_at: datetime) -> None:
    """Refuse a closing time in the past or before the opening."""
    if closes_at <= now:
        raise PollRuleError("closes_in_past")
    if opens_at is not None and closes_at <= opens_at:
        raise PollRuleError("closes_before_opening")


def check_draft(draft: PollDraft, now: datetime, calendar: ShowCalendar) -> PollDraft:
    """A checked copy of the draft, with the default closing time filled in."""
    question = check_question(draft.question)
    options = check_options(draft.options)
    opens_at = draft.opens_at if draft.opens_at and draft.opens_at > now else None
    closes_at = draft.closes_at or default_closing(opens_at or now, calendar)
    check_times(now, opens_at, closes_at)
    return PollDraft(question, options, draft.multiple, closes_at, opens_at, draft.article_id)


def default_closing(now: datetime, calendar: ShowCalendar) -> datetime:
    """The end of the show's airing on air at `now`, else of its next airing (the calendar
    knows cancellations, specials and holidays); a day later if none is scheduled."""
    airing = calendar.current(now)
    if airing is None or airing.cancelled:
        airing = calendar.next_airing(now)
    if airing is None:
        return now + FALLBACK_OPEN
    return airing.end.astimezone(UTC)


def parse_time(value: str, now: datetime, zone: ZoneInfo) -> datetime:
    """'2026-12-01 19:00' or '19:00' (today, else tomorrow) in the show's zone, as UTC."""
    cleaned = value.strip()
    if match := _DATE_TIME.match(cleaned):
        year, month, day, hour, minute = (int(part) for part in match.groups())
        try:
            local = datetime(year, month, day, hour, minute, tzinfo=zone)
        except ValueError:
            raise PollRuleError("bad_time", value=cleaned) from None
        return local.astimezone(UTC)
    if match := _TIME.match(cleaned):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise PollRuleError("bad_time", value=cleaned)
        local_now = now.astimezone(zone)
        local = datetime.combine(local_now.date(), time(hour, minute), tzinfo=zone)
        if local <= local_now:
            local += timedelta(days=1)
        return local.astimezone(UTC)
    raise PollRuleError("bad_time", value=cleaned)


def parse_one_line(line: str, now: datetime, zone: ZoneInfo) -> PollDraft:
    """`Question? | Yes | No | multiple | closes: 19:00 | opens: … | article: ID`."""
    parts = [part.strip() for part in line.split("|")]
    draft = PollDraft(question=parts[0])
    for part in parts[1:]:
        if part.casefold() in {"multiple", "multiple choice"}:
            draft.multiple = True
            continue
        setting = _SETTING.match(part)
        if setting is None:
            draft.options.append(part)
            continue
        name, value = setting[1].lower(), setting[2].strip()
        if name == "closes":
            draft.closes_at = parse_time(value, now, zone)
        elif name == "opens":
            draft.opens_at = parse_time(value, now, zone)
        else:
            draft.article_id = value or None
    return draft
