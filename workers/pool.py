"""A lane's worker processes: `size` of them started, each handed on once it has opened
the store, and replaced when it is killed or dies.

Opening can take long (a large store copied into memory), so a new worker comes up in
the background; a worker that cannot start is retried a second later. Every process is
watched until it exits (and reaped then): one of the pool that exits unasked is reported
(`on_exit`), so the lane can drop it before a request meets it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from workers.errors import WorkerFailed
from workers.process import WorkerProcess
from workers.worker import WorkerConfig

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 900.0  # seconds for a new worker to open (or copy into memory) the store
RETRY_SECONDS = 1.0
CLOSE_SECONDS = 10.0  # to wait for the killed workers to exit when the pool closes


class Pool:
    def __init__(
        self,
        config: WorkerConfig,
        size: int,
        on_ready: Callable[[WorkerProcess], None],
        on_exit: Callable[[WorkerProcess], None],
    ) -> None:
        self.config = config
        self.size = max(1, size)
        self.on_ready = on_ready  # a worker is up: the lane may give it work
        self.on_exit = on_exit  # a worker of the pool exited unasked
        self.starting = 0  # spawned, not yet ready
        self._workers: set[WorkerProcess] = set()  # ready, not replaced
        self._watched: dict[WorkerProcess, asyncio.Task[None]] = {}  # every process not reaped
        self._bringing_up: set[asyncio.Task[None]] = set()
        self._closed = False

    def start(self) -> None:
        for _ in range(self.size):
            self._spawn()

    def replace(self, worker: WorkerProcess) -> None:
        """Kill a worker (it may be running a task) and start another in its place; a
        worker already replaced is left alone."""
        if worker not in self._workers:
            return
        self._workers.discard(worker)
        worker.kill()
        self._spawn()

    def _spawn(self) -> None:
        if self._closed:
            return
        self.starting += 1  # counted from now: /readyz shows the lane recovering
        task = asyncio.get_running_loop().create_task(self._bring_up())
        self._bringing_up.add(task)
        task.add_done_callback(self._bringing_up.discard)

    async def _bring_up(self) -> None:
        worker: WorkerProcess | None = None
        try:
            worker = await WorkerProcess.start(self.config)
            self._watch(worker)
            async with asyncio.timeout(STARTUP_TIMEOUT):
                failure = await worker.ready()
        except (TimeoutError, EOFError, OSError, WorkerFailed) as exc:
            log.warning("a query worker failed to start (%s); retrying", exc or type(exc).__name__)
            if worker is not None:
                worker.kill()
            await asyncio.sleep(RETRY_SECONDS)
            self._spawn()
            return
        finally:
            self.starting -= 1
        if failure:
            log.error("query worker cannot open the store: %s", failure)
        self._workers.add(worker)
        self.on_ready(worker)

    def _watch(self, worker: WorkerProcess) -> None:
        async def watch() -> None:
            await worker.wait()
            del self._watched[worker]
            if worker in self._workers and not self._closed:
                self.on_exit(worker)

        self._watched[worker] = asyncio.get_running_loop().create_task(watch())

    async def close(self) -> None:
        """Stop starting workers, kill every one, and wait until they have exited."""
        self._closed = True
        for task in list(self._bringing_up):
            task.cancel()
        await asyncio.gather(*self._bringing_up, return_exceptions=True)
        self._workers.clear()
        for worker in list(self._watched):
            worker.kill()
        watchers = list(self._watched.values())
        if watchers:
            await asyncio.wait(watchers, timeout=CLOSE_SECONDS)
