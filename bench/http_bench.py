"""HTTP benchmark: the lead-agencies named query through plankg, against `oxigraph serve`
answering the same SPARQL on the same data, and an rdflib in-memory endpoint
(rdflib-endpoint), all started by this script on 127.0.0.1 in the same run.

    python bench/http_bench.py [--plans 500] [--requests 200] [--rdflib-timeout 60]

Prints latency p50/p99 (ms) and throughput (requests/s) at concurrency 1 and 8, and the
ratios plankg / oxigraph (goals: p50 at most 1.5x, throughput at least 60%).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


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
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


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


def bench_dataset(name: str, store: Path, tmp: Path, args: argparse.Namespace) -> None:
    sparql = resolve("lead-agencies").bound({"topic": "VOCs"})
    q = "?" + urllib.parse.urlencode({"query": sparql})
    targets: list[tuple[str, list[str], str, str, dict[str, str] | None]] = []
    p_port, o_port, r_port = free_port(), free_port(), free_port()
    ox_store = tmp / f"{name}-oxigraph"
    shutil.copytree(store, ox_store)
    targets.append(
        ("plankg", [str(BIN / "plankg"), "serve", "--store", str(store), "--port", str(p_port)],
         "/queries/lead-agencies?topic=VOCs", "/readyz", None)
    )  # fmt: skip
    targets.append(
        ("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(ox_store),
                      "--bind", f"127.0.0.1:{o_port}", "--union-default-graph"],
         "/query" + q, "/query?query=ASK%7B%7D", None)
    )  # fmt: skip
    dump = tmp / f"{name}.nq"
    run_cli("export", "--store", str(store), "--format", "nq", "--output", str(dump))
    targets.append(
        ("rdflib", [sys.executable, "-c", RDFLIB_APP, str(dump), str(r_port)],
         "/" + q, "/?query=ASK%7B%7D", None)
    )  # fmt: skip
    ports = {"plankg": p_port, "oxigraph": o_port, "rdflib": r_port}
    results: dict[str, dict[int, dict[str, float]]] = {}
    for label, cmd, path, probe, env in targets:
        port = ports[label]
        with server(cmd, port, probe, env):
            start = time.perf_counter()
            try:
                status, _ = get(port, path, timeout=args.rdflib_timeout)
            except (TimeoutError, OSError):
                status = -1
            first = time.perf_counter() - start
            if status != 200:
                print(f"{name:<8} {label:<9} did not answer within {args.rdflib_timeout:.0f} s")
                continue
            results[label] = {}
            for c in (1, 8):
                n = args.requests if first < 1 else max(c, int(args.requests * 0.05))
                results[label][c] = load(port, path, c, n)
                r = results[label][c]
                print(
                    f"{name:<8} {label:<9} c={c}  p50 {r['p50']:8.2f} ms  p99 {r['p99']:8.2f} ms  "
                    f"{r['rps']:8.1f} req/s  errors {int(r['errors'])}"
                )
    if "plankg" in results and "oxigraph" in results:
        for c in (1, 8):
            p, o = results["plankg"][c], results["oxigraph"][c]
            print(
                f"{name:<8} c={c}: plankg/oxigraph p50 {p['p50'] / o['p50']:.2f}x (goal <= 1.5x), "
                f"throughput {100 * p['rps'] / o['rps']:.0f}% (goal >= 60%)"
            )
    if "plankg" in results and "rdflib" in results:
        c = 1
        print(
            f"{name:<8} c=1: rdflib/plankg p50 "
            f"{results['rdflib'][c]['p50'] / results['plankg'][c]['p50']:.0f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
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
