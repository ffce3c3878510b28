"""The TOML config: shows, feeds, polls and delivery limits, with a built-in default."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.articles.config import FeedConfig
from bot.delivery.config import DeliveryConfig
from bot.polls.config import PollSeed
from bot.schedule.config import ShowConfig

DEFAULTS_PACKAGE = "bot.defaults"


class ConfigError(Exception):
    """The config is invalid; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class AppConfig(BaseModel):
    """Everything the config file describes."""

    model_config = ConfigDict(extra="forbid")

    shows: list[ShowConfig] = Field(min_length=1)
    feeds: list[FeedConfig] = []
    polls: list[PollSeed] = []
    delivery: DeliveryConfig = DeliveryConfig()
    allow_private_feeds: bool = False
    # The language of a group's pushed messages when it chose none and none of its recent
    # speakers writes in a language the bot speaks (bot/core/language.py).
    group_language: Literal["fr", "nl", "en"] = "fr"
    base_dir: Path = Path()

    @property
    def show(self) -> ShowConfig:
        """The main show (the first one)."""
        return self.shows[0]


def default_config_path() -> Path:
    """The built-in config, describing the show from the seed article."""
    return Path(str(resources.files(DEFAULTS_PACKAGE).joinpath("default.toml")))


def load_config(path: Path | None) -> AppConfig:
    """Read and validate a config file (or the built-in one) with one line per problem."""
    source = path or default_config_path()
    try:
        data = tomllib.loads(source.read_text("utf-8"))
    except OSError as error:
        raise ConfigError([f"config {source}: cannot be read ({error.strerror})"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError([f"config {source}: not valid TOML ({error})"]) from None
    data.setdefault("base_dir", str(source.parent))
    try:
        return AppConfig.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            where = ".".join(str(part) for part in item["loc"]) or "config"
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(f"config {source}: {where}: {message}")
        raise ConfigError(problems) from None
