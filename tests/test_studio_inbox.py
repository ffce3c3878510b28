"""Listeners' messages to the studio through the real Application: prompt, rules, /inbox."""

from __future__ import annotations

import datetime as dt

from bot.base.clock import FixedClock
from bot.delivery.service import DeliveryService
from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person, message_update
from bot.schedule.service import ScheduleService
from bot.studio.service import StudioService
from tests.conftest import ADMIN, BRUSSELS, LISTENER
from tests.studio_helpers import send_message, studio_open

ANNE = Person(21, "Anne", "fr")
JAN = Person(22, "Jan", "nl")
STICKER = {"sticker": {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1,
                       "is_animated": False, "is_video": False, "type": "regular"}}  # fmt: skip


def _buttons(harness: BotHarness, chat_id: int) -> list[str]:
    message = harness.latest_with_buttons(chat_id)
    return [button["text"] for button in message.buttons()] if message else []


async def test_closed_studio_says_when_it_opens(harness: BotHarness) -> None:
    """Outside the window /studio says, in the listener's language, when the studio opens."""
    await harness.say(ANNE, ANNE.id, "/studio")
    closed = "Le studio est fermé. Il ouvre lundi 30 novembre à 16:00 (Europe/Brussels), "
    assert harness.replies(ANNE.id) == [f"{closed}2 heures avant l'émission."]
    await harness.say(ANNE, ANNE.id, "Bonjour")
    assert await harness.services.get(StudioService).inbox.recent() == []


async def test_message_is_stored_with_the_pseudonym_and_consent(
    harness: BotHarness, clock: FixedClock
) -> None:
    """The next text goes to the studio under the voter pseudonym; the name only once agreed."""
    studio_open(clock)
    await send_message(harness, ANNE, "Bravo pour l'émission !")
    replies = harness.replies(ANNE.id)
    assert replies[0].startswith("Écrivez maintenant votre message au studio")
    assert replies[1].startswith("Merci, votre message est arrivé au studio !")
    assert _buttons(harness, ANNE.id) == ["Oui, dites Anne", "Non, rester anonyme"]
    [stored] = await harness.services.get(StudioService).inbox.recent()
    assert stored.text == "Bravo pour l'émission !"
    assert stored.voter == harness.services.get(PollService).voter_key(ANNE.id)
    assert stored.first_name is None
    consent = harness.latest_with_buttons(ANNE.id)
    assert consent is not None
    await harness.press(ANNE, consent, "studio:name:yes")
    [named] = await harness.services.get(StudioService).inbox.recent()
    assert named.first_name == "Anne"
    await harness.say(ANNE, ANNE.id, "Une autre question ?")  # the prompt is closed again
    assert len(await harness.services.get(StudioService).inbox.recent()) == 1
    clock.advance(minutes=2)
    await send_message(harness, ANNE, "Et encore bravo")
    assert harness.replies(ANNE.id)[-1] == (
        "Merci, votre message est arrivé au studio !\n"
        "Les animateurs pourront le lire à l'antenne, avec votre prénom."
    )


async def test_limits_per_listener(harness: BotHarness, clock: FixedClock) -> None:
    """One message per 2 minutes, at most 5 per show; too long or not text is refused."""
    studio_open(clock)
    await harness.say(JAN, JAN.id, "/studio")
    await harness.say(JAN, JAN.id, "x" * 501)
    assert harness.replies(JAN.id)[-1].startswith("Je bericht telt 501 tekens: hoogstens 500")
    await harness.push(message_update(JAN, JAN.id, None, extra=STICKER))
    assert harness.replies(JAN.id)[-1] == (
        "Alleen tekst gaat naar de studio: schrijf je bericht als tekst, alsjeblieft."
    )
    await harness.say(JAN, JAN.id, "Eerste")  # the prompt stayed open
    await send_message(harness, JAN, "Te snel")
    assert harness.replies(JAN.id)[-1] == "Eén bericht per 2 minuten: schrijf opnieuw over 120 s."
    for number in range(2, 6):
        clock.advance(minutes=2)
        await send_message(harness, JAN, f"Bericht {number}")
    clock.advance(minutes=2)
    await send_message(harness, JAN, "Zesde")
    assert harness.replies(JAN.id)[-1].startswith("Je stuurde al 5 berichten")
    assert len(await harness.services.get(StudioService).inbox.recent()) == 5


async def test_are_you_on_air_in_words_carries_the_button(
    harness: BotHarness, clock: FixedClock
) -> None:
    """Asking "are you on air?" in words gets "Message the studio" while the studio is open."""
    await harness.say(ANNE, ANNE.id, "vous êtes en direct ?")
    assert _buttons(harness, ANNE.id) == []
    studio_open(clock)
    await harness.say(ANNE, ANNE.id, "vous êtes en direct ?")
    assert _buttons(harness, ANNE.id) == ["✉️ Écrire au studio"]


async def test_now_carries_the_button_while_open(harness: BotHarness, clock: FixedClock) -> None:
    """/now shows "Message the studio" only within 2 hours of the show; the button opens it."""
    await harness.say(LISTENER, LISTENER.id, "/now")
    assert _buttons(harness, LISTENER.id) == []
    studio_open(clock)
    await harness.say(LISTENER, LISTENER.id, "/now")
    assert _buttons(harness, LISTENER.id) == ["✉️ Message the studio"]
    now_message = harness.latest_with_buttons(LISTENER.id)
    assert now_message is not None
    await harness.press(LISTENER, now_message, "studio:open")
    assert harness.replies(LISTENER.id)[-1].startswith("Write your message to the studio now")
    await harness.say(LISTENER, LISTENER.id, "Hello studio")
    assert [m.text for m in await harness.services.get(StudioService).inbox.recent()] == [
        "Hello studio"
    ]


async def test_reminder_carries_the_button(harness: BotHarness, clock: FixedClock) -> None:
    """The reminder before the show carries the "Message the studio" button."""
    await harness.say(LISTENER, LISTENER.id, "/remind 10")
    clock.set(dt.datetime(2026, 11, 30, 17, 50, tzinfo=BRUSSELS))
    await harness.services.get(ScheduleService).send_due_reminders()
    await harness.services.get(DeliveryService).drain(2)
    assert harness.replies(LISTENER.id)[-1].startswith("⏰")
    assert _buttons(harness, LISTENER.id) == ["✉️ Message the studio"]


async def test_inbox_for_editors(harness: BotHarness, clock: FixedClock) -> None:
    """/inbox lists the messages with ★ and hide buttons for editors only."""
    studio_open(clock)
    await send_message(harness, ANNE, "Premier")
    clock.advance(minutes=1)
    await send_message(harness, JAN, "Tweede")
    await harness.say(LISTENER, LISTENER.id, "/inbox")
    assert harness.replies(LISTENER.id)[-1].startswith("Sorry, this command is for the show's")
    await harness.say(ADMIN, ADMIN.id, "/inbox")
    listing = harness.latest_with_buttons(ADMIN.id)
    assert listing is not None
    assert "1. Listener" in listing.text
    assert "Tweede" in listing.text.split("2. ")[0]  # newest first
    assert [b["text"] for b in listing.buttons()] == ["★ 1", "🙈 1", "★ 2", "🙈 2"]
    first_id = listing.buttons()[2]["callback_data"].split(":")[2]
    await harness.press(ADMIN, listing, f"studio:star:{first_id}:1")
    starred = harness.latest_with_buttons(ADMIN.id)
    assert starred is not None
    assert starred.text.split("\n")[2].endswith("★")  # pinned on top
    assert "Premier" in starred.text.split("2. ")[0]


async def test_forgetme_and_retention_delete_messages(
    harness: BotHarness, clock: FixedClock
) -> None:
    """/forgetme deletes a listener's messages at once; others go 30 days after the show."""
    studio_open(clock)
    await send_message(harness, ANNE, "À effacer")
    await send_message(harness, JAN, "Blijft een maand")
    await harness.say(ANNE, ANNE.id, "/forgetme")
    assert [m.text for m in await harness.services.get(StudioService).inbox.recent()] == [
        "Blijft een maand"
    ]
    clock.set(dt.datetime(2026, 12, 30, 18, 59, tzinfo=BRUSSELS))
    assert await harness.services.get(StudioService).inbox.purge() == 0
    clock.set(dt.datetime(2026, 12, 30, 19, 0, tzinfo=BRUSSELS))
    assert await harness.services.get(StudioService).inbox.purge() == 1
    assert await harness.services.get(StudioService).inbox.recent() == []


async def test_admin_studio_works_any_time(harness: BotHarness) -> None:
    """An editor's /studio opens the prompt outside the window and gives the screen link."""
    await harness.say(ADMIN, ADMIN.id, "/studio")
    assert harness.replies(ADMIN.id)[0].startswith("Write your message to the studio now")
    assert _buttons(harness, ADMIN.id) == ["🖥 Studio screen"]
    await harness.say(ADMIN, ADMIN.id, "Test from the desk")
    assert [m.text for m in await harness.services.get(StudioService).inbox.recent()] == [
        "Test from the desk"
    ]
