"""Settings validation: one clear line per problem, the token never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.base.settings import SettingsError, load_settings
from bot.core.config import ConfigError, load_config

GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def _problems(monkeypatch: pytest.MonkeyPatch, **env: str) -> list[str]:
    for name, value in env.items():
        monkeypatch.setenv(f"RADIOBOT_{name.upper()}", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    return caught.value.problems


def test_defaults_need_nothing() -> None:
    """With no environment the settings load with documented defaults and no token."""
    settings = load_settings()
    assert settings.token is None
    assert settings.db == Path("radiobot.sqlite3")
    assert settings.api_base_url == "https://api.telegram.org/bot"
    assert settings.listen_host == "127.0.0.1"
    assert settings.listen_port == 8080


def test_all_public_names_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every RADIOBOT_* name of the contract reaches the settings."""
    config = tmp_path / "show.toml"
    config.write_text("")
    for name, value in {
        "TELEGRAM_TOKEN": GOOD_TOKEN,
        "API_BASE_URL": "http://localhost:8081/bot",
        "DB": str(tmp_path / "x.sqlite3"),
        "ADMINS": "11, 22",
        "CONFIG": str(config),
        "WEBHOOK_URL": "https://radio.example/hook",
        "WEBHOOK_SECRET": "s3cret",
        "LISTEN": "0.0.0.0:9000",
    }.items():
        monkeypatch.setenv(f"RADIOBOT_{name}", value)
    settings = load_settings()
    assert settings.token == GOOD_TOKEN
    assert settings.api_base_url == "http://localhost:8081/bot"
    assert settings.admins == frozenset({11, 22})
    assert settings.config == config
    assert settings.webhook_url == "https://radio.example/hook"
    assert settings.listen_port == 9000


def test_malformed_token_is_one_line_without_the_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """A malformed token is reported on one line that does not repeat the token."""
    problems = _problems(monkeypatch, telegram_token="not-a-token-but-secret")
    assert len(problems) == 1
    assert problems[0].startswith("RADIOBOT_TELEGRAM_TOKEN:")
    assert "not-a-token-but-secret" not in problems[0]


def test_non_numeric_admin_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-numeric admin id is reported on one line naming RADIOBOT_ADMINS."""
    [problem] = _problems(monkeypatch, admins="12,peggy")
    assert problem.startswith("RADIOBOT_ADMINS:")
    assert "peggy" in problem


def test_unreadable_config_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """A config path that cannot be read is reported on one line."""
    [problem] = _problems(monkeypatch, config="/nonexistent/show.toml")
    assert problem.startswith("RADIOBOT_CONFIG:")


def test_several_problems_give_one_line_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three bad settings give three lines."""
    problems = _problems(monkeypatch, telegram_token="x", admins="a", listen="nowhere")
    assert len(problems) == 3


def test_config_not_toml_is_one_line(tmp_path: Path) -> None:
    """A config file that is not TOML is reported on one line naming the file."""
    path = tmp_path / "show.toml"
    path.write_text("[[shows]\nname = ")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    [problem] = caught.value.problems
    assert str(path) in problem


def test_config_with_unknown_field_names_it(tmp_path: Path) -> None:
    """An unknown key in the config is named in the problem line."""
    path = tmp_path / "show.toml"
    path.write_text('colour = "red"\n[[shows]]\nname="x"\nstation="y"\nhosts=[]\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert any("colour" in problem for problem in caught.value.problems)
