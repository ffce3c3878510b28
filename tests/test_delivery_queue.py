"""The worker's in-memory chat queue never loses a chat, whatever the order of operations."""

from __future__ import annotations

import itertools

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.delivery.queue import ChatQueue
from storage.outbox_models import OutboxRow

CHATS = st.sampled_from([1, 2, 3, -100, -200])
TIMES = st.floats(min_value=0, max_value=10, allow_nan=False)


class ChatQueueMachine(RuleBasedStateMachine):
    """Drives ChatQueue as the worker does and checks every queued row stays reachable."""

    def __init__(self) -> None:
        super().__init__()
        self.queue = ChatQueue()
        self.ids = itertools.count(1)
        self.queued: dict[int, list[int]] = {}  # chat -> row ids, in order
        self.in_hand: dict[int, OutboxRow] = {}  # chat -> row popped and not settled

    def _row(self, chat: int) -> OutboxRow:
        return OutboxRow(id=next(self.ids), kind="article", ref="1", chat_id=chat)

    @rule(chat=CHATS, at=TIMES)
    def add(self, chat: int, at: float) -> None:
        row = self._row(chat)
        self.queue.add(row, at)
        self.queued.setdefault(chat, []).append(row.id)

    @rule(at=TIMES)
    def pop(self, at: float) -> None:
        row = self.queue.pop_ready(at)
        if row is not None:
            assert row.chat_id not in self.in_hand, "a busy chat was offered again"
            assert self.queued[row.chat_id][0] == row.id, "rows of a chat leave in order"
            self.queued[row.chat_id].pop(0)
            self.in_hand[row.chat_id] = row

    @precondition(lambda self: self.in_hand)
    @rule(data=st.data(), at=TIMES)
    def postpone(self, data: st.DataObject, at: float) -> None:
        chat = data.draw(st.sampled_from(sorted(self.in_hand)))
        row = self.in_hand.pop(chat)
        self.queue.postpone(row, at)
        self.queued.setdefault(chat, []).insert(0, row.id)

    @precondition(lambda self: self.in_hand)
    @rule(data=st.data(), at=TIMES, retry=st.booleans())
    def done(self, data: st.DataObject, at: float, retry: bool) -> None:
        chat = data.draw(st.sampled_from(sorted(self.in_hand)))
        row = self.in_hand.pop(chat)
        if retry:  # the worker puts a retried row back before it calls done
            self.queue.add_first(row, at)
            self.queued.setdefault(chat, []).insert(0, row.id)
        self.queue.done(chat, at)

    @rule(chat=CHATS)
    def remove(self, chat: int) -> None:
        removed = [row.id for row in self.queue.remove_chat(chat)]
        assert removed == self.queued.pop(chat, [])

    @precondition(lambda self: -100 not in self.in_hand and -200 not in self.in_hand)
    @rule(at=TIMES)
    def migrate(self, at: float) -> None:
        self.queue.move_chat(-100, -200, at)
        moved = self.queued.pop(-100, [])
        self.queued.setdefault(-200, []).extend(moved)

    @invariant()
    def every_queued_row_is_reachable(self) -> None:
        assert len(self.queue) == sum(len(ids) for ids in self.queued.values())
        # Settle everything in hand, then drain: every queued row comes out once.
        probe = ChatQueue()
        probe.__dict__.update(
            {
                "_rows": {c: type(line)(line) for c, line in self.queue._rows.items()},
                "_heap": list(self.queue._heap),
                "_scheduled": dict(self.queue._scheduled),
                "_busy": set(self.queue._busy),
                "_seq": itertools.count(10**9),
                "_size": len(self.queue),
            }
        )
        for chat in self.in_hand:
            probe.done(chat, 0.0)
        drained: dict[int, list[int]] = {}
        while (row := probe.pop_ready(float("inf"))) is not None:
            drained.setdefault(row.chat_id, []).append(row.id)
            probe.done(row.chat_id, 0.0)
        assert drained == {chat: ids for chat, ids in self.queued.items() if ids}


ChatQueueMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=40)
TestChatQueue = ChatQueueMachine.TestCase
