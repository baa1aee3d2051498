"""The evidence page of a fact (api/html.py): where its quote is in the original
document, by page or table cell, and whether it was read by OCR."""

from __future__ import annotations

from typing import Any

from api.html import render_page

BASE = "https://w3id.org/plankg/"


def test_evidence_page_shows_where_the_quote_is() -> None:
    pk = "https://w3id.org/plankg/ontology#"
    span: dict[str, Any] = {
        "@id": "https://w3id.org/plankg/id/plan/1/span/1-5",
        pk + "quote": [{"@value": "单位生产总值能耗下降"}],
        pk + "page": [{"@value": "3"}],
        pk + "readByOcr": [{"@value": "true"}],
    }
    target: dict[str, Any] = {
        "@id": "https://w3id.org/plankg/id/plan/1/target/1",
        "http://www.w3.org/ns/prov#wasDerivedFrom": [{"@id": span["@id"]}],
    }
    page = render_page(target["@id"], [target, span], BASE)
    assert "page 3, read by OCR of the original document" in page
    cell = dict(span, **{pk + "page": [], pk + "tableNumber": [{"@value": "2"}],
                         pk + "tableRow": [{"@value": "4"}], pk + "tableCell": [{"@value": "1"}],
                         pk + "readByOcr": []})  # fmt: skip
    assert "table 2, row 4, cell 1 of the original" in render_page(span["@id"], [cell], BASE)
