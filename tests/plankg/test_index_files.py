"""The index files ingest writes (plankg.index_files): the search documents and digests
they hold (and each plan's rows of the per-plan queries) are exactly those read from the
plan graphs (plankg.plan_index.plan_docs, what the service reads without them; and the
per-plan queries evaluated there), for the bundled plans and a generated corpus, after a
first load, after an ingest that replaces and adds plans (the untouched plans' parts are
copied, not derived again), and after `plankg summarise`; a store without them gets them
from the next ingest or `plankg summarise`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from plankg import describe, index_files, joined_answers, plan_answers
from plankg.dataset import read_modified, same_generation
from plankg.plan_index import READ, graph_text, plan_docs, plan_versions
from tests.support import derived
from tests.support.cli import Run
from tests.support.paths import PLANS, ROOT
from tests.support.rdf import BASE
from tests.support.stores import read_only

DINGZHOU = f"{BASE}id/plan/130682"
TIANSHUI = f"{BASE}id/plan/620500"


def assert_files_are_the_graphs(store: Path) -> index_files.Files:
    """The current files are of the store's generation and hold, for every plan, what
    reading its graph gives, in the same order, tagged with the plan's sha256."""
    files = index_files.current(store)
    evaluator = plan_answers.evaluator(BASE)
    read = READ + tuple(sorted(evaluator.predicates - set(READ)))
    joined = READ + tuple(sorted(joined_answers.reads() - set(READ)))
    with read_only(store) as opened:
        generation = read_modified(opened, BASE)
        versions = plan_versions(opened)
        graphs = plan_docs(opened, sorted(versions), BASE)
        rows = {g: evaluator.rows(g, graph_text(opened, g, read)) for g in graphs}
        # each plan as /id/ describes it over the whole store, no scoping, no stored copy
        described = {g: describe.describe(opened, g, BASE) for g in graphs}
        quads = {
            g: plan_answers.read_quads(g, graph_text(opened, g, joined), joined_answers.reads())
            for g in graphs
        }
    assert same_generation(files.generation, generation)
    assert {g: sha for g, (_, _, sha) in files.plans.items()} == versions
    loaded = files.load()
    assert set(loaded) == set(graphs) and graphs
    for graph, (sha, docs, digest) in loaded.items():
        assert sha == versions[graph]
        assert (docs, digest) == graphs[graph], graph
        # and its rows of the per-plan queries (plankg.plan_answers), from the store: the
        # same rows, in the order the plan's triples came (the whole answer sorts them)
        part = files.part(graph, sha)
        assert part is not None
        stored = plan_answers.decode(index_files.answers_of(part))
        assert stored.keys() == rows[graph].keys()
        for name, found in stored.items():
            assert sorted(map(json.dumps, found)) == sorted(map(json.dumps, rows[graph][name]))
        # and its quads the joins-plans queries read (plankg.joined_answers)
        kept = joined_answers.decode(index_files.joined_of(part)).decode()
        assert sorted(kept.splitlines()) == sorted(quads[graph].splitlines()), graph
        # and its description (plankg.describe), read as the service reads it
        reference = described[graph]
        assert reference is not None and len(reference.triples) > 100
        kept_description = index_files.described_of(part)
        assert describe.describe(opened, graph, BASE, graph, kept_description) == reference
    assert files.described == describe.version(BASE)
    assert any(found["targets"] for found in rows.values())
    assert any("rowHeadlineTarget" in found for found in quads.values())
    return files


def test_files_follow_the_store(tmp_path: Path, plankg: Run) -> None:
    store = tmp_path / "store"
    plankg("ingest", str(PLANS), "--store", str(store), "--jobs", "2", check=True)
    first = assert_files_are_the_graphs(store)
    kept = {g: first.part(g, sha) for g, (_, _, sha) in first.plans.items()}
    # one plan replaced, one added: the others' parts are copied from the files before
    more = derived.one_replaced_one_added(tmp_path / "more")
    plankg("ingest", str(more), "--store", str(store), check=True)
    second = assert_files_are_the_graphs(store)
    assert second.directory != first.directory and not first.directory.exists()
    assert len(second.plans) == len(first.plans) + 1
    assert second.part(TIANSHUI, second.plans[TIANSHUI][2]) == kept[TIANSHUI]
    assert second.part(DINGZHOU, second.plans[DINGZHOU][2]) != kept[DINGZHOU]
    # a store without index files (an older plankg) gets them from the next ingest, even
    # of files it holds already, and from `plankg summarise`
    shutil.rmtree(index_files.index_dir(store))
    proc = plankg("ingest", str(PLANS), "--store", str(store), check=True)
    assert "unchanged" in proc.stdout
    assert_files_are_the_graphs(store)
    shutil.rmtree(index_files.index_dir(store))
    plankg("summarise", "--store", str(store), check=True)
    assert_files_are_the_graphs(store)
    # summarise --all rewrites plan graphs: their parts are derived again
    plankg("summarise", "--all", "--store", str(store), check=True)
    assert_files_are_the_graphs(store)


def test_files_of_a_generated_corpus_are_the_graphs(tmp_path: Path, plankg: Run) -> None:
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", "40",
         "--out", str(corpus), "--seed", "11"],
        check=True, capture_output=True,
    )  # fmt: skip
    # exit 1: a generated plan whose place is genuinely ambiguous is refused
    proc = plankg("ingest", str(corpus), "--store", str(store), "--jobs", "2")
    assert proc.returncode in (0, 1), proc.stderr
    files = assert_files_are_the_graphs(store)
    assert len(files.load()) >= 35


def test_parts_without_joined_quads_are_derived_again(tmp_path: Path, plankg: Run) -> None:
    """Files written before the joins-plans quads and the descriptions were kept (their
    index names no version of them, their parts end after the per-plan rows): the next
    ingest derives every part again instead of copying one without them."""
    store = tmp_path / "store"
    plankg("ingest", str(PLANS), "--store", str(store), check=True)
    files = index_files.current(store)
    data = (files.directory / index_files.PARTS).read_bytes()
    plans, parts = {}, b""
    for graph, (offset, length, sha) in files.plans.items():
        part = data[offset : offset + length]
        if part:
            later = index_files.joined_of(part) + index_files.described_of(part)
            part = part[: len(part) - len(later)]
        plans[graph] = (len(parts), len(part), sha)
        parts += part
    (files.directory / index_files.PARTS).write_bytes(parts)
    index = json.loads((files.directory / index_files.INDEX).read_text(encoding="utf-8"))
    del index["joined"], index["described"]
    index["plans"] = plans
    (files.directory / index_files.INDEX).write_text(json.dumps(index), encoding="utf-8")
    older = index_files.current(store)
    kept = older.part(TIANSHUI, plans[TIANSHUI][2]) or b""
    assert older.joined == older.described == "" and not index_files.joined_of(kept)
    assert not index_files.described_of(kept)
    plankg(
        "ingest",
        str(derived.one_replaced_one_added(tmp_path / "more")),
        "--store",
        str(store),
        check=True,
    )
    assert_files_are_the_graphs(store)
