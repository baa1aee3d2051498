"""`Plan` model -> RDF triples, as described in docs/rdf-model.md.

Triples are built as pyoxigraph terms: the store takes them as they are, and N-Triples for
validation come from pyoxigraph's serialiser. `plan_graph` gives an rdflib Graph for
callers that want one (pyshacl, tests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ingest.docnumber import canonical
from ingest.docnumber import slug as document_slug
from ingest.gaps import coverage, facts
from ingest.gazetteer import gazetteer, iso3166_codes, wikidata_code
from ingest.model import AgencyMention, Division, Location, Plan, Span, Target, locate
from plankg.sources import file_name

PK = "https://w3id.org/plankg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DC_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
DC_ISSUED = ox.NamedNode("http://purl.org/dc/terms/issued")
DC_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
DC_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
ORG_ORGANIZATION = ox.NamedNode("http://www.w3.org/ns/org#Organization")
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = ox.NamedNode(XSD + "integer")
_DECIMAL = ox.NamedNode(XSD + "decimal")
_GYEAR = ox.NamedNode(XSD + "gYear")
_DATE = ox.NamedNode(XSD + "date")
_BOOLEAN = ox.NamedNode(XSD + "boolean")
_DATETIME = ox.NamedNode(XSD + "dateTime")
_TRUE = ox.Literal("true", datatype=_BOOLEAN)
QUDT_UNIT = "http://qudt.org/vocab/unit/"
# Units that QUDT has: their concept IRI is the QUDT IRI itself.
_QUDT_UNITS = {"t": QUDT_UNIT + "TONNE", "percent": QUDT_UNIT + "PERCENT"}
# Agency types that name one body per jurisdiction; others are told apart by name.
_SHARED_TYPES = {"local-government", "other"}


class _Pk:
    """pk: terms, created once."""

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(PK + name)
        setattr(self, name, node)
        return node


pk = _Pk()


class Iris:
    """Deterministic instance and concept IRIs under one base."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self._concepts: dict[tuple[str, str], ox.NamedNode] = {}

    def division(self, code: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}id/division/{code}")

    def document(self, number: str) -> ox.NamedNode:
        """The document a 文号 denotes (docs/rdf-model.md): one IRI per canonical number."""
        return ox.NamedNode(f"{self.base}id/document/{document_slug(number)}")

    def plan(self, plan: Plan) -> ox.NamedNode:
        suffix = "-draft" if plan.status == "draft" else ""
        return ox.NamedNode(f"{self.base}id/plan/{plan.jurisdiction.code}{suffix}")

    def concept(self, scheme: str, notation: str) -> ox.NamedNode:
        key = (scheme, notation)
        if key not in self._concepts:
            if scheme == "unit" and notation in _QUDT_UNITS:
                iri = _QUDT_UNITS[notation]
            else:
                slug = notation.replace("/", "-per-") if scheme == "unit" else notation
                iri = f"{self.base}id/{scheme}/{slug}"
            self._concepts[key] = ox.NamedNode(iri)
        return self._concepts[key]

    def agency(self, jurisdiction: str, mention: AgencyMention) -> ox.NamedNode:
        if mention.agency_type in _SHARED_TYPES:
            digest = hashlib.sha1(mention.full_name.encode("utf-8")).hexdigest()[:12]
            return ox.NamedNode(f"{self.base}id/agency/{jurisdiction}/x-{digest}")
        return ox.NamedNode(f"{self.base}id/agency/{jurisdiction}/{mention.agency_type}")


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_INTEGER)


def _decimal(value: Decimal) -> ox.Literal:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return ox.Literal(text, datatype=_DECIMAL)


def _year(year: int) -> ox.Literal:
    return ox.Literal(f"{year:04d}", datatype=_GYEAR)


Add = Callable[[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal], None]


def plan_triples(plan: Plan, base: str = "https://w3id.org/plankg/") -> tuple[str, list[ox.Triple]]:
    """The plan's named-graph IRI and its triples (no duplicates)."""
    iris = Iris(base)
    seen: set[ox.Triple] = set()
    triples: list[ox.Triple] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        t = ox.Triple(s, p, o)
        if t not in seen:
            seen.add(t)
            triples.append(t)

    p = iris.plan(plan)
    spans: set[tuple[int, int]] = set()

    def span(subject: ox.NamedNode, s: Span, predicate: ox.NamedNode = PROV_DERIVED) -> None:
        # One node per stretch of text, shared by every fact it backs.
        node = ox.NamedNode(f"{p.value}/span/{s.start}-{s.end}")
        add(subject, predicate, node)
        if (s.start, s.end) not in spans:
            spans.add((s.start, s.end))
            add(node, RDF_TYPE, pk.SourceSpan)
            add(node, pk.inDocument, p)
            add(node, pk.startOffset, _int(s.start))
            add(node, pk.endOffset, _int(s.end))
            add(node, pk.quote, ox.Literal(s.text))
            _where(add, node, locate(plan.locations, s.start, s.end))

    _division(add, iris, plan.jurisdiction)
    add(p, RDF_TYPE, pk.Plan)
    add(p, DC_TITLE, _zh(plan.title))
    add(p, pk.jurisdiction, iris.division(plan.jurisdiction.code))
    add(p, pk.status, pk.Draft if plan.status == "draft" else pk.Issued)
    if plan.issued:
        add(p, DC_ISSUED, ox.Literal(plan.issued, datatype=_DATE))
    if plan.issuer:
        add(p, pk.issuer, ox.Literal(plan.issuer))
    if plan.document_number:
        add(p, pk.documentNumber, ox.Literal(plan.document_number))
    for number in plan.cited_documents:
        add(p, pk.citesDocumentNumber, ox.Literal(number))
    _documents(add, iris, p, plan)
    if plan.source_url:
        add(p, DC_SOURCE, ox.NamedNode(plan.source_url))
    for k, evidence in enumerate(plan.jurisdiction_evidence, start=1):
        e = ox.NamedNode(f"{p.value}/jurisdiction-evidence/{k}")
        add(p, pk.jurisdictionEvidence, e)
        add(e, RDF_TYPE, pk.JurisdictionEvidence)
        add(e, pk.evidenceKind, ox.Literal(evidence.kind))
        add(e, pk.evidenceText, ox.Literal(evidence.text))
        for code in evidence.codes:
            add(e, pk.evidenceDivision, iris.division(code))
        add(e, pk.agrees, ox.Literal("true" if evidence.agrees else "false", datatype=_BOOLEAN))
    # the file's name only: never a path of the machine that ingested it (the URL of a
    # fetched plan is its dcterms:source above)
    add(p, pk.sourceFile, ox.Literal(file_name(plan.source_name)))
    add(p, pk.sha256, ox.Literal(plan.sha256))
    add(p, pk.encoding, ox.Literal(plan.encoding))
    add(p, pk.originalScript, ox.Literal("traditional" if plan.traditional else "simplified"))
    add(p, pk.mediaType, ox.Literal(plan.media_type))
    if plan.ocr:
        add(p, pk.readByOcr, _TRUE)
    if plan.retrieved:
        add(p, pk.retrieved, ox.Literal(plan.retrieved, datatype=_DATETIME))
    if plan.lead_rule:
        span(p, plan.lead_rule, pk.leadRule)

    sections: dict[int, ox.NamedNode] = {}
    for section in plan.sections:
        s = ox.NamedNode(f"{p.value}/section/{section.number}")
        sections[section.number] = s
        add(p, pk.hasSection, s)
        add(s, RDF_TYPE, pk.Section)
        add(s, pk.inPlan, p)
        add(s, pk.number, _int(section.number))
        add(s, DC_TITLE, _zh(section.title))
        add(s, pk.measureKind, iris.concept("measure-kind", section.kind))

    agencies: set[ox.NamedNode] = set()
    measures: dict[tuple[int, int], ox.NamedNode] = {}
    code = plan.jurisdiction.code
    for measure in plan.measures:
        m = ox.NamedNode(f"{p.value}/measure/{measure.section_number}-{measure.number}")
        measures[(measure.section_number, measure.number)] = m
        add(p, pk.hasMeasure, m)
        add(m, RDF_TYPE, pk.Measure)
        add(m, pk.inPlan, p)
        add(m, pk.inSection, sections[measure.section_number])
        add(m, pk.number, _int(measure.number))
        add(m, DC_TITLE, _zh(measure.title))
        add(m, pk.measureKind, iris.concept("measure-kind", measure.kind))
        if measure.primary_topic:
            add(m, pk.primaryTopic, iris.concept("topic", measure.primary_topic))
        for topic in measure.mentioned_topics:
            add(m, pk.mentionsTopic, iris.concept("topic", topic))
        span(m, measure.span)
        holders: list[tuple[ox.NamedNode, ox.NamedNode | None, list[AgencyMention]]] = [
            (m, None, measure.responsibilities)
        ]
        for item in measure.items:
            i = ox.NamedNode(f"{m.value}/item/{item.number}")
            add(m, pk.hasItem, i)
            add(i, RDF_TYPE, pk.SubItem)
            add(i, pk.partOf, m)
            add(i, pk.number, _int(item.number))
            add(i, DC_TITLE, _zh(item.title))
            if item.primary_topic:
                add(i, pk.primaryTopic, iris.concept("topic", item.primary_topic))
            for topic in item.topics:
                add(i, pk.mentionsTopic, iris.concept("topic", topic))
            span(i, item.span)
            holders.append((i, i, item.responsibilities))
        for holder, item_iri, mentions in holders:
            for mention in mentions:
                # The inverse pk:hasResponsibility is not stored: pk:forMeasure/pk:forItem
                # say the same, and every quad costs on write (docs/rdf-model.md).
                r = ox.NamedNode(f"{holder.value}/resp/{mention.position}")
                add(r, RDF_TYPE, pk.Responsibility)
                add(r, pk.forMeasure, m)
                if item_iri is not None:
                    add(r, pk.forItem, item_iri)
                agency = iris.agency(code, mention)
                add(r, pk.agency, agency)
                add(r, pk.role, iris.concept("role", mention.role))
                if mention.basis:
                    add(r, pk.leadBasis, iris.concept("lead-basis", mention.basis))
                add(r, pk.position, _int(mention.position))
                add(r, pk.nameAsWritten, ox.Literal(mention.name_as_written))
                if mention.carried_forward:  # absent means false
                    add(r, pk.carriedForward, ox.Literal("true", datatype=_BOOLEAN))
                span(r, mention.note or mention.span)
                add(agency, pk.nameAsWritten, ox.Literal(mention.name_as_written))
                if agency not in agencies:
                    agencies.add(agency)
                    add(agency, RDF_TYPE, pk.Agency)
                    add(agency, RDF_TYPE, ORG_ORGANIZATION)
                    add(agency, RDFS_LABEL, _zh(mention.full_name))
                    add(agency, pk.agencyType, iris.concept("agency-type", mention.agency_type))
                    add(agency, pk.jurisdiction, iris.division(code))

    for k, target in enumerate(plan.targets, start=1):
        t = ox.NamedNode(f"{p.value}/target/{k}")  # linked by pk:inPlan (no stored inverse)
        _target(add, iris, p, t, target, measures)
        span(t, target.span)
    # What looked like a fact but gave none, and the plan's completeness in numbers.
    for k, gap in enumerate(plan.gaps, start=1):
        g = ox.NamedNode(f"{p.value}/gap/{k}")
        add(g, RDF_TYPE, pk.Gap)
        add(g, pk.inPlan, p)
        add(g, pk.gapKind, iris.concept("gap-kind", gap.kind))
        if gap.detail:
            add(g, pk.gapDetail, ox.Literal(gap.detail))
        span(g, gap.span)
    counts = facts(plan)
    add(p, pk.measureCount, _int(counts["measures"]))
    add(p, pk.responsibilityCount, _int(counts["responsibilities"]))
    add(p, pk.targetCount, _int(counts["targets"]))
    add(p, pk.gapCount, _int(counts["gaps"]))
    share = coverage(counts)
    if share is not None:
        add(p, pk.responsibilityCoverage, _decimal(share))
    return p.value, triples


def _where(add: Add, node: ox.NamedNode, found: list[Location]) -> None:
    """Where a span is in the original document: its first and last page, paragraph, or
    the table cell it begins in; read by OCR if any of it was."""
    if not found:
        return
    first, last = found[0], found[-1]
    pages = [loc.page for loc in found if loc.page is not None]
    if pages:
        add(node, pk.page, _int(pages[0]))
        if pages[-1] != pages[0]:
            add(node, pk.lastPage, _int(pages[-1]))
    paragraphs = [loc.paragraph for loc in found if loc.paragraph is not None]
    if paragraphs:
        add(node, pk.paragraph, _int(paragraphs[0]))
        if paragraphs[-1] != paragraphs[0]:
            add(node, pk.lastParagraph, _int(paragraphs[-1]))
    cell = next((loc for loc in (first, last) if loc.table is not None), None)
    if cell is not None and cell.row is not None and cell.cell is not None:
        add(node, pk.tableNumber, _int(cell.table or 0))
        add(node, pk.tableRow, _int(cell.row))
        add(node, pk.tableCell, _int(cell.cell))
    if any(loc.ocr for loc in found):
        add(node, pk.readByOcr, _TRUE)


def _target(
    add: Add,
    iris: Iris,
    plan: ox.NamedNode,
    t: ox.NamedNode,
    target: Target,
    measures: dict[tuple[int, int], ox.NamedNode],
) -> None:
    add(t, RDF_TYPE, pk.Target)
    add(t, pk.inPlan, plan)
    add(t, pk.indicator, iris.concept("indicator", target.indicator))
    if target.pollutant:
        add(t, pk.pollutant, iris.concept("topic", target.pollutant))
    add(t, pk.value, _decimal(target.value))
    add(t, pk.unit, iris.concept("unit", target.unit))
    if target.base_year:
        add(t, pk.baseYear, _year(target.base_year))
    if target.target_year:
        add(t, pk.targetYear, _year(target.target_year))
    if target.qualifier:
        add(t, pk.qualifier, iris.concept("qualifier", target.qualifier))
    add(t, pk.scope, iris.concept("scope", target.scope))
    if target.subject:
        add(t, pk.subject, _zh(target.subject))
    if target.subject_code:
        add(t, pk.subjectDivision, iris.division(target.subject_code))
        _division(add, iris, gazetteer().division(target.subject_code))
    if target.indicator_label:
        add(t, pk.indicatorLabel, ox.Literal(target.indicator_label))
    if target.baseline_value is not None:
        add(t, pk.baselineValue, _decimal(target.baseline_value))
    if target.measure and target.measure in measures:
        add(t, pk.forMeasure, measures[target.measure])


def _documents(add: Add, iris: Iris, p: ox.NamedNode, plan: Plan) -> None:
    """The plan's own document and those it cites, each keyed by its 文号: a citing plan
    and the cited plan, once stored, name the same resource."""
    if plan.document_number and "号" in plan.document_number:
        d = iris.document(plan.document_number)
        add(p, pk.issuedAs, d)
        add(d, RDF_TYPE, pk.Document)
        add(d, DC_IDENTIFIER, ox.Literal(canonical(plan.document_number)))
    for number in plan.cited_documents:
        d = iris.document(number)
        add(p, pk.citesDocument, d)
        add(d, RDF_TYPE, pk.Document)
        add(d, DC_IDENTIFIER, ox.Literal(canonical(number)))
        title = plan.cited_titles.get(number)
        if title:
            add(d, DC_TITLE, _zh(title))


def _division(add: Add, iris: Iris, division: Division) -> None:
    """A division with its codes (GB/T 2260, the Wikidata P442 form, ISO 3166-2 for a
    province), its level, and the divisions above it: pk:parent (the one directly above)
    and pk:province, each described the same way."""
    d = iris.division(division.code)
    add(d, RDF_TYPE, pk.Division)
    add(d, pk.divisionCode, ox.Literal(division.code))
    add(d, RDFS_LABEL, _zh(division.name))
    add(d, pk.level, ox.Literal(division.level))
    if division.level == "national":
        return  # no P442 code (Wikidata gives the country none), no parent
    add(d, pk.wikidataDivisionCode, ox.Literal(wikidata_code(division.code)))
    if division.level == "province":
        iso = iso3166_codes().get(division.code)
        if iso:
            add(d, pk.iso3166Code, ox.Literal(iso))
        return
    add(d, pk.province, iris.division(division.province_code))
    table = gazetteer()
    parent = table.parent_code(division.code) or division.province_code
    if parent not in table.by_code:
        parent = division.province_code
    add(d, pk.parent, iris.division(parent))
    if parent != division.province_code:
        _division(add, iris, table.division(parent))
    province = Division(
        code=division.province_code,
        name=division.province_name,
        level="province",
        province_code=division.province_code,
        province_name=division.province_name,
    )
    _division(add, iris, province)


def ntriples(triples: list[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def plan_graph(plan: Plan, base: str = "https://w3id.org/plankg/") -> tuple[URIRef, Graph]:
    """The plan's graph IRI and its triples as an rdflib Graph."""
    iri, triples = plan_triples(plan, base)
    return URIRef(iri), Graph().parse(data=ntriples(triples), format="nt")
