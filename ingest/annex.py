"""Targets in the annex tables (附件1, 附件2 …) that follow the plan body.

The tables come out of Word as text, usually one cell per line (tab-indented, a line
holding only a tab is an empty cell), a blank line between rows, and a long cell value
sometimes broken onto a second, un-indented line. Some exports put one row per line with
the cells separated by tabs or by runs of spaces instead; both layouts are read.

The kinds of table understood:
- per-county / per-town energy-intensity targets (县区 | 降低目标(%), or 镇(街道) | 基本目标 |
  激励目标);
- industry indicators (指标 | 单位 | 2020年实际值 | 2025年目标值 | 变化幅度/变化率 [| 责任单位]),
  with sector headings (能源 / 工业 / 建筑 / 交通 / 公共机构) as single-cell rows;
- indicators stated per pollutant with the pollutants as columns (污染物 | 化学需氧量 | 氨氮
  …, then 重点工程减排量 | 430 | 38 …), the unit in the caption (单位：吨) or the label;
- an indicator table a web page flattened into lines, its header lost: a row is known by
  its last cell, what a kind column holds (约束性, 预期性: pk:cellWord), after a label with
  its unit in brackets and one or two value cells, the last the target (单位国内生产总值能源
  消耗降低（%） 【8.04】 【16】 约束性); a pollutant cell after the label makes the lines
  under it that name only a pollutant and its figures (氨氮 【40】) rows of that label.
A row that cannot be read unambiguously is skipped rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ingest.headline import ENERGY_ITEM, pollutant_in
from ingest.indicators import default_unit, indicator_for_label
from ingest.model import Gap, Qualifier, Scope, Target
from ingest.numbers import normalise_quantity, unit_words
from ingest.patterns import BASE_YEAR_WORDS, DEFAULT_BASE_YEAR, DEFAULT_TARGET_YEAR, WHOLE_PLACE
from ingest.qualifiers import FALL, aspiring
from ingest.quantities import cell_quantity, is_change, promised_end
from ingest.structure import ANNEX_RE
from ingest.tables import (
    AGENCY,
    PLACEHOLDER,
    Cell,
    Row,
    as_written,
    column,
    row_span,
    rows,
    spaced_cells,
)
from ingest.text import compact
from ingest.vocab import alternation, vocabularies

__all__ = ["annex_targets"]

_UNIT_IN_LABEL = re.compile(r"\((?P<unit>[^()]{1,8})\)$")  # 化学需氧量重点工程减排量(吨)
# The unit a caption gives its table's values: 单位:吨, (单位:万吨).
_UNIT_IN_CAPTION = re.compile(r"单位:(?P<unit>[^()\s,;]{1,8})")
_NAME_HEADER = re.compile(
    r"^(?:[县市区镇乡街道旗盟州]{1,8}|地区|地方|区域|行政区|辖区|单位|名称)(?:名称)?$"
)
_INTENSITY_WORDS = re.compile(rf"{ENERGY_ITEM}|强度")
_BY_POLLUTANT = ("key-project-emission-reduction", "total-emission-reduction")
# A row of the whole (pk:totalRowWord: 合计, or the plan's whole place 全市), not of one county.
_TOTAL_ROW = re.compile(rf"{alternation(vocabularies().total_row_words)}|{WHOLE_PLACE}")

Role = Literal["label", "unit", "baseline", "target", "change", "agency", "index", "sector"]


# ----------------------------------------------------------------- values, labels


# 较2020年下降15%: the base a cell names before its figure
_CELL_BASE = re.compile(rf"^{BASE_YEAR_WORDS}")


def _value(text: str) -> tuple[Decimal, Qualifier, bool] | None:
    """A plain value cell -> (number, qualifier, written with %); None for a change or a
    unit other than % (ingest/quantities.py reads the cell); a range (15—16) gives the end
    it promises, as in prose."""
    q = cell_quantity(_CELL_BASE.sub("", text))
    if q is None or q.change or q.unit not in ("", "percent"):
        return None
    q = promised_end(q)
    return q.written, q.qualifier, q.unit == "percent"


def _rate(text: str) -> tuple[Decimal, Qualifier] | None:
    """A change-rate cell: "[4.5%]", "下降[5%]", "下降5%", "较2020年下降15%"."""
    q = cell_quantity(_CELL_BASE.sub("", text))
    if q is None or not q.change or q.unit != "percent":
        return None
    q = promised_end(q)
    return q.value, q.qualifier


# ------------------------------------------------------------------ table kinds


@dataclass
class _County:
    name_col: int  # 0, or 1 after a 序号 column
    columns: dict[int, Qualifier]  # value column -> "" (basic) or "aspirational"
    headers: dict[int, list[str]]


@dataclass
class _Industry:
    roles: dict[int, Role]
    base_year: int
    target_year: int
    headers: dict[int, list[str]]
    sector: str | None = None
    data_seen: bool = False


@dataclass
class _Flat:
    """An indicator table flattened into lines: the label of its last row, whose
    pollutant rows follow it (主要污染物重点工程减排量（吨） 化学需氧量 — 【773】 约束性, then
    氨氮 【40】); None when that row named no pollutant."""

    label: Cell | None


@dataclass
class _ByPollutant:
    pollutants: dict[int, tuple[str, str]]  # column -> (pollutant as written, notation)
    unit: str | None  # the unit word its caption gives, if any


def _pollutant_header(row: Row) -> _ByPollutant | None:
    """A header row naming a pollutant in each of two value columns or more, after a label
    column (污染物 | 化学需氧量 | 氨氮 | 氮氧化物), else None."""
    found = {}
    for k, cell in enumerate(row.cells[1:], start=1):
        code = pollutant_in(cell.text) if len(cell.text) <= 12 else None
        if code is not None and not re.search(r"\d", cell.text):
            found[k] = (cell.text, code)
    if len(found) < 2 or pollutant_in(row.cells[0].text) is not None:
        return None
    return _ByPollutant(found, None)


def _merge_headers(headers: dict[int, list[str]], row: Row) -> None:
    for i, cell in enumerate(row.cells):
        headers.setdefault(i, []).append(cell.text)


def _county_columns(headers: dict[int, list[str]], name_col: int) -> dict[int, Qualifier]:
    columns: dict[int, Qualifier] = {}
    unknown = []
    for i, texts in sorted(headers.items()):
        if i <= name_col:
            continue
        joined = "".join(texts)
        if not joined:
            continue
        if re.search(rf"增量|总量|{unit_words('tce')}|{unit_words('t')}", joined):
            continue  # another indicator: not read
        if aspiring(joined):
            columns[i] = "aspirational"
        elif re.search(rf"基本|目标|{FALL}|强度|%", joined):
            columns[i] = ""
        else:
            unknown.append(i)
    if not columns and len(unknown) == 1:
        columns[unknown[0]] = ""  # the only value column of a 降低目标 table
    return columns


# The column roles of the lexicon (ingest/tables.py) as the target reader names them; a
# kind column (约束性/预期性) holds no value and is not read.
_ROLES: dict[str, Role] = {
    "indicator": "label",
    "task": "label",
    "unit": "unit",
    "base-value": "baseline",
    "target-value": "target",
    "change": "change",
    AGENCY: "agency",
    "index": "index",
    "sector": "sector",
}


def _industry_roles(headers: dict[int, list[str]]) -> tuple[dict[int, Role], int, int]:
    roles: dict[int, Role] = {}
    base_year, target_year = DEFAULT_BASE_YEAR, DEFAULT_TARGET_YEAR
    for i, texts in sorted(headers.items()):
        specific = next((t for t in reversed(texts) if t), "")
        joined = "".join(texts)
        found = column(i, specific)
        role = _ROLES.get(found.role) if found is not None else None
        if role is None:
            continue
        if role in roles.values() and role not in ("agency", "index"):
            return {}, base_year, target_year  # two columns claim one role: unreadable
        roles[i] = role
        year = re.search(r"(20\d\d)年", joined)
        if year and role == "baseline":
            base_year = int(year.group(1))
        if year and role == "target":
            target_year = int(year.group(1))
    if "label" not in roles.values() and 0 not in roles:
        roles[0] = "label"
    return roles, base_year, target_year


def _is_industry_header(row: Row) -> bool:
    found = [c for k, cell in enumerate(row.cells) if (c := column(k, cell.text)) is not None]
    roles = {c.role for c in found}
    return any(c.role == "indicator" and c.index < 3 for c in found) and bool(
        roles & {"unit", "target-value"}
    )


def _county_header(row: Row, caption: str) -> int | None:
    """The name column when `row` heads a per-county intensity table, else None."""
    index = column(0, row.cells[0].text) if row.cells else None
    name_col = 1 if index is not None and index.role == "index" else 0
    if len(row.nonempty()) < 2 + name_col or row.cells[name_col].empty:
        return None
    name = re.sub(r"[()、,“”\"]", "", row.cells[name_col].text)
    if not _NAME_HEADER.match(name):
        return None
    rest = "".join(c.text for c in row.cells[name_col + 1 :])
    if re.search(r"\d{3,}", re.sub(r"20\d\d年|十四五", "", rest)):
        return None  # numbers: a data row, not a header
    return name_col if _INTENSITY_WORDS.search(caption + rest) else None


def _looks_like_subheader(row: Row) -> bool:
    texts = [c.text for c in row.cells]
    if any(_value(t) or _rate(t) for t in texts):
        return False
    return any(re.search(r"实际|目标|变化|基本|值", t) or aspiring(t) for t in texts)


# --------------------------------------------------------------------- reading


def annex_targets(
    normalised: str,
    original: str,
    start: int,
    resolve_subject: Callable[[str], str | None],
    end: int | None = None,
    scope: Scope = "annex",
    gaps: list[Gap] | None = None,
) -> list[Target]:
    """Targets in the tables from offset `start` (normalised and original: the whole plan,
    same length) to `end` (the end of the text): the annex's, or with `scope="headline"`
    a table of the plan's 主要目标. When `gaps` is given, a row of an indicator table
    whose target cell holds a figure that gives no target (a range, a unit the vocabulary
    does not know) is appended to it as a `target-without-value` gap."""
    if len(normalised) != len(original):
        raise ValueError("normalised and original texts differ in length")
    refused: list[Gap] = []
    found = _table_rows(normalised, original, start, end, resolve_subject, refused)
    for target in found:
        if target.subject_code is None:  # a row for a county stays the annex's
            target.scope = scope
    if gaps is not None:
        gaps += refused
    return found


def _table_rows(
    normalised: str,
    original: str,
    start: int,
    end: int | None,
    resolve_subject: Callable[[str], str | None],
    refused: list[Gap],
) -> list[Target]:
    out: list[Target] = []
    caption: list[Cell] = []
    unit_line = ""  # a line 单位：吨 above a table
    table: _County | _Industry | _ByPollutant | _Flat | None = None
    for row in _unfolded(rows(normalised, original, start, end)):
        cells = row.nonempty()
        if not cells:
            continue
        if table is None or isinstance(table, _Flat):
            # No header read: a row of a flattened table is known by its own cells.
            flat = _flat_row(normalised, original, row, table)
            if flat is not None:
                found, table = flat
                out += found
                continue
            table = None
        first = cells[0].text
        heading = annex_heading(normalised, cells[0]) if len(cells) == 1 else None
        if heading is not None:
            table, caption = None, []
            if heading < cells[0].end:  # "附件1:“十四五”各县区…目标": the title follows
                caption = [
                    Cell(
                        heading,
                        cells[0].end,
                        "".join(normalised[heading : cells[0].end].split()),
                        [(heading, cells[0].end)],
                    )
                ]
            continue
        if len(row.cells) == 1:
            if first.startswith("注"):
                continue  # a note under the table
            if isinstance(table, _Industry) and _sector_heading(first):
                table.sector = as_written(normalised, original, cells[0])
                continue
            if table is not None:
                table, caption = None, []  # a text line after a table: the next caption
            if len(first) > 60:
                caption = []  # running text, not a table title
            elif not re.match(r"^单位[:]", first):
                caption = [*caption[-2:], cells[0]]  # a title may wrap over lines
            else:
                unit_line = first
            continue
        caption_text = "".join(c.text for c in caption)
        by_pollutant = _pollutant_header(row)
        if by_pollutant is not None:
            unit = _UNIT_IN_CAPTION.search(caption_text + unit_line)
            by_pollutant.unit = unit["unit"] if unit is not None else None
            table, unit_line = by_pollutant, ""
            continue
        if isinstance(table, _ByPollutant):
            out += _pollutant_row(normalised, original, row, table)
            continue
        if _is_industry_header(row):
            headers: dict[int, list[str]] = {}
            _merge_headers(headers, row)
            roles, base, target = _industry_roles(headers)
            table = _Industry(roles, base, target, headers)
            continue
        name_col = _county_header(row, caption_text)
        if name_col is not None:
            headers = {}
            _merge_headers(headers, row)
            table = _County(name_col, _county_columns(headers, name_col), headers)
            continue
        if isinstance(table, _Industry):
            if not table.data_seen and _looks_like_subheader(row):
                _merge_headers(table.headers, row)
                table.roles, table.base_year, table.target_year = _industry_roles(table.headers)
                continue
            if len(cells) == 1 and cells[0] is row.cells[0] and _sector_heading(first):
                # A sector heading exported with the row's empty cells.
                table.sector = as_written(normalised, original, cells[0])
                continue
            target_row = _industry_row(normalised, original, row, table)
            if target_row is not None:
                table.data_seen = True
                out.append(target_row)
            elif (gap := _unread_target(normalised, original, row, table)) is not None:
                refused.append(gap)
            continue
        if isinstance(table, _County):
            name_cell = row.cells[table.name_col] if table.name_col < len(row.cells) else None
            if (name_cell is None or name_cell.empty) and _looks_like_subheader(row):
                _merge_headers(table.headers, row)
                table.columns = _county_columns(table.headers, table.name_col)
                continue
            label = "".join(as_written(normalised, original, c) for c in caption) or None
            out.extend(_county_rows(normalised, original, row, table, label, resolve_subject))
    return out


def _unfolded(table_rows: list[Row]) -> list[Row]:
    """Rows laid out side by side under a header that repeats itself (县市 | 目标 | 县市 |
    目标), one under the other: each row's groups of cells become rows of their own, up to
    a row that does not split so."""
    out: list[Row] = []
    width = 0
    for row in table_rows:
        texts = [c.text for c in row.cells]
        size = next((n for n in (2, 3) if _repeats(texts, n)), 0)
        if size:
            width = size  # the header: its group of cells once
            out.append(Row(row.cells[:size]))
        elif width and len(texts) > width and len(texts) % width == 0:
            out += [Row(row.cells[k : k + width]) for k in range(0, len(texts), width)]
        else:
            width = 0
            out.append(row)
    return out


def _repeats(texts: list[str], size: int) -> bool:
    """Whether a header row is one group of `size` names repeated (no figure in it)."""
    return (
        len(texts) >= 2 * size
        and len(texts) % size == 0
        and all(texts[k : k + size] == texts[:size] for k in range(size, len(texts), size))
        and not any(re.search(r"\d", t) for t in texts)
    )


# The row's own number before its label: (9).
_ROW_NUMBER = re.compile(r"^\(\d{1,2}\)")
# What a kind column's cells hold (约束性, 预期性): a row ending in one is an indicator row.
_KIND_CELLS = frozenset(w for w, n in vocabularies().cell_words if n == "kind")


def _flat_row(
    normalised: str, original: str, row: Row, last: _Flat | None
) -> tuple[list[Target], _Flat] | None:
    """The target of a row of an indicator table flattened into a line, and what the rows
    under it share; None when the line is no such row. A row is a label with its unit in
    brackets, a pollutant cell if the label's indicator is stated per pollutant, one or
    two value cells (the base value, the target) and a kind cell (约束性); a pollutant row
    under one with a pollutant cell is a pollutant and its value cells."""
    lo, hi = row_span(row)
    cells = spaced_cells(normalised, lo, hi)
    if cells and _ROW_NUMBER.fullmatch(cells[0].text):
        cells = cells[1:]
    kind = bool(cells) and cells[-1].text in _KIND_CELLS
    if kind:
        cells = cells[:-1]
    if not cells:
        return None
    label: Cell | None = None
    if kind and _UNIT_IN_LABEL.search(cells[0].text):
        label, cells = cells[0], cells[1:]
    elif last is None or last.label is None:
        return None
    head = label if label is not None else last.label if last is not None else None
    if head is None:
        return None
    name: Cell | None = None
    if cells and pollutant_in(cells[0].text) and not re.search(r"\d", cells[0].text):
        name, cells = cells[0], cells[1:]
    if label is None and name is None:
        return None  # under a row, only a pollutant's row is that row's
    if (
        not 1 <= len(cells) <= 2
        or cells[-1].empty
        or any(not c.empty and _value(c.text) is None for c in cells)
    ):
        return None
    in_label = _UNIT_IN_LABEL.search(head.text)
    if in_label is None:
        return None
    label_text = _ROW_NUMBER.sub("", head.text[: in_label.start()])
    named = name.text if name is not None else ""
    indicator = indicator_for_label(named + label_text)
    pollutant = pollutant_in(named or label_text) if indicator in _BY_POLLUTANT else None
    parsed = _value(cells[-1].text)
    if indicator == "other" or parsed is None or (indicator in _BY_POLLUTANT) != bool(pollutant):
        return None
    value, qualifier, pct = parsed
    try:
        if in_label["unit"] == "%":
            unit = "percent"
        elif pct:
            return None
        else:
            value, unit = normalise_quantity(value, in_label["unit"])
    except ValueError:
        return None  # a unit the vocabulary does not know
    if default_unit(indicator) not in (None, unit):
        return None
    base = _value(cells[0].text) if len(cells) == 2 and not cells[0].empty else None
    baseline = None
    if base is not None and not is_change(indicator):  # a change's base cell is a past change
        baseline = (
            base[0] if unit == "percent" else normalise_quantity(base[0], in_label["unit"])[0]
        )
    span_lo, span_hi = row_span(Row([c for c in (label, name, *cells) if c is not None]))
    target = Target(
        indicator=indicator,
        value=value,
        unit=unit,
        scope="annex",
        pollutant=pollutant,
        span=compact(normalised, original, span_lo, span_hi).whole(),
        qualifier=qualifier,
        base_year=DEFAULT_BASE_YEAR,
        target_year=DEFAULT_TARGET_YEAR,
        indicator_label=named + _ROW_NUMBER.sub("", as_written(normalised, original, head)),
        baseline_value=baseline,
    )
    return [target], _Flat(head if name is not None else None)


def _pollutant_row(normalised: str, original: str, row: Row, table: _ByPollutant) -> list[Target]:
    """The targets of one row of a table with the pollutants as columns: its label names
    the indicator (重点工程减排量), each pollutant's cell its figure."""
    label_cell = row.cells[0]
    label = label_cell.text
    in_label = _UNIT_IN_LABEL.search(label)
    unit_word = in_label["unit"] if in_label is not None else table.unit
    if in_label is not None:
        label = label[: in_label.start()]
    lo, hi = row_span(row)
    span = compact(normalised, original, lo, hi).whole()
    out = []
    for k, (name, code) in sorted(table.pollutants.items()):
        if k >= len(row.cells) or row.cells[k].empty:
            continue
        parsed = _value(row.cells[k].text)
        indicator = indicator_for_label(name + label)
        if parsed is None or indicator not in _BY_POLLUTANT:
            return []  # a row we cannot read: skip it whole
        value, qualifier, pct = parsed
        try:
            if pct or unit_word == "%":
                unit = "percent"
            elif unit_word is not None:
                value, unit = normalise_quantity(value, unit_word)
            else:
                unit = str(default_unit(indicator))
        except ValueError:
            return []  # a unit the vocabulary does not know
        if default_unit(indicator) not in (None, unit) and unit != "percent":
            return []
        out.append(
            Target(
                indicator=indicator if unit != "percent" else "total-emission-reduction",
                value=value,
                unit=unit,
                scope="annex",
                pollutant=code,
                span=span,
                qualifier=qualifier,
                base_year=DEFAULT_BASE_YEAR,
                target_year=DEFAULT_TARGET_YEAR,
                indicator_label=name + as_written(normalised, original, label_cell),
            )
        )
    return out


def annex_heading(normalised: str, cell: Cell) -> int | None:
    """Where the title starts when `cell` is an annex heading (its end when it has none)."""
    lo, hi = cell.pieces[0]
    m = ANNEX_RE.match(normalised[lo:hi])
    if m is None:
        return None
    return lo + m.start("rest") if m.group("rest").strip() else cell.end


def _sector_heading(text: str) -> bool:
    return (
        len(text) <= 8
        and re.fullmatch(r"[\u4e00-\u9fff、和与及]+", text) is not None
        and not text.startswith(("附件", "单位", "注"))
    )


def _county_rows(
    normalised: str,
    original: str,
    row: Row,
    table: _County,
    label: str | None,
    resolve_subject: Callable[[str], str | None],
) -> list[Target]:
    if table.name_col >= len(row.cells):
        return []
    name_cell = row.cells[table.name_col]
    name = name_cell.text
    if (
        name_cell.empty
        or _TOTAL_ROW.fullmatch(name) is not None
        or re.search(r"[\d%]", name)
        or len(name) > 15
    ):
        return []
    if not re.search(r"[\u4e00-\u9fff]", name):
        return []
    lo, hi = row_span(row)
    span = compact(normalised, original, lo, hi).whole()
    subject = as_written(normalised, original, name_cell)
    out = []
    for i, column_qual in sorted(table.columns.items()):
        if i >= len(row.cells) or row.cells[i].empty:
            continue
        parsed = _value(row.cells[i].text)
        if parsed is None:
            return []  # a cell we cannot read: skip the whole row
        value, qual, _pct = parsed
        out.append(
            Target(
                indicator="energy-intensity-reduction",
                value=value,
                unit="percent",
                scope="annex",
                span=span,
                qualifier=column_qual or qual,
                base_year=DEFAULT_BASE_YEAR,
                target_year=DEFAULT_TARGET_YEAR,
                subject=subject,
                subject_code=resolve_subject(name),
                indicator_label=label,
            )
        )
    return out


def _unread_target(normalised: str, original: str, row: Row, table: _Industry) -> Gap | None:
    """A gap for a row whose label names something and whose target cell holds a figure,
    when the row gave no target; None for a row with nothing that looked like one."""
    label = next((k for k, r in table.roles.items() if r == "label"), None)
    target = next((k for k, r in table.roles.items() if r == "target"), None)
    if label is None or target is None or max(label, target) >= len(row.cells):
        return None
    label_cell, target_cell = row.cells[label], row.cells[target]
    if label_cell.empty or target_cell.empty or not re.search(r"\d", target_cell.text):
        return None
    if re.fullmatch(r"[\d.]+", label_cell.text):
        return None  # a shifted row: its label is a number
    lo, hi = row_span(row)
    written = [as_written(normalised, original, c) for c in (label_cell, target_cell)]
    detail = ": ".join(written)
    return Gap("target-without-value", compact(normalised, original, lo, hi).whole(), detail)


def _industry_row(normalised: str, original: str, row: Row, table: _Industry) -> Target | None:
    cells = list(row.cells)
    roles = table.roles
    # A merged sector cell appears only on its first row: realign the shorter rows.
    sector_col = next((i for i, r in roles.items() if r == "sector"), None)
    if sector_col == 0 and len(cells) == len(table.headers) - 1:
        cells.insert(0, Cell(cells[0].start, cells[0].start, ""))

    def cell(role: Role) -> Cell | None:
        for i, r in roles.items():
            if r == role and i < len(cells) and not cells[i].empty:
                return cells[i]
        return None

    label_cell = cell("label")
    if label_cell is None or _value(label_cell.text) or re.fullmatch(r"[\d.]+", label_cell.text):
        return None
    sector_cell = cell("sector")
    if sector_cell is not None:
        table.sector = as_written(normalised, original, sector_cell)
    label = as_written(normalised, original, label_cell)
    label_text = label_cell.text
    unit_cell, target_cell = cell("unit"), cell("target")
    if unit_cell is not None and unit_cell.text in PLACEHOLDER:
        unit_cell = None  # "—": a ratio such as PUE, with no unit
    unit_text: str | None = unit_cell.text if unit_cell is not None else None
    in_label = _UNIT_IN_LABEL.search(label_text)
    if unit_text is None and in_label is not None:
        # 化学需氧量重点工程减排量(吨), 非化石能源占能源消费总量比重(%): the unit in the label.
        unit_text = in_label["unit"]
        label_text = label_text[: in_label.start()]
    baseline_cell, change_cell = cell("baseline"), cell("change")

    value: Decimal | None = None
    baseline: Decimal | None = None
    unit: str | None = None
    qualifier: Qualifier = ""
    indicator = "other"
    target = _value(target_cell.text) if target_cell is not None else None
    if target_cell is not None and target is None:
        rate_in_target = _rate(target_cell.text)
        written = cell_quantity(target_cell.text) if rate_in_target is None else None
        if written is not None and not written.change and written.unit_text and not unit_text:
            # ≥620吨, 控制在68万吨标准煤左右: the unit written in the cell
            written = promised_end(written)
            target, unit_text = (written.written, written.qualifier, False), written.unit_text
        elif rate_in_target is None:
            return None  # a target we cannot read
    if target is not None:
        value, qualifier, pct = target
        indicator = indicator_for_label(label_text, rate=False)
        try:
            if unit_text == "%":
                unit = "percent"
            elif unit_text is not None:
                value, unit = normalise_quantity(value, unit_text)
            elif pct:
                unit = "percent"
            elif default_unit(indicator) is not None:
                unit = str(default_unit(indicator))  # e.g. PUE, a ratio with no unit cell
            else:
                return None
        except ValueError:
            return None  # a unit the vocabulary does not know
        if pct and unit != "percent":
            return None
        if unit == "percent" and indicator.startswith("public-institution-energy-per-"):
            indicator = indicator_for_label(label_text, rate=True)
        if baseline_cell is not None:
            base = _value(baseline_cell.text)
            if base is not None:
                baseline = (
                    normalise_quantity(base[0], unit_text)[0]
                    if unit_text not in (None, "%")
                    else base[0]
                )
    else:
        rated = None
        for c in (change_cell, target_cell):
            if c is not None and (rated := _rate(c.text)) is not None:
                break
        if rated is None:
            return None
        value, qualifier = rated
        unit = "percent"
        indicator = indicator_for_label(label_text, rate=True)
    if default_unit(indicator) not in (None, unit):
        indicator = "other"
    lo, hi = row_span(row)
    return Target(
        indicator=indicator,
        value=value,
        unit=unit,
        scope="annex",
        pollutant=pollutant_in(label_text) if indicator in _BY_POLLUTANT else None,
        span=compact(normalised, original, lo, hi).whole(),
        qualifier=qualifier,
        base_year=table.base_year,
        target_year=table.target_year,
        subject=table.sector,
        indicator_label=label,
        baseline_value=baseline,
    )
