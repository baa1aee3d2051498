"""The compiled SHACL engine used on ingest agrees with pyshacl, the reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from ingest.parser import parse_file
from ingest.rdf import ntriples, plan_triples
from ingest.shacl_fast import validate_ntriples
from tests.support.paths import PLANS
from tests.support.rdf import BASE
from tests.support.sample_plan import broken, sample_plan
from tests.support.sample_plan import validate as pyshacl_validate

BROKEN = broken()


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.txt")), ids=lambda p: p.stem)
def test_bundled_plans_conform_in_both_engines(
    path: Path,
    vocab: Graph,
    shapes: Graph,
) -> None:
    _, triples = plan_triples(parse_file(path))
    nt = ntriples(triples)
    conforms, report = validate_ntriples(nt, BASE)
    assert conforms, report
    reference, _ = pyshacl_validate(Graph().parse(data=nt, format="nt"), vocab, shapes)
    assert reference


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graphs_fail_in_the_fast_engine(case: str) -> None:
    breaker, expected = BROKEN[case]
    g = sample_plan()
    breaker(g)
    conforms, report = validate_ntriples(g.serialize(format="nt"), BASE)
    assert not conforms
    focus = expected.get("focus")
    assert focus is None or str(focus) in report, report


def test_report_names_focus_path_and_shape() -> None:
    g = sample_plan()
    BROKEN[sorted(BROKEN)[0]][0](g)
    _, report = validate_ntriples(g.serialize(format="nt"), BASE)
    assert "focus node" in report and "pks:" in report


def test_pipeline_refuses_a_non_conforming_graph() -> None:
    from ingest.errors import ShapeViolation
    from ingest.validate import check

    g = sample_plan()
    BROKEN["lead without basis"][0](g)
    with pytest.raises(ShapeViolation) as info:
        check(g.serialize(format="nt"), "broken.txt", BASE)
    assert info.value.source == "broken.txt"
    assert "does not conform" in str(info.value) and "focus node" in info.value.report
