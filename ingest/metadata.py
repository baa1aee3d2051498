"""What the user says about a plan that its text may not: the jurisdiction, where it was
published, when it was issued. From `--jurisdiction CODE` or a metadata file beside the
plan: `plan.meta.json`, `plan.meta.yaml` or `plan.meta.yml` next to `plan.txt` (any plan
file: the name less its last suffix, plus `.meta.json`)::

    jurisdiction: "110105"        # GB/T 2260 code (100000: the whole country)
    source: https://www.example.gov.cn/zwgk/plan.html
    issued: 2022-06-30
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import yaml

from ingest.errors import PlanError

SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
_KEYS = {"jurisdiction", "source", "issued"}


@dataclass(frozen=True)
class PlanMeta:
    jurisdiction: str | None = None
    jurisdiction_from: str = "--jurisdiction"  # where the code came from, for the evidence
    source_url: str | None = None
    issued: str | None = None  # ISO date


def sidecar_path(path: Path) -> Path | None:
    """The metadata file beside `path`, if there is one."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def read_meta(path: Path | None, jurisdiction: str | None = None) -> PlanMeta | None:
    """The plan's metadata: its sidecar file's (none for a URL, `path` None), with
    `jurisdiction` (--jurisdiction) over the file's. None when there is neither."""
    side = sidecar_path(path) if path is not None else None
    meta = _read_sidecar(side) if side else PlanMeta()
    if jurisdiction is not None:
        meta = PlanMeta(_code(jurisdiction, "--jurisdiction"), "--jurisdiction",
                        meta.source_url, meta.issued)  # fmt: skip
    if meta == PlanMeta():
        return None
    return meta


def _code(value: object, where: str) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"\d{6}", text):
        raise PlanError(where, f"jurisdiction {value!r} is not a six-digit GB/T 2260 code")
    return text


def _read_sidecar(side: Path) -> PlanMeta:
    where = str(side)
    try:
        raw = side.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(where, f"cannot read the metadata file: {exc}") from exc
    try:
        # YAML dates parse as dates; JSON is YAML too, but its own parser names the line.
        data = json.loads(raw) if side.suffix == ".json" else yaml.safe_load(raw)
    except json.JSONDecodeError as exc:
        raise PlanError(where, f"not JSON: {exc.msg}", line=exc.lineno) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PlanError(where, f"not YAML: {getattr(exc, 'problem', exc)}", line=line) from exc
    if data is None:
        return PlanMeta()
    if not isinstance(data, dict):
        raise PlanError(
            where, "the metadata file must hold a mapping (jurisdiction, source, issued)"
        )
    unknown = sorted(str(k) for k in data if k not in _KEYS)
    if unknown:
        raise PlanError(
            where, f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
        )
    code = _code(data["jurisdiction"], where) if data.get("jurisdiction") is not None else None
    source = data.get("source")
    if source is not None and not (
        isinstance(source, str) and re.fullmatch(r"https?://\S+", source.strip())
    ):
        raise PlanError(where, f"source {source!r} is not an http(s) URL")
    if isinstance(source, str):
        try:
            ox.NamedNode(source.strip())  # it becomes the plan's dcterms:source
        except ValueError as exc:
            raise PlanError(where, f"source {source!r} is not a valid IRI: {exc}") from exc
    issued = data.get("issued")
    if issued is not None:
        issued = _date(issued, where)
    return PlanMeta(code, where, source.strip() if isinstance(source, str) else None, issued)


def _date(value: object, where: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise PlanError(where, f"issued {value!r} is not a date (YYYY-MM-DD)") from exc
