"""Stored models of the polls feature: polls and the messages that show them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class PollStatus(StrEnum):
    """Where a poll is in its life."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Poll(BaseModel):
    """A reader poll."""

    model_config = ConfigDict(frozen=True)

    id: int
    question: str
    options: tuple[str, ...]
    multiple: bool = False
    status: PollStatus = PollStatus.DRAFT
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    article_id: str | None = None
    creator: int | None = None
    seed_key: str | None = None
    created_at: datetime
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """Whether votes count now."""
        return self.status == PollStatus.OPEN


class PollMessage(BaseModel):
    """A message showing a poll: a chat message, or a message posted through inline mode."""

    model_config = ConfigDict(frozen=True)

    poll_id: int
    chat_id: int | None = None
    message_id: int | None = None
    inline_message_id: str | None = None


class PollTally(BaseModel):
    """Votes per option and distinct voters, as stored."""

    model_config = ConfigDict(frozen=True)

    poll_id: int
    counts: tuple[int, ...]
    voters: int
