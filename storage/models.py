"""Stored models of the core: chats."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Chat(BaseModel):
    """A chat the bot has talked to."""

    model_config = ConfigDict(frozen=True)

    id: int
    type: str
    title: str | None = None
    language: str | None = None  # the language pushed messages use (bot/core/language.py)
    chosen_language: str | None = None  # chosen with /language
    timezone: str | None = None
    active: bool = True
    created_at: datetime
    updated_at: datetime

    @property
    def is_group(self) -> bool:
        """Groups, supergroups and channels (anything but a private chat)."""
        return self.type != "private"
