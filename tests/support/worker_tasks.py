"""A task module for the workers' tests (tests/workers/): every task of the service
(api.tasks) and a few more that misbehave on purpose, registered as TASKS, so a test
worker loads exactly what a service worker loads, plus this."""

from __future__ import annotations

import os
import sys
import threading
import time

from api.tasks import TASKS as SERVICE_TASKS
from plankg.backends import QueryStore
from workers.registry import Registry


def echo(store: QueryStore, value: object) -> object:
    return value


def blob(store: QueryStore, size: int) -> bytes:
    """An answer of `size` bytes, each byte its offset modulo 251 (so a frame cut or
    shifted anywhere reads differently)."""
    pattern = bytes(range(251))
    return (pattern * (size // 251 + 1))[:size]


def sleep(store: QueryStore, seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def pid(store: QueryStore) -> int:
    return os.getpid()


def unpicklable(store: QueryStore) -> object:
    return threading.Lock()


def fail(store: QueryStore, message: str) -> None:
    raise ValueError(message)


def abort(store: QueryStore) -> None:
    """What pyoxigraph does when an allocation fails past the memory limit."""
    os.abort()


def _refuse() -> None:
    raise ValueError("not to be read here")


class Unreadable:
    """An argument the server pickles and a worker cannot unpickle."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_refuse, ())


def modules(store: QueryStore) -> list[str]:
    """Every module this worker has imported so far."""
    return sorted(sys.modules)


TASKS = Registry(
    __name__,
    (*SERVICE_TASKS, echo, blob, sleep, pid, unpicklable, fail, abort, modules),
    setup=SERVICE_TASKS.setup,
)
