"""The evidence block of an /id/ HTML page: the sentence a fact came from, in context.

For a resource inside a plan (a measure, sub-item, responsibility, target or source span)
the block names the plan (linked), its division, the section and measure the sentence
sits in, the page of the source document when the span records one (pk:page, from PDF
inputs), and quotes the enclosing measure's text with the sentence marked. It runs in the
query worker with the rest of the description, reading only that plan's graph.
"""

from __future__ import annotations

from html import escape
from string import Template
from typing import Any

import pyoxigraph as ox

from api.web.data import Row, select
from api.web.pages_city import marked
from plankg.sources import file_name

# The graph and the resource are written into the text (`GRAPH <…>`): Oxigraph then reads
# that one graph, many times faster than with the graph bound by VALUES.
_SPANS = """SELECT ?span ?quote ?start ?end ?page WHERE { GRAPH $g {
  { $r prov:wasDerivedFrom ?span . } UNION { $r pk:leadRule ?span . }
  UNION { $r a pk:SourceSpan . BIND ($r AS ?span) }
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  OPTIONAL { ?span pk:page ?page . }
} } ORDER BY ?start"""

_PLAN = """SELECT ?title ?cityName ?cityCode ?sourceFile WHERE { GRAPH $g {
  $g dcterms:title ?title ; pk:jurisdiction ?city ; pk:sourceFile ?sourceFile .
  ?city rdfs:label ?cityName ; pk:divisionCode ?cityCode .
} }"""

_ENCLOSING = """SELECT ?measure ?title ?number ?quote ?start ?end ?sectionTitle ?sectionNumber
WHERE { GRAPH $g {
  ?measure a pk:Measure ; dcterms:title ?title ; pk:number ?number ; pk:inSection ?section ;
           prov:wasDerivedFrom ?span .
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  ?section dcterms:title ?sectionTitle ; pk:number ?sectionNumber .
} FILTER (?start <= $from && ?end >= $to) } ORDER BY DESC(?start) LIMIT 1"""


_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_PK = "https://w3id.org/plankg/ontology#"


def may_have_evidence(node: dict[str, Any]) -> bool:
    """Whether `_SPANS` can find anything for the resource of this expanded node (which
    holds all its own triples): it links a span, or is one. A plan, division or agency
    does not, and its page then needs no evidence query."""
    return (
        _PROV_DERIVED in node
        or _PK + "leadRule" in node
        or _PK + "SourceSpan" in node.get("@type", [])
    )


def _text(query: str, **terms: str) -> str:
    """`query` with each $name replaced by its term, already in SPARQL syntax."""
    return Template(query).substitute(terms)


def plan_graph_of(iri: str, base: str) -> str | None:
    """The plan graph an instance IRI belongs to: `{base}id/plan/{key}/…` is in the
    graph `{base}id/plan/{key}`."""
    prefix = f"{base}id/plan/"
    if not iri.startswith(prefix):
        return None
    return prefix + iri[len(prefix) :].split("/", 1)[0]


def evidence_html(store: object, iri: str, base: str) -> str:
    """Runs in a worker: the evidence block for `iri`, '' for resources outside a plan."""
    graph = plan_graph_of(iri, base)
    if graph is None:
        return ""
    g = str(ox.NamedNode(graph))  # N-Triples form: validated and escaped by pyoxigraph
    spans = select(store, _text(_SPANS, g=g, r=str(ox.NamedNode(iri))))  # type: ignore[arg-type]
    if not spans:
        return ""
    plans = select(store, _text(_PLAN, g=g))  # type: ignore[arg-type]
    plan = plans[0] if plans else {}
    blocks = []
    for span in spans:
        at = {"from": str(int(span["start"])), "to": str(int(span["end"]))}
        outer = select(store, _text(_ENCLOSING, g=g, **at))  # type: ignore[arg-type]
        blocks.append(_block(span, outer[0] if outer else None, base))
    head = ""
    if plan:
        code = escape(plan["cityCode"])
        head = (
            f'<p>方案 Plan: <a href="/{escape(graph[len(base) :])}">{escape(plan["title"])}</a>'
            f' · <a href="/city/{code}">{escape(plan["cityName"])}</a> ({code})'
            f' · <span class="iri">{escape(file_name(plan["sourceFile"]))}</span></p>'
        )
    return (
        '<section id="evidence" class="evidence"><h2>原文依据 Evidence</h2>'
        f"{head}{''.join(blocks)}</section>"
    )


def _block(span: Row, outer: Row | None, base: str) -> str:
    where = []
    if outer is not None:
        where.append(
            f"部分 Section {escape(outer['sectionNumber'])}：{escape(outer['sectionTitle'])}"
        )
        href = escape("/" + outer["measure"][len(base) :])
        number, title = escape(outer["number"]), escape(outer["title"])
        where.append(f'措施 Measure <a href="{href}">（{number}）{title}</a>')
    if "page" in span:
        where.append(f"页 Page {escape(span['page'])}")
    where.append(f"字符 Offsets {escape(span['start'])}–{escape(span['end'])}")
    quote = f"<blockquote><mark>{escape(span['quote'])}</mark></blockquote>"
    context = ""
    if outer is not None and outer["quote"] != span["quote"]:
        parts = marked(
            outer["quote"], int(outer["start"]), [(int(span["start"]), int(span["end"]))]
        )
        inner = "".join(
            f"<mark>{escape(p.text)}</mark>" if p.marked else escape(p.text) for p in parts
        )
        context = (
            "<details open><summary>上下文 In context</summary>"
            f"<blockquote>{inner}</blockquote></details>"
        )
    return f"<p>{' · '.join(where)}</p>{quote}{context}"
