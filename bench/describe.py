"""What an /id/plan page costs in a query worker, and what building the in-memory copy of
the store in a thread of its own (plankg.store.EmbeddedStore.in_memory_copy) saves.

Each variant runs in a fresh process, as a worker does: it copies the store into memory
(in its own thread as shipped, or, as the baseline, in the main thread, whose malloc arena
the copy's millions of chunks then fragment), then times, over `--plans` random plans,
reading the rows of a plan's graph into Python and a plan's whole answer in each format
(each on plans not read before; for HTML what the worker reads, api.web.evidence.read:
the description, the evidence and the plan's citation, which the server then renders),
then each step on other plans: the description queries, expansion, compaction and JSON.

    python bench/describe.py --store /tmp/pk/s3000 [--plans 60]
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: bench/http.py would shadow the standard library

BASE = "https://w3id.org/plankg/"
PLAN = "https://w3id.org/plankg/ontology#Plan"
VARIANTS = ("thread", "main")


def measure(store_path: Path, variant: str, count: int, seed: int) -> dict[str, float]:
    import pyoxigraph as ox

    from api.linked import compact, expand, json_bytes
    from api.tasks import describe_resource
    from api.web.evidence import read
    from plankg.describe import describe
    from plankg.store import EmbeddedStore

    started = time.perf_counter()
    if variant == "thread":
        store = EmbeddedStore.in_memory_copy(store_path)
    else:
        store = EmbeddedStore._copy(store_path)
    copied = time.perf_counter() - started
    found = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{PLAN}> }} }}")
    assert isinstance(found, ox.QuerySolutions)
    plans = sorted(row["g"].value for row in found)
    # each whole-page measurement on plans not read before, as a cold request would
    picked = random.Random(seed).sample(plans, min(5 * count, len(plans)))
    fresh = [picked[i * count : (i + 1) * count] for i in range(5)]
    sample = fresh[4]
    ctx = BASE + "context.jsonld"

    def p50(step: Callable[[str], object], plans: list[str] | None = None) -> float:
        times = []
        for plan in sample if plans is None else plans:
            t = time.perf_counter()
            step(plan)
            times.append(time.perf_counter() - t)
        return 1000 * statistics.median(times)

    def rows(plan: str) -> object:
        found = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{plan}> {{ ?s ?p ?o }} }}")
        assert isinstance(found, ox.QuerySolutions)
        return list(found)

    def render(fmt: str, plan: str) -> object:
        if fmt == "html":  # the worker's share: the server renders the page from it
            return read(store, plan, BASE)
        return describe_resource(store, plan, fmt, ctx, BASE)

    # the whole pages first, while this process holds no more than a worker does
    out: dict[str, float] = {"copy s": copied, "plans": len(plans)}
    out["rows of a plan's graph"] = p50(rows, fresh[0])
    for i, (label, fmt) in enumerate((("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("HTML", "html"))):
        page = p50(functools.partial(render, fmt), fresh[i + 1])
        out[f"page, {label}"] = page
    out["description queries"] = p50(lambda p: describe(store, p, BASE))
    described = {p: describe(store, p, BASE) for p in sample}
    triples = {p: d.triples for p, d in described.items() if d is not None}
    out["expand"] = p50(lambda p: expand(triples[p], first=p))
    nodes = {p: expand(t, first=p) for p, t in triples.items()}
    out["compact + JSON"] = p50(lambda p: json_bytes(compact(nodes[p], ctx, graph=False)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--plans", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variant", choices=VARIANTS, help=argparse.SUPPRESS)  # one process's
    args = ap.parse_args()
    if args.variant:
        print(json.dumps(measure(args.store, args.variant, args.plans, args.seed)))
        return 0
    results = {}
    for variant in VARIANTS:  # each in its own process: one arena's state must not leak
        out = subprocess.run(
            [sys.executable, __file__, "--store", str(args.store), "--plans", str(args.plans),
             "--seed", str(args.seed), "--variant", variant],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        results[variant] = json.loads(out.stdout.splitlines()[-1])
    thread, main_ = results["thread"], results["main"]
    print(f"store {args.store}: {thread['plans']:.0f} plans; p50 over {args.plans} plans, ms")
    print(f"{'step':<26}{'copy in a thread':>18}{'in the main thread':>20}{'ratio':>8}")
    for key in thread:
        if key == "plans":
            continue
        print(f"{key:<26}{thread[key]:>18.2f}{main_[key]:>20.2f}{thread[key] / main_[key]:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
