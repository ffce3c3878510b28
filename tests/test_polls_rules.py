"""The rules of a poll, as plain functions: limits, times, percentages, callback data."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import load_config
from bot.polls.results import percentages
from bot.polls.rules import PollRuleError, default_closing, parse_one_line, parse_time
from bot.polls.voter_hash import VoterHasher
from bot.polls.voting import next_choice, parse_vote, vote_data
from bot.schedule.airings import ShowCalendar
from bot.schedule.config import ShowConfig

BRUSSELS = ZoneInfo("Europe/Brussels")
SHOW = load_config(None).show
CALENDAR = ShowCalendar(SHOW)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Brussels time."""
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("now", "closes"),
    [
        (local(2026, 11, 30, 12, 0), local(2026, 11, 30, 19, 0)),  # Monday noon: tonight
        (local(2026, 11, 30, 18, 30), local(2026, 11, 30, 19, 0)),  # on air: this airing
        (local(2026, 11, 30, 19, 0), local(2026, 12, 1, 19, 0)),  # just ended: tomorrow
        (local(2026, 12, 4, 20, 0), local(2026, 12, 7, 19, 0)),  # Friday night: Monday
        (local(2026, 12, 5, 9, 0), local(2026, 12, 7, 19, 0)),  # Saturday: Monday
    ],
)
def test_default_closing_is_end_of_next_show(now: datetime, closes: datetime) -> None:
    """The default closing time is the end of the show on air, else of its next airing."""
    assert default_closing(now, CALENDAR) == closes.astimezone(UTC)


def test_default_closing_follows_cancellations_and_specials() -> None:
    """A cancelled Friday is skipped and a Saturday special's end is the closing time."""
    show = ShowConfig.model_validate(
        {
            **SHOW.model_dump(),
            "cancelled": ["2026-12-25"],
            "specials": [{"date": "2026-12-26", "start": "10:00", "end": "12:00"}],
        }
    )
    closes = default_closing(local(2026, 12, 24, 19, 30), ShowCalendar(show))
    assert closes == local(2026, 12, 26, 12, 0).astimezone(UTC)


def test_times_and_one_line_settings() -> None:
    """Times read as Brussels time; the one-line form takes options and settings."""
    now = local(2026, 11, 30, 12, 0)
    assert parse_time("10:00", now, BRUSSELS) == local(2026, 12, 1, 10, 0)
    assert parse_time("2026-12-01 19:00", now, BRUSSELS) == local(2026, 12, 1, 19, 0)
    with pytest.raises(PollRuleError):
        parse_time("2026-02-30 19:00", now, BRUSSELS)
    draft = parse_one_line("Q? | A | B | multiple | article: 42 | closes: 20:00", now, BRUSSELS)
    assert draft.options == ["A", "B"]
    assert draft.multiple
    assert draft.article_id == "42"
    assert draft.closes_at == local(2026, 11, 30, 20, 0)


def test_single_choice_percentages_add_up_to_100() -> None:
    """Single-choice shares are whole numbers adding up to 100."""
    assert percentages([1, 1, 1], 3, multiple=False) == [34, 33, 33]
    assert percentages([0, 0], 0, multiple=False) == [0, 0]
    assert percentages([2, 1], 2, multiple=True) == [100, 50]


def test_callback_data_is_compact_and_validated() -> None:
    """Vote data round-trips within 64 bytes; anything else is refused."""
    data = vote_data(999_999_999, 9)
    assert len(data.encode()) <= 64
    assert parse_vote(data) == (999_999_999, 9, None)
    inline = vote_data(999_999_999, 9, "nl")
    assert len(inline.encode()) <= 64
    assert parse_vote(inline) == (999_999_999, 9, "nl")
    for bad in ("pv:1", "pv:1:100", "pv:01x:1", "\udcff", None, "pv:1:1\n", "pv:1:1:de", "pv:1:1:"):
        assert parse_vote(bad) is None


def test_choices_change_take_back_and_toggle() -> None:
    """Single choice changes or takes back; multiple choice toggles."""
    assert next_choice(frozenset({0}), 1, multiple=False) == {1}
    assert next_choice(frozenset({1}), 1, multiple=False) == frozenset()
    assert next_choice(frozenset({0}), 1, multiple=True) == {0, 1}


def test_voter_hash_is_keyed() -> None:
    """The same user gives the same key under one secret and another under another."""
    assert VoterHasher("a")(5) == VoterHasher("a")(5)
    assert VoterHasher("a")(5) != VoterHasher("b")(5)
    assert "a" not in repr(VoterHasher("a")).replace("VoterHasher", "")


def test_voter_key_is_hmac_sha256_of_the_user_id() -> None:
    """A voter key is HMAC-SHA256(secret, user id), so votes stored before stay the voter's."""
    hasher = VoterHasher("secret")
    for user_id in (1, 5, 123456789):
        expected = hmac.new(b"secret", str(user_id).encode(), hashlib.sha256).digest()
        assert hasher(user_id) == expected
