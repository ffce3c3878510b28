"""The votes of the crash soak: who presses what, and what the poll must hold afterwards.

Votes are sent in rounds; a voter presses at most once per round, and a round is sent only
once the previous one is resolved, so one voter's presses reach the bot in order and never
within the poll's double-press window. A round is resolved when every press in it is either
in the database (the voter's stored option is what the press leads to) or known lost: the bot
was killed after the press was sent, and the restarted bot has caught up without storing it.
The voter hashes are computed with the vote secret the soak gives the bot, so the harness can
read each voter's stored option directly.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Press:
    """One button press: who, which option, and the voter's option before and after."""

    callback_id: str
    user_id: int
    option: int
    before: int | None
    after: int | None


@dataclass
class VoteBook:
    """Expected state of every voter, updated from what the bot really stored."""

    secret: str
    options: int
    rng: random.Random
    take_back_share: float = 0.2
    state: dict[int, int | None] = field(default_factory=dict)
    sent: int = 0
    stored: int = 0
    lost_at_kills: list[Press] = field(default_factory=list)
    lost_without_kill: list[Press] = field(default_factory=list)
    unexplained: list[Press] = field(default_factory=list)  # stored option neither before/after
    by_all_sent: dict[int, int | None] = field(default_factory=dict)  # if nothing were lost
    _hashes: dict[int, bytes] = field(default_factory=dict)

    def voter(self, user_id: int) -> bytes:
        """HMAC-SHA256(secret, user id), as the bot stores it."""
        known = self._hashes.get(user_id)
        if known is None:
            known = hmac.new(self.secret.encode(), str(user_id).encode(), hashlib.sha256).digest()
            self._hashes[user_id] = known
        return known

    def plan_round(self, users: list[int]) -> list[Press]:
        """One press per user: a first vote, a change, or (sometimes) taking the vote back."""
        presses = []
        for user_id in users:
            before = self.state.get(user_id)
            if before is not None and self.rng.random() < self.take_back_share:
                option, after = before, None
            else:
                option = self.rng.choice([o for o in range(self.options) if o != before])
                after = option
            self.sent += 1
            presses.append(Press(f"soakvote{self.sent}", user_id, option, before, after))
            # What the tally would be if no press were ever lost (same pressed buttons).
            previous = self.by_all_sent.get(user_id)
            self.by_all_sent[user_id] = None if previous == option else option
        return presses

    def pending(self, presses: list[Press], stored: dict[bytes, int]) -> list[Press]:
        """The presses whose outcome is not in the database yet."""
        return [p for p in presses if stored.get(self.voter(p.user_id)) != p.after]

    def settle(self, presses: list[Press], stored: dict[bytes, int], *, killed: bool) -> None:
        """Close a round: stored presses count; the others are lost (at a kill, or not)."""
        for press in presses:
            now = stored.get(self.voter(press.user_id))
            if now == press.after:
                self.state[press.user_id] = press.after
                self.stored += 1
            elif now == press.before:
                self.state[press.user_id] = press.before
                (self.lost_at_kills if killed else self.lost_without_kill).append(press)
            else:
                self.state[press.user_id] = now
                self.unexplained.append(press)

    def expected_tally(self) -> list[int]:
        """Votes per option implied by the presses the bot stored."""
        counts = Counter(option for option in self.state.values() if option is not None)
        return [counts.get(option, 0) for option in range(self.options)]

    def tally_if_nothing_lost(self) -> list[int]:
        """Votes per option implied by every press sent."""
        counts = Counter(option for option in self.by_all_sent.values() if option is not None)
        return [counts.get(option, 0) for option in range(self.options)]


def callback_update(
    press: Press, poll_id: int, chat: dict[str, Any], message_id: int
) -> dict[str, Any]:
    """The update Telegram sends for this press on the poll message (update_id left to the
    fake server)."""
    return {
        "callback_query": {
            "id": press.callback_id,
            "from": {"id": press.user_id, "is_bot": False, "first_name": f"Voter{press.user_id}"},
            "chat_instance": str(chat["id"]),
            "data": f"pv:{poll_id}:{press.option}",
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": {"id": 123456789, "is_bot": True, "first_name": "Radio Test Bot"},
                "text": "poll",
            },
        }
    }


def stored_votes(db_path: Path, poll_id: int) -> dict[bytes, int]:
    """voter hash → option, straight from the database (single-choice poll)."""
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        rows = conn.execute(
            "SELECT voter, option FROM poll_votes WHERE poll_id = ?", (poll_id,)
        ).fetchall()
    finally:
        conn.close()
    return {bytes(voter): int(option) for voter, option in rows}


def stored_tally(db_path: Path, poll_id: int, options: int) -> list[int]:
    """Votes per option in the database."""
    counts = Counter(stored_votes(db_path, poll_id).values())
    return [counts.get(option, 0) for option in range(options)]
