"""A fan-out interrupted by a crash is finished at the next start."""

from __future__ import annotations

from bot.articles.parse import make_draft
from bot.articles.telegram_html import from_plain
from bot.base.clock import FixedClock
from bot.base.settings import Settings
from bot.core.config import AppConfig
from bot.delivery.config import PaidBroadcast
from bot.runtime.console.harness import BotHarness
from storage.articles import ArticleRepository
from tests.conftest import ADMIN, LISTENER
from tests.test_articles_breaking import paid_sends, with_paid


async def test_article_stored_but_not_queued_is_delivered_after_restart(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """An article stored for announcing, then a crash before queueing: the restart delivers it."""
    async with BotHarness(settings, config, clock) as first:
        await first.say(LISTENER, LISTENER.id, "/subscribe")
        draft = make_draft(
            title="Crash between store and queue",
            body=from_plain("It must still reach every subscriber."),
            tags=("belgian army",),
            published_at=clock.now(),
            link="https://example.org/crash",
        )
        assert draft is not None
        # What /publish does before the crash: the article is stored, nothing queued yet.
        await ArticleRepository(first.services.core.db).store(
            [draft], None, clock.now(), announce=True
        )
    async with BotHarness(settings, config, clock) as second:
        await second.services.drain(2)
        delivered = [m for m in second.api.sent(LISTENER.id) if "Crash between" in m.text]
        assert len(delivered) == 1
    async with BotHarness(settings, config, clock) as third:
        await third.services.drain(2)
        assert not [m for m in third.api.sent(LISTENER.id) if "Crash between" in m.text]


async def test_breaking_news_stored_but_not_queued_resumes_paid(
    settings: Settings, config: AppConfig, clock: FixedClock
) -> None:
    """Breaking news stored, then a crash before queueing: the restart sends it paid."""
    paid_config = with_paid(config, PaidBroadcast.BREAKING)
    async with BotHarness(settings, paid_config, clock) as first:
        await first.say(LISTENER, LISTENER.id, "/subscribe")
        draft = make_draft(
            title="Breaking crash",
            body=from_plain("Still a paid broadcast after the restart."),
            tags=(),
            published_at=clock.now(),
            link="https://example.org/breaking-crash",
        )
        assert draft is not None
        # What /publish! does before the crash: the article is stored, nothing queued yet.
        await ArticleRepository(first.services.core.db).store(
            [draft], None, clock.now(), announce=True, breaking_editor=ADMIN.id
        )
    async with BotHarness(settings, paid_config, clock) as second:
        await second.services.drain(2)
        assert [m for m in second.api.sent(LISTENER.id) if "Breaking crash" in m.text]
        assert paid_sends(second, LISTENER.id) == [True]
