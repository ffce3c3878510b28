"""Every registered command, driven with generated arguments through the real Application."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.articles.fetch import FeedFetcher
from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import load_config
from bot.delivery.config import DeliveryConfig
from bot.runtime.app import build_application
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN, BRUSSELS, LISTENER
from tests.telegram_check import MAX_TEXT, telegram_problem

EXAMPLES = 200
COMMAND_FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    derandomize=True,  # the same inputs on every run: a CI failure can be replayed
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_CAPTION = 1024
GROUP = -700


def _commands(handler: BaseHandler[Any, Any, Any]) -> Iterator[str]:
    if isinstance(handler, CommandHandler):
        yield from handler.commands
    elif isinstance(handler, ConversationHandler):
        inner = [*handler.entry_points, *handler.fallbacks]
        inner += [h for state in handler.states.values() for h in state]
        for each in inner:
            yield from _commands(each)


def registered_commands() -> list[str]:
    """Every command a CommandHandler of the application answers, dialogue steps included."""
    app = build_application(
        Settings(_env_file=None, db=Path("unused.sqlite3")),
        load_config(None),
    )
    found = {name for group in app.handlers.values() for h in group for name in _commands(h)}
    return sorted(found)


COMMANDS = registered_commands()
# A fixed alphabet keeps generation cheap (thousands of examples) and still mixes scripts,
# unicode digits, markup, entities, separators, right-to-left marks and emoji.
ALPHABET = "aZé ١٢३0-9<>&;#|/@+=_.:'\"\t\u202e\u200b📻🇧\U0001d7d9"
WORD = st.text(alphabet=ALPHABET, min_size=1, max_size=12)
NUMBER = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.integers(min_value=0, max_value=12).map(str),
    st.sampled_from(["١٢", "१२", "²", "#3", "0", "-1", "1.5", "1e9", "9" * 20, "9" * 5000]),
)
ARGUMENT = st.one_of(
    NUMBER,
    WORD,
    st.sampled_from(["|", "+", "all", "off", "reset", "Europe/Brussels", "EST", "/skip"]),
    st.sampled_from(["https://news.example.org/rss", "http://127.0.0.1/x", "javascript:x"]),
    st.sampled_from(["<b>", "</i>", "&amp;", "&#0;", "<a href='x'>", "\u202e", "📻", "🇧🇪"]),
)
ARGUMENTS = st.one_of(
    st.just(""),
    st.lists(ARGUMENT, min_size=1, max_size=6).map(" ".join),
    st.lists(ARGUMENT, min_size=2, max_size=5).map(" | ".join),
    st.sampled_from(["x" * 5000, "y " * 2500, "Titre | " + "texte " * 900]),
)
SENDERS = st.sampled_from([(ADMIN, ADMIN.id), (ADMIN, GROUP), (LISTENER, LISTENER.id)])


async def public(host: str) -> list[str]:
    """Every host resolves to a public address (no DNS in tests)."""
    return ["93.184.216.34"]


def _shown_texts(harness: BotHarness, since: int) -> Iterator[tuple[str, bool, int]]:
    """(text, parse mode is HTML, limit) of every message sent or edited since call `since`."""
    for call in harness.api.calls[since:]:
        html = call.params.get("parse_mode") == "HTML"
        if call.method in ("sendMessage", "editMessageText"):
            yield str(call.params.get("text", "")), html, MAX_TEXT
        elif call.method in ("sendDocument", "sendPhoto") and call.params.get("caption"):
            yield str(call.params["caption"]), html, MAX_CAPTION


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def offline(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotHarness]:
    """One running bot for every command (its state grows from command to command), with
    no rate limits (thousands of replies would wait for Telegram's 30 a second: wall-clock
    time, not behaviour), a feed fetcher answering 404 and resolving no host name."""
    settings = Settings(
        _env_file=None,
        db=tmp_path_factory.mktemp("commands") / "bot.sqlite3",
        admins=frozenset({ADMIN.id}),
    )
    fast = DeliveryConfig(overall_per_s=1e6, per_chat_per_s=1e6, per_group_per_min=1e9)
    config = load_config(None).model_copy(update={"delivery": fast})
    clock = FixedClock(datetime(2026, 11, 30, 12, 0, tzinfo=BRUSSELS))
    async with BotHarness(settings, config, clock) as harness:
        fetcher = FeedFetcher(
            config.base_dir,
            transport=httpx.MockTransport(lambda request: httpx.Response(404)),
            resolver=public,
        )
        harness.services.get(ArticleService).set_fetcher(fetcher)
        yield harness


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("command", COMMANDS)
@COMMAND_FUZZ
@given(sender=SENDERS, arguments=ARGUMENTS)
# The bad input, for every command whatever is generated: no argument, too many,
# 5,000 characters, 20- and 5,000-digit numbers, a negative number, unicode digits.
@example(sender=(ADMIN, ADMIN.id), arguments="")
@example(sender=(ADMIN, ADMIN.id), arguments="1 2 3 4 5 6 7 8 9 10 11 12")
@example(sender=(ADMIN, ADMIN.id), arguments="x" * 5000)
@example(sender=(ADMIN, ADMIN.id), arguments="9" * 20)
@example(sender=(ADMIN, ADMIN.id), arguments="9" * 5000)
@example(sender=(ADMIN, ADMIN.id), arguments="-5")
@example(sender=(ADMIN, ADMIN.id), arguments="١٢")
@example(sender=(LISTENER, LISTENER.id), arguments="9" * 20)
async def test_every_command_with_generated_arguments(
    offline: BotHarness,
    caplog: pytest.LogCaptureFixture,
    command: str,
    sender: tuple[Person, int],
    arguments: str,
) -> None:
    """Any arguments to the command, from an editor or a listener, in a private chat or a
    group, raise nothing in a handler, and every reply passes the Telegram-HTML check."""
    person, chat = sender
    since = len(offline.api.calls)
    caplog.clear()
    await offline.say(person, chat, f"/{command} {arguments}".rstrip())
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    for text, html, limit in _shown_texts(offline, since):
        assert telegram_problem(text, html=html, limit=limit) is None, text[:200]


def test_every_command_is_driven() -> None:
    """The commands driven include every command of /help, the dialogue ones too."""
    assert {"publish", "newpoll", "results", "latest", "addfeed", "cancel"} <= set(COMMANDS)
