"""Show and schedule configuration (the `[[shows]]` tables of the TOML config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ShowConfig(BaseModel):
    """One show; the schedule issue extends this with slots and exceptions."""

    model_config = ConfigDict(extra="forbid")

    name: str
    station: str
    hosts: list[str]
    timezone: str = "Europe/Brussels"
