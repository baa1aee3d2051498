"""Ingestion benchmark: plans/s end to end (SHACL included) and time per stage.

Runs on one core: the process (with the store's background threads) is pinned to one
CPU unless --all-cores is given. Corpora: the five bundled plans, and generated corpora
(bench/corpus.py) of half and full size, so growth with corpus size shows as a ratio.
Baseline, measured in the same run: bulk-loading the same N-Triples into a fresh
Oxigraph store, the floor any ingest pays for storage.

With --jobs N (N > 1) parsing, mapping and validation run in N worker processes (as
`plankg ingest --jobs N`) and nothing is pinned; parse/map/validate are then worker
time summed over the workers, `total` is wall clock.

    python bench/ingest.py [--plans 500] [--repeat 3] [--seed 7] [--jobs 1] [--corpus DIR]
    python bench/ingest.py --plans 3000 --jobs 2 --repeat 1 --full-only
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A script's own folder is sys.path[0], and bench/http.py there would shadow the standard
# library's http package (urllib, rdflib and uvicorn import it): the project root instead.
sys.path[0] = str(ROOT)

import pyoxigraph as ox  # noqa: E402

from ingest.parallel import prepare_all  # noqa: E402
from ingest.pipeline import FIRST_LOAD_BATCH, STAGES, Source, plan_files, store_all  # noqa: E402
from plankg.dataset import load_reference_graphs  # noqa: E402
from plankg.store import EmbeddedStore  # noqa: E402

BASE = "https://w3id.org/plankg/"


BATCH = FIRST_LOAD_BATCH  # as `plankg ingest` into an empty store


FLOOR = True  # measure the bulk-load floor after each run (--no-floor: skip, saves time)


def run(files: list[Source], batch: int = BATCH, jobs: int = 1) -> dict[str, float]:
    """Ingest `files` into a fresh on-disk store; seconds per stage, total, failures."""
    stages = dict.fromkeys(STAGES, 0.0)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        load_reference_graphs(store, BASE)
        start = time.perf_counter()
        for outcome in store_all(prepare_all(files, BASE, jobs), store, batch):
            for stage, seconds in outcome.timings.items():
                stages[stage] += seconds
            if not outcome.ok:
                failed += 1
        store.flush()
        total = time.perf_counter() - start
        floor = float("nan")
        if FLOOR:
            ntriples = [store_graph_nt(store, g) for g in store.graphs() if "/id/plan/" in g]
            floor = _bulk_load_floor(ntriples, Path(tmp) / "floor")
        del store  # closed before its folder goes: compaction may still be writing there
    return {**stages, "total": total, "failed": float(failed), "floor": floor}


def store_graph_nt(store: EmbeddedStore, graph: str) -> str:
    triples = store.triples_of(graph)
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def _bulk_load_floor(ntriples: list[str], path: Path) -> float:
    store = ox.Store(str(path))
    data = "\n".join(ntriples).encode("utf-8")
    start = time.perf_counter()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(BASE + "floor"))
    store.flush()
    return time.perf_counter() - start


def median_runs(
    corpora: list[list[Source]], repeat: int, batch: int, jobs: int = 1
) -> list[dict[str, float]]:
    """Medians per corpus; runs interleave across corpora so machine noise hits all alike."""
    runs: list[list[dict[str, float]]] = [[] for _ in corpora]
    for _ in range(repeat):
        for i, files in enumerate(corpora):
            runs[i].append(run(files, batch, jobs))
    return [{key: statistics.median(r[key] for r in rs) for key in rs[0]} for rs in runs]


def report(name: str, count: int, r: dict[str, float]) -> None:
    per_plan_ms = {k: 1000 * r[k] / count for k in (*STAGES, "total")}
    print(
        f"{name:<14} {count:>5} plans  {count / r['total']:7.1f} plans/s  "
        + "  ".join(f"{k} {per_plan_ms[k]:6.1f}" for k in STAGES)
        + f"  total {per_plan_ms['total']:6.1f} ms/plan  failed {int(r['failed'])}"
        + f"  store floor {1000 * r['floor'] / count:5.2f} ms/plan"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--all-cores", action="store_true", help="do not pin to one CPU")
    parser.add_argument("--batch", type=int, default=BATCH, help="plans per store batch")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (> 1: unpinned)")
    parser.add_argument("--corpus", type=Path, help="an existing generated corpus folder")
    parser.add_argument(
        "--full-only", action="store_true", help="only the full corpus (no bundled, no half)"
    )
    parser.add_argument("--no-floor", action="store_true", help="skip the bulk-load floor")
    args = parser.parse_args()
    global FLOOR
    FLOOR = not args.no_floor
    if args.jobs <= 1 and not args.all_cores and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})  # threads started later (RocksDB, loader) inherit it
        print(f"pinned to CPU {cpu}")

    bundled = list(plan_files([ROOT / "data" / "plans"]))
    with tempfile.TemporaryDirectory() as tmp:
        out = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(args.plans),
                 "--out", str(out), "--seed", str(args.seed)],
                check=True,
            )  # fmt: skip
        corpus = sorted(p for p in out.iterdir() if p.suffix == ".txt")[: args.plans]
        half = corpus[::2]  # every other file: the same mix of plan shapes as the whole
        run(bundled[:1])  # warm caches (vocabularies, shapes, gazetteer) outside the timing

        print(
            f"ms per plan, medians of {args.repeat} interleaved runs; store batches of "
            f"{args.batch}; jobs {args.jobs}"
            + (" (parse/map/validate: worker time summed)" if args.jobs > 1 else "")
        )
        if args.full_only:
            (full,) = median_runs([corpus], args.repeat, args.batch, args.jobs)
            report("corpus full", len(corpus), full)
            print(f"wall clock {full['total']:.1f} s for {len(corpus)} plans")
        else:
            small, mid, full = median_runs(
                [bundled, half, corpus], args.repeat, args.batch, args.jobs
            )
            report("bundled", len(bundled), small)
            report("corpus half", len(half), mid)
            report("corpus full", len(corpus), full)

    rate = len(corpus) / full["total"]
    print(f"end to end: {rate:.1f} plans/s on {len(corpus)} plans (goal >= 20 plans/s)")
    if not args.full_only:
        growth = (full["total"] / len(corpus)) / (mid["total"] / len(half))
        print(
            f"growth: time per plan at {len(corpus)} / at {len(half)} plans = {growth:.2f} "
            "(1.00 = linear)"
        )
    print(
        f"ingest / store floor (bulk load of the same triples): "
        f"{full['total'] / full['floor']:.0f}x"
    )
    shares = {k: full[k] / full["total"] for k in STAGES}
    print("share of time: " + ", ".join(f"{k} {100 * v:.0f}%" for k, v in shares.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
