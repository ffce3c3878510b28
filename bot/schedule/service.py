"""The schedule feature's service (placeholder until its issue is built)."""

from __future__ import annotations

from bot.core import Core
from bot.delivery.service import DeliveryService


class ScheduleService:
    """Entry point of the schedule feature for handlers and jobs."""

    def __init__(self, core: Core, delivery: DeliveryService) -> None:
        self._core = core
        self._delivery = delivery

    async def start(self) -> None:
        """Start background work (called once the application runs)."""

    async def stop(self) -> None:
        """Stop background work."""

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` seconds for queued outgoing work to finish."""

    async def on_chat_stopped(self, chat_id: int) -> None:
        """End what this feature does for the chat."""

    async def on_user_forgotten(self, user_id: int) -> None:
        """Delete what this feature stores about the user."""
