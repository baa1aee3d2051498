"""The evidence of an /id/ page, in process: where a quote is in the original document (by
page or table cell, read by OCR or not), in the page's language; the sentence of a plan
that states a rule, cut out of the text around it; a resource's name when it has none of
its own (api/web/evidence.py, api/web/pages_resource.py)."""

from __future__ import annotations

import pytest

from api.web.evidence import Location, sentence
from api.web.i18n import words
from api.web.pages_resource import natural, where

NOTE = (
    "严格控制生产和使用高VOCs含量溶剂型涂料。（责任单位：市经信局、市发改局、市生态环境分局。"
    "列第一位的，为牵头单位，各镇〔街道〕为责任主体，下同）"
)


def test_where_the_quote_is_in_both_languages() -> None:
    ocr = Location(page=3, ocr=True)
    assert where(ocr, words("en"), "en") == "page 3, read by OCR of the original document"
    assert where(ocr, words("zh"), "zh") == "原文位置：第3页，经文字识别（OCR）读取"
    cell = Location(page=2, last_page=4, table=2, row=4, cell=1)
    assert where(cell, words("en"), "en") == (
        "pages 2–4, table 2, row 4, cell 1 of the original document"
    )
    assert where(Location(paragraph=5, last_paragraph=6), words("en"), "en") == (
        "paragraphs 5–6 of the original document"
    )
    assert where(Location(), words("en"), "en") == ""


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # inside a bracketed note, after a sentence end: up to the note's closing bracket
        ("列第一位", "列第一位的，为牵头单位，各镇〔街道〕为责任主体，下同"),
        # a sentence of the running text, its full stop kept
        ("高VOCs", "严格控制生产和使用高VOCs含量溶剂型涂料。"),
        # a sentence that opens a bracket: from the opening bracket on
        ("市发改局", "责任单位：市经信局、市发改局、市生态环境分局。"),
    ],
)
def test_the_sentence_stating_a_rule(phrase: str, expected: str) -> None:
    start = NOTE.index(phrase)
    lo, hi = sentence(NOTE, start, start + len(phrase))
    assert NOTE[lo:hi] == expected


def test_resources_in_document_order() -> None:
    iris = [f"https://w3id.org/plankg/id/plan/1/measure/{m}" for m in ("3-10", "3-9", "10-1")]
    assert sorted(iris, key=natural)[0].endswith("3-9")
    assert sorted(iris, key=natural)[-1].endswith("10-1")
