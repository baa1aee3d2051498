"""The tables a page shows, and the same tables as CSV and XLSX downloads.

A page builds its tables as plain data (cells with text, an optional link, code and
number); the template renders them as HTML, and `?format=csv|xlsx` on the same URL sends
them as a file instead: CSV holds one table (`table=NAME`, else the page's first), XLSX
holds every table of the page, one sheet each. A cell holding several items (a city's
lead agencies) is written as their texts joined by "; ".

A download holds what the HTML shows and what it links to: the page's columns first, in
the page's order (with the columns only downloads hold, `download_only`), then for each
column that has them: its codes, the IRIs of the /id/ resources it links to, its links
as absolute URLs (a column linking to the very same places as one before it adds none),
and for numbers shown with more than the number (a unit, a qualifier) the text as shown.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
CSV_MEDIA = "text/csv; charset=utf-8"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    number: float | None = None  # written as a number in XLSX
    note: str = ""  # a small grey remark after the text (HTML only)
    css: str = ""
    code: str = ""  # a code (division code, notation) shown as a note; a column in downloads
    badge: str = ""  # a mark after the text (e.g. a draft plan), HTML only


Item = Cell | list[Cell]


@dataclass
class Table:
    name: str  # for ?table=NAME and the sheet name
    caption: str
    columns: list[str]
    rows: list[list[Item]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()  # column indexes aligned right
    download_only: frozenset[int] = frozenset()  # column indexes left out of the HTML

    def shown(self) -> list[int]:
        """The indexes of the columns the HTML draws."""
        return [i for i in range(len(self.columns)) if i not in self.download_only]


@dataclass(frozen=True)
class Site:
    """What a download needs besides the table: the service's origin (links are written
    absolute), the base IRI (an /id/ link is the IRI under it), and the headers of the
    added columns ({column}: the page's column they belong to)."""

    origin: str
    base: str
    code_column: str = "{column} (code)"
    iri_column: str = "{column} (IRI)"
    link_column: str = "{column} (link)"
    shown_column: str = "{column} (as shown)"

    def url(self, href: str | None) -> str:
        if not href:
            return ""
        return self.origin.rstrip("/") + href if href.startswith("/") else href

    def iri(self, href: str | None) -> str:
        return self.base + href[1:] if href and href.startswith("/id/") else ""


def _items(item: Item) -> list[Cell]:
    return item if isinstance(item, list) else [item]


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


Part = Callable[[Cell], str]


@dataclass(frozen=True)
class _Added:
    """A column a download adds: its header, the page's column it reads, what of a cell."""

    header: str
    column: int
    part: Part

    def value(self, row: list[Item]) -> str:
        return "; ".join(v for v in map(self.part, _items(row[self.column])) if v)


def _added(table: Table, site: Site) -> list[_Added]:
    out: list[_Added] = []
    seen: list[list[list[str]]] = []
    for i, column in enumerate(table.columns):
        cells = [c for row in table.rows for c in _items(row[i])]
        if any(c.code for c in cells):
            out.append(_Added(site.code_column.format(column=column), i, lambda c: c.code))
        if any(c.number is not None and c.text != _plain(c.number) for c in cells):
            out.append(_Added(site.shown_column.format(column=column), i, lambda c: c.text))
        links = [[c.href or "" for c in _items(row[i])] for row in table.rows]
        if not any(c.href for c in cells) or links in seen:
            continue  # no links, or the very links of a column before (the same evidence)
        seen.append(links)
        if any(site.iri(c.href) for c in cells):
            out.append(_Added(site.iri_column.format(column=column), i, lambda c: site.iri(c.href)))
        out.append(_Added(site.link_column.format(column=column), i, lambda c: site.url(c.href)))
    return out


def _lines(table: Table, site: Site) -> list[list[str | float]]:
    """The table as a download holds it: the header, then a line per row."""
    added = _added(table, site)
    out: list[list[str | float]] = [[*table.columns, *(a.header for a in added)]]
    for row in table.rows:
        line: list[str | float] = []
        for item in row:
            cells = _items(item)
            if len(cells) == 1 and cells[0].number is not None:
                line.append(cells[0].number)
            else:
                line.append("; ".join(c.text for c in cells))
        out.append(line + [a.value(row) for a in added])
    return out


def pick(tables: Sequence[Table], name: str | None) -> Table | None:
    if not tables:
        return None
    if name is None:
        return tables[0]
    return next((t for t in tables if t.name == name), None)


def to_csv(table: Table, site: Site) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in _lines(table, site):
        writer.writerow([_plain(v) if isinstance(v, float | int) else v for v in line])
    # A byte-order mark: Excel opens UTF-8 CSV as the local code page without one.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(tables: Sequence[Table], site: Site) -> bytes:
    book = Workbook()
    first = True
    used: set[str] = set()
    for table in tables:
        sheet = book.active if first else book.create_sheet()
        assert sheet is not None
        first = False
        title = _SHEET_BAD.sub("_", table.name)[:31] or "table"
        while title in used:
            title = title[:28] + f"_{len(used)}"
        used.add(title)
        sheet.title = title
        for line in _lines(table, site):
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
