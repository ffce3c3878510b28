"""What every feature service shares (settings, config, clock, database, Telegram) and what
it offers the runtime in return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.base.clock import Clock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.messages import TelegramPort
from bot.delivery.limiter import SendBudget
from storage.chats import ChatRepository
from storage.db import Database


@dataclass
class Core:
    """Shared objects handed to every feature service."""

    settings: Settings
    config: AppConfig
    clock: Clock
    db: Database
    telegram: TelegramPort
    # Telegram's sending limits, shared by replies, the outbox worker and poll edits.
    send_budget: SendBudget

    @property
    def chats(self) -> ChatRepository:
        """Repository of chats."""
        return ChatRepository(self.db)

    def is_admin(self, user_id: int | None) -> bool:
        """Whether this Telegram user may run admin commands."""
        return user_id is not None and user_id in self.settings.admins


class ChatLifecycle(Protocol):
    """Hooks a feature implements so /stop and /forgetme reach its data."""

    async def on_chat_stopped(self, chat_id: int) -> None:
        """End the chat's subscriptions, reminders and pending deliveries."""
        ...

    async def on_user_forgotten(self, user_id: int) -> None:
        """Delete what the feature stores about this user."""
        ...


class FeatureService(ChatLifecycle, Protocol):
    """What every feature's service offers the runtime: start, stop, drain, and the chat hooks."""

    async def start(self) -> None:
        """Start the feature's background work."""
        ...

    async def stop(self) -> None:
        """Stop the feature's background work."""
        ...

    async def drain(self, timeout: float) -> None:
        """Wait, at most `timeout` seconds, for the feature's queued outgoing work."""
        ...
