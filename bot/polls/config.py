"""Poll configuration (the `[[polls]]` tables of the TOML config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class PollSeed(BaseModel):
    """A poll the config provides, created as a draft an admin can open."""

    model_config = ConfigDict(extra="forbid")

    question: str
    options: list[str]
    multiple: bool = False
