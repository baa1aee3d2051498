"""The analysts' paths through the web pages in Chromium (tests/support/browser.py): no console
error, no request to another origin, axe clean of serious violations, screenshots kept."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, ViewportSize

from tests.support.browser import CHROMIUM, FLAGS, SCREENSHOTS, Browsing, check_axe
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
    assert heads[1:] == ["单位", "定州市 (130682)", "达州市 (511700)"]
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
    shown = page.locator("#table-leads thead th").all_inner_texts()
    assert rows[0][: len(shown)] == shown  # the page's columns first, in its order
    assert {r[0] for r in rows[1:]} == set(CITIES.values())
    # then what the page links to: the division code, the evidence's IRI and link
    text = path.read_text(encoding="utf-8-sig")
    by_city = {r["地区"]: r for r in csv.DictReader(io.StringIO(text))}
    for lead in lead_rows(web):
        row = by_city[lead["cityName"]]
        assert row["地区（代码）"] == lead["cityCode"]
        assert row["地区（链接）"] == web.url(f"/city/{lead['cityCode']}")
        evidence = row["牵头部门（链接 IRI）"]
        assert evidence.startswith(web.url("/id/plan/")) and "/resp/" in evidence
        assert row["牵头部门（链接）"] == evidence  # this server mints its IRIs under its URL
        assert row["措施（链接 IRI）"] == lead["measure"]
    with page.expect_download() as got:
        caption.get_by_role("link", name="XLSX").click()
    path = tmp_path / "leads.xlsx"
    got.value.save_as(path)
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = [list(r) for r in book["leads"].iter_rows(values_only=True)]
    assert sheet[0] == rows[0] and len(sheet) == len(rows)
    summary = [list(r) for r in book["summary"].iter_rows(values_only=True)]
    assert summary[0][2] == "占比（%）"  # 60 is 60 %, and says so
    assert sum(row[2] for row in summary[1:]) == pytest.approx(100, abs=0.5)


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


def test_browse_the_collections_filter_page_and_download(web: Browsing, tmp_path: Path) -> None:
    page = web.goto("/", screenshot=False)
    page.locator("header nav").get_by_role("link", name="数据浏览").click()
    page.wait_for_url("**/plans")
    assert page.locator("#table-plans tbody tr").count() == len(CITIES)
    check_axe(page)
    page.locator("select[name=status]").select_option("draft")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"/plans\?city=&status=draft&limit=100$"))
    names = page.locator("#table-plans tbody tr td:first-child a").all_inner_texts()
    assert len(names) == 3 and all("方案" in n for n in names)
    # the download holds exactly the rows on screen, in their order
    with page.expect_download() as got:
        page.locator("#table-plans caption").get_by_role("link", name="CSV").click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert path.name == "plans_status-draft_limit-100_offset-0_table-plans.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == names
    shoot_both(web, "plans-draft")

    page.locator("nav.views").get_by_role("link", name="措施").click()
    page.wait_for_url("**/measures")
    page.locator("select[name=city]").select_option("620500")
    page.locator("select[name=limit]").select_option("20")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"city=620500&topic=&limit=20$"))
    first = page.locator("#table-measures tbody tr").count()
    assert first == 20
    page.get_by_role("link", name="下一页").click()  # the pager keeps the filters
    page.wait_for_url(re.compile(r"city=620500&topic=&limit=20&offset=20$"))
    assert page.locator("select[name=city]").input_value() == "620500"
    check_axe(page)
    row = page.locator("#table-measures tbody tr").first
    assert "天水市" in row.inner_text()
    row.locator("td").first.locator("a").click()  # each row opens its evidence
    page.wait_for_url(re.compile(r"/id/plan/620500/measure/[\d-]+$"))


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
        ("/cities", "cities"),
        ("/targets?city=620500", "targets"),
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


def plans_by_status(web: Browsing) -> dict[str, set[str]]:
    """The bundled plans' division codes, by status (draft, issued), from the API."""
    r = web.page.request.get(web.url("/queries/plans"), headers={"Accept": "application/json"})
    assert r.ok
    out: dict[str, set[str]] = {}
    for row in r.json():
        out.setdefault(row["status"], set()).add(row["cityCode"])
    return out


def bar_heights(page: Page, canvas: str) -> list[float]:
    """The drawn height in pixels of every bar with a value, of a vertical bar chart."""
    heights: list[float] = page.evaluate(
        """(id) => {
          const chart = Chart.getChart(id);
          const out = [];
          chart.data.datasets.forEach((ds, i) => {
            chart.getDatasetMeta(i).data.forEach((bar, j) => {
              if (ds.data[j] !== null) out.push(Math.abs(bar.base - bar.y));
            });
          });
          return out;
        }""",
        canvas,
    )
    return heights


def test_compare_charts_keep_every_bar_visible(web: Browsing) -> None:
    # 海宁市's coal total (1.19 million t) beside key-project cuts of 15–14,798 t
    page = web.goto("/compare?city=330481&city=130682&city=620500&city=411700")
    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas').length")
    canvases = page.locator("canvas").evaluate_all("(cs) => cs.map((c) => c.id)")
    assert len(canvases) >= 4
    page.wait_for_function(
        "(ids) => ids.every((id) => Chart.getChart(id))", arg=canvases, timeout=20_000
    )
    for canvas in canvases:
        heights = bar_heights(page, canvas)
        assert heights and min(heights) >= 3, (canvas, heights)
    # the page says how the charts are cut, and the table keeps the exact numbers
    assert "factor of 100" in web.page.locator("main").inner_text() or "百倍" in (
        page.locator("main").inner_text()
    )
    targets = page.locator("#table-targets").inner_text()
    assert "1190000" in targets and "15 吨" in targets
    check_axe(page)


def test_count_charts_have_whole_number_ticks(web: Browsing) -> None:
    page = web.goto("/leads?topic=VOCs")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-summary')")
    ticks: list[float] = page.evaluate(
        "() => Chart.getChart('chart-summary').scales.x.ticks.map((t) => t.value)"
    )
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), ticks


def test_english_chart_labels_are_whole(web: Browsing) -> None:
    page = web.goto("/leads?topic=VOCs&lang=en")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-summary')")
    got = chart_labels(page)
    web.goto("/leads?topic=VOCs&lang=zh", screenshot=False)  # the shared context's cookie
    assert got["shown"] == got["labels"], got  # no label skipped
    assert got["widest"] <= got["room"], got  # none cut at the chart's edge
    assert "Industry and Information Technology Bureau" in got["text"]


def chart_labels(page: Page) -> dict[str, Any]:
    """The summary chart's label axis: labels given and drawn, the widest line drawn and
    the room the axis has for it, in pixels."""
    got: dict[str, Any] = page.evaluate(
        """() => {
          const chart = Chart.getChart('chart-summary');
          const axis = chart.scales.y;
          const ctx = chart.ctx;
          ctx.save();
          ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string;
          const lines = axis.ticks.flatMap((t) => [].concat(t.label));
          const widest = Math.max(...lines.map((l) => ctx.measureText(l).width));
          ctx.restore();
          return {shown: axis.ticks.length, labels: chart.data.labels.length,
                  widest: widest, room: axis.width,
                  text: lines.join(' ')};
        }"""
    )
    return got


@pytest.mark.parametrize(
    "path",
    ["/leads?topic=VOCs", "/city/130682?lang=en", "/compare?city=130682&city=511700"],
)
def test_tables_stay_readable_on_a_phone(
    chromium: BrowserContext, web_server: str, path: str
) -> None:
    page = chromium.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        response = page.goto(web_server + path)
        assert response is not None and response.status == 200
        page.screenshot(
            path=str(SCREENSHOTS / f"phone-{re.sub(r'[^A-Za-z0-9]+', '_', path)}.png"),
            full_page=True,
        )
        # the page itself does not scroll sideways; a table scrolls in its own box
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        narrow = page.evaluate(
            """() => [...document.querySelectorAll('.table-wrap td, .table-wrap th')]
                 .filter((c) => c.innerText.trim().length >= 4)
                 .map((c) => [c.innerText.trim().slice(0, 20),
                              c.getBoundingClientRect().width /
                              parseFloat(getComputedStyle(c).fontSize)])
                 .filter(([, ems]) => ems < 4)"""
        )
        assert not narrow, narrow[:5]  # no column a character or two wide
        check_axe(page)
    finally:
        page.goto(web_server + "/search?lang=zh")  # the shared context's language cookie
        page.close()


def test_leads_topic_menu_says_what_each_topic_holds(web: Browsing) -> None:
    page = web.goto("/leads?topic=VOCs")
    options = page.locator("select[name=topic] option").all_inner_texts()
    assert all(re.search(r"（\d+ 个地区）$", o) for o in options), options
    vocs = next(o for o in options if o.startswith("挥发性有机物"))
    assert vocs.endswith(f"（{len(CITIES)} 个地区）")
    nox = next(o for o in options if o.startswith("氮氧化物"))
    shown = int(re.findall(r"\d+", nox)[-1])
    page.locator("select[name=topic]").select_option("NOx")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile("topic=NOx"))
    rows = page.locator("#table-leads tbody tr")
    if shown == 0:  # the menu said so, and the page says where NOx work is
        assert rows.count() == 1 and "没有" in rows.first.inner_text()
        hint = page.locator("p.hint")
        assert "涉及该主题" in hint.inner_text()
        hint.get_by_role("link").click()
        page.wait_for_url(re.compile("match=any"))
        assert page.locator("#table-leads tbody tr").count() > 0
        assert "没有符合条件" not in page.locator("#table-leads").inner_text()
    else:
        assert rows.count() == shown
    check_axe(page)


def test_drafts_are_marked_in_the_table_and_the_downloads(web: Browsing, tmp_path: Path) -> None:
    status = plans_by_status(web)
    assert status.get("draft") and status.get("issued")
    page = web.goto("/leads?topic=VOCs")
    rows = page.locator("#table-leads tbody tr")
    for i in range(rows.count()):
        first = rows.nth(i).locator("td").first
        code = first.locator("small.note").inner_text()
        badge = first.locator(".badge")
        if code in status["draft"]:
            assert badge.inner_text() == "征求意见稿", code
        else:
            assert badge.count() == 0, code
    with page.expect_download() as got:
        page.locator("#table-leads caption").get_by_role("link", name="CSV").click()
    path = tmp_path / "leads.csv"
    got.value.save_as(path)
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for row in table:
        expected = "征求意见稿" if row["地区（代码）"] in status["draft"] else "已印发"
        assert row["方案状态"] == expected, row


def test_city_page_compare_link_opens_the_picker(web: Browsing) -> None:
    page = web.goto("/city/130682")
    link = page.get_by_role("link", name="城市对比").last
    with page.expect_response(re.compile(r"/compare\?")) as answer:
        link.click()
    assert answer.value.status == 200
    chosen = page.locator("#cities option:checked").evaluate_all("(os) => os.map((o) => o.value)")
    assert chosen == ["130682"]
    page.locator("#cities").select_option(["130682", "620500"])
    page.get_by_role("button", name="对比").click()
    page.wait_for_url(re.compile(r"/compare\?city=130682&city=620500"))
    assert page.locator("#table-targets").count() == 1
    check_axe(page)


@pytest.mark.parametrize("topic", ["vocs", "挥发性有机物"])
def test_a_topic_that_is_no_notation_is_refused_naming_the_known(
    chromium: BrowserContext, web_server: str, topic: str
) -> None:
    page = chromium.new_page()  # not `web`: the 400 it must get is a console error there
    try:
        response = page.goto(web_server + "/leads?topic=" + topic)
        assert response is not None and response.status == 400
        alert = page.get_by_role("alert").inner_text()
        assert f"topic={topic!r}" in alert and "did you mean 'VOCs'?" in alert, alert
        assert "known: COD, NH3-N, NOx, VOCs" in alert and "^[" not in alert, alert
        api = page.request.get(web_server + "/queries/lead-agencies?topic=" + topic)
        assert api.status == 400 and api.json()["detail"] == alert
    finally:
        page.close()


def test_search_finds_the_same_passages_for_a_term_and_its_synonyms(web: Browsing) -> None:
    counts = {}
    for q in ("VOCs", "挥发性有机物", "VOC"):
        page = web.goto("/search?q=" + q, screenshot=False)
        counts[q] = results(page)
    assert len(set(counts.values())) == 1 and counts["VOCs"] > 4, counts
    said = page.locator("#synonyms").inner_text()
    assert "挥发性有机物" in said and "VOCs" in said
    web.screenshot("search-synonyms")


def test_downloads_are_named_for_page_filters_and_table(web: Browsing, tmp_path: Path) -> None:
    names = set()
    for path, table in [
        ("/leads?topic=VOCs", "leads"),
        ("/leads?topic=VOCs", "summary"),
        ("/leads?topic=NOx&match=any", "leads"),
    ]:
        page = web.goto(path, screenshot=False)
        with page.expect_download() as got:
            page.locator(f"#table-{table} caption").get_by_role("link", name="CSV").click()
        names.add(got.value.suggested_filename)
    assert names == {
        "leads_topic-VOCs_match-primary_table-leads.csv",
        "leads_topic-VOCs_match-primary_table-summary.csv",
        "leads_topic-NOx_match-any_table-leads.csv",
    }
    page = web.goto("/search?q=光伏", screenshot=False)
    with page.expect_download() as got:
        page.locator("#total").get_by_role("link", name="XLSX").click()
    assert got.value.suggested_filename == "search_q-光伏.xlsx"
