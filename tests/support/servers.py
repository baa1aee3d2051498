"""Real servers on free ports: `plankg serve` (embedded or in front of a real
`oxigraph serve`) and `oxigraph serve` itself, each stopped when its block ends."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.cli import plankg_exe
from tests.support.paths import ROOT

# One query worker per lane unless a test asks for more: each spawned worker costs about
# a second of CPU at start, and most tests start a server of their own.
LEAN = {"PLANKG_QUERY_WORKERS": "1", "PLANKG_SPARQL_WORKERS": "1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def oxigraph_exe() -> str:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if exe is None:
        raise AssertionError("the Oxigraph server is missing: pip install oxigraph (a dev extra)")
    return exe


def wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited:\n{log.read_text()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not become ready:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def started(
    args: list[str],
    ready: str,
    log: Path,
    what: str,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
) -> Iterator[None]:
    """A server process writing to `log` (not to a pipe nobody reads, which its access log
    would fill), once `ready` answers 200; stopped when the block ends."""
    with log.open("w") as sink:
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_ready(ready, proc, log, what)
            yield
        finally:
            stop_process(proc)


@contextmanager
def oxigraph_server(
    location: Path, timeout_s: float = 30, union_default_graph: bool = True
) -> Iterator[str]:
    """A real `oxigraph serve` on a free port; yields its query endpoint (…/query)."""
    port = free_port()
    log = location.parent / f"oxigraph-{port}.log"
    args = [oxigraph_exe(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    args += ["--timeout-s", str(max(1, round(timeout_s)))]
    if union_default_graph:
        args.append("--union-default-graph")
    query = f"http://127.0.0.1:{port}/query"
    with started(args, query + "?query=ASK%7B%7D", log, "oxigraph serve"):
        yield query


def _load_into_oxigraph(store: Path, location: Path) -> None:
    """What a prepared embedded store holds, loaded into an Oxigraph server's directory."""
    if not store.exists():
        return
    dump = store.parent / f"{store.name}.nq"
    proc = subprocess.run(
        [*plankg_exe(), "export", "--format", "nq", "--store", str(store), "-o", str(dump)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    loaded = subprocess.run(
        [oxigraph_exe(), "load", "--location", str(location), "--file", str(dump)],
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr


@contextmanager
def running_server(
    store: Path,
    env: dict[str, str] | None = None,
    log: Path | None = None,
    own_base_iri: bool = False,
    backend: str = "embedded",
) -> Iterator[str]:
    """`plankg serve --store STORE` on a free 127.0.0.1 port, ready (/readyz answers 200)
    when this yields its URL. Output goes to `log` (default: beside the store), not to a
    pipe nobody reads, which the access log would fill. With `own_base_iri` the service
    mints its IRIs under its own URL, so they dereference.

    With backend "remote" the same content is served from a real `oxigraph serve`
    (`plankg serve --endpoint`): what STORE holds is loaded into it first, and an empty
    one gets the bundled plans from `plankg serve` itself, over SPARQL Update."""
    if backend == "remote":
        # a directory of its own: stores shared between modules (the bundled one) would
        # otherwise give the next server what an earlier test wrote into this one
        location = Path(tempfile.mkdtemp(prefix=f"{store.name}-oxigraph-", dir=store.parent))
        _load_into_oxigraph(store, location)
        timeout = float((env or {}).get("PLANKG_QUERY_TIMEOUT", "30"))
        with (
            oxigraph_server(location, timeout_s=timeout) as endpoint,
            serving(["--endpoint", endpoint], store, env, log, own_base_iri) as url,
        ):
            yield url
        return
    with serving(["--store", str(store)], store, env, log, own_base_iri) as url:
        yield url


@contextmanager
def serving(
    where: list[str],
    store: Path,
    env: dict[str, str] | None = None,
    log: Path | None = None,
    own_base_iri: bool = False,
) -> Iterator[str]:
    """`plankg serve WHERE…` on a free port (logging beside `store`), once /readyz is 200."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = log or store.parent / f"server-{port}.log"
    extra = {**LEAN, **(env or {}), **({"PLANKG_BASE_IRI": url + "/"} if own_base_iri else {})}
    args = [*plankg_exe(), "serve", *where, "--port", str(port)]
    with started(args, url + "/readyz", log, "plankg serve", env={**os.environ, **extra}):
        yield url


def until_indexed(url: str, within: float = 60.0) -> str:
    """`url` once the server's search index is built (it holds the digests and the
    stored answers' folder the routes read without a query worker)."""
    deadline = time.monotonic() + within
    while True:
        with urllib.request.urlopen(url + "/readyz", timeout=10) as reply:
            if json.loads(reply.read())["search"]["ready"]:
                return url
        assert time.monotonic() < deadline, f"the search index was not built in {within} s"
        time.sleep(0.1)
