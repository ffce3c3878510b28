"""Plain-word messages through the real Application: time-aware answers with the right yes/no,
in the message's language, new intents handed to their features, bad input answered."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.base.clock import FixedClock
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import BRUSSELS, LISTENER
from tests.polls_helpers import open_seed

TUESDAY = dt.date(2026, 12, 1)
ENGLISH_USER = Person(21, "Pat", "en")


def at(clock: FixedClock, hour: int, minute: int = 0, day: dt.date = TUESDAY) -> None:
    """Pin the bot's clock to a Brussels wall-clock time."""
    clock.set(dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BRUSSELS))


async def ask(harness: BotHarness, text: str, person: Person = LISTENER) -> str:
    """The bot's reply to one message in the person's private chat."""
    before = len(harness.replies(person.id))
    await harness.say(person, person.id, text)
    replies = harness.replies(person.id)
    assert len(replies) == before + 1, replies[before:]
    return replies[-1]


async def test_during_the_show_every_answer_says_it_is_on_air(
    harness: BotHarness, clock: FixedClock
) -> None:
    """At 18:30 "are you on the air?", /now and /next say on air until 19:00 with the link."""
    at(clock, 18, 30)
    for question in ("are you on the air?", "/now", "/next", "is it on tonight?"):
        answer = await ask(harness, question)
        assert "on air now on bel RTL, until 19:00 (Europe/Brussels) — 30 min left" in answer
        assert "Listen live: https://" in answer


async def test_after_the_show_tonight_means_the_next_one(
    harness: BotHarness, clock: FixedClock
) -> None:
    """At 21:00 "is it on tonight?" says no, tonight's is over, and gives tomorrow's."""
    at(clock, 21)
    answer = await ask(harness, "is it on tonight?")
    assert answer.startswith("No: today's “You are in the newspaper” (18:00–19:00")
    assert "Wednesday 2 December, 18:00–19:00" in answer
    assert (await ask(harness, "is it over for today?")).startswith("Yes")
    assert (await ask(harness, "c'est fini ?")).startswith("Oui")


async def test_before_the_show_yes_no_polarity(harness: BotHarness, clock: FixedClock) -> None:
    """At noon "cancelled?" is no, "over?" is no, and the countdown gives the start."""
    at(clock, 12)
    cancelled = await ask(harness, "has tonight's show been cancelled?")
    assert cancelled.startswith("No, it goes ahead tonight at 18:00")
    assert (await ask(harness, "is it over?")).startswith("No, it has not started yet")
    countdown = await ask(harness, "ça démarre dans combien de temps ?")
    assert countdown.startswith("« You are in the newspaper » commence dans 6 h")


async def test_schedule_never_lists_an_airing_that_is_over(
    harness: BotHarness, clock: FixedClock
) -> None:
    """/schedule at 21:00 starts with tomorrow's airing, in Brussels and in Tokyo."""
    at(clock, 21)
    week = await ask(harness, "/schedule")
    assert "Tuesday 1 December" not in week
    assert week.splitlines()[1].startswith("• Wednesday 2 December, 18:00–19:00")
    await ask(harness, "/timezone Asia/Tokyo")
    tokyo = await ask(harness, "/schedule")
    assert "Wednesday 2 December, 02:00" not in tokyo
    assert tokyo.splitlines()[1].startswith("• Thursday 3 December, 02:00–03:00")


async def test_dates_iso_holidays_and_impossible(harness: BotHarness, clock: FixedClock) -> None:
    """ISO dates are year-month-day, holidays have their date, 31/02 does not exist."""
    at(clock, 12)
    assert "Friday 5 March 2027" in await ask(harness, "is it on 2027-03-05?")
    assert "Monday 29 March 2027" in await ask(harness, "is it on Easter Monday?")
    assert "vrijdag 25 december" in await ask(harness, "is het er met kerstmis?")
    assert "is not a real date" in await ask(harness, "is it on 31/02?")
    assert "n'est pas une vraie date" in await ask(harness, "ça passe le 2026-13-40 ?")


async def test_the_airing_after_a_day_is_the_first_one_on_a_later_day(
    harness: BotHarness, clock: FixedClock
) -> None:
    """Asked on Tuesday for the show after Friday, the answer is Monday's, in the message's
    language, counted from now."""
    at(clock, 12)
    english = await ask(harness, "the next show after friday?")
    assert english.startswith("Next “You are in the newspaper”: Monday 7 December, 18:00–19:00")
    assert english.endswith("in 6 d 6 h.")
    french = await ask(harness, "la prochaine émission après vendredi ?")
    assert french.startswith("Prochaine émission « You are in the newspaper » : lundi 7 décembre")


async def test_a_time_question_about_a_day_gets_the_times_not_yes(
    harness: BotHarness, clock: FixedClock
) -> None:
    """ "What time … on Christmas Eve?" gives that day's times in three languages, and "when?"
    during the show says it is on air: never a yes or no first."""
    at(clock, 12)
    english = await ask(harness, "what time is it on Christmas Eve?")
    assert english.startswith("“You are in the newspaper” is on Thursday 24 December, 18:00")
    french = await ask(harness, "c'est à quelle heure à Noël ?")
    assert french.startswith("« You are in the newspaper » passe le vendredi 25 décembre, 18:00")
    dutch = await ask(harness, "hoe laat op kerstavond?")
    assert dutch.startswith("“You are in the newspaper” is op donderdag 24 december, 18:00")
    at(clock, 18, 30)
    for question in ("/next", "when is it on?", "c'est à quelle heure ?"):
        assert not (await ask(harness, question)).startswith(("Yes", "Oui"))


async def test_reply_is_in_the_message_language(harness: BotHarness, clock: FixedClock) -> None:
    """A Dutch question with 'show' and 'live' from an English Telegram gets Dutch."""
    at(clock, 18, 30)
    answer = await ask(harness, "is de show nu live?", ENGLISH_USER)
    assert answer.startswith("Ja: “You are in the newspaper” is nu in de lucht")
    assert (await ask(harness, "wat is er nieuw?", ENGLISH_USER)).startswith("De nieuwste")


async def test_subscribing_in_words_asks_first(harness: BotHarness) -> None:
    """ "send me the news about the army" asks with a button; only the press subscribes."""
    question = await ask(harness, "send me the news about the army")
    assert question == "Shall I send this chat the new articles about “army”?"
    await harness.say(LISTENER, LISTENER.id, "/subscriptions")
    assert "army" not in harness.replies(LISTENER.id)[-1]
    confirm = harness.latest_with_buttons(LISTENER.id)
    assert confirm is not None
    await harness.press(LISTENER, confirm, confirm.buttons()[0]["callback_data"])
    assert harness.replies(LISTENER.id)[-1] == "Subscribed to “army”."


async def test_reminder_in_words_asks_first(harness: BotHarness) -> None:
    """ "rappelle-moi 15 minutes avant" asks with a button; the press sets the reminder."""
    question = await ask(harness, "rappelle-moi 15 minutes avant")
    assert question.startswith("Voulez-vous un rappel dans ce chat 15 min avant")
    confirm = harness.latest_with_buttons(LISTENER.id)
    assert confirm is not None
    await harness.press(LISTENER, confirm, confirm.buttons()[0]["callback_data"])
    assert harness.replies(LISTENER.id)[-1].startswith("Je préviendrai ce chat 15 min avant")


async def test_i_want_to_vote_shows_the_open_poll(harness: BotHarness) -> None:
    """ "ik wil stemmen" shows the open poll with its vote buttons, in Dutch."""
    await open_seed(harness)
    await harness.say(LISTENER, LISTENER.id, "ik wil stemmen")
    poll = harness.latest_with_buttons(LISTENER.id)
    assert poll is not None
    assert len(poll.buttons()) >= 3
    assert "stemmers" in poll.text or "stemmer" in poll.text


@pytest.mark.parametrize(
    "message",
    [
        "x" * 4096,
        "🎉🎉🎉",
        "מתי התוכנית?",
        "متى البرنامج؟",
        "\x00\x07\u202eis it on\u202c tonight\x1b?",
        "éééé" * 1024,
    ],
)
async def test_bad_input_gets_an_answer_never_an_error(
    harness: BotHarness, clock: FixedClock, message: str
) -> None:
    """Huge, emoji-only, right-to-left, other-script and control-character messages are
    answered (or honestly not understood) with one reply."""
    at(clock, 12)
    assert await ask(harness, message)


async def test_yesterday_just_after_midnight(harness: BotHarness, clock: FixedClock) -> None:
    """At 00:05 on Wednesday, "was it on yesterday?" is about Tuesday 1 December."""
    at(clock, 0, 5, day=dt.date(2026, 12, 2))
    answer = await ask(harness, "was it on yesterday?")
    assert answer.startswith("Yes: “You are in the newspaper” was on Tuesday 1 December")
