"""The bot token never appears in a log line or an exception text."""

from __future__ import annotations

import logging
import socket

import pytest
from telegram.error import TelegramError

from bot.base.logs import REDACTED, configure_logging
from bot.base.settings import load_settings
from bot.core.config import load_config
from bot.runtime.app import build_application

TOKEN = "987654321:AAF-secret_part_of_the_token_XYZ123456"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_token_absent_from_logs_and_errors_at_every_level(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Failing HTTP calls, logged at DEBUG with tracebacks, never show the token."""
    base_url = f"http://127.0.0.1:{_closed_port()}/bot"
    settings = load_settings(telegram_token=TOKEN, api_base_url=base_url)
    configure_logging("DEBUG", [TOKEN])
    for noisy in ("httpx", "httpcore", "telegram"):
        logging.getLogger(noisy).setLevel(logging.DEBUG)
    application = build_application(settings, load_config(None))
    errors: list[str] = []
    try:
        for _ in range(2):
            try:
                await application.bot.get_me()
            except TelegramError as error:
                errors.append(f"{error!s} {error!r}")
                log = logging.getLogger("test")
                log.exception("call failed: %s (%s)", type(error).__name__, base_url + TOKEN)
    finally:
        logging.getLogger().handlers.clear()
    logged = capsys.readouterr().err
    assert errors
    assert logged
    assert TOKEN not in logged
    assert REDACTED in logged
    assert all(TOKEN not in text for text in errors)
    assert TOKEN.split(":")[1] not in logged
