"""`plankg serve`: take the port, prepare the store (ingesting the bundled plans when
empty), check that its plans were minted under this service's base IRI, close it, and run
uvicorn on the port taken; queries run in worker processes on read-only opens
(workers). What stops it from starting is one line: a port in use, a store of
another base IRI (contract §4: never a 404 for a resource the store holds)."""

from __future__ import annotations

import errno
import gc
import logging
import socket
from contextlib import nullcontext

import uvicorn

from api import logs
from ingest.pipeline import ingest
from plankg import dump_files, index_files, statistics
from plankg.backends import StoreSpec
from plankg.dataset import foreign_base, load_reference_graphs
from plankg.locks import StoreBusy, serving
from plankg.paths import BUNDLED_PLANS
from plankg.remote import RemoteError, RemoteStore
from plankg.settings import Settings
from plankg.store import StoreError, StoreInUse

log = logging.getLogger(__name__)


class CannotServe(Exception):
    """The service cannot start: the message says why, in one line."""


def take_port(host: str, port: int) -> socket.socket:
    """The listening address, bound before anything else starts (the store, the query
    workers), so a port in use is one line, not a failure of everything started."""
    # the address family as uvicorn picks it: IPv6 for an address with colons
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise CannotServe(
                f"port {port} on {host} is in use by another program: stop it, or serve on "
                "another port (--port or PLANKG_PORT)"
            ) from None
        raise CannotServe(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


class _Server(uvicorn.Server):
    """uvicorn on a socket bound beforehand, which then does not say where it listens."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            host, port = self.config.host, self.config.port
            shown = f"[{host}]" if ":" in host else host
            log.info("serving http://%s:%d/ (Ctrl-C stops)", shown, port)


def check_base(settings: Settings) -> None:
    """Refuse a store whose plans were minted under another base IRI: the service would
    answer 404 for every /id/ resource of theirs."""
    spec = StoreSpec.from_settings(settings)
    store = spec.open(read_only=True)
    try:
        minted = foreign_base(store, settings.base)
    except RemoteError as exc:
        raise StoreError(str(exc)) from exc
    finally:
        del store
        gc.collect()
    if minted is not None:
        raise CannotServe(
            f"the store {spec.where} holds plans minted under {minted} but PLANKG_BASE_IRI "
            f"is {settings.base}: serve it with PLANKG_BASE_IRI={minted}, or ingest the "
            "plans into an empty store under the new base"
        )


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
                index_files.write(settings.store, store, settings.base, stamp)
        if isinstance(store, RemoteStore):
            store.check_union_default_graph()
        store.flush()
    except RemoteError as exc:
        raise StoreError(str(exc)) from exc
    del store
    gc.collect()  # drops the last reference: pyoxigraph closes the store


def serve(settings: Settings) -> int:
    logs.configure()  # the server's messages: one line each on stderr
    sock = take_port(settings.host, settings.port)
    try:
        prepare(settings)
        check_base(settings)
        from api.app import create_app  # every query runs in a worker with its own open

        # access_log off: api.operations writes one structured line per request instead
        app = create_app(settings)
        config = uvicorn.Config(app, host=settings.host, port=settings.port, access_log=False)
        lock = nullcontext() if settings.endpoint else serving(settings.store)
        server = _Server(config)
        with lock:
            server.run(sockets=[sock])
        if not server.started:  # its startup failed, and said why
            return 1
    except StoreBusy as exc:
        raise StoreError(str(exc)) from None
    finally:
        sock.close()
    return 0
