"""Feed configuration (the `[[feeds]]` tables of the TOML config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FeedConfig(BaseModel):
    """One feed: an http(s) URL or a local file path."""

    model_config = ConfigDict(extra="forbid")

    name: str
    source: str
    interval_minutes: float = Field(default=5, ge=1, le=1440)  # a minute to a day
