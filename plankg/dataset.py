"""What every store holds besides the plans (the ontology and vocabularies, the dataset's
last change) and the base IRI its plans were minted with."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pyoxigraph as ox

from plankg.backends import QueryStore, Store
from plankg.paths import ONTOLOGY_FILE, VOCAB_DIR
from plankg.prefixes import PREDECLARED


def ontology_graph_iri(base: str) -> str:
    return f"{base}graph/ontology"


def vocabulary_graph_iri(base: str) -> str:
    return f"{base}graph/vocabularies"


# The reference graphs by the name a query's `#+ reads:` header gives them (plankg.queries).
REFERENCE_GRAPHS = {"ontology": ontology_graph_iri, "vocabularies": vocabulary_graph_iri}


def reference_graphs(base: str, reads: Sequence[str] = tuple(REFERENCE_GRAPHS)) -> tuple[str, ...]:
    """The graphs a per-city answer may need besides the plans: those named by `reads`
    (a named query's `#+ reads:`), by default all of them."""
    return tuple(REFERENCE_GRAPHS[name](base) for name in reads)


def with_references(graphs: tuple[str, ...], base: str) -> tuple[str, ...]:
    """`graphs` and the reference graphs, which hold the labels of what they link to."""
    return graphs + tuple(g for g in reference_graphs(base) if g not in graphs)


def load_reference_graphs(store: Store, base: str) -> None:
    """(Re)load the ontology and vocabularies, each into its own graph. The vocabulary
    files write concept IRIs relative to the base IRI (docs/rdf-model.md)."""
    for name, files in (
        (ontology_graph_iri(base), [ONTOLOGY_FILE]),
        (vocabulary_graph_iri(base), sorted(VOCAB_DIR.glob("*.ttl"))),
    ):
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for path in files
            for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=base)
        ]
        nt = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        store.replace_graph(name, triples, nt)


DCT_MODIFIED = "http://purl.org/dc/terms/modified"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def dataset_iri(base: str) -> str:
    return f"{base}dataset"


def dataset_graph_iri(base: str) -> str:
    return f"{base}graph/dataset"


def new_stamp() -> str:
    """The time now, as `stamp_modified` writes it."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def modified_triple(base: str, stamp: str) -> ox.Triple:
    return ox.Triple(
        ox.NamedNode(dataset_iri(base)),
        ox.NamedNode(DCT_MODIFIED),
        ox.Literal(stamp, datatype=ox.NamedNode(XSD_DATETIME)),
    )


def stamp_modified(
    store: Store, base: str, stamp: str | None = None, extra: Sequence[ox.Triple] = ()
) -> str:
    """Record that the dataset changed: `{base}dataset dcterms:modified now` in its graph,
    with `extra` triples about the dataset (plankg.statistics) and nothing else. Every
    ingest that stores something calls this; the value is the store's generation, which
    the service's answer cache is keyed by (api.cache)."""
    now = stamp or new_stamp()
    triples = [modified_triple(base, now), *extra]
    nt = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    store.replace_graph(dataset_graph_iri(base), triples, nt)
    return now


def same_generation(a: str | None, b: str | None) -> bool:
    """Whether two `stamp_modified` values are one (a store reads an xsd:dateTime back in
    its canonical form: 12:00:00.500000Z as 12:00:00.5Z)."""
    if a is None or b is None:
        return False
    try:
        return datetime.fromisoformat(a) == datetime.fromisoformat(b)
    except ValueError:
        return a == b


def read_modified(store: QueryStore, base: str) -> str | None:
    """The last `stamp_modified` value, None when the store has none (filled by other
    means): then nothing may be cached, since nothing says when it changes."""
    result = store.query(
        f"SELECT ?m WHERE {{ GRAPH <{dataset_graph_iri(base)}> "
        f"{{ <{dataset_iri(base)}> <{DCT_MODIFIED}> ?m }} }}"
    )
    if not isinstance(result, ox.QuerySolutions):
        return None
    values = sorted(row["m"].value for row in result if row["m"] is not None)
    return values[-1] if values else None


PLAN_CLASS = PREDECLARED["pk"] + "Plan"


def foreign_base(store: QueryStore, base: str) -> str | None:
    """The base IRI a plan in the store was minted with, when it is not `base` (None when
    every plan is under it). A plan's IRI names its graph and is {base}id/plan/{slug}
    (ingest.rdf), so the store records the base of every plan it holds."""
    under = ox.Literal(f"{base}id/plan/")
    result = store.query(
        f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{PLAN_CLASS}> }} "
        f"FILTER (!STRSTARTS(STR(?g), {under})) }} LIMIT 1"
    )
    if not isinstance(result, ox.QuerySolutions):
        return None
    for row in result:
        plan = row["g"]
        if plan is not None:
            iri = str(plan.value)
            head, found, _ = iri.rpartition("id/plan/")
            return head if found else iri
    return None
