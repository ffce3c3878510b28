"""Crash soak (`make soak`): the real `radiobot run` process, SIGKILLed and restarted while it
fans out articles and a poll and takes votes, against a fake Bot API that misbehaves.

The fake Bot API (a child process) answers 10% of sends/edits/answers with 5xx, leaves 5%
unanswered for 2 s and then drops the connection (the request had no effect), answers bursts
of 429 with retry_after, refuses 2% of the chats as blocked (403) and one group as migrated
to a supergroup. The harness publishes 3 articles with /publish, opens the config's seed poll
in a group, /sendpoll's it to every subscriber, and sends votes in rounds (see
bench/soak_votes.py), while it SIGKILLs the bot at seeded random moments and restarts it.
At the end it waits until the outbox is empty and the server is quiet, and compares what the
server delivered with what every active subscriber should have received.

Run alone: `python -m bench.crash_soak [--quick] [--keep DIR]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.soak_data import subscribe_chats, write_config
from bench.soak_procs import BotProcess, FakeApiProcess, bot_environment
from bench.soak_votes import Press, VoteBook, callback_update, stored_tally, stored_votes

ADMIN = 4242
POLL_GROUP = {"id": -7001, "type": "group", "title": "Studio group"}
MIGRATING_GROUP = -4001
SUPERGROUP = -1_000_000_004_001
FIRST_PRIVATE_CHAT = 10_001
FIRST_VOTER = 500_001
VOTE_SECRET = "soak-vote-secret-0123456789abcdef"
DOUBLE_PRESS_GAP_S = 0.45  # > the poll's 0.4 s double-press window
KILL_GAP_S = 5.0  # a restart takes about 2 s: closer kills would hit a bot still starting
SEND_METHODS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendChatAction"}


@dataclass(frozen=True)
class Plan:
    """The size of one soak."""

    chats: int
    votes: int
    voters: int
    rounds: int
    rate_per_s: int
    kills: int = 3
    seed: int = 6
    blocked_share: float = 0.02
    deadline_s: float = 900.0


FULL = Plan(chats=5000, votes=20_000, voters=5000, rounds=8, rate_per_s=250)
QUICK = Plan(chats=300, votes=2000, voters=800, rounds=5, rate_per_s=100, deadline_s=100.0)
ARTICLES = (
    "Soak article 1: Would the Belgians be ready to see their soldiers in Ukraine?",
    "Soak article 2: Peggy Simono and Thibaut Roland take your calls",
    "Soak article 3: What the listeners of bel RTL answered tonight",
)
# Retries come faster than in production (0.2 s, doubling, at most 2 s) and a row gives up
# after 10 attempts, so that 10% 5xx + 5% dropped requests do not stretch the run.
DELIVERY = {"max_retries": 10, "retry_base_s": 0.2, "retry_max_s": 2.0}


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
        config = write_config(
            self.folder / "soak.toml", {"overall_per_s": plan.rate_per_s, **DELIVERY}
        )
        self.server = await FakeApiProcess(
            limits=f"overall={plan.rate_per_s},chat=1,group=20",
            faults=f"5xx=0.1,timeout=0.05,delay=2,delivers=0,seed={plan.seed}",
            log_path=self.folder / "fake-api.log",
        ).started()
        await self.server.control(
            block=sorted(self.blocked), migrate={str(MIGRATING_GROUP): SUPERGROUP}
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
    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.db, timeout=10)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def _open_rows(self) -> int:
        return int(self._query("SELECT count(*) FROM outbox WHERE status IN"
                               " ('pending', 'sending')")[0][0])  # fmt: skip

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

    # -------------------------------------------------------------------------- phases
    async def open_poll(self) -> None:
        """Open the seed poll in the studio group and send it to every subscriber."""
        found = await self.until(
            "the seed poll", lambda: self._query("SELECT min(id) FROM polls")[0][0], 30
        )
        self.poll_id = int(found)
        await self.push_text(POLL_GROUP, f"/openpoll {self.poll_id}")

        def shown() -> int | None:
            rows = self._query(
                "SELECT message_id FROM poll_messages WHERE poll_id = ? AND chat_id = ?",
                (self.poll_id, POLL_GROUP["id"]),
            )
            return int(rows[0][0]) if rows else None

        for _attempt in range(5):  # the poll message itself may meet a 5xx
            with contextlib.suppress(TimeoutError):
                self.poll_message_id = await self.until("the poll message", shown, 6)
                break
            press = Press(f"soakshow{_attempt}", ADMIN, 0, None, None)
            update = callback_update(press, self.poll_id, POLL_GROUP, 1)
            update["callback_query"]["data"] = "menu:poll"
            await self.server.control(push_updates=[update])
        if not self.poll_message_id:
            raise RuntimeError("soak: the poll never showed in the group")
        await self.admin_says(f"/sendpoll {self.poll_id}")
        await self.until(
            "the poll in the outbox",
            lambda: self._query("SELECT count(*) FROM outbox WHERE kind = 'poll'")[0][0],
            30,
        )

    def _estimated_s(self) -> float:
        return max(8.0, 4 * self.plan.chats / self.plan.rate_per_s)

    async def traffic(self) -> None:
        """Publish the articles and send the vote rounds, spread over the fan-out."""
        span = self._estimated_s()
        start = time.monotonic()
        publish_at = [0.0, span / 5, 2 * span / 5]
        voters = list(range(FIRST_VOTER, FIRST_VOTER + self.plan.voters))
        per_round = self.plan.votes // self.plan.rounds
        next_round_at = 0.0
        published = 0
        for number in range(self.plan.rounds):
            round_at = 0.8 * span * number / self.plan.rounds
            while published < len(ARTICLES) and publish_at[published] <= round_at:
                await self._sleep_until(start + publish_at[published])
                await self.publish(published)
                published += 1
            await self._sleep_until(max(start + round_at, next_round_at))
            users = self._round_users(voters, per_round)
            await self.vote_round(users)
            next_round_at = time.monotonic() + DOUBLE_PRESS_GAP_S
        for index in range(published, len(ARTICLES)):
            await self._sleep_until(start + publish_at[index])
            await self.publish(index)

    def _round_users(self, voters: list[int], count: int) -> list[int]:
        if count <= len(voters):
            return self.rng.sample(voters, count)
        return voters

    async def _sleep_until(self, moment: float) -> None:
        await asyncio.sleep(max(0.0, moment - time.monotonic()))

    async def publish(self, index: int) -> None:
        """An admin's one-line /publish."""
        title = ARTICLES[index]
        await self.admin_says(
            f"/publish {title} | Peggy Simono and Thibaut Roland ask the listeners, tonight at"
            f" 18:00 on bel RTL. | https://www.belrtl.be/soak/{index + 1} | soak"
        )

    async def vote_round(self, users: list[int]) -> None:
        """Send one round of presses and wait until each is stored or known lost."""
        presses = self.votes.plan_round(users)
        kills_before = len(self.kills)
        chat = {**POLL_GROUP}
        updates = [callback_update(p, self.poll_id, chat, self.poll_message_id) for p in presses]
        for chunk in range(0, len(updates), 1000):
            await self.server.control(push_updates=updates[chunk : chunk + 1000])
        last_progress, remaining = time.monotonic(), len(presses)
        while True:
            stored = await asyncio.to_thread(stored_votes, self.db, self.poll_id)
            pending = self.votes.pending(presses, stored)
            if not pending:
                break
            if len(pending) < remaining:
                last_progress, remaining = time.monotonic(), len(pending)
            quiet_s = time.monotonic() - last_progress
            killed = len(self.kills) > kills_before
            if killed and quiet_s > 1.5 and not self.killing and await self._caught_up():
                break
            if quiet_s > 30:
                break
            await asyncio.sleep(0.1)
        self.votes.settle(presses, stored, killed=len(self.kills) > kills_before)

    async def _caught_up(self) -> bool:
        """The bot runs and has taken every update the server holds."""
        if not self.bot.check_alive() or time.monotonic() - self.bot.started_at < 2:
            return False
        state = await self.server.state()
        return int(state["pending_updates"]) == 0

    async def republish_lost(self) -> None:
        """An /publish whose update died with the bot is sent again (as an editor would)."""
        for index, title in enumerate(ARTICLES):
            if not self._query("SELECT 1 FROM articles WHERE title = ?", (title,)):
                await self.until("the bot to catch up", self._caught_up, 60, 0.2)
                if not self._query("SELECT 1 FROM articles WHERE title = ?", (title,)):
                    self.republished += 1
                    await self.publish(index)
        for title in ARTICLES:
            await self.until(
                f"article {title[:14]!r}",
                lambda t=title: self._query("SELECT 1 FROM articles WHERE title = ?", (t,)),
                60,
            )

    # --------------------------------------------------------------------- background
    async def killer(self, start: float) -> None:
        """SIGKILL the bot at seeded random moments and restart it."""
        span = self._estimated_s()
        moments = sorted(self.rng.uniform(1.0, span) for _ in range(self.plan.kills))
        for index in range(1, len(moments)):  # the restarted bot works a while first
            moments[index] = max(moments[index], moments[index - 1] + KILL_GAP_S)
        for moment in moments:
            await self._sleep_until(start + moment)
            await self.kill_and_restart(time.monotonic() - start)

    async def kill_and_restart(self, at_s: float) -> None:
        """One crash: kill, look at what was in flight, restart after a short while."""
        self.killing = True
        try:
            self.bot.kill()
            inactive = self._query("SELECT id FROM chats WHERE active = 0")
            self.inactive_at_kills.append({int(row[0]) for row in inactive})
            sending = self._query("SELECT kind, ref, chat_id FROM outbox WHERE status = 'sending'")
            # integrity_check, not quick_check: SQLite 3.40's quick_check wrongly reports NULLs
            # in the primary key of WITHOUT ROWID tables (article_tags) on a sound file.
            integrity = str(self._query("PRAGMA integrity_check")[0][0])
            state = await self.server.state()
            delivered = self._delivered_items(state)
            titles = self._article_refs()
            already = []
            for kind, ref, chat_id in sending:
                item = "poll" if kind == "poll" else titles.get(str(ref))
                if item is not None and delivered.get((chat_id, item), 0) > 0:
                    already.append(f"{chat_id}:{item}")
            self.at_risk.update(already)
            for kind, ref, chat_id in sending:
                self.in_flight.add((int(chat_id), "poll" if kind == "poll" else f"ref{ref}"))
            self.kills.append(
                KillRecord(
                    round(at_s, 2),
                    len(sending),
                    len(already),
                    integrity,
                    int(state["calls_total"]),
                    already[:8],
                )
            )
            await asyncio.sleep(self.rng.uniform(0.2, 1.0))
            self.bot.start()
        finally:
            self.killing = False

    async def bursts(self, start: float) -> None:
        """Bursts of 429 with retry_after, as Telegram sends when it is overloaded."""
        span = self._estimated_s()
        for moment in (span / 3, 2 * span / 3):
            await self._sleep_until(start + moment)
            await self.server.control(inject_429={"count": 5, "retry_after": 1})

    async def watch(self) -> None:
        """Notice (and survive) a bot that exits without being killed."""
        while True:
            await asyncio.sleep(0.2)
            if self.killing or self.bot.process is None:
                continue
            if not self.bot.check_alive():
                self.unexpected_exits.extend(self.bot.exits)
                self.bot.exits.clear()
                self.bot.start()

    async def collect_calls(self) -> None:
        """Fetch the server's call log in pieces (compactly) as the run goes."""
        while True:
            await self._fetch_calls()
            await asyncio.sleep(2.0)

    async def _fetch_calls(self) -> None:
        state = await self.server.state(calls_since=self.calls_seen)
        for call in state.get("calls", []):
            params = call.get("params") or {}
            self.calls.append(
                {
                    "method": call["method"],
                    "chat_id": call.get("chat_id"),
                    "status": call["status"],
                    "callback_query_id": params.get("callback_query_id"),
                    "description": call.get("description"),
                }
            )
        self.calls_seen += len(state.get("calls", []))

    # ----------------------------------------------------------------------- the end
    async def drain(self) -> None:
        """Wait until the outbox is empty and the server has been quiet for 2 s."""
        await self.until("an empty outbox", lambda: self._open_rows() == 0, self.plan.deadline_s)
        last_total, quiet_since = -1, time.monotonic()
        while time.monotonic() - quiet_since < 2.0:
            state = await self.server.state()
            total = int(state["calls_total"]) - int(state["counts"].get("getUpdates", {}).get(
                "200", 0))  # fmt: skip
            if total != last_total or int(state["pending_updates"]) or self._open_rows():
                last_total, quiet_since = total, time.monotonic()
            await asyncio.sleep(0.25)

    def _article_refs(self) -> dict[str, str]:
        rows = self._query("SELECT id, title FROM articles")
        refs = {}
        for article_id, title in rows:
            for index, wanted in enumerate(ARTICLES):
                if title == wanted:
                    refs[str(article_id)] = f"article{index + 1}"
        return refs

    def _delivered_items(self, state: dict[str, Any]) -> Counter[tuple[int, str]]:
        """How many times each (chat, item) was delivered, item = article1..3 or poll."""
        delivered: Counter[tuple[int, str]] = Counter()
        markers = [(f"Soak article {n + 1}:", f"article{n + 1}") for n in range(len(ARTICLES))]
        for chat, texts in state["delivered_texts_by_chat"].items():
            for text in texts:
                if not text:
                    continue
                for marker, item in markers:
                    if marker in text:
                        delivered[(int(chat), item)] += 1
                        break
                else:
                    if "Belgians be ready to see their soldiers get involved" in text:
                        delivered[(int(chat), "poll")] += 1
        return delivered

    def figures(self, state: dict[str, Any], exit_code: int | None) -> dict[str, Any]:
        """Everything the soak measured."""
        delivered = self._delivered_items(state)
        active = [chat for chat in self.subscribers if chat not in self.blocked]
        active = [SUPERGROUP if chat == MIGRATING_GROUP else chat for chat in active]
        articles = [f"article{n + 1}" for n in range(len(ARTICLES))]

        def count(items: list[str], check: Any) -> int:
            return sum(1 for item in items for chat in active if check(delivered[(chat, item)]))

        duplicates = sum(
            max(0, number - 1) for (_, item), number in delivered.items() if item in articles
        )
        item_refs = {item: f"ref{ref}" for ref, item in self._article_refs().items()}
        item_refs["poll"] = "poll"
        unexplained = [
            f"{chat}:{item}"
            for (chat, item), number in delivered.items()
            if number > 1 and (chat, item_refs.get(item, item)) not in self.in_flight
        ]
        poll_duplicates = sum(
            max(0, number - 1) for (_, item), number in delivered.items() if item == "poll"
        )
        blocked_delivered = sum(
            number for (chat, _), number in delivered.items() if chat in self.blocked
        )
        after_403 = self._sends_to_blocked_after_403()
        poll_text = self._poll_display(state)
        tally = stored_tally(self.db, self.poll_id, 3)
        expected = self.votes.expected_tally()
        answered = {c["callback_query_id"] for c in self.calls if c["callback_query_id"]}
        lost = self.votes.lost_at_kills + self.votes.lost_without_kill
        answered_but_lost = sum(1 for press in lost if press.callback_id in answered)
        integrity = str(self._query("PRAGMA integrity_check")[0][0])
        statuses = dict(self._query("SELECT status, count(*) FROM outbox GROUP BY status"))
        tally_exact = (
            tally == expected
            and not self.votes.lost_without_kill
            and not self.votes.unexplained
            and answered_but_lost == 0
        )
        return {
            "chats": self.plan.chats,
            "active_subscribers": len(active),
            "blocked_chats": len(self.blocked),
            "articles": len(ARTICLES),
            "duplicates": duplicates,
            "missing": count(articles, lambda n: n == 0),
            "missing_by_article": {item: count([item], lambda n: n == 0) for item in articles},
            "in_flight_at_kills": sum(kill.sending_rows for kill in self.kills),
            "in_flight_already_delivered_at_kills": len(self.at_risk),
            "duplicates_not_in_flight_at_a_kill": len(unexplained),
            "duplicates_not_in_flight_sample": unexplained[:10],
            "sent_to_blocked": blocked_delivered
            + sum(1 for call in after_403 if not call["403_not_stored_at_a_kill"]),
            "sent_to_blocked_after_unstored_403": sum(
                1 for call in after_403 if call["403_not_stored_at_a_kill"]
            ),
            "sent_to_blocked_calls": after_403[:10],
            "migrated_group_ok": all(delivered[(SUPERGROUP, item)] == 1 for item in articles),
            "migrated_group_old_id_deliveries": sum(
                delivered[(MIGRATING_GROUP, item)] for item in articles
            ),
            "poll_missing": count(["poll"], lambda n: n == 0),
            "poll_duplicates": poll_duplicates,
            "outbox_rows": statuses,
            "votes_sent": self.votes.sent,
            "votes_stored": self.votes.stored,
            "votes_lost_at_kills": len(self.votes.lost_at_kills),
            "votes_lost_without_kill": len(self.votes.lost_without_kill),
            "votes_unexplained": len(self.votes.unexplained),
            "votes_answered_but_lost": answered_but_lost,
            "tally": tally,
            "tally_expected_from_stored_presses": expected,
            "tally_if_no_press_lost": self.votes.tally_if_nothing_lost(),
            "tally_exact": tally_exact,
            "tally_equals_votes_sent": tally == self.votes.tally_if_nothing_lost(),
            "displayed_tally": poll_text,
            "displayed_tally_matches": poll_text == tally,
            "integrity_ok": integrity == "ok"
            and all(kill.integrity_check == "ok" for kill in self.kills),
            "kills": [kill.__dict__ for kill in self.kills],
            "restarts": self.bot.starts - 1,
            "republished_articles": self.republished,
            "process_exited_on_its_own": bool(self.unexpected_exits + self.bot.exits),
            "unexpected_exit_codes": self.unexpected_exits + self.bot.exits,
            "graceful_stop_exit_code": exit_code,
            "http_429": state["http_429"],
            "server_counts": state["counts"],
            "notes": (
                "duplicates may not exceed in_flight_at_kills (rows in 'sending' at each "
                "SIGKILL, summed over the kills); in_flight_already_delivered_at_kills counts "
                "the distinct ones the server had already delivered in a snapshot taken just after "
                "the kill; duplicates_not_in_flight_at_a_kill counts messages delivered twice "
                "whose row was in 'sending' at no kill (0 expected). Presses whose "
                "update was fetched by the killed bot but not yet stored are lost as Telegram "
                "would lose them (votes_lost_at_kills); tally_exact compares the stored tally "
                "with the presses the bot stored, and requires that no press was lost without "
                "a kill and none was answered and then lost. sent_to_blocked counts deliveries to "
                "a blocked chat and attempts after its 403 was stored; an attempt after a kill "
                "that came before the bot stored the 403 is sent_to_blocked_after_unstored_403. "
                "Timeouts are requests the "
                "server leaves unanswered for 2 s before dropping the connection, with no "
                "effect."
            ),
            **{key: round(value, 2) for key, value in self.timings.items()},
        }

    def _sends_to_blocked_after_403(self) -> list[dict[str, Any]]:
        """Calls to a blocked chat after it answered 403 (with the kills in between)."""
        refused: dict[int, int] = {}
        after = []
        for index, call in enumerate(self.calls):
            chat = call["chat_id"]
            if chat not in self.blocked or call["method"] not in SEND_METHODS:
                continue
            if chat in refused:
                # A kill before the bot stored the 403 (chat still active in the database at
                # that kill) explains the attempt: the 403 died with the process.
                forgotten = any(
                    refused[chat] < kill.calls_total <= index and chat not in inactive
                    for kill, inactive in zip(self.kills, self.inactive_at_kills, strict=True)
                )
                after.append({**call, "call": index, "403_not_stored_at_a_kill": forgotten})
            elif call["status"] == 403:
                refused[chat] = index
        return after

    def _poll_display(self, state: dict[str, Any]) -> list[int] | None:
        for message in state.get("messages", []):
            if (
                message["chat_id"] == POLL_GROUP["id"]
                and message["message_id"] == self.poll_message_id
            ):
                return [int(n) for n in re.findall(r"% \((\d+)\)", message["text"] or "")]
        return None

    # ------------------------------------------------------------------------- run
    async def run(self) -> dict[str, Any]:
        """The whole soak; returns its figures."""
        began = time.monotonic()
        await self.prepare()
        self.timings["prepare_s"] = time.monotonic() - began
        tasks: list[asyncio.Task[None]] = []
        try:
            self.bot.start()
            tasks.append(asyncio.create_task(self.watch()))
            tasks.append(asyncio.create_task(self.collect_calls()))
            await self.open_poll()
            start = time.monotonic()
            self.timings["setup_s"] = start - began
            killer = asyncio.create_task(self.killer(start))
            tasks.append(killer)
            tasks.append(asyncio.create_task(self.bursts(start)))
            await self.traffic()
            self.timings["traffic_s"] = time.monotonic() - start
            await killer
            await self.republish_lost()
            await self.drain()
            self.timings["until_drained_s"] = time.monotonic() - start
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            tasks.clear()
            await self._fetch_calls()
            state = await self.server.state(messages=True)
            exit_code = await self.bot.stop()
            return self.figures(state, exit_code)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.bot.kill()
            await self.server.close()


async def run_crash_soak(quick: bool, keep: Path | None = None) -> dict[str, Any]:
    """The soak (QUICK: 300 chats, 2,000 votes); figures as a dict, also printed."""
    plan = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="radiobot-soak-") as folder:
        where = keep or Path(folder)
        where.mkdir(parents=True, exist_ok=True)
        figures = await Soak(plan, where).run()
    print(json.dumps(figures, indent=2), flush=True)
    return figures


def main() -> None:
    """`python -m bench.crash_soak [--quick] [--keep DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m bench.crash_soak")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the database and logs in this folder")
    args = parser.parse_args()
    asyncio.run(run_crash_soak(args.quick, args.keep))


if __name__ == "__main__":
    sys.exit(main())
