"""How the Telegram port reads python-telegram-bot's errors."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest

from bot.core.messages import Outcome
from handlers.telegram_port import classify


@pytest.mark.parametrize(
    "text",
    [
        "Bad Request: BALANCE_TOO_LOW",
        "Bad Request: balance too low",
        "Bad Request: not enough Stars for a paid broadcast",
        "Bad Request: insufficient Telegram Stars",
        "Bad Request: the Stars balance is too low",
        "Bad Request: STARS_NOT_ENOUGH",
    ],
)
def test_a_stars_balance_too_low_is_no_stars(text: str) -> None:
    """However the Bot API words a Stars balance too low, it reads as NO_STARS."""
    assert classify(BadRequest(text)).outcome == Outcome.NO_STARS


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Bad Request: chat not found", Outcome.GONE),
        ("Bad Request: can't parse entities: unclosed tag", Outcome.BAD_FORMAT),
        ("Bad Request: message text is empty", Outcome.REJECTED),
        ("Bad Request: star count must be positive", Outcome.REJECTED),
    ],
)
def test_other_bad_requests_are_not_taken_for_no_stars(text: str, outcome: Outcome) -> None:
    """Other 400 answers keep their own outcome, even one that mentions a star."""
    assert classify(BadRequest(text)).outcome == outcome
