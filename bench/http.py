"""HTTP benchmark: the lead-agencies named query through plankg (as deployed, with its
answer cache, and with the cache off: plankg-nc), against `oxigraph serve`
answering the same SPARQL on the same data, and an rdflib in-memory endpoint
(rdflib-endpoint), all started by this script on 127.0.0.1 in the same run.

    python bench/http.py [--plans 500] [--requests 200] [--rounds 3] [--rdflib-timeout 60]

Prints latency p50/p99 (ms) and throughput (requests/s) at concurrency 1 and 8, and the
ratios plankg / oxigraph (goals: p50 at most 1.5x, throughput at least 60%).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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
RDFLIB_APP = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
uvicorn.run(SparqlEndpoint(graph=ds), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def get(port: int, path: str, timeout: float = 120) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": ACCEPT})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@contextmanager
def server(
    args: list[str], port: int, probe: str, env: dict[str, str] | None = None
) -> Iterator[None]:
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{args[0]} exited with {proc.returncode}")
            try:
                if get(port, probe, timeout=5)[0] < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{args[0]} did not start")
            time.sleep(0.3)
        yield
    finally:
        stop(proc)


def load(port: int, path: str, concurrency: int, requests: int) -> dict[str, float]:
    """`requests` GETs spread over `concurrency` keep-alive connections."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_worker = max(1, requests // concurrency)

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        mine: list[float] = []
        bad = 0
        for _ in range(per_worker):
            start = time.perf_counter()
            conn.request("GET", path, headers={"Accept": ACCEPT})
            r = conn.getresponse()
            r.read()
            mine.append(time.perf_counter() - start)
            bad += r.status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "p50": 1000 * statistics.median(latencies),
        "p99": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "rps": len(latencies) / elapsed,
        "errors": float(errors),
    }


def run_cli(*args: str, check: bool = True) -> None:
    subprocess.run([str(BIN / "plankg"), *args], cwd=ROOT, check=check, capture_output=True)


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def _print(name: str, label: str, c: int, r: dict[str, float]) -> None:
    print(
        f"{name:<8} {label:<9} c={c}  p50 {r['p50']:8.2f} ms  p99 {r['p99']:8.2f} ms  "
        f"{r['rps']:8.1f} req/s  errors {int(r['errors'])}"
    )


def bench_dataset(name: str, store: Path, tmp: Path, args: argparse.Namespace) -> None:
    """plankg and oxigraph run side by side and are measured in alternating rounds (the
    machine's noise hits both alike); the medians of the rounds are reported. rdflib
    runs on its own afterwards, fewer requests when it is slow."""
    sparql = resolve("lead-agencies").bound({"topic": "VOCs"})
    q = "?" + urllib.parse.urlencode({"query": sparql})
    p_port, n_port, o_port, r_port = free_port(), free_port(), free_port(), free_port()
    ox_store = tmp / f"{name}-oxigraph"
    shutil.copytree(store, ox_store)
    named = "/queries/lead-agencies?topic=VOCs"
    serve = [str(BIN / "plankg"), "serve", "--store", str(store), "--port"]
    # label: (command, port, path, readiness probe, environment)
    targets: dict[str, tuple[list[str], int, str, str, dict[str, str] | None]] = {
        # as deployed: the named query's answer cached after the first request
        "plankg": ([*serve, str(p_port)], p_port, named, "/readyz", None),
        # every request runs the query in a worker: the service's own overhead
        "plankg-nc": (
            [*serve, str(n_port)], n_port, named, "/readyz", {"PLANKG_CACHE_BYTES": "0"}
        ),
        "oxigraph": (
            [str(BIN / "oxigraph"), "serve-read-only", "--location", str(ox_store),
             "--bind", f"127.0.0.1:{o_port}", "--union-default-graph"],
            o_port, "/query" + q, "/query?query=ASK%7B%7D", None,
        ),
    }  # fmt: skip
    runs: dict[str, dict[int, list[dict[str, float]]]] = {t: {1: [], 8: []} for t in targets}
    with ExitStack() as running:
        for cmd, port, _, probe, env in targets.values():
            running.enter_context(server(cmd, port, probe, env))
        for label, (_, port, path, _, _) in targets.items():
            assert get(port, path)[0] == 200, label
            load(port, path, 1, 50)  # warm up
        for round_ in range(args.rounds):
            order = list(targets) if round_ % 2 == 0 else list(reversed(targets))
            for c in (1, 8):
                for label in order:
                    _, port, path, _, _ = targets[label]
                    runs[label][c].append(load(port, path, c, args.requests))
    results = {label: {c: _median_run(r) for c, r in by_c.items()} for label, by_c in runs.items()}
    for label in results:
        for c in (1, 8):
            _print(name, label, c, results[label][c])

    dump = tmp / f"{name}.nq"
    run_cli("export", "--store", str(store), "--format", "nq", "--output", str(dump))
    rdflib_cmd = [sys.executable, "-c", RDFLIB_APP, str(dump), str(r_port)]
    with server(rdflib_cmd, r_port, "/?query=ASK%7B%7D"):
        start = time.perf_counter()
        try:
            status, _ = get(r_port, "/" + q, timeout=args.rdflib_timeout)
        except (TimeoutError, OSError):
            status = -1
        first = time.perf_counter() - start
        if status != 200:
            print(f"{name:<8} rdflib    did not answer within {args.rdflib_timeout:.0f} s")
        else:
            n = args.requests if first < 0.2 else max(8, int(10 / max(first, 1e-3)))
            results["rdflib"] = {c: load(r_port, "/" + q, c, n) for c in (1, 8)}
            for c in (1, 8):
                _print(name, "rdflib", c, results["rdflib"][c])
    for label in ("plankg", "plankg-nc"):
        for c in (1, 8):
            p, o = results[label][c], results["oxigraph"][c]
            print(
                f"{name:<8} c={c}: {label}/oxigraph p50 {p['p50'] / o['p50']:.2f}x "
                f"(goal <= 1.5x), throughput {100 * p['rps'] / o['rps']:.0f}% (goal >= 60%)"
            )
    if "rdflib" in results:
        for c in (1, 8):
            r, p = results["rdflib"][c], results["plankg"][c]
            print(
                f"{name:<8} c={c}: rdflib/plankg p50 {r['p50'] / p['p50']:.0f}x, "
                f"throughput plankg/rdflib {p['rps'] / r['rps']:.0f}x"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200, help="per load run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bundled = tmp / "bundled"
        run_cli("ingest", str(ROOT / "data" / "plans"), "--store", str(bundled))
        corpus = tmp / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(args.plans),
             "--out", str(corpus), "--seed", "7"],
            check=True, capture_output=True,
        )  # fmt: skip
        large = tmp / "large"
        # A generated plan whose place is genuinely ambiguous is refused: exit 1 is expected.
        run_cli("ingest", str(corpus), "--store", str(large), check=False)
        print(f"lead-agencies (topic=VOCs), {args.requests} requests per level")
        bench_dataset("bundled", bundled, tmp, args)
        bench_dataset(f"{args.plans}", large, tmp, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
