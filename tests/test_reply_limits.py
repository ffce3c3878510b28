"""Replies and pushed messages within Telegram's 4,096 units; long input refused up front."""

from __future__ import annotations

import logging

import pytest

from bot.articles.service import ArticleService
from bot.articles.telegram_html import fit_text, utf16_len
from bot.core.messages import OutgoingMessage
from bot.runtime.console.harness import BotHarness
from handlers.telegram_port import send_kwargs
from tests.conftest import ADMIN, LISTENER
from tests.telegram_check import telegram_problem, visible


@pytest.mark.parametrize(
    ("text", "html_mode"),
    [
        ("word " * 2000, False),
        ("📻 " * 3000, False),
        ("<b>Title</b>\n" + "<i>mot &amp; “x”</i>\n" * 800, True),
        ('<a href="https://e.org/a">' + "lien " * 1000 + "</a>" + "&lt;b&gt; " * 600, True),
        ("<b>" + "🇧🇪" * 3000 + "</b>", True),
    ],
)
def test_long_text_is_cut_at_a_word_with_an_ellipsis(text: str, html_mode: bool) -> None:
    """A text over the limit is cut to at most 4,096 visible units, ending in "…", still valid."""
    cut = fit_text(text, html_mode=html_mode)
    assert telegram_problem(cut, html=html_mode) is None
    shown = visible(cut, html=html_mode)
    assert shown.endswith("…")
    assert 4000 < utf16_len(shown) <= 4096
    if " " in shown[:4000]:
        assert shown.removesuffix("…").rstrip() in visible(text, html=html_mode)


def test_short_text_is_left_alone() -> None:
    """A text within the limit is sent as it is."""
    assert fit_text("<b>court</b>", html_mode=True) == "<b>court</b>"


def test_pushed_messages_are_cut_too() -> None:
    """A domain message over the limit is cut in the Bot API call that sends it."""
    message = OutgoingMessage(text="<b>Titre</b> " + "mot " * 2000, html=True)
    sent = str(send_kwargs(message)["text"])
    assert telegram_problem(sent, html=True) is None


async def test_publish_with_a_5000_character_title_is_refused_before_anything(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """/publish with a 5,000-character title says why and publishes nothing; no "went wrong"."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    before = await harness.services.get(ArticleService).latest(20)
    with caplog.at_level(logging.ERROR):
        await harness.say(ADMIN, ADMIN.id, f"/publish {'T' * 5000} | Some text")
    [answer] = harness.replies(ADMIN.id)
    assert answer == (
        "A title has at most 300 characters; this one has 5,000. "
        "Nothing was published: send a shorter one."
    )
    assert await harness.services.get(ArticleService).latest(20) == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_publish_dialogue_asks_again_for_a_too_long_title(harness: BotHarness) -> None:
    """In the /publish dialogue a too long title is refused and asked for again."""
    await harness.say(ADMIN, ADMIN.id, "/publish")
    await harness.say(ADMIN, ADMIN.id, "T " * 2500)
    await harness.say(ADMIN, ADMIN.id, "A fine title")
    answers = harness.replies(ADMIN.id)
    assert "at most 300 characters" in answers[1]
    assert answers[2] == "The text of the article?"


async def test_publish_with_a_long_text_is_published_and_told_so(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """A 290-character title with a 5,000-word text is published; the editor is told, and the
    subscriber's message is within the limit."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    with caplog.at_level(logging.ERROR):
        await harness.say(ADMIN, ADMIN.id, f"/publish {'Titre ' * 48} | {'texte ' * 5000}")
        await harness.services.drain(2)
    assert harness.replies(ADMIN.id)[-1].startswith("Published “Titre")
    [pushed] = [m for m in harness.api.sent(LISTENER.id) if "Titre" in m.text]
    assert telegram_problem(pushed.text, html=pushed.html) is None
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
