"""Fixtures of the ingest tests: the SHACL shapes the mapper writes against, parsed once
(the ontology and the vocabularies are tests/conftest.py's)."""

from __future__ import annotations

import pytest
from rdflib import Graph

from tests.support.paths import ROOT
from tests.support.rdf import BASE


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return Graph().parse(ROOT / "shapes" / "plankg.ttl", format="turtle", publicID=BASE)
