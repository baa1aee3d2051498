"""Circled numerals told by their shape on a page image (drawn with Pillow in the CJK font
the document fixtures use); their reading from a scan is tested in test_documents.py."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.documents.glyphs import ring_at
from ingest.documents.grid import dark
from tests.support.document_fixtures import cjk_font

SIZE = 33  # 12 pt at 200 dpi


def font() -> ImageFont.FreeTypeFont:
    found: ImageFont.FreeTypeFont = cjk_font(SIZE)
    return found


def _first_mark_is_ring(text: str) -> bool:
    image = Image.new("L", (800, 120), 255)
    ImageDraw.Draw(image).text((100, 40), text, font=font(), fill=0)
    ink = dark(np.asarray(image))
    rows, columns = np.nonzero(ink)
    # as Tesseract gives a line: its top and bottom, and where its first word starts
    return (
        ring_at(ink, float(columns.min()), float(rows.min()), float(rows.max()), SIZE) is not None
    )


@pytest.mark.parametrize("text", ["①推进源头替代", "②加强油品储运", "⑨强化", "⑫深化"])
def test_a_circled_numeral_at_a_line_start_is_a_ring(text: str) -> None:
    assert _first_mark_is_ring(text)


@pytest.mark.parametrize(
    "text",
    ["国家推进", "回收利用", "口岸岸电", "〇推进", "O形", "@推进", "0.5倍", "（一）推进", "8项"],
)
def test_characters_boxes_and_empty_rings_are_not(text: str) -> None:
    assert not _first_mark_is_ring(text)
