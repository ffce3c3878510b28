"""Delivery rate configuration (the `[delivery]` table of the TOML config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DeliveryConfig(BaseModel):
    """Telegram's flood limits, as the delivery worker applies them, and its retry policy."""

    model_config = ConfigDict(extra="forbid")

    overall_per_s: float = Field(default=30, gt=0)
    per_chat_per_s: float = Field(default=1, gt=0)
    per_group_per_min: float = Field(default=20, gt=0)
    # Retries after 5xx, timeouts and network errors: base, 2x base, 4x base... capped.
    max_retries: int = Field(default=5, ge=0)
    retry_base_s: float = Field(default=1.0, ge=0)
    retry_max_s: float = Field(default=60.0, ge=0)
    # Sends waiting for Telegram's answer at once, and rows read from the outbox per batch.
    max_in_flight: int = Field(default=64, gt=0)
    batch_size: int = Field(default=500, gt=0)
