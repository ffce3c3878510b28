"""Logging set-up with the bot token redacted from every line, traceback included."""

from __future__ import annotations

import logging

REDACTED = "<token>"


class RedactingFormatter(logging.Formatter):
    """Formats a record, then replaces every secret (the bot token) in the result."""

    def __init__(self, secrets: list[str], fmt: str | None = None) -> None:
        super().__init__(fmt)
        self._secrets = [secret for secret in secrets if secret]

    def format(self, record: logging.LogRecord) -> str:
        """The formatted record, secrets replaced."""
        formatted = super().format(record)
        for secret in self._secrets:
            formatted = formatted.replace(secret, REDACTED)
        return formatted


def configure_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at `level`, redacting secrets; keep the HTTP client's chatter down."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter(secrets, "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
