"""The SKOS vocabularies (ontology/vocab/): every file parses against a base IRI, each
scheme is complete, and the matching hints the parser uses (ingest/vocab.py) give the
expected answers on the names and titles of the bundled plans."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ingest.vocab import alternation
from tests.support.paths import GOLD, ROOT
from tests.support.rdf import BASE, ID, PK, QUDT_UNIT, concept, labels
from tests.support.tables import json_table, tsv_rows

VOCAB = ROOT / "ontology" / "vocab"
_SPEC = json_table("vocab/schemes.json")
SCHEMES: dict[str, tuple[str, list[str]]] = {
    name: (s["class"], s["notations"]) for name, s in _SPEC["schemes"].items()
}
POLLUTANTS: set[str] = set(_SPEC["pollutants"])
DEFAULT_UNITS: dict[str, str] = _SPEC["defaultUnits"]


# The agency names of the bundled plans and their types.
AGENCY_TYPES = {name: kind for name, kind in tsv_rows("vocab/agency-types.tsv")}
# The measure titles of the bundled plans and their topics ("" for none).
MEASURE_TOPICS = {title: topic or None for title, topic in tsv_rows("vocab/measure-topics.tsv")}


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
        assert isinstance(c, URIRef), c
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
        assert isinstance(o, URIRef) and o.startswith(str(QUDT_UNIT)), o
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


def longest_match(vocab: Graph, scheme: str, *props: URIRef) -> Callable[[str], str | None]:
    """Like ingest/vocab.py: the hint labels plus the zh prefLabel; the longest found wins."""
    table: dict[str, str] = {}
    for c in vocab.subjects(SKOS.inScheme, ID[f"scheme/{scheme}"]):
        hinted = [h for prop in props for h in vocab.objects(c, prop)]
        hints = [*hinted, *labels(vocab, c, SKOS.prefLabel, "zh")]
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


def test_topic_hints_on_measure_titles(vocab: Graph) -> None:
    match = longest_match(vocab, "topic", SKOS.altLabel, SKOS.hiddenLabel)
    wrong = {t: match(t) for t, expected in MEASURE_TOPICS.items() if match(t) != expected}
    assert wrong == {}


def test_topic_hints_cover_gold_titles(vocab: Graph) -> None:
    """Every measure title of the bundled plans is in the table above (so it is checked)."""
    titles = set()
    for path in sorted(GOLD.glob("*.json")):
        titles |= {m["title"] for m in json.loads(path.read_text(encoding="utf-8"))["measures"]}
    assert titles - set(MEASURE_TOPICS) == set()


def test_alternation_is_escaped_longest_first_and_empty_matches_nothing() -> None:
    pattern = re.compile(alternation(["超过", "不超过", "(GDP)", "超过"]))
    assert pattern.pattern == r"\(GDP\)|不超过|超过"
    assert [m.group() for m in pattern.finditer("不超过5%, 超过, 单位GDP(GDP)")] == [
        "不超过",
        "超过",
        "(GDP)",
    ]
    assert re.search(alternation([]), "any text") is None
