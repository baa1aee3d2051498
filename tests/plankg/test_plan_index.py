"""A plan's search documents and digest (plankg.plan_index), derived from its graph's
N-Triples: terms read back as a SPARQL result gives them, the documents those of the
patterns the module states (here run as SPARQL over the bundled store), in an order of
their own whatever order the store gives the triples in."""

from __future__ import annotations

import random

import pyoxigraph as ox

from plankg.plan_index import Doc, derive, graph_text, plan_docs, plan_versions, value
from plankg.store import EmbeddedStore
from tests.support.rdf import BASE

LITERALS = (
    "plain",
    'a "quoted" word',
    "back\\slash",
    "line\nbreak\r\nand\ttab",
    "控制\x01字符\x7f",
    "𠀀 beyond the BMP",
    "\\u0041 is not an escape here",
)


def test_terms_read_back_as_a_result_gives_them() -> None:
    for text in LITERALS:
        for literal in (
            ox.Literal(text),
            ox.Literal(text, language="zh"),
            ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#token")),
        ):
            triple = ox.Triple(ox.NamedNode("x:s"), ox.NamedNode("x:p"), literal)
            line = (ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES) or b"").decode()
            term = line.split(" ", 2)[2].rstrip()[:-2]
            assert value(term) == text, line
    assert value("<https://w3id.org/plankg/id/plan/130682>") == f"{BASE}id/plan/130682"


_DOCS = {
    "measure": """SELECT ?d ?title ?text WHERE { GRAPH ?g {
      ?d a pk:Measure ; dcterms:title ?title ; prov:wasDerivedFrom/pk:quote ?text . } }""",
    "target": """SELECT ?d ?text WHERE { GRAPH ?g {
      ?d a pk:Target ; prov:wasDerivedFrom/pk:quote ?text . } }""",
    "agency": """SELECT ?d ?title ?text WHERE { GRAPH ?g {
      ?d a pk:Agency ; rdfs:label ?title ; pk:agencyType ?type . BIND(?title AS ?text) } }""",
}


def _sparql_docs(store: EmbeddedStore) -> set[tuple[str, str, str, str]]:
    """(kind, IRI, title, text) of every document, by the patterns run as SPARQL; a target
    sentence stating several targets is one document (the first target in the text)."""
    found: set[tuple[str, str, str, str]] = set()
    for kind, sparql in _DOCS.items():
        result = store.query(sparql)
        assert isinstance(result, ox.QuerySolutions)
        for row in result:
            title = row["title"].value if row["title"] is not None else ""
            found.add((kind, row["d"].value, title, row["text"].value))
    return found


def test_documents_are_those_of_the_patterns(bundled_open: EmbeddedStore) -> None:
    graphs = sorted(plan_versions(bundled_open))
    parts = plan_docs(bundled_open, graphs, BASE)
    assert sorted(parts) == graphs
    docs: list[Doc] = [d for g in graphs for d in parts[g][0]]
    derived = {(d.kind, d.iri, d.title, d.text) for d in docs}
    expected = _sparql_docs(bundled_open)
    assert {d for d in derived if d[0] != "target"} == {d for d in expected if d[0] != "target"}
    # targets: one document per sentence of a plan, each sentence's target among them
    targets = {d for d in expected if d[0] == "target"}
    assert {d for d in derived if d[0] == "target"} <= targets
    sentences = {(t[1].split("/target/")[0], t[3]) for t in targets}
    assert len([d for d in derived if d[0] == "target"]) == len(sentences)
    for g in graphs:
        digest = parts[g][1]
        assert digest.measures == len([d for d in parts[g][0] if d.kind == "measure"])
        assert digest.leads and digest.duties and digest.energy


def test_the_order_is_the_plans_not_the_stores(bundled_open: EmbeddedStore) -> None:
    graph = f"{BASE}id/plan/130682"
    text = graph_text(bundled_open, graph)
    lines = text.splitlines(keepends=True)
    random.Random(7).shuffle(lines)
    assert derive(graph, "".join(lines), BASE) == derive(graph, text, BASE)
    docs, _ = plan_docs(bundled_open, [graph], BASE)[graph]
    measures = [
        tuple(map(int, d.iri.rsplit("/", 1)[-1].split("-"))) for d in docs if d.kind == "measure"
    ]
    assert len(measures) > 10 and measures == sorted(measures)  # in document order
