"""Tests of the fake Telegram Bot API HTTP server, driven through PTB's real HTTPXRequest."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import json
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import ApplicationBuilder
from telegram.request import HTTPXRequest

from tests.fakes.http_bot_api import FakeBotApiServer, Faults, FloodLimits
from tests.fakes.http_bot_api_html import EntityParseError, parse_html

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
# PTB 22 warns that RetryAfter.retry_after will become a timedelta; irrelevant here.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")
REPO_ROOT = Path(__file__).resolve().parent.parent
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="next")]])


def make_bot(server: FakeBotApiServer, read_timeout: float = 5.0) -> Bot:
    """A PTB bot on the fake server using a real HTTPXRequest."""
    request = HTTPXRequest(connection_pool_size=8, read_timeout=read_timeout)
    return Bot(TOKEN, base_url=server.base_url, request=request)


def retry_seconds(exc: RetryAfter) -> float:
    """``RetryAfter.retry_after`` in seconds, whatever PTB_TIMEDELTA says."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    """A started fake server on the test's event loop."""
    async with FakeBotApiServer() as running:
        yield running


@pytest.fixture
async def bot(server: FakeBotApiServer) -> AsyncIterator[Bot]:
    """An initialized PTB bot talking to ``server``."""
    async with make_bot(server) as client:
        yield client


async def test_get_me_and_send_message_round_trip(server: FakeBotApiServer, bot: Bot) -> None:
    """getMe returns the test bot and sendMessage returns a valid, recorded Message."""
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "radio_test_bot"
    first = await bot.send_message(42, "hello", reply_markup=KEYBOARD)
    second = await bot.send_message(42, "again")
    assert (first.message_id, second.message_id) == (1, 2)
    assert first.chat.type == "private"
    assert first.text == "hello"
    assert first.reply_markup == KEYBOARD
    assert first.date.tzinfo is not None
    assert server.count("sendMessage") == 2
    assert server.count("getMe", status=200) >= 1
    call = server.calls_for("sendMessage")[0]
    assert call.params["chat_id"] == 42
    assert call.params["reply_markup"] == KEYBOARD.to_dict()
    assert [m.text for m in server.sent_messages(42)] == ["hello", "again"]
    assert server.delivered_texts_by_chat() == {42: ["hello", "again"]}


@pytest.mark.parametrize(
    ("chat_id", "chat_type"),
    [(7, "private"), (-77, "group"), (-1001234567890, "supergroup")],
)
async def test_chat_type_follows_chat_id(bot: Bot, chat_id: int, chat_type: str) -> None:
    """The chat type is private for positive ids, group for negative, supergroup below -10**12."""
    message = await bot.send_message(chat_id, "hi")
    assert message.chat.type == chat_type
    assert message.chat.id == chat_id


@pytest.mark.parametrize(
    "html",
    [
        "<b>unclosed",
        "<b><i>crossed</b></i>",
        "<div>unsupported</div>",
        "a < b",
        "fish & chips",
        "&nbsp;",
        "<span>no class</span>",
        "</b>stray end",
        "<br>",
    ],
)
async def test_broken_html_is_rejected(server: FakeBotApiServer, bot: Bot, html: str) -> None:
    """Malformed or unsupported HTML is answered 400 "can't parse entities" like Telegram."""
    with pytest.raises(BadRequest, match=r"(?i)parse entities"):
        await bot.send_message(42, html, parse_mode="HTML")
    assert server.sent_messages() == []
    assert server.count("sendMessage", status=400) == 1


async def test_valid_html_is_accepted_with_entities(bot: Bot) -> None:
    """Supported tags and entities are accepted and answered with matching entities."""
    html = (
        '<b>Bold</b> <i>it</i> <a href="https://x.org/?a=1&amp;b=2">link</a> &lt;3 &#128512; '
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> <u><s>us</s></u> '
        '<code>c</code> <pre><code class="language-python">p</code></pre> '
        "<blockquote expandable>q</blockquote>"
    )
    message = await bot.send_message(42, html, parse_mode="HTML")
    assert message.text is not None
    assert message.text.startswith("Bold it link <3 😀 s t us c p q")
    types = [entity.type for entity in message.entities]
    assert types[:3] == ["bold", "italic", "text_link"]
    assert message.entities[2].url == "https://x.org/?a=1&b=2"
    assert "expandable_blockquote" in types
    assert any(e.type == "pre" and e.language == "python" for e in message.entities)


def test_html_entity_offsets_count_utf16_units() -> None:
    """Entity offsets after an astral-plane emoji are counted in UTF-16 code units."""
    text, entities = parse_html("😀 <b>x</b>")
    assert text == "😀 x"
    assert entities == [{"type": "bold", "offset": 3, "length": 1}]
    with pytest.raises(EntityParseError, match=r"(?i)byte offset 5"):
        parse_html("😀 <x>")


async def test_too_long_and_empty_text_are_rejected(bot: Bot) -> None:
    """Visible text over 4096 UTF-16 units or empty text is rejected; markup does not count."""
    await bot.send_message(42, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "a" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "a" * 4095 + "😀")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(42, "")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(42, "<b> </b>", parse_mode="HTML")


async def test_per_chat_flood_limit_raises_retry_after(server: FakeBotApiServer, bot: Bot) -> None:
    """A second send to the same chat within 1 s is answered 429 with retry_after >= 1."""
    server.set_limits(FloodLimits())
    await bot.send_message(42, "one")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(42, "two")
    assert retry_seconds(caught.value) >= 1
    await bot.send_message(43, "other chat is fine")
    assert server.http_429 == 1
    assert server.delivered_texts_by_chat() == {42: ["one"], 43: ["other chat is fine"]}
    assert server.failed_calls("sendMessage")[0].fault == "flood"


async def test_overall_and_group_limits(server: FakeBotApiServer, bot: Bot) -> None:
    """The overall per-second window and the per-group per-minute window are enforced."""
    server.set_limits(FloodLimits(overall_per_s=3, per_chat_per_s=None, per_group_per_min=2))
    for chat_id in (1, 2, 3):
        await bot.send_message(chat_id, "x")
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "x")
    server.set_limits(FloodLimits(overall_per_s=None, per_chat_per_s=None, per_group_per_min=2))
    await bot.send_message(-5, "a")
    await bot.send_message(-5, "b")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(-5, "c")
    assert 59 <= retry_seconds(caught.value) <= 60
    assert server.http_429 == 2


async def test_edits_count_towards_chat_limit_only_when_enabled(
    server: FakeBotApiServer, bot: Bot
) -> None:
    """Edits are not flood limited by default but are with ``count_edits=True``."""
    server.set_limits(FloodLimits())
    message = await bot.send_message(42, "v1")
    await bot.edit_message_text("v2", 42, message.message_id)
    server.set_limits(FloodLimits(count_edits=True))
    await bot.edit_message_text("v3", 42, message.message_id)
    with pytest.raises(RetryAfter):
        await bot.edit_message_text("v4", 42, message.message_id)


async def test_blocked_chat_raises_forbidden(server: FakeBotApiServer, bot: Bot) -> None:
    """Sending to a chat blocked via block_chat raises Forbidden (403)."""
    server.block_chat(42)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(42, "hello")
    assert server.failed_calls()[0].status == 403
    assert server.sent_messages() == []


async def test_migrated_chat_raises_chat_migrated(server: FakeBotApiServer, bot: Bot) -> None:
    """Sending to a migrated group raises ChatMigrated carrying the new chat id."""
    server.migrate_chat(-100, -1001234567890)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-100, "hello")
    assert caught.value.new_chat_id == -1001234567890
    await bot.send_message(-1001234567890, "hello")


async def test_5xx_fault_raises_network_error(server: FakeBotApiServer, bot: Bot) -> None:
    """With a 5xx rate of 1 every eligible call fails with NetworkError; getMe is unaffected."""
    server.set_faults(Faults(error_5xx_rate=1.0))
    with pytest.raises(NetworkError):
        await bot.send_message(42, "hello")
    assert (await bot.get_me()).username == "radio_test_bot"
    assert server.failed_calls()[0].status in (500, 502)
    assert server.sent_messages() == []


async def test_random_faults_are_deterministic_per_seed() -> None:
    """The same seed yields the same sequence of injected faults."""

    async def run(seed: int) -> list[int]:
        async with FakeBotApiServer(faults=Faults(seed=seed, error_5xx_rate=0.5)) as server:
            async with make_bot(server) as client:
                for index in range(12):
                    with contextlib.suppress(NetworkError):
                        await client.send_message(index + 1, "x")
            return [call.status for call in server.calls_for("sendMessage")]

    first, second = await run(7), await run(7)
    assert first == second
    assert 200 in first
    assert {500, 502} & set(first)


async def test_timeout_fault_raises_timed_out(server: FakeBotApiServer) -> None:
    """A request held longer than the client's read timeout raises TimedOut and is not sent."""
    server.set_faults(Faults(timeout_rate=1.0, timeout_delay_s=0.4))
    async with make_bot(server, read_timeout=0.2) as client:
        with pytest.raises(TimedOut):
            await client.send_message(42, "lost")
    assert server.sent_messages() == []
    assert server.calls_for("sendMessage")[0].fault == "timeout"


async def test_delivering_timeout_creates_duplicate_on_retry(server: FakeBotApiServer) -> None:
    """With timeout_delivers the message lands although the client timed out, so a retry dups."""
    server.set_faults(Faults(timeout_rate=1.0, timeout_delay_s=0.4, timeout_delivers=True))
    async with make_bot(server, read_timeout=0.2) as client:
        with pytest.raises(TimedOut):
            await client.send_message(42, "news")
        server.set_faults(Faults())
        await client.send_message(42, "news")
    assert server.delivered_texts_by_chat() == {42: ["news", "news"]}


async def test_scripted_faults(server: FakeBotApiServer, bot: Bot) -> None:
    """inject_429 and fail_next hit exactly the scripted calls, then the server recovers."""
    server.inject_429(2, retry_after=3)
    for _ in range(2):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(1, "x")
        assert retry_seconds(caught.value) == 3
    server.fail_next("sendMessage", 400, "Bad Request: scripted", chat_id=9)
    await bot.send_message(8, "other chat unaffected")
    with pytest.raises(BadRequest, match=r"(?i)scripted"):
        await bot.send_message(9, "y")
    await bot.send_message(9, "y")
    assert server.http_429 == 2
    assert server.delivered_texts_by_chat() == {8: ["other chat unaffected"], 9: ["y"]}


async def test_edit_errors_and_history(server: FakeBotApiServer, bot: Bot) -> None:
    """Edits are recorded with timestamps; unknown or unchanged edits raise BadRequest."""
    message = await bot.send_message(42, "<b>v1</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text(
        "<b>v2</b>", 42, message.message_id, parse_mode="HTML", reply_markup=KEYBOARD
    )
    assert isinstance(edited, Message)
    assert edited.text == "v2"
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text(
            "<b>v2</b>", 42, message.message_id, parse_mode="HTML", reply_markup=KEYBOARD
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", 42, 999)
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(42, message.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_reply_markup(42, message.message_id)
    stored = server.message(42, message.message_id)
    assert stored is not None
    assert stored.text == "<b>v2</b>"
    assert stored.original_text == "<b>v1</b>"
    assert stored.reply_markup is None
    assert len(stored.edit_times) == 2
    gap = stored.min_edit_gap()
    assert gap is not None
    assert gap >= 0


async def test_get_updates_returns_pushed_updates(server: FakeBotApiServer, bot: Bot) -> None:
    """getUpdates returns pushed updates, honours offset and wakes a waiting long poll."""
    server.push_text(42, "/start hello")
    updates = await bot.get_updates(timeout=1)
    assert [u.message.text for u in updates if u.message] == ["/start hello"]
    assert updates[0].message is not None
    assert updates[0].message.entities[0].type == "bot_command"
    next_offset = updates[-1].update_id + 1
    poll = asyncio.create_task(bot.get_updates(offset=next_offset, timeout=5))
    await server.until_polling()
    sent = await bot.send_message(42, "pick", reply_markup=KEYBOARD)
    server.push_callback_query(42, sent.message_id, "next")
    woken = await asyncio.wait_for(poll, 4)
    assert len(woken) == 1
    assert woken[0].callback_query is not None
    assert woken[0].callback_query.data == "next"
    assert await bot.get_updates(offset=woken[0].update_id + 1) == ()


async def test_multipart_upload_and_misc_methods(server: FakeBotApiServer, bot: Bot) -> None:
    """sendDocument/sendPhoto (multipart), chat member queries and commands answer correctly."""
    document = await bot.send_document(-5, b"report body", filename="r.txt", caption="Report")
    assert document.document is not None
    assert document.document.file_name == "r.txt"
    assert document.caption == "Report"
    assert server.calls_for("sendDocument")[0].params["document"]["file_size"] == 11
    photo = await bot.send_photo(-5, b"\x89PNG fake", caption="<i>pic</i>", parse_mode="HTML")
    assert photo.photo
    assert photo.caption == "pic"
    server.set_chat_admin(-5, 7)
    assert (await bot.get_chat_member(-5, 7)).status == "administrator"
    assert (await bot.get_chat_member(-5, 8)).status == "member"
    assert [a.user.id for a in await bot.get_chat_administrators(-5)] == [7]
    assert (await bot.get_chat(-5)).type == "group"
    assert await bot.set_my_commands([("start", "Start the bot")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert await bot.delete_my_commands()
    assert await bot.send_chat_action(-5, "typing")
    assert await bot.answer_callback_query("cq1")
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    assert await bot.delete_webhook()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    assert server.count("noSuchMethod", status=404) == 1


async def test_application_initializes_against_server(server: FakeBotApiServer) -> None:
    """``async with application`` performs getMe against the server via base_url."""
    application = ApplicationBuilder().token(TOKEN).base_url(server.base_url).build()
    async with application:
        assert application.bot.username == "radio_test_bot"
    assert server.count("getMe") == 1


async def test_run_in_thread_serves_another_loop() -> None:
    """run_in_thread serves requests from a bot running on the caller's event loop."""
    with FakeBotApiServer().run_in_thread() as threaded:
        async with make_bot(threaded) as client:
            await client.send_message(5, "from main loop")
        threaded.push_text(5, "hi")
        assert len(threaded.state.updates) == 1
    assert threaded.delivered_texts_by_chat() == {5: ["from main loop"]}


def _http_json(url: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(url, data=data, timeout=5) as response:
        return json.loads(response.read())


@pytest.fixture
def server_process() -> Iterator[str]:
    """The server running as ``python -m tests.fakes.http_bot_api``; yields its root URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fakes.http_bot_api", "--port", "0", "--limits"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("FAKE_BOT_API_PORT="), line
        yield f"http://127.0.0.1:{int(line.split('=')[1])}"
    finally:
        process.terminate()
        process.wait(timeout=5)


async def test_separate_process_control_and_state(server_process: str) -> None:
    """In process mode /_control configures faults and /_state reports what was delivered."""
    applied = await asyncio.to_thread(
        _http_json, f"{server_process}/_control", {"block": [13], "migrate": {"-4": -1000000000004}}
    )
    assert applied["applied"] == ["block", "migrate"]
    request = HTTPXRequest(read_timeout=5)
    async with Bot(TOKEN, base_url=f"{server_process}/bot", request=request) as client:
        await client.send_message(12, "ok")
        with pytest.raises(Forbidden):
            await client.send_message(13, "blocked")
        with pytest.raises(ChatMigrated):
            await client.send_message(-4, "migrated")
        with pytest.raises(RetryAfter):
            await client.send_message(12, "too fast")
    state = await asyncio.to_thread(_http_json, f"{server_process}/_state")
    assert state["delivered_texts_by_chat"] == {"12": ["ok"]}
    assert state["http_429"] == 1
    assert state["counts"]["sendMessage"] == {"200": 1, "403": 1, "400": 1, "429": 1}
    assert [call["status"] for call in state["calls"]][-4:] == [200, 403, 400, 429]
    await asyncio.to_thread(_http_json, f"{server_process}/_control", {"reset": True})
    state = await asyncio.to_thread(_http_json, f"{server_process}/_state?calls_since=-1")
    assert state["calls_total"] == 0
    assert "calls" not in state
