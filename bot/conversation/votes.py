"""How the two readers' votes become one intent: cue phrases matched in the words, and the
classifier's ranking, weighed into an intent and how well it is supported."""

from __future__ import annotations

from bot.conversation.intents import STRONG, Intent

# Thresholds (tuned on the development corpus only).
CLASSIFIER_ALONE = 0.62  # best similarity for the classifier to answer without a cue
CLASSIFIER_SURE = 0.80  # ... to overrule a weak cue, or to count as well supported
# A cue the classifier does not back: answered only if the classifier gives its intent at least
# this share of its top vote; weak support needs examples at least this similar.
CONTRADICTED_SHARE = 0.0
SOME_MIN_SIMILARITY = 0.35
# How well both readers support an intent: the bot answers only from the level a message
# needs — a message with words the phrase files never saw ('rain', 'football') needs the
# cues and the classifier to agree.
AGREED, STRONG_CUE, SOME = 3, 2, 1
SUBJECT_INTENTS = frozenset({Intent.LATEST_NEWS, Intent.NEWS_SEARCH, Intent.SUBSCRIBE})
GAP, MAX_GAP = "*", 3  # a cue's '*' stands for up to three words
NEWS = frozenset({Intent.LATEST_NEWS, Intent.NEWS_SEARCH})
POLITE = frozenset({Intent.GREETING, Intent.THANKS, Intent.OUT_OF_SCOPE})
# When cues tie, a specific intent beats the general one it refines.
GENERAL: dict[Intent, frozenset[Intent]] = {
    Intent.NEXT: frozenset({
        Intent.COUNTDOWN, Intent.END_TIME, Intent.DURATION, Intent.IS_OVER, Intent.CANCELLED,
        Intent.ON_NOW, Intent.WEEKEND, Intent.STATION, Intent.HOSTS, Intent.REMINDER,
    }),
    Intent.ON_DAY: frozenset({
        Intent.CANCELLED, Intent.END_TIME, Intent.IS_OVER, Intent.WEEKEND, Intent.COUNTDOWN,
        Intent.STATION, Intent.HOSTS, Intent.REMINDER, Intent.NEXT,
    }),
    Intent.LATEST_NEWS: frozenset({Intent.NEWS_SEARCH, Intent.SUBSCRIBE}),
    Intent.NEWS_SEARCH: frozenset({Intent.SUBSCRIBE}),
    Intent.POLL_CURRENT: frozenset({Intent.POLL_RESULTS}),
    Intent.ON_NOW: frozenset({
        Intent.WEEKEND, Intent.END_TIME, Intent.IS_OVER, Intent.CANCELLED, Intent.COUNTDOWN,
        Intent.STATION, Intent.HOSTS,
    }),
    Intent.GREETING: frozenset(Intent) - {Intent.GREETING},
    Intent.THANKS: frozenset(Intent) - {Intent.THANKS, Intent.GREETING},
}  # fmt: skip


def reconcile(
    cue_scores: dict[Intent, float], ranked: list[tuple[Intent, float]]
) -> list[tuple[Intent, float]]:
    """Cues that give way to others (changes `cue_scores`; returns the classifier's ranking
    without the intents dropped)."""
    if Intent.WEEKEND in cue_scores and any(
        cue_scores.get(news, 0.0) >= STRONG for news in (*NEWS, Intent.SUBSCRIBE)
    ):
        # 'can i get the news here every day?': how often to send news, not the show's days.
        cue_scores.pop(Intent.WEEKEND)
        cue_scores[Intent.SUBSCRIBE] = max(cue_scores.get(Intent.SUBSCRIBE, 0.0), STRONG)
        ranked = [(key, value) for key, value in ranked if key is not Intent.WEEKEND]
    if (
        Intent.GREETING in cue_scores
        and set(cue_scores) - POLITE
        and ranked
        and ranked[0][0] is not Intent.GREETING
    ):
        # 'hey, when's the show on?': the greeting opens a question, which is what is asked
        # (when the classifier hears more than a greeting).
        cue_scores.pop(Intent.GREETING)
        ranked = [(key, value) for key, value in ranked if key is not Intent.GREETING]
    return ranked


def match_at(words: list[str], start: int, wanted: tuple[str, ...]) -> int | None:
    """Where the phrase ends if it starts at `start` ('*' skips up to three words), or None."""
    position = start
    index = 0
    while index < len(wanted):
        part = wanted[index]
        if part == GAP:
            following = wanted[index + 1]
            for skip in range(MAX_GAP + 1):
                if position + skip < len(words) and words[position + skip] == following:
                    position += skip
                    break
            else:
                return None
            index += 1
            continue
        if position >= len(words) or words[position] != part:
            return None
        position += 1
        index += 1
    return position


def decide(
    cue_scores: dict[Intent, float], ranked: list[tuple[Intent, float]], similarity: float
) -> tuple[Intent | None, int]:
    """The intent the readers support, and how well (AGREED, STRONG_CUE, SOME, or 0)."""
    classifier_top = ranked[0][0] if ranked else None
    sure = similarity >= CLASSIFIER_SURE
    if not cue_scores:
        if classifier_top is not None and similarity >= CLASSIFIER_ALONE:
            return classifier_top, STRONG_CUE if sure else SOME
        return None, 0
    ordered = sorted(cue_scores.items(), key=lambda item: -item[1])
    best_score = ordered[0][1]
    tied = [intent for intent, score in ordered if score == best_score]
    tied = [
        intent for intent in tied if not any(other in GENERAL.get(intent, ()) for other in tied)
    ]
    strong = best_score >= STRONG
    if Intent.OUT_OF_SCOPE in tied and len(tied) > 1:
        if not SUBJECT_INTENTS.intersection(tied):
            return None, 0  # 'how long is the film?': about something else as much as the show
        if classifier_top not in SUBJECT_INTENTS and classifier_top not in NEWS:
            return None, 0  # 'the news on tv tonight?': the classifier hears no news question
        tied = [intent for intent in tied if intent is not Intent.OUT_OF_SCOPE]  # news on it
    if classifier_top in tied:
        return gated(classifier_top, AGREED if strong or sure else SOME, ranked, similarity)
    if len(tied) == 1:
        if not strong and classifier_top is not None and sure:
            return classifier_top, SOME
        return gated(tied[0], STRONG_CUE if strong else SOME, ranked, similarity)
    votes = dict(ranked)
    supported = [intent for intent in tied if votes.get(intent, 0.0) > 0]
    if supported:
        chosen = max(supported, key=lambda intent: votes[intent])
        return gated(chosen, SOME, ranked, similarity)
    return None, 0


def gated(
    intent: Intent, support: int, ranked: list[tuple[Intent, float]], similarity: float
) -> tuple[Intent | None, int]:
    """The intent, unless the classifier speaks against it: a cue it contradicts (it gives the
    intent under a share of its top vote), or weak support from examples too far away."""
    if support >= AGREED:
        return intent, support
    votes = dict(ranked)
    top = ranked[0][1] if ranked else 0.0
    if top and votes.get(intent, 0.0) < CONTRADICTED_SHARE * top:
        return None, 0
    if support == SOME and similarity < SOME_MIN_SIMILARITY:
        return None, 0
    heard_as_chatter = bool(ranked) and ranked[0][0] is Intent.OUT_OF_SCOPE
    if support == SOME and heard_as_chatter and not votes.get(intent):
        return None, 0  # a weak cue the classifier hears as chatter ('tu aimes la musique ?')
    return intent, support
