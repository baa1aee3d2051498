"""The wording every quantity reader shares: the plan period and its years, the base year
of a change, and what separates the items of a list. One pattern each, for prose and
tables alike; they work on compact normalised text (no white space, folded brackets)."""

from __future__ import annotations

import re

from ingest.vocab import alternation, vocabularies

# The 14th Five-Year period: what a target is measured against and when it is due, where
# the text does not say.
DEFAULT_BASE_YEAR = 2020
DEFAULT_TARGET_YEAR = 2025

# “十四五”时期, 十四五期间, “十四五”末: the period named, which dates a target to its end.
PERIOD = r"“?十四五”?(?:时期|期间|期末|末)"
# The period's name, with or without its time word.
PERIOD_NAME = rf"(?:{PERIOD}|“?十四五”?)"
# An earlier five-year period (“十三五”时期, 十二五以来): what a sentence reports of it, in a
# plan's targets, is a result, not a target.
PAST_PERIOD = re.compile(r"“?十[一二三]五”?(?:时期|期间|以来|期末|末)?")

# A year as the text dates a target: 到2025年, 2025年底, 2025年前.
YEAR_WORDS = r"(?:(?:到|至|截至)?20\d\d年(?:底|末|前)?)"
# A figure per year of the period (年均下降3%), not over the whole period.
ANNUAL = "年均"
# The plan's jurisdiction as a whole, at any level: 全市 (the whole city), 我县 (our
# county), 全省, 本区 (the agency-type vocabulary's whole-place and level words).
WHOLE_PLACE = (
    f"(?:(?:{alternation(vocabularies().whole_place_words)})"
    f"(?:{alternation(vocabularies().level_prefixes)}))"
)
# Each of its subdivisions (各县, 各区): a figure stated for them is none of the plan's own.
EACH_PLACE = (
    f"(?:(?:{alternation(vocabularies().each_place_words)})"
    f"(?:{alternation(vocabularies().level_prefixes)}))"
)

# The base year of a change: 比2020年, 较2020年, 相比2020年, 与2020年(相比).
_BASE_WORDS = r"(?:比|较|相比|与)"
BASE_YEAR_WORDS = rf"{_BASE_WORDS}20\d\d年"
_BASE_YEAR = re.compile(rf"{_BASE_WORDS}(20\d\d)年")
# The year a target is due: 到2025年, 2025年底, “十四五”时期 (a base year is not one).
TARGET_YEAR = re.compile(
    rf"(?:到|至|截至)(20\d\d)年|(?<![比较与])(20\d\d)年(?:底|末|前|,)|{PERIOD}"
)

# What stands between the items of a list: 化学需氧量、氨氮和氮氧化物, 8%、8%以及10%.
LIST_SEPARATOR_CHARS = "、,和及与"
LIST_SEPARATOR = rf"[{LIST_SEPARATOR_CHARS}]|以及"
LIST_GAP = re.compile(LIST_SEPARATOR)


def base_year(text: str, default: int | None = None) -> int | None:
    """The base year `text` names (比2019年 -> 2019), else `default`."""
    m = _BASE_YEAR.search(text)
    return int(m.group(1)) if m else default


def target_year_of(mark: re.Match[str]) -> int:
    """The year a `TARGET_YEAR` match names (the period's end for “十四五”时期)."""
    year = mark.group(1) or mark.group(2)
    return int(year) if year else DEFAULT_TARGET_YEAR
