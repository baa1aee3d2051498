"""Fixtures for every test directory: the real `plankg` console script, the bundled
plans ingested through it, the two store backends, files a plan ingest refuses, and the
bundled plans in the formats governments publish."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from ingest.parser import parse_bytes
from plankg.store import EmbeddedStore
from tests.support.cli import Run, plankg_exe
from tests.support.document_fixtures import (
    HAS_OCR,
    HAS_OFFICE,
    NAMES,
    OCR_PLANS,
    Fixture,
    build_all,
    facts,
)
from tests.support.paths import FIXTURES, PLANS, ROOT
from tests.support.rdf import BASE
from tests.support.stores import read_only

__all__ = ["ROOT", "Run"]  # tests/test_readme.py imports these from here


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


@pytest.fixture(scope="module")
def bundled_open(bundled_store: Path) -> Iterator[EmbeddedStore]:
    """The bundled store opened read-only in this process, closed after the module."""
    with read_only(bundled_store) as opened:
        yield opened


BACKENDS = ("embedded", "remote")


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each server test module runs twice: on the embedded store, and with `--endpoint`
    on a real `oxigraph serve` (every feature must work the same in both modes)."""
    mode: str = request.param
    return mode


BAD_PLANS = FIXTURES / "bad-plans"


@pytest.fixture(scope="session")
def bad_files() -> dict[str, str]:
    """Files an ingest refuses (tests/fixtures/bad-plans/), each with the reason it gives."""
    reasons: dict[str, str] = json.loads((BAD_PLANS / "reasons.json").read_text(encoding="utf-8"))
    return reasons


@pytest.fixture
def bad_dir(tmp_path: Path, bad_files: dict[str, str]) -> Path:
    """A folder of plans: the refused files, a plan cut short, and one good plan."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in bad_files:
        shutil.copy(BAD_PLANS / name, folder / name)
    text = (PLANS / "dingzhou-130682.txt").read_text(encoding="utf-8")
    cut = text[: text.index("（四）交通物流节能减排工程") + 40]
    (folder / "truncated.txt").write_bytes(cut.encode("utf-8"))
    shutil.copy(PLANS / "tianshui-620500.txt", folder / "tianshui.txt")
    return folder


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the published-format documents are built: PLANKG_FIXTURE_CACHE keeps them
    between sessions; else one folder for the run, which its pytest-xdist processes share
    (the LibreOffice conversions are slow, and the same in each)."""
    cached = os.environ.get("PLANKG_FIXTURE_CACHE")
    if cached:
        return Path(cached)
    run = tmp_path_factory.getbasetemp()
    return (run.parent if "PYTEST_XDIST_WORKER" in os.environ else run) / "documents"


@pytest.fixture(scope="session")
def fixtures(fixture_dir: Path) -> dict[str, Fixture]:
    """Every bundled plan as .docx, .doc, .pdf, a scanned .pdf and CMS pages, built once: a
    second process waits for the first to finish them (build_all keeps the files made)."""
    fixture_dir.mkdir(parents=True, exist_ok=True)
    with (fixture_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return build_all(NAMES, fixture_dir, HAS_OFFICE, OCR_PLANS if HAS_OCR else [])


@pytest.fixture(scope="session")
def expected() -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """The facts of each bundled plan read from its .txt, which every format must give."""
    return {
        name: facts(parse_bytes((PLANS / f"{name}.txt").read_bytes(), f"{name}.txt"))
        for name in NAMES
    }


# The ontology and the SKOS vocabularies, each parsed once: what the mapper writes against
# and the pages name things by.
VOCAB = ROOT / "ontology" / "vocab"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "plankg.ttl", format="turtle")


@pytest.fixture(scope="session")
def vocab_files() -> dict[str, Graph]:
    return {
        p.stem: Graph().parse(p, format="turtle", publicID=BASE)
        for p in sorted(VOCAB.glob("*.ttl"))
    }


@pytest.fixture(scope="session")
def vocab(vocab_files: dict[str, Graph]) -> Graph:
    g = Graph()
    for part in vocab_files.values():
        g += part
    return g
