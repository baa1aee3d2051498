"""A store whose plans have no summaries (ingested before they existed) never answers the
questions that read them with rows missing: the command line and the service refuse in
one line saying what to run, `plankg summarise` derives them, and ingesting the same
files again does too instead of skipping them as unchanged."""

from __future__ import annotations

import gc
import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from plankg.summarised import ROW_CLASSES
from tests.support.cli import Run
from tests.support.paths import PLANS
from tests.support.servers import running_server

SUMMARISED = ("lead-agencies", "plans", "targets")


def _strip_summaries(store: Path) -> None:
    """What a store ingested by a plankg without summaries holds."""
    opened = ox.Store(str(store))
    for cls in ROW_CLASSES:
        opened.update(
            f"DELETE {{ GRAPH ?g {{ ?r ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?r a <{cls}> ; ?p ?o }} }}"
        )
    assert not opened.query(f"ASK {{ GRAPH ?g {{ ?r a <{ROW_CLASSES[0]}> }} }}")
    del opened
    gc.collect()


@pytest.fixture
def old_store(bundled_store: Path, tmp_path: Path) -> Path:
    store = tmp_path / "old"
    shutil.copytree(bundled_store, store)
    _strip_summaries(store)
    return store


def test_the_command_line_refuses_in_one_line(old_store: Path, plankg: Run) -> None:
    for name in SUMMARISED:
        proc = plankg("query", name, "--store", str(old_store))
        assert proc.returncode == 2 and not proc.stdout
        assert proc.stderr.count("\n") == 1, proc.stderr
        assert "5 of 5 plans" in proc.stderr and "plankg summarise" in proc.stderr
    # what reads no summary still answers
    assert plankg("query", "responsibilities", "--store", str(old_store), check=True).stdout


def test_summarise_derives_what_ingest_would(
    old_store: Path, bundled_store: Path, plankg: Run
) -> None:
    proc = plankg("summarise", "--store", str(old_store), check=True)
    assert proc.stdout.count("\nok ") + proc.stdout.startswith("ok ") == 5
    assert f"5 plans summarised in {old_store}" in proc.stdout
    for name in SUMMARISED:
        ours = plankg("query", name, "--store", str(old_store), "--format", "tsv", check=True)
        fresh = plankg("query", name, "--store", str(bundled_store), "--format", "tsv", check=True)
        assert ours.stdout == fresh.stdout
    again = plankg("summarise", "--store", str(old_store), check=True)
    assert "0 plans summarised" in again.stdout  # nothing left to do
    assert "5 plans summarised" in plankg("summarise", "--all", "--store", str(old_store)).stdout


def test_ingest_derives_them_for_unchanged_files(old_store: Path, plankg: Run) -> None:
    proc = plankg("ingest", str(PLANS), "--store", str(old_store), check=True)
    assert "5 of 5 plans ingested" in proc.stdout and "unchanged" not in proc.stdout
    assert plankg("query", "plans", "--store", str(old_store), check=True).stdout
    rerun = plankg("ingest", str(PLANS), "--store", str(old_store), check=True)
    assert "(5 unchanged, skipped)" in rerun.stdout


def test_the_service_answers_503_saying_what_to_run(old_store: Path) -> None:
    with running_server(old_store, env={"PLANKG_CACHE_BYTES": "0"}) as url:
        # one city's questions always read its summaries; whole-country ones may be read
        # from the answers and digests written beside the store, which need none
        for path in ("/queries/targets?city=130682", "/queries/emission-reductions?city=130682"):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(url + path, timeout=30)
            assert info.value.code == 503
            problem = json.loads(info.value.read())
            assert "plankg summarise" in problem["detail"], problem
        with urllib.request.urlopen(url + "/queries/responsibilities?city=130682") as ok:
            assert ok.status == 200
