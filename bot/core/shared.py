"""What every feature service shares: settings, config, clock, database, chats."""

from __future__ import annotations

from dataclasses import dataclass

from bot.base.clock import Clock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.messages import TelegramPort
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

    @property
    def chats(self) -> ChatRepository:
        """Repository of chats."""
        return ChatRepository(self.db)

    def is_admin(self, user_id: int | None) -> bool:
        """Whether this Telegram user may run admin commands."""
        return user_id is not None and user_id in self.settings.admins
