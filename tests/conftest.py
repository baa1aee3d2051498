"""Shared fixtures: the real `plankg` console script, run as a user would."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "data" / "plans"
GOLD = ROOT / "tests" / "gold"


def plankg_exe() -> list[str]:
    exe = shutil.which("plankg", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "plankg.cli"]


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def plankg() -> Run:
    def run(
        *args: str, check: bool = False, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [*plankg_exe(), *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            timeout=600,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"plankg {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        return proc

    return run


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    """A store holding the five bundled plans, ingested through the CLI."""
    store = tmp_path_factory.mktemp("bundled") / "store"
    plankg("ingest", str(PLANS), "--store", str(store), check=True)
    return store


def query_json(run: Run, store: Path, query: str, *params: str) -> list[dict[str, str]]:
    args = ["query", query, "--store", str(store), "--format", "json"]
    for p in params:
        args += ["--param", p]
    proc = run(*args, check=True)
    data = json.loads(proc.stdout)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_server(
    store: Path,
    env: dict[str, str] | None = None,
    log: Path | None = None,
    own_base_iri: bool = False,
) -> Iterator[str]:
    """`plankg serve --store STORE` on a free 127.0.0.1 port, ready (/readyz answers 200)
    when this yields its URL. Output goes to `log` (default: beside the store), not to a
    pipe nobody reads, which the access log would fill. With `own_base_iri` the service
    mints its IRIs under its own URL, so they dereference."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = log or store.parent / f"server-{port}.log"
    extra = {**(env or {}), **({"PLANKG_BASE_IRI": url + "/"} if own_base_iri else {})}
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [*plankg_exe(), "serve", "--store", str(store), "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **extra},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    raise AssertionError(f"server exited:\n{log.read_text()}")
                if time.monotonic() > deadline:
                    raise AssertionError(f"server did not become ready:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(url + "/readyz", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
