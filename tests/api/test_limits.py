"""The public endpoint's limits, against a real `plankg serve` on a small store: query
timeout (the work is really stopped, other requests go on), row cap, body cap, SERVICE and
FROM refused unless allow-listed (checked with a canary HTTP server), no stack traces."""

from __future__ import annotations

import gc
import http.client
import http.server
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.engine import Job, execute
from plankg.store import EmbeddedStore
from tests.support.servers import running_server

EX = "http://example.org/"
GRAPH = EX + "g"
N_TRIPLES = 20
TIMEOUT = 2  # the test server's query limit, seconds
MAX_ROWS = 5
MAX_BODY = 2000
# Eight triple patterns sharing no variable: 20^8 rows to count, in constant memory.
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " }"
)


def make_store(path: Path) -> Path:
    store = EmbeddedStore(path)
    triples = [
        ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(i))
        for i in range(N_TRIPLES)
    ]
    ntriples = "\n".join(f"{t} ." for t in triples)
    store.replace_graph(GRAPH, triples, ntriples)
    store.flush()
    del store
    gc.collect()  # the store is closed: its lock is released for the server
    return path


@dataclass
class Canary:
    """A local HTTP server that records every request it gets and answers one solution."""

    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            hits.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body = json.dumps(
                {
                    "head": {"vars": ["s"]},
                    "results": {"bindings": [{"s": {"type": "uri", "value": EX + "canary"}}]},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield Canary(f"http://127.0.0.1:{srv.server_port}/", hits)
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    store = make_store(tmp_path_factory.mktemp("limits") / "store")
    env = {
        "PLANKG_QUERY_TIMEOUT": str(TIMEOUT),
        "PLANKG_MAX_ROWS": str(MAX_ROWS),
        "PLANKG_MAX_BODY_BYTES": str(MAX_BODY),
    }
    with running_server(store, env, backend=backend) as url:
        yield url


@pytest.fixture(scope="class")
def runaway_server(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    """A server of its own for the runaway queries: a remote SPARQL server goes on
    evaluating a query after its client gave up (Oxigraph 0.5 does, its --timeout-s
    notwithstanding), which would slow every later test sharing it."""
    store = make_store(tmp_path_factory.mktemp("runaway") / "store")
    # a second sparql worker answers the small queries while the first runs away
    env = {"PLANKG_QUERY_TIMEOUT": str(TIMEOUT), "PLANKG_SPARQL_WORKERS": "2"}
    with running_server(store, env, backend=backend) as url:
        yield url


@pytest.fixture(scope="module")
def allowing_server(
    tmp_path_factory: pytest.TempPathFactory, canary: Canary, backend: str
) -> Iterator[str]:
    store = make_store(tmp_path_factory.mktemp("allowing") / "store")
    allow = {"PLANKG_SERVICE_ALLOW_LIST": json.dumps([canary.url])}
    with running_server(store, allow, backend=backend) as url:
        yield url


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def sparql(
    url: str,
    query: str,
    accept: str = "application/sparql-results+json",
    timeout: str | None = None,
) -> Reply:
    params = {"query": query, **({"timeout": timeout} if timeout is not None else {})}
    req = urllib.request.Request(
        url + "/sparql?" + urllib.parse.urlencode(params), headers={"Accept": accept}
    )
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status, headers, body = r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        status, headers, body = e.code, dict(e.headers), e.read()
    return Reply(status, {k.lower(): v for k, v in headers.items()}, body, time.monotonic() - start)


def assert_problem(reply: Reply, status: int, *words: str) -> str:
    """An error: the status, a JSON problem naming it, no stack trace."""
    assert reply.status == status, reply
    assert b"Traceback" not in reply.body and b'File "' not in reply.body
    problem = json.loads(reply.body)
    assert problem["status"] == status
    detail: str = problem["detail"]
    for word in words:
        assert word in detail, detail
    return detail


# --- timeout ------------------------------------------------------------------------------


# Response times are part of what these tests assert: they run alone (`make test`).
@pytest.mark.serial
class TestRunaway:
    """The runaway queries, on a server of their own that stops when they end: a remote
    server would otherwise go on computing them while the rest of the module runs."""

    def test_runaway_query_is_stopped_and_others_are_served(self, runaway_server: str) -> None:
        with ThreadPoolExecutor(1) as pool:
            runaway = pool.submit(sparql, runaway_server, RUNAWAY)
            time.sleep(0.5)
            # While it runs, the event loop and the other worker answer promptly.
            for _ in range(3):
                start = time.monotonic()
                with urllib.request.urlopen(runaway_server + "/healthz", timeout=5) as r:
                    assert r.status == 200
                assert time.monotonic() - start < 0.5
                small = sparql(runaway_server, "SELECT ?s WHERE { ?s ?p 1 }")
                assert small.status == 200 and small.seconds < 1.0, small
                assert json.loads(small.body)["results"]["bindings"][0]["s"]["value"] == EX + "s1"
                time.sleep(0.2)
            reply = runaway.result()
        assert_problem(reply, 503, f"{TIMEOUT} s")
        assert TIMEOUT - 0.2 < reply.seconds < TIMEOUT + 1, reply.seconds
        # The killed worker is replaced: the service still answers afterwards.
        time.sleep(0.5)
        assert sparql(runaway_server, "ASK { ?s ?p ?o }").status == 200

    def test_client_timeout_lowers_the_limit(self, runaway_server: str) -> None:
        # not the sort: it may reach the memory limit first (test_load)
        reply = sparql(runaway_server, RUNAWAY, timeout="1")
        assert_problem(reply, 503, "1 s")
        assert 0.8 < reply.seconds < 2.0, reply.seconds

    def test_client_timeout_cannot_raise_the_limit(self, runaway_server: str) -> None:
        reply = sparql(runaway_server, RUNAWAY, timeout="100")
        assert_problem(reply, 503, f"{TIMEOUT} s")
        assert reply.seconds < TIMEOUT + 1, reply.seconds


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "inf"])
def test_bad_timeout_is_refused(server: str, value: str) -> None:
    assert_problem(sparql(server, "ASK {}", timeout=value), 400, "timeout")


def test_named_queries_and_collections_have_the_timeout(server: str) -> None:
    # They go through the same workers; a quick one answers within the limit.
    with urllib.request.urlopen(server + "/plans", timeout=10) as r:
        assert r.status == 200


# --- row cap ------------------------------------------------------------------------------


def _select(n: int) -> str:
    return f"SELECT ?s WHERE {{ ?s ?p ?o }} ORDER BY ?o LIMIT {n}"


@pytest.mark.parametrize("rows", [MAX_ROWS - 1, MAX_ROWS])
def test_row_cap_not_reached(server: str, rows: int) -> None:
    reply = sparql(server, _select(rows))
    assert reply.status == 200
    assert len(json.loads(reply.body)["results"]["bindings"]) == rows
    assert "plankg-truncated" not in reply.headers


@pytest.mark.parametrize("rows", [MAX_ROWS + 1, N_TRIPLES])
def test_row_cap_json(server: str, rows: int) -> None:
    reply = sparql(server, _select(rows))
    assert reply.status == 200
    bindings = json.loads(reply.body)["results"]["bindings"]
    assert [b["s"]["value"] for b in bindings] == [f"{EX}s{i}" for i in range(MAX_ROWS)]
    assert reply.headers["plankg-truncated"] == "true"
    assert reply.headers["plankg-row-limit"] == str(MAX_ROWS)


def test_row_cap_csv_and_tsv(server: str) -> None:
    exact = sparql(server, _select(MAX_ROWS), accept="text/csv")
    assert exact.body.decode().splitlines() == ["s"] + [f"{EX}s{i}" for i in range(MAX_ROWS)]
    assert "plankg-truncated" not in exact.headers
    over = sparql(server, _select(MAX_ROWS + 1), accept="text/csv")
    assert over.body == exact.body
    assert over.headers["plankg-truncated"] == "true"
    tsv = sparql(server, _select(MAX_ROWS + 1), accept="text/tab-separated-values")
    assert tsv.body.decode().splitlines() == ["?s"] + [f"<{EX}s{i}>" for i in range(MAX_ROWS)]
    assert tsv.headers["plankg-row-limit"] == str(MAX_ROWS)


def test_row_cap_xml(server: str) -> None:
    reply = sparql(server, _select(MAX_ROWS + 1), accept="application/sparql-results+xml")
    assert reply.body.count(b"<result>") == MAX_ROWS
    assert reply.headers["plankg-truncated"] == "true"


def test_row_cap_graph_results(server: str) -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    reply = sparql(server, query, accept="application/n-triples")
    assert reply.status == 200
    assert len(reply.body.decode().strip().splitlines()) == MAX_ROWS
    assert reply.headers["plankg-truncated"] == "true"
    exact = sparql(server, query + f" LIMIT {MAX_ROWS}", accept="application/n-triples")
    assert "plankg-truncated" not in exact.headers


# --- body cap -----------------------------------------------------------------------------


def _post(url: str, body: bytes, chunked: bool = False) -> Reply:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/json"}
    start = time.monotonic()
    try:
        if chunked:
            chunks = (body[i : i + 500] for i in range(0, len(body), 500))
            conn.request("POST", "/sparql", body=chunks, headers=headers, encode_chunked=True)
        else:
            conn.request("POST", "/sparql", body=body, headers=headers)
        r = conn.getresponse()
        return Reply(
            r.status, {k.lower(): v for k, v in r.getheaders()}, r.read(), time.monotonic() - start
        )
    finally:
        conn.close()


def _padded(size: int) -> bytes:
    query = b"ASK { ?s ?p ?o }\n#"
    return query + b"x" * (size - len(query))


@pytest.mark.parametrize("chunked", [False, True])
def test_body_cap(server: str, chunked: bool) -> None:
    at_limit = _post(server, _padded(MAX_BODY), chunked)
    assert at_limit.status == 200 and json.loads(at_limit.body)["boolean"] is True
    over = _post(server, _padded(MAX_BODY + 1), chunked)
    assert_problem(over, 413, str(MAX_BODY))


def test_big_declared_body_is_refused_before_it_is_sent(server: str) -> None:
    parts = urllib.parse.urlsplit(server)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000000000\r\n\r\nASK {}"
        )
        head = s.recv(4096)
    assert head.startswith(b"HTTP/1.1 413")


# --- SERVICE and FROM ---------------------------------------------------------------------


def _service_queries(target: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{target}sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{target}>\nSELECT * WHERE {{ ?a ?b ?c .SERVICE c:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{target}>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
    ]


def test_service_is_refused_and_nothing_leaves(server: str, canary: Canary) -> None:
    before = len(canary.hits)
    for query in _service_queries(canary.url):
        assert_problem(sparql(server, query), 403, "SERVICE", canary.url)
    assert_problem(
        sparql(server, "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"), 403, "SERVICE", "?x"
    )
    # Relative to the endpoint's own URL: still a request, still refused.
    assert_problem(sparql(server, "SELECT * WHERE { SERVICE <other> { ?s ?p ?o } }"), 403)
    assert len(canary.hits) == before


def test_allow_listed_service_is_let_through(allowing_server: str, canary: Canary) -> None:
    before = len(canary.hits)
    reply = sparql(
        allowing_server, f"SELECT ?s WHERE {{ SERVICE <{canary.url}sparql> {{ ?s ?p ?o }} }}"
    )
    assert reply.status == 200, reply
    assert json.loads(reply.body)["results"]["bindings"] == [
        {"s": {"type": "uri", "value": EX + "canary"}}
    ]
    assert len(canary.hits) > before
    # Only the allow-listed prefix: another endpoint is still refused, with no request.
    hits = len(canary.hits)
    other = canary.url.replace("127.0.0.1", "localhost")
    assert_problem(
        sparql(allowing_server, f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"), 403
    )
    assert len(canary.hits) == hits


def test_from_outside_the_store_is_refused(server: str) -> None:
    for clause in ("FROM", "FROM NAMED", "from named"):
        query = f"SELECT * {clause} <http://elsewhere/g> WHERE {{ ?s ?p ?o }}"
        assert_problem(sparql(server, query), 403, "http://elsewhere/g")


def test_from_a_graph_in_the_store_is_allowed(server: str) -> None:
    reply = sparql(server, f"SELECT (COUNT(*) AS ?n) FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert reply.status == 200
    assert json.loads(reply.body)["results"]["bindings"][0]["n"]["value"] == str(N_TRIPLES)
    named = f"SELECT DISTINCT ?g FROM NAMED <{GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert sparql(server, named).status == 200


def test_errors_name_the_problem_without_traces(server: str) -> None:
    assert_problem(sparql(server, "SELECT ?x WHERE {"), 400, "syntax")
    assert_problem(sparql(server, "ASK {}", accept="image/png"), 406)


# --- the worker's serialiser agrees with pyoxigraph's -------------------------------------


def test_capped_serialisation_matches_pyoxigraph() -> None:
    store = EmbeddedStore(None)

    objects: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = [
        ox.NamedNode("http://example.org/é?q=1#f"),
        ox.BlankNode("b0"),
        ox.Literal('tab\tquote" comma, newline\n'),
        ox.Literal("chat", language="fr"),
        ox.Literal("مرحبا", language="ar", direction=ox.BaseDirection.RTL),
        ox.Literal(1),
        ox.Literal(2.5),
        ox.Literal(True),
        ox.Literal("x", datatype=ox.NamedNode(EX + "dt")),
        ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.Literal("c")),
    ]
    triples = [
        ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), o)
        for i, o in enumerate(objects)
    ]
    store.replace_graph(GRAPH, triples, "")

    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <urn:x> ?none } } ORDER BY ?s"
    formats = {
        "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        "csv": ("text/csv", ox.QueryResultsFormat.CSV),
        "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    }
    for accept, fmt in formats.values():
        expected = store.query(query)
        assert isinstance(expected, ox.QuerySolutions)
        answer = execute(store, Job(query, accept, max_rows=100))
        wanted = expected.serialize(format=fmt)
        if fmt == ox.QueryResultsFormat.JSON:  # written by the service itself: same JSON
            assert json.loads(answer.body) == json.loads(wanted or b"")
        else:
            assert answer.body == wanted
        assert not answer.truncated

    # The same answers when the query's text lets the store serialise the solutions
    # (a LIMIT one over the cap appended) as when it does not (a trailing VALUES block,
    # after which nothing may be appended: solutions are then read one by one).
    formats["rows"] = ("application/json", ox.QueryResultsFormat.JSON)
    for cap in (3, len(objects), 100):
        for accept, fmt in formats.values():
            native = execute(store, Job(query, accept, max_rows=cap, json_rows=True))
            by_row = execute(
                store, Job(query + " VALUES ?none { UNDEF }", accept, max_rows=cap, json_rows=True)
            )
            assert native.truncated == by_row.truncated == (cap < len(objects)), (cap, accept)
            if fmt == ox.QueryResultsFormat.JSON:
                assert json.loads(native.body) == json.loads(by_row.body), (cap, accept)
            else:
                assert native.body == by_row.body, (cap, accept)


@pytest.mark.parametrize(
    ("query", "capped"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", ("SELECT * WHERE { ?s ?p ?o }\nLIMIT 6", True)),
        # a comment at the end: the LIMIT goes on a line of its own
        ("SELECT * { ?s ?p ?o } # the end", ("SELECT * { ?s ?p ?o } # the end\nLIMIT 6", True)),
        (
            "SELECT * { ?s ?p ?o } ORDER BY ?s OFFSET 2",
            ("SELECT * { ?s ?p ?o } ORDER BY ?s OFFSET 2\nLIMIT 6", True),
        ),
        ("SELECT * { ?s ?p ?o } LIMIT 5", ("SELECT * { ?s ?p ?o } LIMIT 5", False)),
        ("SELECT * { ?s ?p ?o } LIMIT 6", None),  # over the cap: cut while reading
        # a LIMIT or a VALUES inside the pattern, a string or a comment does not count
        ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 9 } VALUES ?s { <urn:a> } }", ...),
        ("SELECT * { ?s ?p 'LIMIT 1' } # LIMIT 2", ...),
        ("SELECT * { ?s ?p ?o } VALUES ?s { <urn:a> }", None),  # nothing may follow it
        ("ASK { ?s ?p ?o }", None),
        ("CONSTRUCT WHERE { ?s ?p ?o }", None),
        ("PREFIX select: <urn:x#> ASK { ?s select:p ?o }", None),
    ],
)
def test_a_select_is_capped_by_a_limit_when_its_text_allows(query: str, capped: object) -> None:
    from plankg.sparql_lexer import with_row_cap

    if capped is ...:
        capped = (f"{query}\nLIMIT 6", True)
    assert with_row_cap(query, 5) == capped
