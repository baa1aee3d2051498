"""A store opened read-only in the test process, and closed (its files released) after."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from plankg.store import EmbeddedStore


@contextmanager
def read_only(path: Path) -> Iterator[EmbeddedStore]:
    """`path` opened read-only; dropped and collected on leaving, so that a later writer
    (an ingest, a served store) finds it closed."""
    opened = EmbeddedStore(path, read_only=True)
    try:
        yield opened
    finally:
        del opened
        gc.collect()
