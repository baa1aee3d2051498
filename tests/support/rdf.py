"""Namespaces and small rdflib look-ups the ontology, vocabulary and shape tests share."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

BASE = "https://w3id.org/plankg/"
ID = Namespace(BASE + "id/")
PK = Namespace("https://w3id.org/plankg/ontology#")
PKS = Namespace("https://w3id.org/plankg/shapes#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")


def labels(g: Graph, s: Node, p: URIRef, lang: str) -> list[str]:
    """The literals of (s, p) in one language."""
    return [str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang]


def concept(vocab: Graph, scheme: str, notation: str) -> URIRef:
    """The one concept of a scheme with this notation."""
    found = [
        c
        for c in vocab.subjects(SKOS.notation, Literal(notation))
        if (c, SKOS.inScheme, ID[f"scheme/{scheme}"]) in vocab
    ]
    assert len(found) == 1, (scheme, notation, found)
    assert isinstance(found[0], URIRef)
    return found[0]


def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> str:
    """The IRI, id or lexical form of a pyoxigraph term that is not a quoted triple."""
    assert isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal), term
    return term.value


def solutions(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> ox.QuerySolutions:
    """The rows of a SELECT query's result."""
    assert isinstance(result, ox.QuerySolutions), type(result)
    return result
