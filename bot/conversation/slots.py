"""The other things a message names: minutes before a reminder, a news subject, which days."""

from __future__ import annotations

from bot.conversation.dates import DAY_MARK, TIME_MARK
from bot.conversation.intents import LanguageData, Phrase

MAX_SUBJECT_WORDS = 4


def contains(words: list[str], wanted: Phrase) -> bool:
    """Whether the phrase occurs in the words."""
    size = len(wanted)
    return any(
        tuple(words[start : start + size]) == wanted for start in range(len(words) - size + 1)
    )


def minutes(words: list[str], data: LanguageData) -> int | None:
    """Minutes named in the message ('15 min', 'ten minutes', 'half an hour', 'an hour')."""
    if any(contains(words, wanted) for wanted in data.half_hour):
        return 30
    if any(contains(words, wanted) for wanted in data.quarter_hour):
        return 15
    for index, word in enumerate(words):
        number = int(word) if word.isdigit() and len(word) <= 4 else data.numbers.get(word)
        if number is None:
            continue
        after = words[index + 1] if index + 1 < len(words) else ""
        if after in data.minutes:
            return number
        if after in {"h", "hour", "hours", "heure", "heures", "uur"}:
            return number * 60
    if any(contains(words, wanted) for wanted in data.hour):
        return 60
    return None


def subject(words: list[str], data: LanguageData, known: set[str]) -> str:
    """What a search or subscription is about: after 'about' (or anywhere), words no phrase
    file knows."""
    tail = words
    for index in range(len(words) - 1, -1, -1):
        if words[index] in data.about and index + 1 < len(words):
            tail = words[index + 1 :]
            break
    kept = [
        word
        for word in tail
        if word not in data.stop
        and word not in known
        and word not in (DAY_MARK, TIME_MARK)
        and len(word) > 1
    ]
    return " ".join(kept[:MAX_SUBJECT_WORDS])


def which_days(words: list[str], data: LanguageData) -> str:
    """'weekend', 'every_day' or 'working_days': which days a coverage question asks about."""
    longest, asked = 0, "weekend"
    for kind, phrases in (
        ("weekend", data.weekend_days),
        ("every_day", data.every_day),
        ("working_days", data.working_days),
    ):
        for wanted in phrases:
            if len(wanted) > longest and contains(words, wanted):
                longest, asked = len(wanted), kind
    return asked
