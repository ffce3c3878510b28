"""Which language a chat gets: one rule, used for every answer and every pushed message.

Answers (a message or a button press being answered):
    the chat's chosen language (/language) → the language the message is written in →
    the user's Telegram language → English.
Pushed messages (articles, poll copies, reminders):
    the chat's chosen language → in a group, the language most of its recent speakers use,
    else the group default (config `group_language`, French) → in a private chat, the
    user's Telegram language → English.

`detected` is the message's language when known. `guess_language` is a small stop-word
score; a better detector can be passed in instead (the rule only takes its result).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot.texts import SUPPORTED_LANGUAGES, pick_language

# Speakers of a group whose language counts (the most recent ones).
RECENT_SPEAKERS = 20

_COMMON_WORDS = {
    "en": (
        "the is are was be to of and a an in on at it this that what when where who how "
        "you your i me my do does did will can with for not tonight show today tomorrow"
    ),
    "fr": (
        "le la les est sont un une des de du et à au aux ce cette ça c qui que quoi quand où "
        "comment je vous tu il elle pas ne on en pour avec sur ce soir l d qu est-ce "
        "émission aujourd'hui demain passe"
    ),
    "nl": (
        "de het een is zijn was en van in op te dat die wat wanneer waar wie hoe je jij ik u "
        "niet met voor er ook dit deze vanavond vandaag morgen programma uitzending"
    ),
}
_STOP_WORDS = {language: frozenset(words.split()) for language, words in _COMMON_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def guess_language(text: str | None) -> str | None:
    """The language a message is written in, if its common words make it clear."""
    if not text or text.lstrip().startswith("/"):
        return None
    words = [word.lower().replace("’", "'") for word in _WORD.findall(text)]
    scores = {
        language: sum(word in stop or word.split("'")[0] in stop for word in words)
        for language, stop in _STOP_WORDS.items()
    }
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= 2 and top > second else None


def answer_language(
    chosen: str | None, detected: str | None = None, telegram: str | None = None
) -> str:
    """The language of an answer: chosen, else the message's, else Telegram's, else English."""
    return pick_language(chosen, detected, telegram)


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
