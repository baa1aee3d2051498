"""The tables a page shows, and the same tables as CSV and XLSX downloads.

A page builds its tables as plain data (cells with text, an optional link and an optional
number); the template renders them as HTML, and `?format=csv|xlsx` on the same URL sends
them as a file instead: CSV holds one table (`table=NAME`, else the page's first), XLSX
holds every table of the page, one sheet each. A cell holding several items (a city's
lead agencies) is written as their texts joined by "; ".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
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


Item = Cell | list[Cell]


@dataclass
class Table:
    name: str  # for ?table=NAME and the sheet name
    caption: str
    columns: list[str]
    rows: list[list[Item]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()  # column indexes aligned right

    def texts(self) -> list[list[str | float]]:
        out: list[list[str | float]] = []
        for row in self.rows:
            line: list[str | float] = []
            for item in row:
                if isinstance(item, list):
                    line.append("; ".join(c.text for c in item))
                elif item.number is not None:
                    line.append(item.number)
                else:
                    line.append(item.text)
            out.append(line)
        return out


def pick(tables: Sequence[Table], name: str | None) -> Table | None:
    if not tables:
        return None
    if name is None:
        return tables[0]
    return next((t for t in tables if t.name == name), None)


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for line in table.texts():
        writer.writerow([_number_text(v) if isinstance(v, float) else v for v in line])
    # A byte-order mark: Excel opens UTF-8 CSV as the local code page without one.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def to_xlsx(tables: Sequence[Table]) -> bytes:
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
        sheet.append(table.columns)
        for line in table.texts():
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
