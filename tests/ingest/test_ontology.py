"""The ontology (docs/rdf-model.md): it parses and labels every pk: term in zh and en with
an English comment, declares the terms the spec names, and HermiT (through owlready2) finds
it consistent, alone and with the vocabularies and a plan the ingest maps."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from tests.support.rdf import BASE, PK, labels
from tests.support.sample_plan import sample_plan
from tests.support.tables import json_table

ONTOLOGY_IRI = URIRef("https://w3id.org/plankg/ontology")
TERMS: dict[str, list[str]] = json_table("ontology/terms.json")
CLASSES = set(TERMS["classes"])
OBJECT_PROPERTIES = set(TERMS["objectProperties"])
DATATYPE_PROPERTIES = set(TERMS["datatypeProperties"])
FUNCTIONAL = set(TERMS["functional"])
INDIVIDUALS = set(TERMS["individuals"])
ANNOTATION_PROPERTIES = set(TERMS["annotationProperties"])  # the parser's lexicon, on concepts


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


# --------------------------------------------------------------------------- reasoner


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


def _reason(owlready2: Any, world: Any) -> None:
    # xsd:gYear (pk:baseYear, pk:targetYear) is not in the OWL 2 datatype map, so HermiT
    # is told to ignore it; everything else is checked.
    owlready2.sync_reasoner(
        world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
    )


def _consistent(owlready2: Any, world: Any, what: str) -> None:
    try:
        _reason(owlready2, world)
    except owlready2.OwlReadyInconsistentOntologyError as exc:  # pragma: no cover
        pytest.fail(f"{what}: {exc}")
    assert list(world.inconsistent_classes()) == []


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_consistent(ontology: Graph, tmp_path: Path) -> None:
    owlready2, world, onto = _load_owlready(ontology, tmp_path)
    assert onto.Plan is not None and onto.Responsibility is not None
    _consistent(owlready2, world, "ontology is inconsistent")


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_hermit_consistent_with_vocabularies_and_a_plan(
    ontology: Graph, vocab: Graph, tmp_path: Path
) -> None:
    """The vocabularies and a plan graph the shapes accept do not contradict the ontology."""
    data = Graph()
    data += vocab
    data += sample_plan()
    owlready2, world, _ = _load_owlready(ontology, tmp_path, data)
    _consistent(owlready2, world, "plan data contradicts the ontology")


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
        _reason(owlready2, world)
