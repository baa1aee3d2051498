"""The ontology, the SKOS vocabularies and the SHACL shapes (docs/rdf-model.md).

(a) the ontology parses and labels every pk: term in zh and en with an English comment;
(b) HermiT (through owlready2) finds it consistent, with no unsatisfiable class;
(c) every vocabulary file parses against a base IRI and its concepts are complete, with
    the parser's matching hints giving the expected answers on the bundled plans;
(d) the shapes accept a hand-made plan graph and reject broken variants for the right reason.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "plankg.ttl"
VOCAB = ROOT / "ontology" / "vocab"
SHAPES = ROOT / "shapes" / "plankg.ttl"
GOLD = ROOT / "tests" / "gold"

BASE = "https://w3id.org/plankg/"
ONTOLOGY_IRI = URIRef("https://w3id.org/plankg/ontology")
PK = Namespace("https://w3id.org/plankg/ontology#")
PKS = Namespace("https://w3id.org/plankg/shapes#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
# rdflib's XSD namespace warns when pytest probes module attributes, so no module-level XSD.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
ID = Namespace(BASE + "id/")

# --------------------------------------------------------------------------- spec tables

CLASSES = {
    "Plan",
    "Section",
    "Measure",
    "SubItem",
    "Responsibility",
    "Agency",
    "Target",
    "SourceSpan",
    "Division",
    "DocumentStatus",
    "Topic",
    "Pollutant",
    "Sector",
    "Indicator",
    "AgencyType",
    "Role",
    "LeadBasis",
    "Qualifier",
    "Scope",
    "MeasureKind",
    "Unit",
    "Document",
    "JurisdictionEvidence",
    "Gap",
    "GapKind",
}
OBJECT_PROPERTIES = {
    "jurisdiction",
    "status",
    "leadRule",
    "hasSection",
    "hasMeasure",
    "hasTarget",
    "inPlan",
    "inSection",
    "measureKind",
    "primaryTopic",
    "mentionsTopic",
    "hasItem",
    "partOf",
    "hasResponsibility",
    "agency",
    "role",
    "leadBasis",
    "forMeasure",
    "forItem",
    "agencyType",
    "indicator",
    "pollutant",
    "unit",
    "qualifier",
    "scope",
    "subjectDivision",
    "inDocument",
    "province",
    "parent",
    "defaultUnit",
    "citesDocument",
    "issuedAs",
    "jurisdictionEvidence",
    "evidenceDivision",
    "gapKind",
}
DATATYPE_PROPERTIES = {
    "issuer",
    "documentNumber",
    "citesDocumentNumber",
    "sourceFile",
    "sha256",
    "encoding",
    "originalScript",
    "number",
    "position",
    "nameAsWritten",
    "carriedForward",
    "value",
    "baseYear",
    "targetYear",
    "subject",
    "indicatorLabel",
    "baselineValue",
    "startOffset",
    "endOffset",
    "quote",
    "divisionCode",
    "wikidataDivisionCode",
    "iso3166Code",
    "level",
    "evidenceKind",
    "evidenceText",
    "agrees",
    "gapDetail",
    "workKeyword",  # on topics: a word for work on the topic (vocab)
    "measureCount",
    "responsibilityCount",
    "targetCount",
    "gapCount",
    "responsibilityCoverage",
    # where a fact is in the original document, and what that document was (issue 10)
    "mediaType",
    "retrieved",
    "readByOcr",
    "page",
    "lastPage",
    "paragraph",
    "lastParagraph",
    "tableNumber",
    "tableRow",
    "tableCell",
}
# Cardinality 1 or ? wherever the property is used.
FUNCTIONAL = {
    "jurisdiction",
    "status",
    "leadRule",
    "inPlan",
    "inSection",
    "measureKind",
    "primaryTopic",
    "partOf",
    "agency",
    "role",
    "leadBasis",
    "forMeasure",
    "forItem",
    "agencyType",
    "indicator",
    "pollutant",
    "unit",
    "qualifier",
    "scope",
    "subjectDivision",
    "inDocument",
    "province",
    "parent",
    "defaultUnit",
    "issuer",
    "documentNumber",
    "sourceFile",
    "sha256",
    "encoding",
    "originalScript",
    "number",
    "position",
    "carriedForward",
    "value",
    "baseYear",
    "targetYear",
    "subject",
    "indicatorLabel",
    "baselineValue",
    "startOffset",
    "endOffset",
    "quote",
    "divisionCode",
    "wikidataDivisionCode",
    "iso3166Code",
    "level",
    "issuedAs",
    "evidenceKind",
    "evidenceText",
    "agrees",
    "gapKind",
    "gapDetail",
    "measureCount",
    "responsibilityCount",
    "targetCount",
    "gapCount",
    "responsibilityCoverage",
    # issue 10
    "mediaType",
    "retrieved",
    "readByOcr",
    "page",
    "lastPage",
    "paragraph",
    "lastParagraph",
    "tableNumber",
    "tableRow",
    "tableCell",
}
INDIVIDUALS = {"Draft", "Issued"}
ANNOTATION_PROPERTIES = {"leadVerb", "noteLabel"}  # the parser's lexicon, on vocabulary concepts

SCHEMES: dict[str, tuple[str, list[str]]] = {
    "gap-kind": (
        "GapKind",
        [
            "target-without-value",
            "note-without-agency",
            "agency-type-other",
            "measure-without-responsibility",
            "qualitative-target",
        ],
    ),
    "role": ("Role", ["lead", "responsible", "supporting", "implementing"]),
    "lead-basis": ("LeadBasis", ["explicit", "document-convention", "listing-order"]),
    "qualifier": ("Qualifier", ["at-least", "at-most", "about", "aspirational"]),
    "scope": ("Scope", ["headline", "measure", "annex"]),
    "measure-kind": (
        "MeasureKind",
        ["general", "key-project", "policy-mechanism", "safeguard", "other"],
    ),
    "unit": (
        "Unit",
        [
            "t",
            "tce",
            "percent",
            "percentage-point",
            "kgce/t",
            "gce/kWh",
            "kgce/m2",
            "kgce/person",
            "kWh/100km",
            "ratio",
            "km",
            "m3/d",
            "t/d",
            "MW",
            "count",
            "km2",
        ],
    ),
    "topic": (
        "Topic",
        [
            "COD",
            "NH3-N",
            "NOx",
            "VOCs",
            "SO2",
            "PM",
            "CO2",
            "industry",
            "parks",
            "buildings-urban",
            "transport",
            "agriculture",
            "public-institutions",
            "coal",
            "environmental-infrastructure",
            "renewable-energy",
            "key-regions",
            "energy-dual-control",
            "total-emission-control",
            "high-energy-projects",
            "regulation-standards",
            "economic-policy",
            "market-mechanisms",
            "statistics-monitoring",
            "capacity-building",
            "organisation",
            "supervision",
            "public-action",
            "technology",
        ],
    ),
    "agency-type": (
        "AgencyType",
        [
            # the `type` column of ../shared/GLOSSARY.md
            "development-reform",
            "ecology-environment",
            "industry-it",
            "housing",
            "transport",
            "market-regulation",
            "agriculture",
            "rural-revitalization",
            "commerce",
            "statistics",
            "finance",
            "taxation",
            "government-offices",
            "natural-resources",
            "water",
            "science-technology",
            "public-security",
            "education",
            "human-resources",
            "energy",
            "urban-management",
            "administrative-approval",
            "sasac",
            "party-publicity",
            "party-organization",
            "womens-federation",
            "central-bank",
            "banking-insurance-regulation",
            "utility",
            "local-government",
            # added by docs/rdf-model.md
            "health",
            "justice",
            "emergency-management",
            "postal",
            "civil-affairs",
            "financial-affairs",
            "supply-marketing",
            "other",
        ],
    ),
    "indicator": (
        "Indicator",
        [
            "energy-intensity-reduction",
            "energy-intensity-annual-reduction",
            "energy-consumption-increment",
            "energy-consumption-total",
            "coal-consumption-total",
            "key-project-emission-reduction",
            "total-emission-reduction",
            "industrial-energy-intensity-reduction",
            "industrial-water-intensity-reduction",
            "non-fossil-energy-share",
            "coal-consumption-per-kwh-supplied",
            "coal-consumption-per-kwh-generated",
            "cement-clinker-energy",
            "pta-energy",
            "data-centre-pue",
            "green-building-share",
            "building-renewable-substitution",
            "railway-energy-intensity-reduction",
            "vehicle-energy-intensity-reduction",
            "ev-power-consumption",
            "public-institution-energy-per-area",
            "public-institution-energy-per-capita",
            "public-institution-energy-per-area-reduction",
            "public-institution-energy-per-capita-reduction",
            "new-energy-bus-share",
            "other",
        ],
    ),
}
POLLUTANTS = {"COD", "NH3-N", "NOx", "VOCs", "SO2", "PM", "CO2"}
DEFAULT_UNITS = {
    "energy-intensity-reduction": "percent",
    "energy-intensity-annual-reduction": "percent",
    "energy-consumption-increment": "tce",
    "energy-consumption-total": "tce",
    "coal-consumption-total": "t",
    "key-project-emission-reduction": "t",
    "total-emission-reduction": "percent",
    "industrial-energy-intensity-reduction": "percent",
    "industrial-water-intensity-reduction": "percent",
    "non-fossil-energy-share": "percent",
    "coal-consumption-per-kwh-supplied": "gce/kWh",
    "coal-consumption-per-kwh-generated": "gce/kWh",
    "cement-clinker-energy": "kgce/t",
    "pta-energy": "kgce/t",
    "data-centre-pue": "ratio",
    "green-building-share": "percent",
    "building-renewable-substitution": "percent",
    "railway-energy-intensity-reduction": "percent",
    "vehicle-energy-intensity-reduction": "percent",
    "ev-power-consumption": "kWh/100km",
    "public-institution-energy-per-area": "kgce/m2",
    "public-institution-energy-per-capita": "kgce/person",
    "public-institution-energy-per-area-reduction": "percent",
    "public-institution-energy-per-capita-reduction": "percent",
    "new-energy-bus-share": "percent",
}

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def vocab_files() -> dict[str, Graph]:
    return {
        p.stem: Graph().parse(p, format="turtle", publicID=BASE)
        for p in sorted(VOCAB.glob("*.ttl"))
    }


@pytest.fixture(scope="module")
def vocab(vocab_files: dict[str, Graph]) -> Graph:
    g = Graph()
    for part in vocab_files.values():
        g += part
    return g


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle", publicID=BASE)


def concept(vocab: Graph, scheme: str, notation: str) -> URIRef:
    found = [
        c
        for c in vocab.subjects(SKOS.notation, Literal(notation))
        if (c, SKOS.inScheme, ID[f"scheme/{scheme}"]) in vocab
    ]
    assert len(found) == 1, (scheme, notation, found)
    assert isinstance(found[0], URIRef)
    return found[0]


def labels(g: Graph, s: URIRef, p: URIRef, lang: str) -> list[str]:
    return [str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]


# =========================================================================== (a) ontology


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    for p in (DCTERMS.title, DCTERMS.description):
        assert labels(ontology, ONTOLOGY_IRI, p, "en"), p
        assert labels(ontology, ONTOLOGY_IRI, p, "zh"), p
    assert not list(ontology.objects(ONTOLOGY_IRI, OWL.imports)), "must stay self-contained"


def test_spec_terms_declared(ontology: Graph) -> None:
    for name in CLASSES:
        assert (PK[name], RDF.type, OWL.Class) in ontology, name
    for name in OBJECT_PROPERTIES:
        assert (PK[name], RDF.type, OWL.ObjectProperty) in ontology, name
    for name in DATATYPE_PROPERTIES:
        assert (PK[name], RDF.type, OWL.DatatypeProperty) in ontology, name
    for name in FUNCTIONAL:
        assert (PK[name], RDF.type, OWL.FunctionalProperty) in ontology, name
    for name in INDIVIDUALS:
        assert (PK[name], RDF.type, PK.DocumentStatus) in ontology, name
    declared = {
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(str(PK))
    }
    for name in ANNOTATION_PROPERTIES:
        assert (PK[name], RDF.type, OWL.AnnotationProperty) in ontology, name
    expected = CLASSES | OBJECT_PROPERTIES | DATATYPE_PROPERTIES | INDIVIDUALS
    expected |= ANNOTATION_PROPERTIES
    assert {str(s)[len(str(PK)) :] for s in declared} == expected


def test_every_pk_term_has_zh_en_label_and_comment(ontology: Graph) -> None:
    terms = {
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(str(PK))
    }
    assert len(terms) > 70
    for t in sorted(terms):
        assert len(labels(ontology, t, RDFS.label, "zh")) == 1, t
        assert len(labels(ontology, t, RDFS.label, "en")) == 1, t
        assert labels(ontology, t, RDFS.comment, "en"), t


def test_reused_vocabularies(ontology: Graph) -> None:
    assert (PK.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in ontology
    assert (PK.Plan, RDFS.subClassOf, PROV.Entity) in ontology
    assert (PK.SourceSpan, RDFS.subClassOf, PROV.Entity) in ontology
    assert (PK.Pollutant, RDFS.subClassOf, PK.Topic) in ontology
    assert (PK.Sector, RDFS.subClassOf, PK.Topic) in ontology
    for name in (
        "Topic",
        "Indicator",
        "AgencyType",
        "Role",
        "LeadBasis",
        "Qualifier",
        "Scope",
        "MeasureKind",
        "Unit",
    ):
        assert (PK[name], RDFS.subClassOf, SKOS.Concept) in ontology, name
    # external terms used on instances are declared, so a reasoner needs no imports
    assert (PROV.wasDerivedFrom, RDF.type, OWL.ObjectProperty) in ontology
    assert (DCTERMS.title, RDF.type, OWL.AnnotationProperty) in ontology


def test_pk_terms_used_elsewhere_are_declared(ontology: Graph, vocab: Graph, shapes: Graph) -> None:
    declared = set(ontology.subjects(RDF.type, None))
    for g in (vocab, shapes):
        used = {
            t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(str(PK))
        }
        assert used - declared == set()


# =========================================================================== (b) reasoner


def _load_owlready(
    ontology: Graph, tmp_path: Path, extra: Graph | None = None
) -> tuple[Any, Any, Any]:
    owlready2 = pytest.importorskip("owlready2")
    g = Graph()
    g += ontology
    if extra is not None:
        g += extra
    path = tmp_path / "plankg.owl"
    g.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    return owlready2, world, onto


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_consistent(ontology: Graph, tmp_path: Path) -> None:
    owlready2, world, onto = _load_owlready(ontology, tmp_path)
    assert onto.Plan is not None and onto.Responsibility is not None
    # xsd:gYear (pk:baseYear, pk:targetYear) is not in the OWL 2 datatype map, so HermiT
    # is told to ignore it; everything else is checked.
    try:
        owlready2.sync_reasoner(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError as exc:  # pragma: no cover
        pytest.fail(f"ontology is inconsistent: {exc}")
    assert list(world.inconsistent_classes()) == []


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_consistent_with_vocabularies_and_a_plan(
    ontology: Graph, vocab: Graph, tmp_path: Path
) -> None:
    """The vocabularies and a plan graph the shapes accept do not contradict the ontology."""
    data = Graph()
    data += vocab
    data += plan_graph(measures=2, responsibilities=3, items=1, targets=2)
    owlready2, world, _ = _load_owlready(ontology, tmp_path, data)
    try:
        owlready2.sync_reasoner(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError as exc:  # pragma: no cover
        pytest.fail(f"plan data contradicts the ontology: {exc}")
    assert list(world.inconsistent_classes()) == []


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_catches_a_contradiction(ontology: Graph, tmp_path: Path) -> None:
    """The reasoner really runs on our axioms: a resource both a Plan and a Measure clashes."""
    bad = Graph()
    x = URIRef(BASE + "id/plan/000000")
    bad.add((x, RDF.type, OWL.NamedIndividual))
    bad.add((x, RDF.type, PK.Plan))
    bad.add((x, RDF.type, PK.Measure))
    owlready2, world, _ = _load_owlready(ontology, tmp_path, bad)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner(
            world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
        )


# =========================================================================== (c) vocabularies


def test_vocab_files_are_the_schemes(vocab_files: dict[str, Graph]) -> None:
    assert set(vocab_files) == set(SCHEMES)


@pytest.mark.parametrize("path", sorted(VOCAB.glob("*.ttl")), ids=lambda p: p.stem)
def test_vocab_file_has_no_base(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(@base|BASE)\b", text, re.M | re.I)


def test_vocab_follows_another_base() -> None:
    """Relative IRIs: a deployment with another base IRI gets its own concept IRIs."""
    other = "http://localhost:8000/"
    g = Graph().parse(VOCAB / "role.ttl", format="turtle", publicID=other)
    lead = URIRef(other + "id/role/lead")
    assert (lead, SKOS.inScheme, URIRef(other + "id/scheme/role")) in g
    assert not any(str(t).startswith(BASE + "id/") for triple in g for t in triple)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_vocab_scheme_complete(scheme: str, vocab_files: dict[str, Graph]) -> None:
    g = vocab_files[scheme]
    cls, notations = SCHEMES[scheme]
    iri = ID[f"scheme/{scheme}"]
    assert (iri, RDF.type, SKOS.ConceptScheme) in g
    assert labels(g, iri, SKOS.prefLabel, "zh") and labels(g, iri, SKOS.prefLabel, "en")

    concepts = set(g.subjects(SKOS.inScheme, iri))
    assert set(g.objects(iri, SKOS.hasTopConcept)) == concepts
    found = []
    for c in concepts:
        assert (c, RDF.type, SKOS.Concept) in g, c
        assert (c, RDF.type, PK[cls]) in g, c
        nots = list(g.objects(c, SKOS.notation))
        assert len(nots) == 1, c
        n = nots[0]
        assert isinstance(n, Literal) and n.datatype is None and n.language is None, c
        found.append(str(n))
        assert len(labels(g, c, SKOS.prefLabel, "zh")) == 1, c
        assert len(labels(g, c, SKOS.prefLabel, "en")) == 1, c
        assert labels(g, c, SKOS.definition, "en"), c
        # SKOS S13: pref/alt/hidden labels are pairwise disjoint
        pref = set(g.objects(c, SKOS.prefLabel))
        alt = set(g.objects(c, SKOS.altLabel))
        hidden = set(g.objects(c, SKOS.hiddenLabel))
        assert not (pref & alt or pref & hidden or alt & hidden), c
        for lab in alt | hidden:
            assert isinstance(lab, Literal) and lab.language == "zh", (c, lab)
    assert len(found) == len(set(found)), "notations unique per scheme"
    assert sorted(found) == sorted(notations)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_vocab_concept_iris(scheme: str, vocab_files: dict[str, Graph]) -> None:
    g = vocab_files[scheme]
    for c in g.subjects(SKOS.inScheme, ID[f"scheme/{scheme}"]):
        notation = str(g.value(c, SKOS.notation))
        assert str(c).isascii(), c
        if c.startswith(str(QUDT_UNIT)):
            assert scheme == "unit" and notation in {"t", "percent"}
            continue
        prefix = f"{ID}{scheme}/"
        assert c.startswith(prefix), c
        assert "/" not in c[len(prefix) :], c
        if "/" not in notation:
            assert str(c) == prefix + notation


def test_units(vocab: Graph) -> None:
    assert concept(vocab, "unit", "t") == QUDT_UNIT.TONNE
    assert concept(vocab, "unit", "percent") == QUDT_UNIT.PERCENT
    assert concept(vocab, "unit", "kgce/t") == ID["unit/kgce-per-t"]
    assert concept(vocab, "unit", "gce/kWh") == ID["unit/gce-per-kWh"]
    for o in vocab.objects(None, SKOS.exactMatch):
        assert o.startswith(str(QUDT_UNIT)), o
    assert vocab.value(concept(vocab, "unit", "MW"), SKOS.exactMatch) == QUDT_UNIT.MegaW
    assert vocab.value(concept(vocab, "unit", "tce"), SKOS.exactMatch) is None


def test_indicator_default_units(vocab: Graph) -> None:
    for notation, unit in DEFAULT_UNITS.items():
        c = concept(vocab, "indicator", notation)
        assert vocab.value(c, PK.defaultUnit) == concept(vocab, "unit", unit), notation


def test_pollutants_and_sectors(vocab: Graph) -> None:
    for notation in SCHEMES["topic"][1]:
        c = concept(vocab, "topic", notation)
        cls = PK.Pollutant if notation in POLLUTANTS else PK.Sector
        assert (c, RDF.type, cls) in vocab, notation
        assert (c, RDF.type, PK.Topic) in vocab, notation


def test_gold_codes_exist(vocab: Graph) -> None:
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for t in gold.get("headlineTargets", []) + gold.get("annexTargets", []):
            concept(vocab, "indicator", t["indicator"])
            concept(vocab, "unit", t["unit"])
            if t.get("pollutant"):
                assert (concept(vocab, "topic", t["pollutant"]), RDF.type, PK.Pollutant) in vocab
            if t["qualifier"]:
                concept(vocab, "qualifier", t["qualifier"])
        for m in gold["measures"]:
            for a in m["agencies"]:
                concept(vocab, "role", a["role"])
                if a["basis"]:
                    concept(vocab, "lead-basis", a["basis"])


# ---- matching hints: the parser takes the longest label found in the text


def longest_match(vocab: Graph, scheme: str, prop: URIRef) -> Callable[[str], str | None]:
    """Like ingest/vocab.py: the hint labels plus the zh prefLabel; the longest found wins."""
    table: dict[str, str] = {}
    for c in vocab.subjects(SKOS.inScheme, ID[f"scheme/{scheme}"]):
        hints = [*vocab.objects(c, prop), *labels(vocab, c, SKOS.prefLabel, "zh")]
        for lab in hints:
            assert str(lab) not in table, f"{lab} is a hint for two {scheme} concepts"
            table[str(lab)] = str(vocab.value(c, SKOS.notation))

    def match(text: str) -> str | None:
        hits = sorted((k for k in table if k in text), key=len, reverse=True)
        if not hits:
            return None
        ties = {table[k] for k in hits if len(k) == len(hits[0])}
        assert len(ties) == 1, f"{text}: tie between {ties}"
        return table[hits[0]]

    return match


AGENCY_TYPES = {
    "市发展和改革委员会": "development-reform",
    "市发展改革委": "development-reform",
    "市发改局": "development-reform",
    "市生态环境局": "ecology-environment",
    "市生态环境分局": "ecology-environment",
    "市工业和信息化局": "industry-it",
    "市工信局": "industry-it",
    "市经信局": "industry-it",
    "市住房和城乡建设局": "housing",
    "市住房城乡建设局": "housing",
    "市住建局": "housing",
    "市交通运输局": "transport",
    "市市场监督管理局": "market-regulation",
    "市市场监管局": "market-regulation",
    "市农业农村局": "agriculture",
    "市乡村振兴局": "rural-revitalization",
    "市商务局": "commerce",
    "市统计局": "statistics",
    "市财政局": "finance",
    "市税务局": "taxation",
    "市机关事务服务中心": "government-offices",
    "市机关事务管理中心": "government-offices",
    "市机关事务中心": "government-offices",
    "市自然资源和规划局": "natural-resources",
    "市自然资源规划局": "natural-resources",
    "市自然资源局": "natural-resources",
    "市水利局": "water",
    "市水务局": "water",
    "市科学技术局": "science-technology",
    "市科技局": "science-technology",
    "市公安局": "public-security",
    "市教育局": "education",
    "市人力资源和社会保障局": "human-resources",
    "市人力资源社会保障局": "human-resources",
    "市人社局": "human-resources",
    "市人力社保局": "human-resources",
    "市城市管理综合行政执法局": "urban-management",
    "市城市管理局": "urban-management",
    "市综合执法局": "urban-management",
    "市城管执法局": "urban-management",
    "市行政审批局": "administrative-approval",
    "市国资委": "sasac",
    "市委宣传部": "party-publicity",
    "市委组织部": "party-organization",
    "市妇联": "womens-federation",
    "人行达州市中心支行": "central-bank",
    "人行海宁支行": "central-bank",
    "达州银保监分局": "banking-insurance-regulation",
    "嘉兴银保监分局海宁监管组": "banking-insurance-regulation",
    "市供电公司": "utility",
    "各县区人民政府": "local-government",
    "各县（区）政府": "local-government",
    "各县（市、区）人民政府": "local-government",
    "各镇〔街道〕": "local-government",
    "各镇(街道)": "local-government",
    "经开区管委会": "local-government",
    "达州高新区管委会": "local-government",
    "市经济开发区": "local-government",
    "市城乡一体化示范区管委会": "local-government",
    "各乡镇人民政府": "local-government",
    "市卫生健康委": "health",
    "市卫健委": "health",
    "市卫生健康局": "health",
    "市司法局": "justice",
    "市应急管理局": "emergency-management",
    "市邮政管理局": "postal",
    "市民政局": "civil-affairs",
    "市金融工作局": "financial-affairs",
    "市政府金融办": "financial-affairs",
    "市供销总社": "supply-marketing",
    "市公共资源交易中心": "other",
    "市五水共治办": "other",
    "市水务集团": "other",
    "天水火车站": "other",
    "市委目标绩效办": "other",
    "市口岸物流办": "other",
    "市应对气候变化及节能减排工作领导小组各成员单位": "other",
}


def test_agency_type_hints(vocab: Graph) -> None:
    match = longest_match(vocab, "agency-type", SKOS.altLabel)
    wrong = {
        name: match(name) or "other"
        for name, expected in AGENCY_TYPES.items()
        if (match(name) or "other") != expected
    }
    assert wrong == {}


def test_agency_type_hints_cover_gold(vocab: Graph) -> None:
    """Every agency the gold files name gets a type; only known odd bodies are `other`."""
    match = longest_match(vocab, "agency-type", SKOS.altLabel)
    other = set()
    for path in sorted(GOLD.glob("*.json")):
        for m in json.loads(path.read_text(encoding="utf-8"))["measures"]:
            for a in m["agencies"]:
                name = a["name"]
                if name in AGENCY_TYPES:
                    assert (match(name) or "other") == AGENCY_TYPES[name], name
                if (match(name) or "other") == "other":
                    other.add(name)
    assert other <= {n for n, t in AGENCY_TYPES.items() if t == "other"} | {"市委办公共管理科"}


MEASURE_TOPICS = {
    "重点行业绿色升级工程": "industry",
    "重点行业绿色化改造工程": "industry",
    "产业结构提升工程": "industry",
    "工业节能降碳工程": "industry",
    "园区节能环保提升工程": "parks",
    "产业园区节能环保提升工程": "parks",
    "城镇绿色节能提升工程": "buildings-urban",
    "城镇绿色节能改造工程": "buildings-urban",
    "城镇建筑节能提升工程": "buildings-urban",
    "交通物流节能减排工程": "transport",
    "农业农村节能减排工程": "agriculture",
    "公共机构能效提升工程": "public-institutions",
    "重点区域污染物减排工程": "key-regions",
    "重点区域节能减排工程": "key-regions",
    "煤炭清洁高效利用工程": "coal",
    "挥发性有机物综合整治工程": "VOCs",
    "推动实施挥发性有机物行业企业综合治理": "VOCs",
    "环境基础设施水平提升工程": "environmental-infrastructure",
    "可再生能源替代工程": "renewable-energy",
    "优化完善能耗双控制度": "energy-dual-control",
    "优化能耗双控制度": "energy-dual-control",
    "加强重大项目用能保障": "energy-dual-control",
    "健全污染物排放总量控制制度": "total-emission-control",
    "坚决遏制高耗能高排放低水平项目盲目发展": "high-energy-projects",
    "坚决遏制高耗能高排放项目盲目发展": "high-energy-projects",
    "坚决遏制“两高”项目盲目发展": "high-energy-projects",
    "坚决遏制高耗能、高排放、低水平项目盲目发展": "high-energy-projects",
    "落实法规标准": "regulation-standards",
    "认真落实法规标准": "regulation-standards",
    "健全法规标准": "regulation-standards",
    "完善经济政策": "economic-policy",
    "健全完善经济政策": "economic-policy",
    "健全市场化机制": "market-mechanisms",
    "推行市场化机制": "market-mechanisms",
    "完善市场化机制": "market-mechanisms",
    "加强统计监测能力建设": "statistics-monitoring",
    "强化统计监测能力": "statistics-monitoring",
    "壮大节能减排人才队伍": "capacity-building",
    "培育壮大专业队伍": "capacity-building",
    "加强节能减排能力建设": "capacity-building",
    "强化节能减排能力建设": "capacity-building",
    "加强科技创新": "technology",
    "加强组织领导": "organisation",
    "强化组织领导": "organisation",
    "强化监督考核": "supervision",
    "严格监督考核": "supervision",
    "开展全民行动": "public-action",
    "营造良好氛围": "public-action",
    "实施全面节约": "public-action",
    "指导思想": None,
    "主要目标": None,
}


def test_topic_hints_on_measure_titles(vocab: Graph) -> None:
    match = longest_match(vocab, "topic", SKOS.hiddenLabel)
    wrong = {t: match(t) for t, expected in MEASURE_TOPICS.items() if match(t) != expected}
    assert wrong == {}


def test_topic_hints_cover_gold_titles(vocab: Graph) -> None:
    """Every measure title of the bundled plans is in the table above (so it is checked)."""
    titles = set()
    for path in sorted(GOLD.glob("*.json")):
        titles |= {m["title"] for m in json.loads(path.read_text(encoding="utf-8"))["measures"]}
    assert titles - set(MEASURE_TOPICS) == set()


# =========================================================================== (d) shapes

U = URIRef


def _span(g: Graph, fact: URIRef, plan: URIRef, start: int, end: int) -> URIRef:
    s = U(f"{fact}/span")
    g.add((s, RDF.type, PK.SourceSpan))
    g.add((s, PK.inDocument, plan))
    g.add((s, PK.startOffset, Literal(start)))
    g.add((s, PK.endOffset, Literal(end)))
    g.add((s, PK.quote, Literal("x" * (end - start))))
    return s


AGENCY_ORDER = [
    "development-reform",
    "ecology-environment",
    "industry-it",
    "housing",
    "transport",
    "finance",
]


def plan_graph(
    measures: int = 2, responsibilities: int = 3, items: int = 1, targets: int = 2
) -> Graph:
    """A valid plan graph built by hand, as the mapper would write it."""
    g = Graph()
    prov = ID["division/130000"]
    div = ID["division/130682"]
    for d, code, name, level in (
        (prov, "130000", "河北省", "province"),
        (div, "130682", "定州市", "county"),
    ):
        g.add((d, RDF.type, PK.Division))
        g.add((d, PK.divisionCode, Literal(code)))
        g.add((d, RDFS.label, Literal(name, lang="zh")))
        g.add((d, PK.level, Literal(level)))
    g.add((div, PK.province, prov))

    plan = ID["plan/130682"]
    g.add((plan, RDF.type, PK.Plan))
    g.add((plan, DCTERMS.title, Literal("定州市“十四五”节能减排综合实施方案", lang="zh")))
    g.add((plan, PK.jurisdiction, div))
    g.add((plan, PK.status, PK.Issued))
    g.add((plan, DCTERMS.issued, Literal("2022-04-22", datatype=XSD_DATE)))
    g.add((plan, PK.issuer, Literal("定州市人民政府")))
    g.add((plan, PK.citesDocumentNumber, Literal("冀政字〔2022〕18号")))
    g.add((plan, PK.sourceFile, Literal("dingzhou-130682.txt")))
    g.add((plan, PK.sha256, Literal("0" * 64)))
    g.add((plan, PK.encoding, Literal("utf-8")))
    g.add((plan, PK.originalScript, Literal("simplified")))
    g.add((plan, PK.leadRule, _span(g, U(f"{plan}/lead-rule"), plan, 10, 20)))

    section = U(f"{plan}/section/3")
    g.add((plan, PK.hasSection, section))
    g.add((section, RDF.type, PK.Section))
    g.add((section, PK.number, Literal(3)))
    g.add((section, DCTERMS.title, Literal("重点工程", lang="zh")))
    g.add((section, PK.measureKind, ID["measure-kind/key-project"]))
    g.add((section, PK.inPlan, plan))

    agencies = []
    for t in AGENCY_ORDER[:responsibilities]:
        a = ID[f"agency/130682/{t}"]
        agencies.append(a)
        g.add((a, RDF.type, PK.Agency))
        g.add((a, RDFS.label, Literal(f"定州市{t}", lang="zh")))
        g.add((a, PK.nameAsWritten, Literal(f"市{t}")))
        g.add((a, PK.agencyType, ID[f"agency-type/{t}"]))
        g.add((a, PK.jurisdiction, div))

    offset = 100
    for n in range(1, measures + 1):
        m = U(f"{plan}/measure/3-{n}")
        g.add((plan, PK.hasMeasure, m))
        g.add((m, RDF.type, PK.Measure))
        g.add((m, PK.inPlan, plan))
        g.add((m, PK.inSection, section))
        g.add((m, PK.number, Literal(n)))
        g.add((m, DCTERMS.title, Literal("挥发性有机物综合整治工程", lang="zh")))
        g.add((m, PK.measureKind, ID["measure-kind/key-project"]))
        g.add((m, PK.primaryTopic, ID["topic/VOCs"]))
        g.add((m, PK.mentionsTopic, ID["topic/industry"]))
        g.add((m, PROV.wasDerivedFrom, _span(g, m, plan, offset, offset + 200)))
        holders = [(m, None)]
        for k in range(1, items + 1):
            it = U(f"{m}/item/{k}")
            g.add((m, PK.hasItem, it))
            g.add((it, RDF.type, PK.SubItem))
            g.add((it, PK.partOf, m))
            g.add((it, PK.number, Literal(k)))
            g.add((it, DCTERMS.title, Literal("推进原辅材料源头替代", lang="zh")))
            g.add((it, PROV.wasDerivedFrom, _span(g, it, plan, offset + 10, offset + 50)))
            holders.append((it, it))
        for holder, item in holders:
            for pos, agency in enumerate(agencies, start=1):
                r = U(f"{holder}/resp/{pos}")
                g.add((holder, PK.hasResponsibility, r))
                g.add((r, RDF.type, PK.Responsibility))
                g.add((r, PK.agency, agency))
                g.add((r, PK.position, Literal(pos)))
                g.add((r, PK.forMeasure, m))
                if item is not None:
                    g.add((r, PK.forItem, item))
                g.add((r, PK.nameAsWritten, Literal("市发展和改革委员会")))
                g.add((r, PK.carriedForward, Literal(False)))
                if pos == 1:
                    g.add((r, PK.role, ID["role/lead"]))
                    g.add((r, PK.leadBasis, ID["lead-basis/listing-order"]))
                else:
                    g.add((r, PK.role, ID["role/responsible"]))
                g.add(
                    (
                        r,
                        PROV.wasDerivedFrom,
                        _span(g, r, plan, offset + 150 + pos, offset + 160 + pos),
                    )
                )
        offset += 300

    for k in range(1, targets + 1):
        t = U(f"{plan}/target/{k}")
        g.add((plan, PK.hasTarget, t))
        g.add((t, RDF.type, PK.Target))
        g.add((t, PK.inPlan, plan))
        g.add((t, PK.indicator, ID["indicator/key-project-emission-reduction"]))
        g.add((t, PK.pollutant, ID["topic/VOCs"]))
        g.add((t, PK.value, Literal("700", datatype=XSD_DECIMAL)))
        g.add((t, PK.unit, QUDT_UNIT.TONNE))
        g.add((t, PK.baseYear, Literal("2020", datatype=XSD_GYEAR)))
        g.add((t, PK.targetYear, Literal("2025", datatype=XSD_GYEAR)))
        g.add((t, PK.qualifier, ID["qualifier/at-least"]))
        g.add((t, PK.scope, ID["scope/headline"]))
        g.add((t, PK.subject, Literal("开发区", lang="zh")))
        g.add((t, PK.subjectDivision, div))
        g.add((t, PK.indicatorLabel, Literal("重点工程减排量")))
        g.add((t, PK.baselineValue, Literal("650.5", datatype=XSD_DECIMAL)))
        g.add((t, PK.forMeasure, U(f"{plan}/measure/3-1")))
        g.add((t, PROV.wasDerivedFrom, _span(g, t, plan, 50, 90)))
    return g


def validate(data: Graph, vocab: Graph, shapes: Graph) -> tuple[bool, Graph]:
    merged = Graph()
    merged += data
    merged += vocab
    conforms, report, _ = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    return bool(conforms), report


def results(report: Graph) -> list[dict[str, object]]:
    """sourceShape, resultPath, focusNode and value of every validation result."""
    keys = {
        "shape": SH.sourceShape,
        "path": SH.resultPath,
        "focus": SH.focusNode,
        "value": SH.value,
    }
    return [
        {k: report.value(r, p) for k, p in keys.items()} for r in report.objects(None, SH.result)
    ]


def has_result(found: list[dict[str, object]], **expected: object) -> bool:
    return any(all(r[k] == v for k, v in expected.items()) for r in found)


def test_valid_plan_conforms(vocab: Graph, shapes: Graph) -> None:
    conforms, report = validate(plan_graph(), vocab, shapes)
    assert conforms, report.serialize(format="turtle")


PLAN = ID["plan/130682"]
M1 = U(f"{PLAN}/measure/3-1")
R1 = U(f"{M1}/resp/1")
R2 = U(f"{M1}/resp/2")
DIV = ID["division/130682"]
FINANCE = ID["agency/130682/finance"]


def _replace(g: Graph, s: URIRef, p: URIRef, o: object) -> None:
    g.remove((s, p, None))
    if o is not None:
        g.add((s, p, o))  # type: ignore[arg-type]


BROKEN: dict[str, tuple[Callable[[Graph], None], dict[str, URIRef]]] = {
    "measure without title": (
        lambda g: _replace(g, M1, DCTERMS.title, None),
        dict(shape=PKS["Measure-title"], path=DCTERMS.title, focus=M1),
    ),
    "lead without basis": (
        lambda g: _replace(g, R1, PK.leadBasis, None),
        dict(shape=PKS["LeadNeedsBasis-responsibility"], focus=ID["role/lead"], value=R1),
    ),
    "responsible with basis": (
        lambda g: g.add((R2, PK.leadBasis, ID["lead-basis/explicit"])),
        dict(shape=PKS["LeadBasisOnlyOnLead-role"], path=PK.role, focus=R2),
    ),
    "lead with two bases": (
        lambda g: g.add((R1, PK.leadBasis, ID["lead-basis/explicit"])),
        dict(shape=PKS["Responsibility-leadBasis"], path=PK.leadBasis, focus=R1),
    ),
    "lead basis from the wrong scheme": (
        lambda g: _replace(g, R1, PK.leadBasis, ID["role/lead"]),
        dict(shape=PKS["Responsibility-leadBasis"], path=PK.leadBasis, focus=R1),
    ),
    "bad division code": (
        lambda g: _replace(g, DIV, PK.divisionCode, Literal("13068")),
        dict(shape=PKS["Division-divisionCode"], path=PK.divisionCode, focus=DIV),
    ),
    "role from the wrong scheme": (
        lambda g: _replace(g, R2, PK.role, ID["lead-basis/explicit"]),
        dict(shape=PKS["Responsibility-role"], path=PK.role, focus=R2),
    ),
    "unknown role concept": (
        lambda g: _replace(g, R2, PK.role, ID["role/boss"]),
        dict(shape=PKS["Responsibility-role"], path=PK.role, focus=R2),
    ),
    "title not @zh": (
        lambda g: _replace(g, M1, DCTERMS.title, Literal("VOCs project", lang="en")),
        dict(shape=PKS["Measure-title"], path=DCTERMS.title, focus=M1),
    ),
    "two titles": (
        lambda g: g.add((M1, DCTERMS.title, Literal("另一个标题", lang="zh"))),
        dict(shape=PKS["Measure-title"], path=DCTERMS.title, focus=M1),
    ),
    "end before start": (
        lambda g: _replace(g, U(f"{M1}/span"), PK.endOffset, Literal(5)),
        dict(shape=PKS["SourceSpan-startOffset"], path=PK.startOffset, focus=U(f"{M1}/span")),
    ),
    "position 0": (
        lambda g: _replace(g, R2, PK.position, Literal(0)),
        dict(shape=PKS["Responsibility-position"], path=PK.position, focus=R2),
    ),
    "number as string": (
        lambda g: _replace(g, M1, PK.number, Literal("1")),
        dict(shape=PKS["Measure-number"], path=PK.number, focus=M1),
    ),
    "unknown status": (
        lambda g: _replace(g, PLAN, PK.status, PK.Final),
        dict(shape=PKS["Plan-status"], path=PK.status, focus=PLAN),
    ),
    "sector as pollutant": (
        lambda g: _replace(g, U(f"{PLAN}/target/1"), PK.pollutant, ID["topic/industry"]),
        dict(shape=PKS["Target-pollutant"], path=PK.pollutant, focus=U(f"{PLAN}/target/1")),
    ),
    "unit not in unit scheme": (
        lambda g: _replace(g, U(f"{PLAN}/target/1"), PK.unit, QUDT_UNIT.KiloGM),
        dict(shape=PKS["Target-unit"], path=PK.unit, focus=U(f"{PLAN}/target/1")),
    ),
    "year as integer": (
        lambda g: _replace(g, U(f"{PLAN}/target/1"), PK.targetYear, Literal(2025)),
        dict(shape=PKS["Target-targetYear"], path=PK.targetYear, focus=U(f"{PLAN}/target/1")),
    ),
    "agency without type": (
        lambda g: _replace(g, FINANCE, PK.agencyType, None),
        dict(shape=PKS["Agency-agencyType"], path=PK.agencyType, focus=FINANCE),
    ),
    "agency link to a division": (
        lambda g: _replace(g, R2, PK.agency, DIV),
        dict(shape=PKS["Responsibility-agency"], path=PK.agency, focus=R2),
    ),
    "province with a province": (
        lambda g: g.add((ID["division/130000"], PK.province, DIV)),
        dict(shape=PKS["ProvinceRule-level"], path=PK.level, focus=ID["division/130000"]),
    ),
    "traditional spelled wrong": (
        lambda g: _replace(g, PLAN, PK.originalScript, Literal("Traditional")),
        dict(shape=PKS["Plan-originalScript"], path=PK.originalScript, focus=PLAN),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_plan_fails(case: str, vocab: Graph, shapes: Graph) -> None:
    breaker, expected = BROKEN[case]
    g = plan_graph(measures=1, responsibilities=6, items=0, targets=1)
    breaker(g)
    conforms, report = validate(g, vocab, shapes)
    assert not conforms
    found = results(report)
    assert has_result(found, **expected), found
