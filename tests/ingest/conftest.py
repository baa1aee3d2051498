"""Fixtures of the ingest tests: the ontology, the SKOS vocabularies and the SHACL shapes
the mapper writes against, each parsed once."""

from __future__ import annotations

import pytest
from rdflib import Graph

from tests.support.paths import ROOT
from tests.support.rdf import BASE

VOCAB = ROOT / "ontology" / "vocab"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "plankg.ttl", format="turtle")


@pytest.fixture(scope="session")
def vocab_files() -> dict[str, Graph]:
    return {
        p.stem: Graph().parse(p, format="turtle", publicID=BASE)
        for p in sorted(VOCAB.glob("*.ttl"))
    }


@pytest.fixture(scope="session")
def vocab(vocab_files: dict[str, Graph]) -> Graph:
    g = Graph()
    for part in vocab_files.values():
        g += part
    return g


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "plankg.ttl", format="turtle", publicID=BASE)
