"""Quantitative targets stated in the running text: the 主要目标 and inside measures.

Works on `Compact` text (normalised, white space removed), so a number or a unit broken
over lines still matches, and every match maps back to an exact span of the original.
The rules are deliberately narrow: a wrong row in the graph is worse than a missing one,
so a statement is only read when its indicator, number and unit are all unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ingest.headline import (
    Finding,
    Statement,
    energy_statements,
    pollutant_statements,
    qualitative_findings,
    uncovered_findings,
)
from ingest.model import Gap, Qualifier, Scope, Target
from ingest.numbers import normalise_quantity, parse_decimal
from ingest.patterns import (
    DEFAULT_BASE_YEAR,
    LIST_SEPARATOR,
    LIST_SEPARATOR_CHARS,
    PAST_PERIOD,
    PERIOD,
    TARGET_YEAR,
    WHOLE_PLACE,
    YEAR_WORDS,
    base_year,
)
from ingest.qualifiers import ASPIRATION, BOUND, FALL, REACH, aspiring, qualifier_of
from ingest.quantities import Stated, indicator_statements, sentences, target_year
from ingest.structure import is_target_heading
from ingest.text import Compact
from ingest.vocab import alternation, vocabularies

__all__ = ["headline_targets", "is_target_heading", "measure_targets"]

NUM = r"\d+(?:\.\d+)?"
_STOP = r"[^,;。]"  # any character inside one clause


@dataclass
class _Found:
    """One target before it becomes a `Target`: compact offsets of its statement."""

    indicator: str
    value: Decimal
    unit: str
    start: int
    end: int
    qualifier: Qualifier = ""
    pollutant: str | None = None
    base_year: int | None = None
    target_year: int | None = None
    subject: str | None = None
    label: str | None = None


# --------------------------------------------------------------------------- helpers


def _qual(context: str, before: str, after: str | None) -> Qualifier:
    """力争 anywhere in the statement's lead-in makes it the aspirational row."""
    return "aspirational" if aspiring(context) else qualifier_of(before, after or "")


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in ",;。:") + 1


def _has_year_mark(text: str, lo: int, hi: int) -> bool:
    return TARGET_YEAR.search(text, lo, hi) is not None


def _quantity(number: str, unit: str) -> tuple[Decimal, str]:
    return normalise_quantity(parse_decimal(number), unit)


def _to_target(block: Compact, f: _Found, scope: Scope, measure: tuple[int, int] | None) -> Target:
    return Target(
        indicator=f.indicator,
        value=f.value,
        unit=f.unit,
        scope=scope,
        span=block.span(f.start, f.end),
        pollutant=f.pollutant,
        qualifier=f.qualifier,
        base_year=f.base_year,
        target_year=f.target_year,
        subject=f.subject,
        indicator_label=f.label,
        measure=measure,
    )


def _finish(
    block: Compact, found: list[_Found], scope: Scope, measure: tuple[int, int] | None
) -> list[Target]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in sorted(found, key=lambda f: (f.start, f.end)):
        key = (f.indicator, f.pollutant, f.subject, f.label, f.value, f.qualifier, f.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(_to_target(block, f, scope, measure))
    return out


# ------------------------------------------------------------------------ headline


def _statement(text: str, st: Statement) -> _Found:
    return _Found(
        st.indicator,
        st.value,
        st.unit,
        st.start,
        st.end,
        st.qualifier,
        pollutant=st.pollutant,
        base_year=st.base_year or DEFAULT_BASE_YEAR,
        target_year=target_year(text, st.start, wide=True),
    )


def _stated(text: str, st: Stated, wide: bool) -> _Found:
    q = st.quantity
    return _Found(
        st.indicator,
        q.value,
        q.unit,
        st.start,
        q.end,
        q.qualifier,
        base_year=st.base_year,
        target_year=target_year(text, st.start, wide=wide),
    )


def headline_targets(block: Compact, gaps: list[Gap] | None = None) -> list[Target]:
    """Targets of the plan's 主要目标 (compact text of that section or item).

    Numberless statements (达到省要求, 得到合理控制) give no target. Base year defaults to
    2020 and target year to 2025 when the text does not say. When `gaps` is given, what
    looked like a target but gave none is appended to it: targets stated without a
    figure ("qualitative-target") and clauses whose figures gave no target
    ("target-without-value").
    """
    text = _without_results(block.text)
    found: list[_Found] = []
    energy, energy_findings = energy_statements(text)
    pollutants, pollutant_findings = pollutant_statements(text)
    found += [_statement(text, st) for st in energy + pollutants]
    # the public institutions' cuts, their holder named once for both (公共机构单位建筑面积
    # 能耗下降5%，人均综合能耗下降6%)
    found += _public_institutions(text, False)
    taken = [(f.start, f.end) for f in found]
    taken += [(g.start, g.end) for g in energy_findings + pollutant_findings]
    headline = vocabularies().headline_indicators
    # The plans' headline is read against the period's start, levels included.
    stated, refused = indicator_statements(
        text, 0, len(text), taken, only=headline, level_base=DEFAULT_BASE_YEAR
    )
    found += [_stated(text, st, wide=True) for st in stated]
    if gaps is not None:
        findings = energy_findings + pollutant_findings
        findings += [Finding("target-without-value", r.start, r.end, r.detail) for r in refused]
        findings += qualitative_findings(text)
        findings += uncovered_findings(text, [(f.start, f.end) for f in found], findings)
        for g in sorted(findings, key=lambda g: (g.start, g.end, g.kind)):
            gaps.append(Gap(g.kind, block.span(g.start, g.end), g.detail))
    return _finish(block, found, "headline", None)


def _without_results(text: str) -> str:
    """`text` with its sentences that report an earlier period blanked (same length): one
    that names it (“十三五”期间，…累计下降18.2%) and no year a target is due by; a base
    named by that period (比“十三五”末下降) stands in a sentence that names one."""
    out = list(text)
    for lo, hi in sentences(text):
        # a period named after every figure dates none (…，为“十四五”时期做好…奠定了基础)
        dated = any(
            m.group(1) or m.group(2) or re.search(r"\d", text[m.end() : hi])
            for m in TARGET_YEAR.finditer(text, lo, hi)
        )
        if PAST_PERIOD.search(text, lo, hi) and not dated:
            out[lo:hi] = " " * (hi - lo)
        elif (m := _STATE_OF.match(text, lo, hi)) and int(m[1]) <= DEFAULT_BASE_YEAR:
            years = [int(y) for y in re.findall(r"(20\d\d)年", text[m.end() : hi])]
            if all(y <= int(m[1]) for y in years) and not _COMPARED.search(text, lo, hi):
                out[lo:hi] = " " * (hi - lo)  # 2020年，全旗能源消费总量为1320万吨: its state
    return "".join(out)


# A sentence opening on a bare year (2020年，…) states that year's state unless it compares
# it with an earlier one (2020年，…比2015年下降15%).
_STATE_OF = re.compile(r"\s*(20\d\d)年[,:]")
_COMPARED = re.compile(r"[比较]20\d\d年")


# ------------------------------------------------------------------------- measures

# The public institutions' energy use per area and per person, in the words of those
# indicators: the bodies they are of (pk:holderWord: 公共机构), named once before both
# subjects (pk:subjectWord: 单位建筑面积能耗, 人均综合能耗).
_PER_AREA = "public-institution-energy-per-area-reduction"
_PER_CAPITA = "public-institution-energy-per-capita-reduction"
_PUBLIC = (_PER_AREA, _PER_CAPITA)
_PUBLIC_HOLDERS = tuple(dict.fromkeys(w for w, n in vocabularies().holder_words if n in _PUBLIC))
_AREA_WORDS = alternation(w for w, n in vocabularies().subject_words if n == _PER_AREA)
_CAPITA_WORDS = alternation(w for w, n in vocabularies().subject_words if n == _PER_CAPITA)
_PUBLIC_HOLDER = alternation(_PUBLIC_HOLDERS)
_PUBLIC_PAIR = re.compile(
    rf"(?P<holder>{_PUBLIC_HOLDER})?(?:{_AREA_WORDS})(?:和|、|及)(?:{_CAPITA_WORDS})"
    rf"(?P<gap>{_STOP}{{0,12}}?)分别(?:{FALL})(?P<a>{NUM})%(?:{LIST_SEPARATOR})(?P<b>{NUM})%"
)
_PUBLIC_ONE = re.compile(
    rf"(?:(?P<area>{_AREA_WORDS})|{_CAPITA_WORDS})"
    rf"(?P<gap>[^,;。、%]{{0,10}}?)(?:{FALL})(?P<num>{NUM})%(?P<qual>{BOUND})?"
)


def _cut(m: re.Match[str], indicator: str, default_base: int | None) -> _Found:
    """A percent cut (下降3.2%): its qualifier and years."""
    gap = m.group("gap")
    return _Found(
        indicator,
        parse_decimal(m.group("num")),
        "percent",
        m.start(),
        m.end(),
        _qual(gap, gap, m.group("qual")),
        base_year=base_year(gap, default_base),
        target_year=target_year(m.string, m.start(), wide=False),
    )


def _public_institutions(text: str, titled: bool) -> list[_Found]:
    """The public institutions' cuts, their holder named before the subjects, or by the
    measure's title (`titled`: 公共机构能效提升工程, whose 单位建筑面积能耗 are theirs)."""
    out = []
    for m in _PUBLIC_PAIR.finditer(text):
        if not (m.group("holder") or titled):
            continue
        base = base_year(m.group("gap"), DEFAULT_BASE_YEAR)
        year = target_year(text, m.start(), wide=False)
        for indicator, num in ((_PER_AREA, m.group("a")), (_PER_CAPITA, m.group("b"))):
            out.append(
                _Found(
                    indicator,
                    parse_decimal(num),
                    "percent",
                    m.start(),
                    m.end(),
                    base_year=base,
                    target_year=year,
                )
            )
    # "公共机构单位建筑面积能耗下降3.2%、人均综合能耗下降4.3%": the subject is named once.
    held = -1  # where the last statement of theirs ended
    for m in _PUBLIC_ONE.finditer(text):
        # 公共机构 must lead this clause (or a 、-list it is part of), within 40 characters,
        # or the clause follow one of theirs (单位建筑面积能耗下降5%，人均综合能耗下降6%).
        clause = text[_clause_start(text, m.start()) : m.start()]
        lead = max((clause.rfind(holder) for holder in _PUBLIC_HOLDERS), default=-1)
        after = text[held : m.start()] in (",", "、") if held >= 0 else False
        if (lead < 0 or len(clause) - lead > 40) and not titled and not after:
            continue
        gap = m.group("gap")
        if "分别" in gap or "年均" in gap:
            continue
        indicator = _PER_AREA if m.group("area") else _PER_CAPITA
        out.append(_cut(m, indicator, DEFAULT_BASE_YEAR))
        held = m.end()
    return out


# Generic "…率/比例/占比 达到 x%" statements, in the words that end a ratio's name
# (pk:ratioWord of the other indicator): a statement's own is the shortest at the end of its
# label (处理率 is 处理 + 率); the items of a list share the longest the last item ends with.
_RATIO_WORDS = vocabularies().ratio_words
_RATIO_KW = alternation(
    w for w in _RATIO_WORDS if not any(o != w and w.endswith(o) for o in _RATIO_WORDS)
)
# The part of the jurisdiction a ratio's target holds for (pk:placeWord), or the others.
_PLACE = f"(?:其他)?(?:{alternation(vocabularies().place_words)})"
_VERB_PRE = rf"(?:稳定|保持|持续|确保|{ASPIRATION}|均|分别|逐步|进一步|基本)*"
_VERB = rf"(?:{REACH}|{BOUND})?"
_PCT = rf"{NUM}%(?:{BOUND})?"
_GENERIC = re.compile(
    rf"(?P<kw>{_RATIO_KW})(?P<subj>{_PLACE})?(?P<verb>{_VERB_PRE}{_VERB})"
    rf"(?P<vals>{_PCT}(?:(?:{LIST_SEPARATOR}){_PCT})*)"
)
_GENERIC_NEXT = re.compile(
    rf",(?P<subj>{_PLACE})(?P<verb>{_VERB_PRE}{_VERB})(?P<num>{NUM})%(?P<qual>{BOUND})?"
    r"(?=[,;。]|$)"
)
_PCT_RX = re.compile(rf"(?P<num>{NUM})%(?P<qual>{BOUND})?")
_LABEL_PREFIX = re.compile(
    rf"^(?:{YEAR_WORDS}|{PERIOD}|{WHOLE_PLACE}"
    rf"|同时|其中|{ASPIRATION}|确保|进一步|并且|并|使|实现)"
)
_KW_SUFFIX = re.compile(rf"(?:{alternation(_RATIO_WORDS)})$")
_ENDS_PLACE = re.compile(rf"^{_PLACE}$")
_STARTS_PLACE = re.compile(rf"^(?P<place>{_PLACE})(?P<rest>.+)$")


def _clean_label(label: str) -> str:
    while True:
        stripped = _LABEL_PREFIX.sub("", label)
        if stripped == label:
            return label
        label = stripped


def _split_list(label: str) -> list[str]:
    """Split "A、B和C" at top level (not inside brackets)."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in label:
        depth += ch in "(“"
        depth -= ch in ")”"
        if depth <= 0 and ch in LIST_SEPARATOR_CHARS:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _generic(text: str, taken: list[tuple[int, int]]) -> list[_Found]:
    out: list[_Found] = []
    prev_end = -1
    for m in _GENERIC.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue  # a specific rule already read this number
        clause = _clause_start(text, m.start())
        lo = max(clause, prev_end)
        # The year governs a whole sentence, across its ;-separated parts.
        sentence = text.rfind("。", 0, m.start()) + 1
        if not _has_year_mark(text, sentence, m.start()):
            continue  # only targets under 到2025年 / “十四五”时期
        raw_label = text[lo : m.end("kw")]
        label_start = lo + len(raw_label) - len(raw_label.lstrip(LIST_SEPARATOR_CHARS))
        raw_label = raw_label.lstrip(LIST_SEPARATOR_CHARS)
        label = _clean_label(raw_label)
        label_start += len(raw_label) - len(label)
        if not _valid_label(label, m.group("kw")):
            continue
        verb = m.group("verb")
        # 力争 in this clause, or in a lead-in clause such as "力争到2025年,".
        lead_in = text[_clause_start(text, clause - 1) : clause] if clause > 0 else ""
        aspire = aspiring(text[clause : m.start("vals")]) or (
            aspiring(lead_in) and TARGET_YEAR.search(lead_in) is not None
        )
        vals = list(_PCT_RX.finditer(m.group("vals")))
        year = target_year(text, m.start(), wide=False)
        base = base_year(text[clause : m.start("vals")], None)
        rows = _generic_rows(label, m.group("subj"), verb, vals)
        if not rows:
            continue
        for row_label, subject, val in rows:
            qual: Qualifier = (
                "aspirational" if aspire else qualifier_of(verb, val.group("qual") or "")
            )
            out.append(
                _Found(
                    "other",
                    parse_decimal(val.group("num")),
                    "percent",
                    label_start,
                    m.end(),
                    qual,
                    base_year=base,
                    target_year=year,
                    subject=subject,
                    label=row_label,
                )
            )
        prev_end = m.end()
        # "污泥无害化处理率市本级达到95%,其他设市城市达到80%,县城达到65%"
        if m.group("subj") and len(rows) == 1:
            pos = m.end()
            while (n := _GENERIC_NEXT.match(text, pos)) is not None:
                out.append(
                    _Found(
                        "other",
                        parse_decimal(n.group("num")),
                        "percent",
                        n.start() + 1,
                        n.end(),
                        "aspirational"
                        if aspire
                        else qualifier_of(n.group("verb"), n.group("qual") or ""),
                        base_year=base,
                        target_year=year,
                        subject=n.group("subj"),
                        label=label,
                    )
                )
                pos = prev_end = n.end()
    return out


def _valid_label(label: str, kw: str) -> bool:
    if len(label) <= len(kw) or len(label) > 40:
        return False
    if re.search(r"[%\d]{2,}|[:;。]", label):
        return False  # carries another number or spans clauses
    return re.search(r"[\u4e00-\u9fff]", label[: -len(kw)]) is not None


def _generic_rows(
    label: str, subj: str | None, verb: str, vals: list[re.Match[str]]
) -> list[tuple[str, str | None, re.Match[str]]]:
    """(label, subject, value) rows of one generic statement; [] when unreadable."""
    if "分别" not in verb:
        if subj:
            return [(label, subj, vals[0])]
        return [(label, None, vals[0])]
    if subj:
        return []  # "率市本级分别…": not a pattern the plans use
    parts = _split_list(label)
    if len(parts) != len(vals) or len(parts) < 2 or any(not p for p in parts):
        return []
    head, last = parts[:-1], parts[-1]
    start = _STARTS_PLACE.match(last)
    if all(_ENDS_PLACE.match(p) for p in head) and start is not None:
        # "中心城区和县城污水处理率分别达到99%和95%以上": one indicator, several places.
        indicator = start.group("rest")
        subjects = [*head, start.group("place")]
        return [(indicator, s, v) for s, v in zip(subjects, vals, strict=True)]
    kw = _KW_SUFFIX.search(last)
    if kw is None:
        return []
    # "绿色防控、统防统治覆盖率分别达到55%、45%": one ratio word shared by the items.
    labels = [p if _KW_SUFFIX.search(p) else p + kw.group(0) for p in parts]
    return [(lab, None, v) for lab, v in zip(labels, vals, strict=True)]


def measure_targets(block: Compact, measure: tuple[int, int], title: str = "") -> list[Target]:
    """Targets stated inside one measure (compact text of the measure; `title`, its
    title's, says whose some indicators are: 公共机构能效提升工程)."""
    text = block.text
    found: list[_Found] = []
    found += _public_institutions(text, re.search(_PUBLIC_HOLDER, title) is not None)
    stated, _refused = indicator_statements(text, 0, len(text), [(f.start, f.end) for f in found])
    found += [_stated(text, st, wide=False) for st in stated]
    taken = [(f.start, f.end) for f in found]
    found += _generic(text, taken)
    return _finish(block, found, "measure", measure)
