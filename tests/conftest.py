"""Shared fixtures: settings on a temporary database, a pinned clock, the running bot."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig, load_config
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person

BRUSSELS = ZoneInfo("Europe/Brussels")
ADMIN = Person(1, "Editor", "en")
LISTENER = Person(2, "Listener", "en")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the operator's RADIOBOT_* variables and .env file out of the tests."""
    for name in list(os.environ):
        if name.startswith("RADIOBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as build_application opts in
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    """Give the root logger its handlers and level back: `radiobot run` (the CLI) replaces
    them with a stderr handler that would outlive the test's captured stderr."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with user 1 as admin and a fresh database file."""
    return Settings(
        _env_file=None,
        db=tmp_path / "bot.sqlite3",
        admins=frozenset({ADMIN.id}),
        studio_listen="127.0.0.1:0",  # any free port: test runs side by side never collide
    )


@pytest.fixture
def config() -> AppConfig:
    """The built-in config (the seed article's show)."""
    return load_config(None)


@pytest.fixture
def clock() -> FixedClock:
    """Monday 30 November 2026, 12:00 in Brussels."""
    return FixedClock(datetime(2026, 11, 30, 12, 0, tzinfo=BRUSSELS))


@pytest.fixture
async def harness(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    """The real application on the in-memory Bot API, started."""
    async with BotHarness(settings, config, clock) as running:
        yield running
