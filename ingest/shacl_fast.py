"""SHACL validation of one plan's N-Triples with the Rust engine of PyPI `shacl`.

A replacement for the pyshacl call in ingest/validate.py: about 6 ms instead of about
240 ms per bundled plan graph on one core, same verdicts (bench/shacl_engines.py). Same
inputs: shapes/plankg.ttl parsed by rdflib with
publicID = the base (so its relative IRIs resolve exactly as for pyshacl), and the SKOS
vocabularies joined into the data graph, since the concept shapes read their
skos:inScheme. Both are prepared once per base and cached.

The vocabularies are pruned to the triples whose predicate the shapes graph names
(plus rdf:type and rdfs:subClassOf, which sh:class and class targets read); no other
vocabulary triple can change a SHACL Core verdict unless a shape is sh:closed or uses
SPARQL, and then the whole vocabulary joins in.

One known difference from pyshacl: sh:pattern follows XPath, where `$` matches only at
the very end, so "130682\\n" fails "^[0-9]{6}$"; pyshacl (Python `re.search`) lets
it pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import shacl
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from ingest.vocab import parse_vocabularies
from plankg.paths import SHAPES_FILE

# Constraint parameters worth quoting in a message, by constraint component.
_PARAMS: dict[str, tuple[str, ...]] = {
    "MinCountConstraintComponent": ("minCount",),
    "MaxCountConstraintComponent": ("maxCount",),
    "DatatypeConstraintComponent": ("datatype",),
    "ClassConstraintComponent": ("class",),
    "NodeConstraintComponent": ("node",),
    "InConstraintComponent": ("in",),
    "HasValueConstraintComponent": ("hasValue",),
    "PatternConstraintComponent": ("pattern",),
    "LanguageInConstraintComponent": ("languageIn",),
    "MinInclusiveConstraintComponent": ("minInclusive",),
    "MaxInclusiveConstraintComponent": ("maxInclusive",),
    "MinExclusiveConstraintComponent": ("minExclusive",),
    "MaxExclusiveConstraintComponent": ("maxExclusive",),
    "LessThanConstraintComponent": ("lessThan",),
    "LessThanOrEqualsConstraintComponent": ("lessThanOrEquals",),
}

_MESSAGES: dict[str, str] = {
    "MinCountConstraintComponent": "fewer than {minCount} value(s)",
    "MaxCountConstraintComponent": "more than {maxCount} value(s)",
    "DatatypeConstraintComponent": "value {value} is not a valid {datatype}",
    "ClassConstraintComponent": "value {value} is not an instance of {class}",
    "NodeConstraintComponent": "value {value} does not conform to {node}",
    "InConstraintComponent": "value {value} is not one of {in}",
    "HasValueConstraintComponent": "does not have the value {hasValue}",
    "PatternConstraintComponent": "value {value} does not match {pattern}",
    "LanguageInConstraintComponent": "value {value} is not tagged with a language in {languageIn}",
    "MinInclusiveConstraintComponent": "value {value} is not >= {minInclusive}",
    "MaxInclusiveConstraintComponent": "value {value} is not <= {maxInclusive}",
    "MinExclusiveConstraintComponent": "value {value} is not > {minExclusive}",
    "MaxExclusiveConstraintComponent": "value {value} is not < {maxExclusive}",
    "LessThanConstraintComponent": "value {value} is not < every value of {lessThan}",
    "LessThanOrEqualsConstraintComponent": (
        "value {value} is not <= every value of {lessThanOrEquals}"
    ),
}

_SH = "http://www.w3.org/ns/shacl#"
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float}
_IRI = re.compile(r"<([^<>\s]*)>")


@dataclass(frozen=True)
class _Prepared:
    shapes: shacl.Shapes
    vocabulary_nt: str
    prefixes: tuple[tuple[str, str], ...]  # (namespace, prefix), longest namespace first
    params: dict[str, dict[str, str]]  # shape IRI -> parameter local name -> rendered value


def _compact(text: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    """Write each <iri> in `text` as prefix:local where a prefix covers it."""

    def one(m: re.Match[str]) -> str:
        iri = m.group(1)
        for namespace, prefix in prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and re.fullmatch(r"[\w.-]+", local):
                return f"{prefix}:{local}"
        return m.group(0)

    return _IRI.sub(one, text)


def _render(graph: Graph, node: Node) -> str:
    if (node, RDF.first, None) in graph or node == RDF.nil:
        return "(" + " ".join(_render(graph, n) for n in Collection(graph, node)) + ")"
    if isinstance(node, Literal) and node.datatype in _NUMERIC:
        return str(node)
    if isinstance(node, Literal) and node.datatype is None and not node.language:
        return '"' + str(node) + '"'
    return node.n3()


def _shape_params(graph: Graph) -> dict[str, dict[str, str]]:
    wanted = {p for params in _PARAMS.values() for p in params}
    out: dict[str, dict[str, str]] = {}
    for shape, param, value in graph:
        if isinstance(shape, URIRef) and isinstance(param, URIRef) and param.startswith(_SH):
            name = param[len(_SH) :]
            if name in wanted:
                out.setdefault(str(shape), {})[name] = _render(graph, value)
    return out


def _vocabulary_nt(vocabulary: Graph, shapes: Graph) -> str:
    if (None, SH.closed, None) in shapes or (None, SH.sparql, None) in shapes:
        return vocabulary.serialize(format="nt")
    named = {t for triple in shapes for t in triple if isinstance(t, URIRef)}
    named |= {RDF.type, RDFS.subClassOf}
    kept = Graph()
    for triple in vocabulary:
        if triple[1] in named:
            kept.add(triple)
    return kept.serialize(format="nt")


def _ends_line(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


@lru_cache(maxsize=4)
def _prepared(base: str) -> _Prepared:
    graph = Graph().parse(SHAPES_FILE, format="turtle", publicID=base)
    shapes = shacl.Shapes.from_text(graph.serialize(format="nt"), format="ntriples", base=base)
    if len(shapes) == 0:
        raise ValueError(f"{SHAPES_FILE} declares no shapes")
    prefixes = sorted(
        ((str(ns), prefix) for prefix, ns in graph.namespace_manager.namespaces() if prefix),
        key=lambda p: -len(p[0]),
    )
    return _Prepared(
        shapes=shapes,
        vocabulary_nt=_ends_line(_vocabulary_nt(parse_vocabularies(base), graph)),
        prefixes=tuple(prefixes),
        params=_shape_params(graph),
    )


def _describe(result: shacl.Result, prepared: _Prepared) -> str:
    def c(text: str) -> str:
        return _compact(text, prepared.prefixes)

    shape = result.root_shape or result.source_shape or ""
    params = prepared.params.get(shape.strip("<>"), {}) if shape.startswith("<") else {}
    value = c(result.value) if result.value is not None else "-"
    if result.messages:
        text = " / ".join(result.messages)
    else:
        template = _MESSAGES.get(result.component)
        try:
            text = (
                template.format(value=value, **{k: c(v) for k, v in params.items()})
                if template
                else f"violates {result.component}"
            )
        except KeyError:  # parameter not on the named shape (an anonymous nested one)
            text = f"violates {result.component}"
        if template and "{value}" not in template and result.value is not None:
            text += f" (value {value})"
    where = f"path {c(result.path)}" if result.path else "the node itself"
    source = f"{c(shape)}, " if shape.startswith("<") else ""
    return (
        f"{result.severity}: focus node {result.focus_node}, {where}: {text}"
        f"  [{source}sh:{result.component}]"
    )


def _report(data_nt: str, base: str) -> shacl.Report:
    prepared = _prepared(base)
    # The plan first, so a parse error's line number is the line of `data_nt`.
    return prepared.shapes.validate_text(
        data_nt + "\n" + prepared.vocabulary_nt, format="ntriples", base=base
    )


def validate_ntriples(data_nt: str, base: str) -> tuple[bool, str]:
    """Validate one plan graph, given as N-Triples, against shapes/plankg.ttl.

    `data_nt` is the plan graph alone: the vocabularies are joined in here. Returns
    (conforms, report): the report has one line per result naming its severity, focus
    node, path, message, source shape and constraint component; it is empty when the
    graph conforms. Raises ValueError when `data_nt` does not parse as N-Triples.
    """
    prepared = _prepared(base)
    report = _report(data_nt, base)
    if report.conforms and not report.results:
        return True, ""
    lines = [f"Conforms: {report.conforms}; {len(report.results)} result(s)"]
    lines += (_describe(r, prepared) for r in report.results)
    return report.conforms, "\n".join(lines)
