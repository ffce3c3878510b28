"""What the crash soak does to the bot: the poll, the articles and the vote rounds it sends,
the SIGKILLs and restarts, the 429 bursts, and the wait for the outbox to drain.

Each function takes the run (bench/soak_harness.py) and records what it saw there: the kills
with the rows in flight, the server's call log, the articles published again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from bench.soak_figures import delivered_items
from bench.soak_harness import KillRecord, Soak
from bench.soak_plan import (
    ADMIN,
    ARTICLES,
    DOUBLE_PRESS_GAP_S,
    FIRST_VOTER,
    KILL_GAP_S,
    POLL_GROUP,
)
from bench.soak_votes import Press, callback_update, stored_votes


# ------------------------------------------------------------------------------ traffic
async def open_poll(soak: Soak) -> None:
    """Open the seed poll in the studio group and send it to every subscriber."""
    found = await soak.until(
        "the seed poll", lambda: soak.query("SELECT min(id) FROM polls")[0][0], 30
    )
    soak.poll_id = int(found)
    await soak.push_text(POLL_GROUP, f"/openpoll {soak.poll_id}")

    def shown() -> int | None:
        rows = soak.query(
            "SELECT message_id FROM poll_messages WHERE poll_id = ? AND chat_id = ?",
            (soak.poll_id, POLL_GROUP["id"]),
        )
        return int(rows[0][0]) if rows else None

    for _attempt in range(5):  # the poll message itself may meet a 5xx
        with contextlib.suppress(TimeoutError):
            soak.poll_message_id = await soak.until("the poll message", shown, 6)
            break
        press = Press(f"soakshow{_attempt}", ADMIN, 0, None, None)
        update = callback_update(press, soak.poll_id, POLL_GROUP, 1)
        update["callback_query"]["data"] = "menu:poll"
        await soak.server.control(push_updates=[update])
    if not soak.poll_message_id:
        raise RuntimeError("soak: the poll never showed in the group")
    await soak.admin_says(f"/sendpoll {soak.poll_id}")
    await soak.until(
        "the poll in the outbox",
        lambda: soak.query("SELECT count(*) FROM outbox WHERE kind = 'poll'")[0][0],
        30,
    )


async def traffic(soak: Soak) -> None:
    """Publish the articles and send the vote rounds, spread over the fan-out."""
    plan = soak.plan
    span = soak.estimated_s()
    start = time.monotonic()
    publish_at = [0.0, span / 5, 2 * span / 5]
    voters = list(range(FIRST_VOTER, FIRST_VOTER + plan.voters))
    per_round = plan.votes // plan.rounds
    next_round_at = 0.0
    published = 0
    for number in range(plan.rounds):
        round_at = 0.8 * span * number / plan.rounds
        while published < len(ARTICLES) and publish_at[published] <= round_at:
            await soak.sleep_until(start + publish_at[published])
            await publish(soak, published)
            published += 1
        await soak.sleep_until(max(start + round_at, next_round_at))
        users = _round_users(soak, voters, per_round)
        await vote_round(soak, users)
        next_round_at = time.monotonic() + DOUBLE_PRESS_GAP_S
    for index in range(published, len(ARTICLES)):
        await soak.sleep_until(start + publish_at[index])
        await publish(soak, index)


def _round_users(soak: Soak, voters: list[int], count: int) -> list[int]:
    if count <= len(voters):
        return soak.rng.sample(voters, count)
    return voters


async def publish(soak: Soak, index: int) -> None:
    """An admin's one-line /publish."""
    title = ARTICLES[index]
    await soak.admin_says(
        f"/publish {title} | Peggy Simono and Thibaut Roland ask the listeners, tonight at"
        f" 18:00 on bel RTL. | https://www.belrtl.be/soak/{index + 1} | soak"
    )


async def vote_round(soak: Soak, users: list[int]) -> None:
    """Send one round of presses and wait until each is stored or known lost."""
    presses = soak.votes.plan_round(users)
    kills_before = len(soak.kills)
    chat = {**POLL_GROUP}
    updates = [callback_update(p, soak.poll_id, chat, soak.poll_message_id) for p in presses]
    for chunk in range(0, len(updates), 1000):
        await soak.server.control(push_updates=updates[chunk : chunk + 1000])
    last_progress, remaining = time.monotonic(), len(presses)
    while True:
        stored = await asyncio.to_thread(stored_votes, soak.db, soak.poll_id)
        pending = soak.votes.pending(presses, stored)
        if not pending:
            break
        if len(pending) < remaining:
            last_progress, remaining = time.monotonic(), len(pending)
        quiet_s = time.monotonic() - last_progress
        killed = len(soak.kills) > kills_before
        if killed and quiet_s > 1.5 and not soak.killing and await soak.caught_up():
            break
        if quiet_s > 30:
            break
        await asyncio.sleep(0.1)
    soak.votes.settle(presses, stored, killed=len(soak.kills) > kills_before)


async def republish_lost(soak: Soak) -> None:
    """An /publish whose update died with the bot is sent again (as an editor would)."""
    for index, title in enumerate(ARTICLES):
        if not soak.query("SELECT 1 FROM articles WHERE title = ?", (title,)):
            await soak.until("the bot to catch up", soak.caught_up, 60, 0.2)
            if not soak.query("SELECT 1 FROM articles WHERE title = ?", (title,)):
                soak.republished += 1
                await publish(soak, index)
    for title in ARTICLES:
        await soak.until(
            f"article {title[:14]!r}",
            lambda t=title: soak.query("SELECT 1 FROM articles WHERE title = ?", (t,)),
            60,
        )


# ------------------------------------------------------------------------ kills, faults
async def killer(soak: Soak, start: float) -> None:
    """SIGKILL the bot at seeded random moments and restart it."""
    span = soak.estimated_s()
    moments = sorted(soak.rng.uniform(1.0, span) for _ in range(soak.plan.kills))
    for index in range(1, len(moments)):  # the restarted bot works a while first
        moments[index] = max(moments[index], moments[index - 1] + KILL_GAP_S)
    for moment in moments:
        await soak.sleep_until(start + moment)
        await kill_and_restart(soak, time.monotonic() - start)


async def kill_and_restart(soak: Soak, at_s: float) -> None:
    """One crash: kill, look at what was in flight, restart after a short while."""
    soak.killing = True
    try:
        soak.bot.kill()
        inactive = soak.query("SELECT id FROM chats WHERE active = 0")
        soak.inactive_at_kills.append({int(row[0]) for row in inactive})
        sending = soak.query("SELECT kind, ref, chat_id FROM outbox WHERE status = 'sending'")
        # integrity_check, not quick_check: SQLite 3.40's quick_check wrongly reports NULLs
        # in the primary key of WITHOUT ROWID tables (article_tags) on a sound file.
        integrity = str(soak.query("PRAGMA integrity_check")[0][0])
        state = await soak.server.state()
        delivered = delivered_items(state)
        titles = soak.article_refs()
        already = []
        for kind, ref, chat_id in sending:
            item = "poll" if kind == "poll" else titles.get(str(ref))
            if item is not None and delivered.get((chat_id, item), 0) > 0:
                already.append(f"{chat_id}:{item}")
        soak.at_risk.update(already)
        for kind, ref, chat_id in sending:
            soak.in_flight.add((int(chat_id), "poll" if kind == "poll" else f"ref{ref}"))
        soak.kills.append(
            KillRecord(
                round(at_s, 2),
                len(sending),
                len(already),
                integrity,
                int(state["calls_total"]),
                already[:8],
            )
        )
        await asyncio.sleep(soak.rng.uniform(0.2, 1.0))
        soak.bot.start()
    finally:
        soak.killing = False


async def bursts(soak: Soak, start: float) -> None:
    """Bursts of 429 with retry_after, as Telegram sends when it is overloaded."""
    span = soak.estimated_s()
    for moment in (span / 3, 2 * span / 3):
        await soak.sleep_until(start + moment)
        await soak.server.control(inject_429={"count": 5, "retry_after": 1})


async def watch(soak: Soak) -> None:
    """Notice (and survive) a bot that exits without being killed."""
    while True:
        await asyncio.sleep(0.2)
        if soak.killing or soak.bot.process is None:
            continue
        if not soak.bot.check_alive():
            soak.unexpected_exits.extend(soak.bot.exits)
            soak.bot.exits.clear()
            soak.bot.start()


# --------------------------------------------------------------------------- call log
async def collect_calls(soak: Soak) -> None:
    """Fetch the server's call log in pieces (compactly) as the run goes."""
    while True:
        await fetch_calls(soak)
        await asyncio.sleep(2.0)


async def fetch_calls(soak: Soak) -> None:
    """Append the calls the server logged since the last fetch."""
    state = await soak.server.state(calls_since=soak.calls_seen)
    for call in state.get("calls", []):
        params = call.get("params") or {}
        soak.calls.append(
            {
                "method": call["method"],
                "chat_id": call.get("chat_id"),
                "status": call["status"],
                "callback_query_id": params.get("callback_query_id"),
                "description": call.get("description"),
            }
        )
    soak.calls_seen += len(state.get("calls", []))


# ---------------------------------------------------------------------------- the end
async def drain(soak: Soak) -> None:
    """Wait until the outbox is empty and the server has been quiet for 2 s."""
    await soak.until("an empty outbox", lambda: soak.open_rows() == 0, soak.plan.deadline_s)
    last_total, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 2.0:
        state = await soak.server.state()
        total = int(state["calls_total"]) - int(state["counts"].get("getUpdates", {}).get(
            "200", 0))  # fmt: skip
        if total != last_total or int(state["pending_updates"]) or soak.open_rows():
            last_total, quiet_since = total, time.monotonic()
        await asyncio.sleep(0.25)
