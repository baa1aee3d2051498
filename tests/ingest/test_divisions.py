"""Division codes as the ingest writes them: GB/T 2260, the Wikidata P442 form, ISO 3166-2
for a province, and the parent and province of every division; the shapes refuse wrong ones."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from ingest.gazetteer import gazetteer, iso3166_codes, wikidata_code
from ingest.pipeline import prepare
from ingest.shacl_fast import validate_ntriples
from tests.support.cli import Run, query_json
from tests.support.paths import ROOT
from tests.support.rdf import value

BASE = "https://w3id.org/plankg/"
PK = "https://w3id.org/plankg/ontology#"


def test_wikidata_code_form() -> None:
    assert wikidata_code("130682") == "13 06 82"
    assert wikidata_code("411700") == "41 17 00"


def test_every_provincial_division_has_an_iso_code() -> None:
    codes = iso3166_codes()
    provinces = {c for c in gazetteer().by_code if c.endswith("0000") and c != "990000"}
    assert len(provinces) == 34 and set(codes) == provinces
    assert len(set(codes.values())) == 34
    assert all(v.startswith("CN-") and len(v) == 5 for v in codes.values())
    assert codes["130000"] == "CN-HE" and codes["410000"] == "CN-HA"
    assert codes["640000"] == "CN-NX" and codes["810000"] == "CN-HK"


def test_parent_codes() -> None:
    table = gazetteer()
    assert table.parent_code("130682") == "130600"  # 定州市 -> 保定市
    assert table.parent_code("411700") == "410000"  # 驻马店市 -> 河南省
    assert table.parent_code("419001") == "410000"  # 济源市: no prefecture between
    assert table.parent_code("410000") is None


def _division_facts(triples: Sequence[ox.Triple], code: str) -> dict[str, list[str]]:
    node = ox.NamedNode(f"{BASE}id/division/{code}")
    facts: dict[str, list[str]] = {}
    for t in triples:
        if t.subject == node and t.predicate.value.startswith(PK):
            facts.setdefault(t.predicate.value[len(PK) :], []).append(value(t.object))
    return facts


def test_divisions_carry_codes_levels_and_parents() -> None:
    prepared = prepare(ROOT / "data" / "plans" / "dingzhou-130682.txt", BASE)
    assert prepared.triples is not None
    city = _division_facts(prepared.triples, "130682")
    assert city["divisionCode"] == ["130682"] and city["wikidataDivisionCode"] == ["13 06 82"]
    assert city["level"] == ["county"]
    assert city["parent"] == [f"{BASE}id/division/130600"]
    assert city["province"] == [f"{BASE}id/division/130000"]
    assert "iso3166Code" not in city
    prefecture = _division_facts(prepared.triples, "130600")
    assert prefecture["level"] == ["prefecture"]
    assert prefecture["wikidataDivisionCode"] == ["13 06 00"]
    assert prefecture["parent"] == prefecture["province"] == [f"{BASE}id/division/130000"]
    province = _division_facts(prepared.triples, "130000")
    assert province["iso3166Code"] == ["CN-HE"] and province["level"] == ["province"]
    assert "parent" not in province and "province" not in province


DIVISIONS_QUERY = """PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?code ?level ?p442 ?iso ?parentCode ?provinceCode
WHERE {
  ?d a pk:Division ; pk:divisionCode ?code ; pk:level ?level .
  OPTIONAL { ?d pk:wikidataDivisionCode ?p442 }
  OPTIONAL { ?d pk:iso3166Code ?iso }
  OPTIONAL { ?d pk:parent/pk:divisionCode ?parentCode }
  OPTIONAL { ?d pk:province/pk:divisionCode ?provinceCode }
}
ORDER BY ?code"""


def test_every_stored_division_is_complete(
    plankg: Run, bundled_store: Path, tmp_path: Path
) -> None:
    query = tmp_path / "divisions.rq"
    query.write_text(DIVISIONS_QUERY, encoding="utf-8")
    rows = query_json(plankg, bundled_store, str(query))
    assert len(rows) >= 15
    for row in rows:
        code = row["code"]
        assert row["p442"] == wikidata_code(code)
        if row["level"] == "province":
            assert row["iso"] == iso3166_codes()[code]
            assert "parentCode" not in row and "provinceCode" not in row
        else:
            assert "iso" not in row
            assert row["parentCode"] == gazetteer().parent_code(code)
            assert row["provinceCode"] == code[:2] + "0000"


def _broken(change: str) -> str:
    prepared = prepare(ROOT / "data" / "plans" / "dingzhou-130682.txt", BASE)
    county = f"<{BASE}id/division/130682>"
    province = f"<{BASE}id/division/130000>"
    extra = {
        "iso code on a county": f'{county} <{PK}iso3166Code> "CN-HE" .',
        "parent of a province": f"{province} <{PK}parent> {county} .",
        "unspaced P442 code": f'{province} <{PK}wikidataDivisionCode> "130000" .',
        "county as a parent": f"{county} <{PK}parent> {county} .",
    }[change]
    return prepared.ntriples + extra + "\n"


@pytest.mark.parametrize(
    "change",
    ["iso code on a county", "parent of a province", "unspaced P442 code", "county as a parent"],
)
def test_shapes_refuse_wrong_division_facts(change: str) -> None:
    conforms, _ = validate_ntriples(_broken(change), BASE)
    assert not conforms
