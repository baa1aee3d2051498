"""The SHACL shapes (shapes/plankg.ttl) accept the graph the ingest maps from a small plan
(tests/fixtures/plans/sample-411700.txt) and reject each broken variant of it for the right
reason (tests/fixtures/shapes/broken.json), judged by pyshacl."""

from __future__ import annotations

import pytest
from rdflib import Graph

from tests.support.sample_plan import broken, has_result, results, sample_plan, validate

BROKEN = broken()


def test_valid_plan_conforms(vocab: Graph, shapes: Graph) -> None:
    conforms, report = validate(sample_plan(), vocab, shapes)
    assert conforms, report.serialize(format="turtle")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_plan_fails(case: str, vocab: Graph, shapes: Graph) -> None:
    breaker, expected = BROKEN[case]
    g = sample_plan()
    breaker(g)
    conforms, report = validate(g, vocab, shapes)
    assert not conforms
    found = results(report)
    assert has_result(found, expected), found
