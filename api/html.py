"""A small server-rendered HTML page for a resource description (for browsers).

Every piece of text goes through html.escape; links to IRIs under the base IRI point back
into the service (/id/...), so browsing never leaves it.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from api.linked import Node, short_name

PK = "https://w3id.org/plankg/ontology#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_NAME_KEYS = (
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
)
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;
text-align:left;vertical-align:top}blockquote{font-size:1.2rem;border-left:4px solid #c33;
margin:1rem 0;padding:.5rem 1rem;background:#fafafa}
mark{background:#fff0a8}.iri{color:#666;font-size:.9rem}
.where{color:#555;font-size:.9rem;margin:-.5rem 0 1rem 1.3rem}"""


def _name(node: Node | None) -> str | None:
    """A node's display name: zh title/label before others, then notation."""
    if node is None:
        return None
    for key in _NAME_KEYS:
        values = node.get(key) or []
        values = sorted(values, key=lambda v: v.get("@language") != "zh")
        if values:
            return str(values[0]["@value"])
    return None


def href_for(iri: str, base: str) -> str | None:
    """A link for an IRI: inside the service when under the base IRI, else the IRI."""
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    if iri.startswith(("http://", "https://")):
        return iri
    return None


class _Links:
    """The links of one page, each rendered once: a plan's page names the same agencies,
    roles and concepts in hundreds of rows."""

    def __init__(self, base: str, by_id: dict[str, Node]) -> None:
        self.base = base
        self.by_id = by_id
        self._done: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        text = self._done.get(iri)
        if text is None:
            text = self._done[iri] = self._render(iri)
        return text

    def _render(self, iri: str) -> str:
        shown = _name(self.by_id.get(iri))
        label = escape(shown) if shown else escape(short_name(iri))
        href = href_for(iri, self.base)
        text = f'<a href="{escape(href)}">{label}</a>' if href else label
        if shown:
            text += f' <span class="iri">{escape(short_name(iri) if not href else iri)}</span>'
        return text


def _value(value: dict[str, Any], link: _Links) -> str:
    if "@id" in value:
        return link(str(value["@id"]))
    text = escape(str(value["@value"]))
    if "@language" in value:
        text += f' <span class="iri">@{escape(str(value["@language"]))}</span>'
    elif "@type" in value:
        text += f' <span class="iri">{escape(short_name(str(value["@type"])))}</span>'
    return text


@lru_cache(maxsize=1024)
def _head(key: str, base: str) -> str:
    """A property's row heading, linked when the property is ours."""
    href = href_for(key, base)
    name = escape(short_name(key))
    return f'<a href="{escape(href)}">{name}</a>' if href else name


def _rows(node: Node, link: _Links) -> str:
    rows = []
    for iri in node.get("@type", []):
        rows.append(f"<tr><th>type</th><td>{link(iri)}</td></tr>")
    for key in sorted(k for k in node if not k.startswith("@")):
        cells = "<br>".join(_value(v, link) for v in node[key])
        rows.append(f"<tr><th>{_head(key, link.base)}</th><td>{cells}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


def _number(span: Node, key: str) -> int | None:
    values = span.get(PK + key) or []
    try:
        return int(values[0]["@value"]) if values else None
    except (KeyError, TypeError, ValueError):
        return None


def where(span: Node) -> str:
    """Where a quoted span is in the original document: "page 3" (pages 3–4) for a PDF,
    the paragraph or table cell for a Word file or web page; "read by OCR" when it was."""
    parts = []
    page, last_page = _number(span, "page"), _number(span, "lastPage")
    if page is not None:
        parts.append(f"pages {page}–{last_page}" if last_page else f"page {page}")
    table = _number(span, "tableNumber")
    if table is not None:
        parts.append(
            f"table {table}, row {_number(span, 'tableRow')}, cell {_number(span, 'tableCell')}"
        )
    elif (paragraph := _number(span, "paragraph")) is not None:
        last = _number(span, "lastParagraph")
        parts.append(f"paragraphs {paragraph}–{last}" if last else f"paragraph {paragraph}")
    if any(str(v.get("@value")).lower() == "true" for v in span.get(PK + "readByOcr", [])):
        parts.append("read by OCR")
    if not parts:
        return ""
    return f'<p class="where">{escape(", ".join(parts))} of the original document</p>'


def _blockquotes(span: Node) -> str:
    quotes = "".join(
        f"<blockquote>{escape(str(q['@value']))}</blockquote>" for q in span.get(PK + "quote", [])
    )
    return quotes + where(span) if quotes else ""


def _quote(node: Node, by_id: dict[str, Node]) -> str:
    parts = []
    for ref in node.get(PROV_DERIVED, []):
        span = by_id.get(str(ref.get("@id")))
        if span is not None:
            parts.append(_blockquotes(span))
    return "".join(parts)


def _wheres(node: Node, by_id: dict[str, Node]) -> str:
    """Where the node's source spans are in the original document (page, cell, OCR)."""
    spans = [node] if PK + "quote" in node else [
        by_id[str(ref.get("@id"))] for ref in node.get(PROV_DERIVED, [])
        if str(ref.get("@id")) in by_id
    ]  # fmt: skip
    return "".join(where(span) for span in spans)


def render_page(iri: str, nodes: list[Node], base: str, evidence: str = "") -> str:
    """`evidence`: the block quoting the source in context (api.web.evidence), if any;
    it takes the place of the bare quote, and the span's place in the document follows."""
    by_id = {str(n["@id"]): n for n in nodes}
    main = by_id[iri]
    link = _Links(base, by_id)
    title = _name(main) or short_name(iri)
    if evidence:
        quote = evidence + _wheres(main, by_id)
    else:  # a source span: its own quote is the point
        quote = _blockquotes(main) if PK + "quote" in main else _quote(main, by_id)
    incoming = [
        n
        for n in nodes
        if n is not main
        and any(
            v.get("@id") == iri
            for key in (PK + "forMeasure", PK + "inPlan", PK + "partOf")
            for v in n.get(key, [])
        )
    ]
    sections = []
    for n in incoming:
        kinds = ", ".join(short_name(t) for t in n.get("@type", []))
        sections.append(
            f"<h3>{link(str(n['@id']))} <small>{escape(kinds)}</small></h3>"
            f"{_quote(n, by_id)}{_rows(n, link)}"
        )
    linked = f"<h2>Linked here ({len(incoming)})</h2>{''.join(sections)}" if incoming else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="iri">{escape(iri)}</p>'
        f"{quote}{_rows(main, link)}{linked}"
        '<p class="iri">Also as JSON-LD (Accept: application/ld+json) '
        "and Turtle (Accept: text/turtle).</p>"
        "</body></html>\n"
    )
