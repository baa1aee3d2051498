"""The README's worked example runs as written and prints what the README shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.conftest import ROOT, Run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.DOTALL)


def test_flagship_example_output_matches(plankg: Run, tmp_path: Path) -> None:
    commands = next(b for b in _blocks("sh") if "lead-agencies" in b).strip().splitlines()
    expected = _blocks("csv")[0]
    store = tmp_path / "store"
    output = ""
    for line in commands:
        args = shlex.split(line)
        assert args[0] == ".venv/bin/plankg"
        output = plankg(*args[1:], "--store", str(store), check=True).stdout
    assert output.replace("\r\n", "\n") == expected


def test_make_targets_named_in_readme_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
