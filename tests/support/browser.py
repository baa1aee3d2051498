"""The browser test harness: Debian's Chromium, headless, driven by Playwright's Python API.

Its fixtures are in tests/e2e/conftest.py:

- `chromium`: one headless Chromium context for the session.
- `web_server`: `plankg serve` on the bundled plans (session-scoped), minting its IRIs
  under its own URL so every link on a page stays on this origin.
- `web`: a fresh page bound to `web_server` (a `Browsing`): `web.goto("/docs")` opens a
  path and keeps a screenshot. At teardown the test fails on any console error, page
  error, or request to another origin (such requests are aborted and recorded).

The tests call `check_axe(page)`: it runs axe-core (tests/vendor/axe-core, not served) on
the page and fails on serious or critical violations.

Chromium is /usr/bin/chromium (PLANKG_CHROMIUM overrides), never a Playwright download.
When it is absent the browser tests skip, except in CI (CI=true), where they fail.
Screenshots go to test-artifacts/screenshots/ (PLANKG_SCREENSHOTS overrides).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    BrowserContext,
    CDPSession,
    ConsoleMessage,
    Page,
    Route,
)

from tests.support.paths import ROOT

CHROMIUM = Path(os.environ.get("PLANKG_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(os.environ.get("PLANKG_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
SERIOUS = ("serious", "critical")
# What a page may load besides its own origin: inline data, never the network.
LOCAL_SCHEMES = ("data", "blob", "about")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    if in_ci():
        pytest.fail(f"browser tests need Chromium in CI: {reason}")
    pytest.skip(reason)


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


@dataclass
class Browsing:
    """A page bound to one server, recording what would make a test fail."""

    page: Page
    base: str
    name: str
    problems: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)
    cdp: CDPSession | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str, screenshot: bool = True) -> Page:
        """Open PATH on the server; fail unless it answers 200; keep a screenshot."""
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None, f"GET {path}: no response"
        assert response.status == 200, f"GET {path}: status {response.status}"
        if screenshot:
            self.screenshot(path)
        return self.page

    def scripts(self, enabled: bool) -> None:
        """Turn JavaScript on this page off (what a reader with scripts off sees from the
        next load on) or back on; the context is shared, so only this page is affected.
        Turn it back on before `check_axe`: axe is a script (the page's own scripts that
        were skipped do not run again)."""
        if self.cdp is None:  # kept open: closing the session would undo the setting
            self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Emulation.setScriptExecutionDisabled", {"value": not enabled})

    def screenshot(self, label: str) -> Path:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "_", label).strip("_") or "root"
        target = SCREENSHOTS / f"{self.name}-{len(self.shots):02d}-{slug[:80]}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(target), full_page=True)
        self.shots.append(target)
        return target

    def failures(self) -> list[str]:
        out = [f"console/page error: {p}" for p in self.problems]
        out += [f"request to another origin (aborted): {u}" for u in self.foreign]
        return out


def _watch(browsing: Browsing) -> None:
    page, own = browsing.page, origin(browsing.base)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            browsing.problems.append(
                f"{message.text} ({where.get('url')}:{where.get('lineNumber')})"
            )

    def on_route(route: Route) -> None:
        url = route.request.url
        scheme = urlsplit(url).scheme
        if origin(url) == own or scheme in LOCAL_SCHEMES:
            route.continue_()
        else:
            browsing.foreign.append(f"{route.request.method} {url}")
            route.abort("blockedbyclient")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: browsing.problems.append(f"uncaught: {exc}"))
    page.route("**/*", on_route)


@contextmanager
def browsing(context: BrowserContext, base: str, name: str) -> Iterator[Browsing]:
    """A new page on `base`; fails the test afterwards on errors or foreign requests.
    The context is shared by the session: its cookies (the language chosen) are cleared,
    so each test starts as a first visit."""
    context.clear_cookies()
    page = context.new_page()
    page.set_default_timeout(20_000)
    session = Browsing(page, base.rstrip("/"), name)
    _watch(session)
    try:
        yield session
        page.wait_for_load_state("load")
    finally:
        failures = session.failures()
        page.close()
    if failures:
        pytest.fail(f"{name}:\n  " + "\n  ".join(failures), pytrace=False)


def check_axe(page: Page, allow: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on serious or critical violations
    (rule ids in `allow` excepted). Returns all violations, for a test to look further.
    The script is evaluated over the DevTools protocol, so a page's CSP does not stop it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    serious = [v for v in violations if v.get("impact") in SERIOUS and v["id"] not in allow]
    if serious:
        lines = []
        for v in serious:
            targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
            lines.append(f"{v['impact']} {v['id']}: {v['help']} — {targets}")
        pytest.fail(f"axe on {page.url}:\n  " + "\n  ".join(lines), pytrace=False)
    return violations
