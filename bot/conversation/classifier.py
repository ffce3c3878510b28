"""A character-n-gram nearest-neighbour classifier, trained on the phrase files at start-up.

Each text becomes a TF-IDF vector of its words, word pairs and 3–4 letter pieces of words
(so 'tonigth' still shares most pieces with 'tonight'). A message is compared with every
example sharing a feature (an inverted index keeps that fast); the intents of the closest
examples vote, weighted by their cosine similarity.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from bot.conversation.intents import Intent

NEIGHBOURS = 5


def features(words: list[str]) -> Counter[str]:
    """Words, word pairs and character 3- and 4-grams of each word."""
    found: Counter[str] = Counter()
    for index, word in enumerate(words):
        found[f"w:{word}"] += 1
        if index:
            found[f"b:{words[index - 1]}_{word}"] += 1
        padded = f"<{word}>"
        for size in (3, 4):
            for start in range(max(1, len(padded) - size + 1)):
                found[padded[start : start + size]] += 1
    return found


class IntentClassifier:
    """Votes of the nearest examples; `rank` gives intents by score and the best similarity."""

    def __init__(self, examples: list[tuple[Intent, list[str]]]) -> None:
        counted = [features(words) for _, words in examples]
        self._labels = [intent for intent, _ in examples]
        frequency: Counter[str] = Counter()
        for found in counted:
            frequency.update(found.keys())
        total = len(counted)
        self._idf = {
            name: math.log((total + 1) / (count + 1)) + 1 for name, count in frequency.items()
        }
        self._unknown_idf = math.log(total + 1) + 1
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, found in enumerate(counted):
            for name, weight in self._vector(found).items():
                self._postings[name].append((index, weight))

    def _vector(self, found: Counter[str]) -> dict[str, float]:
        weights = {
            name: (1 + math.log(count)) * self._idf.get(name, self._unknown_idf)
            for name, count in found.items()
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return {name: weight / norm for name, weight in weights.items()}

    def rank(self, words: list[str]) -> tuple[list[tuple[Intent, float]], float]:
        """Intents by the summed similarity of the nearest examples, and the best similarity."""
        similarity: dict[int, float] = defaultdict(float)
        for name, weight in self._vector(features(words)).items():
            for index, example_weight in self._postings.get(name, ()):
                similarity[index] += weight * example_weight
        nearest = sorted(similarity.items(), key=lambda item: -item[1])[:NEIGHBOURS]
        votes: dict[Intent, float] = defaultdict(float)
        for index, score in nearest:
            votes[self._labels[index]] += score
        ranked = sorted(votes.items(), key=lambda item: -item[1])
        return ranked, (nearest[0][1] if nearest else 0.0)
