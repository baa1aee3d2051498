"""Robustness of the headline targets, from the bundled plans themselves.

Each bundled plan's own headline sentences (the energy-intensity statement and the
pollutant statement) are found in its text and rebuilt the ways real plans word them
(../shared/VARIETY.md §4): pollutant order, full or abbreviated names, separators,
吨 versus 万吨 with the values scaled, units per figure or once at the end, connective
(分别 + verb, with or without adverbs), one pollutant per clause, pairs after the
indicator, the verb first, total-emission percent cuts beside the tonnages, targets
without a figure, counts that disagree, other quantities (industrial water use, a headline
target of its own; CO2 intensity, no indicator; coal) in the same sentence;
every energy-intensity wording with its qualifiers and aspirational figures. Hypothesis
chooses the combinations; the plan is re-parsed with `parse_bytes` and its gold headline
targets (tests/gold) must come out, scaled back, with the rows the rewrite adds and
without the rows it removes. Every figure written comes from the plan or its gold.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.model import Plan
from ingest.numbers import canonical
from ingest.parser import parse_bytes
from ingest.text import decode
from tests.support.paths import GOLD, PLANS

STEMS = sorted(p.stem for p in GOLD.glob("*.json"))
E = "key-project-emission-reduction"
T = "total-emission-reduction"
EI = "energy-intensity-reduction"
EA = "energy-intensity-annual-reduction"
# The indicators the rewrites touch; other gold rows (coal, increment) must stay as they are.
REWRITTEN = {E, T, EI, EA}

FULL = {"化学需氧量": "COD", "氨氮": "NH3-N", "氮氧化物": "NOx", "挥发性有机物": "VOCs"}
NAME_OF = {code: name for name, code in FULL.items()}
ABBREVIATIONS = {
    "COD": ("COD",),
    "NH3-N": ("NH3-N", "NH₃-N"),
    "NOx": ("NOx", "NOₓ"),
    "VOCs": ("VOCs",),
}
_NAME = r"(?:化学需氧量|氨氮|氮氧化物|挥发性有机物)(?:（[^）]*）)?"
# The test's own reading of where a plan states its pollutant figures (not the parser's).
_POLLUTANT_STATEMENT = re.compile(
    rf"(?P<names>{_NAME}(?:[、和]{_NAME}){{3}})(?P<mid>[^，。\d]*?重点工程减排量)(?P<conn>[^，。\d]*)"
    r"(?P<figs>\d[\d.\s]*万?吨(?:\s*[、和]\s*\d[\d.\s]*万?吨){3})"
)
_ENERGY_STATEMENT = re.compile(
    r"单位(?:地区|国内)?生产总值(?:能源消耗|能耗)比\s*2020\s*年下降\s*(?P<value>[\d.]+)\s*[%％]"
    r"(?P<suffix>以上)?"
)
_FIGURE = re.compile(r"(?P<num>\d[\d.\s]*?)\s*(?P<unit>万?吨)")

Row = tuple[str, str, Decimal, str, str, int, int]


@dataclass(frozen=True)
class Headline:
    """A bundled plan, where its headline statements are, and its gold rows."""

    stem: str
    text: str
    pollutants: tuple[int, int]  # span of the pollutant statement
    order: tuple[str, ...]  # pollutant codes in the plan's order
    tonnes: dict[str, Decimal]
    mid: str  # the indicator words as written, e.g. 等主要污染物重点工程减排量
    energy: tuple[int, int]
    energy_value: Decimal
    follow_up: bool  # a follow-up clause (年均下降) comes right after the energy figure
    gold: tuple[Row, ...]


@cache
def headline(stem: str) -> Headline:
    raw = (PLANS / f"{stem}.txt").read_bytes()
    text, _ = decode(raw, stem)
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    rows = tuple(
        (t["indicator"], t["pollutant"] or "", Decimal(t["value"]), t["unit"], t["qualifier"],
         t["baseYear"], t["targetYear"])
        for t in gold["headlineTargets"]
    )  # fmt: skip
    start = text.index("主要目标")
    p = _POLLUTANT_STATEMENT.search(text, start)
    e = _ENERGY_STATEMENT.search(text, start)
    assert p and e, stem
    order = tuple(FULL[n] for n in re.findall("|".join(FULL), p.group("names")))
    tonnes = {}
    for code, f in zip(order, _FIGURE.finditer(p.group("figs")), strict=True):
        number = Decimal(re.sub(r"\s", "", f.group("num")))
        tonnes[code] = number * (10000 if f.group("unit") == "万吨" else 1)
    # The test's reading agrees with the gold before anything is rewritten.
    assert {r[1]: r[2] for r in rows if r[0] == E} == tonnes, stem
    assert [r[2] for r in rows if r[0] == EI] == [Decimal(e.group("value"))], stem
    return Headline(
        stem, text, p.span(), order, tonnes, p.group("mid"), e.span(),
        Decimal(e.group("value")), text[e.end() : e.end() + 12].find("年均") >= 0, rows,
    )  # fmt: skip


# ------------------------------------------------------------------ decoys


@lru_cache(maxsize=1)
def decoys() -> dict[str, str]:
    """Clauses naming other quantities, as the bundled plans write them."""
    texts = [decode(p.read_bytes(), p.name)[0] for p in sorted(PLANS.glob("*.txt"))]
    every = "\n".join(texts)
    water = re.search(r"万元工业增加值用水量下降[\d.]+[%％]", every)
    coal = re.search(r"煤炭消费总量较2020年保持负增长、控制在\d+万吨左右", every)
    co2 = re.search(r"单位生产总值二氧化碳排放", every)
    figure = re.search(r"下降([\d.]+)[%％]", water.group(0) if water else "")
    assert water and coal and co2 and figure
    return {
        "water": water.group(0),
        "coal": coal.group(0),
        "co2": f"{co2.group(0)}比2020年下降{figure.group(1)}%",
    }


# ------------------------------------------------------------ pollutant rewrites


@dataclass(frozen=True)
class PollutantRewrite:
    mode: str  # "rewrite", "qualitative" (no figure), "mismatch" (a figure dropped)
    form: str  # "list", "clauses", "elided", "pairs", "verb-first"
    order: tuple[int, ...]  # permutation of the plan's order
    styles: tuple[str, ...]  # per pollutant: "full", "abbr", "both"
    variant: int  # which abbreviation spelling
    unit: str  # "吨" or "万吨"
    trailing_unit: bool
    name_sep: str
    figure_sep: str
    adverb: str
    fenbie: bool
    verb: str
    suffix: str
    clause_sep: str
    own_mid: bool
    decoy: str | None
    decoy_first: bool
    total_cuts: bool


pollutant_rewrites = st.builds(
    PollutantRewrite,
    mode=st.sampled_from(["rewrite"] * 6 + ["qualitative", "mismatch"]),
    form=st.sampled_from(["list", "list", "clauses", "elided", "pairs", "verb-first"]),
    order=st.permutations(range(4)).map(tuple),
    styles=st.lists(st.sampled_from(["full", "abbr", "both"]), min_size=4, max_size=4).map(tuple),
    variant=st.integers(0, 1),
    unit=st.sampled_from(["吨", "万吨"]),
    trailing_unit=st.booleans(),
    name_sep=st.sampled_from(["、", "，", "和"]),
    figure_sep=st.sampled_from(["、", "，", "和"]),
    adverb=st.sampled_from(["", "", "确保", "力争"]),
    fenbie=st.booleans(),
    verb=st.sampled_from(["达到", "为", "达", "完成", "不低于", "减少", "削减"]),
    suffix=st.sampled_from(["", "", "以上", "左右"]),
    clause_sep=st.sampled_from(["，", "；"]),
    own_mid=st.booleans(),
    decoy=st.sampled_from([None, None, "water", "coal", "co2"]),
    decoy_first=st.booleans(),
    total_cuts=st.booleans(),
)


def _join(items: list[str], sep: str) -> str:
    if sep == "和":
        return "、".join(items[:-1]) + "和" + items[-1]
    return sep.join(items)


def _name(code: str, style: str, variant: int) -> str:
    spellings = ABBREVIATIONS[code]
    abbr = spellings[variant % len(spellings)]
    return {"full": NAME_OF[code], "abbr": abbr, "both": f"{NAME_OF[code]}（{abbr}）"}[style]


def _amount(tonnes: Decimal, unit: str) -> str:
    return canonical(tonnes / 10000 if unit == "万吨" else tonnes)


def rewrite_pollutants(h: Headline, r: PollutantRewrite) -> tuple[str, list[Row], str | None]:
    """(new statement, rows it states, the gap kind it must leave or None)."""
    codes = [h.order[i] for i in r.order]
    if r.mode == "qualitative":
        return "主要污染物重点工程减排量完成省下达任务", [], "qualitative-target"
    suffix = "" if r.verb == "不低于" and r.suffix == "左右" else r.suffix
    if r.adverb == "力争":
        qualifier = "aspirational"
    else:
        qualifier = {"左右": "about", "以上": "at-least"}.get(suffix, "")
        qualifier = "at-least" if r.verb == "不低于" and not qualifier else qualifier
    names = [_name(c, s, r.variant) for c, s in zip(codes, r.styles, strict=True)]
    amounts = [_amount(h.tonnes[c], r.unit) for c in codes]
    figs = [f"{a}{r.unit}{suffix}" for a in amounts]
    form = "list" if r.mode == "mismatch" else r.form
    mid = h.mid if r.own_mid and form == "list" else "重点工程减排量"
    connective = f"{r.adverb}{'分别' if r.fenbie else ''}{r.verb}"
    if form == "list":
        if r.mode == "mismatch":
            figs, amounts = figs[:-1], amounts[:-1]
        if r.trailing_unit:
            figs = [*amounts[:-1], figs[-1]]
        statement = f"{_join(names, r.name_sep)}{mid}{connective}{_join(figs, r.figure_sep)}"
    elif form == "clauses":
        statement = r.clause_sep.join(
            f"{n}{mid}{r.adverb}{r.verb}{f}" for n, f in zip(names, figs, strict=True)
        )
    elif form == "elided":
        first = f"{names[0]}{mid}{r.adverb}{r.verb}{figs[0]}"
        rest = [f"{n}{f}" for n, f in zip(names[1:], figs[1:], strict=True)]
        statement = "，".join([first, *rest])
    elif form == "pairs":
        pairs = [f"{n}{f}" for n, f in zip(names, figs, strict=True)]
        statement = f"主要污染物重点工程减排量{r.adverb}分别{r.verb}：{'、'.join(pairs)}"
    else:  # verb-first: the verb cannot carry 不低于 here
        qualifier = (
            "aspirational"
            if r.adverb == "力争"
            else {"左右": "about", "以上": "at-least"}.get(suffix, "")
        )
        statement = f"{r.adverb}完成{_join(names, r.name_sep)}{mid}{_join(figs, r.figure_sep)}"
    if r.mode == "mismatch":
        return statement, [], "target-without-value"
    rows = [(E, c, h.tonnes[c], "t", qualifier, 2020, 2025) for c in codes]
    return statement, rows, None


def total_cuts(h: Headline) -> tuple[str, list[Row]]:
    """A total-emission clause for the plan's pollutants, figures from its energy target."""
    values = [h.energy_value, h.energy_value, h.energy_value + 2, h.energy_value + 2]
    names = [NAME_OF[c] for c in h.order]
    figs = [f"{canonical(v)}%" for v in values]
    clause = f"{'、'.join(names)}排放总量比2020年分别下降{'、'.join(figs)}以上"
    # The 以上 written once after the 分别 list bounds every figure of it.
    rows = [
        (T, c, v, "percent", "at-least", 2020, 2025) for c, v in zip(h.order, values, strict=True)
    ]
    return clause, rows


# --------------------------------------------------------------- energy rewrites

SUBJECTS = (
    ("单位地区生产总值", "能耗"),
    ("单位GDP", "能耗"),
    ("单位生产总值", "能源消耗"),
    ("单位国内生产总值", "能耗"),
    ("单位地区生产总值", "能源消耗"),
)


@dataclass(frozen=True)
class EnergyRewrite:
    mode: str  # "rewrite", "qualitative"
    subject: int
    base: str
    verb: str
    qualifier: str  # "", "以上", "左右", "不低于"
    aspiration: str | None  # None, "达到", "激励", "括号", "省下达"
    co2_list: str | None  # None, "after", "before": 能耗和二氧化碳排放分别…
    annual: bool


energy_rewrites = st.builds(
    EnergyRewrite,
    mode=st.sampled_from(["rewrite"] * 7 + ["qualitative"]),
    subject=st.integers(0, len(SUBJECTS) - 1),
    base=st.sampled_from(["比2020年", "较2020年", "“十四五”期间", ""]),
    verb=st.sampled_from(["下降", "降低", "累计下降"]),
    qualifier=st.sampled_from(["", "以上", "左右", "不低于"]),
    aspiration=st.sampled_from([None, None, "达到", "激励", "括号", "省下达"]),
    co2_list=st.sampled_from([None, None, "after", "before"]),
    annual=st.booleans(),
)


def rewrite_energy(h: Headline, r: EnergyRewrite) -> tuple[str, list[Row], str | None]:
    prefix, item = SUBJECTS[r.subject]
    subject = prefix + item
    x = h.energy_value
    if r.mode == "qualitative":
        return f"{subject}降低完成省下达目标", [], "qualitative-target"
    qualifier = (
        {"以上": "at-least", "左右": "about", "不低于": "at-least"}[r.qualifier]
        if (r.qualifier)
        else ""
    )
    pre = "不低于" if r.qualifier == "不低于" else ""
    post = r.qualifier if r.qualifier in ("以上", "左右") else ""
    figure = f"{pre}{canonical(x)}%{post}"
    rows: list[Row] = [(EI, "", x, "percent", qualifier, 2020, 2025)]
    # A follow-up after a list of subjects would be ambiguous (whose aspiration?).
    co2_list = None if h.follow_up or r.aspiration or r.annual else r.co2_list
    if co2_list:
        # A qualifier word before the list is every figure's; one after a figure its own.
        mine, other = f"{canonical(x)}%{post}", f"{canonical(x + 4)}%"
        if co2_list == "after":
            statement = f"{subject}和二氧化碳排放{r.base}分别{r.verb}{pre}{mine}、{other}"
        else:
            statement = f"{prefix}二氧化碳排放和{item}{r.base}分别{r.verb}{pre}{other}、{mine}"
        return statement, rows, None
    y = canonical(x + 1)
    if r.aspiration == "省下达":
        statement = f"{subject}确保完成省下达的{canonical(x)}%目标，力争完成{y}%"
        rows = [(EI, "", x, "percent", "", 2020, 2025)]
    else:
        statement = f"{subject}{r.base}{r.verb}{figure}"
        statement += {
            None: "",
            "达到": f"，力争达到{y}%",
            "激励": f"，力争完成{y}%的激励目标",
            "括号": f"（激励目标{y}%）",
        }[r.aspiration]
    if r.aspiration:
        rows.append((EI, "", x + 1, "percent", "aspirational", 2020, 2025))
    if r.annual and not h.follow_up:
        z = (x / 5).quantize(Decimal("0.01"))
        statement += f"，“十四五”期间年均下降{canonical(z)}%"
        rows.append((EA, "", Decimal(canonical(z)), "percent", "", 2020, 2025))
    return statement, rows, None


# ------------------------------------------------------------------------ check


def _got(plan: Plan) -> list[Row]:
    return [
        (t.indicator, t.pollutant or "", t.value, t.unit, t.qualifier, t.base_year or 0,
         t.target_year or 0)
        for t in plan.targets
        if t.scope == "headline"
    ]  # fmt: skip


def _apply(h: Headline, p: PollutantRewrite, e: EnergyRewrite) -> tuple[str, list[Row], list[str]]:
    """The rewritten plan text, its expected rewritten rows and the gap kinds it must leave."""
    statement, p_rows, p_gap = rewrite_pollutants(h, p)
    if p.total_cuts and p.mode == "rewrite":
        clause, t_rows = total_cuts(h)
        statement += "，" + clause
        p_rows += t_rows
    gaps = [p_gap] if p_gap else []
    if p.decoy:
        decoy = decoys()[p.decoy]
        statement = f"{decoy}，{statement}" if p.decoy_first else f"{statement}，{decoy}"
        if p.decoy == "co2":
            gaps.append("target-without-value")
    energy, e_rows, e_gap = rewrite_energy(h, e)
    gaps += [e_gap] if e_gap else []
    if e.co2_list and not (h.follow_up or e.aspiration or e.annual) and e.mode == "rewrite":
        gaps.append("target-without-value")  # the CO2 figure of the list gives no target
    (pa, pb), (ea, eb) = h.pollutants, h.energy
    assert eb <= pa, "the energy statement comes first in every bundled plan"
    text = h.text[:ea] + energy + h.text[eb:pa] + statement + h.text[pb:]
    kept = [r for r in h.gold if r[0] == EA] if h.follow_up else []
    return text, sorted(e_rows + kept + p_rows), gaps


@pytest.mark.parametrize("stem", STEMS)
@settings(max_examples=40, deadline=None)
@given(p=pollutant_rewrites, e=energy_rewrites)
def test_gold_headline_survives_rewrites(stem: str, p: PollutantRewrite, e: EnergyRewrite) -> None:
    h = headline(stem)
    text, want, gap_kinds = _apply(h, p, e)
    plan = parse_bytes(text.encode("utf-8"), f"{stem}.txt")
    got = _got(plan)
    assert sorted(r for r in got if r[0] in REWRITTEN) == want
    # The rows the rewrite does not touch (coal, energy increment) are all still there.
    untouched = Counter(r for r in h.gold if r[0] not in REWRITTEN)
    assert not untouched - Counter(got)
    if p.decoy == "water":  # a headline indicator of its own, read beside the others
        assert any(r[0] == "industrial-water-intensity-reduction" for r in got)
    kinds: Counter[str] = Counter(g.kind for g in plan.gaps)
    assert not Counter(gap_kinds) - kinds, [(g.kind, g.detail, g.span.text) for g in plan.gaps]
    for g in plan.gaps:
        assert g.span.text and plan.original_text[g.span.start : g.span.end] == g.span.text


@pytest.mark.parametrize("stem", STEMS)
def test_unchanged_plan_gives_its_gold(stem: str) -> None:
    """The identity rewrite: the plan as bundled, through the same comparison."""
    h = headline(stem)
    plan = parse_bytes(h.text.encode("utf-8"), f"{stem}.txt")
    assert sorted(_got(plan)) == sorted(h.gold)
    assert [g.kind for g in plan.gaps if g.kind == "target-without-value"] == []
