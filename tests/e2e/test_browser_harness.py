"""The browser harness itself: it must fail a test on each thing it promises to catch."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import BrowserContext

from tests.support import browser
from tests.support.browser import browsing, check_axe
from tests.support.paths import ROOT
from tools import vendor_assets

Failed = pytest.fail.Exception


def test_a_request_to_another_origin_fails_the_test(
    chromium: BrowserContext, web_server: str
) -> None:
    caught = pytest.raises(Failed, match=r"another origin \(aborted\): GET http://198\.51\.100\.7/")
    with caught, browsing(chromium, web_server, "harness-foreign") as web:
        # a document without a Content-Security-Policy, which would refuse the fetch itself
        web.goto("/healthz", screenshot=False)
        web.page.evaluate("() => fetch('http://198.51.100.7/x.js').catch(() => null)")


def test_console_and_page_errors_fail_the_test(chromium: BrowserContext, web_server: str) -> None:
    with pytest.raises(Failed) as failure, browsing(chromium, web_server, "harness-errors") as web:
        web.goto("/docs", screenshot=False)
        web.page.evaluate("() => console.error('harness: logged')")
        # wait for the event itself: a fixed pause loses the race on a loaded machine
        with web.page.expect_event("pageerror"):
            web.page.evaluate("() => setTimeout(() => { throw new Error('harness: thrown') })")
    assert "harness: logged" in str(failure.value) and "harness: thrown" in str(failure.value)


def test_a_missing_same_origin_file_fails_the_test(
    chromium: BrowserContext, web_server: str
) -> None:
    with pytest.raises(Failed, match="404"), browsing(chromium, web_server, "harness-404") as web:
        web.goto("/docs", screenshot=False)
        web.page.evaluate(
            "() => new Promise(r => { const s = document.createElement('script');"
            " s.src = '/static/no-such-file.js'; s.onerror = r; document.head.append(s); })"
        )


def test_axe_fails_on_a_critical_violation(chromium: BrowserContext, web_server: str) -> None:
    with browsing(chromium, web_server, "harness-axe") as web:
        page = web.goto("/docs", screenshot=False)
        page.evaluate(
            "() => { const i = document.createElement('img');"
            " i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.prepend(i); }"
        )
        with pytest.raises(Failed, match="image-alt"):
            check_axe(page, allow=("nested-interactive",))


def test_screenshots_are_kept(web: browser.Browsing) -> None:
    web.goto("/docs")
    shot = web.shots[-1]
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert shot.is_relative_to(browser.SCREENSHOTS)


def test_absent_chromium_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", ROOT / "no-such-chromium")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="no-such-chromium is missing"):
        browser.require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="need Chromium in CI"):
        browser.require_chromium()


def test_vendored_files_are_checked_against_the_manifest() -> None:
    manifest = vendor_assets.load_manifest()
    assert vendor_assets.check(manifest) == []
    tampered = json.loads(json.dumps(manifest))
    tampered["packages"][0]["files"][0]["sha256"] = "0" * 64
    assert vendor_assets.check(tampered) == [
        f"{tampered['packages'][0]['files'][0]['to']}: sha256 differs from the manifest"
    ]
    assert vendor_assets.tarball_url("@zazuko/yasgui", "4.6.2") == (
        "https://registry.npmjs.org/@zazuko/yasgui/-/yasgui-4.6.2.tgz"
    )
