"""Stored models of the schedule feature: reminders."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Reminder(BaseModel):
    """A chat's reminder `minutes` before every airing."""

    model_config = ConfigDict(frozen=True)

    chat_id: int
    minutes: int
    # The airing (its `Airing.ref`) this chat was last reminded of: never twice.
    last_airing: str | None = None
    created_at: datetime
    # From the chat: where and how to word the reminder.
    language: str | None = None
    timezone: str | None = None
