"""The radiobot command: exit statuses, the console, and piped sessions."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.base.settings import load_settings
from bot.core.config import load_config
from bot.runtime.cli import main
from bot.runtime.console.repl import run_console


def test_run_without_token_and_no_terminal_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a token and without a terminal, `run` exits 2 naming RADIOBOT_TELEGRAM_TOKEN."""
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "RADIOBOT_TELEGRAM_TOKEN" in err[0]


def test_run_without_token_touches_no_database(tmp_path: Path) -> None:
    """Without a token, `run` exits 2 before creating or migrating any database file."""
    assert main(["run"]) == 2
    assert list(tmp_path.iterdir()) == []


def test_bad_settings_exit_2_one_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad settings stop the start with status 2 and one line per problem."""
    monkeypatch.setenv("RADIOBOT_ADMINS", "x")
    monkeypatch.setenv("RADIOBOT_TELEGRAM_TOKEN", "garbage")
    assert main(["run"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    assert "garbage" not in "\n".join(lines)


def test_not_sqlite_database_exits_2_naming_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A database file that is not SQLite stops the start with status 2, file untouched."""
    path = tmp_path / "radio.db"
    path.write_bytes(b"PK\x03\x04 this is a zip file")
    monkeypatch.setenv("RADIOBOT_DB", str(path))
    assert main(["console"]) == 2
    assert str(path) in capsys.readouterr().err
    assert path.read_bytes() == b"PK\x03\x04 this is a zip file"


def test_unreadable_config_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A config file that is not TOML stops the start with status 2 and one line."""
    path = tmp_path / "show.toml"
    path.write_text("this is = = not toml")
    monkeypatch.setenv("RADIOBOT_CONFIG", str(path))
    assert main(["run"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


async def test_console_session_from_piped_input(tmp_path: Path) -> None:
    """Piped lines become messages from user 1; directives switch user and chat."""
    settings = load_settings(db=tmp_path / "c.sqlite3")
    script = "/start\n/help\n:user 42 Anne\n:lang fr\n/start\n:chat -7\n/privacy\n:press 1\n:quit\n"
    out = io.StringIO()
    status = await run_console(settings, load_config(None), io.StringIO(script), out)
    text = out.getvalue()
    assert status == 0
    assert "bot → chat 1 " in text
    assert "You are in the newspaper" in text
    assert "/privacy — what the bot stores and why" in text
    assert "(now user 42 Anne in chat 42)" in text
    assert "bot → chat 42 " in text
    assert "Bonjour Anne" in text
    assert "bot → chat -7 " in text
    assert "(no message with buttons in this chat)" in text


async def test_console_press_uses_latest_buttons(tmp_path: Path) -> None:
    """`:press N` presses button N of the latest message with buttons in the chat."""
    settings = load_settings(db=tmp_path / "c.sqlite3")
    out = io.StringIO()
    await run_console(settings, load_config(None), io.StringIO("/stop\n:press 2\n"), out)
    assert "bot ✎ chat 1 " in out.getvalue()
    assert "your data is kept" in out.getvalue()


async def test_console_share_button_shows_the_inline_results(tmp_path: Path) -> None:
    """Pressing a poll's share button asks inline mode, as Telegram would: the results are
    listed with their description in the user's language."""
    settings = load_settings(db=tmp_path / "c.sqlite3", studio_listen="127.0.0.1:0")
    out = io.StringIO()
    script = ":lang nl\n/openpoll 1\n:press 4\n"
    await run_console(settings, load_config(None), io.StringIO(script), out)
    assert "(sharing in another chat: @bot peiling 1)" in out.getvalue()
    assert "— 3 opties · tik om deze peiling hier te plaatsen" in out.getvalue()


async def test_console_shows_the_text_of_a_sent_csv(tmp_path: Path) -> None:
    """A CSV the bot sends is printed under its name, as the editor would open it."""
    settings = load_settings(db=tmp_path / "c.sqlite3", studio_listen="127.0.0.1:0")
    out = io.StringIO()
    script = ":lang fr\n/openpoll 1\n/exportpoll 1\n"
    await run_console(settings, load_config(None), io.StringIO(script), out)
    text = out.getvalue()
    assert "[file sondage-1-would-the-belgians-be-ready-to-see-their.csv]" in text
    assert "\n  | Statut;ouvert\n" in text
    assert "\n  | Option;Votes;Part (%)\n" in text


async def test_console_at_pins_the_clock_and_wait_moves_it(tmp_path: Path) -> None:
    """`:at 2026-12-01 18:30` pins the bot's clock; `:wait 1800` lets the show end."""
    settings = load_settings(db=tmp_path / "c.sqlite3")
    script = ":at 2026-12-01 18:30\nare you on the air?\n:wait 1800\nis it over?\n:at nonsense\n"
    out = io.StringIO()
    await run_console(settings, load_config(None), io.StringIO(script), out)
    text = out.getvalue()
    assert "(the bot's clock now reads Tue 01 Dec 2026 18:30 Europe/Brussels)" in text
    assert "is on air now on bel RTL, until 19:00 (Europe/Brussels) — 30 min left" in text
    assert "(the bot's clock now reads 19:00:00)" in text
    assert "Yes: tonight's “You are in the newspaper” is over; it ended at 19:00" in text
    assert "(use :at YYYY-MM-DD HH:MM, or :at HH:MM for today)" in text


async def test_console_wait_makes_a_second_tap_a_take_back(tmp_path: Path) -> None:
    """With the clock pinned, a second tap on the same poll button after `:wait 5` takes the
    vote back, where the same tap at once is one press."""
    settings = load_settings(db=tmp_path / "c.sqlite3", studio_listen="127.0.0.1:0")
    script = ":at 2026-12-01 17:00\n/openpoll 1\n:press 1\n:press 1\n:wait 5\n:press 1\n"
    out = io.StringIO()
    await run_console(settings, load_config(None), io.StringIO(script), out)
    toasts = [line.strip() for line in out.getvalue().splitlines() if "(popup)" in line]
    assert len(toasts) == 3
    assert toasts[0] == toasts[1]  # the double tap: one press, the same answer
    assert toasts[2] == "(popup) Your vote is taken back"


def test_radiobot_console_as_a_process(tmp_path: Path) -> None:
    """`printf '/start\\n/help\\n' | radiobot console` prints the greeting and the commands."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RADIOBOT_")}
    env["RADIOBOT_DB"] = str(tmp_path / "p.sqlite3")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/start\n/help\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "You are in the newspaper" in done.stdout
    assert "/help — every command with one line each" in done.stdout
