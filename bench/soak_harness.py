"""One crash soak run: its processes, its database, the means to talk to both, and what the
run saw along the way (kills, rows in flight, the server's call log).

The traffic and the kills (bench/soak_traffic.py) fill the record; the figures
(bench/soak_figures.py) read it.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.soak_data import subscribe_chats, write_config
from bench.soak_plan import (
    ADMIN,
    ARTICLES,
    DELIVERY,
    FIRST_PRIVATE_CHAT,
    MIGRATING_GROUP,
    PAID_PER_S,
    PAID_STARS_PER_CHAT,
    SUPERGROUP,
    VOTE_SECRET,
    Plan,
)
from bench.soak_procs import BotProcess, FakeApiProcess, bot_environment
from bench.soak_votes import VoteBook


@dataclass
class KillRecord:
    """What the outbox held in flight when the bot was killed."""

    at_s: float
    sending_rows: int
    sending_already_delivered: int
    integrity_check: str
    calls_total: int
    already_delivered_sample: list[str]


@dataclass
class Soak:
    """One soak run in `folder`."""

    plan: Plan
    folder: Path
    rng: random.Random = field(init=False)
    server: FakeApiProcess = field(init=False)
    bot: BotProcess = field(init=False)
    votes: VoteBook = field(init=False)
    kills: list[KillRecord] = field(default_factory=list)
    inactive_at_kills: list[set[int]] = field(default_factory=list)
    at_risk: set[str] = field(default_factory=set)  # (chat:item) in flight, already delivered
    in_flight: set[tuple[int, str]] = field(default_factory=set)  # (chat, poll|ref<id>)
    killing: bool = False
    unexpected_exits: list[int] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    calls_seen: int = 0
    poll_id: int = 0
    poll_message_id: int = 0
    republished: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    subscribers: list[int] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.plan.seed)
        self.db = self.folder / "soak.sqlite3"
        self.votes = VoteBook(VOTE_SECRET, 3, random.Random(self.plan.seed + 1))

    # ----------------------------------------------------------------------------- setup
    async def prepare(self) -> None:
        """Database with the subscribed chats, config file, fake server, blocks, migration."""
        plan = self.plan
        privates = list(range(FIRST_PRIVATE_CHAT, FIRST_PRIVATE_CHAT + plan.chats - 1))
        self.subscribers = [*privates, MIGRATING_GROUP]
        chats = [(chat, "private") for chat in privates] + [(MIGRATING_GROUP, "group")]
        await subscribe_chats(self.db, chats)
        blocked = max(1, round(plan.blocked_share * plan.chats))
        self.blocked = set(self.rng.sample(privates, blocked))
        delivery: dict[str, object] = {"overall_per_s": plan.rate_per_s, **DELIVERY}
        limits = f"overall={plan.rate_per_s},chat=1,group=20"
        if plan.paid:
            delivery |= {"paid_broadcast": "always", "paid_per_s": PAID_PER_S}
            limits += f",paid={PAID_PER_S}"
        config = write_config(self.folder / "soak.toml", delivery)
        self.server = await FakeApiProcess(
            limits=limits,
            faults=f"5xx=0.1,timeout=0.05,delay=2,delivers=0,seed={plan.seed}",
            log_path=self.folder / "fake-api.log",
        ).started()
        await self.server.control(
            block=sorted(self.blocked),
            migrate={str(MIGRATING_GROUP): SUPERGROUP},
            stars=plan.chats * PAID_STARS_PER_CHAT if plan.paid else None,
        )
        env = bot_environment(
            api_base_url=self.server.api_base_url,
            db=self.db,
            admins=[ADMIN],
            config=config,
            vote_secret=VOTE_SECRET,
        )
        self.bot = BotProcess(env, self.folder, self.folder / "bot.log")

    # ----------------------------------------------------------------------- the database
    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one query on the bot's database (its own short connection)."""
        conn = sqlite3.connect(self.db, timeout=10)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def open_rows(self) -> int:
        """Outbox rows not done yet (pending or sending)."""
        return int(self.query("SELECT count(*) FROM outbox WHERE status IN"
                              " ('pending', 'sending')")[0][0])  # fmt: skip

    def article_refs(self) -> dict[str, str]:
        """Article id (as outbox ref) → article1..3, for the soak's articles stored so far."""
        rows = self.query("SELECT id, title FROM articles")
        refs = {}
        for article_id, title in rows:
            for index, wanted in enumerate(ARTICLES):
                if title == wanted:
                    refs[str(article_id)] = f"article{index + 1}"
        return refs

    # ------------------------------------------------------------------------- updates
    async def push_text(self, chat: dict[str, Any], text: str, user_id: int = ADMIN) -> None:
        """A user's message (commands get their entity)."""
        message: dict[str, Any] = {
            "message_id": self.rng.randrange(1, 2**31),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "Editor", "language_code": "en"},
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        await self.server.control(push_updates=[{"message": message}])

    async def admin_says(self, text: str) -> None:
        """The admin, in a private chat with the bot."""
        await self.push_text({"id": ADMIN, "type": "private", "first_name": "Editor"}, text)

    async def caught_up(self) -> bool:
        """The bot runs, has taken every update the server holds, and has handled every one
        it took (its update journal is empty: it replays it after a restart)."""
        if not self.bot.check_alive() or time.monotonic() - self.bot.started_at < 2:
            return False
        state = await self.server.state()
        if int(state["pending_updates"]) != 0:
            return False
        journaled = await asyncio.to_thread(self.query, "SELECT count(*) FROM update_journal")
        return int(journaled[0][0]) == 0

    # -------------------------------------------------------------------------- timing
    async def until(self, what: str, check: Any, timeout: float, interval: float = 0.1) -> Any:
        """Poll `check()` until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return value
            await asyncio.sleep(interval)
        raise TimeoutError(f"soak: gave up waiting for {what} after {timeout:.0f} s")

    async def sleep_until(self, moment: float) -> None:
        """Sleep until this time.monotonic() moment (not at all if it is past)."""
        await asyncio.sleep(max(0.0, moment - time.monotonic()))

    def estimated_s(self) -> float:
        """How long the fan-out should take: the span over which traffic and kills spread."""
        return max(8.0, 4 * self.plan.chats / self.plan.rate_per_s)
