"""Glyphs that OCR misreads, told by their shape on the page image.

A circled sub-item numeral (①, ②, …) at the start of a line comes out of Tesseract's
Chinese model as "GD", "@)", "印" or nothing at all. Its shape is plain: a ring about one
character wide, nothing in the corners of its box, a blank band inside the ring and a
figure in the middle. Which numeral it is follows from the ones before it (layout.py).

A table drawn with box characters (a plain text's │序号│指标名称│ between ├──┼──┤) is read
by its bars and borders: Tesseract makes "|", "1", "[" or nothing of a bar and 一一一 or
"RE" of a border. A bar is an upright stroke through the whole line with blank paper on
both sides; a border one row of ink across its line.
"""

from __future__ import annotations

import math

import numpy as np

from ingest.documents.grid import Mask

_RAYS = 24


def ring_at(ink: Mask, left: float, top: float, bottom: float, size: float) -> float | None:
    """The right edge (pixels) of a ring glyph that is the first mark of a line, looked for
    from up to two characters left of its first word (box left, top, bottom: Tesseract may
    skip the glyph, and its line's box may reach over the lines around); None when the
    line's first mark is not a ring."""
    pad = 0.25 * size
    y0, y1 = max(0, int(top - pad)), min(ink.shape[0], int(bottom + pad) + 1)
    x0 = max(0, int(left - 2 * size))
    x_end = min(ink.shape[1], int(left + 2 * size))
    band = ink[y0:y1, x0:x_end]
    inked = np.flatnonzero(band.any(axis=0))
    if inked.size == 0:
        return None
    start = int(inked[0])
    end = start
    while end < band.shape[1] and band[:, end].any():
        end += 1  # a ring's columns all hold ink: the glyph ends at the first blank one
    glyph = band[:, start:end]
    # its rows: the longest run of rows with ink (the band may reach the lines around)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], glyph.any(axis=1).astype(np.int8), [0]))))
    starts, ends = edges[::2], edges[1::2]
    longest = int(np.argmax(ends - starts))
    glyph = glyph[starts[longest] : ends[longest]]
    return x0 + end if _is_ring(glyph, size) else None


def _is_ring(glyph: Mask, size: float) -> bool:
    height, width = glyph.shape
    if min(height, width) < 0.6 * size or not 0.8 <= width / height <= 1.25:
        return False
    corner = max(1, round(0.1 * min(height, width)))
    for ys in (slice(0, corner), slice(height - corner, height)):
        for xs in (slice(0, corner), slice(width - corner, width)):
            if glyph[ys, xs].mean() > 0.1:
                return False  # 口, 回, 国: a square's corners hold ink
    cy, cx, radius = (height - 1) / 2, (width - 1) / 2, min(height, width) / 2

    def inked(angle: float, lo: float, hi: float) -> bool:
        steps = max(4, round(2 * (hi - lo) * radius))  # every half pixel along the ray
        for k in range(steps + 1):
            r = (lo + (hi - lo) * k / steps) * radius
            y, x = round(cy + r * math.sin(angle)), round(cx + r * math.cos(angle))
            if 0 <= y < height and 0 <= x < width and glyph[y, x]:
                return True
        return False

    angles = [2 * math.pi * k / _RAYS for k in range(_RAYS)]
    outline = sum(inked(a, 0.84, 1.0) for a in angles)
    hollow = sum(not inked(a, 0.72, 0.8) for a in angles)
    figure = glyph[round(cy - 0.3 * radius) : round(cy + 0.3 * radius) + 1,
                   round(cx - 0.3 * radius) : round(cx + 0.3 * radius) + 1]  # fmt: skip
    # a scan may break the ring in a place or two
    return outline >= _RAYS - 2 and hollow >= 0.8 * _RAYS and bool(figure.any())


# Drawn tables: a plain text's table drawn with box characters (┌─┬─┐ │序号│指标│), as a
# word processor prints it. Tesseract reads the bars │ as "|", "1", "[" or nothing, and
# the borders ─ as 一一一 or "RE"; the ink tells both.
_BAR_COVER = 0.95  # a bar's columns hold ink over this share of the line's rows
_BAR_WIDTH = 0.2  # at most this wide (of a character's height)
_BAR_CLEAR = 0.3  # with no ink this far on either side (of a character's height)
_RULE_SPAN = 0.9  # a border's one row of ink spans this share of its line
# and holds this share of the line's ink: the joints ┬ ┼ ┤ hold the rest, the writing of
# an underlined line two thirds of it
_RULE_SHARE = 0.6


def bars(
    ink: Mask, left: float, right: float, top: float, bottom: float, size: float
) -> list[float]:
    """Where (pixels) the drawn bars │ stand on the line of words in the box left, right,
    top, bottom (their characters' band): columns inked from top to bottom, thin, with
    blank paper on both sides. A character's upright stroke has strokes across it (十, 中)
    or beside it, a bar none."""
    x0 = max(0, int(left - size))
    band = ink[max(0, int(top)) : int(bottom) + 1, x0 : int(right + size) + 1]
    if band.shape[0] < 0.5 * size or not band.size:
        return []
    cover = band.mean(axis=0)
    full = np.flatnonzero(cover >= _BAR_COVER)
    if not full.size:
        return []
    reach = max(3, round(_BAR_CLEAR * size))
    found = []
    for group in np.split(full, np.flatnonzero(np.diff(full) > 1) + 1):
        a, b = int(group[0]), int(group[-1])
        if b - a + 1 > _BAR_WIDTH * size or a - reach < 0 or b + reach >= cover.size:
            continue
        # the column next to the stroke may hold its anti-aliased edge
        beside = np.concatenate((cover[a - reach : a - 1], cover[b + 2 : b + 1 + reach]))
        if not beside.any():
            found.append(x0 + (a + b + 1) / 2)
    return found


def ruling(ink: Mask, left: float, right: float, top: float, bottom: float) -> bool:
    """Is the line in the box left, right, top, bottom (pixels) a drawn table's border:
    one row of ink across it, and little ink besides (its joints ┬ ┼ ┴)?"""
    band = ink[max(0, int(top) - 2) : int(bottom) + 3, max(0, int(left)) : int(right) + 1]
    height, width = band.shape
    if width < 4 * max(height, 1) or not band.any():
        return False
    rows = band.sum(axis=1)
    peak = int(rows.argmax())
    near = int(rows[max(0, peak - 2) : peak + 3].sum())
    return bool(rows[peak] >= _RULE_SPAN * width and near >= _RULE_SHARE * rows.sum())
