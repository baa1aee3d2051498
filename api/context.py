"""The one JSON-LD context every JSON-LD response of the service uses (served at
/context.jsonld by api.routes_context).

Hand-written and stable: a key per property of docs/rdf-model.md, named after the
property's local name. Object properties are `"@type": "@id"`; typed literals carry their
XSD datatype; instance text (titles, labels, subjects) is Chinese, so those keys carry
`"@language": "zh"`; the multilingual SKOS/RDFS annotations of the vocabularies
(prefLabel, altLabel, definition, comment, …) are language maps (`{"zh": …, "en": …}`).
A value that does not fit its key (say an English `dcterms:title` of a concept scheme)
compacts to the prefixed name instead (`"dcterms:title"`), so compaction stays lossless.
"""

from __future__ import annotations

from typing import Any

PK = "https://w3id.org/plankg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri, "@type": "@id"}


def _typed(iri: str, datatype: str) -> dict[str, str]:
    return {"@id": iri, "@type": datatype}


def _zh(iri: str) -> dict[str, str]:
    return {"@id": iri, "@language": "zh"}


def _langmap(iri: str) -> dict[str, str]:
    return {"@id": iri, "@container": "@language"}


CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    # prefixes
    "pk": PK,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "qudt": "http://qudt.org/schema/qudt/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    # plans
    "title": _zh("dcterms:title"),
    "issued": _typed("dcterms:issued", "xsd:date"),
    "jurisdiction": _ref("pk:jurisdiction"),
    "status": _ref("pk:status"),
    "issuer": "pk:issuer",
    "documentNumber": "pk:documentNumber",
    "citesDocumentNumber": "pk:citesDocumentNumber",
    "sourceFile": "pk:sourceFile",
    "sha256": "pk:sha256",
    "encoding": "pk:encoding",
    "originalScript": "pk:originalScript",
    "leadRule": _ref("pk:leadRule"),
    "hasSection": _ref("pk:hasSection"),
    "hasMeasure": _ref("pk:hasMeasure"),
    "hasTarget": _ref("pk:hasTarget"),
    # sections, measures, sub-items
    "number": _typed("pk:number", "xsd:integer"),
    "measureKind": _ref("pk:measureKind"),
    "inPlan": _ref("pk:inPlan"),
    "inSection": _ref("pk:inSection"),
    "primaryTopic": _ref("pk:primaryTopic"),
    "mentionsTopic": _ref("pk:mentionsTopic"),
    "hasItem": _ref("pk:hasItem"),
    "partOf": _ref("pk:partOf"),
    "hasResponsibility": _ref("pk:hasResponsibility"),
    "wasDerivedFrom": _ref("prov:wasDerivedFrom"),
    # responsibilities and agencies
    "agency": _ref("pk:agency"),
    "role": _ref("pk:role"),
    "leadBasis": _ref("pk:leadBasis"),
    "position": _typed("pk:position", "xsd:integer"),
    "forMeasure": _ref("pk:forMeasure"),
    "forItem": _ref("pk:forItem"),
    "nameAsWritten": "pk:nameAsWritten",
    "carriedForward": _typed("pk:carriedForward", "xsd:boolean"),
    "agencyType": _ref("pk:agencyType"),
    "label": _zh("rdfs:label"),
    # targets
    "indicator": _ref("pk:indicator"),
    "pollutant": _ref("pk:pollutant"),
    "value": _typed("pk:value", "xsd:decimal"),
    "unit": _ref("pk:unit"),
    "baseYear": _typed("pk:baseYear", "xsd:gYear"),
    "targetYear": _typed("pk:targetYear", "xsd:gYear"),
    "qualifier": _ref("pk:qualifier"),
    "scope": _ref("pk:scope"),
    "subject": _zh("pk:subject"),
    "subjectDivision": _ref("pk:subjectDivision"),
    "indicatorLabel": "pk:indicatorLabel",
    "baselineValue": _typed("pk:baselineValue", "xsd:decimal"),
    # source spans
    "inDocument": _ref("pk:inDocument"),
    "startOffset": _typed("pk:startOffset", "xsd:integer"),
    "endOffset": _typed("pk:endOffset", "xsd:integer"),
    "quote": "pk:quote",
    # divisions
    "divisionCode": "pk:divisionCode",
    "level": "pk:level",
    "province": _ref("pk:province"),
    # concepts
    "notation": "skos:notation",
    "prefLabel": _langmap("skos:prefLabel"),
    "altLabel": _langmap("skos:altLabel"),
    "hiddenLabel": _langmap("skos:hiddenLabel"),
    "definition": _langmap("skos:definition"),
    "inScheme": _ref("skos:inScheme"),
    "topConceptOf": _ref("skos:topConceptOf"),
    "hasTopConcept": _ref("skos:hasTopConcept"),
    "exactMatch": _ref("skos:exactMatch"),
    "defaultUnit": _ref("pk:defaultUnit"),
    "comment": _langmap("rdfs:comment"),
    "description": _langmap("dcterms:description"),
    "seeAlso": _ref("rdfs:seeAlso"),
}

DOCUMENT: dict[str, Any] = {"@context": CONTEXT}
MEDIA_TYPE = "application/ld+json"
PATH = "/context.jsonld"
