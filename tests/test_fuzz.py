"""Property-based fuzzing through the real Application with generated users, chats and input."""

from __future__ import annotations

import logging
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, callback_update, inline_query_update
from bot.runtime.features import COMMANDS
from bot.texts.core import text as core_text
from tests.conftest import ADMIN

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NON_ADMINS = st.builds(
    Person,
    st.integers(min_value=2, max_value=40),
    st.text(min_size=1, max_size=12),
    st.sampled_from(["en", "fr", "nl", "de", None]),
)
CHATS = st.sampled_from([0, -100, -1001234567890])  # 0: the user's private chat
NASTY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="<>&\"'|/@#*_`[]()~\\\u200b\u202e", max_size=50),
    st.just("x" * 4096),
)
COMMAND_NAMES = [command.name for command in COMMANDS]
ADMIN_COMMAND_NAMES = [command.name for command in COMMANDS if command.admin_only]
CALLBACK_DATA = st.one_of(
    st.text(max_size=64),
    st.binary(max_size=64).map(lambda raw: raw.decode("latin-1")),
    st.from_regex(r"[a-z]{1,6}:[0-9a-z:]{0,20}", fullmatch=True),
)


BAD_MESSAGE = ("parse entities", "too long", "text is empty")


def _refusals(harness: BotHarness) -> list[str]:
    """Calls Telegram would refuse because the bot built a bad message."""
    errors = [str(call.params["_error"]) for call in harness.api.errors]
    return [error for error in errors if any(sign in error for sign in BAD_MESSAGE)]


def _failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _dump(path: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@FUZZ
@given(person=NON_ADMINS, chat=CHATS, command=st.sampled_from(COMMAND_NAMES), args=NASTY_TEXT)
async def test_commands_with_any_arguments(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, person: Person, chat: int,
    command: str, args: str,
) -> None:  # fmt: skip
    """Any command with any arguments, from anyone anywhere, fails nothing and sends valid text."""
    with caplog.at_level(logging.ERROR):
        await harness.say(person, chat or person.id, f"/{command} {args}")
    assert _failures(caplog) == []
    assert _refusals(harness) == []


@FUZZ
@given(person=NON_ADMINS, chat=CHATS, text=NASTY_TEXT)
async def test_free_text(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, person: Person, chat: int, text: str
) -> None:
    """Any free text, in private chats and groups, fails nothing and sends valid text."""
    with caplog.at_level(logging.ERROR):
        await harness.say(person, chat or person.id, text or ".")
    assert _failures(caplog) == []
    assert _refusals(harness) == []


@FUZZ
@given(person=NON_ADMINS, data=CALLBACK_DATA)
async def test_callback_data(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, person: Person, data: str
) -> None:
    """Garbled or forged button data is answered without failure and changes no tally."""
    await harness.say(ADMIN, ADMIN.id, "/help")
    message = harness.api.sent(ADMIN.id)[-1]
    before = _dump(str(harness.services.core.settings.db))
    with caplog.at_level(logging.ERROR):
        await harness.push(callback_update(person, harness.api._message_json(message), data))
    assert _failures(caplog) == []
    after = [line for line in _dump(str(harness.services.core.settings.db)) if "vote" in line]
    assert after == [line for line in before if "vote" in line]


@FUZZ
@given(person=NON_ADMINS, query=NASTY_TEXT)
async def test_inline_queries(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, person: Person, query: str
) -> None:
    """Any inline query is answered or ignored without failure."""
    with caplog.at_level(logging.ERROR):
        await harness.push(inline_query_update(person, query[:256]))
    assert _failures(caplog) == []


@FUZZ
@given(
    person=NON_ADMINS,
    chat=CHATS,
    command=st.sampled_from(ADMIN_COMMAND_NAMES or ["publish"]),
    args=NASTY_TEXT,
)
async def test_admin_commands_from_non_admins_change_nothing(
    harness: BotHarness, person: Person, chat: int, command: str, args: str
) -> None:
    """An admin command from a non-admin, in a private chat or a group, changes no stored row."""
    before = _dump(str(harness.services.core.settings.db))
    await harness.say(person, chat or person.id, f"/{command} {args}")
    replies = harness.replies(chat or person.id)
    assert _dump(str(harness.services.core.settings.db)) == before
    if command in ADMIN_COMMAND_NAMES:
        assert replies
        assert replies[-1] == core_text("admins_only", person.language_code)
