"""The collections /cities, /plans, /measures, /targets as pages of the app, over HTTP
(real `plankg serve` on the bundled plans, embedded store and remote Oxigraph): a browser
gets the page, listing the very items the JSON-LD collection gives at the same URL, each
linked to its /id/ page; its filters, pager and downloads; an API client gets the JSON-LD
as before."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.pages import columns, download_header, page, read_csv, read_xlsx
from tests.support.paths import bundled_cities

BASE = "https://w3id.org/plankg/"
CITIES = bundled_cities()
LISTED = [
    ("/cities", "cities"),
    ("/cities?province=410000", "cities"),
    ("/plans", "plans"),
    ("/plans?status=draft", "plans"),
    ("/plans?city=130682", "plans"),
    ("/measures?city=620500&topic=VOCs", "measures"),
    ("/measures?limit=7&offset=3", "measures"),
    ("/targets?city=130682&indicator=energy-intensity-reduction", "targets"),
    ("/targets?limit=20", "targets"),
]


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60, headers={"Accept": "text/html"}) as c:
        yield c


def collection(client: httpx.Client, path: str, accept: str | None = "application/ld+json") -> Any:
    """The JSON-LD collection at PATH, as an API client gets it."""
    r = client.get(path, headers={"Accept": accept} if accept else {"Accept": ""})
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("application/ld+json")
    return r.json()


def listed(html: str, table: str) -> list[str]:
    """The /id/ pages the rows of a table link to from their first cell, in order."""
    body = html.split(f'id="table-{table}"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr><td><a href="(/id/[^"]+)"', body)


@pytest.mark.parametrize(("path", "table"), LISTED)
def test_a_page_lists_what_the_collection_lists(
    client: httpx.Client, path: str, table: str
) -> None:
    items = collection(client, path)["@graph"]
    assert items, path  # each case lists something
    html = page(client, path)
    assert [BASE + href[1:] for href in listed(html, table)] == [i["@id"] for i in items]
    rows = read_csv(client, path + ("&" if "?" in path else "?") + "format=csv")
    header = rows[0]
    assert download_header(header, html, table) == columns(html, table)
    first = columns(html, table)[0]
    assert [r[header.index(f"{first}（链接 IRI）")] for r in rows[1:]] == [i["@id"] for i in items]


def test_rows_show_names_labels_and_codes(client: httpx.Client) -> None:
    cities = read_csv(client, "/cities?format=csv")
    header = cities[0]
    got = {r[header.index("名称（代码）")]: r for r in cities[1:]}
    assert {code: row[0] for code, row in got.items()} == CITIES
    assert got["411700"][1] == "地级" and got["411700"][2] == "河南省"
    assert got["411700"][header.index("省份（代码）")] == "410000"
    plans = read_csv(client, "/plans?status=draft&format=csv")
    header = plans[0]
    assert {r[header.index("地区（代码）")] for r in plans[1:]} == {"330481", "411700", "511700"}
    assert {r[header.index("状态")] for r in plans[1:]} == {"征求意见稿"}
    html = page(client, "/plans?city=620500")
    assert "天政办发〔2022〕75号" in html and 'href="/city/620500"' in html
    targets = read_csv(
        client, "/targets?city=130682&indicator=energy-intensity-reduction&format=csv"
    )
    header = targets[0]
    [row] = targets[1:]
    assert row[0] == "单位地区生产总值能耗降低率" and row[1] == "17.5"
    assert row[header.index("单位（代码）")] == "percent"
    assert row[header.index("范围（代码）")] == "headline"
    measures = read_csv(client, "/measures?city=620500&topic=VOCs&format=csv")
    assert all(r[1] == "天水市“十四五”节能减排综合工作实施方案" for r in measures[1:])


def test_pager_and_form_keep_the_filters(client: httpx.Client) -> None:
    html = page(client, "/measures?city=130682&limit=5")
    assert "<span>第 1–5 条</span>" in html and 'rel="prev"' not in html
    nxt = re.search(r'<a href="([^"]+)" rel="next">', html)
    assert nxt is not None
    second = nxt.group(1).replace("&amp;", "&")
    assert second == "/measures?city=130682&limit=5&offset=5"
    shown = page(client, second)
    assert "<span>第 6–10 条</span>" in shown
    prev = re.search(r'<a href="([^"]+)" rel="prev">', shown)
    assert prev is not None and prev.group(1).replace("&amp;", "&").endswith("offset=0")
    items = collection(client, second)["@graph"]
    assert [BASE + h[1:] for h in listed(shown, "measures")] == [i["@id"] for i in items]
    # the form offers the collection's filters, the ones asked for chosen
    assert '<select name="city">' in shown and '<option value="130682" selected>' in shown
    assert '<select name="topic">' in shown and '<option value="">全部</option>' in shown
    assert '<select name="limit">' in shown and '<option value="5" selected>' in shown
    # the last page has no next
    last = page(client, "/plans?limit=5")
    assert 'rel="next"' in last  # five plans: a full page may have a next one, as the API's
    assert 'rel="next"' not in page(client, "/plans?limit=5&offset=5")


def test_downloads_hold_exactly_the_rows_on_screen(client: httpx.Client) -> None:
    path = "/measures?city=130682&limit=5&offset=5"
    html = page(client, path)
    rows = read_csv(client, path + "&format=csv")
    assert len(rows) == 1 + len(listed(html, "measures")) == 6
    r = client.get(path + "&format=csv")
    assert (
        "measures_city-130682_limit-5_offset-5_table-measures.csv"
        in r.headers["content-disposition"]
    )
    sheets = read_xlsx(client, path + "&format=xlsx")
    assert list(sheets) == ["measures"]
    assert [[str(c or "") for c in row] for row in sheets["measures"]] == rows


def test_pages_are_in_the_app_and_its_language(client: httpx.Client) -> None:
    html = page(client, "/targets?lang=en")
    nav = html.split("</header>", 1)[0]
    assert '<a href="/plans" aria-current="page">Browse</a>' in nav
    assert "<h1>Targets</h1>" in html and 'lang="en"' in html
    assert '<a href="/targets" aria-current="page">Targets</a>' in html  # its own menu
    assert 'href="/cities"' in html and 'href="/measures"' in html
    nav = page(client, "/plans?lang=zh").split("</header>", 1)[0]  # and the cookie back
    assert '<a href="/plans" aria-current="page">数据浏览</a>' in nav


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/measures?topic=vocs", "known: COD"),
        ("/targets?indicator=nope", "indicator notation"),
        ("/plans?colour=red", "unknown parameter colour"),
        ("/plans?status=bogus", "draft, issued"),
        ("/plans?limit=0", "limit=&#39;0&#39;"),
        ("/plans?limit=1001", "1 to 1000"),
        ("/plans?offset=-1", "offset"),
        ("/cities?province=41", "six digits"),
        ("/targets?city=130682%22%20.%20%7D", "six digits"),
        ("/plans?format=pdf", "format=csv"),
    ],
)
def test_bad_requests_are_error_pages(client: httpx.Client, path: str, says: str) -> None:
    assert says in page(client, path, status=400)


def test_api_clients_get_the_json_ld_as_before(client: httpx.Client) -> None:
    for path, _ in LISTED:
        expected = collection(client, path)
        for accept in ("application/json", "*/*", None):
            assert collection(client, path, accept) == expected
        assert expected["@context"].endswith("/context.jsonld")
    r = client.get("/measures?topic=vocs", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.json()["@graph"] == []  # as before: no such topic
    r = client.get("/plans?limit=0", headers={"Accept": "application/ld+json"})
    assert r.status_code in (400, 422)
    assert r.headers["content-type"].startswith("application/problem+json")
    assert json.loads(r.text)["status"] == r.status_code
    r = client.get("/plans?limit=2", headers={"Accept": "application/ld+json"})
    assert 'rel="next"' in r.headers["link"]
