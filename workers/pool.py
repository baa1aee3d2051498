"""A lane's worker processes: `size` of them started, each handed on once it has opened
the store, and replaced when it is killed or dies.

Opening can take long (a large store copied into memory), so a new worker comes up in
the background; a worker that cannot start is retried a second later. Each worker's
exit is watched: one that dies while the lane has no use for it is reported
(`on_exit`), so the lane can drop it before a request meets it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from workers.errors import WorkerFailed
from workers.process import WorkerProcess
from workers.worker import WorkerConfig

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 900.0  # seconds for a new worker to open (or copy into memory) the store
RETRY_SECONDS = 1.0


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
        self.starting = 0  # started, not yet ready
        self._workers: set[WorkerProcess] = set()  # ready, not replaced
        self._background: set[asyncio.Task[None]] = set()
        self._closed = False

    def __contains__(self, worker: object) -> bool:
        return worker in self._workers

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
        if not self._closed:
            self.starting += 1  # counted from now: /readyz shows the lane recovering
            self._in_background(self._bring_up())

    def _in_background(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _bring_up(self) -> None:
        worker: WorkerProcess | None = None
        try:
            worker = await WorkerProcess.start(self.config)
            async with asyncio.timeout(STARTUP_TIMEOUT):
                failure = await worker.ready()
        except (TimeoutError, EOFError, OSError, WorkerFailed) as exc:
            log.warning("a query worker failed to start (%s); retrying", exc or type(exc).__name__)
            if worker is not None:
                worker.kill()
                self._in_background(self._reap(worker))
            await asyncio.sleep(RETRY_SECONDS)
            self._spawn()
            return
        except BaseException:  # cancelled: the lane is closing, the worker goes too
            if worker is not None:
                worker.kill()
            raise
        finally:
            self.starting -= 1
        if failure:
            log.error("query worker cannot open the store: %s", failure)
        if self._closed:
            worker.kill()
            await worker.wait()
            return
        self._workers.add(worker)
        self._in_background(self._watch(worker))
        self.on_ready(worker)

    async def _watch(self, worker: WorkerProcess) -> None:
        """Reap the worker when it exits; tell the lane if it was still one of ours."""
        await worker.wait()
        if worker in self._workers:
            self.on_exit(worker)

    async def _reap(self, worker: WorkerProcess) -> None:
        await worker.wait()

    async def close(self) -> None:
        self._closed = True
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        workers = list(self._workers)
        self._workers.clear()
        for worker in workers:
            worker.kill()
        for worker in workers:
            await worker.exit_status(10.0)
        await asyncio.gather(*tasks, return_exceptions=True)
