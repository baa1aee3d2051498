"""The grammar of the headline target sentences (主要目标), read by structure.

A pollutant statement is an enumeration of pollutant names, then a connective (the
indicator words, 分别 and a verb with or without adverbs), then a list of figures: the
names and the figures are paired by position, whatever the order, the verb or where the
unit is written. An energy-intensity statement is its subject, a connective made only of
known words (base year, period, verb, qualifier, 确保/力争 …), then a percent figure;
follow-up clauses made only of known words add the aspirational or annual figures.

Anything that has the shape of a target but does not parse (counts that disagree, a
figure whose subject is not an indicator, a target without a figure) is returned as a
`Finding`, never guessed. Works on compact normalised text: offsets index that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.model import GapKind, Qualifier
from ingest.numbers import figures
from ingest.patterns import (
    ANNUAL,
    BASE_YEAR_WORDS,
    EACH_PLACE,
    LIST_GAP,
    LIST_SEPARATOR,
    LIST_SEPARATOR_CHARS,
    PERIOD_NAME,
    WHOLE_PLACE,
    YEAR_WORDS,
    base_year,
)
from ingest.qualifiers import FALL, MODAL, QUALIFIER_WORD, VERB, aspiring, qualifier_of
from ingest.quantities import Quantity, clauses, figure_lists, promised_end, sentences
from ingest.vocab import alternation, vocabularies

__all__ = [
    "ENERGY_ITEM",
    "Finding",
    "Statement",
    "energy_statements",
    "pollutant_in",
    "pollutant_statements",
    "qualitative_findings",
    "sentences",
    "uncovered_findings",
]

KEY_PROJECT = "key-project-emission-reduction"
TOTAL_EMISSION = "total-emission-reduction"
ENERGY = "energy-intensity-reduction"
ENERGY_ANNUAL = "energy-intensity-annual-reduction"


@dataclass(frozen=True)
class Statement:
    """One target read from a headline sentence; offsets into the compact text."""

    indicator: str
    value: Decimal
    unit: str
    qualifier: Qualifier
    start: int
    end: int
    pollutant: str | None = None
    base_year: int | None = None  # when the statement names it (比2019年)


@dataclass(frozen=True)
class Finding:
    """Something shaped like a target that gave none; offsets into the compact text."""

    kind: GapKind
    start: int
    end: int
    detail: str


# ------------------------------------------------------------------------ helpers


_BOUNDARY = ",;"


def _clause(text: str, lo: int, hi: int, pos: int) -> tuple[int, int]:
    """The clause of the sentence [lo, hi) that holds `pos`."""
    a = max(text.rfind(c, lo, pos) for c in _BOUNDARY) + 1
    a = max(a, lo)
    ends = [e for e in (text.find(c, pos, hi) for c in _BOUNDARY) if e >= 0]
    return a, min(ends) if ends else hi


# --------------------------------------------------------------------- pollutants


def _name_pattern(name: str) -> str:
    return f"(?i:{re.escape(name)})" if re.search("[A-Za-z]", name) else re.escape(name)


# The pollutant names of the topic vocabulary (ingest/vocab.py), longest first; Latin
# abbreviations in any case (NOx, NOX, nox). A name without a notation keeps the list's
# positions right, and its own figure is reported, not stored.
_POLLUTANT_NAMES: tuple[tuple[str, str], ...] = vocabularies().pollutant_names
_POLLUTANT = re.compile(
    "(?:"
    + "|".join(f"(?P<p{i}>{_name_pattern(name)})" for i, (name, _) in enumerate(_POLLUTANT_NAMES))
    + ")"
    # An abbreviation in brackets after a full name: 化学需氧量(COD).
    + r"(?:\([^()]{1,15}\))?"
)


def _subject_words(indicator: str) -> re.Pattern[str]:
    """The words of a connective that make a list's figures `indicator`'s (pk:subjectWord)."""
    return re.compile(alternation(w for w, n in vocabularies().subject_words if n == indicator))


# Indicator words of the connective.
_KEY_WORDS = _subject_words(KEY_PROJECT)
_TOTAL_WORDS = _subject_words(TOTAL_EMISSION)
_CUT_WORDS = re.compile(FALL)
# A cut said of the pollutants themselves, with no subject word (二氧化硫、氮氧化物同比分别
# 削减8.2%、7.6%): only a base, 分别, a modal word and the verb stand between.
_BARE_CUT = re.compile(
    rf"(?:{BASE_YEAR_WORDS}|同比|分别|均|{MODAL})*(?:{FALL})(?:{QUALIFIER_WORD})?"
)
# Words naming some other quantity (pk:otherQuantityWord): the figures are not the
# pollutants' reductions.
_OTHER_SUBJECT = re.compile(alternation(vocabularies().other_quantity_words))


@dataclass(frozen=True)
class _Names:
    codes: tuple[str, ...]
    start: int
    end: int


def pollutant_in(text: str) -> str | None:
    """The one pollutant a label names (化学需氧量重点工程减排量 -> COD), or None."""
    codes = {_pollutant_code(m) for m in _POLLUTANT.finditer(text)}
    return codes.pop() if len(codes) == 1 and not next(iter(codes)).startswith("?") else None


def _pollutant_code(m: re.Match[str]) -> str:
    """The notation, or "?" and the name as written for a pollutant without one."""
    for i, (_, code) in enumerate(_POLLUTANT_NAMES):
        if m.group(f"p{i}") is not None:
            return code or "?" + m.group(f"p{i}")
    raise AssertionError("a pollutant match names no pollutant")  # pragma: no cover


# The indicator's words repeated after each name of a list (化学需氧量重点工程减排量、氨氮
# 重点工程减排量…分别…; 化学需氧量排放总量、氨氮排放总量分别…): still one list.
_REPEATED_SUBJECT = re.compile(
    rf"(?:{_KEY_WORDS.pattern}|{_TOTAL_WORDS.pattern})+(?:{LIST_SEPARATOR})"
)


def _name_lists(text: str, lo: int, hi: int) -> list[_Names]:
    lists: list[_Names] = []
    for m in _POLLUTANT.finditer(text, lo, hi):
        code = _pollutant_code(m)
        gap = text[lists[-1].end : m.start()] if lists else "-"
        # 二氧化硫氮氧化物: two names written back to back are a list as well
        if lists and (not gap or LIST_GAP.fullmatch(gap) or _REPEATED_SUBJECT.fullmatch(gap)):
            last = lists[-1]
            lists[-1] = _Names((*last.codes, code), last.start, m.end())
        else:
            lists.append(_Names((code,), m.start(), m.end()))
    return lists


def _unit_class(group: list[Quantity]) -> str | None:
    units = {f.unit for f in group}
    return units.pop() if len(units) == 1 else None


def pollutant_statements(text: str) -> tuple[list[Statement], list[Finding]]:
    """Pollutant targets of the headline: key-project tonnages and total-emission cuts."""
    found: list[Statement] = []
    findings: list[Finding] = []
    for lo, hi in sentences(text):
        names = _name_lists(text, lo, hi)
        groups = figure_lists(text, lo, hi)  # a range is one figure: one pollutant's
        inherited: str | None = None  # the indicator of the previous statement here
        inherited_words = ""  # and its connective, for "…达到1200吨,氨氮85吨"
        prev_end = lo
        for i, n in enumerate(names):
            nxt_names = names[i + 1].start if i + 1 < len(names) else hi
            group = next((g for g in groups if g[0].start >= n.end), None)
            if group is None or group[0].start > nxt_names:
                prev_end = n.end
                continue  # names without figures: a qualitative statement, if any
            between = text[n.end : group[0].start]
            own_lead = text[max(prev_end, _clause(text, lo, hi, n.start)[0]) : n.start]
            own_lead = own_lead.lstrip(LIST_SEPARATOR_CHARS)
            words = own_lead + between
            prev_end = group[-1].end
            found += _follow_up(text, n, words, group, groups, nxt_names)
            if len(between) > 30 or between.count(",") > 1 or _OTHER_SUBJECT.search(words):
                continue  # the figures belong to some other subject
            indicator = _indicator(words, _unit_class(group), inherited)
            if indicator is None:
                if _KEY_WORDS.search(words) or _TOTAL_WORDS.search(words):
                    findings.append(
                        Finding(
                            "target-without-value",
                            n.start,
                            group[-1].end,
                            "pollutant figures with no known indicator",
                        )
                    )
                continue
            if not words.strip(LIST_SEPARATOR_CHARS + ":"):
                words = inherited_words  # the figures' verb is the previous statement's
            inherited, inherited_words = indicator, words
            codes = n.codes
            if len(codes) > 1 and _one_for_each(text, between, group):
                group = group * len(codes)  # "…排放总量均下降8%": each the same figure
            if len(codes) != len(group) or len(set(codes)) != len(codes):
                findings.append(
                    Finding(
                        "target-without-value",
                        n.start,
                        group[-1].end,
                        f"{len(codes)} pollutants but {len(group)} figures",
                    )
                )
                continue
            # The words right before the figures: the verb and its qualifier (不低于).
            head = (between if between.strip(LIST_SEPARATOR_CHARS + ":") else words).rstrip(":")
            aspire = aspiring(words)
            for code, f in zip(codes, group, strict=True):
                if code.startswith("?"):
                    figure = text[f.start : f.end]
                    findings.append(
                        Finding(
                            "target-without-value",
                            n.start,
                            group[-1].end,
                            f"{figure} ({code[1:]}: no pollutant notation)",
                        )
                    )
                    continue
                qual: Qualifier = (
                    "aspirational" if aspire else f.qualifier or qualifier_of(head, "")
                )
                promised = promised_end(replace(f, qualifier=qual))
                found.append(
                    Statement(
                        indicator,
                        promised.value,
                        promised.unit,
                        promised.qualifier,
                        n.start,
                        group[-1].end,
                        code,
                        base_year(words),
                    )
                )
    return found, findings


# One figure for every name of a list: 均 (each), or 分别 (respectively) before a single
# figure (氮氧化物、挥发性有机物排放总量比2020年分别下降10%以上).
_EACH = re.compile("均|分别")
# A figure list that goes on without a unit (…分别不低于4.62万吨、0.32, cut short): not one
# figure.
_LIST_GOES_ON = re.compile(rf"(?:{LIST_SEPARATOR})\d")


def _one_for_each(text: str, between: str, group: list[Quantity]) -> bool:
    """Is the one figure of `group` each name's, by the connective `between`?"""
    return (
        len(group) == 1
        and _EACH.search(between) is not None
        and _LIST_GOES_ON.match(text, group[0].end) is None
    )


def _follow_up(
    text: str,
    names: _Names,
    words: str,
    first: list[Quantity],
    groups: list[list[Quantity]],
    until: int,
) -> list[Statement]:
    """The same pollutants' figures in the next clauses (…排放总量分别控制在2001万吨、207万
    吨以内，比2015年分别下降10%、10%): each list read with the words of the names' own
    connective and its own, one figure per pollutant (or one for all: `_one_for_each`)."""
    out: list[Statement] = []
    if _OTHER_SUBJECT.search(words):
        return out  # the names' figures are some other quantity (浓度)
    prev = first
    for group in (g for g in groups if first[-1].end < g[0].start < until):
        between = text[prev[-1].end : group[0].start]
        prev = group
        if not between.startswith(",") or len(between) > 30 or _OTHER_SUBJECT.search(between):
            break
        if _POLLUTANT.search(between) or _KEY_WORDS.search(between):
            break
        indicator = _indicator(words + between, _unit_class(group), None)
        if indicator is None or not _CUT_WORDS.search(between):
            break
        if len(names.codes) > 1 and _one_for_each(text, between, group):
            group = group * len(names.codes)
        if len(group) != len(names.codes):
            break
        for code, f in zip(names.codes, group, strict=True):
            if not code.startswith("?"):
                qual: Qualifier = f.qualifier or qualifier_of(between, "")
                p = promised_end(replace(f, qualifier=qual))
                out.append(
                    Statement(indicator, p.value, p.unit, p.qualifier, names.start, group[-1].end,
                              code, base_year(words + between))
                )  # fmt: skip
    return out


def _indicator(words: str, unit: str | None, inherited: str | None) -> str | None:
    """The indicator the connective words name for figures in `unit`."""
    own = words.strip(LIST_SEPARATOR_CHARS + ":")
    key = _KEY_WORDS.search(own) is not None
    total = _TOTAL_WORDS.search(own) is not None
    cut = _CUT_WORDS.search(own) is not None
    if unit == "t":
        if key and not total:
            return KEY_PROJECT
        if not key and not total and inherited == KEY_PROJECT:
            return KEY_PROJECT  # "…达到1200吨,氨氮85吨": the indicator is not repeated
        return None
    if unit == "percent":
        if (total and cut and not key) or _BARE_CUT.fullmatch(own):
            return TOTAL_EMISSION
        if not key and not total and inherited == TOTAL_EMISSION:
            return TOTAL_EMISSION
        return None
    return None


# -------------------------------------------------------------- energy intensity

# The subject of an energy-intensity statement, in the indicator vocabulary's words: what
# an intensity is per (pk:perUnitWord: 单位GDP, with an abbreviation in brackets after it:
# 单位地区生产总值(GDP)), then energy (the indicator's pk:subjectWord: 能耗) or another
# quantity listed with it (pk:otherSubjectWord: 二氧化碳排放); or the intensity named on its
# own (pk:intensityWord: 能耗强度), not an industrial one (增加值能耗强度).
_SUBJECTS = vocabularies().subject_words
_INTENSITIES = vocabularies().intensity_words
_GDP = rf"(?:(?:{alternation(vocabularies().per_unit_words)})(?:\([A-Za-z]{{2,8}}\))?)"
ENERGY_ITEM = f"(?:{alternation(w for w, n in _SUBJECTS if n == ENERGY)})"
_ENERGY_ITEM = ENERGY_ITEM
_DECOY_ITEM = f"(?:{alternation(w for w, n in _SUBJECTS if n == '')})"
_ENERGY_INTENSITY = f"(?:{alternation(w for w, n in _INTENSITIES if n == ENERGY)})"
_OTHER_INTENSITY = f"(?:{alternation(w for w, n in _INTENSITIES if n == '')})"
_ITEM = rf"(?:{_GDP})?(?:{_ENERGY_ITEM}|{_DECOY_ITEM})"
_SUBJECT = re.compile(
    rf"{_GDP}(?:{_ENERGY_ITEM}|{_DECOY_ITEM})(?:(?:{LIST_SEPARATOR}){_ITEM})*"
    rf"|(?<!增加值){_ENERGY_INTENSITY}"
)
_ITEMS = re.compile(rf"(?P<energy>{_ENERGY_ITEM})|{_DECOY_ITEM}")
# The words a connective or a follow-up clause may be made of, and nothing else.
_EI_WORDS = re.compile(
    rf"(?:{BASE_YEAR_WORDS}(?:相比|底|末)?|{PERIOD_NAME}|{YEAR_WORDS}"
    rf"|(?:五|5)年|累计|{ANNUAL}|分别|确保|完成|实现|(?:{FALL})率|{VERB}|{MODAL}|控制"
    r"|(?:省|市|上级)(?:政府)?(?:下达|分解)(?:给)?(?:我市|我县|我区|本市|本县)?|下达"
    rf"|目标值|目标|任务|指标|基本|{QUALIFIER_WORD}|在"
    rf"|{WHOLE_PLACE}|的|[,、()\"“”:;])*"
)
_CLAUSE_MARK = re.compile(r"[,、(;]")
_EACH_PLACE = re.compile(EACH_PLACE)


def energy_statements(text: str) -> tuple[list[Statement], list[Finding]]:
    """Energy-intensity targets (basic, aspirational, annual) of the headline. Figures are
    read as every quantity reader reads them (ingest/quantities.py): a range is one
    quantity, and gives the end it promises."""
    found: list[Statement] = []
    findings: list[Finding] = []
    for lo, hi in sentences(text):
        pos = lo
        while (m := _SUBJECT.search(text, pos, hi)) is not None:
            pos = m.end()
            items = list(_ITEMS.finditer(m.group(0)))
            energy = [k for k, it in enumerate(items) if it.group("energy")]
            if len(energy) != 1:
                continue  # a decoy subject only (CO2, water): not ours
            # Unit-bearing figures only: the 2020 of 比2020年 is a year.
            figs = [q for g in figure_lists(text, m.end(), hi) for q in g]
            if not figs:
                continue
            connective = text[m.end() : figs[0].start]
            if not _EI_WORDS.fullmatch(connective):
                continue  # some other subject or wording stands between
            # "力争全市单位GDP能耗下降15%": the aspiration may stand before the subject.
            lead = text[_clause(text, lo, hi, m.start())[0] : m.start()]
            if _EACH_PLACE.search(re.split(r"[,;]", text[lo : m.start()])[-1]):
                continue  # 各县(市、区)的…下降20%: each subdivision's figure, not the plan's
            base = base_year(connective)
            if len(items) > 1:
                lists = figure_lists(text, figs[0].start, hi)
                group = lists[0] if lists and lists[0][0].start == figs[0].start else []
                if "分别" not in connective or len(group) != len(items):
                    findings.append(
                        Finding(
                            "target-without-value",
                            m.start(),
                            group[-1].end if group else figs[0].end,
                            f"{len(items)} subjects but {len(group)} figures",
                        )
                    )
                    continue
                q = group[energy[0]]
                if q.unit != "percent":
                    continue
                q = _energy_quantity(text, connective, q, hi)
                indicator = ENERGY_ANNUAL if ANNUAL in connective else ENERGY
                found.append(
                    Statement(
                        indicator,
                        q.value,
                        "percent",
                        q.qualifier,
                        m.start(),
                        group[-1].end,
                        base_year=base,
                    )
                )
                for k, (it, other) in enumerate(zip(items, group, strict=True)):
                    if k != energy[0]:  # "…二氧化碳排放…18%": a figure, but not a target of ours
                        figure = text[other.start : other.end]
                        findings.append(
                            Finding(
                                "target-without-value",
                                m.start(),
                                group[-1].end,
                                f"{figure} ({it.group(0)})",
                            )
                        )
                pos = group[-1].end
                continue
            pre = connective
            for k, f in enumerate(figs):
                if k > 0:
                    pre = text[figs[k - 1].end : f.start]
                    if not _EI_WORDS.fullmatch(pre) or not _CLAUSE_MARK.search(pre):
                        break  # the next figure is not a follow-up of this subject
                if f.unit != "percent":
                    break
                clause_pre = _CLAUSE_MARK.split(pre)[-1] if k > 0 else _last_clause(pre)
                annual = ANNUAL in clause_pre or (k == 0 and ANNUAL in pre)
                q = _energy_quantity(text, clause_pre if k else lead + pre, f, hi)
                if k > 0 and not annual and q.qualifier != "aspirational":
                    break  # a second plain figure: which one is the target is unclear
                found.append(
                    Statement(
                        ENERGY_ANNUAL if annual else ENERGY,
                        q.value,
                        "percent",
                        q.qualifier,
                        m.start(),
                        q.end,  # a range's statement quotes both its ends
                        base_year=base,
                    )
                )
                pos = q.end
    return found, findings


def _last_clause(words: str) -> str:
    return _CLAUSE_MARK.split(words)[-1]


def _energy_quantity(text: str, pre: str, q: Quantity, hi: int) -> Quantity:
    """The figure `q` with the qualifier its words give it, as the promise it makes."""
    # "力争完成15%的激励目标": the aspiration may be named after the figure.
    after = text[q.end : hi]
    stop = _CLAUSE_MARK.search(after)
    post = after[: stop.start()] if stop else after
    if aspiring(_last_clause(pre)) or aspiring(post):
        qualifier: Qualifier = "aspirational"
    else:
        qualifier = q.qualifier or qualifier_of(pre, "")
    return promised_end(replace(q, qualifier=qualifier))


# ---------------------------------------------------------------- findings (gaps)

_QUALITATIVE_VERB = re.compile(
    r"(?:完成|达到|落实|实现|确保)[^,;。]{0,12}?(?:下达|分解|要求|任务|指标|目标)"
)
_ENERGY_TARGET = re.compile(rf"{_GDP}{_ENERGY_ITEM}|{_ENERGY_INTENSITY}")
# The words naming an indicator's target (pk:targetWord: 减排任务), and the plan's overall
# target, which names none ("": pk:generalTargetWord, 节能减排目标), longest first: at any
# place the longer is read, so the 减排目标 of 节能减排目标 names nothing.
_TARGET_WORDS = dict(vocabularies().target_words)
_TARGET_WORD = re.compile(alternation(_TARGET_WORDS))
# A per-pollutant indicator's words name its target after its pollutants, named or as a
# group (pk:pollutantTargetWord after pk:pollutantGroupWord: 主要污染物排放总量).
_POLLUTANTS = rf"(?:{alternation(vocabularies().pollutant_group_words)}|{_POLLUTANT.pattern})"
_POLLUTANT_TARGET_WORDS = vocabularies().pollutant_target_words
_POLLUTANT_TARGETS = tuple(
    (
        re.compile(
            rf"{_POLLUTANTS}[^,;。]{{0,12}}"
            rf"(?:{alternation(w for w, n in _POLLUTANT_TARGET_WORDS if n == notation)})"
        ),
        notation,
    )
    for notation in dict.fromkeys(n for _, n in _POLLUTANT_TARGET_WORDS)
)
# Not one of our indicators: the detail is the subject as written.
_OTHER_TARGET = re.compile(rf"{_GDP}{_DECOY_ITEM}|{_OTHER_INTENSITY}")


def qualitative_findings(text: str) -> list[Finding]:
    """Targets stated without a figure: 完成省下达的减排任务, 能耗降低达到省要求."""
    out: list[Finding] = []
    for lo, hi in sentences(text):
        clauses = _clauses(text, lo, hi, ",;、")
        stated = -1  # the last clause that gave a finding
        for k, (a, b) in enumerate(clauses):
            clause = text[a:b]
            if figures(text, a, b) or not _QUALITATIVE_VERB.search(clause):
                continue
            subjects = _subjects(clause)
            start = a
            if not subjects and k > 0 and stated != k - 1:
                # "主要污染物重点工程减排量,完成省下达任务": the subject is the clause before.
                pa, pb = clauses[k - 1]
                if not figures(text, pa, pb):
                    subjects = _subjects(text[pa:pb])
                    start = pa
            for code in subjects:
                out.append(Finding("qualitative-target", start, b, code))
                stated = k
    return out


def _subjects(clause: str) -> list[str]:
    """Indicator notations (or, for others, the subject as written) a clause names."""
    out = [ENERGY] if _ENERGY_TARGET.search(clause) else []
    out += [n for m in _TARGET_WORD.finditer(clause) if (n := _TARGET_WORDS[m.group()])]
    out += [notation for rx, notation in _POLLUTANT_TARGETS if rx.search(clause)]
    other = _OTHER_TARGET.search(clause)
    return list(dict.fromkeys(out + ([other.group(0)] if other else [])))


def _clauses(text: str, lo: int, hi: int, marks: str = ",;") -> list[tuple[int, int]]:
    return clauses(text, lo, hi, marks)


def uncovered_findings(
    text: str, covered: list[tuple[int, int]], known: list[Finding]
) -> list[Finding]:
    """Clauses with a figure and a unit that no target and no other finding accounts for."""
    spans = covered + [(f.start, f.end) for f in known]
    out: list[Finding] = []
    for lo, hi in sentences(text):
        for a, b in _clauses(text, lo, hi):
            loose = [
                f
                for f in figures(text, a, b)
                if f.unit and not any(s <= f.start < e for s, e in spans)
            ]
            if loose:
                detail = "、".join(text[f.start : f.end] for f in loose)
                out.append(Finding("target-without-value", a, b, detail))
    return out
