"""Reading a message: its language, intent and slots, or an honest 'not understood'.

Two readers vote. Cue phrases from the phrase files score intents (a longer phrase that covers
a shorter one wins); a character-n-gram classifier trained on the files' examples ranks them
too (`votes.py` weighs them). Agreement, or a clear cue with a classifier that does not
object, gives an answer; a classifier alone must be very sure; anything else is 'not
understood'. Dates are read before
and replaced by a mark, so 'is it on Friday?' and 'is it on 25/12?' look alike to both readers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from bot.conversation.classifier import IntentClassifier
from bot.conversation.dates import DAY_MARK, TIME_MARK, DayReader, DaySlot
from bot.conversation.intents import Cue, Intent, LanguageData, load_languages
from bot.conversation.language import detect, speller
from bot.conversation.slots import (
    OTHER_NEWS,
    contains,
    minutes,
    names_a_station,
    names_with_digits,
    pick_day,
    subject,
    which_days,
)
from bot.conversation.text import clean, fold, phrase, words
from bot.conversation.votes import (
    AGREED,
    GAP,
    NEWS,
    SUBJECT_INTENTS,
    decide,
    match_at,
    reconcile,
)

# An unseen word after one of these names the thing asked about ('how long is the queue?').
ARTICLES = frozenset({"the", "le", "la", "les", "l", "het", "de"})
TOO_MANY_UNKNOWN = 2  # so many unseen words: not understood, whatever the readers say
# With a word asking "when", these intents become the one that answers when.
ASKED_WHEN = {
    Intent.ON_NOW: Intent.NEXT,
    Intent.STATION: Intent.NEXT,
    Intent.IS_OVER: Intent.END_TIME,
    Intent.DURATION: Intent.COUNTDOWN,
    Intent.ON_DAY: Intent.NEXT,  # without a day; with one it is a day question asking when
}
SHORT_MESSAGE = 1  # so few other words: a bare day ("tomorrow?", "and on Friday?") asks
SHORT_WORDS = 4  # whether it is on

BECOMES_DAY_QUESTION = frozenset({Intent.NEXT, Intent.ON_NOW, Intent.ON_DAY, Intent.STATION})
SCHEDULE = frozenset({
    Intent.NEXT, Intent.ON_DAY, Intent.ON_NOW, Intent.COUNTDOWN, Intent.DURATION,
    Intent.END_TIME, Intent.IS_OVER, Intent.CANCELLED, Intent.WEEKEND,
})  # fmt: skip
# Articles before the thing a question is about ('l' is a pronoun too: "l'écouter").
SCHEDULE_ARTICLES = frozenset({"the", "le", "la", "les", "het", "de", "du", "des"})
DAY_INTENTS = frozenset({Intent.ON_DAY, Intent.CANCELLED})
REFERENCE_DAY = dt.date(2026, 12, 1)  # any day: the examples' dates only become marks


# A name of the configuration's own ('bel RTL') and the common word it is read as ('radio').
OwnNames = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Understanding:
    """What a message asks, as read."""

    intent: Intent | None  # None: not understood
    language: str | None  # the message's own language, when its words tell
    day: DaySlot | None = None
    minutes: int | None = None
    subject: str = ""
    days_asked: str = "weekend"
    asks_time: bool = False  # a day question asking when ('what time is it on Friday?')
    after_day: bool = False  # the next airing after the day ('the next one after Friday')
    score: float = 0.0
    words: tuple[str, ...] = field(default=(), compare=False)


class Reader:
    """Built once at start-up (trains the classifier); `read` is then a few milliseconds."""

    def __init__(self) -> None:
        self.languages = load_languages()
        self._days = DayReader(self.languages, REFERENCE_DAY.year)
        self._known = speller().known
        self._core = set().union(*(data.core for data in self.languages.values()))
        self._foreign_days = {
            code: frozenset(data.vocabulary - self._days.single_words(code))
            for code, data in self.languages.items()
        }
        # One-word out-of-scope cues: an unseen word starting with one is that word inflected
        # ('raining', 'footballers').
        self._off_topic_stems = tuple(
            cue.words[0]
            for data in self.languages.values()
            for cue in data.cues
            if cue.intent is Intent.OUT_OF_SCOPE and len(cue.words) == 1 and len(cue.words[0]) > 3
        )
        # What may follow an article in a question about the show: the show's words, days,
        # the schedule's cue words and frequent words ('the *sale*', 'la *course*' may not).
        self._schedule_words: dict[str | None, set[str]] = {}
        for code, data in self.languages.items():
            allowed = {DAY_MARK, TIME_MARK} | data.show | data.common | data.stop | data.loanwords
            allowed.update(
                word for cue in data.cues if cue.intent in SCHEDULE for word in cue.words
            )
            for phrases in [*data.relative.values(), *data.weekdays]:
                allowed.update(word for words in phrases for word in words)
            self._schedule_words[code] = allowed
        self._schedule_words[None] = set().union(*self._schedule_words.values())
        self._cues: dict[str, list[Cue]] = defaultdict(list)
        for data in self.languages.values():
            for cue in data.cues:
                if cue.words:
                    self._cues[cue.words[0]].append(cue)
        examples = [
            (intent, self._prepare(text, REFERENCE_DAY)[0])
            for data in self.languages.values()
            for intent, text in data.examples
        ]
        self._classifier = IntentClassifier(examples)

    # Preparing the words ----------------------------------------------------------------------
    def _prepare(
        self, message: str, today: dt.date, names: OwnNames = ()
    ) -> tuple[list[str], list[DaySlot], str | None, list[str], list[str], str | None]:
        """Marked words, the days named, the language read in, the words before marking days,
        the words known only by a typo guess, and the message's own language."""
        text = fold(clean(message))
        for name, word in names:
            wanted = " ".join(phrase(name))
            if wanted:
                text = re.sub(rf"\b{re.escape(wanted)}\b", f" {word} ", text)
        text, written = self._days.mark_dates(text, today)
        raw = [word.folded for word in words(text)]
        own_language, corrected, language = detect(raw)
        not_days = self._foreign_days.get(language) if language else None
        marked, named = self._days.mark_words(corrected, today, not_days)
        guessed = speller().guesses(raw, language)
        return marked, written + named, language, corrected, guessed, own_language

    # Reading ----------------------------------------------------------------------------------
    def read(self, message: str, today: dt.date, names: OwnNames = ()) -> Understanding:
        """What the message asks, with the day, minutes and subject it names. `names`: the
        show's and the station's own names, each with the word it stands for ('show', 'radio')."""
        marked, days, language, corrected, guessed, own_language = self._prepare(
            message, today, names
        )
        data = self.languages[language or "en"]
        written = any(slot.source == "date" for slot in days)
        cue_scores = self._cue_scores(marked, [] if written else corrected)
        ranked, similarity = self._classifier.rank(marked)
        ranked = reconcile(cue_scores, ranked)
        day = pick_day(days)
        if day is None:
            # Without a day, "is the show on" inside "when is the show on" asks something else.
            without_day: dict[Intent, float] = {
                key: value for key, value in cue_scores.items() if key != Intent.ON_DAY
            }
            if without_day:
                cue_scores = without_day
                ranked = [(key, value) for key, value in ranked if key != Intent.ON_DAY]
        intent, support = decide(cue_scores, ranked, similarity)
        asks_when = any(contains(marked, wanted) for wanted in data.when)
        if intent in ASKED_WHEN and asks_when:
            intent = ASKED_WHEN[intent]  # "when are you on?" asks when, not whether
        if intent is Intent.NEXT and asks_when and Intent.IS_OVER in cue_scores:
            intent = Intent.END_TIME  # "when's it over?": when it ends
        elif intent is Intent.NEXT and not asks_when and any(w in data.now for w in marked):
            intent = Intent.ON_NOW  # "is it on the radio now?" asks whether, not when
        unknown = [
            word
            for word in marked
            if word.isalpha()
            and len(word) > 2
            and word not in self._known
            and word not in (DAY_MARK, TIME_MARK)
        ]
        if unknown:
            # Beside an unseen word, a typo guess is a guess too far ('la finale de la coupe du
            # monde' read as '... la loupe du mode').
            unknown += guessed
        own = self.languages[language].vocabulary if language else self._known
        # Words only another language knows ('new' in a Dutch message) count with an unseen one.
        foreign = [word for word in marked if word.isalpha() and len(word) > 2 and word not in own]
        if intent not in SUBJECT_INTENTS and (
            len(unknown) >= TOO_MANY_UNKNOWN
            or (unknown and len(foreign) >= TOO_MANY_UNKNOWN)
            or (foreign and support < AGREED)
            or (unknown and support < AGREED)
            or (unknown and day is None and intent in DAY_INTENTS)
            or names_a_station(marked, unknown)
            or (intent in SCHEDULE and self._names_another_thing(marked, language, guessed))
            or any(word.startswith(self._off_topic_stems) for word in unknown)
            or (intent is Intent.STATION and names_with_digits(marked, self._known))
            or any(
                word in unknown and index and marked[index - 1] in ARTICLES
                for index, word in enumerate(marked)
            )
        ):
            # Words never seen: answer only when both readers agree, and never guess the day
            # of a day question whose unseen word may be that day ('is it on wensday'), nor a
            # question naming another station ('what frequency is bbc radio 4?').
            intent = None
        intent = _neighbour(intent, support, marked, ranked, data, self._core)
        intent = self._with_slots(intent, day, marked, data, bool(unknown))
        if (
            day is not None
            and day.source == "weekday"
            and day.day is not None
            and day.day > today
            and any(word in data.past for word in corrected)
        ):
            day = DaySlot(day.day - dt.timedelta(days=7), "weekday")  # 'did it air on monday?'
        after_day = False
        if (
            intent in (Intent.ON_DAY, Intent.NEXT)
            and day is not None
            and any(
                word in data.after and following == DAY_MARK for word, following in pairwise(marked)
            )
        ):
            intent, after_day = Intent.NEXT, True  # 'the next one after friday'
        if intent is Intent.ON_DAY and day is None:
            day = DaySlot(today, "today")
        found_subject = ""
        if intent in NEWS or intent is Intent.SUBSCRIBE:
            found_subject = subject(marked, data, self._core)
            if intent in NEWS and not found_subject and asks_when:
                intent = Intent.NEXT  # "when's the news on?": the news show
            elif intent in NEWS and not found_subject and day is not None and day.source != "today":
                intent = Intent.ON_DAY  # 'what about next monday?': the day is what is asked
            elif intent in NEWS:
                intent = Intent.NEWS_SEARCH if found_subject else Intent.LATEST_NEWS
        return Understanding(
            intent=intent,
            language=own_language,
            day=day,
            minutes=minutes(corrected, data) if intent is Intent.REMINDER else None,
            subject=found_subject,
            days_asked=which_days(corrected, data) if intent is Intent.WEEKEND else "weekend",
            asks_time=intent is Intent.ON_DAY and asks_when,
            after_day=after_day,
            score=float(support),
            words=tuple(marked),
        )

    def _names_another_thing(
        self, marked: list[str], language: str | None, guessed: list[str]
    ) -> bool:
        """Whether a word after an article is no word of the show's schedule, or a typo guess
        other than one of the show's words: the question is about that thing ('when does the
        *sale* end?' is not 'the same', 'la *course* est finie ?' not 'le cours')."""
        allowed = self._schedule_words[None]  # any language's: 'hoeveel uur voor de start?'
        show = self.languages[language].show if language else set()
        guesses = {speller().correct(word, language) for word in guessed}
        return any(
            following not in allowed or (following in guesses and following not in show)
            for word, following in pairwise(marked)
            if word in SCHEDULE_ARTICLES
        )

    def _with_slots(
        self,
        intent: Intent | None,
        day: DaySlot | None,
        marked: list[str],
        data: LanguageData,
        unknown: bool,
    ) -> Intent | None:
        """The intent once the day named is taken into account."""
        if day is None:
            return intent
        if intent in BECOMES_DAY_QUESTION:
            return Intent.ON_DAY
        if intent is Intent.IS_OVER and day.day is not None and day.source == "yesterday":
            return Intent.ON_DAY
        if intent is Intent.WEEKEND and day.source == "this_weekend":
            return Intent.ON_DAY
        if intent is None and not unknown:
            others = [
                word
                for word in marked
                if word not in (DAY_MARK, TIME_MARK)
                and word not in data.stop
                and word not in data.show
            ]
            if len(others) <= SHORT_MESSAGE and len(marked) <= SHORT_WORDS:
                return Intent.ON_DAY
        return intent

    def _cue_scores(self, marked: list[str], unmarked: list[str]) -> dict[Intent, float]:
        """Each intent's cue score; a phrase inside a longer matched phrase does not count.

        Coverage cues ("saturday and sunday") are matched on the words before days are marked.
        """
        matches: list[tuple[int, int, Cue]] = []
        for start, word in enumerate(marked):
            for cue in self._cues.get(word, ()):
                end = match_at(marked, start, cue.words)
                if end is not None:
                    matches.append((start, end, cue))
        for start, word in enumerate(unmarked):
            for cue in self._cues.get(word, ()):
                if cue.intent is Intent.WEEKEND:
                    end = match_at(unmarked, start, cue.words)
                    if end is not None:
                        matches.append((start, end, cue))
        scores: dict[Intent, float] = defaultdict(float)
        for start, end, cue in matches:
            covered = any(
                low <= start
                and end <= high
                and high - low > end - start
                # what a gap skips may be the thing asked about ('how long does the
                # *exhibition* run?'): an out-of-scope cue there still counts
                and not (cue.intent is Intent.OUT_OF_SCOPE and GAP in other.words)
                for low, high, other in matches
            )
            if not covered:
                scores[cue.intent] = max(scores[cue.intent], cue.weight)
        return scores


POLL = frozenset({Intent.POLL_CURRENT, Intent.POLL_RESULTS})
# Asking how much time: a question, never a reminder asked for ('remind me before it starts').
HOW_MUCH = frozenset({"many", "much", "combien", "hoeveel"})


def _neighbour(
    intent: Intent | None,
    support: int,
    marked: list[str],
    ranked: list[tuple[Intent, float]],
    data: LanguageData,
    core: set[str],
) -> Intent | None:
    """The intent once its close neighbours are weighed: the answer a neighbour's words ask
    for, or 'not understood' when the two readers lean different ways."""
    if (intent in NEWS or intent is Intent.SUBSCRIBE) and OTHER_NEWS.intersection(marked):
        return None  # 'did you see the news on cnn?': another broadcaster's news
    if intent in NEWS and support < AGREED and ranked and ranked[0][0] is Intent.SUBSCRIBE:
        return Intent.SUBSCRIBE  # 'je veux les infos sur le logement': asks to be sent them
    votes = dict(ranked)
    if intent in POLL and support < AGREED and subject(marked, data, core):
        # 'hoe staat het in Oekraïne?': how things stand about a subject, not the vote
        news = max(votes.get(Intent.NEWS_SEARCH, 0.0), votes.get(Intent.SUBSCRIBE, 0.0))
        return Intent.NEWS_SEARCH if news > votes.get(intent, 0.0) else None
    if intent is Intent.REMINDER and HOW_MUCH.intersection(marked):
        return Intent.COUNTDOWN  # 'how many minutes before it starts?': the time left
    return intent


__all__ = ["Reader", "Understanding", "phrase"]
