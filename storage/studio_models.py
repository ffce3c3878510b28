"""Stored models of the studio."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StudioMessage(BaseModel):
    """A listener's message to the studio, as the hosts see it."""

    model_config = ConfigDict(frozen=True)

    id: int
    voter: bytes  # the poll-voter pseudonym
    airing: str
    text: str
    received_at: float  # Unix seconds
    first_name: str | None = None  # only when the listener agreed to be named
    starred: bool = False
    hidden: bool = False
    read_at: float | None = None

    @property
    def tag(self) -> str:
        """A short stand-in for an unnamed listener: the pseudonym's first hex digits."""
        return self.voter[:3].hex()
