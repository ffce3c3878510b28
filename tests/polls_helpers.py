"""Shared helpers of the polls tests: a manual timer on the poll service, opening the seed."""

from __future__ import annotations

from bot.polls.service import PollService
from bot.polls.timers import ManualTimer
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import StoredMessage
from tests.conftest import ADMIN


def manual_timer(harness: BotHarness) -> ManualTimer:
    """Swap the poll service's refresh/double-press timer for a manual one."""
    timer = ManualTimer()
    harness.services.get(PollService).use_timer(timer)
    return timer


async def open_seed(harness: BotHarness) -> StoredMessage:
    """The admin opens the seed poll (#1); return the poll message shown in their chat."""
    await harness.say(ADMIN, ADMIN.id, "/openpoll 1")
    message = harness.latest_with_buttons(ADMIN.id)
    assert message is not None
    return message


def toasts(harness: BotHarness) -> list[str]:
    """Texts of every answered callback query, oldest first."""
    return [call.params.get("text", "") for call in harness.api.calls_to("answerCallbackQuery")]


async def advance(
    harness: BotHarness, timer: ManualTimer, seconds: float, step: float = 0.1
) -> None:
    """Move the manual timer in small steps, letting the edits due at each step finish."""
    refresher = harness.services.get(PollService).refresher
    await refresher.settle()
    left = seconds
    while left > 1e-9:
        timer.advance(min(step, left))
        left -= step
        await refresher.settle()
