"""Who gets a lane's next free worker, and who is refused: plain asyncio, no processes.

- A client (`current_client`, set per request by api.admission's middleware) with
  `client_limit` requests already running or waiting in the lane is refused with 429.
- A request that finds no idle worker while `max_queue` others wait is refused with 503.
- Waiting requests are served one client after another (round robin), each client's in
  the order they came, so one client's burst does not push the others back.
- A refusal says when to come back (Retry-After): when the nearest deadline of the
  running work (the client's own, for a 429) will have freed a worker.

The workers are whatever the lane hands in (`W`): processes in a lane, fakes in tests.
"""

from __future__ import annotations

import asyncio
import contextvars
import math
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from workers.errors import Rejected
from workers.stats import LaneStats

W = TypeVar("W")

# The client a request comes from; work started outside a request (the cache's
# generation check) has none, and no per-client share.
current_client: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "plankg_client", default=None
)


class Admission(Generic[W]):
    def __init__(
        self,
        name: str,
        max_queue: int = 64,
        client_limit: int = 0,  # 0: no per-client share
        stats: LaneStats | None = None,
    ) -> None:
        self.name = name
        self.max_queue = max(0, max_queue)
        self.client_limit = max(0, client_limit)
        self.stats = stats if stats is not None else LaneStats()
        self._idle: list[W] = []
        self._waiting: OrderedDict[str | None, deque[asyncio.Future[W]]] = OrderedDict()
        self._inflight: dict[str | None, int] = {}
        self._running: dict[W, tuple[str | None, float]] = {}  # -> client, deadline

    @property
    def idle(self) -> int:
        return len(self._idle)

    @property
    def busy(self) -> int:
        return len(self._running)

    @property
    def queued(self) -> int:
        return sum(len(q) for q in self._waiting.values())

    # --- admission ----------------------------------------------------------------------

    @contextmanager
    def admitted(self, client: str | None) -> Iterator[None]:
        """Count the request as the client's while it runs or waits; Rejected first when
        the client has its share already or the queue is full."""
        limit = self.client_limit
        if client is not None and limit and self._inflight.get(client, 0) >= limit:
            self.stats.rejected_client += 1
            raise Rejected(
                429,
                f"too many concurrent requests from this client: at most {limit} at a "
                f"time may run or wait in the {self.name} lane",
                self.retry_after(client),
            )
        if not self._idle and self.queued >= self.max_queue:
            self.stats.rejected_queue += 1
            raise Rejected(
                503,
                f"the service is busy: {self.queued} requests are already waiting for "
                f"a {self.name} query worker",
                self.retry_after(),
            )
        self._inflight[client] = self._inflight.get(client, 0) + 1
        try:
            yield
        finally:
            left = self._inflight[client] - 1
            if left:
                self._inflight[client] = left
            else:
                del self._inflight[client]

    def retry_after(self, client: str | None = None) -> int:
        """Seconds until a worker should be free: the nearest deadline of the running
        work (of `client`'s own, when given), at least 1."""
        now = asyncio.get_running_loop().time()
        deadlines = [d for c, d in self._running.values() if client is None or c == client]
        if not deadlines:
            return 1
        return max(1, math.ceil(min(deadlines) - now))

    # --- workers --------------------------------------------------------------------------

    async def acquire(self, client: str | None, timeout: float) -> W:
        """A free worker, now or when it is this client's turn; TimeoutError after
        `timeout` seconds of waiting."""
        if self._idle:
            return self._idle.pop()
        future: asyncio.Future[W] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(future)
        try:
            async with asyncio.timeout(timeout):
                return await future
        except BaseException:
            waiters = self._waiting.get(client)
            if waiters is not None and future in waiters:
                waiters.remove(future)
                if not waiters:
                    del self._waiting[client]
            if future.done() and not future.cancelled():
                self.release(future.result())  # handed over as we gave up: pass it on
            raise

    def release(self, worker: W) -> None:
        """Hand a free worker to the next waiting client in turn, else keep it idle."""
        while self._waiting:
            client, waiters = next(iter(self._waiting.items()))
            future = waiters.popleft()
            if waiters:
                self._waiting.move_to_end(client)  # its next request waits its turn
            else:
                del self._waiting[client]
            if not future.done():
                future.set_result(worker)
                return
        self._idle.append(worker)

    def discard(self, worker: W) -> bool:
        """Forget an idle worker (it died); False when it is not idle here."""
        if worker in self._idle:
            self._idle.remove(worker)
            return True
        return False

    def running(self, worker: W, client: str | None, deadline: float) -> None:
        """The worker runs the client's work until `deadline` (the loop's clock)."""
        self._running[worker] = (client, deadline)

    def finished(self, worker: W) -> None:
        self._running.pop(worker, None)

    def close(self) -> None:
        """Cancel every waiting request and forget the idle workers."""
        for waiters in self._waiting.values():
            for future in waiters:
                future.cancel()
        self._waiting.clear()
        self._idle.clear()
