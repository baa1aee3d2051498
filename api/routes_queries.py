"""GET /queries and GET /queries/{name}: the named queries, parameters bound as RDF terms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api.deps import get_queries, get_store
from api.engine import BadQuery, NotAcceptable, run_query
from api.errors import problem
from api.negotiation import MEDIA
from plankg.queries import NamedQuery, QueryError
from plankg.store import EmbeddedStore

router = APIRouter(tags=["named queries"])


@router.get("/queries", summary="The named queries and their parameters")
async def list_queries(
    queries: Annotated[dict[str, NamedQuery], Depends(get_queries)],
) -> list[dict[str, object]]:
    return [
        {
            "name": q.name,
            "summary": q.summary,
            "description": q.description.strip(),
            "params": [
                {
                    "name": p.name,
                    "description": p.description,
                    "default": p.default,
                    "pattern": p.pattern,
                }
                for p in q.params
            ],
        }
        for q in queries.values()
    ]


@router.get("/queries/{name}", summary="Run a named query")
async def run_named(
    name: str,
    request: Request,
    store: Annotated[EmbeddedStore, Depends(get_store)],
    queries: Annotated[dict[str, NamedQuery], Depends(get_queries)],
) -> Response:
    query = queries.get(name)
    if query is None:
        return problem(404, f"no named query {name!r}")
    try:
        sparql = query.bound(dict(request.query_params))
        answer = await run_query(store, sparql, request.headers.get("accept"), json_rows=True)
    except QueryError as exc:
        return problem(400, str(exc))
    except BadQuery:
        return problem(500, f"named query {name!r} is broken")
    except NotAcceptable:
        return problem(406, "no acceptable result format")
    media = "application/json" if answer.fmt == "rows" else MEDIA[answer.fmt]
    return Response(answer.body, media_type=media)
