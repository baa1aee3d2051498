"""GET /id/{path}: every instance IRI `{base}id/{path}` described, as JSON-LD, Turtle or HTML.

A description holds the resource's own triples; the labels and notations of the resources
it links to (and the quote of its source span); and, one hop back, the subjects that link
to it by pk:forMeasure, pk:inPlan or pk:partOf with their own triples and the labels of
what they link to, so a measure shows its responsibilities and a plan its targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api.answer import failure_problem
from api.cache import AnswerCache, encoded, respond
from api.deps import get_cache, get_executor
from api.errors import ServiceError
from api.executor import Executor
from api.html import render_page
from api.linked import compact, context_url, expand, json_bytes
from api.negotiation import pick
from api.scoping import with_references
from api.web.evidence import evidence_html, may_have_evidence
from plankg.backends import QueryStore
from plankg.queries import bind
from plankg.settings import Settings

router = APIRouter(tags=["linked data"])

_LINKS = "pk:forMeasure pk:inPlan pk:partOf"
_LABELS = "rdfs:label dcterms:title skos:prefLabel skos:notation"
# Where a linked source span is in the original document (shown beside its quote).
_WHERE = (
    "pk:page pk:lastPage pk:paragraph pk:lastParagraph pk:tableNumber pk:tableRow "
    "pk:tableCell pk:readByOcr"
)
DESCRIBE = f"""PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

CONSTRUCT {{ ?s ?p ?o }}
WHERE {{
  {{ ?r ?p ?o . BIND (?r AS ?s) }}
  UNION
  {{ ?r ?q ?s . FILTER (isIRI(?s)) VALUES ?p {{ {_LABELS} {_WHERE} pk:quote }} ?s ?p ?o . }}
  UNION
  {{ ?s ?link ?r . VALUES ?link {{ {_LINKS} }} ?s ?p ?o . }}
  UNION
  {{ ?x ?link ?r . VALUES ?link {{ {_LINKS} }}
     ?x ?q ?s . FILTER (isIRI(?s)) VALUES ?p {{ {_LABELS} }} ?s ?p ?o . }}
}}
"""

TURTLE_PREFIXES = {
    "pk": "https://w3id.org/plankg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_FORMATS = {
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "*/*": "jsonld",
    "application/*": "jsonld",
    "text/*": "html",
}
MEDIA = {
    "jsonld": "application/ld+json",
    "ttl": "text/turtle; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def negotiate(accept: str | None) -> str | None:
    """jsonld, ttl or html for an Accept header (JSON-LD when absent); None if none fits."""
    return pick(accept, _FORMATS, "jsonld")


@dataclass(frozen=True)
class Description:
    iri: str
    triples: frozenset[ox.Triple]


# DESCRIBE in two steps, for a cost in proportion to the description: the resource's
# triples and those of the subjects linking to it, with the graphs they are in (each
# pattern an index look-up in the graphs that hold it, whatever the corpus size); then
# the labels of what both link to, each such resource looked up once, in those graphs
# and the reference graphs (the single query looks a concept's labels up again for every
# responsibility naming it).
_OWN_AND_BACK = f"""PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?g ?s ?p ?o
WHERE {{
  {{ GRAPH ?g {{ ?r ?p ?o . }} BIND (?r AS ?s) }}
  UNION
  {{ VALUES ?link {{ {_LINKS} }} GRAPH ?l {{ ?s ?link ?r . }} GRAPH ?g {{ ?s ?p ?o . }} }}
}}
"""
_PK = "https://w3id.org/plankg/ontology#"
_LINK_IRIS = frozenset(ox.NamedNode(_PK + link.removeprefix("pk:")) for link in _LINKS.split())
_PREFIXES = DESCRIBE[: DESCRIBE.index("CONSTRUCT")]


def _labels_query(own: set[ox.NamedNode], linked: set[ox.NamedNode]) -> str:
    """The labels (and source locations, quotes) of `own`, the labels of `linked`."""

    def branch(subjects: set[ox.NamedNode], predicates: str) -> str:
        terms = " ".join(sorted(str(s) for s in subjects))
        wanted = ", ".join(predicates.split())
        # FILTER, not VALUES ?p: a resource's few triples read once beat a look-up each
        return f"{{ VALUES ?s {{ {terms} }} ?s ?p ?o . FILTER (?p IN ({wanted})) }}"

    branches = [
        branch(subjects, predicates)
        for subjects, predicates in ((own, f"{_LABELS} {_WHERE} pk:quote"), (linked, _LABELS))
        if subjects
    ]
    return f"{_PREFIXES}CONSTRUCT {{ ?s ?p ?o }}\nWHERE {{\n  {' UNION '.join(branches)}\n}}\n"


def _triples(result: object) -> list[ox.Triple]:
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("a describe query must be a CONSTRUCT")
    return list(result)


def describe(store: QueryStore, iri: str, base: str | None = None) -> Description | None:
    """The description of `iri` (the triples DESCRIBE gives), or None when it is the
    subject of no triple. With `base`, the labels are read only in the graphs that hold
    the resource and its linked subjects and in the reference graphs under `base`: the
    same triples, at a cost that does not grow with the corpus (api.scoping). Runs in a
    worker process: the result is consumed here."""
    node = ox.NamedNode(iri)
    result = store.query(bind(_OWN_AND_BACK, {"r": node}))
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("the first describe step must be a SELECT")
    found: set[ox.Triple] = set()
    graphs: set[str] = set()
    for g, s, p, o in result:
        found.add(ox.Triple(s, p, o))
        graphs.add(g.value)
    if not any(t.subject == node for t in found):
        return None
    back = {t.subject for t in found if t.predicate in _LINK_IRIS and t.object == node}
    own: set[ox.NamedNode] = set()
    linked: set[ox.NamedNode] = set()
    for t in found:
        if isinstance(t.object, ox.NamedNode):
            if t.subject == node:
                own.add(t.object)
            if t.subject in back:
                linked.add(t.object)
    if own or linked:
        labelled, named = None, None
        if base is not None:
            labelled, named = with_references(tuple(sorted(graphs)), base), ()
        labels = store.query(_labels_query(own, linked), default_graph=labelled, named_graphs=named)
        found.update(_triples(labels))
    return Description(iri, frozenset(found))


def _render(store: QueryStore, iri: str, fmt: str, ctx_url: str, base: str) -> bytes | None:
    described = describe(store, iri, base)
    if described is None:
        return None
    if fmt == "ttl":
        return (
            ox.serialize(
                sorted(described.triples, key=str),
                format=ox.RdfFormat.TURTLE,
                prefixes=TURTLE_PREFIXES,
            )
            or b""
        )
    nodes = expand(described.triples, first=iri)
    if fmt == "html":
        evidence = evidence_html(store, iri, base) if may_have_evidence(nodes[0]) else ""
        return render_page(iri, nodes, base, evidence).encode("utf-8")
    doc = compact(nodes, ctx_url, graph=False)
    return json_bytes(doc)


@router.get(
    "/id/{path:path}",
    summary="Describe an instance IRI (JSON-LD, Turtle or HTML by Accept)",
    response_class=Response,
)
async def resource(
    path: str,
    request: Request,
    executor: Annotated[Executor, Depends(get_executor)],
    cache: Annotated[AnswerCache, Depends(get_cache)],
) -> Response:
    settings: Settings = request.app.state.settings
    fmt = negotiate(request.headers.get("accept"))
    if fmt is None:
        raise ServiceError(406, "acceptable formats: application/ld+json, text/turtle, text/html")
    iri = f"{settings.base}id/{path}"
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise ServiceError(404, f"no resource {iri!r}") from None
    ctx = context_url(request)
    key = ("id", iri, fmt, ctx)  # as a named query: kept until the store changes
    cached = cache.get(key)
    if cached is not None:
        return respond(cached, request, "hit")
    generation = cache.generation
    try:
        body = await executor.run(
            _render, iri, fmt, ctx, settings.base, timeout=settings.query_timeout
        )
    except Exception as exc:
        failure = failure_problem(exc)
        if failure is None:
            raise
        return failure
    if body is None:
        raise ServiceError(404, f"no resource <{iri}>")
    entry = encoded(body, MEDIA[fmt])
    cache.put(key, generation, entry)
    return respond(entry, request, "miss")
