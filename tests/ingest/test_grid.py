"""The grid of a bordered table on a page image, from its ruling lines alone (drawn with
Pillow; the OCR of a scanned table is tested in test_documents.py)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ingest.documents.grid import dark, grids

DPI = 200


def _page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (1654, 2339), 255)
    return image, ImageDraw.Draw(image)


def _ruled(draw: ImageDraw.ImageDraw, xs: list[int], ys: list[int], grey: int = 0) -> None:
    """A table of the given boundaries; the ruling under row 1 stops short of the last
    column, so that column's cell spans rows 1 and 2."""
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=grey, width=3)
    for i, y in enumerate(ys):
        if i == 2:
            draw.line([(xs[0], y), (xs[-2], y)], fill=grey, width=3)
        else:
            draw.line([(xs[0], y), (xs[-1], y)], fill=grey, width=3)


def _found(image: Image.Image) -> list[tuple[list[int], list[int], set[tuple[int, int, int, int]]]]:
    out = []
    for grid in grids(dark(np.asarray(image)), DPI):
        spans = {
            (
                c.row,
                c.column,
                next(i for i, y in enumerate(grid.ys) if abs(y - c.bottom) <= 2) - c.row,
                next(j for j, x in enumerate(grid.xs) if abs(x - c.right) <= 2) - c.column,
            )
            for c in grid.cells
        }
        out.append(([round(y) for y in grid.ys], [round(x) for x in grid.xs], spans))
    return out


def test_a_ruled_table_gives_its_rows_columns_and_merged_cell() -> None:
    image, draw = _page()
    xs, ys = [200, 400, 800, 1100, 1400], [300, 380, 600, 820, 900]
    _ruled(draw, xs, ys)
    [(got_ys, got_xs, spans)] = _found(image)
    assert all(abs(a - b) <= 2 for a, b in zip(got_ys, ys, strict=True))
    assert all(abs(a - b) <= 2 for a, b in zip(got_xs, xs, strict=True))
    # 4 columns x 4 rows, one cell (row 1, column 3) two rows high, none under it
    assert (1, 3, 2, 1) in spans
    assert not any(r == 2 and c == 3 for r, c, _, _ in spans)
    assert len(spans) == 15


def test_light_grey_rulings_of_a_printed_web_table_are_rulings() -> None:
    image, draw = _page()
    _ruled(draw, [200, 700, 1200], [300, 400, 500, 600], grey=181)
    [(_, xs, spans)] = _found(image)
    assert len(xs) == 3 and len(spans) == 5
    assert (1, 1, 2, 1) in spans


def test_dashes_strokes_and_underlines_are_no_table() -> None:
    # a long dash in the text, an underline, and strokes touching them are not a grid:
    # no vertical run crosses two rulings
    image, draw = _page()
    draw.line([(200, 300), (400, 300)], fill=0, width=3)  # ——
    draw.line([(200, 500), (1400, 500)], fill=0, width=2)  # an underline or a rule
    draw.line([(300, 470), (300, 500)], fill=0, width=3)  # a stroke standing on it
    draw.line([(600, 500), (600, 560)], fill=0, width=3)  # and one hanging from it
    draw.rectangle([(200, 800), (240, 840)], outline=0, width=3)  # a box: too short to rule
    assert _found(image) == []


def test_a_page_of_text_only_has_no_grid() -> None:
    image, draw = _page()
    for y in range(200, 2000, 60):
        for x in range(200, 1400, 40):
            draw.rectangle([(x, y), (x + 28, y + 30)], outline=0, width=2)  # glyph-sized boxes
    assert _found(image) == []


def test_a_stroke_in_a_row_barely_taller_than_it_is_no_ruling() -> None:
    # a header row 37 px high (200 dpi) whose characters' strokes run 28 px, stopping 4
    # px short of both rulings: no column boundary of their own
    image, draw = _page()
    xs, ys = [234, 475, 715, 955], [338, 375, 519, 662]
    _ruled(draw, xs, ys)
    for x in (505, 558, 570, 766, 778):
        draw.line([(x, 342), (x, 370)], fill=0, width=3)
    [(_, got_xs, _)] = _found(image)
    assert all(abs(a - b) <= 2 for a, b in zip(got_xs, xs, strict=True)), got_xs
