"""Delivery rate configuration (the `[delivery]` table of the TOML config)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

# Telegram's ceiling for sends with `allow_paid_broadcast`, and what each one costs.
PAID_MAX_PER_S = 1000
STARS_PER_PAID_MESSAGE = 0.1


class PaidBroadcast(StrEnum):
    """When an article may be sent with `allow_paid_broadcast` (0.1 Star per message)."""

    OFF = "off"  # never
    BREAKING = "breaking"  # when an editor publishes it as breaking news (/publish!)
    ALWAYS = "always"  # every article fan-out (other messages stay free)


class DeliveryConfig(BaseModel):
    """Telegram's flood limits, as the delivery worker applies them, and its retry policy."""

    model_config = ConfigDict(extra="forbid")

    overall_per_s: float = Field(default=30, gt=0)
    per_chat_per_s: float = Field(default=1, gt=0)
    per_group_per_min: float = Field(default=20, gt=0)
    # Paid broadcast: its rate, and the most Stars one fan-out may spend; the messages
    # beyond that go at the free rate.
    paid_broadcast: PaidBroadcast = PaidBroadcast.OFF
    paid_per_s: float = Field(default=PAID_MAX_PER_S, gt=0, le=PAID_MAX_PER_S)
    paid_max_stars: float = Field(default=10_000, ge=0, allow_inf_nan=False)
    # Retries after 5xx, timeouts and network errors: base, 2x base, 4x base... capped.
    max_retries: int = Field(default=5, ge=0)
    retry_base_s: float = Field(default=1.0, ge=0)
    retry_max_s: float = Field(default=60.0, ge=0)
    # Sends waiting for Telegram's answer at once (at least paid_per_s x Telegram's answer
    # time for a paid broadcast: 64 covers 1,000/s at 64 ms), and rows read per batch.
    max_in_flight: int = Field(default=64, gt=0)
    batch_size: int = Field(default=500, gt=0)

    def paid_messages(self, stars: float | None = None) -> int:
        """How many messages `stars` (by default the ceiling) pay for."""
        budget = self.paid_max_stars if stars is None else stars
        return int(budget / STARS_PER_PAID_MESSAGE + 1e-9)
