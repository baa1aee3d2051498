"""The ontology and the SKOS vocabularies as the pages show them: every term the ontology
declares (its own classes, properties and individuals, and the reused terms it declares),
each concept scheme with its concepts, their labels in zh and en and their definitions,
and where each is on /ontology (its anchor).

Read once per process from the same files the store's reference graphs are loaded from
(plankg.paths), in file order: the ontology is written in a reading order (documents,
their parts, responsibilities, targets, sources), and so are the vocabularies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from plankg.paths import ONTOLOGY_FILE, VOCAB_DIR

PAGE = "/ontology"
PK = "https://w3id.org/plankg/ontology#"
ONTOLOGY = "https://w3id.org/plankg/ontology"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"

# The kinds of term, in the order /ontology lists them.
KINDS = {
    OWL + "Class": "class",
    OWL + "ObjectProperty": "object-property",
    OWL + "DatatypeProperty": "datatype-property",
    OWL + "AnnotationProperty": "annotation-property",
    OWL + "NamedIndividual": "individual",
}
# Terms the ontology labels without declaring them (RDFS's own): annotation properties.
_BUILT_IN = {RDFS + "label", RDFS + "comment", RDFS + "isDefinedBy", RDFS + "seeAlso"}


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("zh") or texts.get("en") or ""


@dataclass
class Term:
    """A class, property or individual of the ontology (or a reused term it declares)."""

    iri: str
    name: str  # its prefixed name: pk:Plan, prov:wasDerivedFrom
    kind: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)  # subClassOf / subPropertyOf
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)

    @property
    def own(self) -> bool:
        return self.iri.startswith(PK)

    @property
    def anchor(self) -> str:
        """Its id on /ontology: the local name for the ontology's own terms (so that
        `{namespace}Plan` and `/ontology#Plan` end alike), the prefixed name otherwise."""
        return self.iri[len(PK) :] if self.own else self.name

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang) or self.name


@dataclass
class Concept:
    iri: str
    scheme: str  # the scheme's slug: topic, role, lead-basis, ...
    notation: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    alt_labels: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)  # skos:exactMatch

    @property
    def anchor(self) -> str:
        return f"{self.scheme}-{self.notation}"

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang) or self.notation


@dataclass
class Scheme:
    iri: str
    slug: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    concepts: list[Concept] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"scheme-{self.slug}"

    def label(self, lang: str) -> str:
        return _pick(self.labels, lang) or self.slug


@dataclass
class Catalogue:
    titles: dict[str, str]
    descriptions: dict[str, str]
    version: str
    licence: str  # the ontology's dcterms:license IRI, "" when it states none
    terms: dict[str, Term]  # file order
    schemes: list[Scheme]  # file order
    concepts: dict[str, Concept]
    _order: dict[str, int] = field(default_factory=dict)

    def of_kind(self, kind: str, own: bool = True) -> list[Term]:
        return [t for t in self.terms.values() if t.kind == kind and t.own == own]

    def reused(self) -> list[Term]:
        return [t for t in self.terms.values() if not t.own]

    def href(self, iri: str) -> str | None:
        """Where a term, scheme or concept is described on /ontology; None for others."""
        if iri == ONTOLOGY:
            return PAGE
        term = self.terms.get(iri)
        if term is not None:
            return f"{PAGE}#{term.anchor}"
        scheme = next((s for s in self.schemes if s.iri == iri), None)
        if scheme is not None:
            return f"{PAGE}#{scheme.anchor}"
        concept = self.concepts.get(iri)
        return f"{PAGE}#{concept.anchor}" if concept is not None else None

    def label(self, iri: str, lang: str) -> str | None:
        """The label of a term, scheme or concept in `lang` (else zh, else en)."""
        term = self.terms.get(iri)
        if term is not None and term.labels:
            return term.label(lang)
        concept = self.concepts.get(iri)
        if concept is not None:
            return concept.label(lang)
        scheme = next((s for s in self.schemes if s.iri == iri), None)
        return scheme.label(lang) if scheme is not None else None

    def order(self, iri: str) -> int:
        """A term's place in the ontology (for sorting a resource's properties)."""
        if len(self._order) != len(self.terms):
            self._order = {t: i for i, t in enumerate(self.terms)}
        return self._order.get(iri, len(self.terms))


Statement = tuple[str, str, ox.NamedNode | ox.BlankNode | ox.Literal]


def _statements(path: object, base: str) -> tuple[list[Statement], dict[str, str]]:
    """The triples of a Turtle file about named subjects, in file order, and its prefixes."""
    parser = ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=base)  # type: ignore[arg-type]
    out: list[Statement] = []
    for q in parser:
        if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple):
            out.append((q.subject.value, q.predicate.value, q.object))
    return out, dict(parser.prefixes)


def _literals(statements: list[Statement], predicate: str) -> dict[str, dict[str, str]]:
    """subject -> language ('en' for none) -> text of its `predicate` literals."""
    out: dict[str, dict[str, str]] = {}
    for s, p, o in statements:
        if p == predicate and isinstance(o, ox.Literal):
            out.setdefault(s, {})[o.language or "en"] = o.value
    return out


def _name(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in sorted(prefixes.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _read_terms(base: str) -> Catalogue:
    statements, prefixes = _statements(ONTOLOGY_FILE, base)
    terms: dict[str, Term] = {}
    rank = list(KINDS.values())
    for s, p, o in statements:
        kind = KINDS.get(o.value) if p == RDF_TYPE else None
        if kind is None and s in _BUILT_IN and p == RDFS + "label":
            kind = "annotation-property"
        if kind is None:
            continue
        term = terms.setdefault(s, Term(s, _name(s, prefixes)))
        # a property both object and functional, an individual of a class: the first
        # kind in KINDS order names it
        if not term.kind or rank.index(kind) < rank.index(term.kind):
            term.kind = kind
    relations = {
        RDFS + "subClassOf": "parents",
        RDFS + "subPropertyOf": "parents",
        RDFS + "domain": "domains",
        RDFS + "range": "ranges",
    }
    for s, p, o in statements:
        related = terms.get(s)
        if related is not None and p in relations and isinstance(o, ox.NamedNode):
            getattr(related, relations[p]).append(o.value)
    labels = _literals(statements, RDFS + "label")
    comments = _literals(statements, RDFS + "comment")
    for iri, term in terms.items():
        term.labels = labels.get(iri, {})
        term.comments = comments.get(iri, {})
    header = {p: o for s, p, o in statements if s == ONTOLOGY}
    version = header.get(OWL + "versionInfo")
    licence = header.get(DCT + "license")
    return Catalogue(
        titles=_literals(statements, DCT + "title").get(ONTOLOGY, {}),
        descriptions=_literals(statements, DCT + "description").get(ONTOLOGY, {}),
        version=version.value if version is not None else "",
        licence=licence.value if isinstance(licence, ox.NamedNode) else "",
        terms=terms,
        schemes=[],
        concepts={},
    )


def _read_schemes(base: str) -> tuple[list[Scheme], dict[str, Concept]]:
    schemes: dict[str, Scheme] = {}
    concepts: dict[str, Concept] = {}
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        statements, _ = _statements(path, base)
        labels = _literals(statements, SKOS + "prefLabel")
        definitions = _literals(statements, SKOS + "definition")
        for s, p, o in statements:
            if p == RDF_TYPE and o.value == SKOS + "ConceptScheme":
                slug = s.rstrip("/").rsplit("/", 1)[-1]
                schemes[s] = Scheme(s, slug, labels.get(s, {}), definitions.get(s, {}))
        members: dict[str, Concept] = {}
        for s, p, o in statements:
            if p == SKOS + "inScheme" and o.value in schemes:
                members.setdefault(s, Concept(s, schemes[o.value].slug, ""))
        for s, p, o in statements:
            concept = members.get(s)
            if concept is None:
                continue
            if p == SKOS + "notation":
                concept.notation = o.value
            elif p == SKOS + "altLabel" and isinstance(o, ox.Literal):
                concept.alt_labels.append(o.value)
            elif p == SKOS + "exactMatch" and isinstance(o, ox.NamedNode):
                concept.matches.append(o.value)
            elif p == SKOS + "inScheme":
                schemes[o.value].concepts.append(concept)
        for iri, concept in members.items():
            concept.labels = labels.get(iri, {})
            concept.definitions = definitions.get(iri, {})
            concepts[iri] = concept
    return list(schemes.values()), concepts


@lru_cache(maxsize=4)
def catalogue(base: str) -> Catalogue:
    """The catalogue for concept IRIs minted under `base`, read once per process."""
    found = _read_terms(base)
    found.schemes, found.concepts = _read_schemes(base)
    return found
