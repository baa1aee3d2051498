"""Shared fixtures: the real `plankg` console script, run as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
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
