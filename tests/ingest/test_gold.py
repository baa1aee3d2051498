"""The five bundled plans against their hand-checked gold annotation, through the CLI."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Run, query_json
from tests.support.paths import GOLD

GOLD_FILES = sorted(GOLD.glob("*.json"))


def gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLD / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def responsibilities(plankg: Run, bundled_store: Path) -> dict[str, list[dict[str, str]]]:
    rows = query_json(plankg, bundled_store, "tests/queries/gold-responsibilities.rq")
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_file[Path(row["sourceFile"]).name].append(row)
    return by_file


@pytest.fixture(scope="module")
def targets(plankg: Run, bundled_store: Path) -> list[dict[str, str]]:
    return query_json(plankg, bundled_store, "targets")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_measures_agencies_roles_and_basis(
    path: Path, responsibilities: dict[str, list[dict[str, str]]]
) -> None:
    expected = gold(path.name)
    got: dict[tuple[int, int], dict[str, Any]] = {}
    for row in responsibilities[str(expected["file"])]:
        key = (int(row["section"]), int(row["number"]))
        measure = got.setdefault(key, {"title": row["title"], "agencies": []})
        if "name" in row:
            measure["agencies"].append(
                {
                    "name": row["name"],
                    "role": row["role"],
                    "basis": row.get("basis"),
                    "carried": row.get("carried") == "true",
                }
            )
    want = {
        (m["section"], m["number"]): {
            "title": m["title"],
            "agencies": [
                {
                    "name": a["name"],
                    "role": a["role"],
                    "basis": a["basis"],
                    "carried": a.get("carried", False),
                }
                for a in m["agencies"]
            ],
        }
        for m in expected["measures"]
    }
    assert sorted(got) == sorted(want)
    for key in want:
        assert got[key] == want[key], f"measure {key}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_plan_metadata(path: Path, plankg: Run, bundled_store: Path) -> None:
    expected = gold(path.name)
    rows = [
        r
        for r in query_json(plankg, bundled_store, "tests/queries/gold-plans.rq")
        if Path(r["sourceFile"]).name == expected["file"]
    ]
    assert rows, f"{expected['file']} not in the store"
    row = rows[0]
    assert row["title"] == expected["title"]
    assert row["status"] == expected["status"]
    assert row.get("documentNumber") == expected["documentNumber"]
    assert row.get("issued") == expected["issued"]
    assert sorted({r["cites"] for r in rows if "cites" in r}) == sorted(expected["cites"])
    assert (row["leadRule"] == "true") == expected["leadRule"]


def _target_key(indicator: str, pollutant: str | None, value: str, unit: str, qualifier: str,
                subject: str | None = None) -> tuple[str, str, Decimal, str, str, str]:  # fmt: skip
    return (indicator, pollutant or "", Decimal(value), unit, qualifier or "", subject or "")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_headline_targets_exact(path: Path, targets: list[dict[str, str]]) -> None:
    expected = gold(path.name)
    got = sorted(
        (
            *_target_key(
                r["indicatorCode"],
                r.get("pollutantCode"),
                r["value"],
                r["unitCode"],
                r.get("qualifier", ""),
            ),
            r.get("baseYear", ""),
            r.get("targetYear", ""),
        )
        for r in targets
        if r["cityCode"] == expected["cityCode"] and r["scope"] == "headline"
    )
    want = sorted(
        (
            *_target_key(t["indicator"], t["pollutant"], t["value"], t["unit"], t["qualifier"]),
            str(t["baseYear"]),
            str(t["targetYear"]),
        )
        for t in expected["headlineTargets"]
    )
    assert got == want


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_annex_rows(path: Path, targets: list[dict[str, str]]) -> None:
    expected = gold(path.name)
    got = sorted(
        _target_key(
            r["indicatorCode"],
            None,
            r["value"],
            r["unitCode"],
            r.get("qualifier", ""),
            r.get("subject"),
        )
        for r in targets
        if r["cityCode"] == expected["cityCode"] and r["scope"] == "annex"
    )
    want = sorted(
        _target_key(t["indicator"], None, t["value"], t["unit"], t["qualifier"], t.get("subject"))
        for t in expected["annexTargets"]
    )
    assert got == want


def test_flagship_query_vocs_leads(plankg: Run, bundled_store: Path) -> None:
    rows = query_json(plankg, bundled_store, "lead-agencies", "topic=VOCs")
    got = sorted((r["cityCode"], r["agencyName"], r["agencyType"], r["basis"]) for r in rows)
    assert got == [
        ("130682", "定州市生态环境局", "ecology-environment", "listing-order"),
        ("330481", "海宁市生态环境分局", "ecology-environment", "document-convention"),
        ("411700", "驻马店市生态环境局", "ecology-environment", "listing-order"),
        ("511700", "达州市经信局", "industry-it", "listing-order"),
        ("620500", "天水市工信局", "industry-it", "listing-order"),
    ]
    for row in rows:
        assert row["city"].endswith("/id/division/" + row["cityCode"])
        assert row["measureTitle"]
        assert row["agency"].startswith("https://w3id.org/plankg/id/agency/" + row["cityCode"])


def test_lead_agencies_explicit_basis_for_transport(plankg: Run, bundled_store: Path) -> None:
    rows = query_json(plankg, bundled_store, "lead-agencies", "topic=transport")
    zhumadian = sorted((r["agencyName"], r["basis"]) for r in rows if r["cityCode"] == "411700")
    assert zhumadian == [("驻马店市交通运输局", "explicit"), ("驻马店市发展改革委", "explicit")]


def test_every_target_quotes_its_source(targets: list[dict[str, str]], bundled_store: Path) -> None:
    assert targets
    for row in targets:
        assert row["sourceText"].strip(), row
