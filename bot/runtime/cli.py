"""The `radiobot` command: `run` (Telegram) and `console` (local, no network)."""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys

from telegram import Update

from bot.base.logs import configure_logging
from bot.base.settings import Settings, SettingsError, load_settings
from bot.core.config import AppConfig, ConfigError, load_config
from bot.runtime import webhook
from bot.runtime.app import build_application
from bot.runtime.console.repl import run_console
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
    if settings.webhook_url:
        secret = (
            settings.webhook_secret.get_secret_value()
            if settings.webhook_secret
            else secrets.token_urlsafe(32)
        )
        webhook_run = webhook.serve(
            application, settings.webhook_url, settings.listen_host, settings.listen_port, secret
        )
        asyncio.run(webhook_run)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


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
    try:
        asyncio.run(_check_database(settings))
    except DatabaseError as error:
        return _fail([str(error)])
    if args.command == "console":
        return asyncio.run(run_console(settings, config))
    if settings.token is None:
        if sys.stdin.isatty():
            print("No RADIOBOT_TELEGRAM_TOKEN is set: starting the local console (no network).")
            return asyncio.run(run_console(settings, config))
        return _fail(["RADIOBOT_TELEGRAM_TOKEN is not set: give the bot token from @BotFather"])
    return _run_telegram(settings, config)


if __name__ == "__main__":
    sys.exit(main())
