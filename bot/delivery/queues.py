"""The worker's claimed rows in two queues: paid broadcasts (offered first) and free rows."""

from __future__ import annotations

from bot.delivery.queue import ChatQueue
from storage.outbox_models import OutboxRow


class RowQueues:
    """A `ChatQueue` for rows sent with `allow_paid_broadcast`, one for the rest."""

    def __init__(self) -> None:
        self.paid = ChatQueue()
        self.free = ChatQueue()

    def __len__(self) -> int:
        return len(self.paid) + len(self.free)

    def of(self, paid: bool) -> ChatQueue:
        """The queue of paid rows, or of free rows."""
        return self.paid if paid else self.free

    def in_order(self) -> tuple[tuple[ChatQueue, bool], ...]:
        """Both queues with whether their rows go paid, paid first."""
        return ((self.paid, True), (self.free, False))

    def next_ready_at(self) -> float | None:
        """When the earliest chat of either queue becomes ready."""
        times = [t for q in (self.paid, self.free) if (t := q.next_ready_at()) is not None]
        return min(times, default=None)

    def done(self, chat_id: int, ready_at: float) -> None:
        """The send to this chat finished (in whichever queue it was)."""
        self.paid.done(chat_id, ready_at)
        self.free.done(chat_id, ready_at)

    def remove_chat(self, chat_id: int) -> list[OutboxRow]:
        """Take every queued row of a chat out of both queues."""
        return [*self.paid.remove_chat(chat_id), *self.free.remove_chat(chat_id)]

    def move_chat(self, old_id: int, new_id: int, ready_at: float) -> None:
        """The chat got a new id (supergroup migration): its rows follow."""
        self.paid.move_chat(old_id, new_id, ready_at)
        self.free.move_chat(old_id, new_id, ready_at)

    def row_ids(self) -> list[int]:
        """Ids of every queued row."""
        return [*self.paid.row_ids(), *self.free.row_ids()]

    def clear(self) -> list[int]:
        """Empty both queues; return the ids they held."""
        return [*self.paid.clear(), *self.free.clear()]

    def describe(self, chat_id: int) -> str:
        """The chat's place in the queues, for a diagnostic log line."""
        return f"paid: {self.paid.describe(chat_id)}; free: {self.free.describe(chat_id)}"
