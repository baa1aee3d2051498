"""Bordered tables on a scanned page, read cell by cell.

Read as running text, a table's cells wrap over lines that Tesseract joins across the
columns, and its rulings come out as characters. So each cell of a table's grid
(grid.py) is cut out inside its rulings, the cells are stacked one under another on a
sheet with blank space between them, and the sheet is read once: a cell's lines are then
one block, in reading order, and every word falls in the slot of its cell. Each grid row
becomes one table-row Line with one cell per grid column, a merged cell's text at its
top-left position and the positions it covers empty (as a PDF's text layer gives them).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PIL import Image

from ingest.documents.grid import Cell, Grid
from ingest.documents.layout import Line

__all__ = ["Sheet", "Word", "join_words", "read_sheets", "sheets", "table_lines"]

_INK = 128  # grey level below which a cell's pixel counts as writing
# A word read with less confidence than this makes its cell read again on its own: among
# many cells, Tesseract sizes a lone figure by its neighbours and may read "2" as "忆".
_DOUBT = 50.0
# A sheet taller than this is split: Tesseract refuses images past 32767 pixels.
_MAX_HEIGHT = 30000


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
    more confident."""
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
        out.append((sheet, words))
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
) -> list[Line]:
    """One table-row Line a grid row (in points: pixels times `scale`), from the words read
    on the sheets."""
    found: dict[tuple[int, int, int], list[str]] = {}
    for sheet, words in read:
        for word in words:
            slot = sheet.cell_at((word.top + word.bottom) / 2)
            if slot is not None:
                index, cell = sheet.cells[slot]
                found.setdefault((index, cell.row, cell.column), []).append(word.text)
    lines = []
    for index, grid in enumerate(grids):
        starts = {(c.row, c.column) for c in grid.cells}
        for row in range(len(grid.ys) - 1):
            if not any((row, column) in starts for column in range(len(grid.xs) - 1)):
                continue  # every position covered by a cell from a row above
            cells = [
                join_words(found.get((index, row, column), []))
                for column in range(len(grid.xs) - 1)
            ]
            lines.append(
                Line(
                    "",
                    grid.xs[0] * scale,
                    grid.xs[-1] * scale,
                    grid.ys[row] * scale,
                    grid.ys[row + 1] * scale,
                    0.0,
                    cells,
                    table=True,
                )
            )
    return lines
