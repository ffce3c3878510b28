"""Which language a message is written in: the bot's one detector.

Every place that decides a message's language asks `message_language` (the handlers, before
any answer) or `detect` (the conversation reader, on words it has already split); the rule
that turns it into a reply language is `bot/core/language.py`'s.

A language scores the words of the message that only its phrase file knows. Words borrowed
everywhere ('show', 'live', 'top', 'thx': each file's `loanwords`) tell nothing. A message
whose words do not tell, or that mixes two languages about evenly, has no language of its own:
the reply then falls back to the chat's and the user's languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from bot.conversation.intents import LanguageData, load_languages
from bot.conversation.spelling import Speller
from bot.conversation.text import clean, fold, words

# A language must lead by this many of its own words, have at least this many, and at least
# more than MIXED times the score of the next language (else the message is mixed).
MIN_LEAD = 1.0
MIN_SCORE = 1.0
MIXED = 2.0
SPELLING_WEIGHT = 0.5  # an SMS letter ('c', 'r'): a hint, not proof; 'wnr', 'ovr', 'bcp' are words


class LanguageGuesser:
    """Counts the words of a message that belong to one language only."""

    def __init__(self, languages: dict[str, LanguageData]) -> None:
        borrowed = set().union(*(data.loanwords for data in languages.values()))
        self._own: dict[str, dict[str, float]] = {}
        # SMS letters ('r', 'u', 'c', 't'): a pair written in one language's way ('r u') is a word
        # of it, when one of them is that language's alone.
        self._letters = {
            code: frozenset(word for word in data.spelling if len(word) == 1)
            for code, data in languages.items()
        }
        for code, data in languages.items():
            others: set[str] = set(borrowed)
            for other_code, other in languages.items():
                if other_code != code:
                    others |= other.vocabulary | set(other.spelling)
            own = {word: 1.0 for word in data.vocabulary - others if not word.isdigit()}
            for word in set(data.spelling) - others - set(own):
                own[word] = SPELLING_WEIGHT if len(word) == 1 else 1.0
            self._own[code] = own

    def scores(self, folded_words: Iterable[str]) -> dict[str, float]:
        """Each language's score for the message's words (a repeated word counts once)."""
        totals = dict.fromkeys(self._own, 0.0)
        unique = set(folded_words)
        for word in unique:
            for code, own in self._own.items():
                totals[code] += own.get(word, 0.0)
        for code, letters in self._letters.items():
            written = unique & letters
            if len(written) >= 2 and any(letter in self._own[code] for letter in written):
                totals[code] += 1.0 - sum(self._own[code].get(letter, 0.0) for letter in written)
        return totals

    def guess(self, folded_words: Iterable[str]) -> str | None:
        """The message's language, or None when its words do not tell."""
        ranked = sorted(self.scores(folded_words).items(), key=lambda item: -item[1])
        (best, top), (_, second) = ranked[0], ranked[1]
        if top < MIN_SCORE or top - second < MIN_LEAD or top <= MIXED * second:
            return None
        return best


@cache
def _tools() -> tuple[LanguageGuesser, Speller]:
    languages = load_languages()
    return LanguageGuesser(languages), Speller(languages)


def detect(raw: list[str]) -> tuple[str | None, list[str], str | None]:
    """The language of a message's folded words, the words written out, and the language they
    were read in.

    The words as written decide first; when they do not, the words with SMS forms written out
    ('wnr' → 'wanneer', 'pls' → 'please') get a second look. A single letter ('t', 'c', 'u')
    stays a hint there: written out, it would weigh as much as a word. A typo guess never
    decides the language ('race' is one edit from French 'raté'): words known only that way
    may still choose the language to read the message in ('is the shwo on tonigt?'), but the
    message has no language of its own and the reply falls back.
    """
    guesser, speller = _tools()
    language = guesser.guess(raw)
    reading = language
    if language is None:
        letters = [word for word in raw if len(word) == 1]
        guessed = set(speller.guesses(raw, None))
        longer = [word for word in raw if len(word) > 1]
        language = guesser.guess(
            speller.write_out([word for word in longer if word not in guessed], None) + letters
        )
        reading = language or guesser.guess(speller.write_out(longer, None) + letters)
    return language, speller.write_out(raw, reading), reading


def message_language(text: str | None) -> str | None:
    """The language a message is written in, or None (a command, or words that do not tell)."""
    if not text or text.lstrip().startswith("/"):
        return None
    return detect([word.folded for word in words(fold(clean(text)))])[0]


def speller() -> Speller:
    """The shared speller (the reader corrects with the same words the detector knows)."""
    return _tools()[1]
