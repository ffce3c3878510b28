"""Numbers as each language writes them: 1,440 (en), 1 440 (fr), 1.440 (nl)."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.texts import pick_language


def format_number(number: int, language: str | None) -> str:
    """A whole number with the language's digit grouping."""
    return str(format_decimal(number, locale=pick_language(language)))
