"""Spelling: SMS forms written out ('wnr' → 'wanneer') and typos within one edit corrected."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.conversation.dates import DAY_MARK, TIME_MARK
from bot.conversation.intents import LanguageData

MIN_TYPO_LENGTH = 4
_REPEATS = re.compile(r"(.)\1{2,}")  # a letter typed three times or more
_RUNS = re.compile(r"(.)\1+")  # any doubled letter


class Speller:
    """Knows every word of the phrase files; `write_out` turns a message's words into them."""

    def __init__(self, languages: dict[str, LanguageData]) -> None:
        self.languages = languages
        self.known: set[str] = set().union(*(data.vocabulary for data in languages.values()))
        self.known |= {DAY_MARK, TIME_MARK}  # the marks of a day or time read: never a typo
        self._vocabulary = {
            code: sorted(word for word in data.vocabulary if len(word) >= MIN_TYPO_LENGTH)
            for code, data in languages.items()
        }
        self._everything = sorted(word for word in self.known if len(word) >= MIN_TYPO_LENGTH)
        # A slip keeps the first letter ('tonigt', 'shwo', 'lsat'); a word differing there is
        # another word ('snow' is not 'know', 'catch' not 'match'): candidates by first letter.
        self._by_initial: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for code, vocabulary in [*self._vocabulary.items(), (None, self._everything)]:
            for word in vocabulary:
                self._by_initial[code, word[0]].append(word)
        self._spelling = _merged_spelling(languages)
        self.correct = lru_cache(maxsize=4096)(self._correct_uncached)

    def write_out(self, raw: list[str], language: str | None) -> list[str]:
        """The words with SMS forms written out and typos corrected (in the language, if known)."""
        spelling = self.languages[language].spelling if language else self._spelling
        expanded: list[str] = []
        for index, word in enumerate(raw):
            replacement = spelling.get(word, (word,))
            following = raw[index + 1] if index + 1 < len(raw) else None
            if len(replacement) > 1 and replacement[-1] == following:
                replacement = replacement[:-1]  # "c est" stays "c est", "c" becomes "c est"
            expanded.extend(replacement)
        return [self.correct(word, language) for word in expanded]

    def guesses(self, raw: list[str], language: str | None) -> list[str]:
        """The words only a one-edit guess made known ('coupe' → 'loupe'): not SMS forms, not
        repeated letters."""
        spelling = self.languages[language].spelling if language else self._spelling
        return [
            word
            for word in raw
            if word not in spelling
            and self.correct(word, language) != word
            and _REPEATS.sub(r"\1", word) not in self.known
            and _RUNS.sub(r"\1", word) not in self.known
        ]

    def _correct_uncached(self, word: str, language: str | None) -> str:
        """A word one edit away from a known word becomes that word ('tomorow' → 'tomorrow')."""
        if word in self.known or not word.isalpha():
            return word
        for squeezed in (_REPEATS.sub(r"\1", word), _RUNS.sub(r"\1", word)):
            if squeezed in self.known:
                return squeezed  # "merciii", "heyy", "hallooo"
        if len(word) < MIN_TYPO_LENGTH:
            return word
        choices = self._by_initial.get((language, word[0]), [])
        found = process.extractOne(
            word,
            choices,
            scorer=OSA.distance,
            score_cutoff=1,
            processor=None,
        )
        if found is None or len(found[0]) < MIN_TYPO_LENGTH:
            return word
        return str(found[0])


def _merged_spelling(languages: dict[str, LanguageData]) -> dict[str, tuple[str, ...]]:
    """Spellings that mean the same in every language that has them, and are no word of a
    language without them (English 'wat' is 'what', Dutch 'wat' is a word)."""
    merged: dict[str, tuple[str, ...]] = {}
    clashing: set[str] = set()
    for data in languages.values():
        for key, value in data.spelling.items():
            if key in merged and merged[key] != value:
                clashing.add(key)
            merged[key] = value
    for data in languages.values():
        own = data.vocabulary - data.loanwords - set(data.spelling)
        clashing |= {key for key in merged if key in own}
    return {key: value for key, value in merged.items() if key not in clashing}
