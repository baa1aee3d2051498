"""OCR'd paragraphs put right where Tesseract misreads a mark the parser reads
(ingest/documents/layout.py's fix_ocr); a text layer's text is left as written."""

from __future__ import annotations

from ingest.documents.extracted import TextBuilder
from ingest.documents.layout import Line, Page, fix_ocr, render


def test_a_note_label_s_colon_read_as_a_semicolon_is_a_colon_again() -> None:
    assert (
        fix_ocr("推进清洁生产。责任单位;市工业和信息化局（牵头）")
        == "推进清洁生产。责任单位：市工业和信息化局（牵头）"
    )
    note = "（牵头单位:市生态环境局;配合单位;市工业和信息化局、市发展改革委）"
    assert fix_ocr(note) == "（牵头单位:市生态环境局;配合单位：市工业和信息化局、市发展改革委）"
    # a label that is the sentence's predicate may well be followed by a semicolon
    rule = "列第一位的为牵头单位，其他为配合单位；各县市区人民政府负责落实。"
    assert fix_ocr(rule) == rule


def test_only_ocr_d_text_is_put_right() -> None:
    def read(ocr: bool) -> str:
        page = Page(1, 595.0, 842.0, ocr=ocr)
        text = "责任单位;市工业和信息化局（牵头），市发展和改革局。"
        page.lines.append(Line(text, 72.0, 72.0 + 12 * len(text), 200.0, 212.0, 12.0))
        out = TextBuilder()
        render([page], out)
        return out.text()

    assert read(ocr=True).startswith("责任单位：")
    assert read(ocr=False).startswith("责任单位;")
