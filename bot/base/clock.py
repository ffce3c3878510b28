"""Injectable clocks: the bot never calls `datetime.now()` directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Source of the current time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A pinned clock for tests and the console; moves only when told."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            msg = "FixedClock needs a timezone-aware datetime"
            raise ValueError(msg)
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        """The pinned time."""
        return self._at

    def set(self, at: datetime) -> None:
        """Pin the clock to another time."""
        self._at = at.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        """Move the clock forward, e.g. `advance(minutes=5)`."""
        self._at += timedelta(**delta)


class RehearsalClock:
    """The console's clock: the wall clock until pinned, then it moves only when told."""

    def __init__(self) -> None:
        self._pinned: datetime | None = None

    @property
    def pinned(self) -> bool:
        """Whether the clock was pinned (`:at`)."""
        return self._pinned is not None

    def now(self) -> datetime:
        """The pinned time, else the wall clock's."""
        return self._pinned if self._pinned is not None else datetime.now(UTC)

    def pin(self, at: datetime) -> None:
        """Stop the clock at `at` (timezone-aware)."""
        if at.tzinfo is None:
            msg = "the rehearsal clock needs a timezone-aware datetime"
            raise ValueError(msg)
        self._pinned = at.astimezone(UTC)

    def advance(self, seconds: float) -> None:
        """Move a pinned clock forward."""
        if self._pinned is not None:
            self._pinned += timedelta(seconds=seconds)
