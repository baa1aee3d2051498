"""Scale benchmark: ingest, store, memory and named-query latency at several corpus sizes.

For each size (5 = the bundled plans; larger sizes are the first N plans, in generation
order, of a corpus from bench/corpus.py) the script

1. ingests into a fresh on-disk store with `plankg ingest --jobs 2` and reads its time per
   stage and wall clock, the store's size on disk and the ingest's peak memory (the peak
   of one process from /usr/bin/time -v, and the peak of the whole process tree sampled
   from /proc);
2. serves that store with `plankg serve` (from memory, cache off: the query itself; from
   memory, cache on: repeated answers; from disk, cache off) one at a time, each beside
   `oxigraph serve-read-only --union-default-graph` on a copy of the store, and measures
   for each of the contract's named queries the first request after start and the median
   of repeated requests (plankg and oxigraph interleaved), the time until /readyz is 200
   and the memory of each server (plankg: its process and its query workers);
3. runs the flagship query on an rdflib in-memory endpoint (rdflib-endpoint, as
   bench/http.py) where it loads and answers within its time limits;

then prints a table per size and how each figure grows with the corpus.

    python bench/scale.py [--sizes 5,500,3000] [--corpus DIR] [--repeat 11]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A script's own folder is sys.path[0], and bench/http.py there would shadow the standard
# library's http package (urllib, rdflib and uvicorn import it): the project root instead.
sys.path[0] = str(ROOT)

import http.client  # noqa: E402
import urllib.parse  # noqa: E402

from bench.procs import free_port, stop  # noqa: E402
from plankg.queries import resolve  # noqa: E402

BIN = Path(sys.executable).parent
ACCEPT = "application/sparql-results+json"
DEFAULT_CORPUS = Path("/tmp/pk/c3000")
GOAL = 1.2  # plankg p50 at most this many times oxigraph's
SLOW_S = 2.0  # a query slower than this (first request) runs 3 times in all
VERY_SLOW_S = 20.0  # and slower than this, twice
RDFLIB_APP = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
uvicorn.run(SparqlEndpoint(graph=ds), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""
# The service caps rows at PLANKG_MAX_ROWS and time at PLANKG_QUERY_TIMEOUT (30 s); oxigraph
# has neither: both are lifted so that every query is measured, and an answer slower than
# the default limit is flagged (the service as shipped would answer it 503).
PLANKG_ENV = {"PLANKG_MAX_ROWS": "10000000", "PLANKG_QUERY_TIMEOUT": "600"}
DEFAULT_LIMIT_S = 30.0
STAGE_LINE = re.compile(r"^time per stage: (.*); wall clock ([\d.]+)s", re.M)
STAGE = re.compile(r"(\w+) ([\d.]+)s")
MAXRSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


# --- processes and memory --------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_by_process(pid: int) -> dict[int, int]:
    """Bytes of resident memory of `pid` and of each of its descendants."""
    return {p: 1024 * _status_kb(p, "VmRSS") for p in tree(pid)}


def _cpu_times(pid: int) -> tuple[float, float]:
    """Seconds of CPU `pid` used itself, and its children that it waited for used."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    own = (int(fields[11]) + int(fields[12])) / tick
    return own, (int(fields[13]) + int(fields[14])) / tick


def cpu_split(pid: int) -> tuple[float, float]:
    """Seconds of CPU used so far by `pid` itself and by its descendants (those alive and
    those it waited for: a worker killed at the time limit is counted once reaped)."""
    own, reaped = _cpu_times(pid)
    rest = [_cpu_times(p) for p in tree(pid) if p != pid]
    return own, reaped + sum(a + b for a, b in rest)


def tree_rss(pid: int, key: str = "VmRSS") -> int:
    """Bytes of resident memory summed over `pid` and its descendants (VmHWM: peaks)."""
    return 1024 * sum(_status_kb(p, key) for p in tree(pid))


class RssSampler:
    """Samples the summed RSS of a process tree in a thread; `peak` is the largest seen."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def du(path: Path) -> int:
    out = subprocess.run(["du", "-s", "--block-size=1", str(path)], capture_output=True, text=True)
    return int(out.stdout.split()[0])


# --- HTTP ------------------------------------------------------------------------------


@dataclass
class Reply:
    seconds: float
    status: int
    body: bytes = b""
    cache: str = ""
    size: int = 0  # bytes of the body, kept once the body is dropped
    rows: int = -1  # solutions in the body, when counted


def kept(r: Reply, count: bool) -> Reply:
    """A first reply as kept: its size and (when `count`) its rows, not its body."""
    r.size = len(r.body)
    if count:
        r.rows = rows(r.body)
    r.body = b""
    return r


def request(port: int, path: str, timeout: float = 600) -> Reply:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": ACCEPT})
        r = conn.getresponse()
        body = r.read()
        return Reply(time.perf_counter() - start, r.status, body, r.getheader("Plankg-Cache", ""))
    except (OSError, http.client.HTTPException):
        return Reply(time.perf_counter() - start, -1)
    finally:
        conn.close()


def rows(body: bytes) -> int:
    try:
        return len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return -1


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path
    ready_s: float = math.nan  # until the first readiness probe answered 200
    all_ready_s: float = math.nan  # plankg: until every query worker answers

    def rss(self) -> int:
        return tree_rss(self.proc.pid)

    def peak_rss(self) -> int:
        return tree_rss(self.proc.pid, "VmHWM")

    def log_tail(self, lines: int = 8) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by `pid` and its descendants."""
    ticks = 0
    for p in tree(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(
    name: str,
    args: list[str],
    port: int,
    probe: str,
    log: Path,
    env: dict[str, str] | None = None,
    workers: int = 0,
    limit: float = 1200,
) -> Iterator[Server]:
    """Start a server and wait until `probe` answers 200 (and, with `workers`, until the
    workers are done loading); stopped on exit."""
    with open(log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=ROOT, env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        srv = Server(name, proc, port, log)
        try:
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}:\n{srv.log_tail()}")
                if request(port, probe, 10).status == 200:
                    srv.ready_s = time.perf_counter() - start
                    break
                if time.perf_counter() - start > limit:
                    raise RuntimeError(f"{name} not ready within {limit:.0f} s")
                time.sleep(0.2)
            # /readyz is 200 once one worker answers; the others may still be loading the
            # store: wait until the process tree is idle (under 10% of a core for 0.5 s).
            while workers > 1:
                cpu, at = tree_cpu(proc.pid), time.perf_counter()
                time.sleep(0.5)
                if tree_cpu(proc.pid) - cpu < 0.05:
                    break
                if at - start > limit:
                    raise RuntimeError(f"{name}: not every worker ready within {limit:.0f} s")
            srv.all_ready_s = (at if workers > 1 else time.perf_counter()) - start
            yield srv
        finally:
            stop(proc)


# --- ingest ----------------------------------------------------------------------------


@dataclass
class Ingest:
    plans: int  # files given
    stored: int
    failed: int
    stages: dict[str, float]
    wall: float
    peak_one: int  # bytes: the largest single process (rusage)
    peak_tree: int  # bytes: the process tree, summed, sampled
    store_bytes: int


def ingest(plans_dir: Path, store: Path, log: Path, jobs: int) -> Ingest:
    timer = Path("/usr/bin/time")
    cmd = [str(BIN / "plankg"), "ingest", str(plans_dir), "--store", str(store),
           "--jobs", str(jobs)]  # fmt: skip
    if timer.exists():
        cmd = [str(timer), "-v", *cmd]
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        sampler = RssSampler(proc.pid)
        code = proc.wait()
        peak_tree = sampler.stop()
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    # exit 1: some plans refused (a generated place can be genuinely ambiguous)
    if code not in (0, 1) or not (m := STAGE_LINE.search(stdout)):
        tail = "\n".join(stderr.splitlines()[-10:])
        raise RuntimeError(f"plankg ingest exited with {code}:\n{tail}")
    stages = {k: float(v) for k, v in STAGE.findall(m.group(1))}
    if timer.exists() and (r := MAXRSS.search(stderr)):
        peak_one = 1024 * int(r.group(1))
    else:
        import resource

        peak_one = 1024 * resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Ingest(
        plans=len([p for p in plans_dir.iterdir() if p.suffix == ".txt"]),
        stored=stdout.count("\nok ") + stdout.startswith("ok "),
        failed=stderr.count("plankg: FAILED"),
        stages=stages,
        wall=float(m.group(2)),
        peak_one=peak_one,
        peak_tree=peak_tree,
        store_bytes=du(store),
    )


# --- queries ---------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    name: str
    params: dict[str, str]

    @property
    def plankg_path(self) -> str:
        q = urllib.parse.urlencode(self.params)
        return f"/queries/{self.name}" + (f"?{q}" if q else "")

    @property
    def oxigraph_path(self) -> str:
        sparql = resolve(self.name).bound(self.params)
        return "/query?" + urllib.parse.urlencode({"query": sparql})


@dataclass
class Timing:
    first: Reply
    times: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    caches: list[str] = field(default_factory=list)
    cached: bool = False  # a service with its answer cache on

    @property
    def samples(self) -> list[float]:
        """The repeated requests; for a slow query without cache, the first one too (its
        start-up share is small, and there are only a few requests)."""
        slow = self.first.seconds > SLOW_S and not self.cached
        return [self.first.seconds, *self.times] if slow else self.times

    @property
    def p50(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def errors(self) -> int:
        return sum(s != 200 for s in [self.first.status, *self.statuses])

    def add(self, r: Reply) -> None:
        self.times.append(r.seconds)
        self.statuses.append(r.status)
        self.caches.append(r.cache)


def repeats(first: float, wanted: int) -> int:
    """Requests after the first: fewer for slow queries (3 in all over 2 s, 2 over 20 s)."""
    if first > VERY_SLOW_S:
        return 1
    if first > SLOW_S:
        return 2
    if first > 0.5:
        return min(wanted, 5)
    return wanted


def measure(
    cases: list[Case],
    plankg: Server,
    oxigraph: Server | None,
    wanted: int,
    count: bool,
    cached: bool,
) -> tuple[dict[str, Timing], dict[str, Timing]]:
    """Per case: the first request on each server, then `n` requests on each, plankg and
    oxigraph alternating (which goes first alternates too). `count`: count the rows of
    the first answers."""
    p_out: dict[str, Timing] = {}
    o_out: dict[str, Timing] = {}
    for case in cases:
        p = Timing(kept(request(plankg.port, case.plankg_path), count), cached=cached)
        p_out[case.label] = p
        slowest = p.first.seconds
        if oxigraph is not None:
            o = Timing(kept(request(oxigraph.port, case.oxigraph_path), count))
            o_out[case.label] = o
            slowest = max(slowest, o.first.seconds)
        order = [(plankg, p, case.plankg_path)]
        if oxigraph is not None:
            order.append((oxigraph, o_out[case.label], case.oxigraph_path))
        for i in range(repeats(slowest, wanted)):
            for srv, timing, path in order if i % 2 == 0 else reversed(order):
                timing.add(request(srv.port, path))
            if cached and p.caches[-1] != "hit":
                break  # the cache did not keep this answer (larger than its budget)
    return p_out, o_out


# --- one size --------------------------------------------------------------------------


@dataclass
class Result:
    size: int
    ing: Ingest
    quads: int = -1
    city: str = ""
    servers: dict[str, dict[str, float]] = field(default_factory=dict)  # load, rss, peak
    lat: dict[str, dict[str, Timing]] = field(default_factory=dict)  # mode -> case -> timing
    rdflib: str = ""
    rdflib_s: float = math.nan
    rdflib_load_s: float = math.nan


def plans_for(size: int, corpus: Path, tmp: Path) -> tuple[Path, str]:
    """The plan folder for `size` and a division code it holds."""
    if size == 5:
        return ROOT / "data" / "plans", "130682"
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").open(encoding="utf-8")]
    if len(manifest) < size:
        raise SystemExit(f"{corpus} holds {len(manifest)} plans, fewer than {size}")
    folder = tmp / f"plans-{size}"
    folder.mkdir()
    for entry in manifest[:size]:
        shutil.copy2(corpus / entry["file"], folder / entry["file"])
    return folder, str(manifest[0]["code"])


def cases_for(city: str) -> list[Case]:
    return [
        Case("lead-agencies", "lead-agencies", {}),
        Case(f"responsibilities city={city}", "responsibilities", {"city": city}),
        Case("responsibilities", "responsibilities", {}),
        Case(f"targets city={city}", "targets", {"city": city}),
        Case("targets", "targets", {}),
    ]


COUNT = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"


def run_size(
    size: int, corpus: Path, tmp: Path, args: argparse.Namespace, prev: Result | None
) -> Result:
    work = tmp / f"s{size}"
    work.mkdir()
    plans_dir, city = plans_for(size, corpus, work)
    store = work / "store"
    print(f"\n== {size} plans: ingest", flush=True)
    ing = ingest(plans_dir, store, work / "ingest", args.jobs)
    res = Result(size, ing, city=city)
    print(
        f"   {ing.stored} stored, {ing.failed} refused; wall {ing.wall:.1f} s; "
        f"store {ing.store_bytes / 1e6:.1f} MB",
        flush=True,
    )
    ox_store = work / "store-oxigraph"
    shutil.copytree(store, ox_store)
    cases = cases_for(city)
    o_port = free_port()
    oxigraph_cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(ox_store),
                    "--bind", f"127.0.0.1:{o_port}", "--union-default-graph"]  # fmt: skip
    ask = "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    # Cache hits never reach the workers, so the warm (cache on) figures are measured on a
    # disk-mode service, which starts in seconds, rather than loading the store once more.
    modes = [
        ("memory", {"PLANKG_CACHE_BYTES": "0", "PLANKG_SERVE_FROM": "memory"}, True),
        ("disk", {"PLANKG_CACHE_BYTES": "0", "PLANKG_SERVE_FROM": "disk"}, False),
        ("warm", {"PLANKG_SERVE_FROM": "disk"}, False),
    ]
    with serving("oxigraph", oxigraph_cmd, o_port, ask, work / "oxigraph.log") as ox:
        count = request(ox.port, "/query?" + urllib.parse.urlencode({"query": COUNT}))
        with suppress(ValueError, KeyError, IndexError):
            res.quads = int(json.loads(count.body)["results"]["bindings"][0]["n"]["value"])
        res.servers["oxigraph"] = {"load": ox.ready_s}
        for mode, env, with_oxigraph in modes:
            port = free_port()
            cmd = [str(BIN / "plankg"), "serve", "--store", str(store), "--port", str(port)]
            print(f"   plankg serve ({mode})", flush=True)
            with serving(
                f"plankg {mode}", cmd, port, "/readyz", work / f"plankg-{mode}.log",
                env={**PLANKG_ENV, **env}, workers=2,
            ) as srv:  # fmt: skip
                p, o = measure(
                    cases,
                    srv,
                    ox if with_oxigraph else None,
                    args.repeat,
                    count=mode != "warm",
                    cached=mode == "warm",
                )
                res.lat[mode] = p
                if o:  # oxigraph's first requests are its first ever
                    res.lat["oxigraph"] = o
                res.servers[mode] = {
                    "load": srv.ready_s,
                    "all": srv.all_ready_s,
                    "rss": srv.rss(),
                    "peak": srv.peak_rss(),
                }
                for t in p.values():
                    if t.errors:
                        print(f"   ERRORS on plankg {mode}; its log ends:\n{srv.log_tail()}")
                        break
        res.servers["oxigraph"].update(rss=ox.rss(), peak=ox.peak_rss())
    rdflib(res, store, work, args, prev)
    shutil.rmtree(work, ignore_errors=True)  # the next size needs the room
    return res


def rdflib(
    res: Result, store: Path, work: Path, args: argparse.Namespace, prev: Result | None
) -> None:
    limit = args.rdflib_load_timeout
    if prev is not None and prev.quads > 0 and not math.isnan(prev.rdflib_load_s):
        projected = prev.rdflib_load_s * res.quads / prev.quads
        if projected > limit:
            res.rdflib = (
                f"not attempted: its load would take ~{projected:.0f} s > {limit:.0f} s "
                f"({prev.rdflib_load_s:.0f} s for {prev.quads} quads at {prev.size} plans)"
            )
            return
    dump = work / "dump.nq"
    subprocess.run(
        [str(BIN / "plankg"), "export", "--store", str(store), "--format", "nq",
         "--output", str(dump)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    case = Case("lead-agencies", "lead-agencies", {})
    path = "/?" + urllib.parse.urlencode({"query": resolve(case.name).bound(case.params)})
    cmd = [sys.executable, "-c", RDFLIB_APP, str(dump), str(port)]
    ask = "/?" + urllib.parse.urlencode({"query": "ASK {}"})
    print("   rdflib", flush=True)
    try:
        with serving(
            "rdflib", cmd, port, ask, work / "rdflib.log", limit=args.rdflib_load_timeout
        ) as srv:
            res.rdflib_load_s = srv.ready_s
            first = request(port, path, timeout=args.rdflib_timeout)
            if first.status != 200:
                res.rdflib = f"did not finish within {args.rdflib_timeout:.0f} s"
                return
            t = Timing(first)
            for _ in range(repeats(first.seconds, 5)):
                t.add(request(port, path, timeout=args.rdflib_timeout))
            res.rdflib_s = t.p50
            res.rdflib = (
                f"loaded in {srv.ready_s:.1f} s, RSS {srv.rss() / 1e9:.2f} GB; lead-agencies "
                f"first {1000 * first.seconds:.0f} ms, p50 {1000 * t.p50:.0f} ms "
                f"({rows(first.body)} rows)"
            )
    except RuntimeError as exc:
        res.rdflib = f"did not load within {args.rdflib_load_timeout:.0f} s ({exc})"


# --- reporting -------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{1000 * seconds:.1f}"


def report(res: Result) -> None:
    ing = res.ing
    print(f"\n=== {res.size} plans ({ing.stored} stored, {ing.failed} refused), {res.quads} quads")
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in ing.stages.items())
    print(
        f"ingest --jobs 2: {stages} (parse/map/validate summed over workers); wall {ing.wall:.2f}s"
    )
    print(
        f"store on disk {ing.store_bytes / 1e6:.1f} MB; ingest peak RSS "
        f"{ing.peak_one / 1e6:.0f} MB (largest process), {ing.peak_tree / 1e6:.0f} MB "
        "(process tree, sampled)"
    )
    for name, s in res.servers.items():
        extra = f", all workers {s['all']:.1f} s" if "all" in s else ""
        print(
            f"{name:<9} ready in {s['load']:.1f} s{extra}; RSS {s.get('rss', 0) / 1e6:.0f} MB "
            f"after the queries (peak {s.get('peak', 0) / 1e6:.0f} MB)"
        )
    print(
        f"{'query (ms)':<30} {'rows':>7} {'MB':>6} | {'ox 1st':>8} {'ox p50':>8} | "
        f"{'mem 1st':>8} {'mem p50':>8} | {'warm 1st':>8} {'warm p50':>8} {'hits':>5} | "
        f"{'disk 1st':>8} {'disk p50':>8} | {'mem/ox':>6} {'warm/ox':>7} {'disk/ox':>7}"
    )
    ox, mem, warm, disk = (res.lat[k] for k in ("oxigraph", "memory", "warm", "disk"))
    for label in mem:
        o, m, w, d = ox[label], mem[label], warm[label], disk[label]
        hits = f"{w.caches.count('hit')}/{len(w.caches)}"
        n_rows = o.first.rows
        p_rows = {k: t.first.rows for k, t in (("memory", m), ("disk", d))}
        odd = {k: n for k, n in p_rows.items() if n != n_rows}
        row_note = f" (plankg rows {odd})" if odd else ""
        print(
            f"{label:<30} {n_rows:>7} {o.first.size / 1e6:>6.2f} | "
            f"{ms(o.first.seconds):>8} {ms(o.p50):>8} | {ms(m.first.seconds):>8} {ms(m.p50):>8} | "
            f"{ms(w.first.seconds):>8} {ms(w.p50):>8} {hits:>5} | "
            f"{ms(d.first.seconds):>8} {ms(d.p50):>8} | {m.p50 / o.p50:>5.2f}x "
            f"{w.p50 / o.p50:>6.3f}x {d.p50 / o.p50:>6.2f}x{row_note}"
        )
        runs = {"oxigraph": o, "memory": m, "warm": w, "disk": d}
        over = [k for k, t in runs.items() if k != "oxigraph" and t.p50 > DEFAULT_LIMIT_S]
        if over:
            print(
                f"   over the default {DEFAULT_LIMIT_S:.0f} s query limit (503 as shipped): {over}"
            )
        if any(t.errors for t in runs.values()):
            errors = {k: (t.errors, t.first.status) for k, t in runs.items()}
            print(f"   ERRORS (count, first status): {errors}")
    print(f"rdflib (flagship, in memory): {res.rdflib}")


def _kind(ratio: float, plans: float) -> str:
    if ratio <= 0 or math.isnan(ratio):
        return "n/a"
    e = math.log(ratio) / math.log(plans)
    if e < 0.2:
        return f"flat, exponent {e:.2f}"
    if e < 0.8:
        return f"sublinear, exponent {e:.2f}"
    if e <= 1.2:
        return f"linear, exponent {e:.2f}"
    return f"superlinear, exponent {e:.2f}"


def growth(results: list[Result]) -> None:
    if len(results) < 2:
        return
    figures: dict[str, list[float]] = {
        "quads": [float(r.quads) for r in results],
        "ingest wall": [r.ing.wall for r in results],
        **{
            f"ingest {k}": [r.ing.stages.get(k, math.nan) for r in results]
            for k in results[0].ing.stages
        },
        "store on disk": [float(r.ing.store_bytes) for r in results],
        "ingest peak RSS (process)": [float(r.ing.peak_one) for r in results],
        "ingest peak RSS (tree)": [float(r.ing.peak_tree) for r in results],
        "load, plankg memory": [r.servers["memory"]["all"] for r in results],
        "load, plankg disk": [r.servers["disk"]["all"] for r in results],
        "RSS plankg memory": [r.servers["memory"]["rss"] for r in results],
        "RSS plankg disk": [r.servers["disk"]["rss"] for r in results],
        "RSS oxigraph": [r.servers["oxigraph"]["rss"] for r in results],
        "rdflib lead-agencies p50": [r.rdflib_s for r in results],
    }
    for mode, name in (("oxigraph", "oxigraph"), ("memory", "plankg memory"),
                       ("warm", "plankg warm"), ("disk", "plankg disk")):  # fmt: skip
        for i, label in enumerate(results[0].lat["memory"]):
            # the city rows name different cities at 5 plans: compare by position
            figures[f"p50 {name}: {label.split(' ')[0]}{' city' if 'city' in label else ''}"] = [
                list(r.lat[mode].values())[i].p50 for r in results
            ]
    print("\n=== growth with the corpus")
    for fig, values in figures.items():
        parts = []
        for (a, va), (b, vb) in pairwise(zip(results, values, strict=True)):
            plans = b.size / a.size
            ratio = vb / va if va and not math.isnan(va) and not math.isnan(vb) else math.nan
            parts.append(
                f"{a.size}→{b.size} ×{plans:.1f} plans → ×{ratio:.2f} ({_kind(ratio, plans)})"
            )
        print(f"{fig}: " + "; ".join(parts))
    print(f"\n=== plankg p50 / oxigraph p50 (goal <= {GOAL}x)")
    for r in results:
        ox = r.lat["oxigraph"]
        for label, m in r.lat["memory"].items():
            o = ox[label].p50
            w = r.lat["warm"][label].p50
            d = r.lat["disk"][label].p50 / o
            verdict = "meets" if m.p50 / o <= GOAL else "misses"
            print(
                f"{r.size:>5} plans  {label:<30} cold(memory) {m.p50 / o:5.2f}x ({verdict})  "
                f"warm {w / o:6.3f}x ({'meets' if w / o <= GOAL else 'misses'})  "
                f"disk {d:5.2f}x"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,500,3000", help="comma-separated plan counts")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="bench/corpus.py folder (made if missing)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=11, help="requests per query and server")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument("--rdflib-load-timeout", type=float, default=240.0)
    parser.add_argument("--tmp", type=Path, help="where stores go (default: a temporary dir)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    load1, load5, load15 = os.getloadavg()
    print(
        f"plankg scale benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"load average {load1:.2f} {load5:.2f} {load15:.2f}"
    )
    print(
        f"named queries as {ACCEPT}; plankg with {PLANKG_ENV}; p50 = median of "
        f"{args.repeat} requests (5 when the first took > 0.5 s; over {SLOW_S:.0f} s, 3 in all "
        f"counting the first, over {VERY_SLOW_S:.0f} s 2), "
        "plankg and oxigraph interleaved; ms"
    )
    print(
        "columns: ox = oxigraph serve-read-only; mem = plankg serve from memory, cache off; "
        "disk = from disk, cache off; warm = from disk, cache on (1st: a miss; p50: the "
        "repeats, hits unless the answer is over the cache budget); x/ox = ratio of p50s"
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp_name:
        tmp = Path(tmp_name)
        corpus = args.corpus
        if max(sizes) > 5 and not (corpus / "manifest.jsonl").exists():
            corpus = tmp / "corpus"
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(max(sizes)),
                 "--out", str(corpus), "--seed", str(args.seed)],
                check=True, capture_output=True,
            )  # fmt: skip
        results: list[Result] = []
        for size in sizes:
            res = run_size(size, corpus, tmp, args, results[-1] if results else None)
            report(res)
            results.append(res)
            sys.stdout.flush()
    growth(results)
    load1, load5, load15 = os.getloadavg()
    print(
        f"\ntotal {time.perf_counter() - started:.0f} s; load average at the end "
        f"{load1:.2f} {load5:.2f} {load15:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
