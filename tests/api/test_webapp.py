"""The web pages over HTTP (real `plankg serve`, embedded store and remote Oxigraph):
every route, its CSV/XLSX downloads read back, its bad inputs, the search index."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.cli import Run
from tests.support.pages import columns, page, read_csv, read_xlsx
from tests.support.paths import PLANS, bundled_cities
from tests.support.servers import oxigraph_server, serving

CITIES = bundled_cities()


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def lead_rows(client: httpx.Client, topic: str = "VOCs") -> list[dict[str, str]]:
    r = client.get(f"/queries/lead-agencies?topic={topic}", headers={"Accept": "application/json"})
    assert r.status_code == 200
    rows: list[dict[str, str]] = r.json()
    return rows


def test_home_shows_what_the_dataset_holds(client: httpx.Client) -> None:
    html = page(client, "/")
    for code, name in CITIES.items():
        assert f'href="/city/{code}"' in html and name in html
    assert 'action="/search"' in html and 'href="/leads?topic=VOCs"' in html
    rows = read_csv(client, "/?format=csv&table=summary")
    counts = {r[0]: r[1] for r in rows[1:]}
    assert counts["方案"] == "5" and counts["地区"] == "5"
    assert int(counts["措施"]) > 100 and int(counts["目标"]) > 50
    assert "最近更新" in counts


def test_language_switch_by_parameter_and_cookie(client: httpx.Client) -> None:
    r = client.get("/leads?lang=en")
    assert r.status_code == 200 and "Lead agencies" in r.text and 'lang="en"' in r.text
    assert "volatile organic compounds" in r.text  # the topic's @en label
    assert r.cookies.get("lang") == "en"
    again = httpx.get(str(client.base_url) + "/leads", cookies={"lang": "en"})
    assert 'lang="en"' in again.text
    zh = httpx.get(str(client.base_url) + "/leads", cookies={"lang": "zh"}).text
    assert 'lang="zh-CN"' in zh and "挥发性有机物（VOCs）" in zh
    client.cookies.clear()


def test_leads_lists_each_citys_lead_with_its_evidence(client: httpx.Client) -> None:
    html = page(client, "/leads?topic=VOCs")
    expected = lead_rows(client)
    assert {r["cityCode"] for r in expected} == set(CITIES)
    body = html.split('id="table-leads"', 1)[1].split("</table>", 1)[0]
    rows = body.split("<tr>")[2:]  # past the header row
    assert len(rows) == len(CITIES)
    for row in rows:
        code = re.search(r'href="/city/(\d{6})"', row)
        assert code is not None
        for lead in (r for r in expected if r["cityCode"] == code.group(1)):
            assert lead["agencyName"] in row
        assert re.search(r'href="/id/plan/\d{6}(-draft)?/measure/[\d-]+/resp/\d+"', row)
    assert 'id="table-summary"' in html and "生态环境部门" in html
    assert 'class="chart-data"' in html


def test_leads_filters_and_downloads(client: httpx.Client) -> None:
    rows = read_csv(client, "/leads?topic=VOCs&province=130000&format=csv")
    assert [r[0] for r in rows[1:]] == ["定州市"]
    rows = read_csv(client, "/leads?topic=VOCs&agencyType=industry-it&format=csv")
    assert sorted(r[0] for r in rows[1:]) == ["天水市", "达州市"]
    html = page(client, "/leads?topic=VOCs")
    rows = read_csv(client, "/leads?topic=VOCs&format=csv")
    shown = columns(html, "leads")
    assert rows[0][: len(shown)] == shown  # the page's columns first, then the data's own
    assert rows[0][len(shown)] == "方案状态" and "地区（代码）" in rows[0]
    assert len(rows) == 1 + len(CITIES)
    summary = read_csv(client, "/leads?topic=VOCs&format=csv&table=summary")
    assert summary[0][:4] == columns(html, "summary") and summary[0][2] == "占比（%）"
    assert sum(int(r[1]) for r in summary[1:]) >= len(CITIES)
    sheets = read_xlsx(client, "/leads?topic=VOCs&format=xlsx")
    assert list(sheets) == ["leads", "summary"]
    assert sheets["leads"][0] == rows[0] and len(sheets["leads"]) == len(rows)
    assert isinstance(sheets["summary"][1][1], int)  # numbers stay numbers


def test_leads_match_any_answers_like_the_query_with_the_item_column(
    client: httpx.Client,
) -> None:
    r = client.get(
        "/queries/lead-agencies?topic=NOx&match=any", headers={"Accept": "application/json"}
    )
    assert r.status_code == 200
    expected = r.json()
    assert {row["cityCode"] for row in expected} == set(CITIES)
    rows = read_csv(client, "/leads?topic=NOx&match=any&format=csv")
    assert len(rows) == 1 + len(CITIES) and rows[0][6] == "子项"
    for row in rows[1:]:
        code = next(c for c, name in CITIES.items() if name == row[0])
        for lead in (e for e in expected if e["cityCode"] == code):
            assert lead["agencyName"] in row[2]
    assert read_csv(client, "/leads?topic=NOx&format=csv")[1:] == []  # match=primary
    html = page(client, "/leads?topic=NOx&match=any")
    assert '<option value="any" selected>' in html


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/leads?topic=nonsense", 400, "topic=&#39;nonsense&#39;"),
        ("/leads?province=12", 400, "six digits"),
        ("/leads?agencyType=pirates", 400, "agency-type"),
        ("/leads?page=x", 400, "page"),
        ("/leads?match=all", 400, "primary, any"),
        ("/city/999999", 404, "no plan of division 999999"),
        ("/city/abc", 404, "six digits"),
        ("/compare?" + "&".join(f"city={c}" for c in [*CITIES, "110000"]), 400, "got 6"),
        ("/compare?city=130682&city=999999", 404, "999999"),
        ("/compare?city=130682&city=x", 400, "six digits"),
        ("/search?q=x&province=1", 400, "six digits"),
        ("/search?q=x&topic=nope", 400, "topic"),
        ("/search?q=x&page=0", 400, "page"),
        ("/leads?format=pdf", 400, "format=csv"),
        ("/leads?format=csv&table=nope", 400, "leads, summary"),
    ],
)
def test_bad_requests_are_error_pages(
    client: httpx.Client, path: str, status: int, says: str
) -> None:
    html = page(client, path, status)
    assert 'role="alert"' in html and says in html


def test_city_page_quotes_measures_with_notes_marked(client: httpx.Client) -> None:
    html = page(client, "/city/130682")
    assert "定州市（130682）" in html and "河北省" in html
    assert "挥发性有机物综合整治工程" in html
    assert "<mark>市生态环境局按职责分工负责</mark>" in html
    assert 'href="/id/plan/130682/measure/3-9/resp/1"' in html
    headline = read_csv(client, "/city/130682?format=csv&table=headline")
    shown = columns(html, "headline")
    assert headline[0][: len(shown)] == shown and "指标（链接）" in headline[0]
    source = headline[0].index("原文")
    assert any("17.5" in r[1] and "单位生产总值能耗" in r[source] for r in headline[1:])
    resp = read_csv(client, "/city/130682?format=csv&table=responsibilities")
    assert any(r[3] == "定州市生态环境局" and r[5] == "牵头单位" for r in resp[1:])
    sheets = read_xlsx(client, "/city/130682?format=xlsx")
    assert set(sheets) == {"plans", "headline", "targets", "measures", "responsibilities"}
    assert len(sheets["responsibilities"]) == len(resp)


def test_city_downloads_hold_the_notations(client: httpx.Client) -> None:
    rows = read_csv(client, "/city/130682?format=csv&table=responsibilities")
    header = rows[0]
    types, roles = header.index("部门类型（代码）"), header.index("角色（代码）")
    assert types > header.index("责任分工原文")  # after the page's own columns
    by_role = {(r[header.index("角色")], r[roles]) for r in rows[1:]}
    assert by_role == {("牵头单位", "lead"), ("负责单位", "responsible")}
    assert "ecology-environment" in {r[types] for r in rows[1:]}


def test_compare_puts_cities_side_by_side(client: httpx.Client) -> None:
    html = page(client, "/compare?city=130682&city=511700")
    assert "定州市 (130682)" in html and "达州市 (511700)" in html
    targets = read_csv(client, "/compare?city=130682&city=511700&format=csv&table=targets")
    shown = columns(html, "targets")
    assert targets[0][: len(shown)] == shown and shown[:2] == ["指标", "单位"]
    energy = [r for r in targets[1:] if r[0].startswith("单位地区生产总值能耗")]
    assert energy and all(v != "—" for v in energy[0][2:4])
    assert energy[0][1] == "百分比" and float(energy[0][2]) == 17.5  # a number, its unit beside
    leads = read_csv(client, "/compare?city=130682&city=511700&format=csv&table=leads")
    vocs = next(r for r in leads[1:] if r[0].startswith("挥发性有机物"))
    assert vocs[1] == "定州市生态环境局" and vocs[2] == "达州市经信局"
    presence = read_csv(client, "/compare?city=130682&city=511700&format=csv&table=topics")
    assert presence[0][3] == "有差异"
    assert 'class="chart-data"' in html
    assert "<select" in page(client, "/compare")  # the picker without cities
    one = page(client, "/compare?city=130682")  # with one: the picker, that one chosen
    assert '<option value="130682" selected>' in one


def results(html: str) -> str:
    """The result count a search page states."""
    m = re.search(r"共 (\d+) 条结果", html)
    assert m, html[:500]
    return m.group(1)


def test_search_matches_two_character_words_in_either_script(client: httpx.Client) -> None:
    html = page(client, "/search?q=光伏")
    assert "<mark>光伏</mark>" in html
    total = int(results(html))
    assert total >= 5
    traditional = page(client, "/search?q=揮發性有機物")
    simplified = page(client, "/search?q=挥发性有机物")
    n_trad = results(traditional)
    assert n_trad == results(simplified)
    assert int(n_trad) > 0 and "<mark>挥发性有机物</mark>" in traditional
    rows = read_csv(client, "/search?q=光伏&format=csv")
    assert len(rows) == 1 + total and all("光伏" in (r[3] + r[4]) for r in rows[1:])
    assert all(re.fullmatch(r"\S+/id/plan/\d{6}(-draft)?/\S+", r[5]) for r in rows[1:])
    assert re.search(r'href="/id/plan/\d{6}(-draft)?/measure/[\d-]+"', html)


def test_search_facets_narrow_and_count(client: httpx.Client) -> None:
    html = page(client, "/search?q=光伏")
    assert 'href="/search?q=%E5%85%89%E4%BC%8F&amp;province=130000"' in html
    narrowed = read_csv(client, "/search?q=光伏&province=130000&format=csv")
    assert narrowed[1:] and all(r[1] == "定州市" for r in narrowed[1:])
    agencies = read_csv(client, "/search?q=生态环境&kind=agency&format=csv")
    assert {r[1] for r in agencies[1:]} == set(CITIES.values())
    both = read_csv(client, "/search?q=挥发性有机物 牵头&format=csv")
    only = read_csv(client, "/search?q=挥发性有机物&format=csv")
    assert 0 < len(both) < len(only)
    assert "没有符合条件的记录" in page(client, "/search?q=量子纠缠")


def test_search_pager_keeps_the_query_and_its_filters(client: httpx.Client) -> None:
    first = page(client, "/search?q=生态环境&kind=measure&lang=zh")
    total = int(results(first))
    assert total > 20  # more than a page
    pages = (total + 19) // 20
    assert f"<span>1 / {pages}</span>" in first and 'rel="prev"' not in first
    nxt = re.search(r'<a href="([^"]+)" rel="next">下一页</a>', first)
    assert nxt is not None
    href = nxt.group(1).replace("&amp;", "&")
    assert href.startswith("/search?") and href.endswith("&page=2")
    assert "kind=measure" in href and "lang=zh" in href and "q=" in href
    second = page(client, href)
    assert f"<span>2 / {pages}</span>" in second and 'rel="prev"' in second
    shown = re.compile(r'<td><a href="(/id/[^"]+)">')
    assert set(shown.findall(first)).isdisjoint(shown.findall(second))


def test_pages_are_cached_until_the_store_changes(client: httpx.Client) -> None:
    client.get("/city/330481")
    r = client.get("/city/330481")
    assert r.headers["plankg-cache"] == "hit"
    # scripts only from this origin, none inline
    assert "script-src 'self';" in r.headers["content-security-policy"]


def test_evidence_shows_the_sentence_in_context(client: httpx.Client) -> None:
    r = client.get("/id/plan/130682/measure/3-9/resp/1", headers={"Accept": "text/html"})
    assert r.status_code == 200
    block = r.text.split('<section id="evidence"', 1)[1].split("</section>", 1)[0]
    # the plan, cited beside it, and its division one click away
    citation = r.text.split('<section class="citation">', 1)[1].split("</section>", 1)[0]
    assert "定州市“十四五”节能减排综合实施方案" in citation and 'href="/city/130682"' in citation
    assert "重点工程" in block and "（9）挥发性有机物综合整治工程" in block
    assert "<mark>市生态环境局按职责分工负责</mark>" in block
    assert "上下文" in block


def test_a_plan_ingested_into_the_remote_server_is_searchable(
    plankg: Run, tmp_path: Path, backend: str
) -> None:
    """The index follows the plans: a plan replaced on the server is found by its new text
    and no longer by its old one, without restarting the service."""
    if backend != "remote":
        pytest.skip("the embedded store takes no writes while served (README)")
    plan = tmp_path / "plans" / "dingzhou-130682.txt"
    plan.parent.mkdir()
    shutil.copy(PLANS / "dingzhou-130682.txt", plan)
    text = plan.read_text(encoding="utf-8")
    assert "储罐呼吸阀" in text
    with (
        oxigraph_server(tmp_path / "ox") as endpoint,
        serving(["--endpoint", endpoint], tmp_path / "store") as url,
    ):
        assert "<mark>储罐呼吸阀</mark>" in httpx.get(url + "/search?q=储罐呼吸阀").text
        plan.write_text(text.replace("储罐呼吸阀", "琉璃瓦呼吸阀"), encoding="utf-8")
        plankg("ingest", str(plan), "--endpoint", endpoint, check=True)
        deadline = time.monotonic() + 20
        while "<mark>琉璃瓦</mark>" not in httpx.get(url + "/search?q=琉璃瓦").text:
            assert time.monotonic() < deadline, "the new text never became searchable"
            time.sleep(0.5)
        html = httpx.get(url + "/search?q=储罐呼吸阀").text
        assert "定州市" not in html.split('id="table-results"', 1)[1]
