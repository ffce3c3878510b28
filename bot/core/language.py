"""Which language a chat gets: one rule, used for every answer and every pushed message.

Answers (a message or a button press being answered):
    the language the message is written in → the chat's chosen language (/language) →
    the user's Telegram language → English. A command, a button press or a message too
    short or mixed to tell its language falls through to the chat's choice.
Pushed messages (articles, poll copies, reminders):
    the chat's chosen language → in a group, the language most of its recent speakers use,
    else the group default (config `group_language`, French) → in a private chat, the
    user's Telegram language as last seen (any update of theirs refreshes it; the language
    a message is written in does not count) → English.

`detected` is the message's language when known: the bot's one detector decides it
(`bot/conversation/language.py`, `message_language`); the rule only takes its result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from bot.texts import SUPPORTED_LANGUAGES, pick_language

# Speakers of a group whose language counts (the most recent ones).
RECENT_SPEAKERS = 20


def answer_language(
    chosen: str | None, detected: str | None = None, telegram: str | None = None
) -> str:
    """The language of an answer: the message's, else chosen, else Telegram's, else English."""
    return pick_language(detected, chosen, telegram)


@lru_cache(maxsize=1024)  # asked for every update: a handful of codes in practice
def known_language(*candidates: str | None) -> str | None:
    """The first supported language among the candidates; None when none is (the caller
    picks its own fallback, e.g. the station's language for a newsroom file)."""
    return next((pick_language(code) for code in candidates if code and _supported(code)), None)


def majority_language(speakers: Sequence[str | None]) -> str | None:
    """The supported language most of the speakers use (a tie goes to the most recent;
    `speakers` are most recent first)."""
    languages = [pick_language(code) for code in speakers if code and _supported(code)]
    if not languages:
        return None
    counts = Counter(languages)
    top = max(counts.values())
    return next(language for language in languages if counts[language] == top)


def push_language(
    *,
    chosen: str | None,
    is_group: bool,
    speakers: Sequence[str | None] = (),
    own: str | None = None,
    group_default: str = "fr",
) -> str:
    """The language of a chat's pushed messages (see the module docstring)."""
    if chosen:
        return pick_language(chosen)
    if is_group:
        return majority_language(speakers) or pick_language(group_default)
    return pick_language(own)


def _supported(code: str) -> bool:
    return code.replace("_", "-").split("-", maxsplit=1)[0].lower() in SUPPORTED_LANGUAGES
