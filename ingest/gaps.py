"""Gaps the responsibility reading leaves, reported so none passes in silence: agencies typed
"other" and measures no note gives an agency. Notes that name no agency are found where
the notes are read (ingest/responsibility.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import get_args

from ingest.model import AgencyMention, Gap, GapKind, Measure, Plan, Span

# Measures of these kinds state aims, not tasks: no note is expected (指导思想, 主要目标).
_NO_NOTE_EXPECTED = {"general"}
# Safeguards often have no notes at all; a missing one counts only beside noted ones.
_NOTE_OPTIONAL = {"safeguard"}


def responsibility_gaps(plan: Plan) -> Iterator[Gap]:
    seen: set[str] = set()
    expected = {id(m) for m in task_measures(plan)}
    for measure in plan.measures:
        for mention in _mentions(measure):
            if mention.agency_type == "other" and mention.full_name not in seen:
                seen.add(mention.full_name)
                yield Gap("agency-type-other", mention.span, mention.name_as_written)
        if id(measure) in expected and not any(True for _ in _mentions(measure)):
            title_end = min(len(measure.span.text), len(measure.title) + 8)
            head = measure.span.text[:title_end]
            span = Span(measure.span.start, measure.span.start + len(head), head)
            yield Gap(
                "measure-without-responsibility",
                span,
                f"{measure.section_number}-{measure.number} {measure.title}",
            )


def _mentions(measure: Measure) -> Iterator[AgencyMention]:
    yield from measure.responsibilities
    for item in measure.items:
        yield from item.responsibilities


def task_measures(plan: Plan) -> list[Measure]:
    """The measures a note is expected for: key projects, policy mechanisms and the rest,
    and safeguards (保障措施) where the plan gives a note to some measure of their section;
    not 指导思想 / 主要目标."""
    noted = {m.section_number for m in plan.measures if any(True for _ in _mentions(m))}
    return [
        m
        for m in plan.measures
        if m.kind not in _NO_NOTE_EXPECTED
        and (m.kind not in _NOTE_OPTIONAL or m.section_number in noted)
    ]


def facts(plan: Plan) -> dict[str, int]:
    """How many facts of each kind were read: the plan's completeness in numbers."""
    tasks = task_measures(plan)
    return {
        "measures": len(plan.measures),
        "taskMeasures": len(tasks),
        "measuresWithResponsibility": sum(1 for m in tasks if any(True for _ in _mentions(m))),
        "responsibilities": sum(sum(1 for _ in _mentions(m)) for m in plan.measures),
        "targets": len(plan.targets),
        "gaps": len(plan.gaps),
    }


def coverage(counts: dict[str, int]) -> Decimal | None:
    """Share of task measures with a responsibility, 3 decimals; None with no tasks."""
    if not counts["taskMeasures"]:
        return None
    share = Decimal(counts["measuresWithResponsibility"]) / Decimal(counts["taskMeasures"])
    return share.quantize(Decimal("0.001"))


def gaps_by_kind(plan: Plan) -> dict[str, int]:
    """Gap counts by kind, kinds in the model's order (GapKind), only those present."""
    counts = {kind: 0 for kind in get_args(GapKind)}
    for gap in plan.gaps:
        counts[gap.kind] += 1
    return {kind: n for kind, n in counts.items() if n}
