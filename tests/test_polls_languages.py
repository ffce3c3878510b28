"""Polls in the chat's language: each copy of a poll message, and the admins' answers, in
French, Dutch or English, all counting in one tally."""

from __future__ import annotations

from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.delivery.service import DeliveryService
from bot.polls.service import PollService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.stand_in import StoredMessage
from bot.runtime.console.updates import Person, chosen_inline_result_update, inline_query_update
from tests.conftest import ADMIN
from tests.polls_helpers import advance, manual_timer, open_seed

ANNE = Person(11, "Anne", "fr")
JAN = Person(12, "Jan", "nl")
BEN = Person(13, "Ben", "en")
ADMIN_FR = Person(ADMIN.id, "Editor", "fr")
ADMIN_NL = Person(ADMIN.id, "Editor", "nl")


async def show_via_menu(harness: BotHarness, person: Person) -> StoredMessage:
    """`person` starts the bot in their private chat and taps the menu's poll button."""
    await harness.say(person, person.id, "/start")
    hint = harness.api.sent(person.id)[-1]
    await harness.press(person, hint, "menu:poll")
    shown = harness.latest_with_buttons(person.id)
    assert shown is not None
    return shown


def now_showing(harness: BotHarness, message: StoredMessage) -> StoredMessage:
    """The message as Telegram holds it now (after the bot's edits)."""
    return harness.api.messages[(message.chat_id, message.message_id)]


async def test_french_and_dutch_chats_see_their_language_in_one_tally(
    harness: BotHarness,
) -> None:
    """A French and a Dutch chat see the poll's chrome in their language; votes from both
    (and the English admin chat) count in one tally shown everywhere."""
    timer = manual_timer(harness)
    admin_copy = await open_seed(harness)
    anne_copy = await show_via_menu(harness, ANNE)
    jan_copy = await show_via_menu(harness, JAN)
    assert "👥 0 votant · clôture lun. 30 nov., 19:00" in anne_copy.text
    assert "👥 0 stemmers · sluit ma 30 nov, 19:00" in jan_copy.text
    assert [b["text"] for b in anne_copy.buttons()] == [
        "Yes", "No", "I don't know yet", "↗ Partager ce sondage"
    ]  # fmt: skip
    assert jan_copy.buttons()[-1]["text"] == "↗ Deel deze peiling"
    await harness.press(ANNE, anne_copy, "pv:1:0")
    await harness.press(JAN, jan_copy, "pv:1:1")
    await harness.press(BEN, admin_copy, "pv:1:1")
    await advance(harness, timer, 4)
    anne_now, jan_now = now_showing(harness, anne_copy), now_showing(harness, jan_copy)
    admin_now = now_showing(harness, admin_copy)
    assert "👥 3 votants · clôture lun. 30 nov., 19:00" in anne_now.text
    assert "👥 3 stemmers · sluit ma 30 nov, 19:00" in jan_now.text
    assert "👥 3 voters · closes Mon 30 Nov, 19:00" in admin_now.text
    for shown in (anne_now, jan_now, admin_now):
        assert "Would the Belgians" in shown.text  # the editor's words, untranslated
    # Percentages as each language writes them: French puts a (no-break) space before '%'.
    assert "No</b>\n███████░░░ 67\N{NO-BREAK SPACE}% (2)" in anne_now.text
    assert "No</b>\n███████░░░ 67% (2)" in jan_now.text
    assert "No</b>\n███████░░░ 67% (2)" in admin_now.text
    assert (await harness.services.get(PollService).tally(1)).counts == (1, 2, 0)


async def test_closed_poll_says_final_in_each_chats_language(harness: BotHarness) -> None:
    """Closing the poll turns each copy into the final result, worded in its chat's language."""
    timer = manual_timer(harness)
    admin_copy = await open_seed(harness)
    anne_copy = await show_via_menu(harness, ANNE)
    jan_copy = await show_via_menu(harness, JAN)
    await harness.press(JAN, jan_copy, "pv:1:2")
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    await advance(harness, timer, 4)
    anne_now, jan_now = now_showing(harness, anne_copy), now_showing(harness, jan_copy)
    assert "🔒 Clôturé — résultat final · 👥 1 votant" in anne_now.text
    assert "🔒 Afgesloten — eindresultaat · 👥 1 stemmer" in jan_now.text
    assert "🔒 Closed — final result · 👥 1 voter" in now_showing(harness, admin_copy).text
    assert anne_now.buttons() == []
    assert jan_now.buttons() == []
    await harness.press(ANNE, anne_copy, "pv:1:0")
    assert harness.api.calls_to("answerCallbackQuery")[-1].params["text"] == (
        "Ce sondage est clôturé"
    )


async def test_admin_confirmations_and_errors_in_the_admins_language(
    harness: BotHarness,
) -> None:
    """/openpoll, /polls, /closepoll, /sendpoll and rule errors answer in the admin's language,
    and a poll opened in a group shows there in that language."""
    manual_timer(harness)
    group = -70
    await harness.say(ADMIN_FR, group, "/openpoll 1")
    assert harness.replies(group)[-2] == "Le sondage n°1 est ouvert jusqu'au lun. 30 nov., 19:00."
    shown = harness.latest_with_buttons(group)
    assert shown is not None
    assert "👥 0 votant · clôture lun. 30 nov., 19:00" in shown.text
    await harness.say(ADMIN_NL, ADMIN.id, "/openpoll 1")
    assert harness.replies(ADMIN.id)[-1] == "Peiling nr. 1 is al open."
    await harness.say(ADMIN_NL, ADMIN.id, "/polls")
    assert "nr. 1 [open] Would the Belgians" in harness.replies(ADMIN.id)[-1]
    assert harness.replies(ADMIN.id)[-1].endswith("— 👥 0 stemmers")
    await harness.say(ADMIN_FR, ADMIN.id, "/sendpoll")
    assert "Indiquez le numéro du sondage" in harness.replies(ADMIN.id)[-1]
    await harness.say(ADMIN_FR, ADMIN.id, "/closepoll 1")
    assert harness.replies(ADMIN.id)[-1].startswith("Le sondage n°1 est clôturé.")
    await harness.say(ADMIN_NL, ADMIN.id, "/sendpoll 1")
    assert harness.replies(ADMIN.id)[-1] == (
        "Peiling nr. 1 is niet open; open ze eerst met /openpoll 1."
    )
    await harness.say(ADMIN_NL, ADMIN.id, "/newpoll Thee of koffie? | Thee")
    assert harness.replies(ADMIN.id)[-1] == (
        "Een peiling heeft minstens 2 opties nodig (je gaf er 1)."
    )
    await harness.say(ADMIN_FR, ADMIN.id, "/newpoll Thé ou café ? | Thé | Café")
    assert harness.replies(ADMIN.id)[-2].startswith(
        "Le sondage n°2 est ouvert jusqu'au lun. 30 nov., 19:00."
    )
    assert "👥 0 votant" in harness.api.sent(ADMIN.id)[-1].text


async def test_sendpoll_queues_a_variant_per_language(harness: BotHarness) -> None:
    """/sendpoll reaches each subscribed chat through the outbox in its language, and those
    copies stay in that language when votes refresh them."""
    timer = manual_timer(harness)
    for person in (ANNE, JAN, BEN):
        await harness.say(person, person.id, "/subscribe")
    await open_seed(harness)
    await harness.say(ADMIN, ADMIN.id, "/sendpoll 1")
    assert harness.replies(ADMIN.id)[-1] == "Poll #1 is queued for 3 subscribed chats."
    await harness.services.get(DeliveryService).drain(5)
    rows = await harness.services.core.db.fetchall(
        "SELECT chat_id, variant FROM outbox WHERE kind = 'poll' ORDER BY chat_id"
    )
    assert [(row[0], row[1]) for row in rows] == [(ANNE.id, "fr"), (JAN.id, "nl"), (BEN.id, "en")]
    copies = {}
    for person in (ANNE, JAN, BEN):
        copy = harness.latest_with_buttons(person.id)
        assert copy is not None
        copies[person.id] = copy
    assert copies[JAN.id].buttons()[-1]["text"] == "↗ Deel deze peiling"
    await harness.press(ANNE, copies[ANNE.id], "pv:1:1")
    await advance(harness, timer, 4)
    assert "👥 1 votant · clôture" in now_showing(harness, copies[ANNE.id]).text
    assert "👥 1 stemmer · sluit" in now_showing(harness, copies[JAN.id]).text
    assert "👥 1 voter · closes" in now_showing(harness, copies[BEN.id]).text


async def test_a_refresh_round_renders_each_language_once(harness: BotHarness) -> None:
    """With many copies in French, Dutch and English chats, a vote renders the poll once per
    language, however many copies are edited."""
    timer = manual_timer(harness)
    admin_copy = await open_seed(harness)
    polls = harness.services.get(PollService)
    shown: dict[str, tuple[int, int]] = {}
    for index in range(12):
        chat_id, language = -(6000 + index), ("fr", "nl", "en")[index % 3]
        harness.api.set_chat(chat_id, "group")
        await harness.services.chats.seen(chat_id, "group", f"Group {index}", language)
        message_id = await polls.show(1, chat_id, language)
        assert message_id is not None
        shown[language] = (chat_id, message_id)
    await advance(harness, timer, 4)
    display = polls._display
    renders, edits = display.renders, polls.refresher.edits
    await harness.press(ANNE, admin_copy, "pv:1:0")
    await advance(harness, timer, 4)
    assert polls.refresher.edits - edits == 13
    assert display.renders - renders == 3
    assert "👥 1 votant" in harness.api.messages[shown["fr"]].text
    assert "👥 1 stemmer" in harness.api.messages[shown["nl"]].text


async def test_copies_keep_their_language_after_a_restart(
    harness: BotHarness, settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """Copies a closed poll had not reached before a stop get the final result, after the
    restart, in their chat's language."""
    timer = manual_timer(harness)
    await open_seed(harness)
    anne_copy = await show_via_menu(harness, ANNE)
    jan_copy = await show_via_menu(harness, JAN)
    await harness.press(ANNE, anne_copy, "pv:1:0")
    await advance(harness, timer, 4)
    await harness.services.get(PollService).stop()  # the bot stops before closing edits go out
    await harness.say(ADMIN, ADMIN.id, "/closepoll 1")
    restarted = BotHarness(settings, config, clock)
    restarted.api.messages.update(harness.api.messages)  # the same Telegram messages
    async with restarted:
        assert await restarted.services.get(PollService).refresher.idle(10)
    assert "🔒 Clôturé — résultat final · 👥 1 votant" in now_showing(restarted, anne_copy).text
    assert "🔒 Afgesloten — eindresultaat · 👥 1 stemmer" in now_showing(restarted, jan_copy).text


async def test_inline_copies_are_in_the_sharers_language(harness: BotHarness) -> None:
    """Inline mode offers the poll in the asker's language: description, status line and
    buttons (the share button types "sondage 1"); its vote buttons carry that language."""
    manual_timer(harness)
    await open_seed(harness)
    await harness.push(inline_query_update(ANNE, "sondage 1"))
    [answer] = harness.api.calls_to("answerInlineQuery")
    [result] = answer.params["results"]
    assert result["id"] == "poll:1:fr"
    assert result["description"] == "3 options · touchez pour publier ce sondage ici"
    assert "👥 0 votant · clôture lun. 30 nov., 19:00" in str(result["input_message_content"])
    buttons = [button for row in result["reply_markup"]["inline_keyboard"] for button in row]
    assert [button.get("callback_data") for button in buttons[:3]] == [
        "pv:1:0:fr",
        "pv:1:1:fr",
        "pv:1:2:fr",
    ]
    assert buttons[3]["text"] == "↗ Partager ce sondage"
    assert buttons[3]["switch_inline_query"] == "sondage 1"
    for query in ("peiling 1", "POLL 1"):
        await harness.push(inline_query_update(JAN, query))
        assert harness.api.calls_to("answerInlineQuery")[-1].params["results"]


def inline_press(person: Person, inline_id: str, data: str) -> dict[str, object]:
    """A press on a button of a message posted through inline mode."""
    return {
        "update_id": 10**9 + len(inline_id) + len(data) + person.id,
        "callback_query": {"id": f"{inline_id}-{data}-{person.id}", "from": person.json(),
                           "chat_instance": "x", "inline_message_id": inline_id, "data": data},
    }  # fmt: skip


async def test_inline_copies_keep_their_language_when_refreshed_and_after_a_restart(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """A Dutch copy posted through inline mode is refreshed in Dutch, whoever votes on it and
    whether or not Telegram reported it; its votes count as Dutch in the export, and it is
    still Dutch after a restart."""
    async with BotHarness(settings, config, clock) as harness:
        timer = manual_timer(harness)
        await open_seed(harness)
        await harness.push(chosen_inline_result_update(JAN, "poll:1:nl", "poll 1", "AAQ-nl"))
        await harness.push(inline_press(BEN, "AAQ-nl", "pv:1:0:nl"))  # reported, English voter
        await harness.push(inline_press(ANNE, "AAQ-unreported", "pv:1:1:nl"))  # never reported
        polls = harness.services.get(PollService)
        await advance(harness, timer, 8)
        edited = {
            call.params["inline_message_id"]: call.params["text"]
            for call in harness.api.calls_to("editMessageText")
            if "inline_message_id" in call.params
        }
        assert set(edited) == {"AAQ-nl", "AAQ-unreported"}
        for shown in edited.values():
            assert "👥 2 stemmers · sluit ma 30 nov, 19:00" in shown
        _, data, _ = await polls.export(1, "en")
        assert "Dutch,2,1,1,0" in data.decode("utf-8-sig")
        await polls.stop()
    async with BotHarness(settings, config, clock) as restarted:
        timer = manual_timer(restarted)
        await restarted.push(inline_press(BEN, "AAQ-nl", "pv:1:2"))  # an old, untagged button
        await advance(restarted, timer, 4)
        last = [
            call.params["text"]
            for call in restarted.api.calls_to("editMessageText")
            if call.params.get("inline_message_id") == "AAQ-nl"
        ][-1]
        assert "👥 2 stemmers · sluit ma 30 nov, 19:00" in last


async def test_vote_button_under_an_article_in_each_chats_language(harness: BotHarness) -> None:
    """The 'Vote' button of a poll linked to an article reaches each subscribed chat in its
    language, and pressing it shows the poll there in that language."""
    for person in (ANNE, JAN):
        await harness.say(person, person.id, "/subscribe")
    [row] = await harness.services.core.db.fetchall("SELECT coalesce(max(id), 0) + 1 FROM articles")
    next_article = int(row[0])
    await harness.say(
        ADMIN, ADMIN.id, f"/newpoll Soldiers in Ukraine? | Yes | No | article: {next_article}"
    )
    await harness.say(
        ADMIN, ADMIN.id, "/publish Troops: the debate | Parliament again. | https://example.org/t"
    )
    await harness.services.get(DeliveryService).drain(5)
    anne_article = harness.latest_with_buttons(ANNE.id)
    jan_article = harness.latest_with_buttons(JAN.id)
    assert anne_article is not None
    assert jan_article is not None
    assert "🗳 Voter" in [b["text"] for b in anne_article.buttons()]
    assert "🗳 Stem" in [b["text"] for b in jan_article.buttons()]
    await harness.press(JAN, jan_article, "ps:2")
    shown = harness.latest_with_buttons(JAN.id)
    assert shown is not None
    assert "Soldiers in Ukraine?" in shown.text
    assert "👥 0 stemmers · sluit ma 30 nov, 19:00" in shown.text
