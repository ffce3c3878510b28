"""The bot's aiohttp `BaseRequest`, driven by python-telegram-bot against the fake Bot API."""

from __future__ import annotations

import datetime as dtm
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.runtime.aiohttp_request import AiohttpRequest
from tests.fakes.http_bot_api import FakeBotApiServer, Faults

TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Read", url="https://example.org/")]])


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApiServer]:
    """A started fake server on the test's event loop."""
    async with FakeBotApiServer() as running:
        yield running


def make_bot(base_url: str, read_timeout: float = 5.0) -> Bot:
    """A PTB bot whose calls go through AiohttpRequest."""
    return Bot(TOKEN, base_url=base_url, request=AiohttpRequest(8, read_timeout=read_timeout))


async def test_send_message_with_markup_and_paid_flag(server: FakeBotApiServer) -> None:
    """A sendMessage with HTML, a keyboard and allow_paid_broadcast arrives with every field."""
    async with make_bot(server.base_url) as bot:
        sent = await bot.send_message(
            42, "<b>Breaking</b>", parse_mode="HTML", reply_markup=KEYBOARD,
            allow_paid_broadcast=True,
        )  # fmt: skip
    assert sent.text == "Breaking"
    assert sent.reply_markup == KEYBOARD
    params = server.calls_for("sendMessage")[0].params
    assert params["chat_id"] == 42
    assert params["reply_markup"] == KEYBOARD.to_dict()
    assert server.paid_sent == 1


async def test_files_go_as_multipart(server: FakeBotApiServer) -> None:
    """A document upload reaches the server as a file part with its name and size."""
    async with make_bot(server.base_url) as bot:
        sent = await bot.send_document(-5, b"report body", filename="r.txt", caption="Report")
    assert sent.document is not None
    assert sent.document.file_name == "r.txt"
    assert server.calls_for("sendDocument")[0].params["document"]["file_size"] == 11


async def test_telegram_errors_are_ptb_errors(server: FakeBotApiServer) -> None:
    """A 400 answer raises BadRequest and a 429 raises RetryAfter with its wait."""
    server.fail_next("sendMessage", 400, "Bad Request: chat not found")
    server.inject_429(1, retry_after=3)
    async with make_bot(server.base_url) as bot:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(7, "x")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(7, "x")
    wait = caught.value.retry_after
    assert (wait.total_seconds() if isinstance(wait, dtm.timedelta) else wait) == 3


async def test_slow_answer_times_out(server: FakeBotApiServer) -> None:
    """An answer slower than the read timeout raises TimedOut."""
    server.set_faults(Faults(timeout_rate=1.0, timeout_delay_s=0.5))
    async with make_bot(server.base_url, read_timeout=0.1) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "late")


async def test_unreachable_server_is_a_network_error_without_the_token() -> None:
    """A refused connection raises NetworkError, and its text does not hold the bot token."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    assert TOKEN not in str(caught.value)
    assert TOKEN.split(":")[1] not in repr(caught.value)


async def test_shut_down_request_refuses_and_initializes_again(server: FakeBotApiServer) -> None:
    """After shutdown a call is refused; initialize opens a new session."""
    request = AiohttpRequest(2)
    await request.initialize()
    await request.shutdown()
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{server.base_url}{TOKEN}/getMe")
    async with request:
        me = await request.post(f"{server.base_url}{TOKEN}/getMe")
    assert isinstance(me, dict)
    assert me["is_bot"] is True
