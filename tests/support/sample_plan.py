"""A small plan (tests/fixtures/plans/sample-411700.txt) mapped to RDF by the real code
(ingest's parser and ingest/rdf.py), the edits that break it (tests/fixtures/shapes/
broken.json), and pyshacl, the reference SHACL engine, to judge it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH
from rdflib.term import Node

from ingest.parser import parse_file
from ingest.rdf import plan_graph
from tests.support.paths import FIXTURES
from tests.support.rdf import BASE, ID, PK, PKS, QUDT_UNIT

SAMPLE = FIXTURES / "plans" / "sample-411700.txt"

PLAN = ID["plan/411700"]
M1 = URIRef(f"{PLAN}/measure/3-1")
R1 = URIRef(f"{M1}/resp/1")
R2 = URIRef(f"{M1}/resp/2")
TARGET1 = URIRef(f"{PLAN}/target/1")
DIV = ID["division/411700"]
PREFIXES: dict[str, str] = {
    "pk": PK,
    "pks": PKS,
    "id": ID,
    "dcterms": str(DCTERMS),
    "qudt": QUDT_UNIT,
}


@cache
def _mapped() -> Graph:
    iri, g = plan_graph(parse_file(SAMPLE), BASE)
    assert iri == PLAN
    return g


def sample_plan() -> Graph:
    """A fresh copy of the sample plan's graph, as the ingest writes it."""
    g = Graph()
    g += _mapped()
    return g


def span_of(g: Graph, fact: URIRef) -> URIRef:
    """The source span a fact was derived from."""
    span = g.value(fact, PROV.wasDerivedFrom)
    assert isinstance(span, URIRef), fact
    return span


def replace(g: Graph, s: URIRef, p: URIRef, o: Node | None) -> None:
    """Drop every (s, p, *); add (s, p, o) unless o is None."""
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))


def term(g: Graph, written: Any) -> Node | None:
    """A term as tests/fixtures/shapes/broken.json writes it (its `_about` says how)."""
    if written is None:
        return None
    if isinstance(written, dict):
        return Literal(written["value"], lang=written.get("lang"))
    assert isinstance(written, str), written
    if written.startswith("span:"):
        fact = term(g, written.removeprefix("span:"))
        assert isinstance(fact, URIRef)
        return span_of(g, fact)
    prefix, _, local = written.partition(":")
    if prefix == "plan":
        return URIRef(f"{PLAN}/{local}") if local else PLAN
    return URIRef(PREFIXES[prefix] + local)


Breaker = Callable[[Graph], None]


def _breaker(case: dict[str, Any]) -> Breaker:
    def edit(g: Graph) -> None:
        s, p, o = (term(g, case[k]) for k in ("s", "p", "o"))
        assert isinstance(s, URIRef) and isinstance(p, URIRef)
        if case["edit"] == "replace":
            replace(g, s, p, o)
        else:
            assert o is not None
            g.add((s, p, o))

    return edit


def broken() -> dict[str, tuple[Breaker, dict[str, Node]]]:
    """Each way to break the sample plan: the edit, and the result pyshacl must report."""
    cases = json.loads((FIXTURES / "shapes" / "broken.json").read_text(encoding="utf-8"))
    cases.pop("_about")
    reference = _mapped()
    found: dict[str, tuple[Breaker, dict[str, Node]]] = {}
    for name, case in cases.items():
        expected = {k: term(reference, v) for k, v in case["expect"].items()}
        found[name] = (_breaker(case), {k: v for k, v in expected.items() if v is not None})
    return found


def validate(data: Graph, vocab: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pyshacl's verdict on data with the vocabularies, and its report."""
    merged = Graph()
    merged += data
    merged += vocab
    conforms, report, _ = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    assert isinstance(report, Graph)
    return bool(conforms), report


def results(report: Graph) -> list[dict[str, Node | None]]:
    """sourceShape, resultPath, focusNode and value of every validation result."""
    keys = {
        "shape": SH.sourceShape,
        "path": SH.resultPath,
        "focus": SH.focusNode,
        "value": SH.value,
    }
    return [
        {k: report.value(r, p) for k, p in keys.items()} for r in report.objects(None, SH.result)
    ]


def has_result(found: list[dict[str, Node | None]], expected: dict[str, Node]) -> bool:
    return any(all(r[k] == v for k, v in expected.items()) for r in found)
