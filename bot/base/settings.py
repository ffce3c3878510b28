"""Operator settings, read from the environment and an optional `.env` file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$")


class SettingsError(Exception):
    """Settings are invalid; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class Settings(BaseSettings):
    """Everything an operator sets; names are the public `RADIOBOT_*` contract."""

    model_config = SettingsConfigDict(
        env_prefix="RADIOBOT_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    telegram_token: SecretStr | None = None
    api_base_url: str = DEFAULT_API_BASE_URL
    db: Path = Path("radiobot.sqlite3")
    admins: Annotated[frozenset[int], NoDecode] = frozenset()
    config: Path | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    listen: str = "127.0.0.1:8080"
    vote_secret: SecretStr | None = Field(default=None)
    log_level: str = "INFO"
    studio_listen: str = "127.0.0.1:8081"
    studio_url: str | None = None
    studio_language: str = "fr"
    studio_retention_days: int = Field(default=30, ge=1, le=3650)

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _check_token(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not TOKEN_PATTERN.match(value.strip()):
            # The value itself is a secret: never echo it.
            msg = "is not a bot token of the form 123456789:ABC-def..."
            raise ValueError(msg)
        return value.strip()

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            bad = [part for part in parts if not re.fullmatch(r"-?\d+", part)]
            if bad:
                msg = f"must be comma-separated numeric Telegram user ids, got {bad[0]!r}"
                raise ValueError(msg)
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("config")
    @classmethod
    def _config_readable(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            msg = f"config file {str(value)!r} cannot be read"
            raise ValueError(msg)
        return value

    @field_validator("listen", "studio_listen")
    @classmethod
    def _check_listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 <= int(port) < 65536:
            msg = f"must be HOST:PORT, got {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook(cls, value: str | None) -> str | None:
        if value and not value.startswith("https://"):
            msg = "must be an https:// URL"
            raise ValueError(msg)
        return value or None

    @field_validator("studio_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value not in ("fr", "nl", "en"):
            msg = f"must be fr, nl or en, got {value!r}"
            raise ValueError(msg)
        return value

    @field_validator("studio_url")
    @classmethod
    def _check_studio_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            msg = "must be an http:// or https:// URL"
            raise ValueError(msg)
        return value.rstrip("/") if value else None

    @property
    def studio_base_url(self) -> str:
        """Where browsers reach the studio page: RADIOBOT_STUDIO_URL, else the listen address."""
        return self.studio_url or f"http://{self.studio_listen}"

    @property
    def token(self) -> str | None:
        """The bot token in clear text, for the Telegram client only."""
        return self.telegram_token.get_secret_value() if self.telegram_token else None

    @property
    def listen_host(self) -> str:
        """Host part of `listen`."""
        return self.listen.rpartition(":")[0]

    @property
    def listen_port(self) -> int:
        """Port part of `listen`."""
        return int(self.listen.rpartition(":")[2])


def load_settings(**overrides: object) -> Settings:
    """Read settings, raising `SettingsError` with one line per problem."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors(include_input=False, include_url=False):
            field = str(item["loc"][0]) if item["loc"] else "settings"
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(f"RADIOBOT_{field.upper()}: {message}")
        raise SettingsError(problems) from None
