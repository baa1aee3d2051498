"""`plankg serve`: prepare the store (ingesting the bundled plans when empty), close it,
and run uvicorn; queries run in worker processes on read-only opens (api.executor)."""

from __future__ import annotations

import gc
import sys

import uvicorn

from ingest.pipeline import ingest
from plankg.dataset import load_reference_graphs
from plankg.paths import BUNDLED_PLANS
from plankg.settings import Settings
from plankg.store import EmbeddedStore, StoreError


def prepare(settings: Settings) -> None:
    """Open the store read-write: repair an interrupted ingest, ingest the bundled plans
    into an empty store; then close it, so nothing holds it read-write while serving."""
    store = EmbeddedStore(settings.store)
    for graph in store.recovered:
        print(f"plankg: removed half-loaded {graph} left by an interrupted ingest", file=sys.stderr)
    if store.is_empty():
        print(
            f"plankg: empty store, ingesting the bundled plans in {BUNDLED_PLANS}", file=sys.stderr
        )
        load_reference_graphs(store, settings.base)
        for outcome in ingest([BUNDLED_PLANS], store, settings.base):
            status = "ok" if outcome.ok else f"FAILED {outcome.error}"
            print(f"plankg: {status} {outcome.source}", file=sys.stderr)
    store.flush()
    del store
    gc.collect()  # drops the last reference: pyoxigraph closes the store


def serve(settings: Settings) -> int:
    if settings.endpoint:
        raise StoreError("--endpoint (remote SPARQL server) is not supported yet")
    prepare(settings)
    from api.app import create_app  # every query runs in a worker with its own read-only open

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)
    return 0
