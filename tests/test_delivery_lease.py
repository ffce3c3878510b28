"""A row left marked in flight (its sender lost track of it) is taken back when its lease ends."""

from __future__ import annotations

from bot.delivery.service import DeliveryService
from bot.runtime.console.harness import BotHarness
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
    harness.services.get(DeliveryService)._worker.poke()
    await harness.services.get(DeliveryService).drain(5)
    assert [m.text for m in harness.api.sent(LISTENER.id)].count("Lost and found") == 1
    [row] = await core.db.fetchall("SELECT status FROM outbox WHERE ref = 'lost'")
    assert row["status"] == "sent"


async def test_rows_of_a_chat_marked_inactive_are_dropped_not_sent(harness: BotHarness) -> None:
    """A row still pending for a chat already marked inactive (a crash between the two
    writes of a 403) is dropped when claimed, and nothing is sent to that chat."""
    await harness.say(LISTENER, LISTENER.id, "/start")
    core = harness.services.core
    outbox = OutboxRepository(core.db)
    await outbox.enqueue("article", "late", '{"text": "Too late"}', [LISTENER.id], core.clock.now())
    await core.chats.set_active(LISTENER.id, False)
    before = len(harness.api.sent(LISTENER.id))
    harness.services.get(DeliveryService)._worker.poke()
    await harness.services.get(DeliveryService).drain(5)
    assert len(harness.api.sent(LISTENER.id)) == before
    [row] = await core.db.fetchall("SELECT status FROM outbox WHERE ref = 'late'")
    assert row["status"] == "dropped"
