"""Which language a message is written in, from the words only one language's file knows."""

from __future__ import annotations

from collections.abc import Iterable

from bot.conversation.intents import LanguageData

# A language must lead by this many of its own words, and have at least this many.
MIN_LEAD = 1.0
MIN_SCORE = 1.0
SPELLING_WEIGHT = 0.5  # 'thx', 'c', 'wnr': a hint, not proof


class LanguageGuesser:
    """Counts the words of a message that belong to one language only."""

    def __init__(self, languages: dict[str, LanguageData]) -> None:
        self._own: dict[str, dict[str, float]] = {}
        for code, data in languages.items():
            others: set[str] = set()
            for other_code, other in languages.items():
                if other_code != code:
                    others |= other.vocabulary | set(other.spelling)
            own = {word: 1.0 for word in data.vocabulary - others if not word.isdigit()}
            for word in set(data.spelling) - others - set(own):
                own[word] = SPELLING_WEIGHT
            self._own[code] = own

    def scores(self, folded_words: Iterable[str]) -> dict[str, float]:
        """Each language's score for the message's words."""
        totals = dict.fromkeys(self._own, 0.0)
        for word in folded_words:
            for code, own in self._own.items():
                totals[code] += own.get(word, 0.0)
        return totals

    def guess(self, folded_words: Iterable[str]) -> str | None:
        """The message's language, or None when its words do not tell."""
        ranked = sorted(self.scores(folded_words).items(), key=lambda item: -item[1])
        (best, top), (_, second) = ranked[0], ranked[1]
        if top < MIN_SCORE or top - second < MIN_LEAD:
            return None
        return best
