"""A remote SPARQL 1.1 server as the store: queries over the SPARQL Protocol, plans
written over SPARQL Update, one request per plan.

It answers the same calls as the embedded store (plankg.store.EmbeddedStore), with the
same pyoxigraph result types, so everything above the store (named queries, /sparql,
/id/ pages, collections, dumps) runs unchanged on either.

What the server must provide: a query endpoint and an update endpoint, and a default
graph that is the union of its named graphs (`oxigraph serve --union-default-graph`,
Virtuoso's default, Fuseki's `unionDefaultGraph`); `check_union_default_graph` tells
when it is not.

One SPARQL update request (DROP SILENT GRAPH then INSERT DATA) replaces a plan: on
Oxigraph an update request is one transaction, so readers see the old plan or the new
one. Servers that do not run a request as a transaction give no such guarantee.
"""

from __future__ import annotations

import urllib.error
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from plankg.policy import Refused, query_dataset
from plankg.sparql_lexer import query_form
from plankg.store import GraphData, StoreError

# Results as SPARQL JSON, graphs as N-Triples (both parse fast), with the usual
# alternatives for servers that do not speak those.
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8"
)
_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
_GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class RemoteError(OSError):
    """The SPARQL server could not be reached or failed to answer."""


def update_endpoint_for(endpoint: str) -> str:
    """The usual update endpoint beside a query endpoint: Oxigraph and Fuseki serve
    updates at `…/update` beside `…/query`; Virtuoso and GraphDB-style servers take
    both at one URL."""
    parts = urlsplit(endpoint)
    if parts.path.endswith("/query"):
        return parts._replace(path=parts.path[: -len("query")] + "update").geturl()
    return endpoint


def _as_triples(data: bytes, fmt: ox.RdfFormat) -> ox.QueryTriples:
    """Parsed graph results as pyoxigraph's own QueryTriples, the type the embedded store
    returns (an in-memory store answers a CONSTRUCT of them)."""
    memory = ox.Store()
    memory.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
        for t in ox.parse(data, format=fmt)
    )
    result = memory.query(_ALL_TRIPLES)
    assert isinstance(result, ox.QueryTriples)
    return result


class RemoteStore:
    """A SPARQL 1.1 server reached at `endpoint` (queries) and `update_endpoint`."""

    def __init__(
        self, endpoint: str, update_endpoint: str | None = None, timeout: float = 60.0
    ) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or update_endpoint_for(endpoint)
        self.timeout = timeout
        self.path: Path | None = None
        self.recovered: list[str] = []  # nothing to repair: each plan is one request

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    def _client(self, text: str, form: str | None) -> SPARQLWrapper:
        client = SPARQLWrapper(self.endpoint, updateEndpoint=self.update_endpoint)
        client.setMethod(POST)
        client.setTimeout(max(1, round(self.timeout)))
        client.setQuery(text)
        # Our lexer decides between query and update: SPARQLWrapper's regex guess
        # could send a query to the update endpoint.
        client.queryType = form or "INSERT"
        client.addCustomHttpHeader("Accept", ACCEPT)
        return client

    def _send(self, client: SPARQLWrapper, what: str) -> tuple[str, bytes]:
        try:
            result = client.query()
            ctype = result.response.headers.get("Content-Type", "")
            return ctype.split(";")[0].strip().lower(), result.response.read()
        except QueryBadFormed as exc:
            raise SyntaxError(f"the SPARQL server refused the {what}: {_detail(exc)}") from None
        except (TimeoutError, SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise RemoteError(f"{self.endpoint}: {what} failed: {_detail(exc)}") from None

    def query(
        self,
        sparql: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """As EmbeddedStore.query: the same dataset rules, the same result types."""
        form = query_form(sparql)
        if form is None:
            raise SyntaxError("not a SPARQL query (SELECT, CONSTRUCT, ASK or DESCRIBE)")
        if default_graph is None and named_graphs is None:
            # Some servers' union-default-graph option overrides the query's FROM
            # (Oxigraph's does); the same dataset given as protocol parameters is not.
            try:
                named = query_dataset(sparql, base_iri)
            except Refused as exc:
                raise SyntaxError(exc.detail) from None
            if named.graphs:
                default_graph, named_graphs = named.from_graphs, named.from_named
        text = f"BASE <{base_iri}>\n{sparql}" if base_iri else sparql
        client = self._client(text, form)
        for graph in default_graph or ():
            client.addParameter("default-graph-uri", graph)
        for graph in named_graphs or ():
            client.addParameter("named-graph-uri", graph)
        ctype, data = self._send(client, "query")
        try:
            if ctype in _RESULTS:
                parsed = ox.parse_query_results(data, format=_RESULTS[ctype])
                if isinstance(parsed, ox.QuerySolutions | ox.QueryBoolean):
                    return parsed
            if ctype in _GRAPHS:
                return _as_triples(data, _GRAPHS[ctype])
        except SyntaxError as exc:
            raise RemoteError(f"{self.endpoint}: unreadable {ctype} answer: {exc}") from None
        raise RemoteError(f"{self.endpoint}: unexpected answer type {ctype or 'none'}")

    def update(self, sparql: str) -> None:
        self._send(self._client(sparql, None), "update")

    def contains(self, graph: str) -> bool:
        result = self.query(f"ASK {{ GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }} }}")
        return bool(result)

    def graphs(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, ox.QuerySolutions)
        return sorted(row["g"].value for row in result if isinstance(row["g"], ox.NamedNode))

    def is_empty(self) -> bool:
        return not bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }"))

    def check_union_default_graph(self) -> None:
        """StoreError unless a query without GRAPH sees what the named graphs hold."""
        in_graphs = self.query("ASK { GRAPH ?g { ?s ?p ?o } }")
        in_default = self.query("ASK { ?s ?p ?o }")
        if bool(in_graphs) and not bool(in_default):
            raise StoreError(
                f"{self.endpoint}: the server's default graph is not the union of its named "
                "graphs, so queries without GRAPH would see nothing (start Oxigraph with "
                "--union-default-graph; in Fuseki set unionDefaultGraph)"
            )

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple], ntriples: str) -> None:
        """Make `graph` hold exactly `triples`: one update request."""
        name = ox.NamedNode(graph).value
        try:
            self.update(
                f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{ntriples}\n}} }}"
            )
        except (RemoteError, SyntaxError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc

    def write_batch(self, graphs: Sequence[GraphData]) -> None:
        """Each plan in its own request, so each is atomic on its own."""
        for g in graphs:
            self.replace_graph(g.name, g.triples, g.ntriples)

    def quads(self) -> Iterator[ox.Quad]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, ox.QuerySolutions)
        for row in result:
            s, p, o, g = row["s"], row["p"], row["o"], row["g"]
            if (
                isinstance(s, ox.NamedNode | ox.BlankNode)
                and isinstance(p, ox.NamedNode)
                and isinstance(g, ox.NamedNode | ox.BlankNode)
                and o is not None
            ):
                yield ox.Quad(s, p, o, g)

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Every quad; for a triples-only format, the union of all graphs (deduplicated)."""
        if fmt.supports_datasets:
            return ox.serialize(self.quads(), format=fmt) or b""
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()}
        return ox.serialize(triples, format=fmt) or b""

    def dump_to(self, output: Path, fmt: ox.RdfFormat) -> None:
        if fmt.supports_datasets:
            ox.serialize(self.quads(), output=str(output), format=fmt)
        else:
            output.write_bytes(self.dump(fmt))

    def flush(self) -> None:
        """Nothing to do: every write is complete when its request returns."""


def _detail(exc: BaseException) -> str:
    """A short reason: the server's own message when it sent one, trimmed."""
    body = exc.args[0] if isinstance(exc, SPARQLWrapperException) and exc.args else None
    if isinstance(body, str) and "Response:\n" in body:
        body = body.split("Response:\n", 1)[1]
    if isinstance(exc, urllib.error.HTTPError):
        body = f"HTTP {exc.code} {exc.reason}"
    text = str(body if body else exc).strip()
    if text.startswith(("b'", 'b"')):  # SPARQLWrapper keeps the body's repr
        text = (
            text[2:-1]
            .encode()
            .decode("unicode_escape")
            .encode("latin-1")
            .decode("utf-8", "replace")
        )
    text = " ".join(text.split())
    return text[:300] + ("…" if len(text) > 300 else "")
