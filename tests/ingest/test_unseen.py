"""Plans this repo has never seen: a generated corpus (bench/corpus.py) in the variations
real plans show, checked against the facts the generator wrote into its manifest."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ingest.errors import PlanError
from ingest.gazetteer import gazetteer
from ingest.parser import parse_bytes
from ingest.text import to_simplified
from tests.support.paths import ROOT

PLANS = 150
SEED = 2026  # not a seed the parser was developed against


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("unseen")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(PLANS),
         "--out", str(out), "--seed", str(SEED)],
        check=True, capture_output=True,
    )  # fmt: skip
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return out, [json.loads(line) for line in lines]


def test_corpus_has_the_variations(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    _, manifest = corpus
    assert len(manifest) == PLANS
    assert {m["encoding"] for m in manifest} == {"utf-8", "utf-8-sig", "gb18030"}
    assert any(m["traditional"] for m in manifest)
    assert any(m["status"] == "draft" for m in manifest)
    assert any(m["annex"] for m in manifest)


def test_unseen_plans_parse_right(corpus: tuple[Path, list[dict[str, Any]]]) -> None:
    folder, manifest = corpus
    wrong: list[str] = []
    refused = 0
    for m in manifest:
        try:
            plan = parse_bytes((folder / str(m["file"])).read_bytes(), str(m["file"]))
        except PlanError as exc:
            # Refusing is right only when the place really is ambiguous within its province
            # (e.g. two 鼓楼区 in 江苏省) and the text names no city to tell them apart.
            same = [
                c for c in gazetteer().candidates(str(m["name"])) if c[:2] == str(m["code"])[:2]
            ]
            if "ambiguous" in exc.reason and len(same) > 1:
                refused += 1
                continue
            raise
        simp = to_simplified if plan.traditional else (lambda s: s)
        if plan.jurisdiction.code != m["code"] or plan.status != m["status"]:
            wrong.append(f"{m['file']}: jurisdiction/status")
        want_head = sorted(
            (t["indicator"], t["pollutant"] or "", Decimal(t["value"]), t["unit"], t["qualifier"])
            for t in m["headline"]
        )
        got_head = sorted(
            (t.indicator, t.pollutant or "", t.value, t.unit, t.qualifier)
            for t in plan.targets
            if t.scope == "headline"
        )
        if want_head != got_head:
            wrong.append(f"{m['file']}: headline {got_head} != {want_head}")
        got_measures = {
            (x.section_number, x.number): sorted(
                (simp(r.name_as_written), r.role, r.basis)
                for r in [*x.responsibilities, *(r for i in x.items for r in i.responsibilities)]
            )
            for x in plan.measures
        }
        for want in m["measures"]:
            key = (want["section"], want["number"])
            expected = sorted((a["name"], a["role"], a["basis"]) for a in want["agencies"])
            if got_measures.get(key) != expected:
                wrong.append(f"{m['file']} measure {key}: {got_measures.get(key)} != {expected}")
        want_annex = sorted((a["subject"], Decimal(a["value"]), a["qualifier"]) for a in m["annex"])
        got_annex = sorted(
            (simp(t.subject or ""), t.value, t.qualifier)
            for t in plan.targets
            if t.scope == "annex"
        )
        if want_annex != got_annex:
            wrong.append(f"{m['file']}: annex {got_annex} != {want_annex}")
    assert wrong == []
    assert refused <= 3
