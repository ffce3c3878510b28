"""Headless Chromium from the system's packages (Debian's chromium and chromium-driver),
for the studio page's browser test and benchmark; never a downloaded browser."""

from __future__ import annotations

import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1920,1080",
)  # fmt: skip


def new_browser(profile: Path) -> WebDriver:
    """Headless Chromium from the system's packages, with a fresh profile, never downloaded."""
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        msg = "chromium and chromium-driver are missing: `make test` installs them"
        raise RuntimeError(msg)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    metrics = {"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # the studio screen
    return driver
