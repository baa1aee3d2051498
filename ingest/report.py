"""The per-plan report of what was read and what looked like a fact but gave none, so
no gap passes in silence: `plankg validate --report json` prints it, `plankg ingest`
summarises it in one line per plan (`counts_line`). Plain JSON-ready data, so it crosses from worker
processes as it is."""

from __future__ import annotations

from ingest.gaps import coverage, facts, gaps_by_kind
from ingest.model import Plan


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def plan_report(plan: Plan, iri: str) -> dict[str, object]:
    counts = facts(plan)
    share = coverage(counts)
    text = plan.original_text
    return {
        "file": plan.source_name,
        "plan": iri,
        "jurisdiction": {
            "code": plan.jurisdiction.code,
            "name": plan.jurisdiction.name,
            "evidence": [
                {"kind": e.kind, "text": e.text, "codes": list(e.codes)}
                for e in plan.jurisdiction_evidence
            ],
        },
        "facts": {**counts, "responsibilityCoverage": None if share is None else float(share)},
        "gapsByKind": gaps_by_kind(plan),
        "gaps": [
            {
                "kind": g.kind,
                "line": _line(text, g.span.start),
                "start": g.span.start,
                "end": g.span.end,
                "text": g.span.text,
                "detail": g.detail,
            }
            for g in plan.gaps
        ],
    }


def counts_line(report: dict[str, object]) -> str:
    """`N measures, N responsibilities, N targets; gaps: 2 note-without-agency, …`"""
    counts = report["facts"]
    by_kind = report["gapsByKind"]
    assert isinstance(counts, dict) and isinstance(by_kind, dict)
    gaps = ", ".join(f"{n} {kind}" for kind, n in by_kind.items()) or "none"
    return (
        f"{counts['measures']} measures, {counts['responsibilities']} responsibilities, "
        f"{counts['targets']} targets; gaps: {gaps}"
    )
