"""The national overview (/ and its map), the province pages and the agency-type pages
over HTTP (real `plankg serve`, embedded store and remote Oxigraph), on the bundled plans
and 河北's own plan with two of its cities (tests/support/derived.py): what each shows
against the named queries' answers, their CSV/XLSX downloads, their bad inputs; the
JSON-LD /agencies collection as before for API clients; and the choropleth drawn from a
generated boundary file (PLANKG_BOUNDARIES) with a changed code crosswalked."""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import derived
from tests.support.cli import Run
from tests.support.geo import BOXES, geojson, write
from tests.support.pages import columns, download_header, page, read_csv, read_xlsx
from tests.support.paths import PLANS, bundled_cities
from tests.support.servers import running_server

CITIES = bundled_cities()
HEBEI = {"130000": "河北省", "130600": "保定市", "130100": "石家庄市"}
SITE = "节能减排方案知识图谱"


def hebei_plans(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hebei.txt").write_text(derived.hebei_province_plan(), encoding="utf-8")
    (folder / "baoding.txt").write_text(derived.hebei_city_plan("保定市"), encoding="utf-8")
    (folder / "shijiazhuang.txt").write_text(derived.hebei_city_plan("石家庄市"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    """The bundled plans, 河北省's own plan and two of its cities' (citing it)."""
    folder = tmp_path_factory.mktemp("overview")
    store = folder / "store"
    plankg("ingest", str(PLANS), str(hebei_plans(folder / "hebei")), "--store", str(store),
           check=True)  # fmt: skip
    return store


@pytest.fixture(scope="module")
def server(store: Path, backend: str) -> Iterator[str]:
    with running_server(store, backend=backend) as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60, headers={"Accept": "text/html"}) as c:
        yield c


def rows_of(client: httpx.Client, query: str) -> list[dict[str, str]]:
    r = client.get(f"/queries/{query}", headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    rows: list[dict[str, str]] = r.json()
    return rows


def svg(html: str) -> str:
    return html.split('<figure class="map', 1)[1].split("</figure>", 1)[0]


def tiles(html: str) -> dict[str, tuple[str, str]]:
    """Province code -> (accessible name, fill) of each tile of the map."""
    found = re.findall(
        r'<a href="/province/(\d{6})" aria-label="([^"]*)">.*?<rect [^>]*fill="(#[0-9a-f]{6})"',
        svg(html),
        re.S,
    )
    return {code: (htmllib.unescape(label), fill) for code, label, fill in found}


def test_home_title_is_said_once(client: httpx.Client) -> None:
    html = page(client, "/")
    assert f"<title>{SITE}</title>" in html
    assert f"<title>{SITE}（" not in page(client, "/city/130682")  # others: "X · site"
    assert "定州市（130682） · " + SITE in page(client, "/city/130682")


def test_home_map_shows_the_energy_intensity_cut(client: httpx.Client) -> None:
    html = page(client, "/")
    found = tiles(html)
    assert len(found) == 34  # one tile per provincial-level division, each linked
    answers = {r["cityCode"]: r for r in rows_of(client, "energy-intensity")}
    assert set(answers) >= {*CITIES, "130000"}
    # 河北 has a plan of its own: its tile says its cut; 甘肃 has none: its divisions'
    hebei, gansu, beijing = found["130000"], found["620000"], found["110000"]
    assert hebei[0] == f"河北（河北省）：{float(answers['130000']['value']):g}%（本地区方案）"
    cut = float(answers["620500"]["value"])
    assert gansu[0] == f"甘肃（甘肃省）：下辖地区中位数 {cut:g}%（1 个地区）"
    assert beijing == ("北京（北京市）：无数据", "#f0f0f0")
    assert len({fill for _, fill in found.values()}) >= 3  # colour per answer
    assert 'fill="url(#hatch-' in svg(html)  # the summarised tiles are hatched
    legend = svg(html).split('class="legend"', 1)[1]
    for words in ("无数据", "实心：本地区自己的方案", "斜线：无本级方案"):
        assert words in legend
    # the table beside it: each province, its answer and its divisions with theirs
    rows = read_csv(client, "/?format=csv&table=provinces")
    assert download_header(rows[0], html, "provinces") == columns(html, "provinces")
    by_province = {r[0]: r for r in rows[1:]}
    assert set(by_province) == {"河北省", "浙江省", "河南省", "四川省", "甘肃省"}
    for code, r in answers.items():
        name = r["cityName"]
        if code == "130000":
            assert by_province["河北省"][3] == f"{float(r['value']):g}%"
            continue
        cell = next(p[2] for p in rows[1:] if name in p[2])
        assert f"{name} " in cell and f"{float(r['value']):g}%" in cell
    assert "保定市" in by_province["河北省"][2] and "定州市" in by_province["河北省"][2]
    sheets = read_xlsx(client, "/?format=xlsx")
    assert set(sheets) == {"summary", "provinces", "topics"}
    assert sheets["provinces"][0] == rows[0]


def test_home_map_shows_the_agency_type_leading_a_topic(client: httpx.Client) -> None:
    html = page(client, "/?map=lead-agencies&topic=VOCs")
    assert '<option value="lead-agencies" selected>' in html
    leads = rows_of(client, "lead-agencies?topic=VOCs")
    types: dict[str, Counter[str]] = {}
    for r in leads:
        types.setdefault(r["cityCode"], Counter())[r["agencyType"]] += 1
    assert types["620500"].most_common(1)[0][0] == "industry-it"
    found = tiles(html)
    gansu, henan = found["620000"], found["410000"]
    assert gansu[0].startswith("甘肃（甘肃省）：工业和信息化部门（下辖 1 个地区中 1 个）")
    assert henan[0].startswith("河南（河南省）：生态环境部门")
    assert gansu[1] != henan[1]  # a colour per type
    rows = read_csv(client, "/?map=lead-agencies&topic=VOCs&format=csv&table=provinces")
    assert rows[0][3] == "牵头挥发性有机物（VOCs）工作的部门类型"
    assert any("天水市 工业和信息化部门" in r[2] for r in rows[1:])


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/?map=nonsense", 400, "energy-intensity, lead-agencies"),
        ("/?map=lead-agencies&topic=vocs", 400, "topic=&#39;vocs&#39;"),
        ("/province/13", 400, "six digits"),
        ("/province/130682", 400, "定州市"),
        ("/province/100000", 400, "not a province"),
        ("/province/800000", 404, "no province 800000"),
        ("/province/990000", 404, "no province 990000"),
        ("/agencies?type=pirates", 400, "ecology-environment"),
        ("/agencies?type=transport&topic=nope", 400, "topic"),
        ("/agencies?type=transport&role=boss", 400, "supporting"),
        ("/agencies?type=transport&province=41", 400, "six digits"),
        ("/agencies?type=transport&page=0", 400, "page"),
        ("/agencies?type=transport&format=pdf", 400, "format=csv"),
    ],
)
def test_bad_requests_are_error_pages(
    client: httpx.Client, path: str, status: int, says: str
) -> None:
    html = page(client, path, status)
    assert 'role="alert"' in html and says in html


def test_province_page_sets_its_own_targets_beside_its_divisions(client: httpx.Client) -> None:
    html = page(client, "/province/130000")
    assert "<h1>河北省（130000）</h1>" in html
    divisions = read_csv(client, "/province/130000?format=csv&table=divisions")
    assert download_header(divisions[0], html, "divisions") == columns(html, "divisions")
    assert [r[0] for r in divisions[1:]] == ["河北省", "石家庄市", "保定市", "定州市"]
    for code in ("130100", "130600", "130682"):
        assert f'href="/city/{code}"' in html
    cut = len(columns(html, "divisions")) - 1  # the page's last column: the cut, in %
    assert divisions[1][cut] == "16" and divisions[-1][cut] == "17.5"
    assert 'href="/id/plan/130000"' in html

    expected = [r for r in rows_of(client, "province-reductions") if r["provinceCode"] == "130000"]
    assert expected and all(r["provinceValue"] for r in expected)
    sums = read_csv(client, "/province/130000?format=csv&table=reductions")
    assert download_header(sums[0], html, "reductions") == columns(html, "reductions")
    assert len(sums) == 1 + len(expected)
    for r, got in zip(expected, sums[1:], strict=True):
        assert got[1] == f"{float(r['provinceValue']):g}"
        assert got[2] == f"{float(r['citiesSum']):g}" and got[3] == r["cities"]

    cascade = read_csv(client, "/province/130000?format=csv&table=cascade")
    assert download_header(cascade[0], html, "cascade") == columns(html, "cascade")
    asked = [r for c in HEBEI | {"130682": ""} for r in rows_of(client, f"cascade?city={c}")]

    def number(value: str | None) -> str:
        return f"{float(value):g}" if value else "—"

    assert sorted(
        (
            r["cityName"],
            number(r["value"]),
            r.get("parentCityName", "—"),
            number(r.get("parentValue")),
        )
        for r in asked
    ) == sorted((r[0], r[2], r[5], r[6]) for r in cascade[1:])
    baoding = [r for r in cascade[1:] if r[0] == "保定市" and r[1] == "单位地区生产总值能耗降低率"]
    assert baoding and baoding[0][2:8] == ["17.5", "%", "", "河北省", "16", "%"]
    dingzhou = [r for r in cascade[1:] if r[0] == "定州市"]
    assert dingzhou and all(r[5] == "河北省" for r in dingzhou)
    assert ["320000", "吨标准煤"] in [r[2:4] for r in dingzhou]
    sheets = read_xlsx(client, "/province/130000?format=xlsx")
    assert list(sheets) == ["divisions", "reductions", "cascade"]
    assert isinstance(sheets["reductions"][1][1], (int, float))


def test_province_without_its_own_plan_and_without_plans(client: httpx.Client) -> None:
    gansu = read_csv(client, "/province/620000?format=csv&table=divisions")
    assert [r[0] for r in gansu[1:]] == ["天水市"]
    sums = read_csv(client, "/province/620000?format=csv&table=reductions")
    assert sums[1:] and all(r[1] == "—" and r[4] == "天水市" for r in sums[1:])
    empty = page(client, "/province/110000")
    assert "本库尚未收录该省及其下辖地区的方案" in empty


def test_provinces_are_listed_and_linked_from_cities(client: httpx.Client) -> None:
    html = page(client, "/province")
    assert len(set(re.findall(r'href="/province/(\d{6})"', html))) == 34
    rows = {r[0]: r for r in read_csv(client, "/province?format=csv")[1:]}
    assert rows["河北省"][1:3] == ["4", "4"] and rows["北京市"][1:3] == ["0", "0"]
    assert 'href="/province/130000"' in page(client, "/city/130682")
    assert 'href="/province/620000"' in page(client, "/city/620500")
    nav = page(client, "/leads").split("</nav>", 1)[0]
    assert 'href="/province"' in nav and 'href="/agencies"' in nav


def test_downloads_hold_the_division_codes_and_notations(client: httpx.Client) -> None:
    """The codes a page shows beside a name are a column of its downloads."""
    rows = read_csv(client, "/?format=csv&table=provinces")
    hebei = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == "河北省"), strict=True))
    assert hebei["省份（代码）"] == "130000"
    inside = hebei["地区（代码）"].split("; ")
    assert set(HEBEI) - {"130000"} <= set(inside) and "130682" in inside
    assert len(inside) == len(hebei["地区"].split("; "))  # one code per division, in order
    topics = read_csv(client, "/?format=csv&table=topics")
    notations = [r[topics[0].index("主题（代码）")] for r in topics[1:]]
    assert "VOCs" in notations and len(notations) == len(topics) - 1
    divisions = read_csv(client, "/province/130000?format=csv&table=divisions")
    codes = {r[divisions[0].index("地区（代码）")] for r in divisions[1:]}
    assert {"130600", "130100", "130682"} <= codes
    types = read_csv(client, "/agencies?format=csv")
    assert "ecology-environment" in {r[types[0].index("部门类型（代码）")] for r in types[1:]}
    held = read_csv(client, "/agencies?type=ecology-environment&format=csv&table=divisions")
    assert "620500" in {r[held[0].index("地区（代码）")] for r in held[1:]}


def test_agency_types_page_links_each_type(client: httpx.Client) -> None:
    html = page(client, "/agencies")
    assert 'href="/agencies?type=ecology-environment"' in html
    assert 'href="/agencies?type=local-government"' in html
    rows = read_csv(client, "/agencies?format=csv")
    assert download_header(rows[0], html, "types") == columns(html, "types")
    eco = next(r for r in rows[1:] if r[0] == "生态环境部门")
    assert int(eco[2]) == len(CITIES) + len(HEBEI)  # a bureau in every plan
    assert int(eco[3]) > 0  # it leads somewhere


def test_agency_type_page_holds_what_its_agencies_do(client: httpx.Client) -> None:
    html = page(client, "/agencies?type=ecology-environment")
    # the unit of work it leads, linked to the note it came from (its evidence)
    assert 'href="/id/plan/130682/measure/3-9/resp/1"' in html
    assert 'href="/id/agency/130682/ecology-environment"' in html
    expected: Counter[str] = Counter()
    for code in (*CITIES, *HEBEI):
        for r in rows_of(client, f"responsibilities?city={code}"):
            if r["agencyType"] == "ecology-environment":
                expected[r["role"]] += 1
    roles = read_csv(client, "/agencies?type=ecology-environment&format=csv&table=roles")
    assert download_header(roles[0], html, "roles") == columns(html, "roles")
    got = {r[0]: int(r[1]) for r in roles[1:]}
    assert got == {
        "牵头单位": expected["lead"],
        "负责单位": expected["responsible"],
        "配合单位": expected["supporting"],
        "落实主体": expected["implementing"],
    }
    divisions = read_csv(client, "/agencies?type=ecology-environment&format=csv&table=divisions")
    assert download_header(divisions[0], html, "divisions") == columns(html, "divisions")
    assert {r[0] for r in divisions[1:]} == {*CITIES.values(), *HEBEI.values()}
    dingzhou = next(r for r in divisions[1:] if r[0] == "定州市")
    assert dingzhou[2] == "定州市生态环境局" and "挥发性有机物综合整治工程" in dingzhou[3]
    topics = read_csv(client, "/agencies?type=ecology-environment&format=csv&table=topics")
    vocs = next(r for r in topics[1:] if r[0] == "挥发性有机物（VOCs）")
    assert int(vocs[1]) >= 1  # it leads VOCs work
    assert 'href="/leads?topic=VOCs&amp;agencyType=ecology-environment"' in html
    sheets = read_xlsx(client, "/agencies?type=ecology-environment&format=xlsx")
    assert list(sheets) == ["divisions", "roles", "topics"]
    narrowed = read_csv(
        client, "/agencies?type=ecology-environment&role=lead&province=620000&format=csv"
    )
    assert [r[0] for r in narrowed[1:]] == ["天水市"] and narrowed[1][4:7] == ["", "", ""]


def test_agencies_collection_answers_api_clients_as_before(server: str) -> None:
    for accept in ("application/ld+json", "application/json", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        r = httpx.get(server + "/agencies?type=transport", headers=headers)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
        doc = r.json()
        assert doc["@context"].endswith("/context.jsonld") and doc["@graph"]
        assert all(a["agencyType"].endswith("/agency-type/transport") for a in doc["@graph"])
    r = httpx.get(server + "/agencies?type=pirates", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.json()["@graph"] == []  # as before: no such agencies
    r = httpx.get(server + "/agencies?colour=red", headers={"Accept": "application/ld+json"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem")


# --- the choropleth from PLANKG_BOUNDARIES -------------------------------------------------


@pytest.fixture(scope="module")
def mapped(store: Path, backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same plans served with a boundary file: 定州 under the code 139001 it does not
    have today (the crosswalk maps it), 涿州 (no plan) inside 保定 (a plan). Once: the map
    reads the answers the same way from either store."""
    if backend != "embedded":
        pytest.skip("drawn once, on the embedded store")
    folder = tmp_path_factory.mktemp("boundaries")
    boxes = {("139001" if c == "130682" else c): box for c, box in BOXES.items()}
    path = write(folder / "divisions.geojson", geojson(boxes))
    crosswalk = folder / "crosswalk.csv"
    crosswalk.write_text("old,new\n139001,130682\n", encoding="utf-8")
    env = {"PLANKG_BOUNDARIES": str(path), "PLANKG_BOUNDARIES_CROSSWALK": str(crosswalk)}
    with running_server(store, env=env) as url:
        yield url


def shapes(html: str) -> dict[str, tuple[str | None, str]]:
    """Accessible name -> (link, fill) of each area of a choropleth."""
    out: dict[str, tuple[str | None, str]] = {}
    for m in re.finditer(
        r'<(?:a href="([^"]*)"|g role="img") aria-label="([^"]*)">.*?<path d="[^"]*" fill="([^"]*)"',
        svg(html),
        re.S,
    ):
        out[htmllib.unescape(m.group(2))] = (m.group(1), m.group(3))
    return out


def test_the_choropleth_is_drawn_from_the_boundaries(mapped: str) -> None:
    with httpx.Client(base_url=mapped, timeout=60, headers={"Accept": "text/html"}) as client:
        html = page(client, "/")
        assert "map-choropleth" in html and "<path" in html
        areas = shapes(html)
        assert len(areas) == len(BOXES)
        # 定州: the file's 139001, matched through the crosswalk to 130682 and its plan
        assert areas["定州市：17.5%（本地区方案）"][0] == "/city/130682"
        assert areas["河北省：16%（本地区方案）"][0] == "/province/130000"
        assert areas["保定市：17.5%（本地区方案）"][0] == "/city/130600"
        assert areas["涿州市：无数据"] == (None, "none")  # no plan: 保定's colour shows
        assert areas["天水市：8%（本地区方案）"][0] == "/city/620500"
        assert "甘肃省：下辖地区中位数 8%（1 个地区）" in areas
        lead = shapes(page(client, "/?map=lead-agencies&topic=VOCs"))
        assert (
            lead["天水市：工业和信息化部门（本地区方案）"][1]
            != lead["定州市：生态环境部门（本地区方案）"][1]
        )
        # the province's map: its own features only
        province = shapes(page(client, "/province/130000"))
        assert {label.split("：")[0] for label in province} == {
            "河北省",
            "保定市",
            "定州市",
            "涿州市",
        }
        assert "map-choropleth" not in page(client, "/province/110000")  # nothing to draw


def test_a_bad_boundaries_file_stops_the_start(
    plankg: Run, store: Path, tmp_path: Path, backend: str
) -> None:
    if backend != "embedded":
        pytest.skip("the setting is read before any store is opened for serving")
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    proc = plankg(
        "serve", "--store", str(store), "--port", "1", env={"PLANKG_BOUNDARIES": str(bad)}
    )
    assert proc.returncode == 2
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("plankg: ") and f"PLANKG_BOUNDARIES={bad}: not JSON" in last
