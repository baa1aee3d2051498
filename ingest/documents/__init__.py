"""Plans as governments publish them: each format's bytes -> `Extracted` text with a
location map (sniff.py tells the format from the content; one module per format)."""

from __future__ import annotations

from ingest.documents.extracted import Extracted
from ingest.documents.sniff import DOCX, HTML, JSON, OFD, OFFICE, OTHER_TEXT, PDF, sniff_bytes
from ingest.errors import PlanError
from plankg.settings import Settings, or_environment

__all__ = ["Extracted", "extract"]


def extract(
    raw: bytes,
    source: str,
    media_type: str | None = None,
    url: str | None = None,
    charset: str | None = None,
    settings: Settings | None = None,
) -> Extracted | None:
    """The text of a document in any plan format; None for plain text (the parser
    decodes that itself). PlanError (one line: the file and the reason) otherwise.
    `settings` bound OCR and conversion (ocr_*, convert_timeout)."""
    media = media_type or sniff_bytes(raw)
    if media is None or media.startswith("text/plain") or media in (OTHER_TEXT, JSON):
        return None  # text, or nothing known: the decoder and parser accept it or say why not
    if media == HTML:
        from ingest.documents.html import extract_html

        return extract_html(raw, source, url, charset)
    if media == DOCX:
        from ingest.documents.docx import extract_docx

        return extract_docx(raw, source)
    if media == PDF:
        from ingest.documents.pdf import extract_pdf

        return extract_pdf(raw, source, or_environment(settings))
    if media in OFFICE:
        from ingest.documents.office import extract_office

        return extract_office(raw, source, media, or_environment(settings))
    if media == OFD:
        raise PlanError(source, "OFD documents are not read (no maintained library reads them)")
    raise PlanError(source, f"not a plan document ({media})")
