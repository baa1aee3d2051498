"""The search index the service builds (api.web.search_index) reads the index files
ingest wrote (plankg.index_files) while they are of the store's generation, and then
answers as the index read from the plan graphs; stale files (the store written since by
other means), files of another format, damaged ones or none at all are not read: the
graphs are, and one log line says why."""

from __future__ import annotations

import gc
import json
import logging
import shutil
from pathlib import Path

import pytest

from api.tasks import TASKS
from api.web.search_index import SearchIndex
from plankg import index_files
from plankg.backends import StoreSpec
from plankg.dataset import stamp_modified
from plankg.plan_index import plan_docs, plan_versions
from plankg.store import EmbeddedStore
from tests.support.aio import run
from tests.support.cli import Run
from tests.support.paths import PLANS
from tests.support.rdf import BASE
from tests.support.stores import read_only
from workers.in_process import InProcessExecutor

DINGZHOU = f"{BASE}id/plan/130682"


def _index(
    store: Path, caplog: pytest.LogCaptureFixture, files: bool = True
) -> tuple[SearchIndex, str]:
    """The search index the service builds for `store` (in-process workers; `files`:
    given the store's folder, as for an embedded store, else as for a remote server),
    and what it logged."""
    index = SearchIndex(store if files else None)

    async def build() -> None:
        executor = InProcessExecutor(StoreSpec(store), TASKS)
        try:
            await index.refresh(executor, BASE, None, 60.0, fixed=True)
        finally:
            await executor.close()
            gc.collect()  # the store closed: a later writer may open it

    with caplog.at_level(logging.INFO, logger="api.web.search_index"):
        caplog.clear()
        run(build)
        said = "\n".join(r.getMessage() for r in caplog.records)
    return index, said


def test_the_service_reads_current_files_and_not_stale_ones(
    tmp_path: Path, plankg: Run, caplog: pytest.LogCaptureFixture
) -> None:
    store = tmp_path / "store"
    plankg("ingest", str(PLANS), "--store", str(store), check=True)
    index, said = _index(store, caplog)
    assert "from the index files" in said and "reading the plan graphs" not in said
    with read_only(store) as opened:
        graphs = plan_docs(opened, sorted(plan_versions(opened)), BASE)
    assert index.digests == [graphs[g][1] for g in sorted(graphs)]
    # the same answers as the index read from the graphs, in the same order
    graphs_index, said = _index(store, caplog, files=False)
    assert "keeps no index files" in said
    assert graphs_index.digests == index.digests and len(graphs_index) == len(index)
    for query, filters in (("挥发性有机物", {}), ("光伏", {"kind": "measure"}), ("局", {})):
        found, expected = index.search(query, filters), graphs_index.search(query, filters)
        assert found.total > 0 and found.total == expected.total
        assert [found.doc(i) for i in found.ids] == [expected.doc(i) for i in expected.ids]
        assert found.facets == expected.facets
    # files of another format (another plankg's) are not read
    index_json = index_files.current(store).directory / index_files.INDEX
    written = index_json.read_text(encoding="utf-8")
    index_json.write_text(json.dumps({**json.loads(written), "format": 0}), encoding="utf-8")
    _, said = _index(store, caplog)
    assert "the index files are of format 0" in said and "reading the plan graphs" in said
    index_json.write_text(written, encoding="utf-8")
    # nor damaged ones
    parts = index_json.parent / index_files.PARTS
    whole = parts.read_bytes()
    parts.write_bytes(whole[: len(whole) // 2])
    _, said = _index(store, caplog)
    assert "the index files cannot be read" in said and "reading the plan graphs" in said
    parts.write_bytes(whole)
    # the store written since by other means (here: a plan dropped and the generation
    # stamped, the files left as they were): the files are not used
    opened = EmbeddedStore(store)
    try:
        opened.replace_graph(DINGZHOU, [], "")
        stamp_modified(opened, BASE)
    finally:
        del opened
        gc.collect()
    stale, said = _index(store, caplog)
    assert "the index files are of generation" in said and "reading the plan graphs" in said
    assert DINGZHOU not in {d.graph for d in stale.digests}
    assert len(stale.digests) == len(index.digests) - 1
    # no files at all: one line says so
    shutil.rmtree(index_files.index_dir(store))
    _, said = _index(store, caplog)
    assert "the store has no index files" in said
