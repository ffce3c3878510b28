"""The send budget's memory of chats: what it keeps, and for how long."""

from __future__ import annotations

import pytest

from bot.delivery.config import DeliveryConfig
from bot.delivery.limiter import SendBudget


async def test_a_private_chat_is_forgotten_an_interval_after_its_answer() -> None:
    """After a fan-out to thousands of private chats, only the last second's chats are kept,
    while a group is kept for its whole 60-second window."""
    budget = SendBudget(DeliveryConfig(overall_per_s=1e6, paid_per_s=1000))
    for n in range(8192):  # two prunes' worth of answers, one chat each, 1 ms apart
        chat_id = -1 if n == 0 else n
        budget.begin(chat_id, n / 1000)
        budget.end(chat_id, n / 1000)
    assert budget.describe(5, 8.2) == "no budget state"
    assert budget.describe(-1, 8.2) != "no budget state"
    assert budget.chat_wait(8191, 8.192) == pytest.approx(1.0 + 0.002 - 0.001)


async def test_a_group_still_keeps_to_its_window() -> None:
    """A group that had its 20 messages this minute waits for the first to leave the window."""
    budget = SendBudget(DeliveryConfig())
    for n in range(20):
        budget.begin(-7, n * 1.5)
        budget.end(-7, n * 1.5)
    assert budget.chat_wait(-7, 30.0) == pytest.approx(60.0 + 0.002 - 30.0)
    assert budget.chat_wait(7, 30.0) == 0.0
