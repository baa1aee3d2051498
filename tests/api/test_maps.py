"""The maps' parts without a server: boundary files read (GeoJSON and TopoJSON, codes in
any of the usual properties, changed codes through the crosswalk, bad files refused with
the setting named), projected into the SVG box, and the colours, legend and links of the
tile grid and the choropleth (api.web.boundaries, shading, tilegrid, maps)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.web.boundaries import BoundaryError, read, read_crosswalk
from api.web.boundaries import draw as project
from api.web.maps import choropleth, tile_map
from api.web.shading import NO_DATA, QUALITATIVE, SEQUENTIAL, energy_intensity, lead_types
from api.web.tilegrid import POSITIONS, tiles
from ingest.gazetteer import NATIONAL_CODE, iso3166_codes
from tests.support.geo import BOXES, geojson, ring, topojson, write

W = {
    "aspirational_mark": "（力争）",
    "median_of": "下辖地区中位数 {value}（{n} 个地区）",
    "most_of": "{value}（下辖 {n} 个地区中 {k} 个）",
    "map_energy": "能耗强度下降",
    "other_types": "其他类型",
    "no_plan": "无数据",
    "own_plan": "本地区方案",
    "area_answer": "{name}：{answer}",
    "area_own": "{name}：{answer}（本地区方案）",
    "tile_name": "{short}（{full}）",
    "legend_own": "实心",
    "legend_summary": "斜线",
}
# The energy-intensity query's rows for the bundled plans' cities (two of them drafts).
ENERGY = [
    {"cityCode": "330481", "cityName": "海宁市", "plan": "p/330481-draft", "status": "draft", "value": "18"},
    {"cityCode": "130682", "cityName": "定州市", "plan": "p/130682", "status": "issued", "value": "17.5"},
    {"cityCode": "511700", "cityName": "达州市", "plan": "p/511700-draft", "status": "draft", "value": "14.5"},
    {"cityCode": "411700", "cityName": "驻马店市", "plan": "p/411700-draft", "status": "draft", "value": "12", "qualifier": "at-least"},
    {"cityCode": "620500", "cityName": "天水市", "plan": "p/620500", "status": "issued", "value": "8"},
]  # fmt: skip


def codes_of(path: Path, crosswalk: dict[str, str] | None = None) -> dict[str, str]:
    return {f.file_code: f.code for f in read(path, crosswalk).features}


@pytest.mark.parametrize("key", ["adcode", "code", "PAC", "gb"])
def test_a_feature_is_keyed_by_its_code_property(tmp_path: Path, key: str) -> None:
    path = write(tmp_path / "b.geojson", geojson(BOXES, key))
    found = read(path)
    assert {f.code for f in found.features} == set(BOXES)
    for feature in found.features:
        assert feature.bbox == BOXES[feature.code]
        assert feature.name == f"area {feature.code}"
    assert found.unknown == ()


def test_statistical_codes_ids_and_features_without_code(tmp_path: Path) -> None:
    doc = geojson({"130682": BOXES["130682"], "620500": BOXES["620500"]})
    doc["features"][0]["properties"] = {"gb": "130682000000"}  # a 12-digit code
    doc["features"][1]["properties"] = {}
    doc["features"][1]["id"] = 620500  # the feature's id
    doc["features"].append(
        {
            "type": "Feature",
            "properties": {"name": "九段线"},
            "geometry": doc["features"][0]["geometry"],
        }
    )
    doc["features"].append(  # a line: no area to colour
        {"type": "Feature", "properties": {"adcode": 130000},
         "geometry": {"type": "LineString", "coordinates": ring(BOXES["130000"])}}
    )  # fmt: skip
    assert codes_of(write(tmp_path / "b.json", doc)) == {"130682": "130682", "620500": "620500"}


def test_topojson_gives_the_same_shapes_as_geojson(tmp_path: Path) -> None:
    geo = read(write(tmp_path / "b.geojson", geojson(BOXES)))
    topo = read(write(tmp_path / "b.topojson", topojson(BOXES)))
    by_code = {f.code: f for f in topo.features}
    assert set(by_code) == set(BOXES)
    for feature in geo.features:
        other = by_code[feature.code]
        assert len(other.rings) == len(feature.rings) == 1
        assert list(other.rings[0]) == pytest.approx(list(feature.rings[0]), abs=1e-6)


def test_a_changed_code_is_matched_through_the_crosswalk(tmp_path: Path) -> None:
    # 139001: a code 定州 does not have today; the file was made with it
    boxes = {"130000": BOXES["130000"], "139001": BOXES["130682"]}
    path = write(tmp_path / "old.geojson", geojson(boxes))
    assert read(path).unknown == ("139001",)
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text("old,new\n139001,130682\n", encoding="utf-8")
    mapping = read_crosswalk(crosswalk)
    assert mapping == {"139001": "130682"}
    found = read(path, mapping)
    assert codes_of(path, mapping) == {"130000": "130000", "139001": "130682"}
    assert found.unknown == ()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json", "not JSON"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection or a TopoJSON Topology"),
        ('{"type": "FeatureCollection", "features": []}', "no Polygon or MultiPolygon feature"),
    ],
)
def test_a_bad_file_is_refused_naming_the_setting(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BoundaryError, match=f"PLANKG_BOUNDARIES={re.escape(str(path))}: {says}"):
        read(path)
    with pytest.raises(BoundaryError, match="cannot read it"):
        read(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("from,to\n139001,130682\n", "must name the columns old,new"),
        ("old,new\n1390,130682\n", "line 2: old and new must be six-digit codes"),
        ("old,new\n139001,130682\n139001,130681\n", "line 3: 139001 is mapped twice"),
    ],
)
def test_a_bad_crosswalk_is_refused(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "crosswalk.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BoundaryError, match=f"PLANKG_BOUNDARIES_CROSSWALK=.*{says}"):
        read_crosswalk(path)


def points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", d)]


def test_features_are_projected_into_the_box(tmp_path: Path) -> None:
    found = read(write(tmp_path / "b.geojson", geojson(BOXES)))
    country = project(found, NATIONAL_CODE)
    assert country.width == pytest.approx(800, abs=0.2)
    assert {s.feature.code for s in country.shapes} == set(BOXES)
    for shape in country.shapes:
        assert shape.d.startswith("M") and shape.d.endswith("Z")
        for x, y in points(shape.d):
            assert 0 <= x <= country.width and 0 <= y <= country.height
    # a province's map: its own features only, coarse first; equirectangular at its
    # mid-latitude, so 河北's box (6.3° wide, 6.6° tall at 39.3° N) is taller than wide
    hebei = project(found, "130000")
    assert next(s.feature.code for s in hebei.shapes) == "130000"
    assert {s.feature.code for s in hebei.shapes} == {"130000", "130600", "130682", "130681"}
    assert hebei.height / hebei.width == pytest.approx(6.6 / (6.3 * 0.7738), rel=0.02)
    # west is left, north is up
    west, east = points(hebei.shapes[0].d)[0], points(hebei.shapes[0].d)[1]
    assert west[0] < east[0] and west[1] > points(hebei.shapes[0].d)[2][1]


def test_tile_grid_has_a_tile_per_province_at_its_own_place() -> None:
    found = tiles()
    assert len(found) == 34 == len({(t.column, t.row) for t in found})
    assert {t.code for t in found} == set(POSITIONS) == set(iso3166_codes())
    hebei = next(t for t in found if t.code == "130000")
    assert hebei.short == {"zh": "河北", "en": "HE"} and hebei.full["en"] == "Hebei"


def test_tile_map_colours_each_province_by_its_answer() -> None:
    shading = energy_intensity(ENERGY, W)
    assert [s.label for s in shading.swatches] == ["8–10%", "10–12%", "12–14%", "14–16%", "16–18%"]
    assert [s.fill for s in shading.swatches] == list(SEQUENTIAL)
    view = tile_map(shading, "zh", W, "caption")
    assert len(view.shapes) == 34
    by_href = {s.href: s for s in view.shapes}
    assert set(by_href) == {f"/province/{code}" for code in POSITIONS}
    gansu, hebei, zhejiang = (by_href[f"/province/{c}"] for c in ("620000", "130000", "330000"))
    assert gansu.fill == SEQUENTIAL[0] and hebei.fill == SEQUENTIAL[4] == zhejiang.fill
    # no plan of their own: the colour summarises their divisions', hatched and said so
    assert gansu.hatched and gansu.label == "甘肃（甘肃省）：下辖地区中位数 8%（1 个地区）"
    assert "驻马店" not in by_href["/province/410000"].label  # the province's, not the city's
    beijing = by_href["/province/110000"]
    assert (
        beijing.fill == NO_DATA
        and not beijing.hatched
        and beijing.label == "北京（北京市）：无数据"
    )
    assert gansu.ink == "#000000" and hebei.ink == "#ffffff"  # legible on the fill
    labels = [item.label for item in view.legend]
    assert labels[:5] == [s.label for s in shading.swatches]
    assert labels[5:] == ["无数据", "实心", "斜线"] and view.legend[-1].hatched
    english = tile_map(shading, "en", W, "caption")
    assert {s.text for s in english.shapes} >= {"HE", "GS", "BJ"}


def test_a_province_with_its_own_plan_shows_it() -> None:
    rows = [*ENERGY, {"cityCode": "130000", "cityName": "河北省", "plan": "p/130000",
                      "status": "issued", "value": "16"}]  # fmt: skip
    hebei = energy_intensity(rows, W).area("130000")
    assert hebei.own and hebei.text == "16%" and hebei.count == 1
    assert "16%（本地区方案）" in next(
        s.label for s in tile_map(energy_intensity(rows, W), "zh", W, "").shapes
        if s.href == "/province/130000"
    )  # fmt: skip


def test_an_issued_plan_answers_for_its_division_not_its_draft() -> None:
    rows = [
        {"cityCode": "620500", "cityName": "天水市", "plan": "d", "status": "draft", "value": "9"},
        {"cityCode": "620500", "cityName": "天水市", "plan": "i", "status": "issued", "value": "8"},
        {"cityCode": "620500", "cityName": "天水市", "plan": "i", "status": "issued",
         "value": "10", "qualifier": "aspirational"},
    ]  # fmt: skip
    answer = energy_intensity(rows, W).answers["620500"]
    assert answer.text == "8%" and answer.evidence == "i"


def lead(code: str, name: str, kind: str, measure: str) -> dict[str, str]:
    return {"cityCode": code, "cityName": name, "agencyType": kind, "measure": measure,
            "resp": f"{measure}/resp/1", "status": "issued"}  # fmt: skip


def test_lead_types_colour_by_the_type_leading_most_units() -> None:
    eco, ind, dev = "t/ecology-environment", "t/industry-it", "t/development-reform"
    rows = [
        lead("130682", "定州市", eco, "m1"),
        lead("130682", "定州市", ind, "m2"),
        lead("130682", "定州市", eco, "m3"),
        lead("620500", "天水市", ind, "m4"),
        lead("620502", "秦州区", dev, "m5"),  # a tie with 天水 inside 甘肃: vocabulary order
        lead("511700", "达州市", dev, "m6"),
        lead("511700", "达州市", ind, "m7"),  # a tie inside one city: vocabulary order
    ]
    shading = lead_types(rows, [dev, eco, ind], lambda t: t.rsplit("/", 1)[1], "title", W)
    assert (
        shading.answers["130682"].key == eco and shading.answers["130682"].evidence == "m1/resp/1"
    )
    assert shading.answers["511700"].key == dev
    assert [s.key for s in shading.swatches] == [dev, eco, ind]  # by divisions led, then order
    assert [s.fill for s in shading.swatches] == list(QUALITATIVE[:3])
    gansu = shading.area("620000")
    assert not gansu.own and gansu.swatch is not None and gansu.swatch.key == dev
    assert gansu.text == "development-reform（下辖 2 个地区中 1 个）"


def test_choropleth_links_features_and_lets_coarser_ones_show(tmp_path: Path) -> None:
    found = read(write(tmp_path / "b.geojson", geojson(BOXES)))
    shading = energy_intensity(ENERGY, W)
    planned = {"130682", "620500"}

    def link(code: str) -> str | None:
        if code.endswith("0000"):
            return f"/province/{code}"
        return f"/city/{code}" if code in planned else None

    names = {"130682": "定州市", "130681": "涿州市", "130600": "保定市"}
    view = choropleth(shading, found, NATIONAL_CODE, lambda c: names.get(c, ""), link, W, "c")
    by_label = {s.label.split("：")[0]: s for s in view.shapes}
    dingzhou = by_label["定州市"]
    assert dingzhou.href == "/city/130682" and dingzhou.fill == SEQUENTIAL[4]
    assert not dingzhou.hatched and dingzhou.label == "定州市：17.5%（本地区方案）"
    # 保定 has no plan but 定州 lies inside it: the median of its divisions', hatched
    assert by_label["保定市"].hatched and by_label["保定市"].href is None
    # 涿州: no plan, nothing inside, and 保定 and 河北 under it: drawn without a fill
    assert by_label["涿州市"].fill == "none" and by_label["涿州市"].href is None
    assert by_label["area 130000"].href == "/province/130000"
    assert view.kind == "choropleth" and len(view.shapes) == len(BOXES)
