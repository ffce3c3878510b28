"""/exportpoll: a newsroom CSV (header block, shares adding up to 100, languages, safe cells)."""

from __future__ import annotations

import csv
import io

import pytest

from bot.polls.export import neutralise
from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN
from tests.polls_helpers import manual_timer, open_seed

VOTERS = [Person(20 + n, f"Voter {n}") for n in range(7)]
FRENCH_CHAT = -4001


def rows_of(data: bytes, delimiter: str = ",") -> list[list[str]]:
    """The CSV's rows, once its byte order mark is checked and removed."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


async def test_export_is_a_newsroom_file(harness: BotHarness) -> None:
    """The export has the question, status, times and voters, one row per option with shares
    that add up to 100 as on the poll message, and a breakdown by chat language."""
    manual_timer(harness)
    poll = await open_seed(harness)
    harness.api.set_chat(FRENCH_CHAT, "group")
    await harness.services.get(PollService).show(1, FRENCH_CHAT, "fr")
    french = harness.latest_with_buttons(FRENCH_CHAT)
    assert french is not None
    for voter, option in zip(VOTERS[:3], (0, 0, 1), strict=True):  # 2 / 1 / 0 of 3: 67/33/0
        await harness.press(voter, poll, f"pv:1:{option}")
    for voter in VOTERS[3:6]:
        await harness.press(voter, french, "pv:1:2")
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await harness.say(ADMIN, ADMIN.id, "/exportpoll 1")
    document = harness.api.calls_to("sendDocument")[-1]
    name = document.params["_files"]["document"]["filename"]
    assert name == "poll-1-would-the-belgians-be-ready-to-see-their.csv"
    name, data, _ = await harness.services.get(PollService).export(1, "en")
    rows = rows_of(data)
    question = harness.services.core.config.polls[0].question
    assert rows[:5] == [
        ["Question", question],
        ["Status", "closed"],
        ["Opened (Europe/Brussels)", "2026-11-30 12:00"],
        ["Closes or closed (Europe/Brussels)", "2026-11-30 12:00"],
        ["Voters", "6"],
    ]
    assert rows[6:10] == [
        ["Option", "Votes", "Share (%)"],
        ["Yes", "2", "33"],
        ["No", "1", "17"],
        ["I don't know yet", "3", "50"],
    ]
    assert sum(int(row[2]) for row in rows[7:10]) == 100
    final = (await harness.services.get(PollService).message(1)).text
    assert "33% (2)" in final
    assert "17% (1)" in final
    assert rows[11:] == [
        ["Chat language", "Voters", "Yes", "No", "I don't know yet"],
        ["French", "3", "0", "0", "3"],
        ["English", "3", "2", "1", "0"],
    ]


async def test_export_headers_follow_the_editors_language(harness: BotHarness) -> None:
    """A French editor gets French headers and language names."""
    manual_timer(harness)
    await open_seed(harness)
    _, data, _ = await harness.services.get(PollService).export(1, "fr")
    rows = rows_of(data, ";")
    assert rows[1] == ["Statut", "ouvert"]
    assert rows[6] == ["Option", "Votes", "Part (%)"]


async def test_formula_cells_are_neutralised(harness: BotHarness) -> None:
    """An option or question starting with =, +, -, @, tab or CR is written with a quote."""
    manual_timer(harness)
    await harness.say(ADMIN, ADMIN.id, '/newpoll =HYPERLINK("x")? | +1 | -1 | @SUM(A1) | ok')
    _, data, _ = await harness.services.get(PollService).export(2)  # the station's French
    rows = rows_of(data, ";")
    assert rows[0][1] == '\'=HYPERLINK("x")?'
    assert [row[0] for row in rows[7:11]] == ["'+1", "'-1", "'@SUM(A1)", "ok"]
    for dangerous in ("=1", "+1", "-1", "@1", "\t1", "\r1"):
        assert neutralise(dangerous) == "'" + dangerous
    assert neutralise("1") == "1"


@pytest.mark.parametrize(("language", "delimiter"), [("fr", ";"), ("nl", ";"), ("en", ",")])
async def test_separator_follows_the_decimal_comma_of_the_locale(
    harness: BotHarness, language: str, delimiter: str
) -> None:
    """Where numbers take a decimal comma (Belgian French and Dutch) cells are separated by
    ';', else by ','; a cell holding either is quoted and numbers are bare digits."""
    manual_timer(harness)
    editor = Person(ADMIN.id, "Editor", language)
    await harness.say(editor, ADMIN.id, "/newpoll Oui; non, ou 1,5 ? | A;B | C,D")
    await harness.say(editor, ADMIN.id, "/openpoll 2")
    poll = harness.latest_with_buttons(ADMIN.id)
    assert poll is not None
    for voter in VOTERS:
        await harness.press(voter, poll, "pv:2:0")
    await harness.say(editor, ADMIN.id, "/exportpoll 2")
    document = harness.api.calls_to("sendDocument")[-1]
    sent = document.params["_files"]["document"]["text"]
    _, data, _ = await harness.services.get(PollService).export(2, language)
    assert data.decode("utf-8-sig") == sent
    lines = sent.split("\r\n")
    assert lines[0].endswith(f'{delimiter}"Oui; non, ou 1,5 ?"')
    assert lines[4].endswith(f"{delimiter}7")
    quoted = {";": ['"A;B";7;100', "C,D;0;0"], ",": ["A;B,7,100", '"C,D",0,0']}
    assert lines[7:9] == quoted[delimiter]
    rows = rows_of(data, delimiter)
    assert rows[0][1] == "Oui; non, ou 1,5 ?"
    assert [row[:3] for row in rows[7:9]] == [["A;B", "7", "100"], ["C,D", "0", "0"]]
