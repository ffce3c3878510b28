"""Turning a message into comparable words: lower case, accents off, aligned with the original."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Only the start of a very long message is read: a question is short.
MAX_READ = 600
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def fold(text: str) -> str:
    """Lower case without accents ('Émission' → 'emission'); other characters kept."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def clean(message: str) -> str:
    """The readable start of a message: no control or direction characters."""
    return _CONTROL.sub(" ", message[:MAX_READ])


@dataclass(frozen=True)
class Word:
    """One word of the message: as written (lower case) and folded (accent-free)."""

    original: str
    folded: str


def words(message: str) -> list[Word]:
    """The words of a cleaned message, in order (digits are words too)."""
    lowered = message.lower()
    return [Word(match, fold(match)) for match in _WORD.findall(lowered)]


def phrase(text: str) -> tuple[str, ...]:
    """A data-file phrase as a tuple of folded words ('jusqu'à' → ('jusqu', 'a'))."""
    return tuple(word.folded for word in words(text))
