"""Footprint benchmark: what a store costs to serve, in one run.

Against one store (`--store DIR`; built first from a `bench/corpus.py --plans N --seed 7`
corpus with `plankg ingest --jobs 2` when DIR holds none, or into a temporary folder
when no `--store` is given), with the answer cache off (`PLANKG_CACHE_BYTES=0`, so every
figure is a cold one) and one reused HTTP client per server:

1. `plankg serve` with 1, 2 and 4 query workers (`--workers`): the time until /readyz
   answers 200, the time until full readiness (every worker of both lanes up and the
   search index built), the server's log lines on its search index (read from the
   index files ingest wrote, or from the plan graphs and why), and the memory of the
   whole process tree idle (RSS, and PSS, which counts a page shared by several
   processes once); `--start-only` stops there;
2. on the server with 2 workers (else the first of `--workers`), the first request and
   the p50 of `--repeat` more for: the per-city named queries over `--cities` cities
   (each city asked once: every request is that city's first), every named query asked
   for the whole country (no `city`; lead-agencies is the uncached flagship), the pages
   (`/`, `/leads`, the collections, `/dataset`) and the dumps (first byte and whole);
   then the tree's RSS after that traffic;
3. `oxigraph serve-read-only --union-default-graph` on the same store, in the same run:
   its time to answer, its RSS, and the same named queries sent as SPARQL (per-city and
   national, `--oxigraph-timeout` each), with the ratio oxigraph / plankg; a national
   question is sent both as asked over the whole graph (tests/queries/full-graph/, what
   an engine without the plans' summaries runs) and as the named query that reads them.

    python bench/footprint.py --store /tmp/plankg-300 --plans 300 [--repeat 5]
    python bench/footprint.py --plans 5 --repeat 1 --workers 1 --cities 2   # seconds
    python bench/footprint.py --store /tmp/plankg-300 --start-only   # step 1 alone
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/http.py would shadow the standard library

import httpx  # noqa: E402

from bench.procs import free_port, stop  # noqa: E402
from bench.scale import tree, tree_rss  # noqa: E402
from plankg.queries import NamedQuery, catalogue, load  # noqa: E402

BIN = Path(sys.executable).parent
SPARQL_JSON = "application/sparql-results+json"
JSON_LD = "application/ld+json"
TURTLE = "text/turtle"
DEFAULT_WORKERS = 2  # the shipped PLANKG_QUERY_WORKERS: the traffic runs on it
READY_LIMIT_S = 1800.0
PAGES = (
    ("/", "text/html"),
    ("/leads", "text/html"),
    ("/cities", JSON_LD),
    ("/cities?limit=1000", JSON_LD),
    ("/plans", JSON_LD),
    ("/agencies", JSON_LD),
    ("/measures", JSON_LD),
    ("/targets", JSON_LD),
    ("/dataset", TURTLE),
)
DUMPS = ("plankg.nq", "plankg.ttl", "plankg.jsonld")
FULL_GRAPH = ROOT / "tests" / "queries" / "full-graph"
SUMMARY = " (summaries)"


# --- the store -------------------------------------------------------------------------


def build_store(store: Path, plans: int, work: Path) -> None:
    """A corpus of `plans` plans (seed 7) ingested into `store` with two jobs."""
    corpus = work / f"corpus-{plans}"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(plans),
         "--out", str(corpus), "--seed", "7"],
        check=True, capture_output=True,
    )  # fmt: skip
    start = time.perf_counter()
    # exit 1: a generated plan whose place is genuinely ambiguous is refused
    done = subprocess.run(
        [str(BIN / "plankg"), "ingest", str(corpus), "--store", str(store), "--jobs", "2"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise SystemExit(f"plankg ingest exited {done.returncode}: {done.stderr[-2000:]}")
    print(f"built {store}: {plans} plans in {time.perf_counter() - start:.1f} s", flush=True)


def store_cities(store: Path) -> list[str]:
    """The division codes of the store's plans, read before any server opens it."""
    import gc

    from plankg.store import EmbeddedStore

    opened = EmbeddedStore(store, read_only=True)
    result = opened.query(
        "SELECT DISTINCT ?code WHERE { ?plan a <https://w3id.org/plankg/ontology#Plan> ; "
        "<https://w3id.org/plankg/ontology#jurisdiction>/"
        "<https://w3id.org/plankg/ontology#divisionCode> ?code }"
    )
    codes = sorted(str(row["code"].value) for row in result)  # type: ignore[union-attr]
    del opened, result
    gc.collect()  # closes the store
    return codes


# --- memory ----------------------------------------------------------------------------


def tree_pss(pid: int) -> int:
    """Bytes of proportional set size summed over `pid` and its descendants: a page
    shared by k processes counts 1/k in each, so shared memory is counted once."""
    total = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += 1024 * int(line.split()[1])
                    break
        except OSError:
            continue
    return total


@dataclass
class Memory:
    rss: int
    pss: int

    @classmethod
    def of(cls, pid: int) -> Memory:
        return cls(tree_rss(pid), tree_pss(pid))

    def __str__(self) -> str:
        return f"RSS {self.rss / 1e9:.2f} GB, PSS {self.pss / 1e9:.2f} GB"


# --- servers ---------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    client: httpx.Client
    ready_s: float = math.nan  # until the readiness probe first answered 200
    full_s: float = math.nan  # until every worker and the search index are up


def _full(body: bytes) -> bool:
    """Whether a /readyz body says every worker of both lanes is up, and the search
    index built."""
    try:
        state = json.loads(body)
    except ValueError:
        return False
    lanes = state.get("lanes", {}).values()
    workers_up = all(lane["starting"] == 0 and lane["idle"] + lane["busy"] > 0 for lane in lanes)
    return bool(workers_up and state.get("search", {"ready": True}).get("ready"))


@contextmanager
def running(
    name: str, argv: list[str], port: int, probe: str, env: dict[str, str], log: Path
) -> Iterator[Server]:
    """Start a server, wait until `probe` answers 200 and, for plankg, until it is fully
    ready; stopped on exit."""
    with open(log, "wb") as err, httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=err
        )
        srv = Server(name, proc, client)
        try:
            while math.isnan(srv.full_s):
                if proc.poll() is not None:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise SystemExit(f"{name} exited {proc.returncode}:\n{tail}")
                if time.perf_counter() - start > READY_LIMIT_S:
                    raise SystemExit(f"{name} not ready within {READY_LIMIT_S:.0f} s")
                try:
                    reply = client.get(probe, timeout=5)
                except httpx.HTTPError:
                    time.sleep(0.05)
                    continue
                now = time.perf_counter() - start
                if reply.status_code == 200 and math.isnan(srv.ready_s):
                    srv.ready_s = now
                if not math.isnan(srv.ready_s) and (probe != "/readyz" or _full(reply.content)):
                    srv.full_s = now
                else:
                    time.sleep(0.05)
            yield srv
        finally:
            stop(proc)


def plankg(store: Path, workers: int, log: Path) -> AbstractContextManager[Server]:
    port = free_port()
    env = {"PLANKG_CACHE_BYTES": "0", "PLANKG_QUERY_WORKERS": str(workers)}
    argv = [str(BIN / "plankg"), "serve", "--store", str(store), "--port", str(port)]
    return running(f"plankg ({workers} workers)", argv, port, "/readyz", env, log)


def oxigraph(store: Path, timeout: float, log: Path) -> AbstractContextManager[Server]:
    port = free_port()
    argv = [
        str(BIN / "oxigraph"), "serve-read-only", "--location", str(store),
        "--bind", f"127.0.0.1:{port}", "--union-default-graph",
        "--timeout-s", str(max(1, math.ceil(timeout))),
    ]  # fmt: skip
    return running("oxigraph", argv, port, "/query?query=ASK%7B%7D", {}, log)


# --- requests --------------------------------------------------------------------------


@dataclass
class Reply:
    seconds: float
    status: int
    size: int = 0
    first_byte: float = math.nan
    rows: int = -1  # solutions in a SPARQL JSON body
    truncated: bool = False
    next_page: str | None = None  # the Link header's rel="next" target


def fetch(client: httpx.Client, path: str, accept: str, timeout: float) -> Reply:
    start = time.perf_counter()
    try:
        with client.stream("GET", path, headers={"Accept": accept}, timeout=timeout) as r:
            first = math.nan
            chunks = []
            for chunk in r.iter_bytes():
                if math.isnan(first):
                    first = time.perf_counter() - start
                chunks.append(chunk)
            body = b"".join(chunks)
            reply = Reply(time.perf_counter() - start, r.status_code, len(body), first)
            reply.truncated = r.headers.get("plankg-truncated") is not None
            reply.next_page = r.links.get("next", {}).get("url")
    except httpx.HTTPError:
        return Reply(time.perf_counter() - start, -1)
    if accept == SPARQL_JSON and reply.status == 200:
        with suppress(ValueError, KeyError, TypeError):
            reply.rows = len(json.loads(body)["results"]["bindings"])
    return reply


@dataclass
class Whole:
    """A long answer read whole, its pages followed by their Link rel="next"."""

    label: str
    pages: list[Reply] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.pages)

    @property
    def rows(self) -> int:
        return sum(max(r.rows, 0) for r in self.pages)

    @property
    def ok(self) -> bool:
        return all(r.status == 200 for r in self.pages)


def read_whole(client: httpx.Client, label: str, path: str, accept: str, timeout: float) -> Whole:
    whole = Whole(label)
    page: str | None = path
    while page is not None:
        reply = fetch(client, page, accept, timeout)
        whole.pages.append(reply)
        page = reply.next_page if reply.status == 200 else None
    return whole


@dataclass
class Measured:
    """One kind of answer: its first request, and the others (p50)."""

    label: str
    replies: list[Reply] = field(default_factory=list)

    @property
    def first(self) -> Reply:
        return self.replies[0]

    @property
    def p50(self) -> float:
        ok = [r.seconds for r in self.replies if r.status == 200]
        return statistics.median(ok) if ok else math.nan

    @property
    def statuses(self) -> str:
        seen: dict[int, int] = {}
        for r in self.replies:
            seen[r.status] = seen.get(r.status, 0) + 1
        return " ".join(f"{s}:{n}" for s, n in sorted(seen.items()))


def repeated(
    client: httpx.Client, label: str, path: str, accept: str, repeat: int, timeout: float
) -> Measured:
    """The first request, then `repeat` more unless the first took longer than the
    timeout allows again."""
    m = Measured(label, [fetch(client, path, accept, timeout)])
    if m.first.status == 200 and m.first.seconds < timeout / 2:
        m.replies += [fetch(client, path, accept, timeout) for _ in range(repeat)]
    return m


def accept_of(query: NamedQuery) -> str:
    return TURTLE if "CONSTRUCT" in query.text else SPARQL_JSON


def per_city_queries() -> list[NamedQuery]:
    """The named queries a city scopes, that reach nothing outside the store."""
    return [
        q
        for q in catalogue().values()
        if q.scope == "city" and "SERVICE" not in q.text and any(p.name == "city" for p in q.params)
    ]


def national_queries() -> list[NamedQuery]:
    return [q for q in catalogue().values() if "SERVICE" not in q.text]


def oxigraph_path(query: NamedQuery, given: dict[str, str]) -> str:
    return "/query?" + str(httpx.QueryParams({"query": query.bound(given)}))


def named_path(query: NamedQuery, given: dict[str, str]) -> str:
    params = httpx.QueryParams(given)
    return f"/queries/{query.name}" + (f"?{params}" if given else "")


# --- the run ---------------------------------------------------------------------------


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "-"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def ratio(slow: float, fast: float) -> str:
    if math.isnan(slow) or math.isnan(fast) or fast <= 0:
        return "-"
    return f"{slow / fast:.1f}x"


def search_lines(log: Path) -> list[str]:
    """What the server said of its search index: built from the index files ingest
    wrote, or from the plan graphs and why."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if "search index:" in line]


def run(args: argparse.Namespace, store: Path, work: Path) -> None:
    cities = store_cities(store)
    if not cities:
        raise SystemExit(f"{store}: no plans stored")
    picked = random.Random(7).sample(cities, min(args.cities, len(cities)))
    workers = [int(w) for w in args.workers.split(",")]
    traffic_on = DEFAULT_WORKERS if DEFAULT_WORKERS in workers else workers[0]
    print(
        f"store {store}: {len(cities)} divisions with plans; cache off; "
        f"{args.repeat} repeats; per-city over {len(picked)} cities",
        flush=True,
    )
    plankg_city: dict[str, Measured] = {}
    plankg_national: dict[str, Measured] = {}
    wholes: list[Whole] = []
    pages: list[Measured] = []
    rows: list[str] = []
    for n in workers:
        with plankg(store, n, work / f"plankg-{n}.log") as srv:
            time.sleep(1.0)  # let the start's last allocations settle
            idle = Memory.of(srv.proc.pid)
            line = (
                f"plankg {n} worker(s): /readyz 200 after {srv.ready_s:.2f} s, fully ready "
                f"(both lanes, search) after {srv.full_s:.2f} s; idle {idle}"
            )
            print(line, flush=True)  # as it goes: a long run stopped early keeps its figures
            for said in search_lines(work / f"plankg-{n}.log"):
                print(f"  {said}", flush=True)
            if n != traffic_on or args.start_only:
                rows.append(line)
                continue
            plankg_city, plankg_national, wholes, pages = traffic(srv, picked, args)
            after = Memory.of(srv.proc.pid)
            rows.append(line + f"; after the traffic {after}")
            print(f"  after the traffic {after}", flush=True)
    if args.start_only:
        return
    with oxigraph(store, args.oxigraph_timeout, work / "oxigraph.log") as ox_srv:
        time.sleep(1.0)
        ox_memory = Memory.of(ox_srv.proc.pid)
        ox_city, ox_national = oxigraph_traffic(ox_srv, picked, args)
    rows.append(f"oxigraph serve-read-only: answers after {ox_srv.ready_s:.2f} s; {ox_memory}")

    print("\n" + "\n".join(rows))
    print("\nper-city named queries, each city's first request (cache off), ms")
    print(f"{'query':<24}{'plankg p50':>12}{'max':>10}{'oxigraph p50':>14}{'ratio':>8}")
    for name, m in plankg_city.items():
        o = ox_city.get(name)
        print(
            f"{name:<24}{ms(m.p50):>12}{ms(max(r.seconds for r in m.replies)):>10}"
            f"{ms(o.p50) if o else '-':>14}{ratio(o.p50, m.p50) if o else '-':>8}"
        )
    print(
        "\nnational named queries (no city), ms: first request, p50 of the repeats; "
        "oxigraph answering the question over the whole graph (full), and the named "
        "query as shipped, which reads the summaries (summ.)"
    )
    print(
        f"{'query':<22}{'rows':>7}{'cut':>5}{'first':>9}{'p50':>9}{'status':>10}"
        f"{'ox full 1st':>13}{'ox full p50':>13}{'ratio':>8}{'ox summ. p50':>14}"
    )
    for name, m in plankg_national.items():
        o, summ = ox_national.get(name), ox_national.get(name + SUMMARY)
        print(
            f"{name:<22}{m.first.rows:>7}{'yes' if m.first.truncated else '':>5}"
            f"{ms(m.first.seconds):>9}{ms(m.p50):>9}{m.statuses:>10}"
            f"{(ms(o.first.seconds) if o.first.status == 200 else o.statuses) if o else '-':>13}"
            f"{ms(o.p50) if o else '-':>13}{ratio(o.p50, m.p50) if o else '-':>8}"
            f"{ms(summ.p50) if summ else '-':>14}"
        )
    print(
        "\nnational answers cut at the row limit, read whole by following their Link "
        'rel="next" pages: pages, rows, ms in all, slowest page ms'
    )
    print(f"{'query':<22}{'pages':>7}{'rows':>9}{'all':>10}{'slowest':>10}{'status':>10}")
    for w in wholes:
        statuses = Measured(w.label, w.pages).statuses
        slowest = max(r.seconds for r in w.pages)
        print(
            f"{w.label:<22}{len(w.pages):>7}{w.rows:>9}{ms(w.seconds):>10}{ms(slowest):>10}"
            f"{statuses:>10}"
        )
    print("\npages, collections, dataset and dumps, ms: first request (first byte), p50")
    print(f"{'path':<34}{'bytes':>11}{'first':>9}{'1st byte':>10}{'p50':>9}{'status':>10}")
    for m in pages:
        print(
            f"{m.label:<34}{m.first.size:>11}{ms(m.first.seconds):>9}"
            f"{ms(m.first.first_byte):>10}{ms(m.p50):>9}{m.statuses:>10}"
        )


def traffic(
    srv: Server, cities: list[str], args: argparse.Namespace
) -> tuple[dict[str, Measured], dict[str, Measured], list[Whole], list[Measured]]:
    client, limit = srv.client, args.timeout
    city: dict[str, Measured] = {}
    for query in per_city_queries():
        m = city[query.name] = Measured(query.name)
        for code in cities:
            m.replies.append(
                fetch(client, named_path(query, {"city": code}), accept_of(query), limit)
            )
    national = {
        q.name: repeated(client, q.name, named_path(q, {}), accept_of(q), args.repeat, limit)
        for q in national_queries()
    }
    wholes = [
        read_whole(client, q.name, named_path(q, {}), accept_of(q), limit)
        for q in national_queries()
        if national[q.name].first.truncated
    ]
    pages = [repeated(client, path, path, accept, args.repeat, limit) for path, accept in PAGES]
    pages += [
        repeated(client, f"/dumps/{name}", f"/dumps/{name}", "*/*", 0, limit) for name in DUMPS
    ]
    return city, national, wholes, pages


def oxigraph_traffic(
    srv: Server, cities: list[str], args: argparse.Namespace
) -> tuple[dict[str, Measured], dict[str, Measured]]:
    client, limit = srv.client, args.oxigraph_timeout + 5
    city: dict[str, Measured] = {}
    for query in per_city_queries():
        m = city[query.name] = Measured(query.name)
        for code in cities:
            path = oxigraph_path(query, {"city": code})
            m.replies.append(fetch(client, path, accept_of(query), limit))
    national = {}
    for q in national_queries():
        # the question over the whole graph (what an engine without summaries runs), and
        # the named query as shipped, which reads the summaries
        full = full_graph(q)
        national[q.name] = repeated(
            client, q.name, oxigraph_path(full, {}), accept_of(q), args.repeat, limit
        )
        if full.text != q.text:
            national[q.name + SUMMARY] = repeated(
                client, q.name, oxigraph_path(q, {}), accept_of(q), args.repeat, limit
            )
    return city, national


def full_graph(query: NamedQuery) -> NamedQuery:
    """The named query's full-graph version (tests/queries/full-graph/), when it reads
    the plans' summaries; else itself."""
    path = FULL_GRAPH / f"{query.name}.rq"
    return load(path) if query.summaries and path.is_file() else query


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="the store (built there when it holds none)")
    parser.add_argument("--plans", type=int, default=300, help="plans of a store built here")
    parser.add_argument("--repeat", type=int, default=5, help="requests after the first")
    parser.add_argument("--cities", type=int, default=20, help="cities for per-city answers")
    parser.add_argument("--workers", default="1,2,4", help="query workers per run, a list")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a plankg request")
    parser.add_argument(
        "--oxigraph-timeout", type=float, default=120.0, help="seconds an oxigraph query"
    )
    parser.add_argument(
        "--start-only", action="store_true", help="the start-up figures only (no traffic)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="plankg-footprint-") as tmp:
        work = Path(tmp)
        store = args.store or work / "store"
        if not (store / "CURRENT").exists():
            if store.exists() and any(store.iterdir()):
                raise SystemExit(f"{store}: not a store, and not empty")
            shutil.rmtree(store, ignore_errors=True)
            build_store(store, args.plans, work)
        run(args, store, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
