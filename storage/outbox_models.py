"""Stored models of the delivery outbox."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class RowStatus(StrEnum):
    """Where an outbox row is in its life."""

    PENDING = "pending"  # waiting to be sent (possibly after a backoff)
    SENDING = "sending"  # claimed by the worker; back to pending on restart
    SENT = "sent"
    FAILED = "failed"  # gave up: retries exhausted or Telegram refused
    DROPPED = "dropped"  # chat stopped, blocked or kicked the bot


class OutboxRow(BaseModel):
    """One message to one chat, as the worker handles it."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    ref: str
    chat_id: int
    attempts: int = 0
    variant: str = ""  # which wording of the payload this chat gets (e.g. its language)

    @property
    def payload_key(self) -> tuple[str, str, str]:
        """The payload this row sends: (kind, ref, variant)."""
        return (self.kind, self.ref, self.variant)


class RowUpdate(BaseModel):
    """The new state of a row after a send attempt, written in batches."""

    model_config = ConfigDict(frozen=True)

    row_id: int
    status: RowStatus
    attempts: int = 0
    message_id: int | None = None
    error: str | None = None
    next_attempt_at: float = 0.0  # Unix seconds, for PENDING rows waiting for a retry


class DeliveryStats(BaseModel):
    """Outbox figures for /stats."""

    model_config = ConfigDict(frozen=True)

    pending: int = 0  # pending or in flight
    sent_last_hour: int = 0
    sent_last_day: int = 0
    failed_last_hour: int = 0
    failed_last_day: int = 0
    sent_total: int = 0
    failed_total: int = 0
    dropped_total: int = 0


class PaidBroadcast(BaseModel):
    """A fan-out sent with `allow_paid_broadcast`: at most `max_messages` paid messages."""

    model_config = ConfigDict(frozen=True)

    max_messages: int
    editor_chat_id: int | None = None  # told once if the Stars run out


class PaidState(BaseModel):
    """How many more messages of a fan-out may be paid for, and whom to tell."""

    model_config = ConfigDict(frozen=True)

    left: int = 0
    editor_chat_id: int | None = None


class FanoutProgress(BaseModel):
    """How far the latest fan-out (one thing queued for many chats) got."""

    model_config = ConfigDict(frozen=True)

    kind: str
    ref: str
    queued: int  # rows queued
    sent: int
    given_up: int  # failed, or dropped (the chat stopped or blocked the bot)

    @property
    def done(self) -> bool:
        """Whether every row is sent or given up."""
        return self.sent + self.given_up >= self.queued
