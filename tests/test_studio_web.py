"""The studio page over HTTP: nothing without a session, one-time links, CSRF, escaping."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import httpx
import pytest

from bot.base.clock import FixedClock
from bot.delivery.service import DeliveryService
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from bot.studio.access import LINK_TTL, LOGINS_PER_WINDOW
from bot.studio.service import StudioService
from tests.conftest import ADMIN, BRUSSELS
from tests.polls_helpers import open_seed
from tests.studio_helpers import base_url, login_link, send_message, studio_open

ANNE = Person(21, "Anne", "fr")


async def _client(harness: BotHarness) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url(harness), follow_redirects=False, timeout=5)


@asynccontextmanager
async def _logged_in(harness: BotHarness) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(harness) as client:
        answer = await client.get(await login_link(harness))
        assert answer.status_code == 200
        yield client


async def test_page_needs_a_session(harness: BotHarness) -> None:
    """Without a session the page, the stream, the PNG and an action answer 401."""
    async with await _client(harness) as client:
        for path in ("/", "/events", "/poll/1", "/poll/1.png"):
            answer = await client.get(path)
            assert answer.status_code == 401, path
            assert "/studio" in answer.text
        assert (await client.post("/messages/1/star")).status_code in (401, 403)


async def test_login_link_works_once_and_sets_a_strict_cookie(harness: BotHarness) -> None:
    """A /studio link logs in once (HttpOnly, SameSite=Strict cookie); used again it is 410."""
    link = await login_link(harness)
    async with await _client(harness) as client:
        first = await client.get(link)
        assert first.status_code == 200
        cookie = first.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        assert "max-age" in cookie or "expires" in cookie
        page = await client.get("/")
        assert page.status_code == 200
        assert "Sondage" in page.text  # the station's language: French by default
    async with await _client(harness) as other:
        again = await other.get(link)
        assert again.status_code == 410
        assert (await other.get("/")).status_code == 401


async def test_login_link_names_the_port_the_page_really_listens_on(harness: BotHarness) -> None:
    """Told to listen on port 0, the studio gives a login link with the port the system picked."""
    assert harness.services.core.settings.studio_listen.endswith(":0")
    await harness.say(ADMIN, ADMIN.id, "/studio")
    message = harness.latest_with_buttons(ADMIN.id)
    assert message is not None
    [link] = [button["url"] for button in message.buttons() if "url" in button]
    assert link.startswith(f"{base_url(harness)}/login?t=")
    assert not link.startswith("http://127.0.0.1:0/")
    async with httpx.AsyncClient(follow_redirects=False, timeout=5) as client:
        assert (await client.get(link)).status_code == 200


async def test_forged_expired_and_tampered_are_refused(
    harness: BotHarness, clock: FixedClock
) -> None:
    """A forged link is 403, an expired one 410, a tampered cookie reads as no session."""
    link = await login_link(harness)
    async with await _client(harness) as client:
        forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
        assert (await client.get(forged)).status_code == 403
        assert (await client.get("/login?t=nonsense")).status_code == 403
        clock.advance(seconds=LINK_TTL.total_seconds() + 1)
        assert (await client.get(link)).status_code == 410
        clock.advance(seconds=-LINK_TTL.total_seconds() - 1)
    async with _logged_in(harness) as client:
        value = client.cookies["studio_session"]
        client.cookies.set("studio_session", value[:-4] + "abcd", domain="127.0.0.1")
        assert (await client.get("/")).status_code == 401


async def test_actions_need_the_csrf_token(harness: BotHarness, clock: FixedClock) -> None:
    """A POST without the CSRF token is 403 and changes nothing; with it, the star is set."""
    studio_open(clock)
    await send_message(harness, ANNE, "Bonjour le studio")
    async with _logged_in(harness) as client:
        page = await client.get("/")
        token = page.text.split('data-xsrf="', 1)[1].split('"', 1)[0]
        refused = await client.post("/messages/1/star")
        assert refused.status_code == 403
        assert "jeton de sécurité" in refused.text
        assert not (await harness.services.get(StudioService).inbox.get(1)).starred  # type: ignore[union-attr]
        done = await client.post("/messages/1/star", headers={"X-XSRFToken": token})
        assert done.status_code == 204
        assert (await harness.services.get(StudioService).inbox.get(1)).starred  # type: ignore[union-attr]
        missing = await client.post("/messages/99/star", headers={"X-XSRFToken": token})
        assert missing.status_code == 404


async def test_listener_html_is_escaped(harness: BotHarness, clock: FixedClock) -> None:
    """A message holding <script> is shown as text, never as markup."""
    studio_open(clock)
    await send_message(harness, ANNE, "<script>alert('x')</script> <b>bold</b>")
    async with _logged_in(harness) as client:
        page = (await client.get("/")).text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
        assert "&lt;b&gt;bold&lt;/b&gt;" in page


async def test_logout_ends_the_session(harness: BotHarness) -> None:
    """After logging out, the old cookie opens nothing."""
    async with _logged_in(harness) as client:
        cookie = client.cookies["studio_session"]
        page = await client.get("/")
        token = page.text.split('data-xsrf="', 1)[1].split('"', 1)[0]
        out = await client.post("/logout", data={"_xsrf": token})
        assert out.status_code == 200
    async with await _client(harness) as stale:
        stale.cookies.set("studio_session", cookie, domain="127.0.0.1")
        assert (await stale.get("/")).status_code == 401


async def test_logins_are_rate_limited(harness: BotHarness) -> None:
    """Past the limit of login attempts from one address, logins answer 429."""
    async with await _client(harness) as client:
        codes = [(await client.get("/login?t=x")).status_code for _ in range(LOGINS_PER_WINDOW)]
        assert set(codes) == {403}
        assert (await client.get(await login_link(harness))).status_code == 429


async def test_link_and_cookie_never_logged(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """The login link's token and the session cookie appear in no log line."""
    caplog.set_level(logging.DEBUG)
    link = await login_link(harness)
    token = link.split("t=", 1)[1]
    async with await _client(harness) as client:
        await client.get(link)
        cookie = client.cookies["studio_session"]
        await client.get("/")
        await client.get(link)  # refused: used
    logged = "\n".join(
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith(("httpx", "httpcore"))  # this test's own client
    )
    assert "/login" in logged  # the requests are logged …
    assert token not in logged  # … without the token
    assert token.split(".")[0] not in logged
    assert cookie not in logged


async def test_full_screen_png_is_1920_by_1080(harness: BotHarness) -> None:
    """The full-screen result view exists per poll, and its PNG is 1920×1080."""
    await open_seed(harness)
    async with _logged_in(harness) as client:
        view = await client.get("/poll/1")
        assert view.status_code == 200
        assert "data-voters" in view.text
        png = await client.get("/poll/1.png")
        assert png.headers["content-type"] == "image/png"
        width = int.from_bytes(png.content[16:20], "big")
        height = int.from_bytes(png.content[20:24], "big")
        assert (width, height) == (1920, 1080)


async def _first_event(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """The first data line the event stream sends."""
    async with client.stream("GET", "/events", headers=headers) as stream:
        async for line in stream.aiter_lines():
            if line.startswith("data:"):
                return line
    return ""


async def test_stream_catches_up_after_a_reconnect(harness: BotHarness, clock: FixedClock) -> None:
    """A page reconnecting with its last event id gets only what changed since; a page from
    another run of the bot gets everything."""
    studio_open(clock)
    async with _logged_in(harness) as client:
        page = (await client.get("/")).text
        last = page.split('data-last-event="', 1)[1].split('"', 1)[0]
        await send_message(harness, ANNE, "Pendant la coupure")
        missed = await _first_event(client, {"Last-Event-ID": last})
        assert "Pendant la coupure" in missed
        assert '"poll"' not in missed  # unchanged sections are not sent again
        everything = await _first_event(client, {"Last-Event-ID": "0000-1"})
        assert '"poll"' in everything
        assert "Pendant la coupure" in everything


async def test_page_shows_on_air_and_the_fanout(harness: BotHarness, clock: FixedClock) -> None:
    """During the show the page says ON AIR; a published article's fan-out shows sent of queued."""
    clock.set(datetime(2026, 11, 30, 18, 30, tzinfo=BRUSSELS))
    await harness.say(ANNE, ANNE.id, "/subscribe")
    await harness.say(ADMIN, ADMIN.id, "/publish Studio test | Body. | https://example.org/s | x")
    await harness.services.get(DeliveryService).drain(5)
    async with _logged_in(harness) as client:
        page = (await client.get("/")).text
        assert "À L&#39;ANTENNE" in page
        assert "fin à 19:00" in page
        assert "1 envoyés sur 1" in page
        assert "Studio test" in page  # published today
