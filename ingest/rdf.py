"""`Plan` model -> RDF graph (rdflib), as described in docs/rdf-model.md."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from ingest.gazetteer import gazetteer
from ingest.model import AgencyMention, Division, Plan, Span, Target

PK = Namespace("https://w3id.org/plankg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT_UNIT = "http://qudt.org/vocab/unit/"
# Units that QUDT has: their concept IRI is the QUDT IRI itself.
_QUDT_UNITS = {"t": QUDT_UNIT + "TONNE", "percent": QUDT_UNIT + "PERCENT"}
# Agency types that name one body per jurisdiction; others are told apart by name.
_SHARED_TYPES = {"local-government", "other"}


class Iris:
    """Deterministic instance and concept IRIs under one base."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def division(self, code: str) -> URIRef:
        return URIRef(f"{self.base}id/division/{code}")

    def plan(self, plan: Plan) -> URIRef:
        suffix = "-draft" if plan.status == "draft" else ""
        return URIRef(f"{self.base}id/plan/{plan.jurisdiction.code}{suffix}")

    def concept(self, scheme: str, notation: str) -> URIRef:
        if scheme == "unit":
            if notation in _QUDT_UNITS:
                return URIRef(_QUDT_UNITS[notation])
            notation = notation.replace("/", "-per-")
        return URIRef(f"{self.base}id/{scheme}/{notation}")

    def agency(self, jurisdiction: str, mention: AgencyMention) -> URIRef:
        if mention.agency_type in _SHARED_TYPES:
            digest = hashlib.sha1(mention.full_name.encode("utf-8")).hexdigest()[:12]
            return URIRef(f"{self.base}id/agency/{jurisdiction}/x-{digest}")
        return URIRef(f"{self.base}id/agency/{jurisdiction}/{mention.agency_type}")


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _decimal(value: Decimal) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def plan_graph(plan: Plan, base: str = "https://w3id.org/plankg/") -> tuple[URIRef, Graph]:
    """The plan's named-graph IRI and its triples."""
    iris = Iris(base)
    g = Graph()
    g.bind("pk", PK)
    g.bind("dcterms", DCTERMS)
    g.bind("prov", PROV)
    p = iris.plan(plan)
    add = g.add

    def span(subject: URIRef, s: Span) -> None:
        node = URIRef(f"{subject}/span")
        add((subject, PROV.wasDerivedFrom, node))
        add((node, RDF.type, PK.SourceSpan))
        add((node, PK.inDocument, p))
        add((node, PK.startOffset, _int(s.start)))
        add((node, PK.endOffset, _int(s.end)))
        add((node, PK.quote, Literal(s.text)))

    _division(g, iris, plan.jurisdiction)
    add((p, RDF.type, PK.Plan))
    add((p, DCTERMS.title, _zh(plan.title)))
    add((p, PK.jurisdiction, iris.division(plan.jurisdiction.code)))
    add((p, PK.status, PK.Draft if plan.status == "draft" else PK.Issued))
    if plan.issued:
        add((p, DCTERMS.issued, Literal(plan.issued, datatype=XSD.date)))
    if plan.issuer:
        add((p, PK.issuer, Literal(plan.issuer)))
    if plan.document_number:
        add((p, PK.documentNumber, Literal(plan.document_number)))
    for number in plan.cited_documents:
        add((p, PK.citesDocumentNumber, Literal(number)))
    add((p, PK.sourceFile, Literal(plan.source_name)))
    add((p, PK.sha256, Literal(plan.sha256)))
    add((p, PK.encoding, Literal(plan.encoding)))
    add((p, PK.originalScript, Literal("traditional" if plan.traditional else "simplified")))
    if plan.lead_rule:
        rule = URIRef(f"{p}/lead-rule")
        add((p, PK.leadRule, rule))
        add((rule, RDF.type, PK.SourceSpan))
        add((rule, PK.inDocument, p))
        add((rule, PK.startOffset, _int(plan.lead_rule.start)))
        add((rule, PK.endOffset, _int(plan.lead_rule.end)))
        add((rule, PK.quote, Literal(plan.lead_rule.text)))

    sections: dict[int, URIRef] = {}
    for section in plan.sections:
        s = URIRef(f"{p}/section/{section.number}")
        sections[section.number] = s
        add((p, PK.hasSection, s))
        add((s, RDF.type, PK.Section))
        add((s, PK.inPlan, p))
        add((s, PK.number, _int(section.number)))
        add((s, DCTERMS.title, _zh(section.title)))
        add((s, PK.measureKind, iris.concept("measure-kind", section.kind)))

    agencies: set[URIRef] = set()
    measures: dict[tuple[int, int], URIRef] = {}
    code = plan.jurisdiction.code
    for measure in plan.measures:
        m = URIRef(f"{p}/measure/{measure.section_number}-{measure.number}")
        measures[(measure.section_number, measure.number)] = m
        add((p, PK.hasMeasure, m))
        add((m, RDF.type, PK.Measure))
        add((m, PK.inPlan, p))
        add((m, PK.inSection, sections[measure.section_number]))
        add((m, PK.number, _int(measure.number)))
        add((m, DCTERMS.title, _zh(measure.title)))
        add((m, PK.measureKind, iris.concept("measure-kind", measure.kind)))
        if measure.primary_topic:
            add((m, PK.primaryTopic, iris.concept("topic", measure.primary_topic)))
        for topic in measure.mentioned_topics:
            add((m, PK.mentionsTopic, iris.concept("topic", topic)))
        span(m, measure.span)
        holders: list[tuple[URIRef, URIRef | None, list[AgencyMention]]] = [
            (m, None, measure.responsibilities)
        ]
        for item in measure.items:
            i = URIRef(f"{m}/item/{item.number}")
            add((m, PK.hasItem, i))
            add((i, RDF.type, PK.SubItem))
            add((i, PK.partOf, m))
            add((i, PK.number, _int(item.number)))
            add((i, DCTERMS.title, _zh(item.title)))
            span(i, item.span)
            holders.append((i, i, item.responsibilities))
        for holder, item_iri, mentions in holders:
            for mention in mentions:
                r = URIRef(f"{holder}/resp/{mention.position}")
                add((holder, PK.hasResponsibility, r))
                add((r, RDF.type, PK.Responsibility))
                add((r, PK.forMeasure, m))
                if item_iri is not None:
                    add((r, PK.forItem, item_iri))
                agency = iris.agency(code, mention)
                add((r, PK.agency, agency))
                add((r, PK.role, iris.concept("role", mention.role)))
                if mention.basis:
                    add((r, PK.leadBasis, iris.concept("lead-basis", mention.basis)))
                add((r, PK.position, _int(mention.position)))
                add((r, PK.nameAsWritten, Literal(mention.name_as_written)))
                add((r, PK.carriedForward, Literal(mention.carried_forward)))
                span(r, mention.span)
                add((agency, PK.nameAsWritten, Literal(mention.name_as_written)))
                if agency not in agencies:
                    agencies.add(agency)
                    add((agency, RDF.type, PK.Agency))
                    add((agency, RDF.type, ORG.Organization))
                    add((agency, RDFS.label, _zh(mention.full_name)))
                    add((agency, PK.agencyType, iris.concept("agency-type", mention.agency_type)))
                    add((agency, PK.jurisdiction, iris.division(code)))

    for k, target in enumerate(plan.targets, start=1):
        t = URIRef(f"{p}/target/{k}")
        add((p, PK.hasTarget, t))
        _target(g, iris, p, t, target, measures)
        span(t, target.span)
    return p, g


def _target(
    g: Graph,
    iris: Iris,
    plan: URIRef,
    t: URIRef,
    target: Target,
    measures: dict[tuple[int, int], URIRef],
) -> None:
    add = g.add
    add((t, RDF.type, PK.Target))
    add((t, PK.inPlan, plan))
    add((t, PK.indicator, iris.concept("indicator", target.indicator)))
    if target.pollutant:
        add((t, PK.pollutant, iris.concept("topic", target.pollutant)))
    add((t, PK.value, _decimal(target.value)))
    add((t, PK.unit, iris.concept("unit", target.unit)))
    if target.base_year:
        add((t, PK.baseYear, _year(target.base_year)))
    if target.target_year:
        add((t, PK.targetYear, _year(target.target_year)))
    if target.qualifier:
        add((t, PK.qualifier, iris.concept("qualifier", target.qualifier)))
    add((t, PK.scope, iris.concept("scope", target.scope)))
    if target.subject:
        add((t, PK.subject, _zh(target.subject)))
    if target.subject_code:
        add((t, PK.subjectDivision, iris.division(target.subject_code)))
        _division(g, iris, gazetteer().division(target.subject_code))
    if target.indicator_label:
        add((t, PK.indicatorLabel, Literal(target.indicator_label)))
    if target.baseline_value is not None:
        add((t, PK.baselineValue, _decimal(target.baseline_value)))
    if target.measure and target.measure in measures:
        add((t, PK.forMeasure, measures[target.measure]))


def _division(g: Graph, iris: Iris, division: Division) -> None:
    d = iris.division(division.code)
    g.add((d, RDF.type, PK.Division))
    g.add((d, PK.divisionCode, Literal(division.code)))
    g.add((d, RDFS.label, _zh(division.name)))
    g.add((d, PK.level, Literal(division.level)))
    if division.level != "province":
        prov = iris.division(division.province_code)
        g.add((d, PK.province, prov))
        g.add((prov, RDF.type, PK.Division))
        g.add((prov, PK.divisionCode, Literal(division.province_code)))
        g.add((prov, RDFS.label, _zh(division.province_name)))
        g.add((prov, PK.level, Literal("province")))
