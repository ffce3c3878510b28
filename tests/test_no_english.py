"""A French and a Dutch chat go through every command, button and error: no English text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from babel.messages.pofile import read_po

from bot.articles.fetch import FeedFetcher
from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, chosen_inline_result_update, inline_query_update
from bot.schedule.service import ScheduleService
from tests.conftest import BRUSSELS

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# The menu and descriptions are set once per language: only this language's ones count.
PROFILE_METHODS = ("setMyCommands", "setMyDescription", "setMyShortDescription")


def english_fragments(language: str) -> set[str]:
    """Pieces of English catalog texts (between placeholders) the translation does not reuse."""
    with (ROOT / "bot" / "locale" / language / "LC_MESSAGES" / "radiobot.po").open("rb") as file:
        catalog = read_po(file, locale=language)
    fragments: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        ids: Any = message.id
        english: tuple[str, ...] = tuple(ids) if isinstance(ids, tuple | list) else (str(ids),)
        strings_: Any = message.string
        forms = strings_ if isinstance(strings_, tuple | list) else (strings_ or "",)
        translated = " ".join(str(form) for form in forms)
        for form in english:
            for piece in PLACEHOLDER.split(form):
                for line in piece.split("\n"):
                    words = line.strip(" .,:;()“”«»—–-•!?")
                    if len(words) >= 12 and " " in words and words not in translated:
                        fragments.add(words)
    return fragments


def english_labels(language: str) -> set[str]:
    """Whole English catalog texts without placeholders (button labels, short words like
    "Done" or "never") that the translation changes: too short for `english_fragments`."""
    with (ROOT / "bot" / "locale" / language / "LC_MESSAGES" / "radiobot.po").open("rb") as file:
        catalog = read_po(file, locale=language)
    labels: set[str] = set()
    for message in catalog:
        ids: Any = message.id
        english = tuple(ids) if isinstance(ids, tuple | list) else (str(ids),)
        strings_: Any = message.string
        forms = set(strings_ if isinstance(strings_, tuple | list) else (strings_ or "",))
        labels |= {form for form in english if form and "{" not in form and form not in forms}
    return labels


def strings(value: Any) -> Iterator[str]:
    """Every string inside an API call's parameters."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("url", "callback_data", "switch_inline_query", "parse_mode"):
                yield from strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


async def failing_feed(harness: BotHarness) -> None:
    """A feed whose server answers 404, polled once: /feeds shows why it fails."""
    articles = harness.services.get(ArticleService)
    gone = httpx.MockTransport(lambda request: httpx.Response(404))
    base_dir = harness.services.core.config.base_dir
    articles.set_fetcher(FeedFetcher(base_dir, transport=gone, resolver=public))
    await articles.add_feed("https://news.example.org/gone.xml", 5)
    await articles.poll_due()


async def public(host: str) -> list[str]:
    """Every host resolves to a public address."""
    return ["93.184.216.34"]


async def walk(harness: BotHarness, clock: FixedClock, listener: Person, editor: Person) -> None:
    """Every listener command, button and error, editor commands, and pushed messages."""
    me, admin = listener.id, editor.id
    bot = harness.app.bot.username
    for line in (
        "/start", "/help", "/privacy", "/latest", "/latest 2", "/latest abc", "/latest 9999",
        "/search", "/search peace", "/search zzqqxx", "/topics", "/subscribe",
        "/subscribe", "/subscriptions", "/unsubscribe nothing", "/unsubscribe",
        "/subscribe belgian army + soldiers", "/subscribe bad + ", "/next", "/now",
        "/schedule", "/hosts", "/calendar", "/timezone", "/timezone Mars/Olympus",
        "/timezone Asia/Tokyo", "/timezone reset", "/remind 10", "/remind abc", "/remind off",
        "/remind off", "/results", "/studio", "/frobnicate", "/language de", "/language",
        "/stop",
    ):  # fmt: skip
        await harness.say(listener, me, line)
    offer = harness.latest_with_buttons(me)
    assert offer is not None
    await harness.press(listener, offer, "core:keep")
    await harness.say(listener, me, "/subscribe")
    await harness.say(listener, me, "/remind 10")
    await failing_feed(harness)
    for line in (
        "/help", "/polls", "/openpoll 1", "/openpoll 1", "/sendpoll 1", "/exportpoll 1",
        "/closepoll 9", "/newpoll Q? | A | A", "/newpoll ? | A", "/feeds", "/addfeed ftp://x",
        "/addfeed http://127.0.0.1/feed", "/removefeed 99", "/removefeed 1", "/stats",
        "/publish Titre | Texte | https://example.org/walk | tag", "/publish", "/cancel",
        "/inbox", "/publish! Urgent | Texte | https://example.org/urgent", "/newpoll",
        "Une question ?", "Oui", "/cancel", "/studio", "/results 1", "/results 99",
    ):  # fmt: skip
        await harness.say(editor, admin, line)
    await harness.services.drain(2)
    copy = next(m for m in reversed(harness.api.sent(me)) if "pv:" in str(m.reply_markup))
    await harness.say(listener, me, "/results")
    for data in ("pv:1:0", "pv:1:0", "pv:1:1"):
        await harness.press(listener, copy, data)
    await harness.say(listener, me, "/results")
    await harness.push(inline_query_update(listener, "poll 1"))  # sharing the poll elsewhere
    await harness.push(chosen_inline_result_update(listener, f"poll:1:{listener.language_code}",
                                                   "poll 1", "AAQ-shared"))  # fmt: skip
    await harness.services.get(PollService).refresher.settle()
    await harness.say(editor, admin, "/closepoll 1")
    await harness.say(editor, admin, "/closepoll 1")
    await harness.press(listener, copy, "pv:1:0")
    await harness.press(listener, copy, "nonsense")
    await harness.say(listener, -900, f"@{bot} /stop")
    clock.set(dt.datetime(2026, 11, 30, 17, 50, tzinfo=BRUSSELS))
    await harness.services.get(ScheduleService).send_due_reminders()
    clock.set(dt.datetime(2026, 11, 30, 18, 10, tzinfo=BRUSSELS))
    for line in ("/now", "/studio", "Une question pour le studio", "/studio", "/next"):
        await harness.say(listener, me, line)
    await harness.services.drain(2)  # the reminder goes out before /forgetme drops the chat's rows
    await harness.say(listener, me, "/forgetme")
    await harness.services.drain(2)


@pytest.mark.parametrize(
    ("language", "question"),
    [("fr", "est-ce que l'émission passe ce soir ?"), ("nl", "is het programma vanavond?")],
)
async def test_no_english_catalog_text_reaches_a_french_or_dutch_chat(
    harness: BotHarness, clock: FixedClock, language: str, question: str
) -> None:
    """Every reply, pushed message, popup and button a French or Dutch chat gets is free of
    the English catalog texts."""
    listener, editor = Person(3, "Lou", language), Person(1, "Editor", language)
    await harness.say(listener, listener.id, question)
    await walk(harness, clock, listener, editor)
    seen = [
        text
        for call in harness.api.calls
        if call.method not in PROFILE_METHODS or call.params.get("language_code") == language
        for text in strings(call.params)
    ]
    assert len(seen) > 80
    assert any(text.startswith("⏰") for text in seen)  # the reminder was pushed too
    assert {
        call.method
        for call in harness.api.calls
        if call.method in PROFILE_METHODS and call.params.get("language_code") == language
    } == set(PROFILE_METHODS)  # this language's menus and descriptions were checked
    assert any(call.method == "answerInlineQuery" for call in harness.api.calls)
    assert any(call.params.get("inline_message_id") == "AAQ-shared" for call in harness.api.calls)
    failing = [text for text in seen if "gone.xml" in text and "404" not in text]
    assert len(failing) == len([text for text in seen if "gone.xml" in text]) > 0
    found = sorted(
        fragment
        for fragment in english_fragments(language)
        if any(fragment in text for text in seen)
    )
    assert found == []
    labels = english_labels(language)
    assert sorted({text.strip() for text in seen} & labels) == []


def exported_csv(harness: BotHarness) -> tuple[str, str]:
    """The file name and text of the last poll export sent."""
    [document] = [
        call.params["_files"]["document"]
        for call in harness.api.calls_to("sendDocument")
        if call.params["_files"]["document"]["filename"].endswith(".csv")
    ][-1:]
    return document["filename"], document["text"]


@pytest.mark.parametrize(
    ("language", "prefix", "headers"),
    [
        ("fr", "sondage-1-", ["Statut", "Votants", "Part (%)", "Langue du chat"]),
        ("nl", "peiling-1-", ["Status", "Stemmers", "Aandeel (%)", "Taal van de chat"]),
        (None, "sondage-1-", ["Statut", "Votants", "Part (%)", "Langue du chat"]),
        ("de", "sondage-1-", ["Statut", "Votants", "Part (%)", "Langue du chat"]),
    ],
)
async def test_the_poll_export_is_in_the_editors_language_else_the_stations(
    harness: BotHarness, language: str | None, prefix: str, headers: list[str]
) -> None:
    """The CSV's file name and headers follow the editor's language; an editor whose Telegram
    language the bot does not speak gets the station's (French), not English."""
    editor = Person(1, "Editor", language)
    await harness.say(editor, editor.id, "/openpoll 1")
    await harness.say(editor, editor.id, "/exportpoll 1")
    name, table = exported_csv(harness)
    assert name.startswith(prefix)
    cells = {cell for row in csv.reader(io.StringIO(table), delimiter=";") for cell in row}
    assert set(headers) <= cells
    assert not cells & {"Voters", "Share (%)", "Chat language", "Closes or closed"}
