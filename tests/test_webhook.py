"""Webhook mode: only requests with the right secret header reach the handlers."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import message_update
from bot.runtime.group_commit import GroupCommit
from bot.runtime.webhook import WebhookUpdates, make_app
from tests.conftest import LISTENER

SECRET = "s3cret-token_for-the-webhook"
RIGHT = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def webhook(harness: BotHarness) -> AsyncIterator[str]:
    """The bot's webhook server on a free local port; yields its URL."""
    port = _free_port()
    updates = WebhookUpdates(harness.runner, GroupCommit(harness.services.core.db.make_durable))
    app = make_app(harness.app, updates, "/telegram", SECRET)
    server = app.listen(port, address="127.0.0.1")
    try:
        yield f"http://127.0.0.1:{port}/telegram"
    finally:
        server.stop()


async def test_webhook_checks_secret_and_body(harness: BotHarness) -> None:
    """Missing or wrong secret: 403, no handler runs; not an update: 400; right: handled."""
    update = json.dumps(message_update(LISTENER, LISTENER.id, "/privacy"))
    async with webhook(harness) as url:
        async with httpx.AsyncClient() as client:
            missing = await client.post(url, content=update)
            wrong_header = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            wrong = await client.post(url, content=update, headers=wrong_header)
            statuses = [
                (await client.post(url, content=body, headers=RIGHT)).status_code
                for body in (b"{not json", b"[1, 2]", b'{"hello": "world"}', b"\xff\xfe")
            ]
            replies_before = len(harness.replies(LISTENER.id))
            accepted = await client.post(url, content=update, headers=RIGHT)
        assert (missing.status_code, wrong.status_code) == (403, 403)
        assert replies_before == 0
        assert statuses == [400, 400, 400, 400]
        assert accepted.status_code == 200
        replies = harness.replies(LISTENER.id)  # answered once handled: already there
        assert len(replies) == 1
        assert "What I store" in replies[0]


async def test_webhook_answers_once_handled_and_a_resend_is_not_redone(
    harness: BotHarness,
) -> None:
    """The webhook answers 200 only after the update is handled; the same update sent
    again (Telegram's retry) is not handled twice."""
    update = json.dumps(message_update(LISTENER, LISTENER.id, "/privacy"))
    async with webhook(harness) as url:
        async with httpx.AsyncClient() as client:
            first, again = await asyncio.gather(
                client.post(url, content=update, headers=RIGHT),
                client.post(url, content=update, headers=RIGHT),
            )
            replies_when_answered = harness.replies(LISTENER.id)
            later = await client.post(url, content=update, headers=RIGHT)
        assert (first.status_code, again.status_code, later.status_code) == (200, 200, 200)
        assert len(replies_when_answered) == 1
        assert len(harness.replies(LISTENER.id)) == 1
