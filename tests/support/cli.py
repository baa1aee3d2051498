"""The real `plankg` console script, run as a user would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]


def plankg_exe() -> list[str]:
    exe = shutil.which("plankg", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "plankg.cli"]


def query_json(run: Run, store: Path, query: str, *params: str) -> list[dict[str, str]]:
    args = ["query", query, "--store", str(store), "--format", "json"]
    for p in params:
        args += ["--param", p]
    proc = run(*args, check=True)
    data = json.loads(proc.stdout)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]
