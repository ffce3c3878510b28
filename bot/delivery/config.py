"""Delivery rate configuration (the `[delivery]` table of the TOML config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class DeliveryConfig(BaseModel):
    """Telegram's flood limits, as the delivery worker applies them."""

    model_config = ConfigDict(extra="forbid")

    overall_per_s: float = Field(default=30, gt=0)
    per_chat_per_s: float = Field(default=1, gt=0)
    per_group_per_min: float = Field(default=20, gt=0)
