"""The reference graphs every store holds besides the plans: ontology and vocabularies."""

from __future__ import annotations

import pyoxigraph as ox

from plankg.backends import Store
from plankg.paths import ONTOLOGY_FILE, VOCAB_DIR


def ontology_graph_iri(base: str) -> str:
    return f"{base}graph/ontology"


def vocabulary_graph_iri(base: str) -> str:
    return f"{base}graph/vocabularies"


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
