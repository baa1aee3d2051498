"""The concepts' labels in Chinese and English, read from the SKOS vocabularies (the
ontology's terms, with their labels, are api.web.ontology's).

The files are the same ones loaded into the store's reference graphs; reading them here,
once per process, spares every page a join with the vocabulary graph. A concept is found
by its IRI (as stored in the plans) or by its scheme and notation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from plankg.paths import VOCAB_DIR

SKOS = "http://www.w3.org/2004/02/skos/core#"
_NOTATION = SKOS + "notation"
_PREF = SKOS + "prefLabel"
_ALT = SKOS + "altLabel"
_IN_SCHEME = SKOS + "inScheme"


@dataclass
class Concept:
    iri: str
    scheme: str  # the scheme's short name: topic, agency-type, role, ...
    notation: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    # every name of it: notation, preferred and alternative labels, any language (its
    # hidden labels are keywords, not names of it)
    names: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("zh") or self.notation


@dataclass
class Vocabularies:
    by_iri: dict[str, Concept]
    by_scheme: dict[str, dict[str, Concept]]  # scheme -> notation -> concept, file order

    def concept(self, scheme: str, notation: str) -> Concept | None:
        return self.by_scheme.get(scheme, {}).get(notation)

    def notation(self, iri: str | None) -> str:
        """The notation of a concept IRI ('' for None or an unknown IRI)."""
        if not iri:
            return ""
        concept = self.by_iri.get(iri)
        return concept.notation if concept else iri.rsplit("/", 1)[-1]

    def label(self, scheme: str, notation: str, lang: str) -> str:
        concept = self.concept(scheme, notation)
        return concept.label(lang) if concept else notation


@lru_cache(maxsize=4)
def vocabularies(base: str) -> Vocabularies:
    by_iri: dict[str, Concept] = {}
    schemes: dict[str, str] = {}
    pending: dict[str, dict[str, str]] = {}
    labels: dict[str, dict[str, str]] = {}
    names: dict[str, list[str]] = {}
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=base):
            s, p, o = q.subject, q.predicate.value, q.object
            if not isinstance(s, ox.NamedNode) or not isinstance(o, (ox.NamedNode, ox.Literal)):
                continue
            if p == _NOTATION:
                pending.setdefault(s.value, {})["notation"] = o.value
                names.setdefault(s.value, []).append(o.value)
            elif p == _IN_SCHEME:
                pending.setdefault(s.value, {})["scheme"] = o.value
            elif p == _PREF and isinstance(o, ox.Literal) and o.language:
                labels.setdefault(s.value, {})[o.language] = o.value
                names.setdefault(s.value, []).append(o.value)
            elif p == _ALT and isinstance(o, ox.Literal):
                names.setdefault(s.value, []).append(o.value)
    for iri, info in pending.items():
        if "notation" not in info or "scheme" not in info:
            continue
        scheme = schemes.setdefault(info["scheme"], info["scheme"].rsplit("/", 1)[-1])
        by_iri[iri] = Concept(
            iri,
            scheme,
            info["notation"],
            labels.get(iri, {}),
            tuple(dict.fromkeys(names.get(iri, []))),
        )
    by_scheme: dict[str, dict[str, Concept]] = {}
    for concept in by_iri.values():
        by_scheme.setdefault(concept.scheme, {})[concept.notation] = concept
    return Vocabularies(by_iri, by_scheme)
