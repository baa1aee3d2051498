"""Queries run in worker processes that can be killed at their deadline.

pyoxigraph cannot cancel a running query, and its results must be consumed in the thread
that ran it. So every query of the service runs in one of a few long-lived worker
processes (started with the "spawn" context, never forked from a process with store
threads), each with its own read-only handle on the store (or its own client of the
remote SPARQL server). A task is a module-level
function `fn(store, *args)` that runs the query, consumes and serialises the results and
returns plain picklable values; it is sent over a pipe and its answer comes back the same
way. The event loop only waits for the pipe to become readable (an asyncio reader), and
reads a big answer as it arrives, so it is never blocked by a query.

When the deadline passes, the worker is killed (SIGKILL), a fresh one is started in its
place, and the caller gets QueryTimeout; requests on the other workers go on meanwhile.
A request that must wait for a free worker waits within the same deadline.

The service runs two such pools, its lanes (api.deps): bounded work (named queries, /id/
pages, collections) in one, ad-hoc /sparql queries in the other, so a runaway query can
only hold a worker of the second. Each lane admits work (Executor.run): a bounded queue,
served one client after another, and a per-client share of the lane (api.admission).
"""

from __future__ import annotations

import asyncio
import contextvars
import ctypes
import gc
import importlib
import logging
import math
import multiprocessing
import os
import pickle
import signal
import struct
import sys
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

import anyio

from api import logs
from plankg.backends import QueryStore, StoreSpec
from plankg.store import StoreError

log = logging.getLogger(__name__)

T = TypeVar("T")
_SIZE = struct.Struct("!Q")
_HEADER = struct.Struct("!i")  # multiprocessing.Connection's length prefix
_INLINE_BYTES = 32 * 1024  # well within a pipe's buffer (64 KiB on Linux)
STARTUP_TIMEOUT = 900.0  # seconds for a new worker to open (or copy into memory) the store


class QueryTimeout(Exception):
    """The work did not finish within its time limit; the worker was killed."""

    def __init__(self, limit: float) -> None:
        super().__init__(limit)
        self.limit = limit


class WorkerFailed(Exception):
    """The worker died or raised something that is not part of a task's contract."""


class QueryOutOfMemory(WorkerFailed):
    """The work needed more memory than its lane allows; the worker was stopped."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit  # bytes


class StoreUnavailable(Exception):
    """The worker could not open the store."""


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the server process dies."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _vm_data() -> int:
    """Bytes of this process's data segment and private mappings (what RLIMIT_DATA caps)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _cap_memory(allowance: int) -> None:
    """Let this process take at most `allowance` bytes more than it holds now: past it an
    allocation fails and pyoxigraph aborts the process (SIGABRT), which the lane answers
    as QueryOutOfMemory. Linux: RLIMIT_DATA counts private anonymous mappings too."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = _vm_data() + allowance
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    except (OSError, ValueError, ImportError) as exc:
        log.warning("no memory limit (%s)", exc)


def _worker_main(
    conn: Connection,
    spec: StoreSpec,
    preload: Sequence[str],
    niceness: int = 0,
    memory_limit: int = 0,
) -> None:
    _die_with_parent()
    logs.configure("plankg worker")  # a process of its own (spawned): its own log set-up
    if niceness > 0:
        os.nice(niceness)  # a lane of long queries yields the CPU to the other lane
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server shuts the workers down
    for module in preload:
        importlib.import_module(module)
    store: QueryStore | None = None
    failure = ""
    try:
        store = spec.open(read_only=True)
    except StoreError as exc:
        failure = str(exc)
    if memory_limit > 0:
        _cap_memory(memory_limit)  # once the store is open: what a task may add to it
    # What is alive now lives as long as the worker: out of the collector's sight, a full
    # collection no longer walks every imported module's objects while a task runs.
    gc.collect()
    gc.freeze()
    conn.send(("ready", failure))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args = message
        reply: tuple[str, Any]
        if store is None:
            reply = ("err", StoreUnavailable(failure))
        else:
            try:
                reply = ("ok", fn(store, *args))
            except Exception as exc:
                reply = ("err", exc)
        try:
            data = pickle.dumps(reply)
        except Exception as exc:
            log.error("unpicklable answer: %r", exc)
            data = pickle.dumps(("err", WorkerFailed(type(reply[1]).__name__)))
        try:
            # Its size first, so the server knows whether reading it can wait on us.
            conn.send_bytes(_SIZE.pack(len(data)))
            conn.send_bytes(data)
        except (BrokenPipeError, OSError):
            return


def _unpickle(data: bytes) -> tuple[str, Any]:
    try:
        reply: tuple[str, Any] = pickle.loads(data)
    except Exception as exc:
        return ("err", WorkerFailed(f"unreadable answer ({type(exc).__name__})"))
    return reply


def _wake(ready: asyncio.Future[None]) -> None:
    """A reader callback: it may fire again before the woken task removes it."""
    if not ready.done():
        ready.set_result(None)


async def _readable(conn: Connection, timeout: float) -> None:
    """Wait until `conn` has data (or is closed); TimeoutError after `timeout` seconds."""
    if timeout <= 0:
        raise TimeoutError
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, _wake, ready)
    try:
        async with asyncio.timeout(timeout):  # no extra task, unlike wait_for
            await ready
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)  # uvloop makes a watched fd non-blocking; reads expect it


async def _answer(conn: Connection, timeout: float) -> tuple[str, Any]:
    """The worker's answer, once `conn` is readable. Its size comes first, in a message
    small enough to be written whole; an answer that fits the pipe's buffer is then
    read at once, a bigger one as the worker writes it, without blocking the loop (a
    thread would cost a hop each way); TimeoutError past `timeout` seconds."""
    (size,) = _SIZE.unpack(conn.recv_bytes())
    if size <= _INLINE_BYTES:
        return _unpickle(conn.recv_bytes())
    async with asyncio.timeout(timeout):
        (length,) = _HEADER.unpack(await _read_exactly(conn.fileno(), _HEADER.size))
        if length == -1:  # multiprocessing's header for a message past 2 GiB
            (length,) = _SIZE.unpack(await _read_exactly(conn.fileno(), _SIZE.size))
        if length != size:  # the stream is out of step: the worker is replaced
            raise WorkerFailed("unreadable answer (its length)")
        return _unpickle(await _read_exactly(conn.fileno(), size))


async def _read_exactly(fd: int, n: int) -> bytes:
    """`n` bytes from the pipe `fd`, read as they arrive; EOFError when it closes first."""
    loop = asyncio.get_running_loop()
    chunks: list[bytes] = []
    missing = n
    os.set_blocking(fd, False)
    try:
        while missing:
            try:
                chunk = os.read(fd, missing)
            except BlockingIOError:
                ready: asyncio.Future[None] = loop.create_future()
                loop.add_reader(fd, _wake, ready)
                try:
                    await ready
                finally:
                    loop.remove_reader(fd)
                continue
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            missing -= len(chunk)
    finally:
        os.set_blocking(fd, True)  # the connection's own reads expect a blocking fd
    return b"".join(chunks)


class _Worker:
    def __init__(
        self,
        ctx: Any,
        spec: StoreSpec,
        preload: Sequence[str],
        niceness: int = 0,
        memory_limit: int = 0,
    ) -> None:
        parent, child = ctx.Pipe()
        self.proc: BaseProcess = ctx.Process(
            target=_worker_main,
            args=(child, spec, tuple(preload), niceness, memory_limit),
            name="plankg-query",
            daemon=True,
        )
        self.proc.start()
        child.close()
        self.conn: Connection = parent

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.conn.close()

    def reap(self) -> None:
        self.proc.join(timeout=10)


class Rejected(Exception):
    """Admission refused the work before it reached a worker: `status` 429 (the client
    has its share of the lane already) or 503 (the lane's queue is full)."""

    def __init__(self, status: int, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


# The client a request comes from (api.admission sets it per request); work started
# outside a request (the cache's generation check) has none and no per-client share.
current_client: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "plankg_client", default=None
)


# Where the time of the request's last piece of work went, in seconds: waiting for a
# worker, and in the worker (from sending the task to its answer arriving). Read by the
# responses' Server-Timing header (api.cache.respond).
work_timing: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "plankg_work_timing", default=None
)


@dataclass
class LaneStats:
    """Counters of a lane since start, read by the metrics (api.metrics)."""

    completed: int = 0
    killed: int = 0  # at the time limit
    out_of_memory: int = 0  # stopped past the lane's memory limit
    died: int = 0  # the worker process died or the request was cancelled mid-query
    rejected_client: int = 0  # 429
    rejected_queue: int = 0  # 503


class Executor:
    """A lane: a pool of `workers` query processes on the store `spec` names (opened
    read-only), with a bounded queue and a per-client share.

    Admission: a client (api.executor.current_client) with `client_limit` requests
    already running or waiting here is refused with 429; a request that finds no idle
    worker while `max_queue` others wait is refused with 503. Waiting requests are served
    one client after another (round robin), so one client's burst does not push the
    others back."""

    def __init__(
        self,
        spec: StoreSpec,
        workers: int = 2,
        preload: Sequence[str] = (),
        name: str = "named",
        max_queue: int = 64,
        client_limit: int = 0,  # 0: no per-client share
        niceness: int = 0,  # CPU priority of the workers, lowered by this much
        reject_delay: float = 0.0,  # seconds a 429 is held back (at most its Retry-After)
        memory_limit: int = 0,  # bytes a task may add to a ready worker's memory; 0: any
    ) -> None:
        self.niceness = niceness
        self.memory_limit = max(0, memory_limit)
        self.reject_delay = max(0.0, reject_delay)
        self.spec = spec
        self.name = name
        self.size = max(1, workers)
        self.preload = tuple(preload)
        self.max_queue = max(0, max_queue)
        self.client_limit = max(0, client_limit)
        self.stats = LaneStats()
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        self._waiting: OrderedDict[str | None, deque[asyncio.Future[_Worker]]] = OrderedDict()
        self._inflight: dict[str | None, int] = {}
        self._running: dict[_Worker, tuple[str | None, float]] = {}  # -> client, deadline
        self._workers: set[_Worker] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._started = False
        self._closed = False

    # --- state, for /readyz and the metrics -----------------------------------------

    @property
    def queued(self) -> int:
        return sum(len(q) for q in self._waiting.values())

    @property
    def busy(self) -> int:
        return len(self._running)

    @property
    def idle(self) -> int:
        return len(self._idle)

    @property
    def starting(self) -> int:
        return len(self._workers) - len(self._idle) - len(self._running)

    def state(self) -> dict[str, int]:
        return {
            "workers": self.size,
            "busy": self.busy,
            "idle": self.idle,
            "starting": self.starting,
            "queued": self.queued,
            "queue_limit": self.max_queue,
        }

    # --- workers ----------------------------------------------------------------------

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        worker = _Worker(self._ctx, self.spec, self.preload, self.niceness, self.memory_limit)
        self._workers.add(worker)
        self._in_background(self._admit(worker))

    def _in_background(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _admit(self, worker: _Worker) -> None:
        """Put a new worker in the pool once it has opened the store."""
        try:
            await _readable(worker.conn, STARTUP_TIMEOUT)
            _, failure = await anyio.to_thread.run_sync(worker.conn.recv)
        except (TimeoutError, EOFError, OSError):
            log.warning("a query worker failed to start; retrying")
            await self._discard(worker)
            await asyncio.sleep(1.0)
            if not self._closed:
                self._spawn()
            return
        if failure:
            log.error("query worker cannot open the store: %s", failure)
        if self._closed:
            await self._discard(worker)
            return
        self._release(worker)

    async def _discard(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.kill()
        await anyio.to_thread.run_sync(worker.reap)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (it may be running a query) and start another in its place."""
        self._workers.discard(worker)
        worker.kill()
        self._in_background(anyio.to_thread.run_sync(worker.reap))
        if not self._closed:
            self._spawn()

    def _release(self, worker: _Worker) -> None:
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

    async def _acquire(self, client: str | None, timeout: float) -> _Worker:
        if self._idle:
            return self._idle.pop()
        future: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
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
                self._release(future.result())  # handed over as we gave up: pass it on
            raise

    # --- admission --------------------------------------------------------------------

    def _retry_after(self, client: str | None = None) -> int:
        """Seconds until a worker should be free: the nearest deadline of the running
        work (of `client`'s own, when given), at least 1."""
        now = asyncio.get_running_loop().time()
        deadlines = [d for c, d in self._running.values() if client is None or c == client]
        if not deadlines:
            return 1
        return max(1, math.ceil(min(deadlines) - now))

    def _admission(self, client: str | None) -> None:
        limit = self.client_limit
        if client is not None and limit and self._inflight.get(client, 0) >= limit:
            self.stats.rejected_client += 1
            raise Rejected(
                429,
                f"too many concurrent requests from this client: at most {limit} at a "
                f"time may run or wait in the {self.name} lane",
                self._retry_after(client),
            )
        if not self._idle and self.queued >= self.max_queue:
            self.stats.rejected_queue += 1
            raise Rejected(
                503,
                f"the service is busy: {self.queued} requests are already waiting for "
                f"a {self.name} query worker",
                self._retry_after(),
            )

    # --- running ----------------------------------------------------------------------

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """`fn(store, *args)` in a worker; QueryTimeout when it takes more than `timeout`
        seconds (waiting for a free worker included); Rejected when admission refuses."""
        if not self._started:
            await self.start()
        client = current_client.get()
        try:
            self._admission(client)
        except Rejected as exc:
            if exc.status == 429 and self.reject_delay:
                # A client that ignores Retry-After and asks again at once would keep the
                # event loop busy answering 429s: each costs it this long instead.
                await asyncio.sleep(min(self.reject_delay, exc.retry_after))
            raise
        self._inflight[client] = self._inflight.get(client, 0) + 1
        try:
            return await self._run(client, fn, args, timeout)
        finally:
            left = self._inflight[client] - 1
            if left:
                self._inflight[client] = left
            else:
                del self._inflight[client]

    async def _run(
        self, client: str | None, fn: Callable[..., T], args: tuple[Any, ...], timeout: float
    ) -> T:
        loop = asyncio.get_running_loop()
        asked = time.perf_counter()  # the loop's clock may tick in whole milliseconds
        deadline = loop.time() + timeout
        try:
            worker = await self._acquire(client, timeout)
        except TimeoutError:
            self.stats.killed += 1
            raise QueryTimeout(timeout) from None
        self._running[worker] = (client, deadline)
        done = False
        try:
            sent = time.perf_counter()
            worker.conn.send((fn, args))
            await _readable(worker.conn, deadline - loop.time())
            work_timing.set((sent - asked, time.perf_counter() - sent))
            status, value = await _answer(worker.conn, max(deadline - loop.time(), 1.0))
            done = True
        except TimeoutError:
            self.stats.killed += 1
            raise QueryTimeout(timeout) from None
        except (EOFError, OSError) as exc:
            if self.memory_limit:
                await anyio.to_thread.run_sync(worker.proc.join, 5.0)
                if worker.proc.exitcode == -signal.SIGABRT:  # an allocation past the cap
                    self.stats.out_of_memory += 1
                    raise QueryOutOfMemory(self.memory_limit) from exc
            self.stats.died += 1
            raise WorkerFailed("the query process died") from exc
        finally:
            del self._running[worker]
            if done:
                self.stats.completed += 1
                self._release(worker)
            else:  # timed out, died, or the request was cancelled mid-query
                if not isinstance(sys.exc_info()[1], QueryTimeout | WorkerFailed):
                    self.stats.died += 1
                self._replace(worker)
        if status == "ok":
            result: T = value
            return result
        raise value

    async def close(self) -> None:
        self._closed = True
        for task in list(self._background):
            task.cancel()
        for waiters in self._waiting.values():
            for future in waiters:
                future.cancel()
        self._waiting.clear()
        workers = list(self._workers)
        self._workers.clear()
        self._idle.clear()
        for worker in workers:
            worker.kill()
        for worker in workers:
            await anyio.to_thread.run_sync(worker.reap)
