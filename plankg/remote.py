"""A remote SPARQL 1.1 server as the store: queries over the SPARQL Protocol, plans
written over SPARQL Update, one request per plan.

It answers the same calls as the embedded store (plankg.store.EmbeddedStore), with the
same pyoxigraph result types, so everything above the store (named queries, /sparql,
/id/ pages, collections, dumps) runs unchanged on either. Tested against Oxigraph server
0.5 and Virtuoso 7.2 (tests/plankg/test_remote.py).

What the server must provide: a query endpoint and an update endpoint, and a default
graph that is the union of its named graphs (`oxigraph serve --union-default-graph`,
Virtuoso's default, Fuseki's `unionDefaultGraph`); `check_union_default_graph` tells
when it is not. The server's own graphs (Virtuoso's `virtrdf:` and the like) are not
ours: `graphs`, `is_empty`, `quads` and the dumps leave them out.

One SPARQL update request (DROP SILENT GRAPH, then INSERT DATA in slices of at most
`INSERT_SLICE` triples, then the triples with blank nodes in one INSERT … WHERE {})
replaces a plan. On Oxigraph an update request is one transaction, so readers see the
old plan or the new one; on Virtuoso 7 readers also see the old or the new plan, but an
operation failing at run time does not undo the ones before it in the same request.
"""

from __future__ import annotations

import re
import urllib.error
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
from SPARQLWrapper import POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from plankg.policy import Refused, query_dataset
from plankg.prefixes import declare
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

# Graphs a server keeps for itself, not part of the dataset: Virtuoso's RDF views and
# LDP vocabulary, and the graph its SPARQL endpoint describes itself in.
SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
)

# Triples per INSERT DATA operation. Virtuoso 7 compiles each operation to SQL and
# refuses one longer than 10,000 lines (about 1,500 triples); several operations in one
# request are fine, and keep the request one unit.
INSERT_SLICE = 500


# Virtuoso names blank nodes in results `nodeID://b10000`, which is no blank node label.
_VIRTUOSO_BNODE = {
    ox.QueryResultsFormat.JSON: re.compile(
        rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://'
    ),
    ox.QueryResultsFormat.XML: re.compile(rb"(<bnode>)nodeID://"),
}


# …and writes xsd:boolean as "1" / "0" in SPARQL JSON results.
_VIRTUOSO_BOOLEAN = re.compile(
    rb'("datatype"\s*:\s*"http://www.w3.org/2001/XMLSchema#boolean"\s*,\s*"value"\s*:\s*")'
    rb'([01])"'
)


def _virtuoso_boolean(match: re.Match[bytes]) -> bytes:
    return match[1] + (b'true"' if match[2] == b"1" else b'false"')


def is_system_graph(graph: str) -> bool:
    return graph.startswith(SYSTEM_GRAPHS)


def _has_blank_node(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _nt(triples: Sequence[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def replace_graph_update(graph: str, triples: Sequence[ox.Triple]) -> str:
    """One SPARQL update that makes `graph` hold exactly `triples`.

    Virtuoso 7 refuses blank nodes in INSERT DATA ("not allowed in a constant clause"),
    so the triples with blank nodes go into one INSERT { … } WHERE {} (one solution:
    each blank node label stands for one fresh blank node, shared by its triples)."""
    name = ox.NamedNode(graph).value
    ground = [t for t in triples if not _has_blank_node(t)]
    blank = [t for t in triples if _has_blank_node(t)]
    operations = [f"DROP SILENT GRAPH <{name}>"]
    for start in range(0, len(ground), INSERT_SLICE):
        body = _nt(ground[start : start + INSERT_SLICE])
        operations.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}")
    if blank:
        operations.append(f"INSERT {{ GRAPH <{name}> {{\n{_nt(blank)}}} }} WHERE {{}}")
    return " ;\n".join(operations)


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
            headers = result.response.headers
            data: bytes = result.response.read()
        except QueryBadFormed as exc:
            raise SyntaxError(f"the SPARQL server refused the {what}: {_detail(exc)}") from None
        except (TimeoutError, SPARQLWrapperException, urllib.error.URLError, OSError) as exc:
            raise RemoteError(f"{self.endpoint}: {what} failed: {_detail(exc)}") from None
        if headers.get("X-SQL-State", "").startswith("S1TAT"):
            # Virtuoso's "anytime" answer: cut off at its time limit, yet status 200
            raise RemoteError(f"{self.endpoint}: {what} cut off by the server's time limit")
        ctype = headers.get("Content-Type", "")
        return ctype.split(";")[0].strip().lower(), data

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
        # the server knows none of our predeclared prefixes: declared on the first line,
        # with the base, so the query's own lines keep their numbers
        text = declare(sparql)
        text = f"BASE <{base_iri}> {text}" if base_iri else text
        client = self._client(text, form)
        for graph in default_graph or ():
            client.addParameter("default-graph-uri", graph)
        for graph in named_graphs or ():
            client.addParameter("named-graph-uri", graph)
        ctype, data = self._send(client, "query")
        try:
            if ctype in _RESULTS:
                fmt = _RESULTS[ctype]
                data = _VIRTUOSO_BNODE[fmt].sub(rb"\1", data)
                if fmt == ox.QueryResultsFormat.JSON:
                    data = _VIRTUOSO_BOOLEAN.sub(_virtuoso_boolean, data)
                parsed = ox.parse_query_results(data, format=fmt)
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
        """The named graphs holding triples, but for the server's own (SYSTEM_GRAPHS)."""
        # GROUP BY, not DISTINCT: Virtuoso 7 takes seconds over DISTINCT ?g, ms over this
        result = self.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        assert isinstance(result, ox.QuerySolutions)
        return sorted(
            row["g"].value
            for row in result
            if isinstance(row["g"], ox.NamedNode) and not is_system_graph(row["g"].value)
        )

    def is_empty(self) -> bool:
        return not self.graphs()

    def check_union_default_graph(self) -> None:
        """StoreError unless a query without GRAPH sees what the named graphs hold: a
        triple of one of our graphs must be in the default graph too."""
        for graph in self.graphs():
            sample = self.query(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
                "FILTER (!isBlank(?s) && !isBlank(?o)) } LIMIT 1"
            )
            assert isinstance(sample, ox.QuerySolutions)
            for row in sample:
                triple = ox.Triple(row["s"], row["p"], row["o"])
                if not bool(self.query(f"ASK {{ {triple} }}")):
                    raise StoreError(
                        f"{self.endpoint}: the server's default graph is not the union of "
                        "its named graphs, so queries without GRAPH would see nothing (start "
                        "Oxigraph with --union-default-graph; in Fuseki set "
                        "unionDefaultGraph; in GraphDB, the default graph is the union "
                        "unless FROM is given)"
                    )
                return

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple], ntriples: str) -> None:
        """Make `graph` hold exactly `triples`: one update request (replace_graph_update;
        `ntriples`, the same triples as text, is not needed)."""
        try:
            self.update(replace_graph_update(graph, triples))
        except (RemoteError, SyntaxError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc

    def write_batch(self, graphs: Sequence[GraphData]) -> None:
        """Each plan in its own request, so each is atomic on its own."""
        for g in graphs:
            self.replace_graph(g.name, g.triples, g.ntriples)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of our graphs, one query per graph (the server's own graphs left
        out, and no answer larger than the largest graph)."""
        for graph in self.graphs():
            g = ox.NamedNode(graph)
            result = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            assert isinstance(result, ox.QuerySolutions)
            for row in result:
                s, p, o = row["s"], row["p"], row["o"]
                if (
                    isinstance(s, ox.NamedNode | ox.BlankNode)
                    and isinstance(p, ox.NamedNode)
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
