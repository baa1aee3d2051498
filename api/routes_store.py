"""GET /store?graph=IRI and GET /store?default: the SPARQL 1.1 Graph Store HTTP Protocol,
read-only, as Oxigraph and Fuseki serve it (https://www.w3.org/TR/sparql11-http-rdf-update/).

`graph=IRI` answers one named graph, that is one plan (or a reference graph: the ontology,
a vocabulary), whole: a plan is bounded by its document, as an /id/ page is. `default`
answers the default graph queries see, the union of all graphs, cut at the row cap like a
CONSTRUCT on /sparql (the Plankg-Truncated / Plankg-Row-Limit headers say so; the whole
dataset is at /dumps). Formats by Accept: Turtle (the default), N-Triples, N-Quads (the
graph named), JSON-LD, RDF/XML. Answers are cached until the store changes and carry an
ETag, as named queries do; the query time limit applies. A graph that is not stored is
404, a request naming neither `graph` nor `default` (or both) 400, and PUT, POST, DELETE
and PATCH 405: the store is changed only by `plankg ingest`."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api.answer import ROW_LIMIT, TRUNCATED
from api.cache import AnswerCache, encoded, respond
from api.deps import get_cache, get_executor, get_settings
from api.errors import ServiceError
from api.negotiation import MEDIA as NEGOTIATED
from api.negotiation import pick
from api.tasks import read_graph
from plankg.settings import Settings
from workers.executor import Executor

router = APIRouter(tags=["linked data"])

# The graph formats the service speaks everywhere, and N-Quads, which keeps the graph.
MEDIA = {
    "ttl": NEGOTIATED["ttl"],
    "nt": NEGOTIATED["nt"],
    "nq": "application/n-quads",
    "jsonld": NEGOTIATED["jsonld"],
    "rdfxml": NEGOTIATED["rdfxml"],
}
_ACCEPT = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/n-quads": "nq",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "*/*": "ttl",
    "text/*": "ttl",
    "application/*": "nt",
}
_READ_ONLY = "the graph store is read-only: plans are added and replaced by `plankg ingest`"


def _params(raw: bytes) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    try:
        for field in raw.split(b"&"):
            if field:
                key, _, value = field.replace(b"+", b" ").partition(b"=")
                params.setdefault(unquote_to_bytes(key).decode(), []).append(
                    unquote_to_bytes(value).decode()
                )
    except UnicodeDecodeError:
        raise ServiceError(400, "parameters must be percent-encoded UTF-8") from None
    return params


def _target(request: Request) -> str | None:
    """The graph asked for: its IRI, or None for the default graph."""
    params = _params(request.scope["query_string"])
    graphs, default = params.get("graph", []), "default" in params
    if default and graphs:
        raise ServiceError(400, "give either graph=IRI or default, not both")
    if default:
        return None
    if len(graphs) != 1 or not graphs[0]:
        raise ServiceError(
            400, "name one graph: /store?graph=IRI (a plan's IRI), or /store?default"
        )
    try:
        return ox.NamedNode(graphs[0]).value
    except ValueError:
        raise ServiceError(400, f"not an absolute IRI: {graphs[0]!r}") from None


@router.get(
    "/store",
    summary="SPARQL 1.1 Graph Store Protocol (read-only): one plan's named graph "
    "(?graph=IRI) or the default graph (?default), in Turtle, N-Triples, N-Quads, JSON-LD "
    "or RDF/XML by Accept",
    response_class=Response,
    responses={
        200: {"content": {media: {} for media in MEDIA.values()}},
        400: {"description": "Neither graph=IRI nor default, both, or not an IRI."},
        404: {"description": "No such graph in the store."},
        406: {"description": "No acceptable RDF format."},
    },
    openapi_extra={
        "parameters": [
            {
                "name": "graph",
                "in": "query",
                "required": False,
                "description": "The IRI of a named graph: a plan's IRI (each plan is one "
                "graph), e.g. https://w3id.org/plankg/id/plan/130682",
                "schema": {"type": "string", "format": "iri"},
            },
            {
                "name": "default",
                "in": "query",
                "required": False,
                "allowEmptyValue": True,
                "description": "The default graph (the union of all graphs), cut at the "
                "row limit; give it without a value: /store?default",
                "schema": {"type": "string"},
            },
        ]
    },
)
async def graph_store(
    request: Request,
    executor: Annotated[Executor, Depends(get_executor)],
    settings: Annotated[Settings, Depends(get_settings)],
    cache: Annotated[AnswerCache, Depends(get_cache)],
) -> Response:
    graph = _target(request)
    fmt = pick(request.headers.get("accept"), _ACCEPT, "ttl")
    if fmt is None:
        raise ServiceError(406, "acceptable formats: " + ", ".join(MEDIA.values()))
    key = ("store", graph, fmt)
    cached = cache.get(key)
    if cached is not None:
        return await respond(cached, request, "hit")
    generation = cache.generation
    found = await executor.run(
        read_graph, graph, fmt, settings.max_rows, timeout=settings.query_timeout
    )
    if found is None:
        raise ServiceError(404, f"no graph <{graph}> in the store")
    body, truncated = found
    headers = {TRUNCATED: "true", ROW_LIMIT: str(settings.max_rows)} if truncated else {}
    entry = encoded(body, MEDIA[fmt], headers)
    cache.put(key, generation, entry)
    return await respond(entry, request, "miss")


@router.api_route("/store", methods=["PUT", "POST", "DELETE", "PATCH"], include_in_schema=False)
async def graph_store_write() -> Response:
    raise ServiceError(405, _READ_ONLY, {"Allow": "GET, HEAD"})
