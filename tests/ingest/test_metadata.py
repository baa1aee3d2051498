"""The metadata file beside a plan (ingest/metadata.py) and --jurisdiction."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import PlanError
from ingest.metadata import PlanMeta, read_meta, sidecar_path


def _plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.txt"
    plan.write_text("x", encoding="utf-8")
    return plan


def test_no_metadata(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    assert sidecar_path(plan) is None and read_meta(plan) is None
    assert read_meta(plan, "110105") == PlanMeta("110105", "--jurisdiction")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("plan.meta.yaml", "jurisdiction: 110105\nsource: https://example.org/p.html\nissued: 2022-06-30\n"),
        ("plan.meta.yml", "jurisdiction: '110105'\nsource: https://example.org/p.html\nissued: '2022-06-30'\n"),
        ("plan.meta.json", '{"jurisdiction": "110105", "source": "https://example.org/p.html", "issued": "2022-06-30"}'),
    ],
)  # fmt: skip
def test_sidecar_forms(tmp_path: Path, name: str, text: str) -> None:
    plan = _plan(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    meta = read_meta(plan)
    assert meta == PlanMeta(
        "110105", str(tmp_path / name), "https://example.org/p.html", "2022-06-30"
    )
    # --jurisdiction wins over the file's, the rest of the file stays.
    over = read_meta(plan, "220104")
    assert over is not None and (over.jurisdiction, over.jurisdiction_from) == (
        "220104",
        "--jurisdiction",
    )
    assert over.source_url == "https://example.org/p.html"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("jurisdiction: 1101\n", "not a six-digit GB/T 2260 code"),
        ("place: 110105\n", "unknown key(s) place"),
        ("issued: 30 June\n", "not a date"),
        ("source: ftp://example.org/x\n", "not an http(s) URL"),
        ("source: https://example.org/<x>\n", "not a valid IRI"),
        ("- 110105\n", "must hold a mapping"),
        ("jurisdiction: [\n", "not YAML"),
    ],
)
def test_bad_sidecar_is_one_line_naming_the_file(tmp_path: Path, text: str, reason: str) -> None:
    plan = _plan(tmp_path)
    side = tmp_path / "plan.meta.yaml"
    side.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        read_meta(plan)
    assert info.value.source == str(side) and reason in info.value.reason
    assert "\n" not in str(info.value)


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    (tmp_path / "plan.meta.json").write_text('{\n"jurisdiction": 110105,\n}', encoding="utf-8")
    with pytest.raises(PlanError, match="not JSON") as info:
        read_meta(plan)
    assert info.value.line == 3
