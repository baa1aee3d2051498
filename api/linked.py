"""RDF terms -> expanded JSON-LD -> JSON-LD compacted with the service's context.

Everything here works on plain Python values (pyoxigraph terms, not result iterators), and
is called from the worker thread that ran the query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from api.compaction import COMPACTOR, Unsupported
from api.context import CONTEXT, DOCUMENT

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Node = dict[str, Any]


def node_id(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    raise ValueError("RDF-star triple terms are not described")


def value_object(term: object) -> Node:
    """One RDF term as an expanded JSON-LD value (node reference or value object)."""
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": datatype}
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": node_id(term)}
    raise ValueError("RDF-star triple terms are not described")


def _order(value: Node) -> tuple[object, ...]:
    """Sort key of a value: node references, then language-tagged strings, typed values
    and plain strings, each by its text (the order of their sorted items' reprs, without
    building them)."""
    if "@id" in value:
        return (0, value["@id"])
    if "@language" in value:
        return (1, value["@language"], value["@value"])
    if "@type" in value:
        return (2, value["@type"], value["@value"])
    return (3, value["@value"])


def expand(triples: Iterable[ox.Triple], first: str | None = None) -> list[Node]:
    """Expanded JSON-LD node objects, one per subject: `first` first, the rest sorted.
    Values are sorted too, so the same triples always give the same document."""
    nodes: dict[str, Node] = {}
    for s, p, o in triples:  # each attribute read of a triple builds a new term object
        subject = s.value if type(s) is ox.NamedNode else node_id(s)
        node = nodes.get(subject)
        if node is None:
            node = nodes[subject] = {"@id": subject}
        predicate = p.value
        if predicate == RDF_TYPE and type(o) is ox.NamedNode:
            node.setdefault("@type", []).append(o.value)
        else:
            node.setdefault(predicate, []).append(value_object(o))
    for node in nodes.values():
        for key, values in node.items():
            if key == "@type":
                values.sort()
            elif key != "@id" and len(values) > 1:
                values.sort(key=_order)
    order = sorted(nodes, key=lambda s: (s != first, s))
    return [nodes[s] for s in order]


def compact(nodes: list[Node], request_context: str, graph: bool) -> dict[str, Any]:
    """Compact expanded nodes with the service's context; "@context" becomes its URL.

    `graph` keeps a top-level "@graph" even for one node (collections); otherwise a
    single node is the document itself and several nodes go under "@graph".
    The specialised compactor (api.compaction) gives pyld's document at a fraction of the
    cost; pyld does whatever that one does not reproduce.
    """
    if COMPACTOR is not None:
        try:
            return COMPACTOR.document(nodes, request_context, graph)
        except Unsupported:
            pass
    return compact_with_pyld(nodes, request_context, graph)


def json_bytes(doc: dict[str, Any]) -> bytes:
    """A JSON-LD document as UTF-8, without indentation: the standard library encodes
    unindented JSON in C, indented in Python (1 ms of a plan's 7 at 3,000 plans)."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def compact_with_pyld(nodes: list[Node], request_context: str, graph: bool) -> dict[str, Any]:
    """compact() by pyld's general algorithm (the reference the fast path must equal)."""
    out: dict[str, Any] = jsonld.compact(
        nodes, DOCUMENT, {"skipExpansion": True, "graph": graph, "base": ""}
    )
    if graph:
        out.setdefault("@graph", [])
    out["@context"] = request_context
    return out


_PREFIXES = {k: v for k, v in CONTEXT.items() if isinstance(v, str) and v.endswith(("#", "/"))}
_TERMS: dict[str, str] = {}
for _key, _value in CONTEXT.items():
    _iri = (
        _value
        if isinstance(_value, str)
        else _value.get("@id")
        if isinstance(_value, dict)
        else None
    )
    if isinstance(_iri, str) and not _key.startswith("@") and _key not in _PREFIXES:
        prefix, _, local = _iri.partition(":")
        _TERMS.setdefault(_PREFIXES[prefix] + local if prefix in _PREFIXES else _iri, _key)


def short_name(iri: str) -> str:
    """A property's key in the context, else its prefixed name, else the IRI."""
    if iri in _TERMS:
        return _TERMS[iri]
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
