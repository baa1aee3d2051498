"""The lanes' interface with the tasks run in threads of this process, on one store
opened here: for tests and the command line, where a worker process is not what is
tested or wanted.

Nothing is killed at the deadline. pyoxigraph cannot stop a query, so past `timeout` the
caller gets QueryTimeout while the thread runs on to its end, holding its memory and a
CPU; and there is no memory limit. Only the worker processes of workers.lane give those
guarantees. Tasks must be registered as for a lane, so what runs here runs in a worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Concatenate, TypeVar

from plankg.backends import QueryStore, StoreSpec
from workers.errors import QueryTimeout, StoreUnavailable
from workers.registry import Registry
from workers.stats import LaneStats
from workers.worker import open_store

T = TypeVar("T")


class InProcessExecutor:
    def __init__(
        self, spec: StoreSpec, tasks: Registry, workers: int = 1, name: str = "in-process"
    ) -> None:
        self.spec = spec
        self.tasks = tasks
        self.name = name
        self.stats = LaneStats()
        self._size = max(1, workers)
        self._slots = asyncio.Semaphore(self._size)  # tasks running at once
        self._store: QueryStore | None = None
        self._failure = ""
        self._busy = 0
        self._queued = 0
        self._started = False

    @property
    def size(self) -> int:
        return self._size

    @property
    def busy(self) -> int:
        return self._busy

    @property
    def idle(self) -> int:
        return self._size - self._busy if self._started else 0

    @property
    def queued(self) -> int:
        return self._queued

    def state(self) -> dict[str, int]:
        return {
            "workers": self.size,
            "busy": self.busy,
            "idle": self.idle,
            "starting": 0 if self._started else self.size,
            "queued": self.queued,
            "queue_limit": 0,
        }

    async def start(self) -> None:
        """Open the store as a worker does (in a thread: a copy into memory takes a while)."""
        if not self._started:
            self._store, self._failure = await asyncio.to_thread(open_store, self.spec)
            self._started = True

    async def run(
        self, fn: Callable[Concatenate[QueryStore, ...], T], *args: Any, timeout: float
    ) -> T:
        """`fn(store, *args)` in a thread; QueryTimeout past `timeout` seconds (the thread
        is not stopped), StoreUnavailable when the store did not open, UnknownTask when
        `fn` is not a registered task."""
        self.tasks.name(fn)
        await self.start()
        store = self._store
        if store is None:
            raise StoreUnavailable(self._failure)
        try:
            async with asyncio.timeout(timeout):
                self._queued += 1
                try:
                    await self._slots.acquire()
                finally:
                    self._queued -= 1
                self._busy += 1
                try:
                    result = await asyncio.to_thread(fn, store, *args)
                finally:
                    self._busy -= 1
                    self._slots.release()
        except TimeoutError:
            self.stats.killed += 1
            raise QueryTimeout(timeout) from None
        self.stats.completed += 1
        return result

    async def close(self) -> None:
        self._store = None
        self._started = False
