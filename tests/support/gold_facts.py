"""The gold facts of the annotated plans (tests/gold) in a comparable form, read from a
parsed `Plan` or from the annotation, for robustness tests that rewrite a plan's text.

`check(name, text)` parses a transformed copy of data/plans/NAME and asserts that its
place, measures (titles, agencies, roles, bases), headline and annex targets equal the
gold ones, and that every span quotes the text as given. A transform that changes a
fact on purpose (吨 -> 万吨, agency short forms) passes `adjust` to say how.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ingest.model import Plan, Span
from ingest.parser import parse_bytes
from ingest.text import compact, normalise
from tests.support import transforms as tf
from tests.support.paths import GOLD, PLANS

GOLD_FILES = sorted(GOLD.glob("*.json"))
Facts = dict[str, Any]


@cache
def gold(name: str) -> Facts:
    """The gold annotation of plan file `name` (data/plans/NAME.txt -> tests/gold/NAME.json)."""
    data: Facts = json.loads((GOLD / (Path(name).stem + ".json")).read_text(encoding="utf-8"))
    return data


@cache
def source(name: str) -> str:
    return (PLANS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=4096)
def canon(text: str) -> str:
    """A name or title as the parser reads it: simplified, folded, no blanks or garbage."""
    return compact(normalise(text, simplify=True), text).text


def expected(name: str, script: str | None) -> Facts:
    """The gold facts of plan `name`, names and titles written in `script` (then canon)."""
    g = gold(name)

    def written(text: str) -> str:
        return canon(tf.to_traditional(text, script) if script else text)

    return {
        "code": g["cityCode"],
        "measures": {
            (m["section"], m["number"]): (
                written(m["title"]),
                sorted(
                    (written(a["name"]), a["role"], a["basis"] or "", bool(a.get("carried")))
                    for a in m["agencies"]
                ),
            )
            for m in g["measures"]
        },
        "headline": sorted(
            (
                t["indicator"],
                t["pollutant"] or "",
                Decimal(t["value"]),
                t["unit"],
                t["qualifier"] or "",
                str(t["baseYear"] or ""),
                str(t["targetYear"] or ""),
            )
            for t in g["headlineTargets"]
        ),
        "annex": sorted(
            (
                t["indicator"],
                Decimal(t["value"]),
                t["unit"],
                t["qualifier"] or "",
                written(t["subject"]) if t.get("subject") else "",
            )
            for t in g["annexTargets"]
        ),
    }


def facts(plan: Plan) -> Facts:
    return {
        "code": plan.jurisdiction.code,
        "measures": {
            (m.section_number, m.number): (
                canon(m.title),
                sorted(
                    (canon(r.name_as_written), r.role, r.basis or "", r.carried_forward)
                    for r in [
                        *m.responsibilities,
                        *(r for i in m.items for r in i.responsibilities),
                    ]
                ),
            )
            for m in plan.measures
        },
        "headline": sorted(
            (
                t.indicator,
                t.pollutant or "",
                t.value,
                t.unit,
                t.qualifier,
                str(t.base_year or ""),
                str(t.target_year or ""),
            )
            for t in plan.targets
            if t.scope == "headline"
        ),
        "annex": sorted(
            (t.indicator, t.value, t.unit, t.qualifier, canon(t.subject) if t.subject else "")
            for t in plan.targets
            if t.scope == "annex"
        ),
    }


def assert_spans_quote(plan: Plan) -> None:
    spans: list[Span] = [m.span for m in plan.measures] + [t.span for t in plan.targets]
    for m in plan.measures:
        for r in [*m.responsibilities, *(r for i in m.items for r in i.responsibilities)]:
            spans.append(r.span)
            if r.note is not None:
                spans.append(r.note)
    for s in spans:
        assert 0 <= s.start < s.end <= len(plan.original_text), s
        assert plan.original_text[s.start : s.end] == s.text, s


def check(
    name: str,
    text: str | bytes,
    script: str | None = None,
    adjust: Callable[[Facts], Facts] | None = None,
) -> Plan:
    """Parse the transformed plan `name` and compare with gold; returns the plan.

    `script` is the opencc config the text was converted with (names and titles are then
    expected in that script); `adjust` rewrites the expected facts for a transform that
    changes them.
    """
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    plan = parse_bytes(raw, name)
    got, want = facts(plan), expected(name, script)
    if adjust is not None:
        want = adjust(want)
    assert got["code"] == want["code"]
    assert sorted(got["measures"]) == sorted(want["measures"])
    for key, value in want["measures"].items():
        assert got["measures"][key] == value, f"measure {key}"
    assert got["headline"] == want["headline"]
    assert got["annex"] == want["annex"]
    assert_spans_quote(plan)
    return plan


def plan_name(path: Path) -> str:
    return str(gold(path.name)["file"])
