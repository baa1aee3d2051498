"""The dataset description's figures (plankg.statistics) are counted at ingest and read
on request: what ingest records equals what counting the whole store gives, after a first
load, after adding and replacing plans, and after `plankg summarise`; a record that is not
of the store's current generation is never served."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from plankg.dataset import stamp_modified
from plankg.statistics import PK, count, figures, read
from plankg.store import EmbeddedStore
from tests.support import derived
from tests.support.cli import Run
from tests.support.paths import PLANS, ROOT

BASE = "https://w3id.org/plankg/"


@contextmanager
def opened(store: Path, read_only: bool = True) -> Iterator[EmbeddedStore]:
    handle = EmbeddedStore(store, read_only=read_only)
    try:
        yield handle
    finally:
        del handle
        gc.collect()


def assert_recorded(store: Path) -> None:
    with opened(store) as s:
        recorded = read(s, BASE)
        assert recorded is not None, "ingest recorded the figures"
        assert recorded == count(s, BASE)
        assert figures(s, BASE) == recorded


def test_recorded_figures_equal_counting(tmp_path: Path, plankg: Run) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", "25", "--out",
         str(corpus), "--seed", "7"],
        check=True, capture_output=True,
    )  # fmt: skip
    store = tmp_path / "store"
    proc = plankg("ingest", str(PLANS), str(corpus), "--store", str(store), "--jobs", "2")
    assert proc.returncode in (0, 1), proc.stderr  # a generated place may be ambiguous
    assert_recorded(store)
    with opened(store) as s:
        stats = count(s, BASE)
        assert len(stats.plans) > 25 and stats.subjects and stats.links["divisions-wikidata"]
        assert stats.classes[PK + "Division"] and stats.classes[PK + "Agency"]
    # plans added (a province and its cities) and one replaced, in a second run
    more = tmp_path / "more"
    more.mkdir()
    (more / "hebei.txt").write_text(derived.hebei_province_plan(), encoding="utf-8")
    (more / "baoding.txt").write_text(derived.hebei_city_plan("保定市"), encoding="utf-8")
    text = derived.text_of("dingzhou-130682.txt").replace("市生态环境局", "市工业和信息化局")
    (more / "dingzhou.txt").write_text(text, encoding="utf-8")
    plankg("ingest", str(more), "--store", str(store), check=True)
    assert_recorded(store)


def test_summarise_records_them(bundled_store: Path, tmp_path: Path, plankg: Run) -> None:
    store = tmp_path / "old"
    shutil.copytree(bundled_store, store)
    with opened(store, read_only=False) as s:
        # a store of an older plankg: no summaries, so no figures of the plans either
        s._store.update(
            "DELETE { GRAPH ?g { ?r ?p ?o } } WHERE { GRAPH ?g { "
            "?r a <https://w3id.org/plankg/ontology#PlanRow> ; ?p ?o } }"
        )
        stamp_modified(s, BASE)
    with opened(store) as s:
        assert read(s, BASE) is None  # not recorded: counted live
        live = count(s, BASE)
        assert figures(s, BASE) == live
    plankg("summarise", "--store", str(store), check=True)
    assert_recorded(store)


def test_a_record_of_another_generation_is_not_served(bundled_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store, store)
    with opened(store, read_only=False) as s:
        recorded = read(s, BASE)
        assert recorded is not None
        # written by other means: the stamp changes, the record stays
        graph = f"{BASE}graph/dataset"
        kept = [t for t in s.triples_of(graph) if "datasetStatistics" in t.predicate.value]
        stamp = stamp_modified(s, BASE, extra=kept)
        assert stamp != recorded.modified
        assert read(s, BASE) is None
        counted = figures(s, BASE).modified
        assert counted and datetime.fromisoformat(counted) == datetime.fromisoformat(stamp)
    assert isinstance(kept[0].object, ox.Literal)
