"""A row left marked in flight (its sender lost track of it) is taken back when its lease ends."""

from __future__ import annotations

from bot.console.harness import BotHarness
from storage.outbox import OutboxRepository
from tests.conftest import LISTENER


async def test_row_stuck_in_flight_is_reclaimed_after_its_lease(harness: BotHarness) -> None:
    """A row marked 'sending' whose lease ran out is claimed again and delivered once."""
    await harness.say(LISTENER, LISTENER.id, "/start")
    core = harness.services.core
    outbox = OutboxRepository(core.db)
    await outbox.enqueue(
        "article", "lost", '{"text": "Lost and found"}', [LISTENER.id], core.clock.now()
    )
    await core.db.execute("UPDATE outbox SET status = 'sending', next_attempt_at = 1")
    harness.services.delivery._worker.poke()
    await harness.services.delivery.drain(5)
    assert [m.text for m in harness.api.sent(LISTENER.id)].count("Lost and found") == 1
    [row] = await core.db.fetchall("SELECT status FROM outbox WHERE ref = 'lost'")
    assert row["status"] == "sent"
