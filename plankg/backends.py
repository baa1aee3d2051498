"""Where the graph lives: the embedded store on disk (default) or a remote SPARQL 1.1
server (`--endpoint`). Both answer the same calls; this module names them and opens one."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from plankg.remote import RemoteStore
from plankg.settings import Settings
from plankg.store import EmbeddedStore, GraphData


class QueryStore(Protocol):
    """What the service's query tasks may use."""

    def query(
        self,
        sparql: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...

    def contains(self, graph: str) -> bool: ...

    def dump(self, fmt: ox.RdfFormat) -> bytes: ...

    def dump_to(self, output: Path, fmt: ox.RdfFormat) -> None: ...


class Store(QueryStore, Protocol):
    """What ingestion and the CLI use besides."""

    path: Path | None
    recovered: list[str]

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple], ntriples: str) -> None: ...

    def write_batch(self, graphs: Sequence[GraphData]) -> None: ...

    def graphs(self) -> list[str]: ...

    def is_empty(self) -> bool: ...

    def flush(self) -> None: ...


@dataclass(frozen=True)
class StoreSpec:
    """Enough to open the store again in another process (the query workers)."""

    path: Path
    endpoint: str | None = None
    update_endpoint: str | None = None
    timeout: float = 60.0
    in_memory: bool = False  # read-only opens copy the embedded store into memory

    @classmethod
    def from_settings(cls, settings: Settings, serving: bool = False) -> StoreSpec:
        """`serving`: for the service's query workers, which may hold the store in memory
        (settings.serve_from); the command line always reads it in place."""
        return cls(
            settings.store,
            settings.endpoint,
            settings.update_endpoint,
            # a remote request may not outlive the query limit by much: the worker is
            # killed at the limit anyway, this only frees a stuck socket sooner
            settings.query_timeout + 5,
            serving and settings.serve_from == "memory",
        )

    @property
    def where(self) -> str:
        return self.endpoint or str(self.path)

    def open(self, read_only: bool = False) -> Store:
        if self.endpoint:
            return RemoteStore(self.endpoint, self.update_endpoint, self.timeout)
        if read_only and self.in_memory:
            return EmbeddedStore.in_memory_copy(self.path)
        return EmbeddedStore(self.path, read_only=read_only)


@contextmanager
def open_backend(settings: Settings, read_only: bool = False) -> Iterator[Store]:
    """The store the settings name (embedded, or remote with an endpoint), flushed after
    writing."""
    store = StoreSpec.from_settings(settings).open(read_only)
    try:
        yield store
    finally:
        if not read_only:
            store.flush()
