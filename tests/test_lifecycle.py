"""One start/stop path in python-telegram-bot's order, for every way the bot runs; Telegram
unreachable at start or refusing the token."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from unittest.mock import patch

import pytest
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ExtBot
from telegram.request import HTTPXRequest, RequestData

from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.runtime import lifecycle, polling, webhook
from bot.runtime.app import build_application
from bot.runtime.backoff import Backoff
from bot.runtime.cli import main
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import InMemoryBotApi
from handlers.context import BotApplication
from tests.fakes.http_bot_api import FakeBotApiServer

PTB_ORDER = ["initialize", "post_init", "start", "stop", "post_stop", "shutdown", "post_shutdown"]
NO_WAIT = Backoff(first=0.0, cap=0.0)


@contextmanager
def recorded(application: BotApplication | None = None) -> Iterator[list[str]]:
    """The lifecycle calls made while the block runs (hooks of `application` included)."""
    calls: list[str] = []

    def method(name: str) -> Callable[..., Awaitable[Any]]:
        original = getattr(Application, name)

        async def wrapper(self: Application[Any, Any, Any, Any, Any, Any]) -> Any:
            calls.append(name)
            return await original(self)

        return wrapper

    with ExitStack() as stack:
        for name in ("initialize", "start", "stop", "shutdown"):
            stack.enter_context(patch.object(Application, name, method(name)))
        if application is not None:
            record_hooks(application, calls)
        yield calls


def record_hooks(application: BotApplication, calls: list[str]) -> None:
    """Wrap post_init, post_stop and post_shutdown so that they note their call."""
    for name in ("post_init", "post_stop", "post_shutdown"):
        hook = getattr(application, name)

        async def wrapper(app: BotApplication, hook: Any = hook, name: str = name) -> None:
            calls.append(name)
            await hook(app)

        setattr(application, name, wrapper)


def deduplicated(calls: list[str]) -> list[str]:
    """Calls in order, a repeated initialize (a no-op in PTB) counted once."""
    return [c for i, c in enumerate(calls) if c not in calls[:i] or c != "initialize"]


async def test_console_and_test_harness_follow_ptb_order(
    settings: Settings, config: AppConfig
) -> None:
    """The console's harness (also the tests') starts and stops in run_polling's order."""
    harness = BotHarness(settings, config)
    with recorded(harness.app) as calls:
        async with harness:
            pass
    assert deduplicated(calls) == PTB_ORDER


async def test_polling_follows_ptb_order(settings: Settings, config: AppConfig) -> None:
    """`radiobot run` (polling) starts and stops in run_polling's order."""
    async with FakeBotApiServer() as server:
        live = settings.model_copy(update={"api_base_url": server.base_url})
        application = build_application(live, config, request=HTTPXRequest())
        stop = asyncio.Event()
        with recorded(application) as calls:
            running = asyncio.create_task(polling.serve(application, stop, NO_WAIT))
            await server.until_polling()
            stop.set()
            await asyncio.wait_for(running, 10)
    assert deduplicated(calls) == PTB_ORDER


async def test_webhook_follows_ptb_order(settings: Settings, config: AppConfig) -> None:
    """Webhook mode starts and stops in run_polling's order."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    async with FakeBotApiServer() as server:
        live = settings.model_copy(update={"api_base_url": server.base_url})
        application = build_application(live, config, request=HTTPXRequest())
        stop = asyncio.Event()
        url = f"https://bot.example.org:{port}/telegram"
        listening = asyncio.Event()
        set_webhook = ExtBot.set_webhook

        async def noted(bot: ExtBot[None], *args: Any, **kwargs: Any) -> bool:
            done = await set_webhook(bot, *args, **kwargs)
            listening.set()
            return done

        with recorded(application) as calls, patch.object(ExtBot, "set_webhook", noted):
            running = asyncio.create_task(
                webhook.serve(application, url, "127.0.0.1", port, "s3cret", stop, NO_WAIT)
            )
            await asyncio.wait_for(listening.wait(), 10)
            stop.set()
            await asyncio.wait_for(running, 10)
    assert deduplicated(calls) == PTB_ORDER


class Unreachable(InMemoryBotApi):
    """The in-memory Bot API behind a network that fails the first `failures` calls."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Fail while the network is down, then answer from memory."""
        if self.failures > 0:
            self.failures -= 1
            raise NetworkError("All connection attempts failed")
        return await super().do_request(url, method, request_data)


async def test_unreachable_telegram_at_start_is_retried_one_line_each(
    settings: Settings, config: AppConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """While Telegram cannot be reached, the start retries, one warning line per attempt and
    no traceback, then goes on once it answers."""
    request = Unreachable(failures=3)
    application = build_application(settings, config, request=request)
    with caplog.at_level(logging.WARNING):
        async with lifecycle.running(application, backoff=NO_WAIT):
            assert application.bot_data.services is not None
    attempts = [r for r in caplog.records if "cannot be reached" in r.getMessage()]
    assert [r.getMessage().count("\n") for r in attempts] == [0, 0, 0]
    assert all(r.exc_info is None for r in caplog.records)


async def test_refused_token_stops_the_start_at_once(settings: Settings, config: AppConfig) -> None:
    """Telegram refusing the token (401) is not retried: the start fails with InvalidToken."""
    api = InMemoryBotApi()
    api.fail_next("getMe", 401, "Unauthorized")
    application = build_application(settings, config, request=api)
    with pytest.raises(InvalidToken):
        await lifecycle.start(application, backoff=NO_WAIT)
    assert len(api.calls_to("getMe")) == 1


def test_refused_token_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`radiobot run` with a token Telegram refuses (401) exits 2 with one line on stderr."""
    server = FakeBotApiServer()
    with server.run_in_thread():
        server.fail_next("getMe", 401, "Unauthorized")
        monkeypatch.setenv("RADIOBOT_TELEGRAM_TOKEN", "123456:refused-token-for-the-test")
        monkeypatch.setenv("RADIOBOT_API_BASE_URL", server.base_url)
        assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "refused-token" not in err[0]
