"""The reference graphs every store holds besides the plans: ontology and vocabularies."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ingest.vocab import parse_vocabularies
from plankg.paths import ONTOLOGY_FILE
from plankg.store import EmbeddedStore


def ontology_graph_iri(base: str) -> str:
    return f"{base}graph/ontology"


def vocabulary_graph_iri(base: str) -> str:
    return f"{base}graph/vocabularies"


def load_reference_graphs(store: EmbeddedStore, base: str) -> None:
    """(Re)load the ontology and vocabularies, each into its own graph."""
    for name, graph in (
        (ontology_graph_iri(base), Graph().parse(ONTOLOGY_FILE, format="turtle")),
        (vocabulary_graph_iri(base), parse_vocabularies(base)),
    ):
        nt = graph.serialize(format="nt")
        triples = list(ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        store.replace_graph(name, triples, nt)
