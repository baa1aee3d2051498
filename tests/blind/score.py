"""Score the parser on blind sets (tests/blind/README.md): plans nobody here wrote the
parser against, with gold frozen before the first run.

    .venv/bin/python tests/blind/score.py [tests/blind/set1 ...] [--per-plan] [--misses]

Each plan is read as `plankg ingest` reads it (any format), then compared with its gold:
VOCs-lead F1, all-roles F1, headline-targets F1, and plans stored on a wrong place.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ingest.errors import PlanError  # noqa: E402
from ingest.model import AgencyMention, Plan  # noqa: E402
from ingest.pipeline import read_plan  # noqa: E402
from ingest.text import compact, normalise  # noqa: E402

BASE = "https://w3id.org/plankg/"
FIGURES = ("vocs-lead", "all-roles", "headline-targets")
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".doc", ".wps", ".pdf")
Fact = tuple[Any, ...]


def canon(text: str) -> str:
    """A name or title as compared: simplified script, folded, no blanks."""
    return compact(normalise(text, simplify=True), text).text


def item_key(title: str | None) -> str:
    """Items are matched on the start of their title: where a title ends is a judgement
    (up to 。, ：, or the note) that says nothing about who is responsible for it."""
    return canon(title or "")[:6]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, got: set[Fact], want: set[Fact], plan: str) -> None:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)
        self.misses += [f"{plan}: extra {f}" for f in sorted(got - want, key=str)]
        self.misses += [f"{plan}: missing {f}" for f in sorted(want - got, key=str)]

    @property
    def f1(self) -> float:
        return (
            2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0
        )


def gold_facts(g: dict[str, Any]) -> dict[str, set[Fact]]:
    code = g["cityCode"]
    leads: set[Fact] = set()
    roles: set[Fact] = set()
    for m in g["measures"]:
        units = [("", m)] + [(item_key(i["title"]), i) for i in m.get("items", [])]
        for item, unit in units:
            for a in unit["agencies"]:
                name = canon(a["name"])
                key = (code, m["section"], m["number"], item)
                roles.add((*key, name, a["role"], a["basis"] or ""))
                if a["role"] == "lead" and unit.get("primaryTopic") == "VOCs":
                    leads.add((*key, name))
    headline = {
        (code, t["indicator"], t["pollutant"] or "", Decimal(t["value"]), t["unit"],
         t["qualifier"] or "", t["baseYear"], t["targetYear"])
        for t in g["headlineTargets"]
    }  # fmt: skip
    return {"vocs-lead": leads, "all-roles": roles, "headline-targets": headline}


def plan_facts(plan: Plan) -> dict[str, set[Fact]]:
    code = plan.jurisdiction.code
    leads: set[Fact] = set()
    roles: set[Fact] = set()
    for m in plan.measures:
        units: list[tuple[str, str | None, list[AgencyMention]]] = [
            ("", m.primary_topic, m.responsibilities)
        ]
        for i in m.items:
            # an item's own topic where the model has one, else its measure's
            topic = getattr(i, "primary_topic", m.primary_topic)
            units.append((item_key(i.title), topic, i.responsibilities))
        for item, topic, mentions in units:
            for r in mentions:
                name = canon(r.name_as_written)
                key = (code, m.section_number, m.number, item)
                roles.add((*key, name, r.role, r.basis or ""))
                if r.role == "lead" and topic == "VOCs":
                    leads.add((*key, name))
    headline = {
        (
            code,
            t.indicator,
            t.pollutant or "",
            t.value,
            t.unit,
            t.qualifier,
            t.base_year,
            t.target_year,
        )
        for t in plan.targets
        if t.scope == "headline"
    }
    return {"vocs-lead": leads, "all-roles": roles, "headline-targets": headline}


def plans_of(folder: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    for gold in sorted(folder.glob("*.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        doc = folder / g["file"]
        if doc.suffix in SUFFIXES and doc.exists():
            yield doc, g


def score_set(folder: Path, per_plan: bool) -> tuple[dict[str, Score], int, int, int]:
    totals = {f: Score() for f in FIGURES}
    refused = wrong = plans = 0
    for doc, g in plans_of(folder):
        plans += 1
        want = gold_facts(g)
        note = ""
        try:
            plan = read_plan(doc.read_bytes(), doc.name, BASE)
        except PlanError as exc:
            refused += 1
            got: dict[str, set[Fact]] = {f: set() for f in FIGURES}
            note = f"refused: {exc}"
        else:
            got = plan_facts(plan)
            if plan.jurisdiction.code != g["cityCode"]:
                wrong += 1
                note = f"WRONG PLACE {plan.jurisdiction.code}"
        line = []
        for f in FIGURES:
            s = Score()
            s.add(got[f], want[f], doc.name)
            totals[f].add(got[f], want[f], doc.name)
            line.append(f"{s.f1:.2f}")
        if per_plan:
            print(f"  {doc.name:<40} {'  '.join(line)}  {note}")
    return totals, plans, refused, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "sets", nargs="*", type=Path, help="set folders (default: every tests/blind/set*)"
    )
    ap.add_argument("--per-plan", action="store_true", help="a line per plan")
    ap.add_argument("--misses", action="store_true", help="list every fact got wrong")
    args = ap.parse_args()
    sets = args.sets or sorted(p for p in Path(__file__).parent.glob("set*") if p.is_dir())
    print(f"{'set':<24}{'plans':>6}{'VOCs-lead':>11}{'all-roles':>11}{'headline':>10}"
          f"{'refused':>9}{'wrong place':>13}")  # fmt: skip
    for folder in sets:
        totals, plans, refused, wrong = score_set(folder, args.per_plan)
        figures = "".join(f"{totals[f].f1:>11.3f}" for f in FIGURES[:2])
        print(f"{folder.name:<24}{plans:>6}{figures}{totals[FIGURES[2]].f1:>10.3f}"
              f"{refused:>9}{wrong:>13}")  # fmt: skip
        if args.misses:
            for f in FIGURES:
                for miss in totals[f].misses:
                    print(f"    [{f}] {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
