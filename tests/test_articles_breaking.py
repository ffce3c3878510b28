"""/publish! through the real Application: estimate, confirmation, paid sends, refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.articles.service import ArticleService
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.core.messages import OutgoingMessage
from bot.delivery.config import PaidBroadcast
from bot.delivery.service import DeliveryService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from storage.outbox_models import PaidBroadcast as PaidFanout
from tests.conftest import ADMIN, LISTENER

OTHER = Person(7, "Joost", "nl")
BREAKING = "/publish! Government falls | The Prime Minister resigned. | https://example.org/gov"


def with_paid(config: AppConfig, setting: PaidBroadcast, stars: float = 10_000) -> AppConfig:
    """The config with paid broadcast set as given."""
    delivery = config.delivery.model_copy(
        update={"paid_broadcast": setting, "paid_max_stars": stars}
    )
    return config.model_copy(update={"delivery": delivery})


@pytest.fixture
async def paid_harness(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> AsyncIterator[BotHarness]:
    """The application with paid broadcast allowed for breaking news."""
    async with BotHarness(settings, with_paid(config, PaidBroadcast.BREAKING), clock) as running:
        yield running


def paid_sends(harness: BotHarness, chat_id: int) -> list[bool]:
    """For each sendMessage to the chat: whether it carried allow_paid_broadcast."""
    return [
        bool(call.params.get("allow_paid_broadcast"))
        for call in harness.api.calls_to("sendMessage")
        if int(call.params["chat_id"]) == chat_id
    ]


async def test_breaking_news_shows_the_estimate_then_goes_paid(paid_harness: BotHarness) -> None:
    """/publish! shows subscribers, Stars and time; on confirm the article goes paid."""
    for person in (LISTENER, OTHER):
        await paid_harness.say(person, person.id, "/subscribe")
    await paid_harness.say(ADMIN, ADMIN.id, BREAKING)
    confirm = paid_harness.latest_with_buttons(ADMIN.id)
    assert confirm is not None
    assert "Up to 2 subscribers" in confirm.text
    assert "Stars" in confirm.text
    assert not [m for m in paid_harness.api.sent(LISTENER.id) if "Government" in m.text]
    await paid_harness.press(ADMIN, confirm, "publish:paid")
    await paid_harness.services.drain(2)
    assert "breaking news: queued for 2" in paid_harness.replies(ADMIN.id)[-1]
    for person in (LISTENER, OTHER):
        assert [m for m in paid_harness.api.sent(person.id) if "Government" in m.text]
        assert paid_sends(paid_harness, person.id)[-1] is True
    assert paid_sends(paid_harness, ADMIN.id) == [False, False]  # replies stay free


async def test_the_dialogue_offers_a_breaking_button(paid_harness: BotHarness) -> None:
    """The /publish dialogue's ⚡ Breaking button leads to the paid estimate."""
    await paid_harness.say(LISTENER, LISTENER.id, "/subscribe")
    for line in ("/publish", "Storm warning", "Red alert tonight", "/skip", "/skip"):
        await paid_harness.say(ADMIN, ADMIN.id, line)
    confirm = paid_harness.latest_with_buttons(ADMIN.id)
    assert confirm is not None
    assert "publish:breaking" in [b["callback_data"] for b in confirm.buttons()]
    await paid_harness.press(ADMIN, confirm, "publish:breaking")
    estimate = paid_harness.latest_with_buttons(ADMIN.id)
    assert estimate is not None
    assert "Storm warning" in estimate.text
    await paid_harness.press(ADMIN, estimate, "publish:paid")
    await paid_harness.services.drain(2)
    assert paid_sends(paid_harness, LISTENER.id)[-1] is True


async def test_breaking_news_from_a_listener_is_refused(paid_harness: BotHarness) -> None:
    """A listener's /publish! is refused and nothing is stored or sent."""
    await paid_harness.say(LISTENER, LISTENER.id, BREAKING)
    assert "admins only" in paid_harness.replies(LISTENER.id)[-1]
    latest = await paid_harness.services.get(ArticleService).latest(20)
    assert not [article for article in latest if article.title == "Government falls"]


async def test_a_second_paid_fan_out_is_queued_and_the_editor_told(
    paid_harness: BotHarness,
) -> None:
    """While a paid fan-out still has messages to send, the next one says it is queued."""
    await paid_harness.say(LISTENER, LISTENER.id, "/subscribe")
    delivery = paid_harness.services.get(DeliveryService)
    await delivery.stop()  # the first paid fan-out stays unsent
    earlier = OutgoingMessage(text="Earlier breaking news")
    await delivery.enqueue(
        "article", "earlier", earlier, [LISTENER.id], paid=PaidFanout(max_messages=5)
    )
    await paid_harness.say(ADMIN, ADMIN.id, BREAKING)
    confirm = paid_harness.latest_with_buttons(ADMIN.id)
    assert confirm is not None
    assert "(1 messages left)" in confirm.text
    await paid_harness.press(ADMIN, confirm, "publish:paid")
    assert "yours is queued" in paid_harness.replies(ADMIN.id)[-1]


async def test_breaking_news_with_paid_broadcast_off_is_refused(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """With paid_broadcast = "off", /publish! says so and publishes nothing."""
    async with BotHarness(settings, with_paid(config, PaidBroadcast.OFF), clock) as harness:
        await harness.say(ADMIN, ADMIN.id, BREAKING)
        assert "/publish instead" in harness.replies(ADMIN.id)[-1]
        assert harness.latest_with_buttons(ADMIN.id) is None


async def test_the_french_estimate_groups_digits_the_french_way(paid_harness: BotHarness) -> None:
    """A French-speaking editor reads the estimate in French, in the singular for one."""
    await paid_harness.say(LISTENER, LISTENER.id, "/subscribe")
    editor = Person(ADMIN.id, ADMIN.first_name, "fr")
    await paid_harness.say(editor, ADMIN.id, BREAKING)
    confirm = paid_harness.latest_with_buttons(ADMIN.id)
    assert confirm is not None
    assert "Jusqu'à 1 abonné," in confirm.text
