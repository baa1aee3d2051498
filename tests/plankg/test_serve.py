"""What stops `plankg serve` from starting is one line on standard error and a non-zero
exit, run as a subprocess as a person runs it: a port another program listens on, and a
store whose plans were minted under another base IRI (which would answer 404 for every
/id/ resource it holds)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from tests.support.cli import Run
from tests.support.servers import free_port

DEFAULT_BASE = "https://w3id.org/plankg/"


def test_a_port_in_use_is_one_line_before_anything_starts(plankg: Run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    with socket.socket() as other:
        other.bind(("127.0.0.1", free_port()))
        other.listen()
        port = other.getsockname()[1]
        started = time.monotonic()
        proc = plankg("serve", "--port", str(port), "--store", str(store))
        took = time.monotonic() - started
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"port {port}" in lines[0] and "in use" in lines[0], lines
    assert "worker" not in proc.stderr
    # refused before the store was touched: the bundled plans were not ingested first
    assert not store.exists() and took < 30, took


def test_a_store_of_another_base_iri_is_refused_naming_both(
    plankg: Run, bundled_store: Path
) -> None:
    other = f"http://127.0.0.1:{free_port()}/"
    proc = plankg(
        "serve", "--port", str(free_port()), "--store", str(bundled_store),
        env={"PLANKG_BASE_IRI": other},
    )  # fmt: skip
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert DEFAULT_BASE in lines[0] and other in lines[0], lines
    assert f"PLANKG_BASE_IRI={DEFAULT_BASE}" in lines[0]  # and how to serve it
