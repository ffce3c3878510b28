"""Plain-word schedule questions in English, French and Dutch, and bad input."""

# ruff: noqa: E501  (the phrasing table reads best one question per line)

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import load_config
from bot.schedule.airings import ShowCalendar
from bot.schedule.answers import answer_question
from bot.schedule.questions import Intent, detect_language, normalise, read_question

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY_NOON = dt.datetime(2026, 11, 30, 12, 0, tzinfo=BRUSSELS)
MONDAY_SHOW = dt.datetime(2026, 11, 30, 18, 20, tzinfo=BRUSSELS)
CALENDAR = ShowCalendar(load_config(None).show)


def ask(
    message: str, now: dt.datetime = MONDAY_NOON, telegram_language: str | None = None
) -> tuple[str | None, str]:
    """The answer and its language for a question asked in Brussels."""
    return answer_question(CALENDAR, message, BRUSSELS, now, telegram_language)


# (question, language of the answer, words the answer contains)
PHRASINGS = [
    # when is it on
    ("When is the show on?", "en", "Monday to Friday, 18:00–19:00"),
    ("Quand passe l'émission ?", "fr", "du lundi au vendredi, 18:00–19:00"),
    ("Wanneer is het programma?", "nl", "van maandag tot vrijdag, 18:00–19:00"),
    ("at what time is the show?", "en", "Monday to Friday"),
    ("À quelle heure est l'émission ?", "fr", "du lundi au vendredi"),
    ("Hoe laat is de uitzending?", "nl", "van maandag tot vrijdag"),
    # tonight
    ("Is it on tonight?", "en", "Yes: “You are in the newspaper” is on Monday 30 November"),
    ("Est-ce que l'émission passe ce soir ?", "fr", "Oui : « You are in the newspaper » passe le lundi 30 novembre"),
    ("Is het programma vanavond?", "nl", "Ja: “You are in the newspaper” is op maandag 30 november"),
    # now
    ("Is the show on now?", "en", "is not on air right now"),
    ("Est-ce que l'émission passe maintenant ?", "fr", "n'est pas à l'antenne en ce moment"),
    ("Is het programma nu bezig?", "nl", "is nu niet in de lucht"),
    # tomorrow
    ("Is the show on tomorrow?", "en", "Yes: “You are in the newspaper” is on Tuesday 1 December"),
    ("L'émission passe demain ?", "fr", "Oui : « You are in the newspaper » passe le mardi 1 décembre"),
    ("Is het programma morgen?", "nl", "Ja: “You are in the newspaper” is op dinsdag 1 december"),
    # on Friday
    ("Is the show on Friday?", "en", "is on Friday 4 December, 18:00–19:00"),
    ("Est-ce que l'émission passe vendredi ?", "fr", "passe le vendredi 4 décembre, 18:00–19:00"),
    ("Is het programma vrijdag?", "nl", "is op vrijdag 4 december, 18:00–19:00"),
    ("Is the show on Saturday?", "en", "No, “You are in the newspaper” is not on Saturday 5 December"),
    ("L'émission passe samedi ?", "fr", "Non, « You are in the newspaper » ne passe pas le samedi 5 décembre"),
    ("Is het programma zaterdag?", "nl", "Nee, “You are in the newspaper” is niet op zaterdag 5 december"),
    # on a date
    ("Is the show on 25 December?", "en", "is on Friday 25 December, 18:00–19:00"),
    ("Est-ce que l'émission passe le 25 décembre ?", "fr", "passe le vendredi 25 décembre"),
    ("Is het programma op 25 december?", "nl", "is op vrijdag 25 december"),
    ("Is the show on December 26th?", "en", "is not on Saturday 26 December"),
    ("Est-ce que ça passe le 1er janvier ?", "fr", "vendredi 1 janvier 2027"),
    ("Is het programma op 3/12?", "nl", "donderdag 3 december"),
    # what time does it end
    ("What time does the show end?", "en", "ends at 19:00 (Europe/Brussels) on Monday 30 November"),
    ("À quelle heure se termine l'émission ?", "fr", "se termine à 19:00 (Europe/Brussels) le lundi 30 novembre"),
    ("Hoe laat eindigt het programma?", "nl", "eindigt om 19:00 (Europe/Brussels) op maandag 30 november"),
    # who presents it
    ("Who presents the show?", "en", "presented by Peggy Simono and Thibaut Roland, on bel RTL"),
    ("Qui présente l'émission ?", "fr", "présentée par Peggy Simono et Thibaut Roland, sur bel RTL"),
    ("Wie presenteert het programma?", "nl", "gepresenteerd door Peggy Simono en Thibaut Roland"),
    # which station
    ("Which station is the show on?", "en", "is on bel RTL"),
    ("Sur quelle radio passe l'émission ?", "fr", "passe sur bel RTL"),
    ("Op welke zender is het programma?", "nl", "is op bel RTL"),
]  # fmt: skip


@pytest.mark.parametrize(("message", "language", "expected"), PHRASINGS)
def test_every_phrasing_in_three_languages(message: str, language: str, expected: str) -> None:
    """Each listed question is answered correctly, in the language it was asked in."""
    reply, used = ask(message, telegram_language="en" if language != "en" else "fr")
    assert used == language
    assert reply is not None
    assert expected in reply


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Is it on now?", "on air now on bel RTL, until 19:00 (Europe/Brussels): 40 min left"),
        ("Elle passe en ce moment ?", "encore 40 min"),
        ("Is het programma nu?", "nog 40 min"),
        ("When does it end?", "ends at 19:00 (Europe/Brussels), in 40 min"),
        ("Is it on tonight?", "Yes, it is on air right now, until 19:00"),
    ],
)
def test_questions_during_the_show(message: str, expected: str) -> None:
    """Asked while on air, 'now', 'ends' and 'tonight' give the time left."""
    reply, _ = ask(message, now=MONDAY_SHOW)
    assert reply is not None
    assert expected in reply


def test_language_falls_back_to_telegram_then_english() -> None:
    """With no telling words the answer is in the Telegram language, else English."""
    assert ask("18:00?", telegram_language="nl")[1] == "nl"
    assert ask("18:00?", telegram_language="de")[1] == "en"
    assert ask("18:00?", telegram_language=None)[1] == "en"


def test_impossible_date_is_said_so() -> None:
    """'The 31st of February' gets a line saying it is not a real date."""
    reply, _ = ask("Is the show on the 31st of February?")
    assert reply is not None
    assert "is not a real date" in reply
    reply, _ = ask("Est-ce que l'émission passe le 30 février ?")
    assert reply is not None
    assert "n'est pas une vraie date" in reply
    reply, _ = ask("Is het programma op 31/04?")
    assert reply is not None
    assert "geen echte datum" in reply


def test_two_days_at_once_is_ambiguous() -> None:
    """Naming two days asks the listener to pick one."""
    reply, _ = ask("Is the show on Friday or Saturday?")
    assert reply is not None
    assert "several days" in reply


def test_times_are_not_read_as_dates() -> None:
    """'18.30' is a time, not the 30th month: the question is answered normally."""
    reply, _ = ask("Is the show on at 18.30?")
    assert reply is not None
    assert "not a real date" not in reply


@pytest.mark.parametrize(
    "message",
    [
        "hello",
        "I loved the article about Ukraine",
        "what's the latest news?",
        "Привет! Когда передача?",
        "你好，节目什么时候播出？",
        "مرحبا",
        "🙂🙂🙂",
        "x" * 4096,
        "is it on " * 455,
        "25 " * 1365,
    ],
)
def test_other_messages_get_no_answer_and_no_error(message: str) -> None:
    """Other scripts, 4096-character messages and unrelated talk do not raise."""
    reply, language = ask(message)
    assert language in {"en", "fr", "nl"}
    assert reply is None or len(reply) < 4096


def test_unrelated_messages_are_not_schedule_questions() -> None:
    """Greetings and talk about articles or polls are left for the hint."""
    for message in ("hello", "what's the latest news?", "how do I vote in the poll?"):
        assert ask(message)[0] is None


def test_language_detection_and_normalising() -> None:
    """Accents and punctuation are dropped and each language's own words decide."""
    assert normalise("L'ÉMISSION, c'est à 18h?") == "l emission c est a 18h"
    assert detect_language(normalise("quand passe l'émission").split()) == "fr"
    assert detect_language(normalise("wanneer is het programma").split()) == "nl"
    assert detect_language(normalise("when is the show").split()) == "en"
    assert detect_language([]) is None


def test_weekday_asked_on_that_day_means_today() -> None:
    """'Is it on Monday?' asked on a Monday is about today."""
    question = read_question("is it on monday?", MONDAY_NOON.date(), MONDAY_NOON)
    assert question.intent == Intent.DAY
    assert question.day == MONDAY_NOON.date()


@pytest.mark.parametrize(
    "message",
    ["Is the show on at 18.10?", "Est-ce que ça passe à 6.10 ?", "Is het om 18.10 op de radio?",
     "is it on at 6.10 pm?", "c'est encore là à 18.10h ?"],
)  # fmt: skip
def test_times_said_as_times_are_not_read_as_dates(message: str) -> None:
    """A time after "at / à / om" or before "h / pm" is not read as a day and month."""
    reply, _ = ask(message)
    assert reply is not None
    assert "18:00" in reply
    assert "date" not in reply


def test_a_day_and_month_with_dots_is_still_a_date() -> None:
    """'25.12' on its own is the 25th of December."""
    reply, _ = ask("Is the show on 25.12?")
    assert reply is not None
    assert "25 December" in reply


def test_a_day_and_month_in_numbers_is_read_without_dateparser() -> None:
    """'6.10' alone is the 6th of October (dateparser alone would read a time)."""
    reply, _ = ask("Is the show on 6.10?")
    assert reply is not None
    assert "October" in reply


def test_29_february_in_numbers_is_the_next_leap_day() -> None:
    """'29.2' without a year is the next 29 February there is."""
    reply, _ = ask("Is the show on 29.2?")
    assert reply is not None
    assert "29 February 2028" in reply
