"""Serving and writing the embedded store exclude each other.

`plankg serve` answers from read-only opens of the store, and pyoxigraph leaves it
undefined what a read-only open sees while another process writes. So while it serves,
`plankg serve` holds a shared lock on a file in the store, and every read-write open
takes that lock exclusively, failing at once when the store is being served: an ingest
into a served store is refused with a clear message, never half-seen. (A remote SPARQL
server takes writes while serving: `--endpoint`.)
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

LOCK_FILE = "plankg-serve.lock"


class StoreBusy(Exception):
    """The store is being served, so it cannot be opened for writing."""


def _lock_file(store: Path) -> IO[bytes]:
    store.mkdir(parents=True, exist_ok=True)
    return (store / LOCK_FILE).open("ab")


def hold_for_writing(store: Path) -> IO[bytes]:
    """An exclusive lock, held until the returned file is closed (or collected)."""
    handle = _lock_file(store)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreBusy(
            f"{store}: the store is being served by `plankg serve`; stop the service to "
            "write to it (or serve from a SPARQL server with --endpoint to update it live)"
        ) from None
    return handle


@contextmanager
def serving(store: Path) -> Iterator[None]:
    """A shared lock for as long as the service runs on `store`."""
    handle = _lock_file(store)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreBusy(f"{store}: the store is being written; try again when that ends") from None
    try:
        yield
    finally:
        handle.close()
