"""GET /id/{path}: every instance IRI `{base}id/{path}` described (api.describe), as JSON-LD
or Turtle for programs, or for people as a page of the web application
(api.web.pages_resource)."""

from __future__ import annotations

from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api.cache import AnswerCache, encoded, respond
from api.deps import get_cache, get_executor
from api.describe import describe
from api.errors import ServiceError
from api.executor import Executor
from api.linked import compact, context_url, expand, json_bytes
from api.negotiation import pick
from api.web import pages_resource
from plankg.backends import QueryStore
from plankg.settings import Settings

router = APIRouter(tags=["linked data"])

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
}


def negotiate(accept: str | None) -> str | None:
    """jsonld, ttl or html for an Accept header (JSON-LD when absent); None if none fits."""
    return pick(accept, _FORMATS, "jsonld")


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
    if fmt == "html":
        return await pages_resource.page(request, iri)
    ctx = context_url(request)
    key = ("id", iri, fmt, ctx)  # as a named query: kept until the store changes
    cached = cache.get(key)
    if cached is not None:
        return respond(cached, request, "hit")
    generation = cache.generation
    body = await executor.run(_render, iri, fmt, ctx, settings.base, timeout=settings.query_timeout)
    if body is None:
        raise ServiceError(404, f"no resource <{iri}>")
    entry = encoded(body, MEDIA[fmt])
    cache.put(key, generation, entry)
    return respond(entry, request, "miss")
