"""The worker's in-memory queue of claimed rows, one line per chat, ordered by readiness."""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque

from storage.outbox_models import OutboxRow


class ChatQueue:
    """Claimed rows grouped by chat; a chat is offered again only when it may be sent to.

    A chat with a send in flight is "busy" and out of the heap until `done(chat_id, ...)`.
    """

    def __init__(self) -> None:
        self._rows: dict[int, deque[OutboxRow]] = {}
        self._heap: list[tuple[float, int, int]] = []  # (ready_at, seq, chat_id)
        self._scheduled: dict[int, int] = {}  # chat_id -> seq of its live heap entry
        self._busy: set[int] = set()
        self._seq = itertools.count()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, row: OutboxRow, ready_at: float) -> None:
        """Queue a row; its chat becomes ready at `ready_at` unless it already is queued."""
        line = self._rows.get(row.chat_id)
        if line is None:
            line = self._rows[row.chat_id] = deque()
        line.append(row)
        self._size += 1
        if row.chat_id not in self._busy and row.chat_id not in self._scheduled:
            self._schedule(row.chat_id, ready_at)

    def add_first(self, row: OutboxRow, ready_at: float) -> None:
        """Put a row back at the front of its chat's line (a retry), ready at `ready_at`."""
        line = self._rows.setdefault(row.chat_id, deque())
        line.appendleft(row)
        self._size += 1
        if row.chat_id not in self._busy:
            self._schedule(row.chat_id, ready_at)

    def next_ready_at(self) -> float | None:
        """When the earliest chat becomes ready, None if no chat is waiting."""
        self._drop_stale()
        return self._heap[0][0] if self._heap else None

    def pop_ready(self, now: float) -> OutboxRow | None:
        """The head row of the earliest chat ready by `now`; that chat becomes busy."""
        self._drop_stale()
        if not self._heap or self._heap[0][0] > now:
            return None
        _, _, chat_id = heapq.heappop(self._heap)
        del self._scheduled[chat_id]
        line = self._rows[chat_id]
        row = line.popleft()
        self._size -= 1
        if not line:
            del self._rows[chat_id]
        self._busy.add(chat_id)
        return row

    def postpone(self, row: OutboxRow, ready_at: float) -> None:
        """Undo `pop_ready`: the chat was not allowed yet; offer it again at `ready_at`."""
        self._busy.discard(row.chat_id)
        self.add_first(row, ready_at)

    def done(self, chat_id: int, ready_at: float) -> None:
        """The send to this chat finished; its next row is offered at `ready_at`."""
        self._busy.discard(chat_id)
        if chat_id in self._rows and chat_id not in self._scheduled:
            self._schedule(chat_id, ready_at)

    def remove_chat(self, chat_id: int) -> list[OutboxRow]:
        """Take every queued row of a chat out; return them."""
        line = self._rows.pop(chat_id, deque())
        self._scheduled.pop(chat_id, None)
        self._size -= len(line)
        return list(line)

    def move_chat(self, old_id: int, new_id: int, ready_at: float) -> None:
        """The chat got a new id (supergroup migration): its rows follow."""
        for row in self.remove_chat(old_id):
            self.add(row.model_copy(update={"chat_id": new_id}), ready_at)

    def describe(self, chat_id: int) -> str:
        """The chat's place in the queue, for a diagnostic log line."""
        seq = self._scheduled.get(chat_id)
        entry = next((e for e in self._heap if e[2] == chat_id and e[1] == seq), None)
        return (
            f"queued={len(self._rows.get(chat_id, ()))} busy={chat_id in self._busy}"
            f" scheduled={seq is not None} ready_at={entry[0] if entry else None}"
        )

    def row_ids(self) -> list[int]:
        """Ids of every queued row."""
        return [row.id for line in self._rows.values() for row in line]

    def clear(self) -> list[int]:
        """Empty the queue; return the ids it held."""
        ids = self.row_ids()
        self._rows.clear()
        self._heap.clear()
        self._scheduled.clear()
        self._busy.clear()
        self._size = 0
        return ids

    def take_rows(self) -> list[OutboxRow]:
        """Take every queued row out (sends in flight keep their chats busy)."""
        rows = [row for line in self._rows.values() for row in line]
        self._rows.clear()
        self._heap.clear()
        self._scheduled.clear()
        self._size = 0
        return rows

    def _schedule(self, chat_id: int, ready_at: float) -> None:
        if math.isinf(ready_at):  # the chat would never be offered again
            raise ValueError(f"chat {chat_id} scheduled at {ready_at}")
        seq = next(self._seq)
        self._scheduled[chat_id] = seq
        heapq.heappush(self._heap, (ready_at, seq, chat_id))

    def _drop_stale(self) -> None:
        heap = self._heap
        while heap and self._scheduled.get(heap[0][2]) != heap[0][1]:
            heapq.heappop(heap)
