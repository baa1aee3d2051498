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


def _locked(store: Path, mode: int, busy: str) -> IO[bytes]:
    """The lock file of `store`, locked in `mode` without waiting; StoreBusy(busy) when
    the other kind of lock is held."""
    store.mkdir(parents=True, exist_ok=True)
    handle = (store / LOCK_FILE).open("ab")
    try:
        fcntl.flock(handle, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StoreBusy(busy) from None
    return handle


def hold_for_writing(store: Path) -> IO[bytes]:
    """An exclusive lock, held until the returned file is closed (or collected)."""
    return _locked(
        store,
        fcntl.LOCK_EX,
        f"{store}: the store is being served by `plankg serve`; stop the service to "
        "write to it (or serve from a SPARQL server with --endpoint to update it live)",
    )


@contextmanager
def serving(store: Path) -> Iterator[None]:
    """A shared lock for as long as the service runs on `store`."""
    handle = _locked(
        store, fcntl.LOCK_SH, f"{store}: the store is being written; try again when that ends"
    )
    try:
        yield
    finally:
        handle.close()
