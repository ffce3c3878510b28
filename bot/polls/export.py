"""/exportpoll: a CSV file a newsroom can open in Excel, with no voter identities."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.numbers import get_decimal_symbol

from bot.polls.results import Tally, percentages
from bot.texts.formats import locale_of
from bot.texts.polls import text
from storage.poll_models import Poll, PollStatus

# Cells a spreadsheet would read as a formula (OWASP "CSV injection"): a quote disarms them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_IN_NAME = re.compile(r"[^\w]+")
NAME_WORDS_LENGTH = 40
LANGUAGE_ORDER = ("fr", "nl", "en", "")


def neutralise(cell: object) -> str:
    """The cell as text, with a leading quote when a spreadsheet would take it as a formula."""
    value = str(cell)
    return "'" + value if value.startswith(_FORMULA_START) else value


def separator(language: str | None) -> str:
    """The cell separator a spreadsheet of the language's locale expects: ';' where numbers
    take a decimal comma (fr_BE, nl_BE: Excel reads ',' as part of a number there), else ','."""
    return ";" if get_decimal_symbol(locale_of(language)) == "," else ","


def file_name(poll: Poll, language: str | None = None) -> str:
    """`poll-3-will-the-belgians-….csv` (`sondage-3-…`, `peiling-3-…`): the word for poll in
    the language, the poll's number and the start of its question."""
    prefix = f"{text('export_file', language)}-{poll.id}"
    words = _NOT_IN_NAME.sub("-", poll.question.casefold()).strip("-_")
    words = words[:NAME_WORDS_LENGTH].rstrip("-_")
    return f"{prefix}-{words}.csv" if words else f"{prefix}.csv"


def _moment(moment: datetime | None, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def _opened(poll: Poll) -> datetime | None:
    if poll.status == PollStatus.DRAFT:
        return None
    return poll.opens_at or poll.created_at


def export_csv(
    poll: Poll,
    tally: Tally,
    by_language: Mapping[str, tuple[Sequence[int], int]],
    zone: ZoneInfo,
    language: str | None = None,
) -> bytes:
    """The newsroom file: a header block (question, status, times, voters), one row per
    option with votes and share (as the poll message shows them), then the same per chat
    language. UTF-8 with a byte order mark, so Excel reads accents right; cells separated
    as the language's locale expects (`separator`), numbers as bare digits (whole numbers,
    no grouping), which read as numbers under either separator."""
    rows: list[list[object]] = [
        [text("export_question", language), poll.question],
        [text("export_status", language), text(f"state_{poll.status.value}", language)],
        [text("export_opened", language, zone=zone.key), _moment(_opened(poll), zone)],
        [
            text("export_closed", language, zone=zone.key),
            _moment(poll.closed_at or poll.closes_at, zone),
        ],
        [text("export_voters", language), tally.voters],
        [],
        [text("export_option", language), text("export_votes", language),
         text("export_share", language)],
    ]  # fmt: skip
    shares = percentages(tally.counts, tally.voters, multiple=poll.multiple)
    rows += [
        [option, count, share]
        for option, count, share in zip(poll.options, tally.counts, shares, strict=True)
    ]
    rows += [[], [text("export_language", language), text("export_voters", language)]]
    rows[-1] += list(poll.options)
    for code in sorted(by_language, key=_language_rank):
        counts, voters = by_language[code]
        name = text(f"language_{code}" if code else "language_unknown", language)
        rows.append([name, voters, *counts])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator(language), lineterminator="\r\n")
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _language_rank(code: str) -> tuple[int, str]:
    return (LANGUAGE_ORDER.index(code) if code in LANGUAGE_ORDER else 3, code)
