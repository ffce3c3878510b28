"""/results with several open polls: a button per poll; a draft is "not open yet"."""

from __future__ import annotations

from bot.articles.telegram_html import utf16_len
from bot.runtime.console.harness import BotHarness
from tests.conftest import ADMIN, LISTENER
from tests.polls_helpers import manual_timer


async def test_results_with_several_open_polls_offers_a_button_each(
    harness: BotHarness,
) -> None:
    """With two open polls, /results lists both; the one the listener voted in shows results."""
    manual_timer(harness)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Tea or coffee? | Tea | Coffee")
    first = harness.latest_with_buttons(ADMIN.id)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Rain tomorrow? | Yes | No")
    assert first is not None
    await harness.press(LISTENER, first, "pv:2:0")
    await harness.say(LISTENER, LISTENER.id, "/results")
    choice = harness.api.sent(LISTENER.id)[-1]
    assert choice.text == "Several polls are open. Which results?"
    labels = [button["text"] for button in choice.buttons()]
    assert labels == ["#3 Rain tomorrow?", "#2 Tea or coffee?"]
    await harness.press(LISTENER, choice, choice.buttons()[1]["callback_data"])
    answers = harness.replies(LISTENER.id)
    assert answers[-2].startswith("Poll #2, results so far:")
    assert "Vote first" not in answers[-2]


async def test_results_with_one_open_poll_shows_it(harness: BotHarness) -> None:
    """With one open poll, /results without a number is that poll's."""
    manual_timer(harness)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Tea or coffee? | Tea | Coffee")
    await harness.say(ADMIN, ADMIN.id, "/results")
    assert harness.replies(ADMIN.id)[-2].startswith("Poll #2, results so far:")


async def test_results_of_a_draft_for_a_listener(harness: BotHarness) -> None:
    """/results N on a draft tells a listener it is not open yet."""
    await harness.say(LISTENER, LISTENER.id, "/results 1")
    assert harness.replies(LISTENER.id) == ["Poll #1 is not open yet."]


QUESTION = (
    "🇧🇪🇧🇪🇧🇪 Faut-il que la Belgique envoie des soldats en Ukraine pour garantir la paix"
    " après un cessez-le-feu ?"
)
OPTION = "Oui 👍👍👍👍, mais seulement sous mandat des Nations unies et avec l'accord du Parlement"


def assert_cut_at_word(shown: str, original: str, units: int) -> None:
    """`shown` is `original` cut within `units` UTF-16 units, at a word, with "…"."""
    assert utf16_len(shown) <= units
    assert shown.endswith("…")
    kept = shown.removesuffix("…")
    assert original.startswith(kept)
    assert original[len(kept)] == " "


async def test_long_poll_texts_are_cut_at_a_word_in_telegram_units(harness: BotHarness) -> None:
    """A long question or option is cut at a word within Telegram's UTF-16 units, with "…",
    on vote buttons, on /results' choice buttons and in /polls."""
    manual_timer(harness)
    await harness.say(ADMIN, ADMIN.id, f"/newpoll {QUESTION} | {OPTION} | Non")
    poll = harness.latest_with_buttons(ADMIN.id)
    assert poll is not None
    assert_cut_at_word(poll.buttons()[0]["text"], OPTION, 60)
    await harness.say(ADMIN, ADMIN.id, "/newpoll Rain tomorrow? | Yes | No")
    await harness.say(LISTENER, LISTENER.id, "/results")
    choice = harness.api.sent(LISTENER.id)[-1]
    assert_cut_at_word(choice.buttons()[1]["text"], f"#2 {QUESTION}", 60)
    await harness.say(ADMIN, ADMIN.id, "/polls")
    [line] = [line for line in harness.replies(ADMIN.id)[-1].splitlines() if "#2" in line]
    start = line.index("🇧🇪")
    shown = line[start : line.index("…", start) + 1]
    assert_cut_at_word(shown, QUESTION, 80)
