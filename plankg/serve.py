"""`plankg serve`: prepare the store (ingesting the bundled plans when empty), close it,
and run uvicorn; queries run in worker processes on read-only opens (api.executor)."""

from __future__ import annotations

import gc
import logging
from contextlib import nullcontext

import uvicorn

from api import logs
from ingest.pipeline import ingest
from plankg import dump_files, statistics
from plankg.backends import StoreSpec
from plankg.dataset import load_reference_graphs
from plankg.locks import StoreBusy, serving
from plankg.paths import BUNDLED_PLANS
from plankg.remote import RemoteError, RemoteStore
from plankg.settings import Settings
from plankg.store import StoreError, StoreInUse

log = logging.getLogger(__name__)


def prepare(settings: Settings) -> None:
    """Open the store for writing: repair an interrupted ingest, ingest the bundled plans
    into an empty store; then close it, so nothing holds it read-write while serving.
    A remote server must also see the union of its graphs as its default graph."""
    spec = StoreSpec.from_settings(settings)
    try:
        store = spec.open()
    except StoreInUse:
        # Another `plankg serve` serves it: that one prepared it, this one shares it.
        log.info("%s is already being served; serving it as it is", spec.where)
        return
    try:
        for graph in store.recovered:
            log.warning("removed half-loaded %s left by an interrupted ingest", graph)
        if store.is_empty():
            log.info(
                "empty store at %s, ingesting the bundled plans in %s", spec.where, BUNDLED_PLANS
            )
            load_reference_graphs(store, settings.base)
            for outcome in ingest([BUNDLED_PLANS], store, settings.base, settings=settings):
                if outcome.ok:
                    log.info("ok %s", outcome.source)
                else:
                    log.warning("FAILED %s %s", outcome.error, outcome.source)
            stamp = statistics.record(store, settings.base)
            if not settings.endpoint:
                dump_files.write(store, dump_files.dumps_dir(settings.store), stamp, None, None)
        if isinstance(store, RemoteStore):
            store.check_union_default_graph()
        store.flush()
    except RemoteError as exc:
        raise StoreError(str(exc)) from exc
    del store
    gc.collect()  # drops the last reference: pyoxigraph closes the store


def serve(settings: Settings) -> int:
    logs.configure()  # the server's messages: one line each on stderr
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
