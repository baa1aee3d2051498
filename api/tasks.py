"""Every task the query workers run (workers.registry): the registry `TASKS`, which a
worker imports at start in place of the server's modules, and the tasks of the routes.

Nothing a task module imports, directly or not, may import FastAPI, Starlette or Jinja:
a worker would load the web framework at each start for nothing (a test starts a worker
and checks). The tasks of the pages, the named queries, the search index and the VoID
statistics live beside what they read and are listed here; those of the routes, whose
modules do import FastAPI, live here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pyoxigraph as ox

from api import collection_items, engine, logs, void
from api.linked import compact, expand, json_bytes
from api.web import data, evidence
from plankg import dataset, plan_index
from plankg.backends import QueryStore
from plankg.describe import describe
from plankg.prefixes import PREDECLARED
from workers.registry import Registry

TURTLE_PREFIXES = {
    "pk": "https://w3id.org/plankg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_RDF_FORMATS = {  # the dumps' (api.void.DUMPS)
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def ask(store: QueryStore) -> bool:
    """/readyz: whether the store answers, and holds anything."""
    return bool(store.query("ASK { ?s ?p ?o }"))


def describe_resource(
    store: QueryStore,
    iri: str,
    fmt: str,
    ctx_url: str,
    base: str,
    graph: str | None = None,
    stored: bytes | None = None,
) -> bytes | None:
    """/id/…: the resource described (plankg.describe) in Turtle or JSON-LD; None when the
    store says nothing of it. `graph`: the plan graph that holds the description, when
    the server knows it; `stored`: the plan's description as ingest stored it."""
    described = describe(store, iri, base, graph, stored)
    if described is None:
        return None
    if fmt == "ttl":
        return (
            ox.serialize(
                sorted(described.triples, key=str),
                format=ox.RdfFormat.TURTLE,
                prefixes=TURTLE_PREFIXES,
            )
            or b""
        )
    nodes = expand(described.triples, first=iri)
    doc = compact(nodes, ctx_url, graph=False)
    return json_bytes(doc)


def read_graph(
    store: QueryStore, graph: str | None, fmt: str, cap: int
) -> tuple[bytes, bool] | None:
    """/store: the graph serialised in `fmt` and whether it was cut at `cap` triples
    (the default graph only), or None when the named graph is not stored."""
    if graph is not None:
        if not store.contains(graph):
            return None
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    else:
        query = (
            "CONSTRUCT { ?s ?p ?o } WHERE { "
            f"{{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {cap + 1} }} }}"
        )
    result = store.query(query)
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("a graph read must be a CONSTRUCT")
    triples = list(result)
    truncated = graph is None and len(triples) > cap
    del triples[cap if truncated else len(triples) :]
    if fmt == "nq":
        name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", truncated
    prefixes = PREDECLARED if fmt in ("ttl", "rdfxml") else None
    body = (
        ox.serialize(triples, format=_GRAPH_FORMATS[fmt], prefixes=prefixes)
        if prefixes
        else (ox.serialize(triples, format=_GRAPH_FORMATS[fmt]))
    )
    return body or b"", truncated


def write_dump(store: QueryStore, output: str, fmt: str) -> None:
    """/dumps/…: the whole dataset into the file `output`."""
    store.dump_to(Path(output), _RDF_FORMATS[fmt])


TASKS = Registry(
    __name__,
    (
        ask,
        describe_resource,
        read_graph,
        write_dump,
        engine.execute,  # named queries and /sparql
        collection_items.items,
        collection_items.rows,
        data.city,
        data.compare,
        data.plan_rows,
        data.run_jobs,
        evidence.read,
        plan_index.plan_versions,
        plan_index.plan_docs,
        void.dataset_stats,
        dataset.read_modified,
    ),
    setup=partial(logs.configure, "plankg worker"),  # a process of its own: its own log
)
