"""SHACL validation of one plan's graph against shapes/plankg.ttl."""

from __future__ import annotations

from functools import lru_cache

from pyshacl import validate
from rdflib import Graph

from ingest.errors import ShapeViolation
from ingest.vocab import parse_vocabularies
from plankg.paths import SHAPES_FILE


@lru_cache(maxsize=4)
def shapes_graph(base: str) -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle", publicID=base)


@lru_cache(maxsize=4)
def vocabulary_graph(base: str) -> Graph:
    return parse_vocabularies(base)


def check(ntriples: str, source: str, base: str) -> None:
    """Raise ShapeViolation with pyshacl's report when the graph does not conform."""
    # The shapes check concept links against their schemes, so the vocabularies join in.
    data = Graph()
    data += vocabulary_graph(base)
    data.parse(data=ntriples, format="nt")
    conforms, _, report = validate(
        data, shacl_graph=shapes_graph(base), inference="none", advanced=False, inplace=True
    )
    if not conforms:
        raise ShapeViolation(source, str(report))
