"""The /sparql editor page in Chromium: YASGUI on this endpoint with the named queries
as example tabs, and a plain form that works with scripts off."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from playwright.sync_api import Page

from tests.support.browser import Browsing, check_axe
from tests.support.paths import ROOT

CITY = "驻马店市"  # a bundled plan's city, a row of lead-agencies at its default (VOCs)


def test_editor_runs_a_named_query_and_shows_the_table(web: Browsing) -> None:
    page = web.goto("/sparql")
    tabs = page.locator(".yasgui .tabsList .tab")
    tabs.first.wait_for()
    names = tabs.all_inner_texts()
    assert any("lead-agencies" in n for n in names) and any("targets" in n for n in names)
    assert page.locator("#sparql-form").is_hidden()  # YASGUI replaced the plain form
    assert "lead-agencies" in page.locator(".tabsList .tab.active").inner_text()
    page.locator(".yasgui .tabPanel.active .yasqe_queryButton").click()
    table = page.locator(".yasgui .tabPanel.active .yasr table.dataTable")
    table.wait_for()
    page.get_by_role("cell", name=CITY).first.wait_for()
    headers = table.locator("thead th").all_inner_texts()
    assert any("cityName" in h for h in headers) and any("basis" in h for h in headers)
    web.screenshot("sparql-lead-agencies-result")
    check_axe(page)


def test_example_link_opens_its_tab_and_runs_it(web: Browsing) -> None:
    page = web.goto("/sparql", screenshot=False)
    page.locator(".yasgui .tabsList .tab").first.wait_for()
    page.locator("a[data-example='plans']").click()
    assert "plans" in page.locator(".tabsList .tab.active").inner_text()
    page.locator(".yasgui .tabPanel.active .yasr table.dataTable").wait_for()
    page.get_by_role("cell", name=CITY).first.wait_for()
    web.screenshot("sparql-plans-result")


def test_scripts_off_the_form_submits_to_sparql(web: Browsing) -> None:
    web.scripts(enabled=False)
    page = web.goto("/sparql")
    form = page.locator("#sparql-form")
    assert form.is_visible() and page.locator("#yasgui").is_hidden()
    assert "lead-agencies" in page.locator("a[data-example]").first.inner_text()
    web.scripts(enabled=True)  # for axe only: the page's own scripts were skipped at load
    check_axe(page)
    assert page.locator("#sparql-form").is_visible()
    # Chromium does not display application/sparql-results+xml: the answer to the
    # browser's Accept (application/xml;q=0.9) arrives as a file of SPARQL results
    with page.expect_download() as download:
        form.get_by_role("button").click()
    path = download.value.path()
    assert "/sparql?query=" in download.value.url
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "sparql-results" in text and CITY in text


def test_a_sparql_client_without_a_query_still_gets_400(web_server: str) -> None:
    request = urllib.request.Request(
        web_server + "/sparql", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        urllib.request.urlopen(request, timeout=30)
        raise AssertionError("expected 400")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400


def test_the_editor_page_in_english_lists_every_named_query(web_server: str) -> None:
    request = urllib.request.Request(
        web_server + "/sparql?lang=en", headers={"Accept": "text/html,*/*;q=0.8"}
    )
    with urllib.request.urlopen(request, timeout=30) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
        assert "Accept" in r.headers["Vary"]
        page = r.read().decode("utf-8")
    assert '<html lang="en">' in page and "Example queries" in page
    for rq in sorted((ROOT / "queries").glob("*.rq")):
        assert f'data-example="{rq.stem}"' in page, rq.stem
    # every asset the page links is on this origin, stamped with its content hash
    assert "/static/vendor/yasgui/yasgui.min.js?v=" in page
    assert "https://" not in page.split("<main", 1)[0]


def complete_a_class(page: Page) -> None:
    """Type a class after `?x a` and ask for completions (Ctrl-Space)."""
    page.evaluate(
        "() => { const q = window.plankgYasgui.getTab().getYasqe();"
        " q.setValue('PREFIX foaf: <http://xmlns.com/foaf/0.1/>\\nSELECT * WHERE { ?x a ');"
        " q.focus(); q.setCursor(q.lineCount(), 0); }"
    )
    page.keyboard.type("foaf:Pers", delay=50)
    page.keyboard.press("Control+Space")
    page.wait_for_timeout(1500)  # a completer that asks the network would have by now


def test_completion_asks_no_other_origin(web: Browsing) -> None:
    """Class and property completion would ask Linked Open Vocabularies: it is off, and
    the prefix and variable completers work from what the page holds."""
    page = web.goto("/sparql", screenshot=False)
    page.locator(".yasgui .tabsList .tab").first.wait_for()
    complete_a_class(page)
    assert web.foreign == []


def test_the_completion_check_can_fail(web: Browsing) -> None:
    """With YASQE's class completer switched back on, the same typing asks LOV, and the
    page's Content-Security-Policy refuses it (a console error, so a failed test)."""
    page = web.goto("/sparql", screenshot=False)
    page.locator(".yasgui .tabsList .tab").first.wait_for()
    page.evaluate("() => window.plankgYasgui.getTab().getYasqe().enableCompleter('class')")
    complete_a_class(page)
    refusals = [p for p in web.problems if "lov.linkeddata.es" in p]
    assert refusals and "Content Security Policy" in refusals[0], web.problems
    web.problems.clear()  # provoked on purpose


def test_an_answer_cut_at_the_row_limit_says_so(web: Browsing) -> None:
    page = web.goto("/sparql", screenshot=False)
    page.wait_for_function("() => window.plankgYasgui")
    notice = page.locator(".yasgui .tabPanel.active .sparql-cut")

    def run(query: str) -> None:
        page.evaluate(
            "(q) => { const y = plankgYasgui.getTab().getYasqe(); y.setValue(q); y.query(); }",
            query,
        )

    run("SELECT * WHERE { ?s ?p ?o }")  # the bundled plans hold more triples than the cap
    # YASR draws an answer of thousands of rows only while the page is otherwise idle, which
    # a blocking wait (Locator.wait_for) never lets it be: look now and then instead
    for _ in range(120):
        if notice.count():
            break
        page.wait_for_timeout(250)
    text = notice.inner_text()
    chip = page.locator(".yasgui .tabPanel.active .yasr_response_chip").inner_text()
    limit = re.search(r"(\d+) results", chip)
    assert limit is not None and f"{limit.group(1)} 行处截断" in text, (chip, text)
    assert "LIMIT" in text and "OFFSET" in text
    dumps = notice.get_by_role("link").evaluate_all("(ls) => ls.map((l) => l.href)")
    assert any(d.endswith("/dumps/plankg.nq") for d in dumps), dumps
    web.screenshot("sparql-cut")
    check_axe(page)
    run("SELECT * WHERE { ?s ?p ?o } LIMIT 5")  # an answer whole: no word of a cut
    page.locator(".yasgui .tabPanel.active .yasr_response_chip", has_text="5 results").wait_for()
    assert notice.count() == 0
