"""api.compaction gives byte for byte pyld's compacted document (api.linked.compact_with_pyld)
for every description and collection page of the bundled plans, for each kind of value
under every term of the context, and hands what it does not reproduce to pyld."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from pyld.jsonld import JsonLdError

import api.collection_items as collections
from api.compaction import COMPACTOR, Compactor, Unsupported
from api.context import CONTEXT, PK, XSD
from api.linked import Node, compact, compact_with_pyld, expand, json_bytes
from plankg.describe import describe
from plankg.store import EmbeddedStore

BASE = "https://w3id.org/plankg/"
CTX = "http://localhost/context.jsonld"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _text(doc: dict[str, Any]) -> str:
    """The document as the service writes it."""
    return json_bytes(doc).decode("utf-8")


def _fast(nodes: list[Node], graph: bool) -> dict[str, Any]:
    assert COMPACTOR is not None, "the service's context is outside api.compaction"
    return COMPACTOR.document(nodes, CTX, graph)


def assert_same(nodes: list[Node], graph: bool = False, why: str = "") -> None:
    """The fast path takes these nodes and gives pyld's JSON text."""
    assert _text(_fast(nodes, graph)) == _text(compact_with_pyld(nodes, CTX, graph)), why


@pytest.fixture(scope="module")
def store(bundled_open: EmbeddedStore) -> EmbeddedStore:
    return bundled_open


def _subjects(store: EmbeddedStore, graph: str | None = None) -> list[str]:
    """IRI subjects: of `graph`, else every one under {BASE}id/ and of every named graph
    (the vocabularies' concepts and schemes, the ontology's classes and properties)."""
    where = (
        f"GRAPH <{graph}> {{ ?s ?p ?o FILTER (isIRI(?s)) }}"
        if graph
        else f"""{{ ?s ?p ?o FILTER (isIRI(?s) && STRSTARTS(STR(?s), '{BASE}id/')) }}
          UNION {{ GRAPH ?g {{ ?s ?p ?o FILTER (isIRI(?s)) }} }}"""
    )
    result = store.query(f"SELECT DISTINCT ?s WHERE {{ {where} }}")
    assert isinstance(result, ox.QuerySolutions)
    return sorted(str(row["s"].value) for row in result if row["s"] is not None)


def test_every_description_compacts_as_pyld(store: EmbeddedStore) -> None:
    subjects = _subjects(store)
    vocabularies = _subjects(store, BASE + "graph/vocabularies")
    ontology = _subjects(store, BASE + "graph/ontology")
    assert len(vocabularies) > 100 and len(ontology) > 100
    assert len(subjects) > 1500 and {*vocabularies, *ontology} <= set(subjects)
    for iri in subjects:
        described = describe(store, iri)
        assert described is not None, iri
        nodes = expand(described.triples, first=iri)
        assert _text(_fast(nodes, False)) == _text(compact_with_pyld(nodes, CTX, False)), iri


@pytest.mark.parametrize(
    ("coll", "given", "limit"),
    [
        (collections.CITIES, {}, 1000),
        (collections.PLANS, {}, 1000),
        (collections.PLANS, {"status": "draft"}, 1),  # one node: still under "@graph"
        (collections.AGENCIES, {}, 1000),
        (collections.MEASURES, {}, 1000),
        (collections.TARGETS, {}, 1000),
        (collections.TARGETS, {"city": "000000"}, 10),  # no node: "@graph": []
    ],
)
def test_collections_compact_as_pyld(
    store: EmbeddedStore,
    monkeypatch: pytest.MonkeyPatch,
    coll: collections.Collection,
    given: dict[str, str],
    limit: int,
) -> None:
    seen: list[list[Node]] = []

    def spy(nodes: list[Node], ctx: str, graph: bool) -> dict[str, Any]:
        assert graph
        seen.append(nodes)
        return compact(nodes, ctx, graph)

    monkeypatch.setattr(collections, "compact", spy)
    body, count = collections.items(store, coll, given, limit, 0, CTX)
    (nodes,) = seen
    assert count == len(nodes)
    assert body.decode() == _text(compact_with_pyld(nodes, CTX, True))
    assert _text(_fast(nodes, True)) == body.decode()


ITEM = BASE + "id/plan/130682"
KINDS: dict[str, Node] = {
    "reference": {"@id": BASE + "id/division/130682"},
    "vocabulary reference": {"@id": PK + "Lead"},
    "blank node reference": {"@id": "_:b0"},
    "reference outside every prefix": {"@id": "http://example.org/x"},
    "namespace itself": {"@id": SKOS},
    "plain": {"@value": "文本"},
    "zh": {"@value": "文本", "@language": "zh"},
    "en": {"@value": "text", "@language": "en"},
    "zh-hans": {"@value": "文本", "@language": "zh-hans"},
    "empty language": {"@value": "x", "@language": ""},
    "integer": {"@value": "3", "@type": XSD + "integer"},
    "decimal": {"@value": "3.5", "@type": XSD + "decimal"},
    "boolean": {"@value": "true", "@type": XSD + "boolean"},
    "date": {"@value": "2024-01-02", "@type": XSD + "date"},
    "gYear": {"@value": "2025", "@type": XSD + "gYear"},
    "dateTime": {"@value": "2024-01-02T00:00:00Z", "@type": XSD + "dateTime"},
    "datatype outside every prefix": {"@value": "x", "@type": "http://example.org/dt"},
    "datatype that is a term's IRI": {"@value": "x", "@type": PK + "issuer"},
}


def _term_iris() -> list[str]:
    """Every IRI the context names (terms and prefixes) and a few it does not."""
    iris = set()
    for value in CONTEXT.values():
        iri = value["@id"] if isinstance(value, dict) else value
        if isinstance(iri, str):
            prefix, _, local = iri.partition(":")
            iris.add(CONTEXT[prefix] + local if prefix in CONTEXT else iri)
    return [*sorted(iris), PK + "page", "http://example.org/p", "urn:x:p"]


@pytest.mark.parametrize("prop", _term_iris())
def test_each_kind_of_value_under_each_property(prop: str) -> None:
    for name, value in KINDS.items():
        assert_same([{"@id": ITEM, prop: [value]}], why=name)
        assert_same([{"@id": ITEM, prop: [value, value]}], why=name)  # two: a list
    assert_same([{"@id": ITEM, prop: list(KINDS.values())}])  # all mixed under one property


def test_hand_made_nodes() -> None:
    nodes: list[Node] = [
        {
            "@id": ITEM,
            "@type": [PK + "Plan", "http://example.org/T", PK + "jurisdiction"],
            DCT + "title": [
                {"@value": "Plan", "@language": "en"},  # no term fits: "dcterms:title"
                {"@value": "规划", "@language": "zh"},
            ],
            SKOS + "prefLabel": [
                {"@value": "a", "@language": "en"},
                {"@value": "甲", "@language": "zh"},
                {"@value": "乙", "@language": "zh"},
                {"@value": "none"},
            ],
            PK + "carriedForward": [{"@value": "false", "@type": XSD + "boolean"}],
            PK + "number": [{"@value": "7", "@type": XSD + "long"}],  # not xsd:integer
            PK + "issuer": [{"@value": "x", "@type": "http://example.org/dt"}],
            PK + "hasSection": [{"@id": "_:b1"}, {"@id": ITEM + "/section/1"}],
        },
        {"@id": "_:b1", PK + "number": [{"@value": "1", "@type": XSD + "integer"}]},
        {"@id": "http://example.org/only-id"},
        {"@id": BASE + "id/x", "@type": [SKOS]},
    ]
    for graph in (False, True):
        assert_same(nodes, graph)
        assert_same(nodes[:1], graph)
        assert_same(nodes[2:3], graph)  # a node with only @id is a subject reference
        assert_same([], graph)


@pytest.mark.parametrize(
    "node",
    [
        {"@id": ITEM, PK + "hasItem": [{"@list": [{"@id": ITEM + "/1"}]}]},
        {"@id": ITEM, PK + "quote": [{"@value": "x", "@index": "i"}]},
        {"@id": ITEM, PK + "quote": [{"@value": 3}]},
        {"@id": ITEM, PK + "quote": [{"@value": "x", "@direction": "ltr"}]},
        {"@id": ITEM, PK + "hasItem": [{"@id": ITEM + "/1", PK + "quote": [{"@value": "x"}]}]},
        {"@id": ITEM, "@reverse": {PK + "inPlan": [{"@id": ITEM + "/t/1"}]}},
        {"@id": ITEM, PK + "quote": []},
        {PK + "quote": [{"@value": "x"}]},
    ],
)
def test_the_rest_falls_back_to_pyld(node: Node) -> None:
    with pytest.raises(Unsupported):
        _fast([node], False)
    assert _text(compact([node], CTX, False)) == _text(compact_with_pyld([node], CTX, False))


def test_an_iri_pyld_refuses_is_refused_the_same() -> None:
    node: Node = {"@id": ITEM, PK + "hasItem": [{"@id": "pk:Lead"}]}
    with pytest.raises(Unsupported):
        _fast([node], False)
    with pytest.raises(JsonLdError, match="confused with prefix"):
        compact([node], CTX, False)


def test_a_context_outside_the_fast_path_is_refused() -> None:
    for context in (
        {"@vocab": PK},
        {"id": "@id"},
        {"pk": PK, "items": {"@id": "pk:hasItem", "@container": "@list"}},
        {"pk": PK, "when": {"@id": "pk:when", "@type": "@vocab"}},
        {"pk": PK, "pk:x": "pk:y"},
    ):
        with pytest.raises(Unsupported):
            Compactor(context)
