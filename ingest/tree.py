"""The document tree: the notice, the plan's sections, measures and sub-items, their
paragraphs and sentences, and the tables in the body or an annex, built once from the
layout (ingest/structure.py) for every reader to walk.

Every node keeps its source span: [start, end) offsets of the normalised text, which are
offsets of the original text too (the two have one length). Paragraphs and sentences are
built across line breaks: a line of a hard-wrapped text (a PDF's text layer, OCR, a
fixed-width export) that fills the width and ends no sentence goes on in the next line,
so a sentence broken over two lines is one sentence. A table is a run of rows (one cell
per line, or cells apart by tabs, bars or spaces) under a header row that names at least
two columns (ingest/tables.py), with the note under it (注：…, which may state a rule for
its rows); it stands where it is, in a measure, a section or an annex.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from ingest import tables
from ingest.structure import ANNEX_RE, Block, Layout, is_heading
from ingest.tables import Column, Row
from ingest.text import Compact, CompactIndex, lines, wrap_width

NodeKind = Literal[
    "document", "notice", "section", "measure", "item", "annex", "paragraph", "sentence", "table"
]

# What ends a line that no next line continues: a sentence, a clause list, a label.
_LINE_END = ("。", "！", "？", "!", "?", "：", ":", "；", ";")
# What ends a sentence (a closing bracket or quote right after it belongs to it).
_SENTENCE_END = re.compile(r"[。！？!?][)”’\]」]*")
_BLANK_LINE = re.compile(r"\n[ \t\u3000\r]*\n")
# A single-cell row inside a table: a heading of a group of rows (三、…, 工业), not text.
_GROUP_ROW_MAX = 30


@dataclass
class Node:
    """One node of the tree: its kind, span and children; headings carry their number
    and title, paragraphs and sentences their compact text (no white space, no line
    breaks) mapped to original offsets, tables their header columns and rows."""

    kind: NodeKind
    start: int
    end: int
    number: int | None = None
    title: str = ""
    view: Compact | None = None
    children: list[Node] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # a table's rows, its header row first

    @property
    def text(self) -> str:
        return self.view.text if self.view is not None else ""

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, kind: NodeKind) -> list[Node]:
        return [n for n in self.walk() if n.kind == kind]

    def tables_within(self, start: int, end: int) -> list[Node]:
        """The tables that stand inside [start, end)."""
        return [n for n in self.find("table") if start <= n.start and n.end <= end]


def build(normalised: str, original: str, lay: Layout) -> Node:
    """The tree of a plan whose layout is `lay` (normalised and original: the whole text)."""
    builder = _Builder(normalised, original)
    root = Node("document", 0, len(normalised))
    if lay.preamble_end > 0:
        root.children.append(builder.block("notice", 0, lay.preamble_end))
    for sb in lay.sections:
        section = builder.heading("section", sb, sb.measures[0].start if sb.measures else sb.end)
        for mb in sb.measures:
            measure = builder.heading("measure", mb, mb.items[0].start if mb.items else mb.end)
            measure.end = mb.end
            measure.children += [builder.heading("item", ib, ib.end) for ib in mb.items]
            section.children.append(measure)
        section.end = sb.end
        root.children.append(section)
    root.children += builder.annexes(lay.body_end)
    return root


class _Builder:
    def __init__(self, normalised: str, original: str) -> None:
        self.normalised = normalised
        self.original = original
        self.doc = CompactIndex(normalised, original)
        self.width = wrap_width(normalised)

    def heading(self, kind: NodeKind, block: Block, own_end: int) -> Node:
        """A section, measure or item: its own text up to `own_end` (its first child)."""
        node = Node(kind, block.start, own_end, number=block.number, title=block.title)
        node.children = self.content(block.start, own_end)
        return node

    def block(self, kind: NodeKind, start: int, end: int) -> Node:
        node = Node(kind, start, end)
        node.children = self.content(start, end)
        return node

    def annexes(self, start: int) -> list[Node]:
        """One annex node per 附件 heading from `start` to the end of the text."""
        size = len(self.normalised)
        heads = [ln.start for ln in lines(self.normalised[start:]) if ANNEX_RE.match(ln.text)]
        heads = [start + h for h in heads]
        if start < size and (not heads or heads[0] > start):
            heads.insert(0, start)
        ends = [*heads[1:], size][: len(heads)]
        return [self.block("annex", a, b) for a, b in zip(heads, ends, strict=True) if b > a]

    def content(self, start: int, end: int) -> list[Node]:
        """The paragraphs and tables of [start, end), in order."""
        found = self._tables(start, end)
        out: list[Node] = []
        at = start
        for table in found:
            out += self._paragraphs(at, table.start)
            out.append(table)
            at = table.end
        out += self._paragraphs(at, end)
        return out

    def _tables(self, start: int, end: int) -> list[Node]:
        """The tables of [start, end): a header row naming two columns or more, then the
        rows under it, group headings (a short single cell) included, up to a row of
        running text or the end."""
        rows = tables.rows(self.normalised, self.original, start, end)
        out: list[Node] = []
        k = 0
        while k < len(rows):
            header = rows[k]
            named = tables.columns([c.text for c in header.cells])
            if len(header.cells) < 2 or len(named) < 2:
                k += 1
                continue
            body = [header]
            j = k + 1
            while j < len(rows):
                row = rows[j]
                if len(row.cells) < 2 and (
                    not row.cells
                    or len(row.cells[0].text) > _GROUP_ROW_MAX
                    or not any(len(r.cells) >= 2 for r in rows[j + 1 : j + 3])
                ):
                    break
                body.append(row)
                j += 1
            if j < len(rows) and len(rows[j].cells) == 1 and rows[j].cells[0].text.startswith("注"):
                body.append(rows[j])  # the note under the table (注：…) is the table's
                j += 1
            lo = tables.row_span(body[0])[0]
            hi = tables.row_span(body[-1])[1]
            out.append(Node("table", lo, hi, columns=named, rows=body))
            k = j
        return out

    def _paragraphs(self, start: int, end: int) -> list[Node]:
        """Paragraphs of [start, end): a line goes on in the next one when the text is
        hard-wrapped, the line fills the width and ends no sentence, and the next line is
        no heading."""
        out: list[Node] = []
        spans = [(start + ln.start, start + ln.end) for ln in lines(self.normalised[start:end])]
        first: int | None = None
        for k, (lo, hi) in enumerate(spans):
            if first is None:
                first = lo
            text = self.normalised[lo:hi].strip()
            nxt = (
                self.normalised[spans[k + 1][0] : spans[k + 1][1]].strip()
                if k + 1 < len(spans)
                else ""
            )
            blank_between = k + 1 < len(spans) and bool(
                _BLANK_LINE.search(self.normalised, hi, spans[k + 1][0])
            )
            goes_on = (
                bool(nxt)
                and not blank_between
                and self.width is not None
                and len(text) >= self.width - 3
                and not text.endswith(_LINE_END)
                and not is_heading(nxt)
            )
            if not goes_on:
                out.append(self._paragraph(first, hi))
                first = None
        return [p for p in out if p.text]

    def _paragraph(self, start: int, end: int) -> Node:
        view = self.doc.view(start, end)
        node = Node("paragraph", start, end, view=view)
        at = 0
        for m in _SENTENCE_END.finditer(view.text):
            node.children.append(self._sentence(view, at, m.end()))
            at = m.end()
        if at < len(view.text):
            node.children.append(self._sentence(view, at, len(view.text)))
        return node

    @staticmethod
    def _sentence(view: Compact, a: int, b: int) -> Node:
        part = view.slice(a, b)
        return Node("sentence", part.offsets[0], part.offsets[-1] + 1, view=part)
