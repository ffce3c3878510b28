"""config.example.toml: it loads, documents every key, and its feed path follows the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.articles.fetch import FeedFetcher
from bot.core.config import AppConfig, ConfigError, load_config
from storage.article_models import Feed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config.example.toml"


def keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every key the config accepts, dotted by table (`shows.slots.days`)."""
    found = []
    for name, field in model.model_fields.items():
        found.append(prefix + name)
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        for candidate in inner:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                found += keys(candidate, f"{prefix}{name}.")
    return found


def documented(text: str, dotted: str) -> bool:
    """Whether the example sets (or shows, commented out) the key, or has its table."""
    *tables, name = dotted.split(".")
    if re.search(rf"^\s*#?\s*\[\[?{re.escape(dotted)}\]\]?\s*$", text, re.MULTILINE):
        return True
    if tables and not documented(text, ".".join(tables)):
        return False
    return re.search(rf"^\s*#?\s*{re.escape(name)}\s*=", text, re.MULTILINE) is not None


def test_example_loads() -> None:
    """The example config is valid and describes a show, a feed, a poll and delivery limits."""
    config = load_config(EXAMPLE)
    assert config.shows
    assert config.feeds
    assert config.polls
    assert config.allow_private_feeds is False


@pytest.mark.parametrize("dotted", keys(AppConfig))
def test_example_documents_every_key(dotted: str) -> None:
    """Every key the config accepts appears in the example (set, or shown commented out)."""
    assert documented(EXAMPLE.read_text("utf-8"), dotted), f"{dotted} is not in the example"


async def test_feed_path_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copied elsewhere with its feed, the example reads the feed next to it, from any folder."""
    copy = tmp_path / "etc" / "radiobot.toml"
    copy.parent.mkdir()
    shutil.copy(EXAMPLE, copy)
    config = load_config(copy)
    source = config.feeds[0].source
    target = copy.parent / source
    target.parent.mkdir(parents=True)
    shutil.copy(ROOT / "bot" / "defaults" / "sample_feed.xml", target)
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    fetcher = FeedFetcher(config.base_dir)
    feed = Feed(id=1, name="sample", source=source, interval_minutes=5)
    fetched = await fetcher.fetch(feed)
    assert fetched.body is not None
    assert b"<rss" in fetched.body or b"<feed" in fetched.body


def test_feed_interval_is_bounded(tmp_path: Path) -> None:
    """A config feed polled more often than every minute or less than daily is refused."""
    for minutes in (0, 1441):
        text = EXAMPLE.read_text("utf-8").replace(
            "interval_minutes = 5", f"interval_minutes = {minutes}"
        )
        path = tmp_path / "bad.toml"
        path.write_text(text, "utf-8")
        with pytest.raises(ConfigError, match="interval_minutes"):
            load_config(path)
