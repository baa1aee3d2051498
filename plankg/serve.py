"""`plankg serve`: prepare the store (ingesting the bundled plans when empty), close it,
and run uvicorn; queries run in worker processes on read-only opens (api.executor)."""

from __future__ import annotations

import gc
import sys
from contextlib import nullcontext

import uvicorn

from ingest.pipeline import ingest
from plankg.backends import StoreSpec
from plankg.dataset import load_reference_graphs, stamp_modified
from plankg.locks import StoreBusy, serving
from plankg.paths import BUNDLED_PLANS
from plankg.remote import RemoteError, RemoteStore
from plankg.settings import Settings
from plankg.store import StoreError, StoreInUse


def _log(message: str) -> None:
    print(f"plankg: {message}", file=sys.stderr)


def prepare(settings: Settings) -> None:
    """Open the store for writing: repair an interrupted ingest, ingest the bundled plans
    into an empty store; then close it, so nothing holds it read-write while serving.
    A remote server must also see the union of its graphs as its default graph."""
    spec = StoreSpec.from_settings(settings)
    try:
        store = spec.open()
    except StoreInUse:
        # Another `plankg serve` serves it: that one prepared it, this one shares it.
        _log(f"{spec.where} is already being served; serving it as it is")
        return
    try:
        for graph in store.recovered:
            _log(f"removed half-loaded {graph} left by an interrupted ingest")
        if store.is_empty():
            _log(f"empty store at {spec.where}, ingesting the bundled plans in {BUNDLED_PLANS}")
            load_reference_graphs(store, settings.base)
            for outcome in ingest([BUNDLED_PLANS], store, settings.base):
                status = "ok" if outcome.ok else f"FAILED {outcome.error}"
                _log(f"{status} {outcome.source}")
            stamp_modified(store, settings.base)
        if isinstance(store, RemoteStore):
            store.check_union_default_graph()
        store.flush()
    except RemoteError as exc:
        raise StoreError(str(exc)) from exc
    del store
    gc.collect()  # drops the last reference: pyoxigraph closes the store


def serve(settings: Settings) -> int:
    prepare(settings)
    from api.app import create_app  # every query runs in a worker with its own read-only open

    # access_log off: api.operations writes one structured line per request instead
    app = create_app(settings)
    try:
        lock = nullcontext() if settings.endpoint else serving(settings.store)
        with lock:
            uvicorn.run(app, host=settings.host, port=settings.port, access_log=False)
    except StoreBusy as exc:
        raise StoreError(str(exc)) from None
    return 0
