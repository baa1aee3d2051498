"""Tables on a scanned page: bordered ones read cell by cell, and those printed without
rulings read from the blank between their words.

Read as running text, a table's cells wrap over lines that Tesseract joins across the
columns, and its rulings come out as characters. So each cell of a table's grid
(grid.py) is cut out inside its rulings, the cells are stacked one under another on a
sheet with blank space between them, and the sheet is read once: a cell's lines are then
one block, in reading order, and every word falls in the slot of its cell. Each grid row
becomes one table-row Line with one cell per grid column, a merged cell's text at its
top-left position and the positions it covers empty (as a PDF's text layer gives them).

A table without rulings (a plain text's tab-separated rows, as a word processor prints
them: each cell at the next tab stop, a long row wrapped back to the margin) is known by
its header: a line whose words stand apart in two cells or more, each short and two at
least a column the table reader names (tables.py: 序号, 主要任务, 责任单位, 完成时限), or
pollutants after a label's (污染物 | 化学需氧量 | 氨氮, a table of targets per pollutant). From
there on, and over page breaks, until a line stands apart from the one above it or reads
as prose, words a tab's blank apart are cells (narrower than elsewhere: `_TAB`, or
`_TAB_BARE` between two characters, where no punctuation leaves a blank of its own), and
the lines of one row are joined into it: a line that starts at a tab stop, or follows a
line that ran to the margin, goes on with the row above, the first of its cells continuing
that row's last where the row wrapped inside it; a line at the margin starts a row where
the row above stopped short of the margin, or with its number under a numbered first
column (序号): figures, or a short first cell, however misread, after a row with all its
cells. A row of more cells than its header has the two closest joined, until it has as
many; one of fewer is parted where a figure follows Chinese writing in a cell.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from PIL import Image

from ingest.documents.grid import Cell, Grid
from ingest.documents.layout import Line

__all__ = [
    "Ruleless",
    "Sheet",
    "TextLine",
    "Word",
    "join_words",
    "read_sheets",
    "reread_cells",
    "sheets",
    "table_lines",
]

_INK = 128  # grey level below which a cell's pixel counts as writing
_CELL_INK = 160  # a cell read again in black and white: the grey of thin strokes is ink
# A word read with less confidence than this makes its cell read again on its own: among
# many cells, Tesseract sizes a lone figure by its neighbours and may read "2" as "忆".
_DOUBT = 50.0
# A sheet taller than this is split: Tesseract refuses images past 32767 pixels.
_MAX_HEIGHT = 30000
# Blank between two words (in character heights) that makes them two cells: anywhere (no
# line of prose has one), in a table without rulings, and there between two characters
# (a 、，。, a quote mark or a bracket leaves 0.6-0.9 of its own; a tab stop can be that
# near: 改造 → 市工业和信息化局 0.9).
_WIDE, _TAB, _TAB_BARE = 2.5, 1.2, 0.6
_BRACKETS = set("（）《》〈〉〔〕【】「」()[]<>")
# A line further below the one above than this (in character heights) ends a table.
_ROW_GAP = 1.2
_NUMBER_LENGTH = 3
_HEADER_MAX = 12  # a longer cell is running text, not a column's name (as tables.py reads)


@dataclass(frozen=True)
class Word:
    """A word Tesseract read, its box in pixels, in the order it read them."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    confidence: float = 100.0


@dataclass
class Sheet:
    """Cells cut out of a page and stacked: the image, and the cells' slots on it (top
    and bottom), in order."""

    image: Image.Image
    cells: list[tuple[int, Cell]] = field(default_factory=list)  # (grid index, cell)
    slots: list[tuple[int, int]] = field(default_factory=list)
    line: bool = False  # to be read as one line of text

    def cell_at(self, y: float) -> int | None:
        """The index into `cells` of the slot holding height y, if any."""
        i = bisect.bisect_right([top for top, _ in self.slots], y) - 1
        return i if i >= 0 and y <= self.slots[i][1] else None


def read_sheets(
    sheets: list[Sheet], read: Callable[[Sheet], list[Word]], dpi: int
) -> list[tuple[Sheet, list[Word]]]:
    """Each sheet with the words `read` (Tesseract) finds on it. A cell holding a word read
    with little confidence, or none at all (Tesseract at times passes over a cell's line
    among many), is read again on a sheet of its own, and that reading kept when it is the
    more confident. A line of a cell's writing beside every word read there (a short last
    line passed over: the 会 of 铜陵经开区管委会 alone under the rest) is read on its own, as
    one line, and its words put in the cell where it stands."""
    out = []
    for sheet in sheets:
        words = read(sheet)
        held = [sheet.cell_at((w.top + w.bottom) / 2) for w in words]
        doubt = {at for at, w in zip(held, words, strict=True) if w.confidence < _DOUBT}
        unread = set(range(len(sheet.slots))) - set(held)  # every slot holds writing
        for slot in sorted(s for s in doubt | unread if s is not None):
            mine = [w for w in words if sheet.cell_at((w.top + w.bottom) / 2) == slot]
            single = _alone(sheet, slot, dpi)
            again = read(single)
            if _confidence(again) > _confidence(mine):
                words = [w for w in words if w not in mine]
                out.append((single, again))
        out.append((sheet, _passed_over(sheet, words, read, dpi)))
    return out


def _passed_over(
    sheet: Sheet, words: list[Word], read: Callable[[Sheet], list[Word]], dpi: int
) -> list[Word]:
    """The words of a sheet with those of each line of a cell's writing that no word
    read there covers, read line by line, put in reading order."""
    ink = np.asarray(sheet.image) < _INK
    for slot, (top, bottom) in enumerate(sheet.slots):
        mine = [w for w in words if sheet.cell_at((w.top + w.bottom) / 2) == slot]
        for start, end in _missed(ink, (top, bottom), mine):
            index, cell = sheet.cells[slot]
            crop = sheet.image.crop((0, start, sheet.image.width, end + 1))
            # at twice the size, as a cell read alone
            larger = crop.resize((2 * crop.width, 2 * crop.height), Image.Resampling.LANCZOS)
            line = _sheet([(index, cell, np.asarray(larger))], dpi // 2, dpi // 5)
            line.line = True
            found = [
                Word(w.left, start, w.right, end + 1, w.text, w.confidence) for w in read(line)
            ]
            if not found:
                continue
            # in reading order: before the first word of the cell below it
            after = [i for i, w in enumerate(words) if w in mine and w.top > end]
            at = after[0] if after else (words.index(mine[-1]) + 1 if mine else len(words))
            words = words[:at] + found + words[at:]
            mine = [w for w in words if sheet.cell_at((w.top + w.bottom) / 2) == slot]
    return words


def reread_cells(
    pixels: npt.NDArray[np.uint8],
    cells: list[list[Word]],
    read: Callable[[Sheet], list[Word]],
    dpi: int,
) -> list[list[Word]]:
    """The cells of a row of a table without rulings, each holding a word read with little
    confidence on one line read again on its own from the page's pixels between its
    neighbours' words, at twice the size and in black and white (Tesseract reads a short
    cell among long ones poorly, and a serif font's thin strokes worse: 三（九）1 as
    "su 1" at 43, "三〈九) 1" so); that reading kept when it is the more confident."""
    out = []
    for k, cell in enumerate(cells):
        size = max(w.bottom - w.top for w in cell)
        one_line = max(w.top for w in cell) - min(w.top for w in cell) < size / 2
        if not one_line or min(w.confidence for w in cell) >= _DOUBT:
            out.append(cell)
            continue
        left = min(w.left for w in cell) - size / 2
        right = max(w.right for w in cell) + size / 2
        if k > 0:
            left = max(left, max(w.right for w in cells[k - 1]) + 1)
        if k + 1 < len(cells):
            right = min(right, min(w.left for w in cells[k + 1]) - 1)
        top, bottom = min(w.top for w in cell), max(w.bottom for w in cell)
        box = (max(0, int(left)), max(0, int(top - size / 8)), int(right), int(bottom + size / 8))
        if box[2] <= box[0] or box[3] <= box[1]:
            out.append(cell)
            continue
        crop = Image.fromarray(pixels[box[1] : box[3], box[0] : box[2]])
        larger = crop.resize((2 * crop.width, 2 * crop.height), Image.Resampling.LANCZOS)
        sheet = _sheet(
            [
                (
                    0,
                    Cell(0, k, *box),
                    np.where(np.asarray(larger) < _CELL_INK, 0, 255).astype(np.uint8),
                )
            ],
            dpi // 2,
            dpi // 5,
        )
        sheet.line = True
        again = read(sheet)
        if again and _confidence(again) > _confidence(cell):
            cell = [Word(w.left, top, w.right, bottom, w.text, w.confidence) for w in again]
        out.append(cell)
    return out


def _missed(
    ink: npt.NDArray[np.bool_], slot: tuple[int, int], words: list[Word]
) -> list[tuple[int, int]]:
    """The lines of writing in the slot (bands of rows with ink a third of the words'
    height or taller: 会 is two such, parted by its own blank) beside every word read
    there: first and last row."""
    if not words:
        return []
    top, bottom = slot
    band = ink[top:bottom]
    # without what is left of a ruling: a column inked down most of the cell
    band = band[:, band.mean(axis=0) < 0.6] if band.size else band
    rows = np.flatnonzero(band.any(axis=1)) + top
    if not rows.size:
        return []
    height = sorted(w.bottom - w.top for w in words)[(len(words) - 1) // 2]
    # the bands of rows with ink, apart where a blank row parts them
    breaks = np.flatnonzero(np.diff(rows) > 1)
    starts = np.concatenate(([rows[0]], rows[breaks + 1]))
    ends = np.concatenate((rows[breaks], [rows[-1]]))
    out: list[tuple[int, int]] = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start + 1 < height / 3:
            continue  # punctuation, a speck
        # a word covers the band with a box of the usual height round its middle (a box
        # Tesseract drew tall reaches into the line below)
        middle = (start + end) / 2
        if any(abs((w.top + w.bottom) / 2 - middle) <= height / 2 for w in words):
            continue
        if out and start - out[-1][1] <= height / 3:
            out[-1] = (out[-1][0], end)  # one character's parts (会)
        else:
            out.append((start, end))
    return out


def _confidence(words: list[Word]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def _alone(sheet: Sheet, slot: int, dpi: int) -> Sheet:
    """One cell of a sheet on a sheet of its own, at twice the size: Tesseract passes over
    some short lines (a lone "持续推进") at the page's size and reads them when larger."""
    top, bottom = sheet.slots[slot]
    image = sheet.image.crop((0, top, sheet.image.width, bottom))
    larger = np.asarray(image.resize((2 * image.width, 2 * image.height), Image.Resampling.LANCZOS))
    index, cell = sheet.cells[slot]
    return _sheet([(index, cell, larger)], dpi // 2, dpi // 5)


def join_words(words: list[str]) -> str:
    """Words read on one line or in one cell as text: Chinese runs on without a space,
    Latin words and figures keep one between them."""
    text = ""
    for word in words:
        text += " " + word if text[-1:].isascii() and word[:1].isascii() else word
    return text.lstrip()


def sheets(pixels: npt.NDArray[np.uint8], grids: list[Grid], dpi: int) -> list[Sheet]:
    """The cells of the grids that hold any writing, cut inside their rulings and stacked
    on sheets."""
    gap, margin = dpi // 4, dpi // 10
    pieces: list[tuple[int, Cell, npt.NDArray[np.uint8]]] = []
    for index, grid in enumerate(grids):
        inset = grid.thickness + 2
        for cell in grid.cells:
            crop = _trim(
                pixels[
                    cell.top + inset : cell.bottom - inset, cell.left + inset : cell.right - inset
                ]
            )
            if crop.size and int((crop < _INK).sum()) > 0:
                pieces.append((index, cell, crop))
    out: list[Sheet] = []
    batch: list[tuple[int, Cell, npt.NDArray[np.uint8]]] = []
    height = gap
    for piece in pieces:
        if batch and height + piece[2].shape[0] + gap > _MAX_HEIGHT:
            out.append(_sheet(batch, gap, margin))
            batch, height = [], gap
        batch.append(piece)
        height += piece[2].shape[0] + gap
    if batch:
        out.append(_sheet(batch, gap, margin))
    return out


def _trim(crop: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """A cell's image without what is left of its rulings at the edges: rows and columns
    there that are mostly ink (a ruling wider than the usual line, or slightly askew)."""
    ink = crop < _INK
    top, bottom, left, right = 0, ink.shape[0], 0, ink.shape[1]
    while top < bottom and ink[top, left:right].mean() > 0.6:
        top += 1
    while bottom > top and ink[bottom - 1, left:right].mean() > 0.6:
        bottom -= 1
    while left < right and ink[top:bottom, left].mean() > 0.6:
        left += 1
    while right > left and ink[top:bottom, right - 1].mean() > 0.6:
        right -= 1
    return crop[top:bottom, left:right]


def _sheet(pieces: list[tuple[int, Cell, npt.NDArray[np.uint8]]], gap: int, margin: int) -> Sheet:
    width = max(crop.shape[1] for _, _, crop in pieces) + 2 * margin
    height = gap + sum(crop.shape[0] + gap for _, _, crop in pieces)
    canvas = np.full((height, width), 255, dtype=np.uint8)
    sheet = Sheet(Image.new("L", (1, 1)))
    y = gap
    for index, cell, crop in pieces:
        canvas[y : y + crop.shape[0], margin : margin + crop.shape[1]] = crop
        sheet.cells.append((index, cell))
        sheet.slots.append((y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    sheet.image = Image.fromarray(canvas)
    return sheet


def table_lines(
    grids: list[Grid], read: list[tuple[Sheet, list[Word]]], scale: float
) -> list[tuple[Line, list[list[Word]]]]:
    """One table-row Line a grid row (in points: pixels times `scale`), from the words read
    on the sheets, each with the words of each of its cells."""
    found: dict[tuple[int, int, int], list[Word]] = {}
    for sheet, words in read:
        for word in words:
            slot = sheet.cell_at((word.top + word.bottom) / 2)
            if slot is not None:
                index, cell = sheet.cells[slot]
                found.setdefault((index, cell.row, cell.column), []).append(word)
    lines = []
    for index, grid in enumerate(grids):
        starts = {(c.row, c.column) for c in grid.cells}
        for row in range(len(grid.ys) - 1):
            if not any((row, column) in starts for column in range(len(grid.xs) - 1)):
                continue  # every position covered by a cell from a row above
            cells = [found.get((index, row, column), []) for column in range(len(grid.xs) - 1)]
            line = Line(
                "",
                grid.xs[0] * scale,
                grid.xs[-1] * scale,
                grid.ys[row] * scale,
                grid.ys[row + 1] * scale,
                0.0,
                [join_words([w.text for w in cell]) for cell in cells],
                table=True,
            )
            lines.append((line, cells))
    return lines


@dataclass
class TextLine:
    """A line Tesseract read outside the bordered tables: its words left to right, the
    blank between each two (in character heights, measured on the ink) and whether
    characters stand on both its sides, where it lies (pixels) and its character height."""

    words: list[Word]
    blanks: list[float]
    bare: list[bool]  # characters, not punctuation, on both sides of each blank
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    drawn: bool = False  # a drawn table's row: its bars │ among its words

    def cells(self, table: bool) -> tuple[list[list[Word]], list[float]]:
        """Its words in cells, apart where the blank between two is wide (`_WIDE`), or in
        a table as wide as a tab's (`_TAB`, `_TAB_BARE`); and the blank between each two
        cells."""
        out = [[self.words[0]]]
        apart: list[float] = []
        pairs = zip(self.blanks, self.bare, pairwise(self.words), strict=True)
        for blank, bare, (prev, word) in pairs:
            # a bracket leaves a blank of its own, as tall as a character
            bare = bare and prev.text[-1:] not in _BRACKETS and word.text[:1] not in _BRACKETS
            least = _WIDE if not table else _TAB_BARE if bare else _TAB
            if blank >= least:
                out.append([word])
                apart.append(blank)
            else:
                out[-1].append(word)
        return out, apart


# A row of a page, ready to be a Line: the words of each of its cells, the text lines it
# spans, and whether it is a table's.
PageRow = tuple[list[list[Word]], list[TextLine], bool]


@dataclass
class Ruleless:
    """The table without rulings being read, over the pages of a document (the rules in
    this module's docstring): its header's cell count (0: none open), its left edge, and
    the row being joined with the blank between each two of its cells."""

    columns: int = 0
    left: float = 0.0
    numbered: bool = False
    row: list[list[Word]] = field(default_factory=list)
    apart: list[float] = field(default_factory=list)
    spans: list[TextLine] = field(default_factory=list)
    wrapped: bool = False  # the row's last line ran to the margin

    def page(self, lines: list[TextLine], right: float) -> list[PageRow]:
        """The rows of one page's lines (top to bottom; `right` is where its full lines
        end): a table's rows joined, every other line a row of its own."""
        out: list[PageRow] = []
        above: TextLine | None = None  # the line above on this page
        for line in lines:
            if line.drawn:  # its bars part its cells: one line of text, as a text file's
                self._close(out)
                out.append(([line.words], [line], False))
                above = line
                continue
            if self.columns and above is not None and _apart(above, line):
                self._close(out)
            if self.columns and not self._goes_on(line, right, out):
                self._close(out)
            if not self.columns:
                cells, _ = line.cells(table=True)
                if _header(cells):
                    self.columns, self.left = len(cells), line.x0
                    self.numbered = _text(cells[0]) in ("序号", "编号")
                    out.append((cells, [line], True))
                    self.wrapped = False
                else:
                    out.append((line.cells(table=False)[0], [line], False))
            above = line
        self._flush(out)  # a row's lines stay on their page; the table goes on
        return out

    def _goes_on(self, line: TextLine, right: float, out: list[PageRow]) -> bool:
        """Add `line` to the open table; False where it reads as none of it."""
        cells, apart = line.cells(table=True)
        at_margin = line.x0 <= self.left + line.size
        # a row's number under 序号: figures, or once the row above has all its cells a
        # short first cell, however misread (员 for 1), that no wrapped cell goes on in
        first = _text(cells[0])
        numbered = (
            self.numbered
            and len(cells) > 1
            and len(first) <= _NUMBER_LENGTH
            and (first.isdigit() or len(self.row) >= self.columns)
        )
        if self.row and (not at_margin or (self.wrapped and not numbered)):
            if self.wrapped and at_margin:
                self.row[-1] = self.row[-1] + cells[0]  # the wrapped cell goes on
                cells = cells[1:]
            else:
                apart = [float("inf"), *apart]  # cells of two lines: never one
            self.row += cells
            self.apart += apart
        elif len(cells) >= 2 or numbered:
            self._flush(out)
            self.row, self.apart = cells, apart
        else:
            return False  # one cell at the margin after a whole row: prose again
        self.spans.append(line)
        self.wrapped = line.x1 >= right - 1.5 * line.size
        return True

    def _flush(self, out: list[PageRow]) -> None:
        """Emit the row joined so far; where it has more cells than the header, the two
        closest are one (a blank inside a cell taken for a tab's)."""
        while len(self.row) > self.columns and self.apart:
            at = min(range(len(self.apart)), key=self.apart.__getitem__)
            self.row[at : at + 2] = [self.row[at] + self.row[at + 1]]
            del self.apart[at]
        while len(self.row) < self.columns and _figure_after_writing(self.row, self.apart):
            pass
        if self.row:
            out.append((self.row, self.spans, True))
        self.row, self.apart, self.spans = [], [], []

    def _close(self, out: list[PageRow]) -> None:
        self._flush(out)
        self.columns = 0
        self.wrapped = False


def _figure_after_writing(row: list[list[Word]], apart: list[float]) -> bool:
    """Part the first cell of `row` where a word of Chinese writing is followed by a
    figure (重点工程减排量430: a tab stop right after a long label leaves no blank);
    False where none is."""
    for k, cell in enumerate(row):
        for n, (prev, word) in enumerate(pairwise(cell), start=1):
            if "\u4e00" <= prev.text[-1:] <= "\u9fff" and word.text[:1].isdigit():
                row[k : k + 1] = [cell[:n], cell[n:]]
                apart.insert(k, 0.0)
                return True
    return False


def _apart(above: TextLine, line: TextLine) -> bool:
    return line.top - above.bottom > _ROW_GAP * max(above.size, line.size)


def _text(cell: list[Word]) -> str:
    return join_words([w.text for w in cell])


def _header(cells: list[list[Word]]) -> bool:
    """Do `cells` name the columns of a table (two at least, each short, as the table
    reader reads a header), or the pollutants of a table of targets per pollutant after
    its label's column (污染物 | 化学需氧量 | 氨氮 …, two at least)?"""
    from ingest.tables import column
    from ingest.vocab import vocabularies

    texts = [_text(cell) for cell in cells]
    if len(texts) < 2 or max(map(len, texts)) > _HEADER_MAX:
        return False
    if sum(column(i, text) is not None for i, text in enumerate(texts)) >= 2:
        return True
    names = [name for name, _ in vocabularies().pollutant_names]

    def pollutant(text: str) -> bool:
        return any(name in text for name in names) and not any(ch.isdigit() for ch in text)

    return not pollutant(texts[0]) and sum(map(pollutant, texts[1:])) >= 2
