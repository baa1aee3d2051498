"""A lane: a pool of worker processes on one store, with admission, deadlines and
counters. What the service runs its queries on (api.deps makes two).

`run(fn, *args, timeout=…)` sends the task to a free worker and waits for its answer
without blocking the event loop. When the deadline passes, the worker is killed
(SIGKILL: pyoxigraph cannot cancel a query), a fresh one is started in its place, and
the caller gets QueryTimeout; work on the other workers goes on meanwhile. A request
that must wait for a free worker waits within the same deadline.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, Concatenate, TypeVar

from plankg.backends import QueryStore, StoreSpec
from workers import transport
from workers.admission import Admission, current_client
from workers.errors import QueryOutOfMemory, QueryTimeout, Rejected, WorkerFailed
from workers.pool import Pool
from workers.process import Reply, WorkerProcess
from workers.registry import Registry
from workers.stats import LaneStats, work_timing
from workers.worker import WorkerConfig

T = TypeVar("T")


class Lane:
    """`workers` processes on the store `spec` names (opened read-only) serving the
    tasks of `tasks`, admitted as workers.admission says."""

    def __init__(
        self,
        spec: StoreSpec,
        tasks: Registry,
        workers: int = 2,
        name: str = "named",
        max_queue: int = 64,
        client_limit: int = 0,  # 0: no per-client share
        niceness: int = 0,  # CPU priority of the workers, lowered by this much
        reject_delay: float = 0.0,  # seconds a 429 is held back (at most its Retry-After)
        memory_limit: int = 0,  # bytes a task may add to a ready worker's memory; 0: any
    ) -> None:
        self.name = name
        self.tasks = tasks
        self.memory_limit = max(0, memory_limit)
        self.reject_delay = max(0.0, reject_delay)
        self.stats = LaneStats()
        self.admission: Admission[WorkerProcess] = Admission(
            name, max_queue, client_limit, self.stats
        )
        config = WorkerConfig(spec, tasks.module, niceness, self.memory_limit)
        self.pool = Pool(config, workers, self.admission.release, self._exited)
        self._started = False

    # --- state, for /readyz and the metrics -----------------------------------------

    @property
    def size(self) -> int:
        return self.pool.size

    @property
    def busy(self) -> int:
        return self.admission.busy

    @property
    def idle(self) -> int:
        return self.admission.idle

    @property
    def queued(self) -> int:
        return self.admission.queued

    @property
    def starting(self) -> int:
        return self.pool.starting

    def state(self) -> dict[str, int]:
        return {
            "workers": self.size,
            "busy": self.busy,
            "idle": self.idle,
            "starting": self.starting,
            "queued": self.queued,
            "queue_limit": self.admission.max_queue,
        }

    # --- lifetime ---------------------------------------------------------------------

    async def start(self) -> None:
        if not self._started:
            self._started = True
            self.pool.start()

    async def close(self) -> None:
        self.admission.close()
        await self.pool.close()

    def _exited(self, worker: WorkerProcess) -> None:
        """A worker died unasked: if it was idle, it is replaced now (a busy one, by the
        request that meets its death)."""
        if self.admission.discard(worker):
            self.stats.died += 1
            self.pool.replace(worker)

    # --- running ----------------------------------------------------------------------

    async def run(
        self, fn: Callable[Concatenate[QueryStore, ...], T], *args: Any, timeout: float
    ) -> T:
        """`fn(store, *args)` in a worker; QueryTimeout when it takes more than `timeout`
        seconds (waiting for a free worker included); Rejected when admission refuses;
        UnknownTask when `fn` is not a task of the lane's registry, and pickle's errors
        for arguments that cannot be pickled, both before any worker is used."""
        task = transport.dumps((self.tasks.name(fn), args))
        await self.start()
        client = current_client.get()
        try:
            with self.admission.admitted(client):
                reply = await self._run(client, task, timeout)
        except Rejected as exc:
            if exc.status == 429 and self.reject_delay:
                # A client that ignores Retry-After and asks again at once would keep the
                # event loop busy answering 429s: each costs it this long instead.
                await asyncio.sleep(min(self.reject_delay, exc.retry_after))
            raise
        status, value = reply
        if status == "ok":
            result: T = value
            return result
        raise value

    async def _run(self, client: str | None, task: bytes, timeout: float) -> Reply:
        loop = asyncio.get_running_loop()
        asked = time.perf_counter()  # the loop's clock may tick in whole milliseconds
        deadline = loop.time() + timeout
        try:
            worker = await self.admission.acquire(client, timeout)
        except TimeoutError:
            self.stats.killed += 1
            raise QueryTimeout(timeout) from None
        self.admission.running(worker, client, deadline)
        done = False
        try:
            sent = time.perf_counter()
            reply, answered = await worker.call(task, deadline)
            work_timing.set((sent - asked, answered - sent))
            done = True
        except TimeoutError:
            self.stats.killed += 1
            raise QueryTimeout(timeout) from None
        except (EOFError, OSError, WorkerFailed) as exc:
            if self.memory_limit and await worker.exit_status(5.0) == -signal.SIGABRT:
                self.stats.out_of_memory += 1  # an allocation past the cap
                raise QueryOutOfMemory(self.memory_limit) from exc
            self.stats.died += 1
            raise WorkerFailed("the query process died") from exc
        finally:
            self.admission.finished(worker)
            if done:
                self.stats.completed += 1
                self.admission.release(worker)
            else:  # timed out, died, or the request was cancelled mid-query
                if not isinstance(sys.exc_info()[1], QueryTimeout | WorkerFailed):
                    self.stats.died += 1
                self.pool.replace(worker)
        return reply
