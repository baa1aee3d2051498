"""Data tables the tests read from tests/fixtures/."""

from __future__ import annotations

import csv
import json
from typing import Any

from tests.support.paths import FIXTURES


def tsv_rows(name: str) -> list[tuple[str, ...]]:
    """The rows of a TSV under tests/fixtures/, its header line skipped."""
    with (FIXTURES / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [tuple(row) for row in rows[1:]]


def json_table(name: str) -> Any:
    """A JSON file under tests/fixtures/, its `_about` note dropped."""
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data.pop("_about", None)
    return data
