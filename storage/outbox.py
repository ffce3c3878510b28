"""Repository of the delivery outbox: payloads, per-chat rows and their status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from storage.db import Database
from storage.outbox_models import (
    DeliveryStats,
    FanoutProgress,
    OutboxRow,
    PaidBroadcast,
    PaidState,
    RowStatus,
    RowUpdate,
)

OPEN = (RowStatus.PENDING.value, RowStatus.SENDING.value)


def stamp(moment: datetime) -> str:
    """One sortable text format for every outbox time stamp (UTC, microseconds)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


class OutboxRepository:
    """Durable queue of messages to send, one row per (kind, ref, chat)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def enqueue(
        self,
        kind: str,
        ref: str,
        message_json: str,
        chat_ids: Iterable[int],
        now: datetime,
        variant: str = "",
        paid: PaidBroadcast | None = None,
    ) -> int:
        """Store the payload's variant once and a row per known, active chat; return rows added.

        A chat already queued for (kind, ref), in any variant, is not queued again. The old
        id of a group upgraded to a supergroup (read before the upgrade, as by a fan-out
        under way) queues the supergroup. `paid` marks the fan-out as a paid broadcast (the
        first `paid` of a payload counts).
        """
        created = stamp(now)
        priority = 1 if paid else 0
        rows = (
            {
                "kind": kind, "ref": ref, "variant": variant, "created": created,
                "chat": chat_id, "priority": priority,
            }
            for chat_id in chat_ids
        )  # fmt: skip
        path = _variant_path(variant)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO outbox_payloads"
                " (kind, ref, message, created_at, paid_max, paid_editor)"
                " VALUES (?, ?, json_object(?, json(?)), ?, ?, ?)"
                " ON CONFLICT (kind, ref) DO UPDATE SET message ="
                " json_set(message, ?, json(excluded.message) -> ?)",
                (
                    kind,
                    ref,
                    variant,
                    message_json,
                    created,
                    paid.max_messages if paid else 0,
                    paid.editor_chat_id if paid else None,
                    path,
                    path,
                ),
            )
            cursor = await conn.executemany(
                "INSERT OR IGNORE INTO outbox (kind, ref, variant, chat_id, created_at, priority)"
                " SELECT :kind, :ref, :variant, id, :created, :priority FROM chats"
                " WHERE id = coalesce("
                "(SELECT new_id FROM chat_migrations WHERE old_id = :chat), :chat)"
                " AND active = 1",
                rows,
            )
            return max(cursor.rowcount, 0)

    async def claim_due(self, now: float, limit: int, lease_s: float = 120.0) -> list[OutboxRow]:
        """Mark up to `limit` due rows as in flight for `lease_s` seconds: rows of paid
        broadcasts first (breaking news never waits behind a long free fan-out), then oldest
        first.

        A row in flight whose lease ran out is due again: whatever lost track of it, the
        worker takes it back (skipping the rows it still holds itself). Due rows of a chat
        that is no longer active (it blocked the bot) are dropped here, never handed out:
        a crash between marking the chat inactive and dropping its rows loses nothing then.
        """
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT o.id, o.kind, o.ref, o.chat_id, o.attempts, o.variant,"
                " coalesce(c.active, 1) FROM outbox AS o INDEXED BY outbox_claim"
                " LEFT JOIN chats AS c ON c.id = o.chat_id"
                " WHERE o.status IN ('pending', 'sending') AND o.next_attempt_at <= ?"
                # In the index's order: no sort of every open row at each claim.
                " ORDER BY o.priority DESC, o.next_attempt_at, o.id LIMIT ?",
                (now, limit),
            ) as cursor:
                found = list(await cursor.fetchall())
            if not found:
                return []
            claimed = [row for row in found if row[6]]
            await conn.executemany(
                "UPDATE outbox SET status = 'dropped', last_error = 'the chat is inactive'"
                " WHERE id = ?",
                ((row[0],) for row in found if not row[6]),
            )
            await conn.executemany(
                "UPDATE outbox SET status = 'sending', next_attempt_at = ? WHERE id = ?",
                ((now + lease_s, row[0]) for row in claimed),
            )
        return [
            OutboxRow(
                id=row[0], kind=row[1], ref=row[2], chat_id=row[3], attempts=row[4], variant=row[5]
            )
            for row in claimed
        ]

    async def next_due_at(self) -> float | None:
        """When the earliest row becomes due (pending, or in flight past its lease), or None."""
        row = await self._db.fetchone(
            "SELECT min(next_attempt_at) FROM outbox WHERE status IN ('pending', 'sending')"
        )
        return None if row is None or row[0] is None else float(row[0])

    async def payload(self, kind: str, ref: str, variant: str = "") -> str | None:
        """The message JSON stored for (kind, ref) in this variant."""
        row = await self._db.fetchone(
            "SELECT json_extract(message, ?) FROM outbox_payloads WHERE kind = ? AND ref = ?",
            (_variant_path(variant), kind, ref),
        )
        return None if row is None or row[0] is None else str(row[0])

    async def paid(self, kind: str, ref: str) -> PaidState:
        """The paid-broadcast state of (kind, ref): messages still payable, editor to tell."""
        row = await self._db.fetchone(
            "SELECT p.paid_max, p.paid_editor,"
            " (SELECT count(*) FROM outbox AS o WHERE o.kind = p.kind AND o.ref = p.ref"
            "  AND o.status = 'sent')"
            " FROM outbox_payloads AS p WHERE p.kind = ? AND p.ref = ?",
            (kind, ref),
        )
        if row is None or not row[0]:
            return PaidState()
        # Every message already sent is counted as paid: the ceiling is never exceeded.
        return PaidState(left=max(int(row[0]) - int(row[2]), 0), editor_chat_id=row[1])

    async def stop_paying(self, kind: str, ref: str) -> None:
        """The rest of (kind, ref) goes at the free rate (the Stars ran out)."""
        await self._db.execute(
            "UPDATE outbox_payloads SET paid_max = 0 WHERE kind = ? AND ref = ?", (kind, ref)
        )

    async def paid_open(self) -> int:
        """Messages of paid fan-outs still pending or in flight."""
        row = await self._db.fetchone(
            "SELECT count(*) FROM outbox AS o JOIN outbox_payloads AS p"
            " ON p.kind = o.kind AND p.ref = o.ref"
            " WHERE o.status IN ('pending', 'sending') AND p.paid_max > 0"
        )
        return int(row[0]) if row else 0

    async def apply(self, updates: Sequence[RowUpdate], now: datetime) -> None:
        """Write the outcome of many send attempts in one transaction."""
        if not updates:
            return
        when = stamp(now)
        sent = [(u.message_id, when, u.attempts, u.row_id) for u in updates if u.status == "sent"]
        failed = [(u.error, when, u.attempts, u.row_id) for u in updates if u.status == "failed"]
        retry = [
            (u.status.value, u.attempts, u.next_attempt_at, u.error, u.row_id)
            for u in updates
            if u.status in (RowStatus.PENDING, RowStatus.DROPPED)
        ]
        async with self._db.transaction() as conn:
            if sent:
                await conn.executemany(
                    "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?,"
                    " attempts = ? WHERE id = ?",
                    sent,
                )
            if failed:
                await conn.executemany(
                    "UPDATE outbox SET status = 'failed', last_error = ?, failed_at = ?,"
                    " attempts = ? WHERE id = ?",
                    failed,
                )
            if retry:
                await conn.executemany(
                    "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?,"
                    " last_error = ? WHERE id = ?",
                    retry,
                )

    async def release(self, row_ids: Sequence[int]) -> None:
        """Give claimed rows back to the queue (the worker stops before sending them)."""
        if row_ids:
            await self._db.executemany(
                "UPDATE outbox SET status = 'pending', next_attempt_at = 0"
                " WHERE id = ? AND status = 'sending'",
                ((row_id,) for row_id in row_ids),
            )

    async def reset_in_flight(self) -> int:
        """After a restart, rows left in flight are pending again; return how many."""
        return await self._db.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = 0 WHERE status = 'sending'"
        )

    async def drop_chat(self, chat_id: int) -> int:
        """Drop the chat's rows not yet sent; return how many."""
        return await self._db.execute(
            "UPDATE outbox SET status = 'dropped' WHERE chat_id = ?"
            " AND status IN ('pending', 'sending')",
            (chat_id,),
        )

    async def count_open(self) -> int:
        """Rows pending or in flight."""
        row = await self._db.fetchone(
            "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')"
        )
        return int(row[0]) if row else 0

    async def rows_for(self, kind: str, ref: str) -> list[tuple[int, str, int | None]]:
        """(chat_id, status, message_id) of every row of (kind, ref), by chat id."""
        found = await self._db.fetchall(
            "SELECT chat_id, status, message_id FROM outbox WHERE kind = ? AND ref = ?"
            " ORDER BY chat_id",
            (kind, ref),
        )
        return [(row[0], row[1], row[2]) for row in found]

    async def stats(self, now: datetime) -> DeliveryStats:
        """Pending rows, and rows sent or failed in the last hour, day and ever."""
        hour, day = stamp(now - timedelta(hours=1)), stamp(now - timedelta(days=1))
        row = await self._db.fetchone(
            "SELECT"
            " coalesce(sum(status IN ('pending', 'sending')), 0),"
            " coalesce(sum(status = 'sent' AND sent_at > :hour), 0),"
            " coalesce(sum(status = 'sent' AND sent_at > :day), 0),"
            " coalesce(sum(status = 'failed' AND failed_at > :hour), 0),"
            " coalesce(sum(status = 'failed' AND failed_at > :day), 0),"
            " coalesce(sum(status = 'sent'), 0),"
            " coalesce(sum(status = 'failed'), 0),"
            " coalesce(sum(status = 'dropped'), 0)"
            " FROM outbox",
            {"hour": hour, "day": day},
        )
        assert row is not None
        return DeliveryStats(
            pending=row[0],
            sent_last_hour=row[1],
            sent_last_day=row[2],
            failed_last_hour=row[3],
            failed_last_day=row[4],
            sent_total=row[5],
            failed_total=row[6],
            dropped_total=row[7],
        )

    async def latest_fanout(self) -> FanoutProgress | None:
        """Rows of the most recently queued (kind, ref) by status, None when nothing was."""
        row = await self._db.fetchone(
            "SELECT p.kind, p.ref, count(o.id),"
            " coalesce(sum(o.status = 'sent'), 0),"
            " coalesce(sum(o.status IN ('failed', 'dropped')), 0)"
            " FROM (SELECT kind, ref FROM outbox_payloads ORDER BY created_at DESC, rowid DESC"
            " LIMIT 1) AS p JOIN outbox AS o ON o.kind = p.kind AND o.ref = p.ref"
            " GROUP BY p.kind, p.ref"
        )
        if row is None:
            return None
        return FanoutProgress(kind=row[0], ref=row[1], queued=row[2], sent=row[3], given_up=row[4])


def _variant_path(variant: str) -> str:
    """The JSON path of a variant in a payload object."""
    return '$."' + variant.replace('"', "") + '"'
