"""The one reader of quantity statements, for prose and table cells alike.

A statement names an indicator (its labels in ontology/vocab/indicator.ttl), then a
connective: a base year (比2020年), a verb that makes the figure a fall, a rise or a level
to reach (the qualifier scheme's pk:fallWord, pk:riseWord, pk:reachWord), a qualifier
(不低于, 控制在); then a figure with its unit (the unit vocabulary, through
ingest/numbers.py) and a qualifier after it (以上, 左右). Figures come as lists (分别下降
8%、9%: a unit and a qualifier written once are every figure's) or as ranges (8%—10%). A
table cell is the same statement without its indicator: its row or column names it.

What the reader decides, and nothing else guesses:
- a level indicator (能源消费总量, 非化石能源比重) is read only from a level: a fall or a
  rise of it (下降5万吨) is no target of it;
- a change indicator (its notation ends in -reduction or -increment) is measured from the
  base year the statement names, else from the start of the period; a level from the
  year it names, else from the year its caller gives (the headline's period start, none
  inside a measure);
- a range promises its high end at most under a ceiling (控制在30—32万吨), else its low
  end at least (下降16%至18%); a list of figures for one indicator is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal, cast

from ingest.indicators import default_unit, indicator_for_label
from ingest.model import Qualifier
from ingest.numbers import (
    MAGNITUDES,
    UNIT_CODES,
    Figure,
    figure_groups,
    normalise_quantity,
    parse_decimal,
)
from ingest.patterns import (
    ANNUAL,
    DEFAULT_BASE_YEAR,
    DEFAULT_TARGET_YEAR,
    EACH_PLACE,
    TARGET_YEAR,
    base_year,
    target_year_of,
)
from ingest.qualifiers import (
    ASPIRATIONS,
    BOUND,
    BOUNDS,
    CHANGE_WORDS,
    VERB,
    aspiring,
    qualifier_of,
)
from ingest.vocab import alternation, vocabularies

__all__ = [
    "Direction",
    "Quantity",
    "Refusal",
    "Stated",
    "base_year_for",
    "cell_quantity",
    "clauses",
    "direction",
    "figure_lists",
    "indicator_statements",
    "is_change",
    "promised_end",
    "sentences",
    "target_year",
]

Direction = Literal["fall", "rise", "reach"]

_NUM = r"\d+(?:\.\d+)?"
_UNIT = alternation(UNIT_CODES)
# Between the two ends of a range: 8%—10%, 8～10%, 8%至10%, 1150万—1180万吨 (the low
# end's scale written, its unit left to the high end's).
_RANGE_MARK = r"[~～—–\-]{1,2}|至|到"
_RANGE = re.compile(
    rf"(?<![\d.])(?P<low>{_NUM})(?P<low_unit>{_UNIT}|{alternation(MAGNITUDES)})?"
    rf"(?:{_RANGE_MARK})(?P<high>{_NUM})"
)
# A cell: 下降[4.5%], 不低于15%, (14), 152万吨标准煤以内, 8—10.
_CELL = re.compile(
    rf"(?P<verb>{VERB})?(?P<pre>{BOUND})?(?P<open>[\[(])?(?P<num>{_NUM})"
    rf"(?:(?:{_RANGE_MARK})(?P<high>{_NUM}))?(?P<unit>{_UNIT})?(?P<close>[\])])?(?P<suf>{BOUND})?"
)
# What separates the sentences of a paragraph and the clauses of a sentence.
_SENTENCE_END = re.compile(r"[。!?]")
_CLAUSE_END = ",;:"
_CHANGE_INDICATOR = ("-reduction", "-increment")
# Words between two figures of one clause that only give the second its verb (、控制在).
_EACH_PLACE = re.compile(EACH_PLACE)
_CONNECTIVE = re.compile(rf"[、和](?:{VERB}|{BOUND})+")
# 达到10%，力争达到12%: a clause of an aspiration alone, about the figure before it
_ASPIRED_AGAIN = re.compile(rf"(?:{alternation(ASPIRATIONS)})(?:{VERB}|{BOUND})*")


@dataclass(frozen=True)
class Quantity:
    """A figure as the text states it: `value` in the unit `unit` (a code of the unit
    vocabulary, "" when none is written), [start, end) in the text read; `written` is the
    number as written (before 万 or 千 scale it), `change` says it is written as a change
    ([4.5%], 下降4.5%), `high` is the upper end of a range."""

    value: Decimal
    unit: str
    qualifier: Qualifier
    start: int
    end: int
    written: Decimal
    unit_text: str = ""
    change: bool = False
    high: Decimal | None = None


@dataclass(frozen=True)
class Stated:
    """A target a statement gives: its indicator, figure, base year; `start` is where its
    subject begins."""

    indicator: str
    quantity: Quantity
    start: int
    base_year: int | None
    words: str


@dataclass(frozen=True)
class Refusal:
    """What looked like a quantity statement and gave no target: [start, end) and why."""

    start: int
    end: int
    detail: str


# ------------------------------------------------------------------------- words


def direction(words: str) -> Direction | None:
    """What the verb `words` end with makes of the figure after it: a fall (下降), a rise
    (提高) or a level (达到, 降至); a bound between the verb and the figure (下降不低于)
    is passed over. None when no verb stands there."""
    rest = words.rstrip(":")
    for word, _ in BOUNDS:
        if rest.endswith(word):
            rest = rest[: -len(word)]
            break
    rest = rest.removesuffix("分别").removesuffix("均")
    for word, kind in CHANGE_WORDS:
        if rest.endswith(word):
            return cast(Direction, kind)
    return None


def is_change(indicator: str) -> bool:
    """An indicator of a change over the period (a reduction rate, an increment)."""
    return indicator.endswith(_CHANGE_INDICATOR)


def base_year_for(indicator: str, words: str, level_base: int | None = None) -> int | None:
    """The base year a statement of `indicator` names, else the period's start for a
    change and `level_base` for a level."""
    return base_year(words, DEFAULT_BASE_YEAR if is_change(indicator) else level_base)


def target_year(text: str, pos: int, wide: bool) -> int:
    """The year of the nearest 到20XX年 / “十四五”时期 before `pos` in its sentence; with
    `wide` (a targets paragraph, where one 到2025年 leads several sentences) in the
    sentences before too; else the period's end."""
    sentence = text.rfind("。", 0, pos) + 1
    for lo in (sentence, 0) if wide else (sentence,):
        marks = list(TARGET_YEAR.finditer(text, lo, pos))
        if marks:
            return target_year_of(marks[-1])
    return DEFAULT_TARGET_YEAR


def sentences(text: str, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int]]:
    """[start, end) of each sentence of text[lo:hi] (without its 。)."""
    hi = len(text) if hi is None else hi
    pos = lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < hi:
        yield pos, hi


def clauses(text: str, lo: int, hi: int, marks: str = _CLAUSE_END) -> list[tuple[int, int]]:
    """[start, end) of each clause of text[lo:hi], cut at `marks`."""
    out = []
    pos = lo
    for k in range(lo, hi):
        if text[k] in marks:
            if k > pos:
                out.append((pos, k))
            pos = k + 1
    if pos < hi:
        out.append((pos, hi))
    return out


# ------------------------------------------------------------------------- figures


def cell_quantity(text: str) -> Quantity | None:
    """The quantity a table cell states (compact text), or None when it states none.

    "15", "不低于15%", "15%以上", "(14)" (a five-year figure as written), "[4.5%]" and
    "下降[4.5%]" (a change), "152万吨标准煤以内" (a unit in the cell), "8—10" (a range).
    """
    m = _CELL.fullmatch(text)
    if m is None or (m["open"] is None) != (m["close"] is None):
        return None
    written = parse_decimal(m["num"])
    unit_text = m["unit"] or ""
    try:
        value, unit = normalise_quantity(written, unit_text) if unit_text else (written, "")
        high = (
            normalise_quantity(parse_decimal(m["high"]), unit_text)[0]
            if m["high"] and unit_text
            else (parse_decimal(m["high"]) if m["high"] else None)
        )
    except ValueError:
        return None  # a unit the vocabulary does not know
    verb = direction(m["verb"]) if m["verb"] else None
    change = verb in ("fall", "rise") or (m["open"] == "[" and unit == "percent")
    return Quantity(
        value,
        unit,
        qualifier_of(m["pre"] or "", m["suf"] or ""),
        0,
        len(text),
        written,
        unit_text,
        change,
        high,
    )


def _from_figure(text: str, f: Figure) -> Quantity:
    number = re.match(_NUM, text[f.start : f.end])
    written = parse_decimal(number.group(0)) if number is not None else f.value
    return Quantity(
        f.value, f.unit, qualifier_of("", f.suffix), f.start, f.end, written, f.unit_text
    )


def figure_lists(text: str, lo: int, hi: int) -> list[list[Quantity]]:
    """The lists of figures with a unit in text[lo:hi] (ingest/numbers.py's groups), a
    range (13%—14%, 13～14%) standing as one quantity with its `high` end."""
    ranges = {m.start("high"): m for m in _RANGE.finditer(text, lo, hi)}
    lows = {m.start("low") for m in ranges.values()}
    out: list[list[Quantity]] = []
    for group in figure_groups(text, lo, hi):
        found: list[Quantity] = []
        for f in group:
            r = ranges.get(f.start)
            low_unit = r["low_unit"] if r is not None else None
            if r is not None and (
                low_unit in (None, f.unit_text)
                or (low_unit in MAGNITUDES and f.unit_text.startswith(low_unit))
            ):
                low = parse_decimal(r["low"])
                value = normalise_quantity(low, f.unit_text)[0] if f.unit_text else low
                found.append(
                    Quantity(
                        value,
                        f.unit,
                        qualifier_of("", f.suffix),
                        r.start(),
                        f.end,
                        low,
                        f.unit_text,
                        high=f.value,
                    )
                )
            elif f.start not in lows:
                found.append(_from_figure(text, f))
        if found:
            out.append(found)
    return out


# ---------------------------------------------------------------------- statements


def _fits(indicator: str, unit: str) -> bool:
    """A percent figure only for an indicator stated in percent, and the reverse."""
    default = default_unit(indicator)
    return default is None or (default == "percent") == (unit == "percent")


def indicator_statements(
    text: str,
    lo: int,
    hi: int,
    taken: list[tuple[int, int]],
    only: frozenset[str] | None = None,
    level_base: int | None = None,
) -> tuple[list[Stated], list[Refusal]]:
    """Targets of the indicators the lexicon names, one figure each, in text[lo:hi]:
    the subject and connective are the words of the figure's clause before it. Figures
    inside `taken` (read or refused by another reader) are left, and with `only` every
    indicator but those; `level_base` is the base year of a level whose statement names none.
    A range gives the end it promises (`promised_end`); a list of figures for one
    indicator is refused."""
    found: list[Stated] = []
    refused: list[Refusal] = []
    for s_lo, s_hi in sentences(text, lo, hi):
        before = ""  # the words before the last figure of the clause before
        for c_lo, c_hi in clauses(text, s_lo, s_hi):
            prev = c_lo
            subject = ""  # the words before the clause's last figure
            for group in figure_lists(text, c_lo, c_hi):
                first = group[0]
                start, words = prev, text[prev : first.start]
                prev = group[-1].end
                if _CONNECTIVE.fullmatch(words) and subject:
                    # 煤炭消费总量比2020年下降5%、控制在1.24亿吨: the same subject, again
                    words = subject + words
                elif not subject and before and _ASPIRED_AGAIN.fullmatch(words.lstrip(",")):
                    words = before + words
                subject = words
                before = words
                if any(a <= first.start < b for a, b in taken):
                    continue
                if _EACH_PLACE.search(words):
                    continue  # 各县(市、区)的…下降20%: each subdivision's figure
                verb = direction(words)
                rate = first.unit == "percent" and verb == "fall"
                indicator = indicator_for_label(words, rate=rate)
                if indicator == "other" or not _fits(indicator, first.unit):
                    continue
                if only is not None and indicator not in only:
                    continue
                if ANNUAL in words and not _annual(indicator):
                    continue  # a figure per year is not the five-year figure
                if not is_change(indicator) and verb in ("fall", "rise"):
                    continue  # a change of a level (下降5万吨) is not the level
                if len(group) > 1:
                    refused.append(
                        Refusal(first.start, group[-1].end, f"{indicator}: {len(group)} figures")
                    )
                    continue
                # The statement's own words: from the 、 after the items before it
                # (力争完成18.5%的激励目标、能源消费增量…: the aspiration is the other's).
                own = _own_words(words, indicator, rate)
                start, words = min(start + len(words) - len(own), first.start), own
                q = first
                if aspiring(words):
                    q = _with_qualifier(q, "aspirational")
                elif not q.qualifier:
                    q = _with_qualifier(q, qualifier_of(words, ""))
                q = promised_end(q)
                found.append(
                    Stated(indicator, q, start, base_year_for(indicator, words, level_base), words)
                )
    return found, refused


def _own_words(words: str, indicator: str, rate: bool) -> str:
    """The shortest tail of `words` after a 、 that still names `indicator`."""
    cut = len(words)
    while (cut := words.rfind("、", 0, cut)) >= 0:
        tail = words[cut + 1 :]
        if indicator_for_label(tail, rate=rate) == indicator:
            return tail
    return words


def _annual(indicator: str) -> bool:
    """Is `indicator` a figure per year (a label of it says 年均)?"""
    return any(
        any(ANNUAL in part for part in parts)
        for parts, notation in vocabularies().indicator_labels
        if notation == indicator
    )


def promised_end(q: Quantity) -> Quantity:
    """What a range promises: its high end at most under a ceiling (控制在30—32万吨),
    else its low end at least (下降16%至18%); any other quantity as it is."""
    if q.high is None:
        return q
    if q.qualifier == "at-most":
        scale = q.value / q.written if q.written else Decimal(1)
        return replace(q, value=q.high, written=q.high / scale, high=None)
    return replace(q, qualifier=q.qualifier or "at-least", high=None)


def _with_qualifier(q: Quantity, qualifier: Qualifier) -> Quantity:
    return replace(q, qualifier=qualifier)
