"""PDF -> text: the text layer read with pdfplumber (character geometry), tables found by
their ruling lines and written in the annex text form; pages without a usable text layer
(scans, or `(cid:N)` glyph codes with no Unicode map) go to OCR when it is installed."""

from __future__ import annotations

import io
import re
import statistics
from typing import Any

from ingest.documents.extracted import Extracted, TextBuilder
from ingest.documents.layout import Line, Page, render
from ingest.documents.sniff import PDF
from ingest.errors import PlanError
from plankg.settings import Settings

_CID = re.compile(r"\(cid:\d+\)")
_MIN_CHARS = 20  # a page with fewer characters of text is treated as an image


def extract_pdf(raw: bytes, source: str, settings: Settings) -> Extracted:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
        pages_in = list(pdf.pages)
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect) or "password" in str(inner).lower():
            raise PlanError(
                source, "encrypted PDF: it cannot be read without its password"
            ) from exc
        raise PlanError(
            source, f"not a readable PDF: {type(inner).__name__} {inner}".strip()
        ) from exc
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise PlanError(source, f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    pages: list[Page] = []
    to_ocr: list[int] = []
    garbled = 0
    try:
        for number, page in enumerate(pages_in, start=1):
            text_page = _page(page, number)
            chars = sum(len(ln.text) + sum(map(len, ln.cells or [])) for ln in text_page.lines)
            # a third of the page in "(cid:N)" codes: the font has no Unicode map
            cids = sum(len(m) for ln in text_page.lines for m in _CID.findall(ln.text))
            if cids * 3 > max(chars, 1):
                garbled += 1
                to_ocr.append(number)
                text_page.lines = []
            elif chars < _MIN_CHARS and page.images:
                to_ocr.append(number)  # a page image with no text on it: a scan
            pages.append(text_page)
    except Exception as exc:
        raise PlanError(source, f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()
    if not pages:
        raise PlanError(source, "the PDF has no pages")
    ocr = False
    if to_ocr:
        from ingest.documents.ocr import ocr_pages

        why = (
            "its text layer is `(cid:N)` glyph codes with no Unicode map"
            if garbled
            else "it has no text layer (a scan)"
        )
        for scanned in ocr_pages(raw, source, to_ocr, why, settings):
            pages[scanned.number - 1] = scanned
        ocr = True
    out = TextBuilder()
    render(pages, out)
    text = out.text()
    if not text.strip():
        raise PlanError(source, "the PDF holds no text, and OCR read none")
    return Extracted(text, PDF, out.locations, ocr=ocr)


def _page(page: Any, number: int) -> Page:
    result = Page(number, float(page.width), float(page.height))
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    body = page.filter(outside) if boxes else page
    for line in body.extract_text_lines(return_chars=True, strip=True):
        chars = line.get("chars") or []
        sizes = [c.get("size", 0) for c in chars if c.get("size")]
        size = statistics.median(sizes) if sizes else line["bottom"] - line["top"]
        result.lines.append(
            Line(line["text"], line["x0"], line["x1"], line["top"], line["bottom"], size)
        )
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=False):
            top = min((c[1] for c in row.cells if c is not None), default=table.bbox[1])
            bottom = max((c[3] for c in row.cells if c is not None), default=table.bbox[3])
            texts = ["".join((cell or "").split("\n")) for cell in cells]
            result.lines.append(
                Line("", table.bbox[0], table.bbox[2], top, bottom, 0.0, texts, table=True)
            )
    result.lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return result
