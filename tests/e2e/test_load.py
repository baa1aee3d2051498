"""Fair under load, against a real `plankg serve` on the bundled plans, on the
embedded store and on a real `oxigraph serve`: admission (429 for a client over its
share, 503 for a full queue, both with Retry-After; cheap work answered while runaway
queries hold every /sparql worker), ETag/304 and gzip of kept answers, the query shape
limits (400 at limit + 1, before any worker), the metrics moving, and per-city answers
reading only that city's graphs while answering as the unscoped query does.

Clients are told apart by their source address: each request binds its own 127.0.0.x."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import json
import os
import re
import signal
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from plankg.queries import catalogue
from tests.support.servers import running_server

# Response times are part of what the runaway, memory and dying-worker tests assert: they
# run alone (`make test`); the rest run with the others.
serial = pytest.mark.serial

BUNDLED_CITIES = ("130682", "330481", "411700", "511700", "620500")
# A cross product of the bundled plans' triples: never ends within any limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DEPTH, PATTERNS, VALUES = 10, 80, 30  # the shape limits of the `server` fixture


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def request(
    base: str,
    path: str,
    source: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Reply:
    """GET `path` from `source` (a loopback address: a client of its own)."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=timeout, source_address=(source, 0)
    )
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def sparql_path(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


def assert_problem(reply: Reply, status: int, *words: str) -> str:
    assert reply.status == status, reply
    problem = reply.json()
    assert isinstance(problem, dict) and problem["status"] == status
    detail = str(problem["detail"])
    for word in words:
        assert word in detail, detail
    return detail


def lanes(base: str) -> dict[str, dict[str, int]]:
    body = request(base, "/readyz").json()
    assert isinstance(body, dict)
    found: dict[str, dict[str, int]] = body["lanes"]
    return found


def wait_for(condition: object, what: str, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not callable(condition) or not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.1)


_SAMPLE = re.compile(r"^([a-z_]+)(\{[^}]*\})? ([0-9.e+-]+)$", re.M)


def metrics(base: str) -> dict[str, float]:
    reply = request(base, "/metrics")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/plain")
    return {m[1] + (m[2] or ""): float(m[3]) for m in _SAMPLE.finditer(reply.body.decode())}


# --- admission --------------------------------------------------------------------


@pytest.fixture
def crowded(tmp_path: Path, backend: str) -> Iterator[str]:
    """A server of its own per test, on a store of its own (which it fills with the
    bundled plans): the remote server goes on evaluating runaway queries after plankg
    gave up on them, which would slow every later test sharing it."""
    env = {
        "PLANKG_QUERY_WORKERS": "2",
        "PLANKG_SPARQL_WORKERS": "2",
        "PLANKG_CLIENT_SPARQL_CONCURRENCY": "1",
        "PLANKG_SPARQL_QUEUE": "1",
        # the runaways ask for less; the small queued query may wait for their
        # workers to be replaced, which takes a while on a busy machine
        "PLANKG_QUERY_TIMEOUT": "90",
    }
    with running_server(tmp_path / "store", env, backend=backend) as url:
        # /readyz answers once a named worker is up; the tests here need every worker
        wait_for(
            lambda: all(lane["idle"] == lane["workers"] for lane in lanes(url).values()),
            "every query worker started",
            limit=180,
        )
        yield url


@serial
def test_runaways_fill_only_their_lane_and_abusers_get_429(crowded: str) -> None:
    base = crowded
    before = metrics(base)
    with ThreadPoolExecutor(4) as pool:
        # Two abusive clients, one runaway each: every /sparql worker is taken. Their
        # limit leaves time to start both before the first one stops (this module runs alone).
        runaways = [
            pool.submit(request, base, sparql_path(RUNAWAY, timeout="15"), source)
            for source in ("127.0.0.2", "127.0.0.3")
        ]
        wait_for(lambda: lanes(base)["sparql"]["busy"] == 2, "both runaways running")

        # Over its share (one at a time here): 429, with when to come back.
        again = request(base, sparql_path(RUNAWAY), "127.0.0.2")
        assert_problem(again, 429, "at most 1")
        assert int(again.headers["retry-after"]) >= 1

        # Cheap work is answered meanwhile: health, named queries (computed, not
        # cached), /id/ pages, collections, and cached answers.
        assert request(base, "/healthz").status == 200
        for path in (
            "/queries/responsibilities?city=130682",
            "/queries/targets?city=620500&indicator=energy-intensity-reduction",
            "/id/division/411700",
            "/plans?city=330481",
            "/queries/responsibilities?city=130682",
        ):
            reply = request(base, path, headers={"Accept": "application/json"})
            assert reply.status == 200, (path, reply)
        cached = request(
            base, "/queries/responsibilities?city=130682", headers={"Accept": "application/json"}
        )
        assert cached.headers["plankg-cache"] == "hit"
        assert not any(r.done() for r in runaways)
        assert lanes(base)["sparql"]["busy"] == 2

        # Another client's small query waits its turn in the queue (of one here)...
        waiting: Future[Reply] = pool.submit(request, base, sparql_path("ASK {}"), "127.0.0.4")
        wait_for(lambda: lanes(base)["sparql"]["queued"] == 1, "the small query queued")
        # ...and past the queue's bound the next is refused: 503, with Retry-After.
        full = request(base, sparql_path("ASK {}"), "127.0.0.5")
        assert_problem(full, 503, "busy")
        assert int(full.headers["retry-after"]) >= 1

        for runaway in runaways:  # stopped at their own (lowered) limit
            assert_problem(runaway.result(), 503, "15 s")
        answered = waiting.result()
        assert answered.status == 200 and answered.json() == {
            "head": {},
            "boolean": True,
        }
    after = metrics(base)
    for key, grew in (
        ('plankg_lane_rejected_total{lane="sparql",reason="client"}', 1),
        ('plankg_lane_rejected_total{lane="sparql",reason="queue"}', 1),
        ('plankg_queries_killed_total{lane="sparql"}', 2),
        ('plankg_http_requests_total{method="GET",route="/sparql",status="429"}', 1),
    ):
        assert after[key] - before.get(key, 0) >= grew, key
    # The killed workers were replaced: the lane serves again.
    wait_for(lambda: lanes(base)["sparql"]["idle"] == 2, "the sparql lane whole again")
    assert request(base, sparql_path("ASK { ?s ?p ?o }")).status == 200


# --- one server for the rest --------------------------------------------------------


@pytest.fixture(scope="module")
def server(bundled_store: Path, backend: str) -> Iterator[str]:
    env = {
        "PLANKG_MAX_QUERY_DEPTH": str(DEPTH),
        "PLANKG_MAX_QUERY_PATTERNS": str(PATTERNS),
        "PLANKG_MAX_QUERY_VALUES": str(VALUES),
    }
    with running_server(bundled_store, env, backend=backend) as url:
        yield url


# A sort of a cross product of the bundled plans' triples: gigabytes within seconds.
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


@serial
def test_a_query_past_the_memory_limit_is_stopped_and_the_lane_goes_on(tmp_path: Path) -> None:
    """Embedded store only: with a remote server the query's memory is that server's."""
    env = {"PLANKG_SPARQL_QUERY_MEMORY_MB": "200", "PLANKG_QUERY_TIMEOUT": "120"}
    with running_server(tmp_path / "store", env) as base:
        wait_for(
            lambda: all(lane["idle"] == lane["workers"] for lane in lanes(base).values()),
            "every query worker started",
            limit=180,
        )
        before = metrics(base)
        reply = request(base, sparql_path(HUNGRY), source="127.0.0.2")
        assert_problem(reply, 503, "200 MiB", "memory")
        after = metrics(base)
        key = 'plankg_queries_out_of_memory_total{lane="sparql"}'
        assert after[key] == before.get(key, 0) + 1
        # the worker is replaced: the lane answers again
        small = request(base, sparql_path("ASK { ?s ?p ?o }"), source="127.0.0.3")
        assert small.status == 200, small


# --- ETag, 304, gzip ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/queries/lead-agencies?topic=COD",
        "/queries/responsibilities?city=411700",
        "/id/plan/130682",
        "/agencies?city=511700",
        sparql_path("SELECT ?s WHERE { ?s a ?type } ORDER BY ?s LIMIT 200"),
    ],
)
def test_etag_304_and_gzip(server: str, path: str) -> None:
    plain = request(server, path)
    assert plain.status == 200 and plain.body
    etag = plain.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]+"', etag), etag
    assert "Accept-Encoding" in plain.headers["vary"] and "Accept" in plain.headers["vary"]
    again = request(server, path, headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["etag"] == etag
    other = request(server, path, headers={"If-None-Match": '"something-else"'})
    assert other.status == 200 and other.body == plain.body

    zipped = request(server, path, headers={"Accept-Encoding": "gzip"})
    assert zipped.status == 200
    if len(plain.body) >= 1024:
        assert zipped.headers["content-encoding"] == "gzip"
        assert gzip.decompress(zipped.body) == plain.body
        assert zipped.headers["etag"] != etag  # one strong ETag per encoding
    not_modified = request(
        server,
        path,
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]},
    )
    assert not_modified.status == 304


def test_answers_computed_in_a_worker_say_where_their_time_went(server: str) -> None:
    path = "/queries/reduction-cube?city=310115"  # asked by no other test: a miss
    miss = request(server, path)
    assert miss.status == 200 and miss.headers["plankg-cache"] == "miss"
    timing = re.fullmatch(
        r"queue;dur=([0-9.]+), worker;dur=([0-9.]+)", miss.headers["server-timing"]
    )
    assert timing is not None and float(timing[2]) > 0, miss.headers["server-timing"]
    hit = request(server, path)
    assert hit.headers["plankg-cache"] == "hit" and "server-timing" not in hit.headers


# --- query shape limits ---------------------------------------------------------------


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


def patterns(n: int) -> str:
    return "SELECT * WHERE { " + " . ".join(f"?s ?p ?o{i}" for i in range(n)) + " } LIMIT 1"


def values(n: int) -> str:
    return "SELECT * WHERE { VALUES ?x { " + " ".join(str(i) for i in range(n)) + " } } LIMIT 1"


@pytest.mark.parametrize(
    ("make", "limit", "words"),
    [
        (nested, DEPTH, ("deep", "PLANKG_MAX_QUERY_DEPTH")),
        (patterns, PATTERNS, ("patterns", "PLANKG_MAX_QUERY_PATTERNS")),
        (values, VALUES, ("VALUES", "PLANKG_MAX_QUERY_VALUES")),
    ],
)
def test_query_shape_limits(server: str, make: object, limit: int, words: tuple[str, ...]) -> None:
    assert callable(make)
    at_limit = request(server, sparql_path(make(limit)))
    assert at_limit.status == 200, at_limit
    before = metrics(server)['plankg_lane_completed_total{lane="sparql"}']
    detail = assert_problem(request(server, sparql_path(make(limit + 1))), 400, *words)
    assert str(limit) in detail
    # refused before any worker was spent on it
    assert metrics(server)['plankg_lane_completed_total{lane="sparql"}'] == before


def test_five_thousand_braces_are_a_client_error(server: str) -> None:
    before = metrics(server)
    query = nested(5000)
    conn_path = "/sparql"
    parts = urllib.parse.urlsplit(server)
    assert parts.hostname is not None
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.request("POST", conn_path, query.encode(), {"Content-Type": "application/sparql-query"})
    r = conn.getresponse()
    reply = Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    conn.close()
    assert_problem(reply, 400, "5000 deep")
    after = metrics(server)
    key = 'plankg_lane_worker_died_total{lane="sparql"}'
    assert after[key] == before[key]


# --- metrics ------------------------------------------------------------------------------


def test_metrics_move_as_requests_are_served(server: str) -> None:
    path = "/queries/reduction-cube?city=620500"  # a worker answers it
    route = 'route="/queries/reduction-cube"'
    before = metrics(server)
    first = request(server, path)
    second = request(server, path)
    assert first.status == second.status == 200
    after = metrics(server)

    def grew(key: str) -> float:
        return after.get(key, 0) - before.get(key, 0)

    assert grew(f'plankg_http_requests_total{{method="GET",{route},status="200"}}') == 2
    assert grew(f"plankg_http_request_duration_seconds_count{{{route}}}") == 2
    assert grew("plankg_cache_hits_total") >= 1 and grew("plankg_cache_misses_total") >= 1
    assert after["plankg_cache_bytes"] > 0 and after["plankg_cache_entries"] >= 1
    assert grew('plankg_lane_completed_total{lane="named"}') >= 1
    for lane in ("named", "sparql"):
        assert after[f'plankg_lane_workers{{lane="{lane}"}}'] >= 1
        assert f'plankg_lane_queued{{lane="{lane}"}}' in after
    ready = request(server, "/readyz").json()
    assert isinstance(ready, dict) and set(ready["lanes"]) == {"named", "sparql"}
    assert {"workers", "busy", "idle", "queued"} <= set(ready["lanes"]["sparql"])


# --- per-city scoping ---------------------------------------------------------------------


SCOPED = sorted(q.name for q in catalogue().values() if q.scope == "city")


def test_the_scoped_queries_are_the_per_city_ones() -> None:
    assert {"responsibilities", "targets", "emission-reductions", "reduction-cube"} <= set(SCOPED)


# A city's responsibilities are read from its plans' digests once the search index is
# built (api.national; tests/api/test_national.py compares them with the query).
@pytest.mark.parametrize(
    "name", [n for n in SCOPED if n not in ("city-population", "responsibilities")]
)
def test_per_city_answers_read_the_citys_graphs_and_answer_as_unscoped(
    server: str, backend: str, name: str
) -> None:
    query = catalogue()[name]
    accept = "application/n-triples" if name == "reduction-cube" else "text/csv"
    deadline = time.monotonic() + 60
    while not json.loads(request(server, "/readyz").body)["search"]["ready"]:
        assert time.monotonic() < deadline, "the search index is built"
        time.sleep(0.2)
    # A per-plan query's answer for a city is then merged from the rows its plans' parts
    # of the embedded store's index files hold, no graph read (tests/api/test_national.py)
    from_parts = backend == "embedded" and query.per_plan
    for city in BUNDLED_CITIES:
        scoped = request(server, f"/queries/{name}?city={city}", headers={"Accept": accept})
        assert scoped.status == 200, scoped
        # one plan per bundled city, plus the reference graphs the query reads
        graphs = None if from_parts else str(1 + len(query.reads))
        assert scoped.headers.get("plankg-graphs") == graphs
        unscoped = request(
            server, sparql_path(query.bound({"city": city})), headers={"Accept": accept}
        )
        assert unscoped.status == 200 and "plankg-graphs" not in unscoped.headers
        # the same rows (rows tied in the ORDER BY may come in another order)
        assert sorted(scoped.body.splitlines()) == sorted(unscoped.body.splitlines()), city
    nowhere = request(server, f"/queries/{name}?city=110101", headers={"Accept": accept})
    graphs = None if from_parts else str(len(query.reads))
    assert nowhere.status == 200 and nowhere.headers.get("plankg-graphs") == graphs


# --- a worker that dies ---------------------------------------------------------------


def _workers_of(base: str) -> list[int]:
    """The query worker processes of the `plankg serve` listening on `base`'s port."""
    port = str(urllib.parse.urlsplit(base).port)
    server = None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and b"--port" in args and port.encode() in args:
            server = proc.name
    assert server is not None
    children = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            spawned = b"spawn_main" in (proc / "cmdline").read_bytes()
            if stat[stat.rindex(")") + 2 :].split()[1] == server and spawned:
                children.append(int(proc.name))
    return children


@serial
def test_a_worker_that_dies_is_a_problem_and_is_replaced(crowded: str) -> None:
    base = crowded
    with ThreadPoolExecutor(1) as pool:
        runaway = pool.submit(request, base, sparql_path(RUNAWAY), "127.0.0.2")
        wait_for(lambda: lanes(base)["sparql"]["busy"] == 1, "the runaway running")
        workers = _workers_of(base)
        assert len(workers) == 4  # two lanes of two
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        assert_problem(runaway.result(), 500, "query process")
    wait_for(
        lambda: all(lane["idle"] == 2 for lane in lanes(base).values()), "the workers replaced"
    )
    assert request(base, sparql_path("ASK { ?s ?p ?o }")).status == 200
    assert request(base, "/queries/targets?city=130682").status == 200
