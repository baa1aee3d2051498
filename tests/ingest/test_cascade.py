"""Plans linked to the plans they implement: a cited 文号 is the parent's
document; `cascade` puts a plan's headline targets beside its parent's, and
`province-reductions` a province's key-project reductions beside its cities' sum."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.docnumber import slug
from tests.support import derived
from tests.support.cli import Run, query_json
from tests.support.paths import PLANS

BASE = "https://w3id.org/plankg/"


@pytest.fixture(scope="module")
def hebei_store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    """定州 (cites 冀政字〔2022〕18号), 河北省's plan issued as that document, and two
    prefecture-level cities of 河北 derived from 定州's text."""
    folder = tmp_path_factory.mktemp("hebei")
    (folder / "hebei.txt").write_text(derived.hebei_province_plan(), encoding="utf-8")
    (folder / "baoding.txt").write_text(derived.hebei_city_plan("保定市"), encoding="utf-8")
    (folder / "shijiazhuang.txt").write_text(derived.hebei_city_plan("石家庄市"), encoding="utf-8")
    store = folder / "store"
    plankg("ingest", str(PLANS / "dingzhou-130682.txt"), str(folder), "--store", str(store),
           check=True)  # fmt: skip
    return store


def test_cited_document_is_the_parent_plan(hebei_store: Path, plankg: Run, tmp_path: Path) -> None:
    query = tmp_path / "links.rq"
    query.write_text(
        "PREFIX pk: <https://w3id.org/plankg/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT DISTINCT ?doc ?number ?parent WHERE { <"
        + BASE
        + "id/plan/130682> pk:citesDocument ?doc ."
        " ?doc dcterms:identifier ?number . OPTIONAL { ?parent pk:issuedAs ?doc } }",
        encoding="utf-8",
    )
    rows = query_json(plankg, hebei_store, str(query))
    hebei = [r for r in rows if r["number"] == "冀政字〔2022〕18号"]
    assert hebei == [
        {
            "doc": f"{BASE}id/document/{slug('冀政字〔2022〕18号')}",
            "number": "冀政字〔2022〕18号",
            "parent": f"{BASE}id/plan/130000",
        }
    ]
    assert hebei[0]["doc"].isascii()


def test_cascade_puts_parent_targets_beside(hebei_store: Path, plankg: Run) -> None:
    rows = query_json(plankg, hebei_store, "cascade", "city=130682")
    assert rows and all(r["cityCode"] == "130682" for r in rows)
    by = {(r["indicatorCode"], r["pollutantCode"]): r for r in rows}
    energy = by[("energy-intensity-reduction", "")]
    assert Decimal(energy["value"]) == Decimal("17.5")
    assert Decimal(energy["parentValue"]) == Decimal("16")
    assert energy["parentCityCode"] == "130000" and energy["parentCityName"] == "河北省"
    assert energy["parentPlan"] == f"{BASE}id/plan/130000"
    cod = by[("key-project-emission-reduction", "COD")]
    assert (Decimal(cod["value"]), Decimal(cod["parentValue"])) == (Decimal(3000), Decimal(41000))
    assert cod["unitCode"] == cod["parentUnitCode"] == "t"
    # The province's own plan cites the national one, which is not stored: no parent.
    rows = query_json(plankg, hebei_store, "cascade", "city=130000")
    assert rows and not any("parentPlan" in r for r in rows)


def test_province_reductions_sum_its_cities(hebei_store: Path, plankg: Run) -> None:
    rows = query_json(plankg, hebei_store, "province-reductions", "province=130000")
    by = {r["pollutantCode"]: r for r in rows}
    assert set(by) == {"COD", "NH3-N", "NOx", "VOCs"}
    cod = by["COD"]
    assert Decimal(cod["provinceValue"]) == 41000
    # 保定市 and 石家庄市 (3000 t each); 定州 is under 保定, so not summed again.
    assert Decimal(cod["citiesSum"]) == 6000 and cod["cities"] == "2"
    assert set(cod["cityNames"].split("、")) == {"保定市", "石家庄市"}
    assert Decimal(by["NH3-N"]["citiesSum"]) == 184


def test_one_document_whatever_the_script_and_brackets() -> None:
    forms = ["冀政字〔2022〕18号", "冀政字[2022]18号", "冀政字（2022）18 号", "冀政字〔2022〕18號"]
    assert len({slug(f) for f in forms}) == 1
    assert slug("吉政字〔2022〕18号") != slug(forms[0])  # 吉 and 冀 read alike: told apart
