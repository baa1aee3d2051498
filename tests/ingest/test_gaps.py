"""No silent gaps: what looked like a responsibility but gave none is reported
per plan, kept in the plan's graph (pk:Gap with its source span, pk:gapKind in the
gap-kind scheme; counts and coverage on the plan), printed by `plankg validate --report
json` and summarised by `plankg ingest` in one line per plan.

Inputs are the bundled plans with one of their own notes emptied or taken out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from ingest.model import Plan
from ingest.parser import parse_bytes
from ingest.rdf import PK, ntriples, plan_triples
from ingest.shacl_fast import validate_ntriples
from tests.support.cli import Run
from tests.support.paths import PLANS
from tests.support.rdf import value

BASE = "https://w3id.org/plankg/"
TIANSHUI = PLANS / "tianshui-620500.txt"
# The note of 三(二) in Tianshui, as written.
NOTE = "（市发展改革委、市工信局、市生态环境局等按职责分工负责）"


def tianshui(replacement: str) -> str:
    text = TIANSHUI.read_text(encoding="utf-8")
    assert text.count(NOTE) == 1
    return text.replace(NOTE, replacement)


def parsed(text: str) -> Plan:
    return parse_bytes(text.encode("utf-8"), "tianshui-gaps.txt")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def kinds(plan: Plan) -> list[str]:
    return [g.kind for g in plan.gaps]


def test_bundled_plan_reports_only_its_odd_agencies() -> None:
    plan = parsed(TIANSHUI.read_text(encoding="utf-8"))
    assert kinds(plan) == ["agency-type-other", "agency-type-other"]
    assert [g.detail for g in plan.gaps] == ["天水火车站", "市公共资源交易中心"]


@pytest.mark.parametrize(
    "replacement",
    ["（责任单位：有关部门）", "（各有关部门按职责分工负责）", "\n责任单位：相关单位\n"],
)
def test_note_without_agency(replacement: str) -> None:
    text = tianshui(replacement)
    plan = parsed(text)
    gaps = [g for g in plan.gaps if g.kind == "note-without-agency"]
    assert len(gaps) == 1
    gap = gaps[0]
    assert text[gap.span.start : gap.span.end] == gap.span.text
    assert gap.span.text in replacement
    # The measure is then without responsibility too, and says which one.
    missing = [g for g in plan.gaps if g.kind == "measure-without-responsibility"]
    assert [g.detail for g in missing] == ["3-2 园区节能环保提升工程"]


def test_brackets_that_are_not_notes_are_no_gap() -> None:
    plan = parsed(tianshui(NOTE + "推广液化天然气（LNG）（以下简称“LNG”）。"))
    assert "note-without-agency" not in kinds(plan)


def test_measure_without_responsibility_when_its_note_is_gone() -> None:
    plan = parsed(tianshui(""))
    assert kinds(plan).count("measure-without-responsibility") == 1
    measure = next(m for m in plan.measures if (m.section_number, m.number) == (3, 2))
    gap = next(g for g in plan.gaps if g.kind == "measure-without-responsibility")
    assert measure.span.start == gap.span.start and gap.span.text.startswith("（二）")


def _objects(
    triples: list[ox.Triple], s: ox.NamedNode | ox.BlankNode | ox.Triple, p: str
) -> list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    return [t.object for t in triples if t.subject == s and t.predicate == ox.NamedNode(PK + p)]


def test_gaps_and_completeness_in_the_graph() -> None:
    plan = parsed(tianshui("（责任单位：有关部门）"))
    iri, triples = plan_triples(plan, BASE)
    conforms, report = validate_ntriples(ntriples(triples), BASE)
    assert conforms, report
    p = ox.NamedNode(iri)
    gaps = [t.subject for t in triples if t.object == ox.NamedNode(PK + "Gap")]
    assert len(gaps) == len(plan.gaps) == 4
    kind_iris = sorted(value(_objects(triples, g, "gapKind")[0]) for g in gaps)
    assert kind_iris == sorted(f"{BASE}id/gap-kind/{g.kind}" for g in plan.gaps)
    for g in gaps:
        assert _objects(triples, g, "inPlan") == [p]
        span = [
            t.object
            for t in triples
            if t.subject == g and t.predicate.value.endswith("wasDerivedFrom")
        ]
        assert len(span) == 1
    counts = {name: value(_objects(triples, p, name)[0]) for name in
             ("measureCount", "responsibilityCount", "targetCount", "gapCount",
              "responsibilityCoverage")}  # fmt: skip
    assert counts["measureCount"] == "21" and counts["gapCount"] == "4"
    assert counts["responsibilityCoverage"] == "0.952"  # 20 of 21 task measures


def test_a_gap_without_kind_fails_the_shapes() -> None:
    plan = parsed(tianshui("（责任单位：有关部门）"))
    _, triples = plan_triples(plan, BASE)
    broken = [t for t in triples if t.predicate != ox.NamedNode(PK + "gapKind")]
    conforms, report = validate_ntriples(ntriples(broken), BASE)
    assert not conforms and "Gap-gapKind" in report


@pytest.fixture(scope="module")
def gappy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    text = tianshui("（责任单位：有关部门）")
    path = tmp_path_factory.mktemp("gaps") / "tianshui-gaps.txt"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_validate_report_json(plankg: Run, gappy: tuple[Path, str]) -> None:
    path, text = gappy
    proc = plankg(
        "validate", "--report", "json", str(path), str(PLANS / "haining-330481-draft.txt")
    )
    assert proc.returncode == 0, proc.stderr
    reports = json.loads(proc.stdout)
    assert [Path(r["file"]).name for r in reports] == [
        "tianshui-gaps.txt",
        "haining-330481-draft.txt",
    ]
    ours = reports[0]
    assert ours["jurisdiction"]["code"] == "620500"
    assert isinstance(ours["jurisdiction"]["evidence"], list)
    assert ours["facts"]["measures"] == 21 and ours["facts"]["gaps"] == 4
    assert ours["gapsByKind"] == {
        "agency-type-other": 2,
        "note-without-agency": 1,
        "measure-without-responsibility": 1,
    }
    note = next(g for g in ours["gaps"] if g["kind"] == "note-without-agency")
    assert note["text"] == "责任单位：有关部门"
    assert note["line"] == line_of(text, "责任单位：有关部门")
    assert reports[1]["gapsByKind"] == {"agency-type-other": 1}


def test_validate_report_json_names_a_failed_file(plankg: Run, tmp_path: Path) -> None:
    bad = tmp_path / "not-a-plan.txt"
    bad.write_text("只是一段文字。", encoding="utf-8")
    proc = plankg("validate", "--report", "json", str(bad))
    assert proc.returncode == 1
    (report,) = json.loads(proc.stdout)
    assert report["file"].endswith("not-a-plan.txt") and "not a plan" in report["error"]


def test_ingest_summary_line(plankg: Run, gappy: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = gappy
    proc = plankg("ingest", str(path), "--store", str(tmp_path / "store"))
    assert proc.returncode == 0, proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if ln.startswith("ok ")]
    assert line.startswith(f"ok {path} -> https://w3id.org/plankg/id/plan/620500 ("), line
    assert line.endswith(
        "triples): 21 measures, 142 responsibilities, 17 targets; gaps: "
        "1 note-without-agency, 2 agency-type-other, 1 measure-without-responsibility"
    ), line


def test_a_stated_rule_in_brackets_is_no_gap() -> None:
    plan = parsed(tianshui(NOTE + "（各项任务中列第一位的为牵头单位，下同）"))
    assert "note-without-agency" not in kinds(plan)


def test_safeguards_without_notes_count_only_beside_noted_ones() -> None:
    text = TIANSHUI.read_text(encoding="utf-8")
    plan = parsed(text)
    safeguards = [m for m in plan.measures if m.kind == "safeguard"]
    assert safeguards and all(m.responsibilities for m in safeguards)
    # Take every note of the safeguards section out: its measures are then not expected.
    section = safeguards[0].section_number
    for m in safeguards:
        note = m.responsibilities[0].note
        assert note is not None
        text = text.replace(text[note.start - 1 : note.end + 1], "", 1)
    bare = parsed(text)
    assert "measure-without-responsibility" not in kinds(bare)
    assert all(not m.responsibilities for m in bare.measures if m.section_number == section)
