"""The `radiobot` command: `run` (Telegram) and `console` (local, no network)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
import signal
import sys

from telegram.error import InvalidToken

from bot.base.logs import configure_logging
from bot.base.settings import Settings, SettingsError, load_settings
from bot.core.config import AppConfig, ConfigError, load_config
from bot.runtime import lifecycle, polling, webhook
from bot.runtime.app import build_application
from bot.runtime.console.repl import run_console
from handlers.context import BotApplication
from storage.db import Database
from storage.errors import DatabaseError

EXIT_USAGE = 2


def _fail(lines: list[str]) -> int:
    for line in lines:
        print(f"radiobot: {line}", file=sys.stderr)
    return EXIT_USAGE


async def _check_database(settings: Settings) -> None:
    """Open and migrate the database once, so a bad file stops the start cleanly."""
    database = await Database.open(settings.db)
    await database.close()


def _run_telegram(settings: Settings, config: AppConfig) -> int:
    application = build_application(settings, config)
    try:
        asyncio.run(_serve(application, settings))
    except InvalidToken:
        return _fail(["Telegram refused RADIOBOT_TELEGRAM_TOKEN: copy it again from @BotFather"])
    return 0


async def _serve(application: BotApplication, settings: Settings) -> None:
    """Poll or serve the webhook until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        if settings.webhook_url:
            secret = (
                settings.webhook_secret.get_secret_value()
                if settings.webhook_secret
                else secrets.token_urlsafe(32)
            )
            await webhook.serve(
                application,
                settings.webhook_url,
                settings.listen_host,
                settings.listen_port,
                secret,
                stop,
            )
        else:
            await polling.serve(application, stop)
    except lifecycle.StoppedBeforeStart:
        logging.getLogger(__name__).info("stopped before Telegram answered")


def main(argv: list[str] | None = None) -> int:
    """Entry point of `radiobot` and `python -m bot`."""
    parser = argparse.ArgumentParser(prog="radiobot", description=__doc__)
    parser.add_argument(
        "command", nargs="?", default="run", choices=["run", "console"],
        help="run: connect to Telegram (default); console: chat locally, no network",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        config = load_config(settings.config)
    except (SettingsError, ConfigError) as error:
        return _fail(error.problems)
    secrets_to_hide = [settings.token or ""]
    if settings.webhook_secret:
        secrets_to_hide.append(settings.webhook_secret.get_secret_value())
    quiet = args.command == "console" or settings.token is None
    configure_logging("WARNING" if quiet else settings.log_level, secrets_to_hide)
    console = args.command == "console"
    if not console and settings.token is None:
        if not sys.stdin.isatty():  # checked before the database file is created
            return _fail(["RADIOBOT_TELEGRAM_TOKEN is not set: give the bot token from @BotFather"])
        print("No RADIOBOT_TELEGRAM_TOKEN is set: starting the local console (no network).")
        console = True
    try:
        asyncio.run(_check_database(settings))
    except DatabaseError as error:
        return _fail([str(error)])
    if console:
        return asyncio.run(run_console(settings, config))
    return _run_telegram(settings, config)


if __name__ == "__main__":
    sys.exit(main())
