"""The order the suite's files run in: the longest first.

`make test` hands whole files to two processes (`--dist loadfile`), in collection order
(`--no-loadscope-reorder`; by default pytest-xdist starts with the files holding the most
tests, which put long files of few tests, the interrupted ingests among them, last). A
long file started last keeps one process busy after the other has run out of work;
started first, the short files fill in around it.

LONGEST_FIRST is measured (the seconds each file took, summed over its tests, on the
2-core CI machine); the files not named keep their collection order after them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import ROOT

LONGEST_FIRST = (
    "tests/plankg/test_remote.py",
    "tests/ingest/test_robust_text.py",
    "tests/api/test_national.py",
    "tests/ingest/test_documents.py",
    "tests/ingest/test_parallel.py",
    "tests/ingest/test_summaries.py",
    "tests/ingest/test_robust_notes.py",
    "tests/plankg/test_cli.py",
    "tests/e2e/test_documents.py",
    "tests/e2e/test_readme.py",
    "tests/e2e/test_packaging.py",
    "tests/api/test_compaction.py",
    "tests/api/test_webapp.py",
    "tests/api/test_dataset.py",
    "tests/e2e/test_browser_webapp.py",
    "tests/api/test_evidence_pages.py",
    "tests/api/test_limits.py",
    "tests/api/test_w3c_protocol.py",
    "tests/api/test_api.py",
    "tests/api/test_openapi.py",
    "tests/e2e/test_browser_sparql.py",
    "tests/plankg/test_index_files.py",
    "tests/ingest/test_robust_targets.py",
    "tests/plankg/test_summarised.py",
    "tests/api/test_ops.py",
    "tests/ingest/test_topics.py",
    "tests/e2e/test_browser_evidence.py",
    "tests/api/test_scoping.py",
)


def longest_first(items: list[pytest.Item]) -> None:
    """Sorts `items` in place: the files of LONGEST_FIRST first, in its order, each file's
    tests kept together and in their order."""
    missing = [name for name in LONGEST_FIRST if not (ROOT / name).is_file()]
    if missing:
        raise pytest.UsageError(f"tests/support/schedule.py names no such file: {missing}")
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(_file(item), len(rank)))


def _file(item: pytest.Item) -> str:
    path = Path(item.path)
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
