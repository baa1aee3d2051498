"""One documented operation per named query: `GET /queries/<name>`, with its parameters,
its columns and its formats in the OpenAPI description, so generated clients get a typed
method per query. Each route runs the generic route's handler, so behaviour is the same."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from api.cache import AnswerCache
from api.deps import get_cache, get_executor, get_settings
from api.routes_queries import answer_named
from plankg.policy import reach
from plankg.queries import NamedQuery
from plankg.settings import Settings
from plankg.sparql_lexer import columns, query_form
from workers.executor import Executor

TAG = "named queries"


class Problem(BaseModel):
    """The body of every error response."""

    status: int
    detail: str


def operation_id(name: str) -> str:
    """`lead-agencies` -> `query_lead_agencies`."""
    return "query_" + re.sub(r"\W+", "_", name).strip("_").lower()


def _pattern(pattern: str) -> str:
    """The parameter's pattern as an anchored ECMA-262 regex (Python checks a full match)."""
    if pattern.startswith("^") and pattern.endswith("$"):
        return pattern
    return f"^(?:{pattern})$"


# The page of a long answer (api.routes_queries.PAGING), a key of every named query.
PAGING_PARAMETERS = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": "rows (or triples) of this page, at most the server's row cap "
        "(PLANKG_MAX_ROWS), which is the default",
        "schema": {"type": "integer", "minimum": 1},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "description": "rows skipped before this page; an answer longer than the page "
        'names the next one in its Link header (rel="next")',
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
]


def _parameters(query: NamedQuery) -> list[dict[str, Any]]:
    out = []
    for param in query.params:
        schema: dict[str, Any] = {"type": "string"}
        if param.pattern:
            schema["pattern"] = _pattern(param.pattern)
        if param.default is not None:
            schema["default"] = param.default
        known = param.known_values()
        if known:
            schema["enum"] = list(known)  # any other value answers 400, naming these
        out.append(
            {
                "name": param.name,
                "in": "query",
                "required": False,
                "description": param.description,
                "schema": schema,
            }
        )
    return out + PAGING_PARAMETERS


def _row_schema(query: NamedQuery) -> dict[str, Any]:
    title = "".join(part.capitalize() for part in re.split(r"\W+|_", query.name) if part)
    row: dict[str, Any] = {"type": "object", "title": f"{title}Row"}
    names = columns(query.text)
    if names is not None:
        row["properties"] = {name: {"type": "string"} for name in names}
        row["description"] = "One result row; an unbound column is left out."
    return {"type": "array", "items": row}


GRAPH_MEDIA = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def _ok(query: NamedQuery) -> dict[str, Any]:
    text = {"schema": {"type": "string"}}
    if query_form(query.text) in ("CONSTRUCT", "DESCRIBE"):
        return {
            "description": "The graph, in the RDF format the Accept header asks for "
            "(Turtle without one).",
            "content": {
                media: {"schema": {"type": "object"}} if media.endswith("json") else text
                for media in GRAPH_MEDIA
            },
        }
    return {
        "description": "The rows, in the format the Accept header asks for: "
        "`application/json` gives a plain array of row objects; without an Accept "
        "header the answer is SPARQL JSON results.",
        "content": {
            "application/json": {"schema": _row_schema(query)},
            "application/sparql-results+json": {"schema": {"type": "object"}},
            "application/sparql-results+xml": text,
            "text/csv": text,
            "text/tab-separated-values": text,
        },
    }


def _responses(query: NamedQuery) -> dict[int | str, dict[str, Any]]:
    responses: dict[int | str, dict[str, Any]] = {200: _ok(query)}
    if reach(query.text).services:
        responses[403] = {
            "model": Problem,
            "description": "The query calls another SPARQL service (SERVICE), which this "
            "server refuses unless its endpoint is on the allow-list "
            "(PLANKG_SERVICE_ALLOW_LIST).",
        }
    return responses | {
        400: {
            "model": Problem,
            "description": "A parameter value is not one of its known values (a "
            "vocabulary's notations, listed in the answer; a GB/T 2260 code of the "
            "gazetteer) or does not match its pattern, or a query-string key is not a "
            "parameter of this query.",
        },
        406: {"model": Problem, "description": "No acceptable result format."},
        500: {"model": Problem, "description": "The store could not be read."},
        503: {
            "model": Problem,
            "description": "The query ran out of time, or the store is unavailable.",
        },
    }


def _endpoint(query: NamedQuery) -> Callable[..., Awaitable[Response]]:
    async def endpoint(
        request: Request,
        executor: Annotated[Executor, Depends(get_executor)],
        settings: Annotated[Settings, Depends(get_settings)],
        cache: Annotated[AnswerCache, Depends(get_cache)],
    ) -> Response:
        return await answer_named(query, request, executor, settings, cache)

    return endpoint


def named_query_router(queries: dict[str, NamedQuery]) -> APIRouter:
    """A `GET /queries/<name>` operation per named query; include it before the generic
    `/queries/{name}` route."""
    router = APIRouter(tags=[TAG])
    for query in queries.values():
        description = query.description.strip()
        description += (
            "\n\nEvery parameter is optional; a query-string key that is not a "
            "parameter is refused with 400. An answer longer than the row cap comes in "
            'pages: `Plankg-Truncated: true` and a `Link` to the next (rel="next").'
        )
        router.add_api_route(
            f"/queries/{query.name}",
            _endpoint(query),
            methods=["GET"],
            operation_id=operation_id(query.name),
            name=operation_id(query.name),
            summary=query.summary or f"Run the named query {query.name}",
            description=description,
            response_model=None,
            response_class=Response,  # the media types are those documented, not a default JSON
            responses=_responses(query),
            openapi_extra={"parameters": _parameters(query)},
        )
    return router
