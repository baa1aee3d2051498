"""A worker process's main: its start-up, its limits, and the loop that runs tasks.

The server starts `python -c "…spawn_main()"` with its own `sys.path` as arguments
(workers.process) and sends the configuration as the first frame on the worker's
standard input. The worker then

1. asks the kernel to kill it when the server dies (Linux), lowers its CPU priority
   for a lane of long queries, and leaves SIGINT to the server, which stops it;
2. imports the lane's task module (workers.registry) and runs its set-up;
3. opens the store read-only (or copies it into memory); when that fails it still
   answers, each task with StoreUnavailable;
4. caps the memory a task may add (RLIMIT_DATA): past it an allocation fails and
   pyoxigraph aborts the process (SIGABRT), which the lane answers as QueryOutOfMemory;
5. sends "ready", then answers each task with ("ok", value) or ("err", exception) until
   the server closes the pipe.

The channel is a private copy of the standard input and output taken at start: file
descriptor 1 then points at standard error, so nothing printed can corrupt a frame.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import signal
from dataclasses import dataclass
from typing import Any

from plankg.backends import QueryStore, StoreSpec
from plankg.store import StoreError
from workers import registry, transport
from workers.errors import StoreUnavailable, WorkerFailed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerConfig:
    """What a worker is told first: the store, the task module, its limits."""

    spec: StoreSpec
    tasks: str  # the module holding the task registry (workers.registry)
    niceness: int = 0  # CPU priority lowered by this much
    memory_limit: int = 0  # bytes a task may add to the ready worker's memory; 0: any
    parent: int = 0  # the server's process id, for die_with_parent


def die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process when the server process dies (and already
    has, if it died before we asked)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent and os.getppid() != parent:
        os._exit(1)


def _vm_data() -> int:
    """Bytes of this process's data segment and private mappings (what RLIMIT_DATA caps)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def cap_memory(allowance: int) -> None:
    """Let this process take at most `allowance` bytes more than it holds now. Linux:
    RLIMIT_DATA counts private anonymous mappings too."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = _vm_data() + allowance
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    except (OSError, ValueError, ImportError) as exc:
        log.warning("no memory limit (%s)", exc)


def _private_channel() -> transport.Pipe:
    """The server's pipes, moved off the standard streams (see the module's doc)."""
    pipe = transport.Pipe(os.dup(0), os.dup(1))
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    return pipe


def open_store(spec: StoreSpec) -> tuple[QueryStore | None, str]:
    """The store opened read-only (or copied into memory), or None and why not: a worker
    that cannot open it still answers, each task with StoreUnavailable."""
    try:
        return spec.open(read_only=True), ""
    except StoreError as exc:
        return None, str(exc)


def _answer(
    tasks: registry.Registry, store: QueryStore | None, failure: str, message: Any
) -> bytes:
    """The payload answering one task message (name, args)."""
    name, args = message
    reply: tuple[str, object]
    try:
        fn = tasks.task(name)  # UnknownTask: the server's registry is another version
        if store is None:
            raise StoreUnavailable(failure)
        reply = ("ok", fn(store, *args))
    except Exception as exc:  # the task's own errors are part of its answer
        reply = ("err", exc)
    try:
        return transport.dumps(reply)
    except Exception as exc:
        log.error("unpicklable answer to %s: %r", name, exc)
        what = type(reply[1]).__name__
        return transport.dumps(("err", WorkerFailed(f"unpicklable answer ({what})")))


def serve(pipe: transport.Pipe, config: WorkerConfig) -> None:
    die_with_parent(config.parent)
    if config.niceness > 0:
        os.nice(config.niceness)  # a lane of long queries yields the CPU to the other lane
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server shuts the workers down
    tasks = registry.load(config.tasks)
    if tasks.setup is not None:
        tasks.setup()
    store, failure = open_store(config.spec)  # the server logs a failure once it is told
    if config.memory_limit > 0:
        cap_memory(config.memory_limit)  # once the store is open: what a task may add
    # What is alive now lives as long as the worker: out of the collector's sight, a full
    # collection no longer walks every imported module's objects while a task runs.
    gc.collect()
    gc.freeze()
    pipe.send(transport.dumps(("ready", failure)))
    while True:
        try:
            answer = _answer(tasks, store, failure, pipe.receive())
        except transport.Unreadable as exc:  # a whole frame we cannot read: say so
            answer = transport.dumps(("err", exc))
        except (EOFError, OSError):  # the server closed our input, or is gone
            return
        try:
            pipe.send(answer)
        except OSError:
            return


def spawn_main() -> None:
    """The worker process's entry point (workers.process starts it)."""
    pipe = _private_channel()
    config = pipe.receive()
    if not isinstance(config, WorkerConfig):
        raise SystemExit("a query worker expects its configuration first")
    serve(pipe, config)
