"""A poll's tally as the listeners and the hosts see it: percentages, text bars, CSV."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.articles.telegram_html import cut_at_word
from bot.core.messages import Button, OutgoingMessage
from bot.polls.voting import vote_data
from bot.texts import SUPPORTED_LANGUAGES, formats, pick_language
from bot.texts.polls import plural, text
from storage.poll_models import Poll, PollStatus

BAR_WIDTH = 10
FULL, EMPTY = "█", "░"
MAX_BUTTON_TEXT = 60


@dataclass(frozen=True)
class Tally:
    """Votes per option and distinct voters of one poll."""

    counts: tuple[int, ...]
    voters: int


def percentages(counts: Sequence[int], voters: int, *, multiple: bool) -> list[int]:
    """Whole percentages of voters per option; for single choice they add up to 100."""
    if voters == 0:
        return [0] * len(counts)
    exact = [count * 100 / voters for count in counts]
    if multiple:
        return [round(value) for value in exact]
    floors = [int(value) for value in exact]
    missing = 100 - sum(floors) if sum(counts) == voters else 0
    by_remainder = sorted(range(len(exact)), key=lambda i: (floors[i] - exact[i], i))
    for index in by_remainder[: max(0, missing)]:
        floors[index] += 1
    return floors


def bar(percent: int) -> str:
    """A text bar of BAR_WIDTH blocks."""
    filled = min(BAR_WIDTH, max(0, round(percent * BAR_WIDTH / 100)))
    return FULL * filled + EMPTY * (BAR_WIDTH - filled)


def result_lines(poll: Poll, tally: Tally, language: str | None) -> list[str]:
    """Each option in bold with its bar, percentage and votes (HTML), numbers as the language
    writes them."""
    shares = percentages(tally.counts, tally.voters, multiple=poll.multiple)
    lines = []
    for option, count, share in zip(poll.options, tally.counts, shares, strict=True):
        lines.append(f"<b>{html.escape(option, quote=False)}</b>")
        lines.append(f"{bar(share)} {formats.share_figure(share, count, language)}")
    return lines


def when_text(moment: datetime, zone: ZoneInfo, language: str | None) -> str:
    """A closing or opening time, short, in the language: 'Mon 30 Nov, 19:00'."""
    return formats.short_moment(moment.astimezone(zone), language)


def voters_text(voters: int, language: str | None) -> str:
    """'👥 1 voter', '👥 12 voters' in the language."""
    return plural("voters", voters, language)


def status_line(poll: Poll, tally: Tally, zone: ZoneInfo, language: str | None) -> str:
    """Voters and when the poll closes (or that it is closed)."""
    voters = voters_text(tally.voters, language)
    if poll.status == PollStatus.CLOSED:
        return text("status_closed", language, voters=voters)
    if poll.status == PollStatus.DRAFT:
        return text("status_draft", language, voters=voters)
    if poll.closes_at is None:
        return voters
    when = when_text(poll.closes_at, zone, language)
    return text("status_open", language, voters=voters, when=when)


def poll_message(
    poll: Poll, tally: Tally, zone: ZoneInfo, language: str | None = None, *, inline: bool = False
) -> OutgoingMessage:
    """The message showing a poll in a language (English by default): live results and,
    while open, a button per option. The question and options are the editor's words.
    An `inline` copy (posted through inline mode) carries its language in its buttons."""
    tagged = pick_language(language) if inline else None
    header = f"📊 <b>{html.escape(poll.question, quote=False)}</b>"
    lines = [header, ""]
    if poll.multiple:
        lines = [header, text("several_answers", language), ""]
    lines += result_lines(poll, tally, language)
    lines += ["", status_line(poll, tally, zone, language)]
    buttons: tuple[tuple[Button, ...], ...] = ()
    if poll.status == PollStatus.OPEN:
        buttons = tuple(
            (Button(text=_button_text(option), callback_data=vote_data(poll.id, index, tagged)),)
            for index, option in enumerate(poll.options)
        )
        share = Button(
            text=text("share_button", language), switch_inline_query=share_query(poll.id, language)
        )
        buttons += ((share,),)
    body = "\n".join(lines)
    return OutgoingMessage(text=body, html=True, buttons=buttons, fallback_text=_plain(body))


def share_query(poll_id: int, language: str | None) -> str:
    """What the share button types after the bot's name: 'poll 3', 'sondage 3', 'peiling 3'."""
    return f"{text('share_query', language)} {poll_id}"


def share_words() -> frozenset[str]:
    """The word of `share_query` in every language, as typed (case-folded)."""
    return frozenset(text("share_query", code).casefold() for code in SUPPORTED_LANGUAGES)


def results_text(poll: Poll, tally: Tally, zone: ZoneInfo, language: str | None) -> str:
    """The answer to /results: the tally, said to be final or provisional (HTML)."""
    key = "results_final" if poll.status == PollStatus.CLOSED else "results_so_far"
    lines = [
        text(key, language, id=poll.id),
        f"<b>{html.escape(poll.question, quote=False)}</b>",
        "",
    ]
    lines += result_lines(poll, tally, language)
    lines += ["", status_line(poll, tally, zone, language)]
    return "\n".join(lines)


def _button_text(option: str) -> str:
    return cut_at_word(option, MAX_BUTTON_TEXT)


def _plain(body: str) -> str:
    return html.unescape(body.replace("<b>", "").replace("</b>", ""))
