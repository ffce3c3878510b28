"""The other things a message names: minutes before a reminder, a news subject, which days,
the day it is about, and perhaps another station."""

from __future__ import annotations

from bot.conversation.dates import DAY_MARK, TIME_MARK, DaySlot
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


# Other broadcasters and their news ('the news on cnn', 'le JT de la RTBF', 'het journaal van
# de VRT'): a news question naming one asks about their news, not this station's.
OTHER_NEWS = frozenset({
    "bbc", "cnn", "itv", "sky", "euronews", "tf1", "lci", "bfm", "bfmtv", "arte", "rtbf", "vrt",
    "vtm", "npo", "journaal", "jt", "tv", "tele", "telly", "channel", "chaine",
})  # fmt: skip


# Words before another station's name ('radio contact', 'de frequentie van studio brussel').
STATION_WORDS = frozenset({"radio", "frequency", "frequence", "frequentie", "station", "zender"})
NAME_BEFORE = frozenset({"of", "de", "du", "van", "is"})


def names_a_station(marked: list[str], unknown: list[str]) -> bool:
    """Whether an unseen word stands by 'radio' or just after 'frequency', 'station', ...:
    perhaps another station's name ('bbc radio 4', 'de frequentie van studio brussel')."""
    for index, word in enumerate(marked):
        if word in STATION_WORDS:
            if word == "radio" and index and marked[index - 1] in unknown:
                return True
            if word == "radio" and index + 1 < len(marked) and marked[index + 1].isdigit():
                return True  # 'radio 1', 'radio 4': another station
            following = marked[index + 1 : index + 3]
            if not following:
                continue
            if following[0] in unknown:
                return True
            linked = following[0] in NAME_BEFORE or following[0].isdigit()
            if len(following) == 2 and linked and following[1] in unknown:
                return True  # 'de frequentie van studio brussel', 'radio 2 breakfast show'
    return False


def names_with_digits(marked: list[str], known: set[str]) -> bool:
    """Whether an unseen word mixes letters and digits: beside a station question, another
    station's name ('musiq3', 'radio1')."""
    return any(
        any(char.isalpha() for char in word)
        and any(char.isdigit() for char in word)
        and word not in known
        for word in marked
    )


def pick_day(days: list[DaySlot]) -> DaySlot | None:
    """The day the message is about: a problem first, else a written date, else a named day."""
    for slot in days:
        if slot.problem:
            return slot
    written = [slot for slot in days if slot.source in ("date", "holiday")]
    chosen = written or days
    return chosen[0] if chosen else None
