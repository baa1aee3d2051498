"""Parse, map and validate plans in worker processes; the caller stays the only writer.

Workers are spawned: never forked (the parent may already run pyoxigraph's threads), nor
started by a fork server (which their inherited pipes keep alive, so they would outlive a
killed parent). Results come back in file order, so the outcome is that of a run in one
process (a later file for the same plan still wins), with a bounded number of plans in
flight. Workers ignore Ctrl-C (the parent decides what to finish) and exit when the
parent dies (kill -9) rather than linger.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tqdm import tqdm

from ingest.pipeline import Outcome, Prepared, Source, prepare
from plankg.settings import Settings

# Plans submitted and not yet taken by the writer, per worker: bounds memory. (Letting
# the workers run further ahead during a batch's bulk load, 128 in flight, measured the
# same: 135.0 vs 135.5 s for 3,000 plans, the CPU being the limit.)
IN_FLIGHT_PER_WORKER = 4


def jobs_count(value: str) -> int:
    """`--jobs` value: a number, or 0 / "auto" for one per CPU."""
    if value == "auto":
        return os.cpu_count() or 1
    n = int(value)
    if n < 0:
        raise ValueError("--jobs takes a number >= 0 or 'auto'")
    return n or os.cpu_count() or 1


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()


def _prepare(
    path: Source, base: str, jurisdiction: str | None, settings: Settings | None
) -> Prepared:
    return prepare(path, base, jurisdiction, settings).for_transfer()


def prepare_all(
    files: Iterable[Source],
    base: str,
    jobs: int,
    jurisdiction: str | None = None,
    settings: Settings | None = None,
) -> Iterator[Prepared]:
    """`prepare` for every file, in order: in this process for jobs <= 1, else in a pool."""
    if jobs <= 1:
        for path in files:
            yield prepare(path, base, jurisdiction, settings)
        return
    todo = iter(files)
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(jobs, mp_context=spawn, initializer=_init_worker)
    window: deque[tuple[Source, Future[Prepared]]] = deque()

    def submit() -> None:
        for path in todo:
            window.append((path, pool.submit(_prepare, path, base, jurisdiction, settings)))
            return

    try:
        for _ in range(jobs * IN_FLIGHT_PER_WORKER):
            submit()
        while window:
            path, future = window.popleft()
            try:
                prepared = future.result()
            except BrokenProcessPool:
                # a worker died (out of memory, killed): this file and the rest fail
                for lost in [path, *(p for p, _ in window), *todo]:
                    yield Prepared(Outcome(str(lost), error=f"{lost}: a worker process died"))
                window.clear()
                return
            submit()
            yield prepared
    finally:
        for _, future in window:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def progress(total: int, skipped: int) -> tqdm[None]:
    """A progress bar on standard error (done/total, rate, ETA, failures) when it is a
    terminal; otherwise one that draws nothing (CI, pipes), its `write` just printing."""
    return tqdm(
        total=total,
        desc="ingest" + (f" ({skipped} unchanged, skipped)" if skipped else ""),
        unit="plan",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        dynamic_ncols=True,
    )
