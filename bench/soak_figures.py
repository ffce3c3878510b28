"""What the crash soak measured: what the fake server delivered to whom, compared with what
every active subscriber should have received, the vote tally against the presses the bot
stored, and the kills. `figures` gives the JSON the soak prints (bench/report.py and
tests/test_crash_soak.py read its keys).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from bench.soak_harness import Soak
from bench.soak_plan import ARTICLES, MIGRATING_GROUP, POLL_GROUP, SUPERGROUP
from bench.soak_votes import stored_tally

SEND_METHODS = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendChatAction"}
NOTES = (
    "duplicates may not exceed in_flight_at_kills (rows in 'sending' at each "
    "SIGKILL, summed over the kills); in_flight_already_delivered_at_kills counts "
    "the distinct ones the server had already delivered in a snapshot taken just after "
    "the kill; duplicates_not_in_flight_at_a_kill counts messages delivered twice "
    "whose row was in 'sending' at no kill (0 expected). The bot confirms an update to "
    "Telegram once it is in its update journal, which it replays after a restart, so a "
    "press fetched by a killed bot is handled after the restart: tally_exact requires "
    "the stored tally to equal the votes sent (no press lost, none counted twice). "
    "sent_to_blocked counts deliveries to a blocked chat and attempts after its 403 was "
    "stored; an attempt after a kill that came before the bot stored the 403 is "
    "sent_to_blocked_after_unstored_403. Timeouts are requests the server leaves "
    "unanswered for 2 s before dropping the connection, with no effect."
)


_LEADING_TAGS = re.compile(r"^(?:<[^>]*>)+")


def delivered_items(state: dict[str, Any]) -> Counter[tuple[int, str]]:
    """How many times each (chat, item) was delivered, item = article1..3 or poll.

    An article message starts with its title (after its opening tags). A reply that only
    names the title (the editor's "Published …" or "Already published as #N …", sent again
    when a journaled /publish is replayed after a kill) is not a delivery of the article.
    """
    delivered: Counter[tuple[int, str]] = Counter()
    markers = [(f"Soak article {n + 1}:", f"article{n + 1}") for n in range(len(ARTICLES))]
    for chat, texts in state["delivered_texts_by_chat"].items():
        for text in texts:
            if not text:
                continue
            for marker, item in markers:
                if _LEADING_TAGS.sub("", text).startswith(marker):
                    delivered[(int(chat), item)] += 1
                    break
            else:
                if "Belgians be ready to see their soldiers get involved" in text:
                    delivered[(int(chat), "poll")] += 1
    return delivered


def sends_to_blocked_after_403(soak: Soak) -> list[dict[str, Any]]:
    """Calls to a blocked chat after it answered 403 (with the kills in between)."""
    refused: dict[int, int] = {}
    after = []
    for index, call in enumerate(soak.calls):
        chat = call["chat_id"]
        if chat not in soak.blocked or call["method"] not in SEND_METHODS:
            continue
        if chat in refused:
            # A kill before the bot stored the 403 (chat still active in the database at
            # that kill) explains the attempt: the 403 died with the process.
            forgotten = any(
                refused[chat] < kill.calls_total <= index and chat not in inactive
                for kill, inactive in zip(soak.kills, soak.inactive_at_kills, strict=True)
            )
            after.append({**call, "call": index, "403_not_stored_at_a_kill": forgotten})
        elif call["status"] == 403:
            refused[chat] = index
    return after


def poll_display(soak: Soak, state: dict[str, Any]) -> list[int] | None:
    """The vote counts shown on the poll message in the studio group (None if not found)."""
    for message in state.get("messages", []):
        if message["chat_id"] == POLL_GROUP["id"] and message["message_id"] == soak.poll_message_id:
            return [int(n) for n in re.findall(r"% \((\d+)\)", message["text"] or "")]
    return None


def figures(soak: Soak, state: dict[str, Any], exit_code: int | None) -> dict[str, Any]:
    """Everything the soak measured."""
    delivered = delivered_items(state)
    active = [chat for chat in soak.subscribers if chat not in soak.blocked]
    active = [SUPERGROUP if chat == MIGRATING_GROUP else chat for chat in active]
    articles = [f"article{n + 1}" for n in range(len(ARTICLES))]

    def count(items: list[str], check: Any) -> int:
        return sum(1 for item in items for chat in active if check(delivered[(chat, item)]))

    duplicates = sum(
        max(0, number - 1) for (_, item), number in delivered.items() if item in articles
    )
    item_refs = {item: f"ref{ref}" for ref, item in soak.article_refs().items()}
    item_refs["poll"] = "poll"
    unexplained = [
        f"{chat}:{item}"
        for (chat, item), number in delivered.items()
        if number > 1 and (chat, item_refs.get(item, item)) not in soak.in_flight
    ]
    poll_duplicates = sum(
        max(0, number - 1) for (_, item), number in delivered.items() if item == "poll"
    )
    blocked_delivered = sum(
        number for (chat, _), number in delivered.items() if chat in soak.blocked
    )
    after_403 = sends_to_blocked_after_403(soak)
    poll_text = poll_display(soak, state)
    tally = stored_tally(soak.db, soak.poll_id, 3)
    votes = soak.votes
    expected = votes.expected_tally()
    answered = {c["callback_query_id"] for c in soak.calls if c["callback_query_id"]}
    lost = votes.lost_at_kills + votes.lost_without_kill
    answered_but_lost = sum(1 for press in lost if press.callback_id in answered)
    integrity = str(soak.query("PRAGMA integrity_check")[0][0])
    statuses = dict(soak.query("SELECT status, count(*) FROM outbox GROUP BY status"))
    tally_exact = (
        tally == expected == votes.tally_if_nothing_lost()
        and not votes.lost_without_kill
        and not votes.unexplained
        and answered_but_lost == 0
    )
    return {
        "chats": soak.plan.chats,
        "active_subscribers": len(active),
        "blocked_chats": len(soak.blocked),
        "articles": len(ARTICLES),
        "duplicates": duplicates,
        "missing": count(articles, lambda n: n == 0),
        "missing_by_article": {item: count([item], lambda n: n == 0) for item in articles},
        "in_flight_at_kills": sum(kill.sending_rows for kill in soak.kills),
        "in_flight_already_delivered_at_kills": len(soak.at_risk),
        "duplicates_not_in_flight_at_a_kill": len(unexplained),
        "duplicates_not_in_flight_sample": unexplained[:10],
        "sent_to_blocked": blocked_delivered
        + sum(1 for call in after_403 if not call["403_not_stored_at_a_kill"]),
        "sent_to_blocked_after_unstored_403": sum(
            1 for call in after_403 if call["403_not_stored_at_a_kill"]
        ),
        "sent_to_blocked_calls": after_403[:10],
        # Once each, or more only when its row was in flight at a kill (as for every chat).
        "migrated_group_ok": all(
            delivered[(SUPERGROUP, item)] == 1
            or (delivered[(SUPERGROUP, item)] > 1 and f"{SUPERGROUP}:{item}" not in unexplained)
            for item in articles
        ),
        "migrated_group_old_id_deliveries": sum(
            delivered[(MIGRATING_GROUP, item)] for item in articles
        ),
        "poll_missing": count(["poll"], lambda n: n == 0),
        "poll_duplicates": poll_duplicates,
        "outbox_rows": statuses,
        "votes_sent": votes.sent,
        "votes_stored": votes.stored,
        "votes_lost_at_kills": len(votes.lost_at_kills),
        "votes_lost_without_kill": len(votes.lost_without_kill),
        "votes_unexplained": len(votes.unexplained),
        "votes_answered_but_lost": answered_but_lost,
        "tally": tally,
        "tally_expected_from_stored_presses": expected,
        "tally_if_no_press_lost": votes.tally_if_nothing_lost(),
        "tally_exact": tally_exact,
        "tally_equals_votes_sent": tally == votes.tally_if_nothing_lost(),
        "displayed_tally": poll_text,
        "displayed_tally_matches": poll_text == tally,
        "integrity_ok": integrity == "ok"
        and all(kill.integrity_check == "ok" for kill in soak.kills),
        "kills": [kill.__dict__ for kill in soak.kills],
        "restarts": soak.bot.starts - 1,
        "republished_articles": soak.republished,
        "process_exited_on_its_own": bool(soak.unexpected_exits + soak.bot.exits),
        "unexpected_exit_codes": soak.unexpected_exits + soak.bot.exits,
        "graceful_stop_exit_code": exit_code,
        "http_429": state["http_429"],
        "server_counts": state["counts"],
        "notes": NOTES,
        **{key: round(value, 2) for key, value in soak.timings.items()},
    }


def failures(found: dict[str, Any]) -> list[str]:
    """What the soak must show (issue: crash, fault and abuse suite), as failed checks."""
    checks = {
        "an active subscriber missed an article": found["missing"] == 0,
        "a subscriber missed the poll": found["poll_missing"] == 0,
        "a message was sent twice without being in flight at a kill": (
            found["duplicates_not_in_flight_at_a_kill"] == 0
            and found["duplicates"] <= found["in_flight_at_kills"]
        ),
        "something was sent to a chat after its 403": found["sent_to_blocked"] == 0,
        "the migrated group did not get its articles at the new id": found["migrated_group_ok"],
        "the tally differs from the votes sent": found["tally_exact"],
        "PRAGMA integrity_check failed": found["integrity_ok"],
        "the bot exited on its own": not found["process_exited_on_its_own"],
        "the graceful stop failed": found["graceful_stop_exit_code"] == 0,
        "not three kills": len(found["kills"]) == 3,
    }
    return [problem for problem, ok in checks.items() if not ok]
