"""Glyphs that OCR misreads, told by their shape on the page image.

A circled sub-item numeral (①, ②, …) at the start of a line comes out of Tesseract's
Chinese model as "GD", "@)", "印" or nothing at all. Its shape is plain: a ring about one
character wide, nothing in the corners of its box, a blank band inside the ring and a
figure in the middle. Which numeral it is follows from the ones before it (layout.py).
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
