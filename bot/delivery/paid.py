"""Which outbox rows go out as paid broadcasts (`allow_paid_broadcast`, 0.1 Star each).

A fan-out is marked paid when it is queued, with the most messages it may pay for (the
Stars ceiling). Messages beyond that, and every message once the Stars run out, go at the
free rate: nothing is lost, the editor is told once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.delivery.config import STARS_PER_PAID_MESSAGE, DeliveryConfig
from bot.delivery.config import PaidBroadcast as PaidSetting
from storage.outbox import OutboxRepository
from storage.outbox_models import OutboxRow

log = logging.getLogger(__name__)

# Told once when a paid fan-out falls back to the free rate: (kind, ref, editor chat).
FallbackListener = Callable[[str, str, int | None], Awaitable[None]]

_STATES_KEPT = 256


@dataclass(frozen=True, slots=True)
class PaidEstimate:
    """What a paid fan-out to `messages` chats costs and how long it takes."""

    messages: int
    paid_messages: int  # the rest, beyond the Stars ceiling, go at the free rate
    stars: float
    seconds: float


def estimate(config: DeliveryConfig, messages: int) -> PaidEstimate:
    """Stars and time of a paid fan-out, within the ceiling of `paid_max_stars`."""
    paid = min(messages, config.paid_messages())
    seconds = paid / config.paid_per_s + (messages - paid) / config.overall_per_s
    return PaidEstimate(messages, paid, round(paid * STARS_PER_PAID_MESSAGE, 1), seconds)


@dataclass(slots=True)
class _Paid:
    left: int
    editor_chat_id: int | None


class PaidRouting:
    """Per fan-out (kind, ref): how many of its messages may still be paid for."""

    def __init__(self, outbox: OutboxRepository, setting: PaidSetting) -> None:
        self._outbox = outbox
        self._enabled = setting != PaidSetting.OFF
        self._fanouts: dict[tuple[str, str], _Paid] = {}
        self.listeners: list[FallbackListener] = []
        self.sent = 0  # paid messages sent by this process

    async def load(self, kind: str, ref: str) -> None:
        """Read the fan-out's paid state once (call before `take` for its rows)."""
        if not self._enabled or (kind, ref) in self._fanouts:
            return
        if len(self._fanouts) >= _STATES_KEPT:
            self._fanouts.clear()
        state = await self._outbox.paid(kind, ref)
        self._fanouts[(kind, ref)] = _Paid(state.left, state.editor_chat_id)

    def take(self, row: OutboxRow) -> bool:
        """Whether this row goes paid; it then uses one of its fan-out's paid messages."""
        state = self._fanouts.get((row.kind, row.ref))
        if state is None or state.left <= 0:
            return False
        state.left -= 1
        return True

    def is_paid(self, kind: str, ref: str) -> bool:
        """Whether more messages of (kind, ref) may still go paid."""
        state = self._fanouts.get((kind, ref))
        return state is not None and state.left > 0

    async def ran_out(self, kind: str, ref: str) -> None:
        """Telegram refused a paid send for lack of Stars: the rest of (kind, ref) goes free."""
        state = self._fanouts.get((kind, ref))
        if state is None or state.left <= 0:
            return  # already falling back: the editor was told
        state.left = 0
        log.warning("delivery: not enough Stars for %s %s; the rest goes free", kind, ref)
        try:
            await self._outbox.stop_paying(kind, ref)
        except Exception:
            log.exception("delivery: cannot record that %s %s goes free", kind, ref)
        for listener in self.listeners:
            try:
                await listener(kind, ref, state.editor_chat_id)
            except Exception:
                log.exception("delivery: telling the editor about %s %s failed", kind, ref)
