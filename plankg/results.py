"""Query results -> bytes in the W3C SPARQL results formats, or RDF for graph results."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

FORMATS = ("csv", "tsv", "json", "xml", "ttl", "nt", "jsonld")
_RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
_GRAPH_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


class ResultError(Exception):
    """The results cannot be written in the format asked for."""


def render(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str) -> bytes:
    if isinstance(result, ox.QueryTriples):
        if fmt in _GRAPH_FORMATS:
            return ox.serialize(result, format=_GRAPH_FORMATS[fmt]) or b""
        if fmt == "jsonld":
            nt = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
            graph = Graph().parse(data=nt.decode("utf-8"), format="nt")
            return graph.serialize(format="json-ld").encode("utf-8")
        raise ResultError(f"a graph result cannot be written as {fmt}: use ttl, nt or jsonld")
    if fmt not in _RESULT_FORMATS:
        raise ResultError(
            f"a SELECT/ASK result cannot be written as {fmt}: use csv, tsv, json or xml"
        )
    return result.serialize(format=_RESULT_FORMATS[fmt]) or b""
