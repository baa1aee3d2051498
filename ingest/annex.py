"""Targets in the annex tables (附件1, 附件2 …) that follow the plan body.

The tables come out of Word as text, usually one cell per line (tab-indented, a line
holding only a tab is an empty cell), a blank line between rows, and a long cell value
sometimes broken onto a second, un-indented line. Some exports put one row per line with
the cells separated by tabs or by runs of spaces instead; both layouts are read.

Two kinds of table are understood:
- per-county / per-town energy-intensity targets (县区 | 降低目标(%), or 镇(街道) | 基本目标 |
  激励目标);
- industry indicators (指标 | 单位 | 2020年实际值 | 2025年目标值 | 变化幅度/变化率 [| 责任单位]),
  with sector headings (能源 / 工业 / 建筑 / 交通 / 公共机构) as single-cell rows.
A row that cannot be read unambiguously is skipped rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ingest.headline import pollutant_in
from ingest.indicators import default_unit, indicator_for_label
from ingest.model import Qualifier, Scope, Target
from ingest.numbers import normalise_quantity, parse_decimal
from ingest.patterns import DEFAULT_BASE_YEAR, DEFAULT_TARGET_YEAR
from ingest.qualifiers import BOUND, aspiring, qualifier_of
from ingest.structure import ANNEX_RE
from ingest.text import compact

__all__ = ["annex_targets"]

_WS = " \t\r\n\u3000\xa0\ufeff"
_NUM = r"\d+(?:\.\d+)?"
# Separators inside one line: a tab, or else a run of two or more (ideographic) spaces.
_TAB = re.compile(r"\t")
_SPACES = re.compile(r" {2,}|\u3000{2,}")
_BARS = re.compile(r"\s*[│|┃]\s*")  # a text export's drawn table: │序号│指标│…│
_RULE = re.compile(r"^[\s─━┌┐└┘├┤┬┴┼═╔╗╚╝╠╣╦╩╬+\-|│]*$")  # a drawn table's border line
_UNIT_IN_LABEL = re.compile(r"\((?P<unit>[^()]{1,8})\)$")  # 化学需氧量重点工程减排量(吨)
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# A value cell; (14) is a cumulative five-year figure (〔14〕 as written).
_VALUE = re.compile(rf"^(?P<pre>{BOUND})?[\[(]?(?P<num>{_NUM})[\])]?(?P<pct>%)?(?P<suf>{BOUND})?$")
_RATE = re.compile(rf"^(?:下降|降低|减少|增加|提高|提升)?\[(?P<num>{_NUM})%\](?P<suf>{BOUND})?$")
_PLACEHOLDER = {"-", "--", "—", "——", "/", "无"}
_NAME_HEADER = re.compile(
    r"^(?:[县市区镇乡街道旗盟州]{1,8}|地区|地方|区域|行政区|辖区|单位|名称)(?:名称)?$"
)
_INTENSITY_WORDS = re.compile(r"能耗|强度|能源消耗|能源消费")
_BY_POLLUTANT = ("key-project-emission-reduction", "total-emission-reduction")
_TOTAL_ROWS = {"合计", "总计", "小计", "全市", "全县", "全区"}

Role = Literal["label", "unit", "baseline", "target", "change", "agency", "index", "sector"]


@dataclass
class _Cell:
    start: int  # normalised/original offsets of the cell's content
    end: int
    text: str  # normalised, white space removed
    pieces: list[tuple[int, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.text or self.text in _PLACEHOLDER


@dataclass
class _Row:
    cells: list[_Cell]

    def nonempty(self) -> list[_Cell]:
        return [c for c in self.cells if not c.empty]


# ------------------------------------------------------------------------ rows


def _cell(normalised: str, lo: int, hi: int) -> _Cell:
    while lo < hi and normalised[lo] in _WS:
        lo += 1
    while hi > lo and normalised[hi - 1] in _WS:
        hi -= 1
    text = "".join(normalised[lo:hi].split())
    return _Cell(lo, hi, text, [(lo, hi)])


def _extend(cell: _Cell, normalised: str, lo: int, hi: int) -> None:
    more = _cell(normalised, lo, hi)
    if not more.text:
        return
    if not cell.text:
        cell.start = more.start
    cell.end = more.end
    cell.text += more.text
    cell.pieces.append((more.start, more.end))


def _split(original: str, normalised: str, lo: int, hi: int) -> list[_Cell]:
    """Cells of one line [lo, hi): at each tab (an empty cell between two tabs is kept),
    at each drawn bar (│), or else at runs of two or more spaces."""
    tabbed = "\t" in original[lo:hi]
    barred = not tabbed and _BARS.search(original, lo, hi) is not None
    if barred:
        inner = original[lo:hi].strip(_WS)
        lo = original.index(inner, lo) if inner else lo
        hi = lo + len(inner)
        if original[lo : lo + 1] in "│|┃":
            lo += 1
        if hi > lo and original[hi - 1] in "│|┃":
            hi -= 1
    separator = _TAB if tabbed else _BARS if barred else _SPACES
    cells = []
    pos = lo
    for sep in separator.finditer(original, lo, hi):
        cells.append(_cell(normalised, pos, sep.start()))
        pos = sep.end()
    cells.append(_cell(normalised, pos, hi))
    if tabbed:
        while cells and not cells[-1].text:
            cells.pop()  # trailing tabs
        return cells
    return [c for c in cells if c.text]


def _lines(original: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[lo, hi) of each line from `start` to `end`; \r\n, \r and \n each end one line
    (normalise maps \r\n to two line breaks, so lines are cut on the original)."""
    pos = start
    for m in _LINE_BREAK.finditer(original, start, end):
        yield pos, m.start()
        pos = m.end()
    if pos < end:
        yield pos, end


def _rows(normalised: str, original: str, start: int, end: int | None = None) -> list[_Row]:
    """Table rows (and single-cell text lines) from `start` to `end` (the end of the text)."""
    rows: list[_Row] = []
    current: _Row | None = None  # a row being built one cell per line

    def close() -> None:
        nonlocal current
        if current is not None and current.cells:
            rows.append(current)
        current = None

    for lo, hi in _lines(original, start, len(original) if end is None else end):
        raw = original[lo:hi]
        if _RULE.match(raw) and raw.strip(_WS) and "\t" not in raw:
            continue  # the border between two rows of a drawn table
        if not raw.strip(_WS) and "\t" not in raw:
            close()  # a blank line ends a row
            continue
        if raw.startswith("\t"):
            body = lo + len(raw) - len(raw.lstrip("\t"))
            if "\t" in original[body:hi].rstrip(" \t"):
                # A whole row on one line, cells separated by tabs.
                close()
                rows.append(_Row(_split(original, normalised, body, hi)))
                continue
            if current is None:
                current = _Row([])
            current.cells.append(_cell(normalised, body, hi))
            continue
        stripped_lo = lo + len(raw) - len(raw.lstrip(_WS))
        cells = _split(original, normalised, stripped_lo, hi)
        if len(cells) >= 2:
            close()
            rows.append(_Row(cells))
        elif current is not None and current.cells:
            # An un-indented line inside a row continues the previous cell ("克标准煤\n/千瓦时").
            _extend(current.cells[-1], normalised, lo, hi)
        else:
            close()
            rows.append(_Row(cells))
    close()
    return rows


# ----------------------------------------------------------------- values, labels


def _value(text: str) -> tuple[Decimal, Qualifier, bool] | None:
    """A plain value cell -> (number, qualifier, written with %)."""
    m = _VALUE.match(text)
    if m is None:
        return None
    return (
        parse_decimal(m.group("num")),
        qualifier_of(m.group("pre") or "", m.group("suf") or ""),
        bool(m.group("pct")),
    )


def _rate(text: str) -> tuple[Decimal, Qualifier] | None:
    """A change-rate cell written as "[4.5%]" or "下降[5%]"."""
    m = _RATE.match(text)
    if m is None:
        return None
    return parse_decimal(m.group("num")), qualifier_of("", m.group("suf") or "")


def _as_written(normalised: str, original: str, cell: _Cell) -> str:
    """The cell as in the original text, line breaks and other white space removed."""
    parts = []
    for lo, hi in cell.pieces:
        view = compact(normalised, original, lo, hi)
        parts.append("".join(original[o] for o in view.offsets))
    return "".join(parts)


def _row_span(row: _Row) -> tuple[int, int]:
    cells = row.nonempty() or row.cells
    return min(c.start for c in cells), max(c.end for c in cells)


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


def _merge_headers(headers: dict[int, list[str]], row: _Row) -> None:
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
        if re.search(r"增量|总量|万吨|吨标准煤", joined):
            continue  # another indicator: not read
        if aspiring(joined):
            columns[i] = "aspirational"
        elif re.search(r"基本|目标|降低|下降|强度|%", joined):
            columns[i] = ""
        else:
            unknown.append(i)
    if not columns and len(unknown) == 1:
        columns[unknown[0]] = ""  # the only value column of a 降低目标 table
    return columns


def _industry_roles(headers: dict[int, list[str]]) -> tuple[dict[int, Role], int, int]:
    roles: dict[int, Role] = {}
    base_year, target_year = DEFAULT_BASE_YEAR, DEFAULT_TARGET_YEAR
    for i, texts in sorted(headers.items()):
        specific = next((t for t in reversed(texts) if t), "")
        joined = "".join(texts)
        role: Role | None = None
        if not specific:
            continue
        if "变化" in specific:
            role = "change"
        elif "目标" in specific:
            role = "target"
        elif re.search(r"实际|基期|现状|基准", specific):
            role = "baseline"
        elif specific == "单位" or specific == "计量单位":
            role = "unit"
        elif re.search(r"责任|牵头", specific):
            role = "agency"
        elif specific in ("序号", "编号"):
            role = "index"
        elif re.search(r"领域|类别|分类|行业|板块", specific) and "指标" not in specific:
            role = "sector"
        elif re.search(r"指标|名称|项目", specific) and not re.search(r"20\d\d", specific):
            role = "label"
        else:
            year = re.search(r"(20\d\d)年?", specific)
            if year and int(year.group(1)) <= DEFAULT_BASE_YEAR:
                role = "baseline"
            elif year:
                role = "target"
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


def _is_industry_header(row: _Row) -> bool:
    texts = [c.text for c in row.cells]
    return any("指标" in t for t in texts[:3]) and any(
        t in ("单位", "计量单位") or "目标" in t for t in texts
    )


def _county_header(row: _Row, caption: str) -> int | None:
    """The name column when `row` heads a per-county intensity table, else None."""
    name_col = 1 if row.cells and row.cells[0].text in ("序号", "编号") else 0
    if len(row.nonempty()) < 2 + name_col or row.cells[name_col].empty:
        return None
    name = re.sub(r"[()、,“”\"]", "", row.cells[name_col].text)
    if not _NAME_HEADER.match(name):
        return None
    rest = "".join(c.text for c in row.cells[name_col + 1 :])
    if re.search(r"\d{3,}", re.sub(r"20\d\d年|十四五", "", rest)):
        return None  # numbers: a data row, not a header
    return name_col if _INTENSITY_WORDS.search(caption + rest) else None


def _looks_like_subheader(row: _Row) -> bool:
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
) -> list[Target]:
    """Targets in the tables from offset `start` (normalised and original: the whole plan,
    same length) to `end` (the end of the text): the annex's, or with `scope="headline"`
    a table of the plan's 主要目标."""
    if len(normalised) != len(original):
        raise ValueError("normalised and original texts differ in length")
    for target in (found := _table_rows(normalised, original, start, end, resolve_subject)):
        target.scope = scope
    return found


def _table_rows(
    normalised: str,
    original: str,
    start: int,
    end: int | None,
    resolve_subject: Callable[[str], str | None],
) -> list[Target]:
    out: list[Target] = []
    caption: list[_Cell] = []
    table: _County | _Industry | None = None
    for row in _rows(normalised, original, start, end):
        cells = row.nonempty()
        if not cells:
            continue
        first = cells[0].text
        heading = annex_heading(normalised, cells[0]) if len(cells) == 1 else None
        if heading is not None:
            table, caption = None, []
            if heading < cells[0].end:  # "附件1:“十四五”各县区…目标": the title follows
                caption = [_cell(normalised, heading, cells[0].end)]
            continue
        if len(row.cells) == 1:
            if first.startswith("注"):
                continue  # a note under the table
            if isinstance(table, _Industry) and _sector_heading(first):
                table.sector = _as_written(normalised, original, cells[0])
                continue
            if table is not None:
                table, caption = None, []  # a text line after a table: the next caption
            if len(first) > 60:
                caption = []  # running text, not a table title
            elif not re.match(r"^单位[:]", first):
                caption = [*caption[-2:], cells[0]]  # a title may wrap over lines
            continue
        caption_text = "".join(c.text for c in caption)
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
                table.sector = _as_written(normalised, original, cells[0])
                continue
            target_row = _industry_row(normalised, original, row, table)
            if target_row is not None:
                table.data_seen = True
                out.append(target_row)
            continue
        if isinstance(table, _County):
            name_cell = row.cells[table.name_col] if table.name_col < len(row.cells) else None
            if (name_cell is None or name_cell.empty) and _looks_like_subheader(row):
                _merge_headers(table.headers, row)
                table.columns = _county_columns(table.headers, table.name_col)
                continue
            label = "".join(_as_written(normalised, original, c) for c in caption) or None
            out.extend(_county_rows(normalised, original, row, table, label, resolve_subject))
    return out


def annex_heading(normalised: str, cell: _Cell) -> int | None:
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
    row: _Row,
    table: _County,
    label: str | None,
    resolve_subject: Callable[[str], str | None],
) -> list[Target]:
    if table.name_col >= len(row.cells):
        return []
    name_cell = row.cells[table.name_col]
    name = name_cell.text
    if name_cell.empty or name in _TOTAL_ROWS or re.search(r"[\d%]", name) or len(name) > 15:
        return []
    if not re.search(r"[\u4e00-\u9fff]", name):
        return []
    lo, hi = _row_span(row)
    span = compact(normalised, original, lo, hi).whole()
    subject = _as_written(normalised, original, name_cell)
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


def _industry_row(normalised: str, original: str, row: _Row, table: _Industry) -> Target | None:
    cells = list(row.cells)
    roles = table.roles
    # A merged sector cell appears only on its first row: realign the shorter rows.
    sector_col = next((i for i, r in roles.items() if r == "sector"), None)
    if sector_col == 0 and len(cells) == len(table.headers) - 1:
        cells.insert(0, _Cell(cells[0].start, cells[0].start, ""))

    def cell(role: Role) -> _Cell | None:
        for i, r in roles.items():
            if r == role and i < len(cells) and not cells[i].empty:
                return cells[i]
        return None

    label_cell = cell("label")
    if label_cell is None or _value(label_cell.text) or re.fullmatch(r"[\d.]+", label_cell.text):
        return None
    sector_cell = cell("sector")
    if sector_cell is not None:
        table.sector = _as_written(normalised, original, sector_cell)
    label = _as_written(normalised, original, label_cell)
    label_text = label_cell.text
    unit_cell, target_cell = cell("unit"), cell("target")
    if unit_cell is not None and unit_cell.text in _PLACEHOLDER:
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
        if rate_in_target is None:
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
    lo, hi = _row_span(row)
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
