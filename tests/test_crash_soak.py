"""The quick crash soak: the real bot process, SIGKILLed three times, loses and repeats nothing
beyond what was in flight (the same run as `make soak QUICK=1`)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bench.crash_soak import run_crash_soak
from bench.soak_figures import delivered_items, failures


@pytest.fixture(scope="module")
def soak(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One quick soak, shared by the assertions below (logs and database in its folder)."""
    folder: Path = tmp_path_factory.mktemp("soak")
    return asyncio.run(run_crash_soak(quick=True, keep=folder))


def test_every_article_reaches_every_active_subscriber(soak: dict[str, Any]) -> None:
    """No active subscriber misses an article, despite 5xx, dropped requests, 429s and kills."""
    context = {
        key: soak[key]
        for key in ("missing_by_article", "poll_missing", "outbox_rows", "republished_articles")
    }
    assert soak["missing"] == 0, context
    assert soak["poll_missing"] == 0, context
    assert soak["outbox_rows"].get("failed", 0) == 0, context


def test_duplicates_only_from_messages_in_flight_at_a_kill(soak: dict[str, Any]) -> None:
    """A message is sent twice only if it was in flight when the bot was killed."""
    assert len(soak["kills"]) == 3
    assert soak["duplicates"] <= soak["in_flight_at_kills"]
    assert soak["duplicates_not_in_flight_at_a_kill"] == 0, soak["duplicates_not_in_flight_sample"]


def test_nothing_sent_to_a_chat_after_its_403(soak: dict[str, Any]) -> None:
    """A chat that answered 403 (blocked the bot) is never sent anything again."""
    assert soak["sent_to_blocked"] == 0


def test_migrated_group_gets_articles_at_its_new_id(soak: dict[str, Any]) -> None:
    """The group that became a supergroup receives each article at its new id, once (twice
    only if in flight at a kill), and nothing at its old id."""
    assert soak["migrated_group_ok"]
    assert soak["migrated_group_old_id_deliveries"] == 0


def test_tally_equals_the_votes_sent(soak: dict[str, Any]) -> None:
    """The stored tally equals the votes sent: a press fetched by a killed bot comes again
    after the restart and counts once."""
    assert soak["tally_exact"], (soak["tally"], soak["tally_if_no_press_lost"])
    assert soak["votes_lost_at_kills"] == 0
    assert soak["votes_answered_but_lost"] == 0


def test_make_soak_checks_pass(soak: dict[str, Any]) -> None:
    """The checks `make soak` applies to its figures all pass on the quick soak."""
    assert failures(soak) == []


def test_database_integrity_and_no_exit_on_its_own(soak: dict[str, Any]) -> None:
    """The database passes integrity_check after every kill, and the bot never exited alone."""
    assert soak["integrity_ok"]
    assert not soak["process_exited_on_its_own"]
    assert soak["graceful_stop_exit_code"] == 0


def test_a_reply_naming_an_article_is_not_a_delivery_of_it() -> None:
    """Only a message that starts with the article's title counts as its delivery, not the
    editor's "Already published" reply that a replayed /publish sends again."""
    state = {
        "delivered_texts_by_chat": {
            "7": ['<b><a href="https://example.org/1">Soak article 1: title</a></b>\n\ntext'],
            "4242": [
                "Published “Soak article 1: title”: queued for 196 chats.",
                "Already published as #1 (“Soak article 1: title”): it is kept as it was.",
            ],
        }
    }
    assert delivered_items(state) == {(7, "article1"): 1}
