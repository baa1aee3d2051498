"""The store never shows half a plan: batches, replacement, crash recovery, kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from plankg.store import JOURNAL, PENDING, EmbeddedStore, GraphData, StoreError
from tests.support.cli import Run, plankg_exe, query_json
from tests.support.paths import ROOT

P = "http://example.org/p"


def graph(name: str, n: int) -> GraphData:
    triples = [
        ox.Triple(ox.NamedNode(f"{name}/s{i}"), ox.NamedNode(P), ox.Literal(str(i)))
        for i in range(n)
    ]
    nt = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
    return GraphData(name, triples, nt)


def test_batch_of_new_and_replaced_graphs(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "s")
    store.write_batch([graph("http://g/a", 5), graph("http://g/b", 7)])
    store.write_batch([graph("http://g/a", 2), graph("http://g/c", 3), graph("http://g/d", 1)])
    assert store.graphs() == ["http://g/a", "http://g/b", "http://g/c", "http://g/d"]
    assert [len(store.triples_of(g)) for g in store.graphs()] == [2, 7, 3, 1]
    assert store.pending() == []


def test_interrupted_bulk_load_is_repaired_on_open(tmp_path: Path) -> None:
    path = tmp_path / "s"
    raw = ox.Store(str(path))
    # What a crash mid-batch leaves: the journal names a graph, part of it is written.
    raw.extend([ox.Quad(ox.NamedNode("http://g/half"), PENDING, ox.Literal("true"), JOURNAL)])
    raw.extend(
        [
            ox.Quad(
                ox.NamedNode("http://g/half/s"),
                ox.NamedNode(P),
                ox.Literal("1"),
                ox.NamedNode("http://g/half"),
            )
        ]
    )
    raw.extend(
        [
            ox.Quad(
                ox.NamedNode("http://g/ok/s"),
                ox.NamedNode(P),
                ox.Literal("1"),
                ox.NamedNode("http://g/ok"),
            )
        ]
    )
    raw.flush()
    del raw
    with pytest.raises(StoreError, match="half-loaded"):
        EmbeddedStore(path, read_only=True)
    store = EmbeddedStore(path)
    assert store.recovered == ["http://g/half"]
    assert store.graphs() == ["http://g/ok"]
    assert store.pending() == []


def _corpus(tmp_path: Path, n: int) -> Path:
    out = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", str(n), "--out", str(out),
         "--seed", "5"],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


def test_kill_9_mid_ingest_loses_nothing(plankg: Run, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 50)
    clean = tmp_path / "clean"
    plankg("ingest", str(corpus), "--store", str(clean), check=True)
    expected = {r["plan"]: r for r in query_json(plankg, clean, "plans")}

    store = tmp_path / "killed"
    proc = subprocess.Popen(
        [*plankg_exe(), "ingest", str(corpus), "--store", str(store)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PLANKG_INGEST_BATCH": "10"},
    )
    # Kill once some batches are in, while a later one is being prepared or written.
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    seen = 0
    while time.monotonic() < deadline and seen < 20:
        if proc.stdout.readline().startswith(b"ok "):
            seen += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    # Whatever the kill interrupted, no reader ever sees a partial plan.
    check = plankg("query", "plans", "--store", str(store), "--format", "json")
    if check.returncode == 0:
        for row in query_json(plankg, store, "plans"):
            assert row["measures"] == expected[row["plan"]]["measures"]
            assert row["targets"] == expected[row["plan"]]["targets"]
    else:
        assert "half-loaded" in check.stderr

    # Rerunning finishes the rest: the store ends equal to a clean ingest.
    plankg("ingest", str(corpus), "--store", str(store), check=True)
    after = {r["plan"]: r for r in query_json(plankg, store, "plans")}
    assert after == expected
