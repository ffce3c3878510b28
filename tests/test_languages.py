"""Which language a chat gets: /language, the message's language, a group's speakers."""

from __future__ import annotations

import pytest

from bot.conversation.language import message_language
from bot.core.language import majority_language, push_language
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN

ANNE = Person(3, "Anne", "fr")
JAN = Person(4, "Jan", "nl")
GROUP = -300


async def test_language_command_sets_the_chat_language(harness: BotHarness) -> None:
    """/language nl makes a French-speaking user's chat Dutch, /language auto undoes it."""
    await harness.say(ANNE, ANNE.id, "/language nl")
    await harness.say(ANNE, ANNE.id, "/privacy")
    await harness.say(ANNE, ANNE.id, "/language auto")
    await harness.say(ANNE, ANNE.id, "/privacy")
    chosen, dutch, automatic, french = harness.replies(ANNE.id)
    assert chosen.startswith("Klaar: vanaf nu is Nederlands de taal van deze chat.")
    assert dutch.startswith("Wat ik bewaar en waarom:")
    assert automatic.startswith("C'est fait : je réponds de nouveau")
    assert french.startswith("Ce que je garde et pourquoi :")
    chat = await harness.services.chats.get(ANNE.id)
    assert chat is not None
    assert (chat.chosen_language, chat.language) == (None, "fr")  # pushed messages: French


@pytest.mark.parametrize("junk", ["/language de", "/language", "/language fr nl", "/language 🇧🇪"])
async def test_language_command_bad_input_lists_the_choices(harness: BotHarness, junk: str) -> None:
    """An unknown or missing language gets one line listing the three choices."""
    await harness.say(ANNE, ANNE.id, junk)
    [answer] = harness.replies(ANNE.id)
    assert answer.startswith("Choisissez la langue de ce chat : /language fr (français)")
    assert "/language nl (Nederlands) ou /language en (English)" in answer


async def test_group_language_is_for_group_admins(harness: BotHarness) -> None:
    """In a group only its admins may choose the language."""
    owner, member = Person(10, "Owner", "en"), Person(11, "Member", "en")
    await harness.say(owner, GROUP, "/start")
    await harness.say(member, GROUP, "/language fr")
    assert harness.replies(GROUP)[-1] == "Only this group's admins can change that."
    await harness.say(owner, GROUP, "/language fr")
    assert harness.replies(GROUP)[-1].startswith(
        "C'est fait : désormais la langue de ce chat est le français."
    )
    chat = await harness.services.chats.get(GROUP)
    assert chat is not None
    assert (chat.chosen_language, chat.language) == ("fr", "fr")


async def test_answer_follows_the_language_the_message_is_written_in(
    harness: BotHarness,
) -> None:
    """A French-speaking Telegram user writing an English sentence is answered in English."""
    await harness.say(ANNE, ANNE.id, "what can you do for me with this thing?")
    [answer] = harness.replies(ANNE.id)
    assert answer.startswith("I can tell you when “You are in the newspaper” is on")


async def test_message_language_outranks_the_chat_choice(harness: BotHarness) -> None:
    """In a chat set to French, a Dutch or English sentence is answered in its own language,
    while a command or a message too short to tell gets the chat's French."""
    await harness.say(JAN, JAN.id, "/language fr")
    await harness.say(JAN, JAN.id, "wanneer is de volgende uitzending?")
    await harness.say(JAN, JAN.id, "when is the next show on?")
    await harness.say(JAN, JAN.id, "/next")
    await harness.say(JAN, JAN.id, "ok")
    _, dutch, english, command, short = harness.replies(JAN.id)
    assert dutch.startswith("Volgende “You are in the newspaper”")
    assert english.startswith("Next “You are in the newspaper”")
    assert command.startswith("Prochaine émission « You are in the newspaper »")
    assert short.startswith("Désolé, je n'ai pas compris")


async def test_mixed_or_borrowed_words_fall_back_to_the_telegram_language(
    harness: BotHarness,
) -> None:
    """A message mixing Dutch and English, or made of borrowed words only, is answered in the
    user's Telegram language."""
    await harness.say(JAN, JAN.id, "wanneer is the next show?")
    await harness.say(ANNE, ANNE.id, "merci, top!")
    [mixed] = harness.replies(JAN.id)
    [borrowed] = harness.replies(ANNE.id)
    assert mixed.startswith("Volgende “")
    assert borrowed.startswith("Avec plaisir")


async def test_group_articles_follow_most_recent_speakers(harness: BotHarness) -> None:
    """A group where most members write Dutch gets its articles' buttons in Dutch."""
    owner = Person(20, "Owner", "fr")
    await harness.say(owner, GROUP, "/subscribe")
    for index in range(3):
        member = Person(30 + index, f"Lid {index}", "nl")
        await harness.say(member, GROUP, f"@{harness.app.bot.username} wanneer is het programma?")
    await harness.say(ADMIN, ADMIN.id, "/publish Titel | Tekst | https://example.org/nl")
    await harness.services.drain(2)
    [article] = [m for m in harness.api.sent(GROUP) if "Titel" in m.text]
    assert article.buttons()[0]["text"] == "Lees meer"


async def test_group_without_known_language_gets_french(harness: BotHarness) -> None:
    """A group whose members write no language the bot speaks gets the French default."""
    await harness.say(Person(40, "Hans", "de"), GROUP, "/subscribe")
    await harness.say(ADMIN, ADMIN.id, "/publish Titel | Text | https://example.org/de")
    await harness.services.drain(2)
    [article] = [m for m in harness.api.sent(GROUP) if "Titel" in m.text]
    assert article.buttons()[0]["text"] == "Lire la suite"


async def test_forgetme_forgets_the_language_a_member_writes_in(harness: BotHarness) -> None:
    """/forgetme deletes the language the bot noted for the user in groups."""
    await harness.say(JAN, GROUP, "/subscribe")
    await harness.say(JAN, GROUP, f"@{harness.app.bot.username} is het programma vanavond?")
    db = harness.services.core.db
    count = "SELECT count(*) FROM chat_speakers WHERE user_id = ?"
    assert (await db.fetchone(count, (JAN.id,)))[0] == 1  # type: ignore[index]
    await harness.say(JAN, JAN.id, "/forgetme")
    assert (await db.fetchone(count, (JAN.id,)))[0] == 0  # type: ignore[index]


def test_language_rule_pieces() -> None:
    """Words only one language knows tell the three apart (a mixed message, a loanword or a
    command tells none); the majority and the defaults apply."""
    assert message_language("is the show on tonight?") == "en"
    assert message_language("est-ce que l'émission passe ce soir ?") == "fr"
    assert message_language("is het programma vanavond op de radio?") == "nl"
    assert message_language("/remind 10") is None
    assert message_language("ok") is None
    assert message_language("is de show vanavond live?") == "nl"  # 'show', 'live': borrowed
    assert message_language("merci, top!") is None
    assert message_language("wanneer is the next show?") is None  # mixed: the chat's language
    assert majority_language(["nl", "fr", "nl", "de"]) == "nl"
    assert majority_language(["fr", "nl"]) == "fr"  # a tie: the most recent speaker
    assert push_language(chosen=None, is_group=True, speakers=["de"]) == "fr"
    assert push_language(chosen="en", is_group=True, speakers=["nl"]) == "en"
    assert push_language(chosen=None, is_group=False, own="nl-BE") == "nl"


async def test_private_pushes_follow_the_telegram_language_as_last_seen(
    harness: BotHarness,
) -> None:
    """A private chat's pushed messages follow its user's Telegram language as last seen, also
    after it changes, and not the language of the messages the user writes."""
    await harness.say(ANNE, ANNE.id, "/subscribe")
    await harness.say(Person(ANNE.id, ANNE.first_name, "nl"), ANNE.id, "what is on tonight?")
    french_editor = Person(ADMIN.id, ADMIN.first_name, "fr")
    await harness.say(ADMIN, ADMIN.id, "/subscribe")
    await harness.say(french_editor, ADMIN.id, "/publish Titel | Tekst | https://example.org/t")
    await harness.services.drain(2)
    articles = {
        chat_id: [m for m in harness.api.sent(chat_id) if "Titel" in m.text and m.buttons()]
        for chat_id in (ANNE.id, ADMIN.id)
    }
    assert articles[ANNE.id][0].buttons()[0]["text"] == "Lees meer"
    assert articles[ADMIN.id][0].buttons()[0]["text"] == "Lire la suite"
