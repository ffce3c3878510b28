"""Articles through the real Application: reading, subscribing, publishing, admin commands."""

from __future__ import annotations

from bot.articles.service import ArticleService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from tests.conftest import ADMIN, LISTENER

GROUP = -100
SEED_TITLE = "Zelensky calls for troop deployment in Ukraine… Belgium remains cautious"


async def test_latest_shows_the_seed_article_on_a_fresh_install(harness: BotHarness) -> None:
    """The bundled sample feed is read at start, so /latest shows the seed article."""
    await harness.say(LISTENER, LISTENER.id, "/latest")
    [answer] = harness.replies(LISTENER.id)
    assert SEED_TITLE in answer
    assert "#war_in_ukraine" in answer
    assert "Between France and Algeria" in answer


async def test_first_read_of_a_feed_does_not_fan_out(harness: BotHarness) -> None:
    """The backlog of a feed read for the first time is stored, not sent to subscribers."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    await harness.services.drain(1)
    assert len(harness.api.sent(LISTENER.id)) == 1  # only the confirmation


async def test_subscribe_then_publish_delivers_once_to_each_subscribed_chat(
    harness: BotHarness,
) -> None:
    """/subscribe in two chats, then /publish: each chat gets the article once, with buttons."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    await harness.say(ADMIN, GROUP, "/subscribe belgian army")
    await harness.say(Person(9, "Other"), 9, "/subscribe france")
    await harness.say(
        ADMIN, ADMIN.id, "/publish Soldiers & peace | What <b>do</b> you think? | "
        "https://example.org/a | Belgian Army, war in ukraine",
    )  # fmt: skip
    await harness.services.drain(2)
    assert "queued for 2" in harness.replies(ADMIN.id)[-1]
    for chat in (LISTENER.id, GROUP):
        delivered = [m for m in harness.api.sent(chat) if "Soldiers" in m.text]
        assert len(delivered) == 1
        assert "Soldiers &amp; peace" in delivered[0].text
        assert "&lt;b&gt;do&lt;/b&gt;" in delivered[0].text
        assert delivered[0].buttons()[0]["url"] == "https://example.org/a"
    assert not [m for m in harness.api.sent(9) if "Soldiers" in m.text]


async def test_publishing_the_same_article_twice_sends_nothing_more(harness: BotHarness) -> None:
    """A repeated /publish of the same link is recognised and not delivered again."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    for _ in range(2):
        await harness.say(ADMIN, ADMIN.id, "/publish Title | text | https://example.org/same")
    await harness.services.drain(2)
    assert "Already published as #" in harness.replies(ADMIN.id)[-1]
    assert len([m for m in harness.api.sent(LISTENER.id) if "Title" in m.text]) == 1


async def test_republishing_keeps_the_original_until_update_is_pressed(
    harness: BotHarness,
) -> None:
    """Republishing a link keeps the stored article, says "already published as #N", and
    "Update it" edits the stored article; subscribers are never sent it twice."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    await harness.say(ADMIN, ADMIN.id, "/publish Original | First text | https://example.org/x")
    [original] = await harness.services.get(ArticleService).latest(1)
    await harness.say(ADMIN, ADMIN.id, "/publish Corrected | New text | https://example.org/x")
    answer = harness.api.sent(ADMIN.id)[-1]
    assert answer.text.startswith(f"Already published as #{original.id} (“Original”)")
    assert [b["text"] for b in answer.buttons()] == ["Update it"]
    kept = await harness.services.get(ArticleService).article(original.id)
    assert kept is not None
    assert (kept.title, kept.summary) == ("Original", "First text")
    data = answer.buttons()[0]["callback_data"]
    await harness.press(ADMIN, answer, data)
    assert answer.buttons() == []
    assert harness.replies(ADMIN.id)[-1] == (
        f"Article #{original.id} updated. Subscribers were not sent it again."
    )
    updated = await harness.services.get(ArticleService).article(original.id)
    assert updated is not None
    assert (updated.title, updated.summary) == ("Corrected", "New text")
    assert [a.title for a in await harness.services.get(ArticleService).search("corrected")] == [
        "Corrected"
    ]
    await harness.press(ADMIN, answer, data)  # pressed again: the button is stale
    await harness.services.drain(2)
    pushed = [m for m in harness.api.sent(LISTENER.id) if "example.org/x" in m.text]
    assert len(pushed) == 1
    assert "Original" in pushed[0].text


async def test_keyword_subscription_filters_articles(harness: BotHarness) -> None:
    """A subscription with a keyword only gets articles whose text contains it."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe all + nato")
    await harness.say(ADMIN, ADMIN.id, "/publish Summit | NATO ministers meet | | defence")
    await harness.say(ADMIN, ADMIN.id, "/publish Weather | Rain tomorrow")
    await harness.services.drain(2)
    texts = harness.replies(LISTENER.id)
    assert any("Summit" in t for t in texts)
    assert not any("Weather" in t for t in texts)


async def test_publish_is_for_admins_only(harness: BotHarness) -> None:
    """A listener's /publish is refused and stores nothing."""
    await harness.say(LISTENER, LISTENER.id, "/publish Hi | there")
    assert "admins only" in harness.replies(LISTENER.id)[-1]
    assert await harness.services.get(ArticleService).search("there") == []


async def test_publish_dialogue_asks_step_by_step(harness: BotHarness) -> None:
    """/publish without arguments asks title, text, link, tags, then publishes on confirm."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    for line in ("/publish", "Guided title", "Guided text", "not a link", "/skip", "one, two"):
        await harness.say(ADMIN, ADMIN.id, line)
    assert "not an http(s) URL" in harness.replies(ADMIN.id)[3]
    confirm = harness.latest_with_buttons(ADMIN.id)
    assert confirm is not None
    await harness.press(ADMIN, confirm, "publish:yes")
    await harness.services.drain(2)
    assert "Guided title" in harness.replies(ADMIN.id)[-1]
    [delivered] = [m for m in harness.api.sent(LISTENER.id) if "Guided title" in m.text]
    assert "#one #two" in delivered.text


async def test_publish_dialogue_cancel_publishes_nothing(harness: BotHarness) -> None:
    """/cancel leaves the dialogue and nothing is stored."""
    await harness.say(ADMIN, ADMIN.id, "/publish")
    await harness.say(ADMIN, ADMIN.id, "Never published")
    await harness.say(ADMIN, ADMIN.id, "/cancel")
    assert "Cancelled" in harness.replies(ADMIN.id)[-1]
    assert await harness.services.get(ArticleService).search("never published") == []


async def test_search_finds_and_survives_fts_syntax(harness: BotHarness) -> None:
    """/search finds by title, summary or tag; FTS operators and punctuation never error."""
    await harness.say(LISTENER, LISTENER.id, "/search Ramstein")
    assert SEED_TITLE in harness.replies(LISTENER.id)[-1]
    await harness.say(LISTENER, LISTENER.id, "/search belgian army")
    assert SEED_TITLE in harness.replies(LISTENER.id)[-1]
    for hostile in ('zelensky" OR "x', "NEAR(a b)", "***", '"', "title:ukraine", "a -b ^c", "(("):
        await harness.say(LISTENER, LISTENER.id, f"/search {hostile}")
        answer = harness.replies(LISTENER.id)[-1]
        assert answer.startswith(("Nothing found", "Articles matching")), answer


async def test_topics_button_subscribes_the_chat(harness: BotHarness) -> None:
    """/topics lists tags with counts; pressing one subscribes the chat to it."""
    await harness.say(LISTENER, LISTENER.id, "/topics")
    message = harness.latest_with_buttons(LISTENER.id)
    assert message is not None
    button = next(b for b in message.buttons() if b["text"].startswith("belgian army"))
    assert len(button["callback_data"].encode()) <= 64
    await harness.press(LISTENER, message, button["callback_data"])
    await harness.say(LISTENER, LISTENER.id, "/subscriptions")
    assert "belgian army" in harness.replies(LISTENER.id)[-1]


async def test_group_subscriptions_are_for_group_admins(harness: BotHarness) -> None:
    """In a group, a member who is not an admin cannot subscribe the group."""
    await harness.say(ADMIN, GROUP, "/start")
    await harness.say(Person(5, "Member"), GROUP, "/subscribe")
    assert "Only this group's admins" in harness.replies(GROUP)[-1]
    assert await harness.services.get(ArticleService).subscriber_chat_ids() == []


async def test_unsubscribe_topic_then_everything(harness: BotHarness) -> None:
    """/unsubscribe TOPIC removes that topic; /unsubscribe alone removes everything."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe france")
    await harness.say(LISTENER, LISTENER.id, "/subscribe algeria")
    await harness.say(LISTENER, LISTENER.id, "/unsubscribe France")
    assert "Unsubscribed from “france”" in harness.replies(LISTENER.id)[-1]
    await harness.say(LISTENER, LISTENER.id, "/unsubscribe")
    assert "everything" in harness.replies(LISTENER.id)[-1]
    await harness.say(LISTENER, LISTENER.id, "/subscriptions")
    assert "no subscriptions" in harness.replies(LISTENER.id)[-1]


async def test_stop_ends_subscriptions(harness: BotHarness) -> None:
    """/stop removes the chat's subscriptions."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    await harness.say(LISTENER, LISTENER.id, "/stop")
    assert await harness.services.get(ArticleService).subscriber_chat_ids() == []


async def test_feeds_addfeed_removefeed(harness: BotHarness) -> None:
    """Admins list, add and remove feeds; bad URLs are refused with a clear line."""
    await harness.say(ADMIN, ADMIN.id, "/feeds")
    assert "sample" in harness.replies(ADMIN.id)[-1]
    for bad, reason in [
        ("not a url", "Use /addfeed"),
        ("ftp://example.org/feed", "only http"),
        ("http://127.0.0.1/feed", "private"),
        ("http://localhost:8080/rss", "private"),
        ("http://[::1]/rss", "private"),
        ("http://10.1.2.3/rss", "private"),
        ("example.org/feed", "only http"),
    ]:
        await harness.say(ADMIN, ADMIN.id, f"/addfeed {bad}")
        assert reason in harness.replies(ADMIN.id)[-1], bad
    harness.services.get(ArticleService).poller.fetcher._resolver = _public_resolver
    await harness.say(ADMIN, ADMIN.id, "/addfeed https://example.org/rss 15")
    assert "Feed 2 added" in harness.replies(ADMIN.id)[-1]
    await harness.say(ADMIN, ADMIN.id, "/removefeed 1")
    assert "config file" in harness.replies(ADMIN.id)[-1]
    await harness.say(ADMIN, ADMIN.id, "/removefeed 2")
    assert "removed" in harness.replies(ADMIN.id)[-1]
    await harness.say(ADMIN, ADMIN.id, "/removefeed 2")
    assert "no feed 2" in harness.replies(ADMIN.id)[-1]


async def _public_resolver(host: str) -> list[str]:
    return ["93.184.216.34"]


async def test_stats_for_admins(harness: BotHarness) -> None:
    """/stats shows subscribers, chats, articles and delivery figures; listeners are refused."""
    await harness.say(LISTENER, LISTENER.id, "/subscribe")
    await harness.say(LISTENER, LISTENER.id, "/stats")
    assert "admins only" in harness.replies(LISTENER.id)[-1]
    await harness.say(ADMIN, ADMIN.id, "/stats")
    answer = harness.replies(ADMIN.id)[-1]
    assert "Subscribed chats: 1" in answer
    assert "Articles: 3" in answer


async def test_menu_latest_button_answers_like_latest(harness: BotHarness) -> None:
    """The hint's "menu:latest" button sends what /latest sends."""
    await harness.say(LISTENER, LISTENER.id, "/latest")
    first = harness.api.sent(LISTENER.id)[-1]
    await harness.press(LISTENER, first, "menu:latest")
    assert harness.replies(LISTENER.id)[-1] == first.text


async def test_latest_rejects_bad_counts(harness: BotHarness) -> None:
    """/latest with a non-number or too many names the allowed range."""
    await harness.say(LISTENER, LISTENER.id, "/latest lots")
    assert harness.replies(LISTENER.id)[-1] == "/latest takes a whole number from 1 to 20."
    await harness.say(LISTENER, LISTENER.id, "/latest 2")
    assert harness.replies(LISTENER.id)[-1].count("<b><a") == 2
