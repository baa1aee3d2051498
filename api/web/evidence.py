"""What an /id/ page reads besides the resource's description, in the query worker: the
sentence a fact came from, in context; the plan it cites; for a lead found by the plan's
stated convention, the sentence that states it; what an agency leads, supports and
implements.

A resource inside a plan (a measure, sub-item, responsibility, target or source span) is
quoted with the section and measure its sentence sits in, where that is in the original
document (page, paragraph or table cell, read by OCR), and the enclosing measure's text
with the sentence marked. Each query reads one plan's graph (or one division's plans).
Everything returned is plain data (rows, dataclasses), rendered by api.web.pages_resource.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Template

import pyoxigraph as ox

from api.linked import Node, expand
from api.web.data import Row, plan_graphs, select
from api.web.marks import Segment, marked
from plankg.backends import QueryStore
from plankg.describe import describe

PK = "https://w3id.org/plankg/ontology#"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"

# The graph and the resource are written into the text (`GRAPH <…>`): Oxigraph then reads
# that one graph, many times faster than with the graph bound by VALUES.
_LOCATION = """OPTIONAL { ?span pk:page ?page . } OPTIONAL { ?span pk:lastPage ?lastPage . }
  OPTIONAL { ?span pk:paragraph ?paragraph . }
  OPTIONAL { ?span pk:lastParagraph ?lastParagraph . }
  OPTIONAL { ?span pk:tableNumber ?table . } OPTIONAL { ?span pk:tableRow ?row . }
  OPTIONAL { ?span pk:tableCell ?cell . } OPTIONAL { ?span pk:readByOcr ?ocr . }"""

_SPANS = (
    """SELECT ?span ?quote ?start ?end ?page ?lastPage ?paragraph ?lastParagraph ?table ?row
       ?cell ?ocr WHERE { GRAPH $g {
  { $r prov:wasDerivedFrom ?span . } UNION { $r a pk:SourceSpan . BIND ($r AS ?span) }
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  """
    + _LOCATION
    + """
} } ORDER BY ?start"""
)

_RULE = (
    """SELECT ?span ?quote ?start ?end ?page ?lastPage ?paragraph ?lastParagraph ?table ?row
       ?cell ?ocr WHERE { GRAPH $g {
  $g pk:leadRule ?span . ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  """
    + _LOCATION
    + """
} }"""
)

_PLAN = """SELECT ?plan ?title ?status ?cityName ?cityCode ?sourceFile ?issuer ?documentNumber
       ?issued ?source WHERE { GRAPH $g {
  $g dcterms:title ?title ; pk:status ?status ; pk:jurisdiction ?city ;
     pk:sourceFile ?sourceFile .
  ?city rdfs:label ?cityName ; pk:divisionCode ?cityCode .
  OPTIONAL { $g pk:issuer ?issuer . }
  OPTIONAL { $g pk:documentNumber ?documentNumber . }
  OPTIONAL { $g dcterms:issued ?issued . }
  OPTIONAL { $g dcterms:source ?source . }
  BIND ($g AS ?plan)
} }"""

_ENCLOSING = """SELECT ?measure ?title ?number ?quote ?start ?end ?sectionTitle ?sectionNumber
WHERE { GRAPH $g {
  ?measure a pk:Measure ; dcterms:title ?title ; pk:number ?number ; pk:inSection ?section ;
           prov:wasDerivedFrom ?span .
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  ?section dcterms:title ?sectionTitle ; pk:number ?sectionNumber .
} FILTER (?start <= $from && ?end >= $to) } ORDER BY DESC(?start) LIMIT 1"""

# The shortest other span holding a stretch: the text its sentence is cut from.
_HOLDING = """SELECT ?quote ?start ?end WHERE { GRAPH $g {
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
} FILTER (?start <= $from && ?end >= $to && ?end - ?start > $to - $from) }
ORDER BY (?end - ?start) LIMIT 1"""

_WORK = """SELECT ?resp ?role ?basis ?measure ?number ?title ?itemTitle ?topic ?plan ?planTitle
       ?start WHERE {
  ?resp pk:agency ?agency ; pk:role ?role ; pk:forMeasure ?measure ;
        prov:wasDerivedFrom ?span .
  ?span pk:startOffset ?start .
  ?measure dcterms:title ?title ; pk:number ?number ; pk:inPlan ?plan .
  ?plan dcterms:title ?planTitle .
  OPTIONAL { ?resp pk:leadBasis ?basis . }
  OPTIONAL { ?resp pk:forItem ?item . ?item dcterms:title ?itemTitle . }
  OPTIONAL { ?measure pk:primaryTopic ?topic . }
}
ORDER BY ?plan ?start"""

# Sentence ends, and the brackets a note sits in: the sentence stating a rule runs from
# the last end or unclosed opening bracket before it to the next end or unopened closing
# bracket after it.
_ENDS = "。；！？;!?\n"
_OPENING = "（(〔【［["
_CLOSING = "）)〕】］]"


@dataclass(frozen=True)
class Location:
    """Where a quoted span is in the original document."""

    page: int | None = None
    last_page: int | None = None
    paragraph: int | None = None
    last_paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    ocr: bool = False


@dataclass(frozen=True)
class Quote:
    """One span quoted: its text, where it is, and the text around it with it marked."""

    text: str
    start: int
    end: int
    location: Location
    section: tuple[str, str] | None = None  # number, title
    measure: tuple[str, str, str] | None = None  # IRI, number, title
    context: list[Segment] = field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    """What an /id/ page shows besides the description."""

    nodes: list[Node]
    quotes: list[Quote] = field(default_factory=list)
    plans: list[Row] = field(default_factory=list)  # the plans it cites
    convention: Quote | None = None  # the sentence stating the plan's lead rule
    work: list[Row] = field(default_factory=list)  # an agency's responsibilities
    division: str = ""  # a division's code, when the store holds a plan of it


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


def _code_of(iri: str, base: str) -> str | None:
    """The division code an agency or division IRI is keyed by."""
    for kind in ("agency", "division"):
        prefix = f"{base}id/{kind}/"
        if iri.startswith(prefix):
            code = iri[len(prefix) :].split("/", 1)[0]
            return code if code.isdigit() else None
    return None


def _int(row: Row, key: str) -> int | None:
    try:
        return int(row[key]) if key in row else None
    except ValueError:
        return None


def location(row: Row) -> Location:
    return Location(
        _int(row, "page"),
        _int(row, "lastPage"),
        _int(row, "paragraph"),
        _int(row, "lastParagraph"),
        _int(row, "table"),
        _int(row, "row"),
        _int(row, "cell"),
        row.get("ocr", "").lower() == "true",
    )


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentence of `text` holding [start, end): from after the last
    sentence end or unclosed opening bracket before it to the next sentence end
    (included) or unopened closing bracket after it."""
    depth, lo = 0, 0
    for i in range(start - 1, -1, -1):
        c = text[i]
        if c in _CLOSING:
            depth += 1
        elif c in _OPENING:
            if depth == 0:
                lo = i + 1
                break
            depth -= 1
        elif c in _ENDS and depth == 0:
            lo = i + 1
            break
    depth, hi = 0, len(text)
    for i in range(end, len(text)):
        c = text[i]
        if c in _OPENING:
            depth += 1
        elif c in _CLOSING:
            if depth == 0:
                hi = i
                break
            depth -= 1
        elif c in _ENDS and depth == 0:
            hi = i + (c != "\n")
            break
    return lo, hi


def _quote(store: QueryStore, g: str, span: Row, whole_sentence: bool = False) -> Quote:
    """A span quoted with its measure and section, and in context: the measure's text
    with the span marked; with `whole_sentence`, the sentence holding the span."""
    start, end = int(span["start"]), int(span["end"])
    at = {"from": str(start), "to": str(end)}
    outer = select(store, _text(_ENCLOSING, g=g, **at))
    enclosing = outer[0] if outer else None
    section = measure = None
    if enclosing is not None:
        section = (enclosing["sectionNumber"], enclosing["sectionTitle"])
        measure = (enclosing["measure"], enclosing["number"], enclosing["title"])
    context: list[Segment] = []
    if whole_sentence:
        holding = select(store, _text(_HOLDING, g=g, **at))
        if holding:
            text, offset = holding[0]["quote"], int(holding[0]["start"])
            lo, hi = sentence(text, start - offset, end - offset)
            context = marked(text[lo:hi], offset + lo, [(start, end)])
        else:  # stated alone: the span is all the store holds of it
            context = [Segment(span["quote"], True)]
    elif enclosing is not None and enclosing["quote"] != span["quote"]:
        context = marked(enclosing["quote"], int(enclosing["start"]), [(start, end)])
    return Quote(span["quote"], start, end, location(span), section, measure, context)


def _is_convention_lead(node: Node, base: str) -> bool:
    basis = f"{base}id/lead-basis/document-convention"
    return any(v.get("@id") == basis for v in node.get(PK + "leadBasis", []))


def _may_have_spans(node: Node) -> bool:
    """Whether `_SPANS` can find anything for the resource of this expanded node (which
    holds all its own triples): it links a span, or is one."""
    return PROV_DERIVED in node or PK + "SourceSpan" in node.get("@type", [])


def read(
    store: QueryStore, iri: str, base: str, graph: str | None = None, stored: bytes | None = None
) -> Reading | None:
    """Runs in a worker: everything the /id/ page of `iri` shows; None when the store
    holds nothing about it. `graph`: the plan graph that holds its description, when the
    server knows it; `stored`: a plan's description as ingest stored it
    (plankg.describe.describe)."""
    described = describe(store, iri, base, graph, stored)
    if described is None:
        return None
    nodes: list[Node] = expand(described.triples, first=iri)
    main = nodes[0]
    types = main.get("@type", [])
    graph = plan_graph_of(iri, base)
    if graph is not None:
        g = str(ox.NamedNode(graph))  # N-Triples form: validated and escaped by pyoxigraph
        quotes = []
        if _may_have_spans(main):  # a plan or a division has none: no query
            spans = select(store, _text(_SPANS, g=g, r=str(ox.NamedNode(iri))))
            quotes = [_quote(store, g, s) for s in spans]
        convention = None
        if _is_convention_lead(main, base) or (iri == graph and PK + "leadRule" in main):
            rule = select(store, _text(_RULE, g=g))
            convention = _quote(store, g, rule[0], whole_sentence=True) if rule else None
        plans = select(store, _text(_PLAN, g=g))
        return Reading(nodes, quotes, plans, convention)
    code = _code_of(iri, base)
    if code is None:
        return Reading(nodes)
    graphs = plan_graphs(store, base, code)
    plans = [row for g in graphs for row in select(store, _text(_PLAN, g=str(ox.NamedNode(g))))]
    work: list[Row] = []
    if PK + "Agency" in types and graphs:
        work = select(store, _WORK, graphs, {"agency": ox.NamedNode(iri)})
    division = code if PK + "Division" in types and graphs else ""
    return Reading(nodes, plans=plans, work=work, division=division)
