"""The intents and the words of each language, read from `phrases/<language>.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

from bot.conversation.text import phrase

LANGUAGES = ("en", "fr", "nl")
Phrase = tuple[str, ...]


class Intent(StrEnum):
    """What a listener's message asks for."""

    NEXT = "next"
    ON_DAY = "on_day"
    ON_NOW = "on_now"
    COUNTDOWN = "countdown"
    DURATION = "duration"
    END_TIME = "end_time"
    IS_OVER = "is_over"
    CANCELLED = "cancelled"
    WEEKEND = "weekend"
    HOSTS = "hosts"
    STATION = "station"
    LATEST_NEWS = "latest_news"
    NEWS_SEARCH = "news_search"
    POLL_CURRENT = "poll_current"
    POLL_RESULTS = "poll_results"
    SUBSCRIBE = "subscribe"
    REMINDER = "reminder"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Cue:
    """A phrase pointing at an intent, with its weight."""

    intent: Intent
    words: Phrase
    weight: int


@dataclass
class LanguageData:
    """Everything one language's file says."""

    code: str
    spelling: dict[str, Phrase]
    cues: list[Cue]
    examples: list[tuple[Intent, str]]
    relative: dict[str, list[Phrase]]  # today, tomorrow, ... → phrases
    next_words: list[Phrase]  # 'next', 'prochain': a weekday after today
    weekdays: list[list[Phrase]]
    months: dict[str, int]
    numbers: dict[str, int]
    half_hour: list[Phrase]
    quarter_hour: list[Phrase]
    hour: list[Phrase]
    minutes: set[str]
    weekend_days: list[Phrase]
    every_day: list[Phrase]
    working_days: list[Phrase]
    show: set[str]
    holidays: dict[Phrase, str]  # alias → the holiday's name in this language
    fixed_days: dict[Phrase, str]  # alias → "MM-DD"
    stop: set[str]
    habitual: set[str]  # articles making a weekday habitual ('le samedi': on Saturdays)
    now: set[str]  # words asking about now ('now', 'maintenant', 'nu')
    past: set[str]  # words asking about the past ('did', 'etait'): a weekday is the last one
    after: set[str]  # a word before a day asking for the airing after it ('the next one after')
    when: list[Phrase]  # phrases asking when ('when', 'what time', 'quand', 'hoe laat')
    common: set[str]  # frequent words of the language, no cue
    about: set[str]  # words before a subject ('about', 'sur', 'over')
    loanwords: set[str]  # words borrowed by every language ('show', 'top'): no language's own
    # Known words, examples and out-of-scope cues left out: what a news subject cannot be
    # ('the weather', 'football' can).
    core: set[str] = field(default_factory=set)
    vocabulary: set[str] = field(default_factory=set)


STRONG, WEAK = 3, 1
RELATIVE_KEYS = (
    "today",
    "tomorrow",
    "after_tomorrow",
    "yesterday",
    "before_yesterday",
    "this_weekend",
    "next_week",
)


def cue_phrase(text: str) -> Phrase:
    """A cue as words; '*' (a gap of up to three words) is kept."""
    return tuple(
        "*" if part == "*" else word for part in text.split() for word in (phrase(part) or ("*",))
    )


def _phrases(values: list[str]) -> list[Phrase]:
    return [phrase(value) for value in values]


def _load(code: str) -> LanguageData:
    raw = tomllib.loads(
        resources.files("bot.conversation.phrases").joinpath(f"{code}.toml").read_text("utf-8")
    )
    words = raw["words"]
    cues: list[Cue] = []
    examples: list[tuple[Intent, str]] = []
    for name, spec in raw["intents"].items():
        intent = Intent(name)
        cues += [Cue(intent, cue_phrase(text), STRONG) for text in spec.get("strong", [])]
        cues += [Cue(intent, cue_phrase(text), WEAK) for text in spec.get("weak", [])]
        examples += [(intent, text) for text in spec.get("examples", [])]
    data = LanguageData(
        code=code,
        spelling={key: phrase(value) for key, value in raw["spelling"].items()},
        cues=cues,
        examples=examples,
        relative={key: _phrases(words[key]) for key in RELATIVE_KEYS},
        next_words=_phrases(words["next"]),
        weekdays=[_phrases(names) for names in words["weekdays"]],
        months={name: number for number, names in enumerate(words["months"], 1) for name in names},
        numbers=dict(words["numbers"]),
        half_hour=_phrases(words["half_hour"]),
        quarter_hour=_phrases(words["quarter_hour"]),
        hour=_phrases(words["hour"]),
        minutes=set(words["minutes"]),
        weekend_days=_phrases(words["weekend_days"]),
        every_day=_phrases(words["every_day"]),
        working_days=_phrases(words["working_days"]),
        show=set(words["show"]),
        holidays={phrase(alias): name for alias, name in words["holidays"].items()},
        fixed_days={phrase(alias): day for alias, day in words["fixed_days"].items()},
        stop=set(words["stop"]),
        about=set(words["about"]),
        when=_phrases(words["when"]),
        now=set(words["now"]),
        past=set(words.get("past", [])),
        after=set(words.get("after", [])),
        common={word for text in words.get("common", []) for word in phrase(text)},
        habitual=set(words.get("habitual", [])),
        loanwords={word for text in words.get("loanwords", []) for word in phrase(text)},
    )
    data.core = _vocabulary(data, with_examples=False)
    data.vocabulary = _vocabulary(data, with_examples=True)
    return data


def _vocabulary(data: LanguageData, *, with_examples: bool) -> set[str]:
    """Every word the language's file knows (typos are corrected towards these)."""
    known: set[str] = set(data.months) | set(data.numbers) | data.minutes | data.show | data.stop
    known |= data.common | data.loanwords
    groups = [
        [
            tuple(word for word in cue.words if word != "*")
            for cue in data.cues
            if with_examples or cue.intent is not Intent.OUT_OF_SCOPE
        ],
        *data.relative.values(),
        *data.weekdays,
        data.half_hour,
        data.quarter_hour,
        data.hour,
        data.weekend_days,
        data.every_day,
        data.working_days,
        list(data.holidays),
        list(data.fixed_days),
        list(data.spelling.values()),
    ]
    if with_examples:
        groups.append([phrase(text) for _, text in data.examples])
    for group in groups:
        for words in group:
            known.update(words)
    return known


@cache
def load_languages() -> dict[str, LanguageData]:
    """The three languages' data, read once (the detector and the reader share it)."""
    return {code: _load(code) for code in LANGUAGES}
