"""Word .docx -> text: paragraphs with their automatic numbering rendered, and tables in
the text form the annex reader knows (one cell per tab-indented line, a blank line after
each row: what Word's own "save as text" gives)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from ingest.documents.extracted import Extracted, TextBuilder
from ingest.documents.numbering import Numbering, W
from ingest.documents.sniff import DOCX
from ingest.errors import PlanError

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen")
_INDENT = " \t\u3000\xa0"


def extract_docx(raw: bytes, source: str, media_type: str = DOCX) -> Extracted:
    import docx  # python-docx; imported here: only Word files need it

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise PlanError(
            source, f"not a readable Word file: the .docx container is truncated or corrupt ({exc})"
        ) from exc
    except Exception as exc:  # lxml / python-docx raise many kinds for a broken part
        raise PlanError(source, f"not a readable Word file: {type(exc).__name__}: {exc}") from exc
    part = document.part
    try:
        numbering_xml = part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_xml = None
    styles_xml = part.styles.element if part.styles is not None else None
    numbering = Numbering.of(numbering_xml, styles_xml)
    out = TextBuilder()
    paragraph_no = 0
    table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            paragraph_no += 1
            text = numbering.mark(child) + paragraph_text(child).strip(_INDENT)
            out.add(text, paragraph=paragraph_no)
            out.add("\n")
        elif child.tag == W + "tbl":
            table_no += 1
            _table(child, table_no, numbering, out)
    text = out.text()
    if not text.strip():
        raise PlanError(source, "the Word file holds no text")
    return Extracted(text, media_type, out.locations)


def paragraph_text(p: Any) -> str:
    """The text Word shows for one paragraph (insertions in, deletions and fallbacks out)."""
    parts = []
    for el in p.iter(*_TEXT_TAGS):
        if any(a.tag == _MC_FALLBACK for a in el.iterancestors()):
            continue
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        elif el.tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts).replace("\x00", "")


def _table(tbl: Any, table_no: int, numbering: Numbering, out: TextBuilder) -> None:
    for row_no, tr in enumerate(tbl.iterchildren(W + "tr"), start=1):
        for cell_no, tc in enumerate(tr.iterchildren(W + "tc"), start=1):
            lines = []
            for p in tc.iter(W + "p"):
                line = numbering.mark(p) + paragraph_text(p)
                lines.append(" ".join(line.replace("\t", " ").split("\n")).strip(_INDENT))
            text = "\n".join(line for line in lines if line)
            out.add("\t")
            out.add(text, table=table_no, row=row_no, cell=cell_no)
            out.add("\n")
        out.add("\n")
