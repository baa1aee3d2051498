"""Runs queries off the event loop, consuming pyoxigraph results in the worker thread."""

from __future__ import annotations

from dataclasses import dataclass

import anyio
import pyoxigraph as ox

from api.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS, choose
from plankg.results import render
from plankg.store import EmbeddedStore


class BadQuery(Exception):
    """The query text is not a valid SPARQL 1.1 query."""


class NotAcceptable(Exception):
    """No format the client accepts fits the result."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    fmt: str


@dataclass(frozen=True)
class ProtocolDataset:
    """The RDF dataset given by `default-graph-uri` / `named-graph-uri` (SPARQL 1.1
    Protocol §2.1.4): it replaces any FROM / FROM NAMED of the query."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def _run(
    store: EmbeddedStore,
    sparql: str,
    accept: str | None,
    json_rows: bool,
    dataset: ProtocolDataset | None,
    base_iri: str | None,
) -> Answer:
    # Everything that touches the result happens here, in the thread that ran the query.
    try:
        if dataset is None:
            result = store.query(sparql, base_iri=base_iri)
        else:
            result = store.query(
                sparql,
                default_graph=dataset.default_graphs,
                named_graphs=dataset.named_graphs,
                base_iri=base_iri,
            )
    except SyntaxError as exc:
        raise BadQuery(str(exc)) from exc
    if isinstance(result, ox.QueryTriples):
        fmt = choose(accept, GRAPH_FORMATS, "ttl")
    else:
        fmt = choose(accept, SOLUTION_FORMATS, "json")
        # Named queries also speak plain JSON rows to clients asking for application/json.
        if json_rows and fmt == "json" and accept and "application/json" in accept:
            fmt = "rows"
    if fmt is None:
        raise NotAcceptable()
    if fmt == "rows":
        return Answer(_rows(result), "rows")  # type: ignore[arg-type]
    if fmt == "rdfxml" and isinstance(result, ox.QueryTriples):
        return Answer(ox.serialize(result, format=ox.RdfFormat.RDF_XML) or b"", fmt)
    return Answer(render(result, fmt), fmt)


def _rows(result: ox.QuerySolutions | ox.QueryBoolean) -> bytes:
    import json

    if isinstance(result, ox.QueryBoolean):
        return json.dumps(bool(result)).encode()
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row: dict[str, object] = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


async def run_query(
    store: EmbeddedStore,
    sparql: str,
    accept: str | None,
    json_rows: bool = False,
    dataset: ProtocolDataset | None = None,
    base_iri: str | None = None,
) -> Answer:
    """Run `sparql`; relative IRIs in it resolve against `base_iri` (the SPARQL Protocol
    lets the service choose its base IRI: /sparql uses the endpoint's own URL)."""
    return await anyio.to_thread.run_sync(_run, store, sparql, accept, json_rows, dataset, base_iri)
