"""Queries run in worker processes that can be killed at their deadline.

pyoxigraph cannot cancel a running query, and its results must be consumed in the thread
that ran it. So every query of the service runs in one of a few long-lived worker
processes (started with the "spawn" context, never forked from a process with store
threads), each with its own read-only handle on the store (or its own client of the
remote SPARQL server). A task is a module-level
function `fn(store, *args)` that runs the query, consumes and serialises the results and
returns plain picklable values; it is sent over a pipe and its answer comes back the same
way. The event loop only waits for the pipe to become readable (an asyncio reader), and
reads the answer in a thread, so it is never blocked by a query.

When the deadline passes, the worker is killed (SIGKILL), a fresh one is started in its
place, and the caller gets QueryTimeout; requests on the other workers go on meanwhile.
A request that must wait for a free worker waits within the same deadline.
"""

from __future__ import annotations

import asyncio
import ctypes
import importlib
import multiprocessing
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

import anyio

from plankg.backends import QueryStore, StoreSpec
from plankg.store import StoreError

T = TypeVar("T")
_SIZE = struct.Struct("!Q")
_INLINE_BYTES = 32 * 1024  # well within a pipe's buffer (64 KiB on Linux)
STARTUP_TIMEOUT = 900.0  # seconds for a new worker to open (or copy into memory) the store


class QueryTimeout(Exception):
    """The work did not finish within its time limit; the worker was killed."""

    def __init__(self, limit: float) -> None:
        super().__init__(limit)
        self.limit = limit


class WorkerFailed(Exception):
    """The worker died or raised something that is not part of a task's contract."""


class StoreUnavailable(Exception):
    """The worker could not open the store."""


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the server process dies."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Connection, spec: StoreSpec, preload: Sequence[str]) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server shuts the workers down
    for module in preload:
        importlib.import_module(module)
    store: QueryStore | None = None
    failure = ""
    try:
        store = spec.open(read_only=True)
    except StoreError as exc:
        failure = str(exc)
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
            print(f"plankg worker: unpicklable answer: {exc!r}", file=sys.stderr)
            data = pickle.dumps(("err", WorkerFailed(type(reply[1]).__name__)))
        try:
            # Its size first, so the server knows whether reading it can wait on us.
            conn.send_bytes(_SIZE.pack(len(data)))
            conn.send_bytes(data)
        except (BrokenPipeError, OSError):
            return


def _receive(conn: Connection) -> tuple[str, Any]:
    return _unpickle(conn.recv_bytes())


def _unpickle(data: bytes) -> tuple[str, Any]:
    try:
        reply: tuple[str, Any] = pickle.loads(data)
    except Exception as exc:
        return ("err", WorkerFailed(f"unreadable answer ({type(exc).__name__})"))
    return reply


async def _readable(conn: Connection, timeout: float) -> None:
    """Wait until `conn` has data (or is closed); TimeoutError after `timeout` seconds."""
    if timeout <= 0:
        raise TimeoutError
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    fd = conn.fileno()
    loop.add_reader(fd, wake)
    try:
        async with asyncio.timeout(timeout):  # no extra task, unlike wait_for
            await ready
    finally:
        loop.remove_reader(fd)
        os.set_blocking(fd, True)  # uvloop makes a watched fd non-blocking; reads expect it


async def _answer(conn: Connection) -> tuple[str, Any]:
    """The worker's answer, once `conn` is readable. Its size comes first, in a message
    small enough to be written whole; an answer that fits the pipe's buffer is then
    read at once, a bigger one in a thread, since reading it waits on the worker."""
    (size,) = _SIZE.unpack(conn.recv_bytes())
    if size <= _INLINE_BYTES:
        return _unpickle(conn.recv_bytes())
    return await anyio.to_thread.run_sync(_receive, conn)


class _Worker:
    def __init__(self, ctx: Any, spec: StoreSpec, preload: Sequence[str]) -> None:
        parent, child = ctx.Pipe()
        self.proc: BaseProcess = ctx.Process(
            target=_worker_main,
            args=(child, spec, tuple(preload)),
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


class Executor:
    """A pool of `workers` query processes on the store `spec` names (opened read-only)."""

    def __init__(self, spec: StoreSpec, workers: int = 2, preload: Sequence[str] = ()) -> None:
        self.spec = spec
        self.size = max(1, workers)
        self.preload = tuple(preload)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._spawn()

    def _spawn(self) -> None:
        worker = _Worker(self._ctx, self.spec, self.preload)
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
            print("plankg: a query worker failed to start; retrying", file=sys.stderr)
            await self._discard(worker)
            await asyncio.sleep(1.0)
            if not self._closed:
                self._spawn()
            return
        if failure:
            print(f"plankg: query worker cannot open the store: {failure}", file=sys.stderr)
        if self._closed:
            await self._discard(worker)
            return
        assert self._idle is not None
        self._idle.put_nowait(worker)

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

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """`fn(store, *args)` in a worker; QueryTimeout when it takes more than `timeout`
        seconds (waiting for a free worker included)."""
        if self._idle is None:
            await self.start()
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise QueryTimeout(timeout) from None
        done = False
        try:
            worker.conn.send((fn, args))
            await _readable(worker.conn, deadline - loop.time())
            status, value = await _answer(worker.conn)
            done = True
        except TimeoutError:
            raise QueryTimeout(timeout) from None
        except (EOFError, OSError) as exc:
            raise WorkerFailed("the query process died") from exc
        finally:
            if done:
                self._idle.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled mid-query
                self._replace(worker)
        if status == "ok":
            result: T = value
            return result
        raise value

    async def close(self) -> None:
        self._closed = True
        for task in list(self._background):
            task.cancel()
        workers = list(self._workers)
        self._workers.clear()
        for worker in workers:
            worker.kill()
        for worker in workers:
            await anyio.to_thread.run_sync(worker.reap)
