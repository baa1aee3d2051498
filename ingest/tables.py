"""The one table reader: rows and cells of a table given as text, and what each column
holds, for tables in the body of a plan and in its annex alike.

A table comes out of Word, a web page or a PDF as text in one of two layouts: one cell
per line (tab-indented, a line holding only a tab is an empty cell, a blank line between
rows, a long cell value sometimes broken onto a second, un-indented line), or one row per
line with the cells separated by tabs, drawn bars (│) or runs of spaces. Both are read
into rows of cells that keep their offsets in the text. A table a web page flattened
into lines (cells apart by single spaces, or bracketed figures run together) is cut
into cells by `spaced_cells`, for a reader that knows its rows by their content.

A column's role comes from the words of its header: an agency column (牵头单位, 配合部门,
责任单位 …) from the role vocabulary, every other column (任务, 完成时限, 指标, 单位,
2025年目标值, 指标属性 …) from the column-role vocabulary (ontology/vocab/column-role.ttl);
a header that is only a year holds the base value up to the base year, else the target.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.patterns import DEFAULT_BASE_YEAR
from ingest.text import compact
from ingest.vocab import vocabularies

__all__ = [
    "AGENCY",
    "PLACEHOLDER",
    "Cell",
    "Column",
    "Row",
    "as_written",
    "cell_at",
    "column",
    "columns",
    "is_row_line",
    "row_span",
    "rows",
    "spaced_cells",
]

_WS = " \t\r\n\u3000\xa0\ufeff"
# Separators inside one line: a tab, or else a run of two or more (ideographic) spaces.
_TAB = re.compile(r"\t")
_SPACES = re.compile(r" {2,}|\u3000{2,}")
_BARS = re.compile(r"\s*[│|┃]\s*")  # a text export's drawn table: │序号│指标│…│
_RULE = re.compile(r"^[\s─━┌┐└┘├┤┬┴┼═╔╗╚╝╠╣╦╩╬+\-|│]*$")  # a drawn table's border line
_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# An empty cell as drafted: a dash, a slash, 无.
PLACEHOLDER = frozenset({"-", "--", "—", "——", "/", "无"})
# The role of an agency column; its cells are read as a note under the column's label.
AGENCY = "agency"
_YEAR = re.compile(r"((?:19|20)\d\d)年?")
_BRACKETED = re.compile(r"\([^()]*\)")
# A header longer than this is running text, not a column's name.
_HEADER_MAX = 12


@dataclass
class Cell:
    start: int  # normalised/original offsets of the cell's content
    end: int
    text: str  # normalised, white space removed
    pieces: list[tuple[int, int]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.text or self.text in PLACEHOLDER


@dataclass
class Row:
    cells: list[Cell]

    def nonempty(self) -> list[Cell]:
        return [c for c in self.cells if not c.empty]


@dataclass(frozen=True)
class Column:
    """What column `index` of a table holds: a column-role notation, or AGENCY with the
    note label its cells are read under (牵头单位: leads; 责任单位: no role given)."""

    index: int
    role: str
    label: str | None = None


# ------------------------------------------------------------------------ rows


def _cell(normalised: str, lo: int, hi: int) -> Cell:
    while lo < hi and normalised[lo] in _WS:
        lo += 1
    while hi > lo and normalised[hi - 1] in _WS:
        hi -= 1
    text = "".join(normalised[lo:hi].split())
    return Cell(lo, hi, text, [(lo, hi)])


def _extend(cell: Cell, normalised: str, lo: int, hi: int) -> None:
    more = _cell(normalised, lo, hi)
    if not more.text:
        return
    if not cell.text:
        cell.start = more.start
    cell.end = more.end
    cell.text += more.text
    cell.pieces.append((more.start, more.end))


def is_row_line(line: str) -> bool:
    """A line whose cells stand apart by tabs or by two drawn bars or more (1 | 项目 | 单位):
    a table's row, whatever number opens it."""
    return "\t" in line or len(_BARS.findall(line.strip(_WS))) >= 2


def _split(original: str, normalised: str, lo: int, hi: int) -> list[Cell]:
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


def rows(normalised: str, original: str, start: int, end: int | None = None) -> list[Row]:
    """Table rows (and single-cell text lines) from `start` to `end` (the end of the text)."""
    out: list[Row] = []
    current: Row | None = None  # a row being built one cell per line

    def close() -> None:
        nonlocal current
        if current is not None and current.cells:
            out.append(current)
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
                out.append(Row(_split(original, normalised, body, hi)))
                continue
            if current is None:
                current = Row([])
            current.cells.append(_cell(normalised, body, hi))
            continue
        stripped_lo = lo + len(raw) - len(raw.lstrip(_WS))
        cells = _split(original, normalised, stripped_lo, hi)
        if len(cells) >= 2:
            close()
            out.append(Row(cells))
        elif current is not None and current.cells:
            # An un-indented line inside a row continues the previous cell ("克标准煤\n/千瓦时").
            _extend(current.cells[-1], normalised, lo, hi)
        else:
            close()
            out.append(Row(cells))
    close()
    return out


# Where a line whose table lost its layout splits: at any white space, between two
# bracketed cells run together (【8.04】【16】) and after a figure's square bracket.
_LOOSE_SPLIT = re.compile(r"\s+|(?<=[)\]])(?=[\[(])|(?<=\])(?=\S)")


def spaced_cells(normalised: str, lo: int, hi: int) -> list[Cell]:
    """The cells of the text [lo, hi) of a table flattened into lines (a web page that
    ran its cells together or apart by single spaces): cut at every white space and
    between bracketed figures; a cell never holds white space then."""
    cells = []
    pos = lo
    for m in _LOOSE_SPLIT.finditer(normalised, lo, hi):
        if m.start() > pos:
            cells.append(_cell(normalised, pos, m.start()))
        pos = max(pos, m.end())
    if pos < hi:
        cells.append(_cell(normalised, pos, hi))
    return [c for c in cells if c.text]


def as_written(normalised: str, original: str, cell: Cell) -> str:
    """The cell as in the original text, line breaks and other white space removed."""
    parts = []
    for lo, hi in cell.pieces:
        view = compact(normalised, original, lo, hi)
        parts.append("".join(original[o] for o in view.offsets))
    return "".join(parts)


def row_span(row: Row) -> tuple[int, int]:
    cells = row.nonempty() or row.cells
    return min(c.start for c in cells), max(c.end for c in cells)


def cell_at(row: Row, index: int | None) -> Cell | None:
    """The cell of column `index` of a row, or None where the row has none there."""
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


# --------------------------------------------------------------------- columns


def agency_label(header: str) -> str | None:
    """The note label an agency column's cells are read under, or None when `header`
    names no agency column: the header itself when it is a note label of the role
    vocabulary (牵头单位, 配合部门, 责任单位 …), else a label of the role its first word
    names (牵头 -> a lead label, 配合 -> a supporting one)."""
    if len(header) > _HEADER_MAX:
        return None
    vocab = vocabularies()
    label = next((lb for lb, _ in vocab.note_labels if header.startswith(lb)), None)
    if label is not None:
        return label
    role = next((r for w, r in vocab.role_words if header.startswith(w)), None)
    if role is None:
        return None
    wanted = None if role == "responsible" else role
    return next((lb for lb, r in vocab.note_labels if r == wanted), None)


def column(index: int, header: str) -> Column | None:
    """The role of column `index` from its header's words, or None for a header that
    names none (or is running text)."""
    if not header or len(header) > _HEADER_MAX + 8:
        return None
    label = agency_label(header)
    if label is not None:
        return Column(index, AGENCY, label)
    bare = _BRACKETED.sub("", _YEAR.sub("", header))
    found = [
        (len(word), bare.rfind(word), notation)
        for word, notation in vocabularies().column_words
        if word in bare
    ]
    if found:
        # The longest word wins; of two as long, the later one (a compound names its head
        # last: 指标类别 is a kind of 类别).
        return Column(index, max(found)[2])
    year = _YEAR.search(header)
    if year is not None and not bare.strip("%"):
        role = "base-value" if int(year.group(1)) <= DEFAULT_BASE_YEAR else "target-value"
        return Column(index, role)
    return None


def columns(headers: list[str]) -> list[Column]:
    """The columns a header row names, in order (a header naming none is left out)."""
    return [c for k, text in enumerate(headers) if (c := column(k, text)) is not None]
