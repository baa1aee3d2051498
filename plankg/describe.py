"""The description of an instance IRI: the triples an /id/ answer holds, in every format.

A description holds the resource's own triples; the labels and notations of the resources
it links to (and the quote of its source span); and, one hop back, the subjects that link
to it by pk:forMeasure, pk:inPlan or pk:partOf with their own triples and the labels of
what they link to, so a measure shows its responsibilities and a plan its targets.

A plan's own description is also written by ingest with the plan (`Describer`, kept in
the plan's part of the index files): the service then reads it in place of the queries
(about 7 of a plan page's 8 ms from disk at 3,000 plans), while the part was written by
this module as it is, over the same reference graphs (`version`).
"""

from __future__ import annotations

import hashlib
import weakref
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from plankg.backends import QueryStore
from plankg.dataset import reference_graphs, with_references
from plankg.paths import ONTOLOGY_FILE, VOCAB_DIR
from plankg.plan_answers import PlanMemory
from plankg.prefixes import PREDECLARED
from plankg.queries import bind

_LINKS = "pk:forMeasure pk:inPlan pk:partOf"
_LABELS = "rdfs:label dcterms:title skos:prefLabel skos:notation"
# Where a linked source span is in the original document (shown beside its quote).
_WHERE = (
    "pk:page pk:lastPage pk:paragraph pk:lastParagraph pk:tableNumber pk:tableRow "
    "pk:tableCell pk:readByOcr"
)
DESCRIBE = f"""PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

CONSTRUCT {{ ?s ?p ?o }}
WHERE {{
  {{ ?r ?p ?o . BIND (?r AS ?s) }}
  UNION
  {{ ?r ?q ?s . FILTER (isIRI(?s)) VALUES ?p {{ {_LABELS} {_WHERE} pk:quote }} ?s ?p ?o . }}
  UNION
  {{ ?s ?link ?r . VALUES ?link {{ {_LINKS} }} ?s ?p ?o . }}
  UNION
  {{ ?x ?link ?r . VALUES ?link {{ {_LINKS} }}
     ?x ?q ?s . FILTER (isIRI(?s)) VALUES ?p {{ {_LABELS} }} ?s ?p ?o . }}
}}
"""


@dataclass(frozen=True)
class Description:
    iri: str
    triples: frozenset[ox.Triple]


# DESCRIBE in two steps, for a cost in proportion to the description: the resource's
# triples and those of the subjects linking to it, with the graphs they are in (each
# pattern an index look-up in the graphs that hold it, whatever the corpus size); then
# the labels of what both link to, each such resource looked up once, in those graphs
# and the reference graphs (the single query looks a concept's labels up again for every
# responsibility naming it).
_OWN_AND_BACK = f"""PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?g ?s ?p ?o
WHERE {{
  {{ GRAPH ?g {{ ?r ?p ?o . }} BIND (?r AS ?s) }}
  UNION
  {{ VALUES ?link {{ {_LINKS} }} GRAPH ?l {{ ?s ?link ?r . }} GRAPH ?g {{ ?s ?p ?o . }} }}
}}
"""
# The same step over the one plan graph that holds all of it, written into the text:
# Oxigraph then reads that graph alone (8 against 14 ms from disk at 3,000 plans); the
# triples made by the store, not in Python (0.5 ms less).
_OWN_AND_BACK_IN = f"""PREFIX pk: <https://w3id.org/plankg/ontology#>
CONSTRUCT {{ ?s ?p ?o }}
WHERE {{
  GRAPH $graph {{
    {{ ?r ?p ?o . BIND (?r AS ?s) }}
    UNION
    {{ VALUES ?link {{ {_LINKS} }} ?s ?link ?r . ?s ?p ?o . }}
  }}
}}
"""
_PREFIXES = DESCRIBE[: DESCRIBE.index("CONSTRUCT")]


def _iris(names: str) -> frozenset[ox.NamedNode]:
    """The IRIs of prefixed names."""
    return frozenset(
        ox.NamedNode(PREDECLARED[prefix] + local)
        for prefix, local in (name.split(":", 1) for name in names.split())
    )


# What is read of the resources a description links to: of the resource's own objects
# their labels, source locations and quotes; of its linking subjects' objects their labels.
_OWN_READ = f"{_LABELS} {_WHERE} pk:quote"
_OWN_IRIS = _iris(_OWN_READ)
_LINKED_IRIS = _iris(_LABELS)
_LINK_IRIS = _iris(_LINKS)


def _labels_query(own: set[ox.NamedNode], linked: set[ox.NamedNode], graph: str = "") -> str:
    """The labels (and source locations, quotes) of `own`, the labels of `linked`; with
    `graph` (N-Triples form), in that graph only."""

    def branch(subjects: set[ox.NamedNode], predicates: str) -> str:
        terms = " ".join(sorted(str(s) for s in subjects))
        wanted = ", ".join(predicates.split())
        # FILTER, not VALUES ?p: a resource's few triples read once beat a look-up each
        return f"{{ VALUES ?s {{ {terms} }} ?s ?p ?o . FILTER (?p IN ({wanted})) }}"

    branches = [
        branch(subjects, predicates)
        for subjects, predicates in ((own, _OWN_READ), (linked, _LABELS))
        if subjects
    ]
    where = " UNION ".join(branches)
    if graph:
        where = f"GRAPH {graph} {{ {where} }}"
    return f"{_PREFIXES}CONSTRUCT {{ ?s ?p ?o }}\nWHERE {{\n  {where}\n}}\n"


# Per store and base: the reference graphs' triples a description may read of what it
# links to, by subject. Most of a plan's labels are its concepts' (150 of 180 triples),
# which a query reads through the store's term dictionary each time: 6 of 9 ms from disk.
_REFERENCE_LABELS: weakref.WeakKeyDictionary[
    QueryStore, dict[str, dict[ox.NamedNode, list[ox.Triple]]]
] = weakref.WeakKeyDictionary()


def _reference_labels(store: QueryStore, base: str) -> dict[ox.NamedNode, list[ox.Triple]]:
    by_base = _REFERENCE_LABELS.setdefault(store, {})
    if base not in by_base:
        wanted = ", ".join(sorted(str(p) for p in _OWN_IRIS))
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . FILTER (?p IN ({wanted})) }}"
        result = store.query(query, default_graph=reference_graphs(base), named_graphs=())
        table: dict[ox.NamedNode, list[ox.Triple]] = {}
        for t in _triples(result):
            if isinstance(t.subject, ox.NamedNode):
                table.setdefault(t.subject, []).append(t)
        by_base[base] = table
    return by_base[base]


def _triples(result: object) -> list[ox.Triple]:
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("a describe query must be a CONSTRUCT")
    return list(result)


def _solutions(result: object) -> ox.QuerySolutions:
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("the first describe step must be a SELECT")
    return result


def describe(
    store: QueryStore,
    iri: str,
    base: str | None = None,
    graph: str | None = None,
    stored: bytes | None = None,
) -> Description | None:
    """The description of `iri` (the triples DESCRIBE gives), or None when it is the
    subject of no triple. With `base`, the labels are read only in the graphs that hold
    the resource and its linked subjects and in the reference graphs under `base`: the
    same triples, at a cost that does not grow with the corpus (api.scoping). With
    `graph` too, the plan graph that holds every triple of the resource and of the
    subjects linking to it (as ingest writes the resources under a plan's IRI), given by
    a server whose store does not change while served: only that graph is read, and the
    reference graphs' labels are read once per store. `stored`: the description of the
    plan `iri` as ingest wrote it (`Describer.stored`), read in place of the store. Runs
    in a worker process: the result is consumed here."""
    if stored is not None:
        return Description(iri, frozenset(read_stored(stored)))
    node = ox.NamedNode(iri)
    found: set[ox.Triple] = set()
    graphs: set[str] = set()
    if graph is not None and base is not None:
        in_graph = _OWN_AND_BACK_IN.replace("$graph", str(ox.NamedNode(graph)))
        scoped = bind(in_graph, {"r": node})
        found.update(_triples(store.query(scoped)))
        graphs.add(graph)
    else:
        for g, s, p, o in _solutions(store.query(bind(_OWN_AND_BACK, {"r": node}))):
            found.add(ox.Triple(s, p, o))
            graphs.add(g.value)
    if not any(t.subject == node for t in found):
        return None
    back = {t.subject for t in found if t.predicate in _LINK_IRIS and t.object == node}
    own: set[ox.NamedNode] = set()
    linked: set[ox.NamedNode] = set()
    for t in found:
        if isinstance(t.object, ox.NamedNode):
            if t.subject == node:
                own.add(t.object)
            if t.subject in back:
                linked.add(t.object)
    if not (own or linked):
        return Description(iri, frozenset(found))
    if graph is not None and base is not None:
        # the resource's and its linking subjects' triples in the graph are all found
        read = back | {node}
        if (own | linked) - read:
            query = _labels_query(own - read, linked - read, str(ox.NamedNode(graph)))
            found.update(_triples(store.query(query)))
        table = _reference_labels(store, base)
        for subjects, wanted in ((own, _OWN_IRIS), (linked, _LINKED_IRIS)):
            for s in subjects:
                found.update(t for t in table.get(s, ()) if t.predicate in wanted)
        return Description(iri, frozenset(found))
    labelled, named = None, None
    if base is not None:
        labelled, named = with_references(tuple(sorted(graphs)), base), ()
    labels = store.query(_labels_query(own, linked), default_graph=labelled, named_graphs=named)
    found.update(_triples(labels))
    return Description(iri, frozenset(found))


# --- a plan's description, written at ingest ----------------------------------------------


@lru_cache(maxsize=4)
def version(base: str) -> str:
    """What a stored description was made by: this module's text, the files of the
    reference graphs (not their quads: each parse names blank nodes anew) and `base`. A
    description stored by another is not read."""
    digest = hashlib.sha256(base.encode("utf-8"))
    for path in (Path(__file__), ONTOLOGY_FILE, *sorted(VOCAB_DIR.glob("*.ttl"))):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def encode(described: Description) -> bytes:
    """A description as stored: its N-Triples sorted, compressed (as the index parts)."""
    text = ox.serialize(sorted(described.triples, key=str), format=ox.RdfFormat.N_TRIPLES)
    return zlib.compress(text or b"", 1)


def read_stored(data: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(zlib.decompress(data), format=ox.RdfFormat.N_TRIPLES)]


class Describer:
    """Plans described as the service would, at ingest, from the plan's N-Triples, in a
    store in memory holding the reference graphs (plankg.plan_answers.PlanMemory)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._memory = PlanMemory(base)

    def stored(self, graph: str, ntriples: str) -> bytes:
        """The stored description of the plan `graph` whose graph holds these N-Triples
        (one triple a line, as pyoxigraph writes them); b"" when it says nothing of it."""
        with self._memory.holding(graph, ntriples) as store:
            described = describe(store, graph, self.base, graph)
        return b"" if described is None else encode(described)


@lru_cache(maxsize=4)
def describer(base: str) -> Describer:
    """The process's describer (one store in memory, made anew every few plans)."""
    return Describer(base)
