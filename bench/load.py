"""Load benchmark: fair under load, per-city answers at the cost of one plan.

Against a large store (the 3,000-plan store bench/scale.py shows how to build) served by
`plankg serve`, in one run:

1. cold per-city answers: for each per-city named query and /id/ pages, the first
   request (a cache miss) for `--cold` random cities, p50, at the large store and at the
   five bundled plans (a second `plankg serve`), and their ratio;
2. cheap hits: a warm cache hit of a large answer against this same server sending a
   static file of the same bytes (the service started with a static mount for it);
3. mixed traffic for `--seconds` at `--concurrency` well-behaved connections, each from
   its own source address 127.0.1.x: ~80% per-city named queries over random cities,
   15% /id/ pages, 5% filtered collections (?city=); meanwhile two abusive clients,
   127.0.0.2 and 127.0.0.3, send runaway /sparql queries without pause over
   `--abuser-connections` connections each. Reported per class: requests/s, p50, p99
   and answers by status; the server's RSS (process and query workers) every few
   seconds, after the warm-up and at the end;
4. the same well-behaved traffic, for the same time, to `oxigraph serve-read-only` on
   a copy of the store (no abusers: it has no admission control to show).

`--cold-only` stops after phase 1. `--soak` instead runs the well-behaved traffic alone
for `--soak-seconds` (600) at concurrency 8, sampling RSS, to show memory stays flat.

    python bench/load.py --store /tmp/pk/s3000 [--seconds 60] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
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
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/http.py would shadow the standard library

import pyoxigraph as ox  # noqa: E402

from api.collection_items import PLANS  # noqa: E402
from bench.procs import free_port, stop  # noqa: E402
from bench.scale import cpu_split, rss_by_process  # noqa: E402
from plankg.describe import DESCRIBE  # noqa: E402
from plankg.queries import NamedQuery, bind, resolve  # noqa: E402

BIN = Path(sys.executable).parent
BASE = "https://w3id.org/plankg/"
PER_CITY = ("responsibilities", "targets", "emission-reductions", "reduction-cube")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ACCEPT = {"reduction-cube": "text/turtle"}
LIMIT_S = 30.0  # plankg's default query time limit
STATIC_SERVER = """
import sys, uvicorn
from starlette.staticfiles import StaticFiles
from plankg.serve import prepare
from plankg.settings import Settings
from api.app import create_app
from api import logs
logs.configure()
settings = Settings()
prepare(settings)
app = create_app(settings)
app.mount("/bench-static", StaticFiles(directory=sys.argv[1]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), access_log=False, log_level="warning")
"""


# --- a small asyncio HTTP/1.1 client (keep-alive, Content-Length bodies) ---------------


@dataclass
class Reply:
    status: int
    seconds: float
    size: int = 0
    headers: dict[str, str] = field(default_factory=dict)


class Connection:
    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port, self.source = port, source
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", self.port, local_addr=(self.source, 0), limit=1 << 24
        )

    async def get(
        self, path: str, headers: dict[str, str] | None = None, limit: float | None = None
    ) -> Reply:
        """The reply; status -1 when the connection failed, -2 past `limit` seconds (the
        connection is then closed, as a client giving up would)."""
        if limit is None:
            return await self._get(path, headers)
        start = time.perf_counter()
        try:
            async with asyncio.timeout(limit):
                return await self._get(path, headers)
        except TimeoutError:
            await self.close()
            return Reply(-2, time.perf_counter() - start)

    async def _get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        start = time.perf_counter()
        for attempt in (0, 1):
            try:
                if self.writer is None:
                    await self._open()
                assert self.reader is not None and self.writer is not None
                lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"]
                lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
                self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
                head = await self.reader.readuntil(b"\r\n\r\n")
                status_line, *header_lines = head.decode("latin-1").split("\r\n")
                fields = {}
                for line in header_lines:
                    if ":" in line:
                        k, _, v = line.partition(":")
                        fields[k.strip().lower()] = v.strip()
                size = int(fields.get("content-length", "0"))
                await self.reader.readexactly(size)
                if fields.get("connection", "").lower() == "close":
                    await self.close()
                status = int(status_line.split()[1])
                return Reply(status, time.perf_counter() - start, size, fields)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                await self.close()
                if attempt:
                    return Reply(-1, time.perf_counter() - start)
        return Reply(-1, time.perf_counter() - start)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


# --- the data: cities and plans of the store --------------------------------------------


@dataclass(frozen=True)
class Data:
    cities: list[str]
    plans: list[str]  # plan IRIs


def read_data(store: Path) -> Data:
    import gc

    from plankg.store import EmbeddedStore

    opened = EmbeddedStore(store, read_only=True)
    result = opened.query(
        "SELECT ?plan ?code WHERE { ?plan a <https://w3id.org/plankg/ontology#Plan> ; "
        "<https://w3id.org/plankg/ontology#jurisdiction>/"
        "<https://w3id.org/plankg/ontology#divisionCode> ?code }"
    )
    rows = [(str(r["plan"].value), str(r["code"].value)) for r in result]  # type: ignore[union-attr]
    del opened, result
    gc.collect()
    return Data(sorted({c for _, c in rows}), sorted({p for p, _ in rows}))


# --- traffic --------------------------------------------------------------------------


@dataclass
class Request:
    cls: str
    plankg: str
    oxigraph: str
    accept: str = "application/json"


def _oxigraph_path(sparql: str) -> str:
    return "/query?" + urllib.parse.urlencode({"query": sparql})


@cache
def _named(name: str) -> NamedQuery:
    return resolve(name)


def per_city(name: str, city: str, oxigraph: bool = False) -> Request:
    """The request for plankg, or (`oxigraph`) the same query as SPARQL for oxigraph."""
    accept = ACCEPT.get(name, "application/sparql-results+json")
    sparql = _named(name).bound({"city": city}) if oxigraph else ""
    return Request("named", f"/queries/{name}?city={city}", _oxigraph_path(sparql), accept)


def id_page(iri: str, oxigraph: bool = False) -> Request:
    sparql = bind(DESCRIBE, {"r": ox.NamedNode(iri)}) if oxigraph else ""
    return Request("id", "/" + iri[len(BASE) :], _oxigraph_path(sparql), "text/turtle")


def collection(city: str, oxigraph: bool = False) -> Request:
    sparql = PLANS.query({"city": city}, 100, 0) if oxigraph else ""
    return Request(
        "collection", f"/plans?city={city}", _oxigraph_path(sparql), "application/ld+json"
    )


def well_behaved(rng: random.Random, data: Data, oxigraph: bool) -> Request:
    roll = rng.random()
    if roll < 0.80:
        return per_city(rng.choice(PER_CITY), rng.choice(data.cities), oxigraph)
    if roll < 0.95:
        if rng.random() < 0.5:
            return id_page(f"{BASE}id/division/{rng.choice(data.cities)}", oxigraph)
        return id_page(rng.choice(data.plans), oxigraph)
    return collection(rng.choice(data.cities), oxigraph)


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)

    def add(self, cls: str, reply: Reply) -> None:
        self.times.setdefault(cls, []).append(reply.seconds)
        by = self.statuses.setdefault(cls, {})
        by[reply.status] = by.get(reply.status, 0) + 1


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def traffic(
    port: int,
    data: Data,
    seconds: float,
    concurrency: int,
    target: str,
    abusers: int,
    seed: int,
    rss_pid: int | None = None,
    rss_every: float = 5.0,
    warmup: float = 0.0,
) -> tuple[Tally, list[tuple[float, dict[int, int]]], float]:
    """Well-behaved connections (each its own source address) and abusive ones, for
    `seconds` after `warmup`; returns the tally, RSS samples and the measured seconds."""
    tally = Tally()
    samples: list[tuple[float, dict[int, int]]] = []
    start = time.perf_counter()
    measure_from = start + warmup
    end = measure_from + seconds

    async def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        conn = Connection(port, f"127.0.1.{i + 1}")
        while time.perf_counter() < end:
            req = well_behaved(rng, data, target == "oxigraph")
            path = req.plankg if target == "plankg" else req.oxigraph
            accept = req.accept
            if target == "oxigraph" and req.cls != "named":
                accept = "text/turtle" if req.cls == "id" else "application/sparql-results+json"
            # oxigraph has no time limit of its own here: give up where plankg's would
            limit = LIMIT_S if target == "oxigraph" else None
            reply = await conn.get(path, {"Accept": accept}, limit)
            if reply.seconds and time.perf_counter() - reply.seconds >= measure_from:
                tally.add(req.cls, reply)
        await conn.close()

    async def abuser(source: str) -> None:
        conn = Connection(port, source)
        path = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
        while time.perf_counter() < end:
            reply = await conn.get(path, {"Accept": "application/sparql-results+json"})
            if time.perf_counter() - reply.seconds >= measure_from:
                tally.add("abuser", reply)
        await conn.close()

    async def sampler() -> None:
        while rss_pid is not None and time.perf_counter() < end:
            samples.append((time.perf_counter() - start, rss_by_process(rss_pid)))
            await asyncio.sleep(rss_every)
        if rss_pid is not None:
            samples.append((time.perf_counter() - start, rss_by_process(rss_pid)))

    tasks = [client(i) for i in range(concurrency)]
    for source in ("127.0.0.2", "127.0.0.3")[: 2 if abusers else 0]:
        tasks += [abuser(source) for _ in range(abusers)]
    # abusers still waiting at the end are answered by their timeout: do not wait for them
    runners = [asyncio.ensure_future(t) for t in tasks]
    watcher = asyncio.ensure_future(sampler())
    well = runners[:concurrency]
    await asyncio.gather(*well, watcher)
    for r in runners[concurrency:]:
        r.cancel()
    await asyncio.gather(*runners[concurrency:], return_exceptions=True)
    return tally, samples, seconds


def report_tally(label: str, tally: Tally, seconds: float) -> None:
    print(f"\n{label}")
    print(f"{'class':<12}{'req/s':>9}{'p50 ms':>10}{'p99 ms':>10}  statuses (-2: gave up)")
    for cls in ("named", "id", "collection", "abuser"):
        times = tally.times.get(cls)
        if not times:
            continue
        statuses = " ".join(f"{s}:{n}" for s, n in sorted(tally.statuses[cls].items()))
        print(
            f"{cls:<12}{len(times) / seconds:>9.1f}{1000 * statistics.median(times):>10.1f}"
            f"{1000 * pct(times, 0.99):>10.1f}  {statuses}"
        )
    well = [t for c, ts in tally.times.items() if c != "abuser" for t in ts]
    errors = sum(
        n for c, by in tally.statuses.items() if c != "abuser" for s, n in by.items() if s != 200
    )
    if well:
        print(
            f"{'well-behaved':<12}{len(well) / seconds:>9.1f}"
            f"{1000 * statistics.median(well):>10.1f}"
            f"{1000 * pct(well, 0.99):>10.1f}  errors {errors}"
        )


# --- servers ---------------------------------------------------------------------------


def _wait(port: int, path: str, proc: subprocess.Popen[bytes], limit: float = 1800) -> float:
    start = time.perf_counter()
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        reply = asyncio.run(Connection(port).get(path))
        if reply.status == 200:
            return time.perf_counter() - start
        if time.perf_counter() - start > limit:
            raise RuntimeError("server not ready")
        time.sleep(0.5)


@contextmanager
def plankg_server(
    store: Path, log: Path, static: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[tuple[int, int]]:
    port = free_port()
    args = (
        [sys.executable, "-c", STATIC_SERVER, str(static), str(port)]
        if static is not None
        else [str(BIN / "plankg"), "serve", "--store", str(store), "--port", str(port)]
    )
    full_env = {**os.environ, "PLANKG_STORE": str(store), **(env or {})}
    with log.open("wb") as sink:
        proc = subprocess.Popen(args, cwd=ROOT, env=full_env, stdout=sink, stderr=sink)
        try:
            start = time.perf_counter()
            ready = _wait(port, "/readyz", proc)
            # /readyz answers once one named worker does; wait for every worker, and for
            # the search index, which is built in the named lane after start-up
            while True:
                body = asyncio.run(_readyz(port))
                lanes: dict[str, dict[str, int]] = body.get("lanes", {})
                if body.get("search", {}).get("ready", True) and all(
                    lane.get("idle", 0) >= lane.get("workers", 1) for lane in lanes.values()
                ):
                    break
                time.sleep(1)
            print(f"plankg on {store.name}: ready in {ready:.0f} s, every worker and the "
                  f"search index in {time.perf_counter() - start:.0f} s")  # fmt: skip
            yield port, proc.pid
        finally:
            stop(proc)


async def _readyz(port: int) -> dict[str, Any]:
    conn = Connection(port)
    assert conn is not None
    await conn._open()
    assert conn.reader is not None and conn.writer is not None
    conn.writer.write(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = await conn.reader.read()
    await conn.close()
    try:
        body: dict[str, Any] = json.loads(data.split(b"\r\n\r\n", 1)[1])
        return body
    except (ValueError, IndexError):
        return {}


@contextmanager
def oxigraph_server(location: Path, log: Path) -> Iterator[int]:
    port = free_port()
    args = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
            "--bind", f"127.0.0.1:{port}", "--union-default-graph"]  # fmt: skip
    with log.open("wb") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=sink)
        try:
            _wait(port, "/query?query=ASK%7B%7D", proc)
            yield port
        finally:
            stop(proc)


# --- phases ----------------------------------------------------------------------------


def _worker_ms(reply: Reply) -> float:
    """The worker's part of a miss, from its Server-Timing header (nan when absent)."""
    for part in reply.headers.get("server-timing", "").split(","):
        name, _, dur = part.strip().partition(";dur=")
        if name == "worker" and dur:
            return float(dur)
    return math.nan


async def cold(port: int, cities: list[str], plans: list[str]) -> dict[str, tuple[float, float]]:
    """p50 of first requests (cache misses), per per-city query and /id/ kind: the whole
    request, and the part the query worker took (Server-Timing)."""
    conn = Connection(port)
    out: dict[str, tuple[float, float]] = {}
    for name in PER_CITY:
        times, worker = [], []
        for city in cities:
            req = per_city(name, city)
            reply = await conn.get(req.plankg, {"Accept": req.accept})
            assert reply.status == 200, (req.plankg, reply.status)
            assert reply.headers.get("plankg-cache") == "miss"
            times.append(reply.seconds)
            worker.append(_worker_ms(reply))
        out[name] = (statistics.median(times), statistics.median(worker))
    divisions = [f"{BASE}id/division/{c}" for c in cities]
    for kind, iris, accept in (
        ("/id/division", divisions, "text/turtle"),
        ("/id/division JSON-LD", divisions, "application/ld+json"),
        ("/id/plan", plans, "text/turtle"),
        ("/id/plan JSON-LD", plans, "application/ld+json"),
        ("/id/plan HTML", plans, "text/html"),
        ("/plans?city=", None, None),
    ):
        times, worker = [], []
        for i, city in enumerate(cities):
            req = collection(city) if iris is None else id_page(iris[i % len(iris)])
            reply = await conn.get(req.plankg, {"Accept": accept or req.accept})
            assert reply.status == 200, (req.plankg, reply.status)
            assert reply.headers.get("plankg-cache") == "miss"
            times.append(reply.seconds)
            worker.append(_worker_ms(reply))
        out[kind] = (statistics.median(times), statistics.median(worker))
    await conn.close()
    return out


async def hits(port: int, path: str, static: str, rounds: int) -> tuple[float, float, int]:
    conn = Connection(port)
    first = await conn.get(path)
    a: list[float] = []
    b: list[float] = []
    for i in range(rounds):
        for which in ((path, a), (static, b)) if i % 2 == 0 else ((static, b), (path, a)):
            reply = await conn.get(which[0])
            assert reply.status == 200
            which[1].append(reply.seconds)
    await conn.close()
    return statistics.median(a), statistics.median(b), first.size


def rss_line(
    samples: list[tuple[float, dict[int, int]]],
    warmup: float,
    drained: tuple[dict[int, int], dict[int, int]] | None = None,
) -> str:
    """The server's RSS (its process and every query worker) over time, after the
    warm-up against the end: as single samples, and as the median of the samples in the
    first and the last quarter of the measured time (a runaway's worker grows until it is
    stopped at its memory or time limit, so the sum saws with that cycle, and two single
    samples fall anywhere on it); the processes alive through the whole run, apart from
    the workers started meanwhile in place of stopped ones; and, with `drained`, the RSS
    once the lanes were idle after the warm-up and after the traffic."""
    shown = " ".join(f"{t:.0f}s:{sum(rss.values()) / 1e9:.2f}" for t, rss in samples)
    measured = [rss for t, rss in samples if t >= warmup] or [samples[-1][1]]
    after, end = measured[0], measured[-1]
    quarter = max(1, len(measured) // 4)
    first = statistics.median(sum(rss.values()) for rss in measured[:quarter])
    last = statistics.median(sum(rss.values()) for rss in measured[-quarter:])
    kept = after.keys() & end.keys()
    before_kept, end_kept = sum(after[p] for p in kept), sum(end[p] for p in kept)
    replaced = max(sum(v for p, v in rss.items() if p not in kept) for _, rss in samples)
    total_after, total_end = sum(after.values()), sum(end.values())
    lines = [
        f"RSS GB over time: {shown}",
        f"RSS after warm-up {total_after / 1e9:.2f} GB, at the end {total_end / 1e9:.2f} GB: "
        f"{total_end / total_after:.3f}x (single samples)",
        f"RSS median of the first {quarter} samples {first / 1e9:.2f} GB, of the last "
        f"{quarter} {last / 1e9:.2f} GB: {last / first:.3f}x",
        f"of which the {len(kept)} processes alive throughout: {before_kept / 1e9:.2f} GB, "
        f"at the end {end_kept / 1e9:.2f} GB: {end_kept / before_kept:.3f}x; the workers "
        f"started in place of stopped ones: at most {replaced / 1e9:.2f} GB",
    ]
    if drained is not None:
        a, b = (sum(rss.values()) for rss in drained)
        lines.append(
            f"RSS with the lanes idle, after the warm-up {a / 1e9:.2f} GB, after the traffic "
            f"{b / 1e9:.2f} GB: {b / a:.3f}x"
        )
    return "\n".join(lines)


async def idle_rss(port: int, pid: int, limit: float = 90.0) -> dict[int, int]:
    """The server's RSS once no lane runs or starts anything (a runaway ends at its time
    limit at the latest, and its worker is replaced), waiting at most `limit` seconds."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        lanes = (await _readyz(port)).get("lanes", {})
        if lanes and all(
            lane.get("busy", 1) == 0 and lane.get("starting", 1) == 0 and lane.get("queued", 1) == 0
            for lane in lanes.values()
        ):
            break
        await asyncio.sleep(0.5)
    return rss_by_process(pid)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="the large store (3,000 plans)")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=15)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--abuser-connections", type=int, default=3)
    ap.add_argument("--cold", type=int, default=15, help="cities per cold measurement")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--soak", action="store_true")
    ap.add_argument("--soak-seconds", type=float, default=600)
    ap.add_argument("--no-oxigraph", action="store_true")
    ap.add_argument("--cold-only", action="store_true", help="only phase 1, the cold answers")
    ap.add_argument(
        "--sparql-nice", default="10", help="PLANKG_SPARQL_NICE of the served plankg (10)"
    )
    ap.add_argument("--tmp", type=Path, help="work folder (default: a temporary one)")
    args = ap.parse_args()
    work = args.tmp or Path(tempfile.mkdtemp(prefix="plankg-load-"))
    work.mkdir(parents=True, exist_ok=True)
    data = read_data(args.store)
    rng = random.Random(args.seed)
    print(f"store {args.store}: {len(data.plans)} plans, {len(data.cities)} cities")

    if args.soak:
        env = {"PLANKG_SPARQL_NICE": args.sparql_nice}
        with plankg_server(args.store, work / "plankg.log", env=env) as (port, pid):
            tally, samples, secs = asyncio.run(
                traffic(
                    port, data, args.soak_seconds, 8, "plankg", 0, args.seed, pid, 30, args.warmup
                )
            )
        report_tally(f"soak: {secs:.0f} s at concurrency 8", tally, secs)
        print(rss_line(samples, args.warmup))
        return 0

    # 1. cold per-city answers at 5 plans and at the large store
    small = work / "bundled"
    cities = rng.sample(data.cities, args.cold)
    plans = rng.sample(data.plans, args.cold)
    bundled_cities = ["130682", "330481", "411700", "511700", "620500"]
    with plankg_server(small, work / "plankg-5.log") as (port, _):
        small_data = read_data_http_safe(small)
        five = asyncio.run(cold(port, bundled_cities, small_data.plans))

    static = work / "static"
    static.mkdir(exist_ok=True)
    env = {"PLANKG_SPARQL_NICE": args.sparql_nice}
    print(f"plankg settings: PLANKG_SPARQL_NICE={args.sparql_nice}, the rest as shipped")
    with plankg_server(args.store, work / "plankg.log", static=static, env=env) as (port, pid):
        large = asyncio.run(cold(port, cities, plans))
        print("\ncold per-city answers (first request, cache miss), p50 ms; in brackets the "
              "part spent in the query worker (Server-Timing)")  # fmt: skip
        print(f"{'answer':<24}{'5 plans':>16}{len(data.plans):>8} plans{'ratio':>8}")
        for key, (whole, worker) in large.items():
            print(f"{key:<24}{1000 * five[key][0]:>8.1f} ({five[key][1]:>4.1f})"
                  f"{1000 * whole:>8.1f} ({worker:>4.1f}){whole / five[key][0]:>8.2f}")  # fmt: skip
        if args.cold_only:
            return 0

        # 2. cheap hits: a big cached answer against the same bytes as a static file
        path = "/queries/responsibilities?city=" + cities[0]
        body = asyncio.run(_body(port, path))
        (static / "answer.json").write_bytes(body)
        hit, file_s, size = asyncio.run(hits(port, path, "/bench-static/answer.json", 300))
        print(f"\nwarm hit {1000 * hit:.2f} ms vs static file {1000 * file_s:.2f} ms "
              f"({size} bytes): {hit / file_s:.2f}x")  # fmt: skip

        # 3. mixed traffic with abusers: a warm-up, the lanes left to go idle, then the
        # measured run, and the lanes left to go idle again
        def mixed(seconds: float, seed: int, rss_pid: int | None) -> Any:
            return traffic(
                port, data, seconds, args.concurrency, "plankg", args.abuser_connections,
                seed, rss_pid, 5,
            )  # fmt: skip

        asyncio.run(mixed(args.warmup, args.seed, None))
        before = asyncio.run(idle_rss(port, pid))
        cpu_before = cpu_split(pid)
        tally, samples, secs = asyncio.run(mixed(args.seconds, args.seed + 1, pid))
        cpu_after = cpu_split(pid)
        alive = asyncio.run(Connection(port).get("/healthz")).status == 200
        after = asyncio.run(idle_rss(port, pid))
    report_tally(
        f"plankg: {secs:.0f} s at concurrency {args.concurrency}, 2 abusive clients x "
        f"{args.abuser_connections} connections (after {args.warmup:.0f} s warm-up)",
        tally,
        secs,
    )
    print(rss_line(samples, 0.0, (before, after)))
    served = sum(len(ts) for c, ts in tally.times.items() if c != "abuser")
    if served:
        http, workers = (
            1000 * (b - a) / served for a, b in zip(cpu_before, cpu_after, strict=True)
        )
        print(f"CPU per well-behaved request: HTTP process {http:.2f} ms, query workers "
              f"{workers:.2f} ms (both lanes: the abusers' runaways included)")  # fmt: skip
    print(f"server alive at the end: {alive}")

    # 4. the same well-behaved traffic to oxigraph serve on a copy of the store
    if not args.no_oxigraph:
        copy = work / "oxigraph-store"
        if not copy.exists():
            shutil.copytree(args.store, copy, ignore=shutil.ignore_patterns("*.lock", "LOCK"))
        with oxigraph_server(copy, work / "oxigraph.log") as port:
            tally, _, secs = asyncio.run(
                traffic(
                    port,
                    data,
                    args.seconds,
                    args.concurrency,
                    "oxigraph",
                    0,
                    args.seed,
                    None,
                    5,
                    args.warmup,
                )
            )
        report_tally(f"oxigraph serve: {secs:.0f} s at concurrency {args.concurrency}", tally, secs)
    return 0


def read_data_http_safe(store: Path) -> Data:
    """The bundled store exists once `plankg serve` prepared it; read-only opens share."""
    return read_data(store)


async def _body(port: int, path: str) -> bytes:
    conn = Connection(port)
    await conn._open()
    assert conn.reader is not None and conn.writer is not None
    conn.writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = await conn.reader.read()
    await conn.close()
    return data.split(b"\r\n\r\n", 1)[1]


if __name__ == "__main__":
    raise SystemExit(main())
