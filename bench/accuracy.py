"""How many gold facts survive the ways real plans differ (../shared/VARIETY.md).

Each bundled plan (data/plans, gold in tests/gold) is rewritten by random combinations of
the catalogue's text transforms (tests/support/transforms.py: script, encodings, web furniture and
repost leads, PDF line breaks, page numbers and compatibility characters, numbering
styles, title layouts, cover notices) and parsed again. It prints, beside the untouched
plans as the baseline of the same run, the issue's three figures:

- VOCs-lead F1: (place, measure, lead agency) over the measures whose primary topic is
  VOCs in the untouched plan;
- all-roles F1: (place, measure, agency, role, basis) over every responsibility;
- headline targets F1: (place, indicator, pollutant, value, unit, qualifier, years);

and how many rewritten plans were refused or attached to another place.

    .venv/bin/python bench/accuracy.py [--per-plan 40] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the project, not bench/

from ingest.errors import PlanError  # noqa: E402
from ingest.model import Plan  # noqa: E402
from ingest.parser import parse_bytes  # noqa: E402
from tests.support import transforms as tf  # noqa: E402
from tests.support.gold_facts import canon  # noqa: E402

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
Fact = tuple[object, ...]

# One choice per phenomenon group; None leaves the text as it is. Applied in the order a
# real plan gets them: how it was drafted (numbering, titles, notice), then converted
# (script), then published (PDF, web page).
GROUPS: dict[str, list[Callable[[str], str] | None]] = {
    "numbering": [None, lambda t: tf.renumber_measures(t, "1．"),
                  lambda t: tf.renumber_measures(t, "1、"),
                  lambda t: tf.renumber_measures(t, "(一)")],
    "titles": [None, tf.titles_on_own_line, lambda t: tf.inline_titles(tf.titles_on_own_line(t))],
    "notice": [None, tf.add_notice, tf.closing_signature],
    "script": [None, tf.to_traditional, tf.to_taiwan],
    "pdf": [None, tf.pdf_breaks, lambda t: tf.pdf_breaks(t, width=50, spaces=True, compat=True),
            tf.space_digits, tf.kangxi],
    "source": [None, tf.web_furniture, tf.repost_lead,
               lambda t: tf.web_furniture(t, indent="&nbsp;" * 4)],
}  # fmt: skip


def facts(plan: Plan, vocs: set[tuple[int, int]]) -> dict[str, set[Fact]]:
    code = plan.jurisdiction.code
    roles: set[Fact] = set()
    leads: set[Fact] = set()
    for m in plan.measures:
        for r in [*m.responsibilities, *(r for i in m.items for r in i.responsibilities)]:
            name = canon(r.name_as_written)
            roles.add((code, m.section_number, m.number, name, r.role, r.basis or ""))
            if r.role == "lead" and (m.section_number, m.number) in vocs:
                leads.add((code, m.section_number, m.number, name))
    headline: set[Fact] = {
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


def f1(got: set[Fact], want: set[Fact]) -> tuple[int, int, int]:
    return len(got & want), len(got - want), len(want - got)


def _add(total: list[int], counts: tuple[int, int, int]) -> None:
    for i, c in enumerate(counts):
        total[i] += c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--per-plan", type=int, default=40, help="rewritten copies of each plan")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    names = ("vocs-lead", "all-roles", "headline-targets")
    totals = {run: {n: [0, 0, 0] for n in names} for run in ("baseline", "rewritten")}
    refused = wrong_place = rewritten = 0
    for path in sorted(PLANS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        original = parse_bytes(text.encode("utf-8"), path.name)
        vocs = {
            (m.section_number, m.number) for m in original.measures if m.primary_topic == "VOCs"
        }
        gold = facts(original, vocs)  # the untouched plans score 1.0 against tests/gold
        for n in names:
            _add(totals["baseline"][n], f1(gold[n], gold[n]))
        for _ in range(args.per_plan):
            steps = [s for s in (rng.choice(options) for options in GROUPS.values()) if s]
            rewritten += 1
            try:
                plan = parse_bytes(tf.compose(*steps)(text).encode("utf-8"), path.name)
            except PlanError:
                refused += 1
                got: dict[str, set[Fact]] = {n: set() for n in names}
            else:
                if plan.jurisdiction.code != original.jurisdiction.code:
                    wrong_place += 1
                got = facts(plan, vocs)
            for n in names:
                _add(totals["rewritten"][n], f1(got[n], gold[n]))
    plans = len(list(PLANS.glob("*.txt")))
    print(f"{plans} bundled plans, {rewritten} rewritten copies (seed {args.seed})")
    print(f"{'figure':<18}{'baseline F1':>12}{'rewritten F1':>14}{'ratio':>8}   (tp/fp/fn)")
    for n in names:
        scores = {}
        for run in ("baseline", "rewritten"):
            tp, fp, fn = totals[run][n]
            scores[run] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        tp, fp, fn = totals["rewritten"][n]
        print(
            f"{n:<18}{scores['baseline']:>12.3f}{scores['rewritten']:>14.3f}"
            f"{scores['rewritten'] / scores['baseline']:>8.3f}   ({tp}/{fp}/{fn})"
        )
    print(f"refused: {refused} of {rewritten}; attached to another place: {wrong_place}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
