"""The reference graphs every store holds besides the plans: ontology and vocabularies."""

from __future__ import annotations

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
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    store.replace_graph(ontology_graph_iri(base), ontology.serialize(format="nt"))
    store.replace_graph(vocabulary_graph_iri(base), parse_vocabularies(base).serialize(format="nt"))
