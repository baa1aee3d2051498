"""Reading a served HTML page in a test: its links, element ids, visible text, headings,
the text of an element by id, and a table's rows (cell texts and links), with the
standard library's parser (the pages are the server's own, well-formed HTML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}  # fmt: skip
_HIDDEN = {"script", "style", "head", "title"}


@dataclass
class Cell:
    text: str = ""
    hrefs: list[str] = field(default_factory=list)


@dataclass
class Page:
    links: list[str] = field(default_factory=list)  # every <a href>, in order
    ids: set[str] = field(default_factory=set)
    text: str = ""  # what a reader sees: no markup, no script, no attributes
    h1: str = ""
    by_id: dict[str, str] = field(default_factory=dict)  # element id -> its text
    tables: dict[str, list[list[Cell]]] = field(default_factory=dict)  # table id -> body rows


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.texts: list[str] = []
        self.hidden = 0
        self.open: list[tuple[str, str | None, int]] = []  # tag, id, where its text starts
        self.table: str | None = None
        self.in_body = False
        self.row: list[Cell] | None = None
        self.cell: Cell | None = None
        self.h1: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in _HIDDEN:
            self.hidden += 1
        if a.get("id"):
            self.page.ids.add(str(a["id"]))
        if tag == "a" and a.get("href") is not None:
            href = str(a["href"])
            self.page.links.append(href)
            if self.cell is not None:
                self.cell.hrefs.append(href)
        if tag == "table" and a.get("id"):
            self.table = str(a["id"])
            self.page.tables[self.table] = []
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.table and self.in_body:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = Cell()
        elif tag == "h1":
            self.h1 = len(self.texts)
        if tag not in _VOID:
            self.open.append((tag, a.get("id"), len(self.texts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden -= 1
        while self.open:
            name, ident, start = self.open.pop()
            if ident:
                self.page.by_id[ident] = "".join(self.texts[start:]).strip()
            if name == tag:
                break
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.cell.text = self.cell.text.strip()
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table:
            self.page.tables[self.table].append(self.row)
            self.row = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.table = None
        elif tag == "h1" and self.h1 is not None:
            self.page.h1 = "".join(self.texts[self.h1 :]).strip()
            self.h1 = None
        if tag in ("p", "li", "tr", "td", "th", "h1", "h2", "h3", "dd", "dt", "blockquote"):
            self.texts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.texts.append(data)
        if self.cell is not None:
            self.cell.text += data


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = "".join(reader.texts)
    return reader.page
