"""Numbers after commands: one bounded parser, and a line naming the range when refused."""

from __future__ import annotations

import logging

import pytest

from bot.core.arguments import IDS, NumberRange
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN
from tests.telegram_check import telegram_problem

HUGE = "9" * 5000
NUMBER_COMMANDS = {
    "latest": "from 1 to 20",
    "results": "from 1 to 999,999,999",
    "openpoll": "from 1 to 999,999,999",
    "closepoll": "from 1 to 999,999,999",
    "sendpoll": "from 1 to 999,999,999",
    "exportpoll": "from 1 to 999,999,999",
    "removefeed": "from 1 to 999,999,999",
}


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("12", 12),
        ("#3", 3),
        ("١٢", 12),  # Arabic-Indic digits
        ("१२", 12),  # Devanagari digits
        ("007", 7),
        ("0" * 5000 + "5", 5),
        ("0", None),
        ("-3", None),
        ("²", None),  # a digit, but not a decimal one: int() would raise
        ("1.5", None),
        ("1 2", None),
        ("", None),
        (None, None),
        ("99999999999999999999", None),
        (HUGE, None),
        ("twelve", None),
    ],
)
def test_number_range_parses_only_whole_numbers_in_range(
    argument: str | None, expected: int | None
) -> None:
    """Whole numbers in any script's digits are read; anything else or out of range is None."""
    assert NumberRange(1, 100).parse(argument) == expected


def test_ids_fit_sqlite_and_callback_data() -> None:
    """Ids stop at nine digits: SQLite's integers and the buttons' data both hold them."""
    assert IDS.parse("999999999") == 999_999_999
    assert IDS.parse("1000000000") is None


@pytest.mark.parametrize("command", sorted(NUMBER_COMMANDS))
async def test_out_of_range_numbers_get_a_line_naming_the_range(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    """A 20- or 5,000-digit, negative, zero or doubled number gets one line with the range."""
    arguments = ["99999999999999999999", HUGE, "-5", "0", "3 4", "x" * 5000]
    with caplog.at_level(logging.ERROR):
        for argument in arguments:
            await harness.say(ADMIN, ADMIN.id, f"/{command} {argument}")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    answers = harness.replies(ADMIN.id)
    assert len(answers) == len(arguments)
    assert all(NUMBER_COMMANDS[command] in answer for answer in answers)
    assert all(answer.startswith(f"/{command} ") for answer in answers)


async def test_range_line_is_in_the_editors_language(harness: BotHarness) -> None:
    """The range line is French for a French editor, with French digit grouping."""
    editor = Person(ADMIN.id, "Rédaction", "fr")
    await harness.say(editor, editor.id, "/results 99999999999999999999")
    assert harness.replies(editor.id) == [
        "/results attend un nombre entier de 1 à 999\u202f999\u202f999."
    ]


@pytest.mark.parametrize("command", sorted(NUMBER_COMMANDS))
async def test_unicode_digits_are_read_as_numbers(harness: BotHarness, command: str) -> None:
    """`١٢` is the number 12: the command runs (e.g. "no poll #12"), no range line."""
    await harness.say(ADMIN, ADMIN.id, f"/{command} ١٢")
    answers = harness.replies(ADMIN.id)
    assert answers
    assert not any("whole number" in answer for answer in answers)
    assert all(telegram_problem(m.text, html=m.html) is None for m in harness.api.sent(ADMIN.id))


async def test_addfeed_interval_is_bounded_to_a_day(harness: BotHarness) -> None:
    """/addfeed URL MINUTES accepts 1 to 1,440 minutes and names that range otherwise."""
    cases = {"999999": True, "0": True, "1441": True, "-5": True, "1440": False, "1": False}
    for argument in cases:
        await harness.say(ADMIN, ADMIN.id, f"/addfeed feeds/news-{argument}.xml {argument}")
    range_line = "/addfeed takes a whole number from 1 to 1,440."
    assert [answer == range_line for answer in harness.replies(ADMIN.id)] == list(cases.values())


async def test_remind_refuses_superscript_digits(harness: BotHarness) -> None:
    """/remind ² (a digit int() cannot read) gets the range line, not an error."""
    await harness.say(ADMIN, ADMIN.id, "/remind ²")
    [answer] = harness.replies(ADMIN.id)
    assert "from 1 to 720" in answer
