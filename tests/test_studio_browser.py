"""The studio page in a real headless Chromium (Debian's, driven by Selenium): log in, live
bars, a listener's message starred and pinned, a cut connection, reload, log out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from bench.browser import new_browser
from bot.base.clock import FixedClock
from bot.runtime.console.harness import BotHarness
from bot.runtime.console.updates import Person
from bot.runtime.studio_web.server import StudioServer
from tests.polls_helpers import manual_timer, open_seed
from tests.studio_helpers import base_url, login_link, send_message, studio_open

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
WAIT_S = 5.0


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """A headless Chromium, quit after the test."""
    driver = new_browser(tmp_path / "chromium-profile")
    try:
        yield driver
    finally:
        driver.quit()


async def until(driver: WebDriver, condition: Callable[[WebDriver], Any]) -> Any:
    """Wait (in a thread: the server runs on this loop) for a DOM condition, at most WAIT_S."""
    wait = WebDriverWait(driver, WAIT_S, 0.02, ignored_exceptions=[StaleElementReferenceException])
    return await asyncio.to_thread(wait.until, condition)


def voters_shown(driver: WebDriver) -> str | None:
    """The voters the page's poll shows."""
    views = driver.find_elements(By.CSS_SELECTOR, "#s-poll .poll-view")
    return views[0].get_attribute("data-voters") if views else None


def messages_shown(driver: WebDriver) -> list[str]:
    """The inbox's message texts, top to bottom."""
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#s-inbox .msg .text")]


async def test_studio_page_in_chromium(
    harness: BotHarness, clock: FixedClock, browser: WebDriver
) -> None:
    """The page logs in with a /studio link, follows votes and messages live, says when it
    reconnects and catches up, keeps its session on reload and refuses once logged out."""
    studio_open(clock)
    manual_timer(harness)  # Telegram-side edits wait: only the page is being watched
    poll = await open_seed(harness)
    base = base_url(harness)
    await asyncio.to_thread(browser.get, base + await login_link(harness))
    await until(browser, lambda d: voters_shown(d) == "0")
    assert "Would the Belgians be ready" in browser.find_element(By.ID, "s-poll").text
    await asyncio.to_thread(browser.execute_script, "window.notReloaded = true;")

    for number in range(20):
        await harness.press(Person(100 + number, f"Voter {number}"), poll, f"pv:1:{number % 3}")
    await until(browser, lambda d: voters_shown(d) == "20")
    bars = browser.find_element(By.ID, "s-poll").text.replace("\N{NO-BREAK SPACE}", " ")
    assert "35 % (7)" in bars  # the page speaks the station's French
    assert "30 % (6)" in bars
    assert browser.execute_script("return window.notReloaded === true;")

    await send_message(harness, Person(31, "Anne", "fr"), "Première <b>question</b>")
    clock.advance(seconds=30)
    await send_message(harness, Person(32, "Jan", "nl"), "Tweede vraag")
    both = ["Tweede vraag", "Première <b>question</b>"]  # newest first
    await until(browser, lambda d: messages_shown(d) == both)
    star_second = "document.querySelectorAll('#s-inbox .msg [data-action=star]')[1].click();"
    await asyncio.to_thread(browser.execute_script, star_second)  # one step: no stale element
    await until(browser, lambda d: messages_shown(d)[0] == "Première <b>question</b>")
    assert "starred" in (
        browser.find_element(By.CSS_SELECTOR, "#s-inbox .msg").get_attribute("class") or ""
    )
    server = harness.app.bot_data.web
    assert isinstance(server, StudioServer)
    await server.drop_connections()  # the network is cut: the page says so, then catches up
    await until(browser, lambda d: d.find_element(By.ID, "reconnecting").is_displayed())
    await send_message(harness, Person(33, "Ben"), "While cut off")
    await until(browser, lambda d: "While cut off" in messages_shown(d))
    assert not browser.find_element(By.ID, "reconnecting").is_displayed()

    ARTIFACTS.mkdir(exist_ok=True)
    await asyncio.to_thread(browser.save_screenshot, str(ARTIFACTS / "studio.png"))

    await asyncio.to_thread(browser.refresh)
    await until(browser, lambda d: voters_shown(d) == "20")
    assert not browser.execute_script("return window.notReloaded === true;")

    await asyncio.to_thread(browser.find_element(By.ID, "logout").click)
    await until(browser, lambda d: "/studio" in d.find_element(By.ID, "message").text)
    await asyncio.to_thread(browser.get, base + "/")
    await until(browser, lambda d: "/studio" in d.find_element(By.ID, "message").text)
    assert not browser.find_elements(By.ID, "s-poll")
