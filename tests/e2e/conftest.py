"""Fixtures of the whole-system tests: the browser harness (tests/support/browser.py)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Error, Playwright, sync_playwright

from tests.support.browser import CHROMIUM, FLAGS, Browsing, browsing, in_ci, require_chromium
from tests.support.servers import running_server


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    require_chromium()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[BrowserContext]:
    """One headless Chromium for the session, on a fresh user-data dir."""
    profile = Path(tempfile.mkdtemp(prefix="plankg-chromium-"))
    try:
        context = playwright_driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            locale="zh-CN",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            service_workers="block",
        )
    except Error as exc:
        if in_ci():
            raise
        pytest.skip(f"Chromium at {CHROMIUM} does not start: {exc}")
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def web_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`plankg serve` on the bundled plans (it ingests them into the empty store)."""
    require_chromium()  # no server to start when the browser tests skip anyway
    with running_server(tmp_path_factory.mktemp("web") / "store", own_base_iri=True) as url:
        yield url


@pytest.fixture
def web(
    chromium: BrowserContext, web_server: str, request: pytest.FixtureRequest
) -> Iterator[Browsing]:
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
    with browsing(chromium, web_server, name) as session:
        yield session
