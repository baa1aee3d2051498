"""The analysts' paths through the web pages in Chromium (tests/support/browser.py): no console
error, no request to another origin, axe clean of serious violations, screenshots kept."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, Playwright, ViewportSize

from tests.support.browser import CHROMIUM, FLAGS, Browsing, check_axe
from tests.support.paths import bundled_cities

CITIES = bundled_cities()


def lead_rows(web: Browsing) -> list[dict[str, str]]:
    r = web.page.request.get(
        web.url("/queries/lead-agencies?topic=VOCs"), headers={"Accept": "application/json"}
    )
    assert r.ok
    rows: list[dict[str, str]] = r.json()
    return rows


def chart_drawn(page: Page, canvas: str) -> bool:
    """Chart.js drew into the canvas (it records the chart on the element)."""
    return bool(page.evaluate(f"() => !!(window.Chart && Chart.getChart('{canvas}'))"))


def results(page: Page) -> int:
    match = re.search(r"共 (\d+) 条结果", page.locator("#total").inner_text())
    assert match is not None
    return int(match.group(1))


def test_home_to_leads_to_evidence(web: Browsing) -> None:
    page = web.goto("/")
    assert page.locator("h1").inner_text()
    check_axe(page)
    page.get_by_role("link", name=re.compile("牵头挥发性有机物")).click()
    page.wait_for_url("**/leads?topic=VOCs")
    web.screenshot("leads-VOCs")
    check_axe(page)
    table = page.locator("#table-leads tbody tr")
    assert table.count() == len(CITIES)
    by_city = {}
    for i in range(table.count()):
        row = table.nth(i)
        by_city[row.locator("td").first.locator("a").inner_text()] = row.inner_text()
    assert set(by_city) == set(CITIES.values())
    for lead in lead_rows(web):
        assert lead["agencyName"] in by_city[lead["cityName"]]
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-summary')")
    assert chart_drawn(page, "chart-summary")

    # one click from a cell to the sentence it came from, in context
    row = table.filter(has_text="定州市")
    note = row.locator("td").nth(2).locator("a").first
    note.click()
    page.wait_for_url(re.compile(r"/id/plan/130682/measure/3-9/resp/\d+$"))
    web.screenshot("evidence")
    evidence = page.locator("#evidence")
    assert (
        "定州市生态环境局按职责分工负责".removeprefix("定州")
        in evidence.locator("mark").first.inner_text()
    )
    assert "挥发性有机物综合整治工程" in evidence.inner_text()
    assert evidence.locator("details blockquote mark").count() == 1
    check_axe(page)


def test_search_in_both_scripts(web: Browsing) -> None:
    page = web.goto("/")
    page.locator("#q").fill("光伏")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/search?q=*")
    web.screenshot("search-guangfu")
    assert results(page) >= 5
    assert page.locator("td.passage mark").first.inner_text() == "光伏"
    check_axe(page)
    page.locator("#q").fill("揮發性有機物")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile("q=%E6%8F%AE"))
    web.screenshot("search-traditional")
    traditional = results(page)
    assert traditional > 0
    assert page.locator("td.passage mark").first.inner_text() == "挥发性有机物"
    web.goto("/search?q=挥发性有机物", screenshot=False)
    assert results(page) == traditional
    # a facet narrows the results to one province
    page.get_by_role("link", name="河北省").click()
    page.wait_for_url(re.compile("province=130000"))
    assert 0 < results(page) < traditional


def test_compare_two_cities(web: Browsing) -> None:
    page = web.goto("/compare")
    page.locator("#cities").select_option(["130682", "511700"])
    page.get_by_role("button", name="对比").click()
    page.wait_for_url(re.compile(r"/compare\?city=130682&city=511700"))
    web.screenshot("compare")
    check_axe(page)
    heads = page.locator("#table-targets thead th").all_inner_texts()
    assert heads[1:] == ["定州市 (130682)", "达州市 (511700)"]
    assert page.locator("#table-leads").inner_text().count("生态环境局") >= 1
    page.wait_for_function(
        "() => window.Chart && document.querySelector('canvas') && Chart.getChart(document.querySelector('canvas'))"
    )


def test_downloads_read_back(web: Browsing, tmp_path: Path) -> None:
    page = web.goto("/leads?topic=VOCs", screenshot=False)
    caption = page.locator("#table-leads caption")
    with page.expect_download() as got:
        caption.get_by_role("link", name="CSV").click()
    path = tmp_path / "leads.csv"
    got.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == page.locator("#table-leads thead th").all_inner_texts()
    assert {r[0] for r in rows[1:]} == set(CITIES.values())
    with page.expect_download() as got:
        caption.get_by_role("link", name="XLSX").click()
    path = tmp_path / "leads.xlsx"
    got.value.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = [list(r) for r in book["leads"].iter_rows(values_only=True)]
    assert sheet[0] == rows[0] and len(sheet) == len(rows)
    assert "summary" in book.sheetnames


def test_city_page_in_english(web: Browsing) -> None:
    page = web.goto("/city/411700?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Measures and responsible agencies").count() == 1
    assert page.locator("blockquote mark").count() > 20
    check_axe(page)
    page.get_by_role("link", name="中文").click()
    page.wait_for_url(re.compile("lang=zh"))
    assert page.locator("html").get_attribute("lang") == "zh-CN"


DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}


def shoot_both(web: Browsing, label: str) -> None:
    """Screenshots of the page at a desktop's width and a phone's (test-artifacts/screenshots)."""
    web.screenshot(f"{label}-desktop")
    web.page.set_viewport_size(PHONE)
    web.screenshot(f"{label}-phone")
    web.page.set_viewport_size(DESKTOP)


def test_overview_map_to_a_province_and_the_agency_types(web: Browsing) -> None:
    page = web.goto("/", screenshot=False)
    tiles = page.locator("figure.map svg a[href^='/province/']")
    assert tiles.count() == 34  # a tile per provincial-level division, each a link
    assert "8%" in (
        page.locator("figure.map a[href='/province/620000']").get_attribute("aria-label") or ""
    )
    check_axe(page)
    shoot_both(web, "overview")
    # the map shows the answer its form asks for
    page.locator("select[name=map]").select_option("lead-agencies")
    page.get_by_role("button", name="显示").click()
    page.wait_for_url(re.compile(r"map=lead-agencies&topic=VOCs"))
    gansu = page.locator("figure.map a[href='/province/620000']")
    assert "工业和信息化部门" in (gansu.get_attribute("aria-label") or "")
    check_axe(page)
    gansu.click()
    page.wait_for_url("**/province/620000")
    assert "天水市" in page.locator("#table-divisions").inner_text()
    check_axe(page)
    shoot_both(web, "province-620000")
    page.locator("#table-divisions").get_by_role("link", name="天水市", exact=True).click()
    page.wait_for_url("**/city/620500")
    page.get_by_role("link", name="甘肃省").click()  # a city's page links to its province
    page.wait_for_url("**/province/620000")

    page.get_by_role("navigation").get_by_role("link", name="部门类型").click()
    page.wait_for_url("**/agencies")
    assert page.locator("#table-types tbody tr").count() > 30
    check_axe(page)
    page.get_by_role("link", name="生态环境部门", exact=True).click()
    page.wait_for_url("**/agencies?type=ecology-environment")
    check_axe(page)
    shoot_both(web, "agencies-ecology-environment")
    # what it leads is one click from the note it came from
    row = page.locator("#table-divisions tbody tr").filter(has_text="定州市")
    row.locator("td").nth(3).locator("a").first.click()
    page.wait_for_url(re.compile(r"/id/plan/130682/measure/[\d-]+/resp/\d+$"))


@pytest.fixture(scope="module")
def no_script_page(playwright_driver: Playwright) -> Iterator[Page]:
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
    try:
        context = browser.new_context(java_script_enabled=False, locale="zh-CN")
        yield context.new_page()
    finally:
        browser.close()


@pytest.mark.parametrize(
    ("path", "table"),
    [
        ("/", "provinces"),
        ("/leads?topic=VOCs", "leads"),
        ("/city/620500", "headline"),
        ("/compare?city=130682&city=620500", "targets"),
        ("/search?q=光伏", "results"),
        ("/province/620000", "divisions"),
        ("/agencies", "types"),
        ("/agencies?type=ecology-environment", "divisions"),
    ],
)
def test_pages_read_with_scripts_off(
    no_script_page: Page, web_server: str, path: str, table: str
) -> None:
    response = no_script_page.goto(web_server + path)
    assert response is not None and response.status == 200
    assert no_script_page.locator(f"#table-{table} tbody tr").count() > 0


def test_the_map_reads_with_scripts_off(no_script_page: Page, web_server: str) -> None:
    response = no_script_page.goto(web_server + "/?map=lead-agencies&topic=NOx")
    assert response is not None and response.status == 200
    assert no_script_page.locator("figure.map svg a[href^='/province/']").count() == 34
    assert no_script_page.locator("figure.map .legend li").count() >= 3
    assert no_script_page.locator("select[name=topic]").input_value() == "NOx"
