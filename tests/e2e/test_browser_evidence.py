"""Evidence pages, /ontology and /about in Chromium (tests/support/browser.py): read with
scripts on and off, no console error, no request to another origin, axe clean of serious
violations; from an evidence page to the ontology's term and back to the plan; the
evidence page kept as screenshots at desktop (1280 px) and phone (390 px) widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, ViewportSize

from tests.support.browser import Browsing, check_axe

CONVENTION_LEAD = "/id/plan/330481-draft/measure/3-2/resp/1"
PHONE: ViewportSize = {"width": 390, "height": 844}


def _shows(page: Page, path: str) -> None:
    """What each page must show, scripts or not."""
    assert page.locator("header nav a[href='/ontology']").count() == 1
    heading = page.locator("h1").inner_text()
    assert heading and "://" not in heading
    if path == CONVENTION_LEAD:
        assert "列第一位的，为牵头单位" in page.locator("#convention").inner_text()
        assert page.locator("#convention mark").inner_text() == "列第一位的，为牵头单位"
        assert page.locator("#evidence blockquote mark").count() >= 1
        assert page.locator("section.citation pre.cite-text").count() == 1
    elif path == "/ontology":
        assert page.locator("tr#Plan").count() == 1
        assert page.locator("#scheme-lead-basis tr#lead-basis-document-convention").count() == 1
    else:
        assert page.locator("#table-glossary-lead-basis tbody tr").count() == 3
        assert page.locator("a[href='/dumps/plankg.nq']").count() >= 1


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts-on", "scripts-off"])
@pytest.mark.parametrize("path", [CONVENTION_LEAD, "/ontology", "/about"])
def test_pages_with_scripts_on_and_off(web: Browsing, path: str, scripts: bool) -> None:
    web.scripts(scripts)
    page = web.goto(path, screenshot=scripts)
    _shows(page, path)
    web.scripts(True)
    check_axe(page)


def _no_sideways_scroll(page: Page) -> None:
    """The page fits the screen's width; only a wide table scrolls, inside its box."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None and width <= viewport["width"], width


def test_evidence_page_at_desktop_and_phone_widths(web: Browsing) -> None:
    page = web.goto(CONVENTION_LEAD, screenshot=False)
    web.screenshot("evidence-desktop-1280")
    _no_sideways_scroll(page)
    page.set_viewport_size(PHONE)
    page.reload(wait_until="load")
    web.screenshot("evidence-phone-390")
    _no_sideways_scroll(page)
    check_axe(page)


def test_from_evidence_to_the_ontology_and_the_plan(web: Browsing) -> None:
    page = web.goto("/id/plan/330481-draft/measure/3-2/resp/1?lang=en", screenshot=False)
    # a property's label leads to its term on /ontology
    page.locator("#table-properties").get_by_role("link", name="lead basis", exact=True).click()
    page.wait_for_url(re.compile(r"/ontology#leadBasis$"))
    assert page.locator("tr#leadBasis").is_visible()
    assert "lead basis" in page.locator("tr#leadBasis").inner_text()
    check_axe(page)
    page.go_back()
    # the cited plan is one click away, and its page states the convention too
    page.locator("section.citation dd a").first.click()
    page.wait_for_url(re.compile(r"/id/plan/330481-draft(\?.*)?$"))
    assert "列第一位的，为牵头单位" in page.locator("#convention").inner_text()
    web.screenshot("plan-330481-draft")
