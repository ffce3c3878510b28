"""Numbers typed after a command: one parser, always with bounds (no Telegram here)."""

from __future__ import annotations

from dataclasses import dataclass

# Poll, feed and article numbers: SQLite holds 64 bits, callback data carries nine digits.
MAX_ID = 999_999_999


@dataclass(frozen=True)
class NumberRange:
    """The whole numbers a command accepts, from `low` to `high` included."""

    low: int
    high: int

    def parse(self, argument: str | None) -> int | None:
        """The number in `argument` if it is a whole number in range, else None.

        Any script's decimal digits count (`١٢` is 12); a leading `#` is allowed (`#3`).
        Long input is refused before it is converted, so a 5,000-digit number costs nothing.
        """
        cleaned = (argument or "").strip().removeprefix("#")
        if not cleaned.isdecimal() or len(cleaned.lstrip("0")) > len(str(self.high)):
            return None
        number = int(cleaned.lstrip("0") or "0")
        return number if self.low <= number <= self.high else None


IDS = NumberRange(1, MAX_ID)
