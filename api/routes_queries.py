"""GET /queries and GET /queries/{name}: the named queries, parameters bound as RDF terms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api import answer
from api.cache import AnswerCache, respond
from api.deps import get_cache, get_executor, get_queries, get_settings
from api.engine import Job
from api.errors import ServiceError, problem
from api.negotiation import MEDIA
from plankg import policy
from plankg.queries import NamedQuery, QueryError
from plankg.settings import Settings
from workers.executor import Executor

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
                    # the values it takes, when they are a list (a vocabulary's notations)
                    **({"values": list(known)} if (known := p.known_values()) else {}),
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
    executor: Annotated[Executor, Depends(get_executor)],
    settings: Annotated[Settings, Depends(get_settings)],
    queries: Annotated[dict[str, NamedQuery], Depends(get_queries)],
    cache: Annotated[AnswerCache, Depends(get_cache)],
) -> Response:
    query = queries.get(name)
    if query is None:
        raise ServiceError(404, f"no named query {name!r}")
    return await answer_named(query, request, executor, settings, cache)


async def answer_named(
    query: NamedQuery,
    request: Request,
    executor: Executor,
    settings: Settings,
    cache: AnswerCache,
) -> Response:
    """Run a named query with the request's query-string keys as its parameters (unknown
    keys and bad values are a 400), answered in the negotiated format. Shared by the
    generic route and the per-query routes of api.openapi_queries."""
    name = query.name
    accept = request.headers.get("accept")
    key = (name, tuple(sorted(request.query_params.multi_items())), accept)
    cached = cache.get(key)
    if cached is not None:
        return respond(cached, request, "hit")
    generation = cache.generation  # before the query runs: see AnswerCache.put
    try:
        sparql = query.bound(dict(request.query_params))
    except QueryError as exc:
        return problem(400, str(exc))
    city = request.query_params.get("city") if query.scope == "city" else None
    job = Job(
        sparql,
        accept,
        settings.max_rows,
        json_rows=True,
        # named queries are ours, but a SERVICE in one still needs the allow-list
        allow_list=tuple(settings.service_allow_list) if policy.reaches_out(query.text) else None,
        city=city or None,  # api.scoping: read only that city's plan graphs
        base=settings.base,
        reads=query.reads,
        summaries=query.summaries,
    )
    result = await answer.run(
        executor, job, settings.query_timeout, broken=f"named query {name!r} is broken"
    )
    if isinstance(result, Response):
        return result
    media = "application/json" if result.fmt == "rows" else MEDIA[result.fmt]
    entry = answer.encode(result, media)
    cache.put(key, generation, entry)
    return respond(entry, request, "miss")
