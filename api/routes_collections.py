"""GET /cities, /plans, /agencies, /measures, /targets: filtered, paginated JSON-LD lists.

Each item is a node with its "@id" (the instance IRI, dereferenceable under /id/ when
PLANKG_BASE_IRI points at the service) and a few key fields, compacted with the service's
context ("@context" is the URL of /context.jsonld). Filter values are checked by pattern,
made typed literals and bound by a VALUES block (plankg.queries.bind), never spliced into
the query text; each filter adds a fixed graph pattern. Paging: `limit` (1..1000, default
100) and `offset`, in a stable order; a `Link` header gives rel="next"/"prev".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.answer import failure_problem
from api.cache import encoded, respond
from api.collection_items import (
    AGENCIES,
    CITIES,
    MEASURES,
    PLANS,
    TARGETS,
    Collection,
    items,
    within,
)
from api.deps import get_app_cache, get_executor
from api.errors import problem
from api.routes_context import context_url
from api.routes_queries import page_links
from api.web.pages_search import current_overview
from plankg.settings import Settings
from workers.executor import Executor

router = APIRouter(tags=["collections"])

CODE = r"^[0-9]{6}$"
NOTATION = r"^[A-Za-z0-9][A-Za-z0-9-]{0,60}$"
Limit = Annotated[int, Query(ge=1, le=1000, description="items per page (1..1000)")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
City = Annotated[str | None, Query(pattern=CODE, description="GB/T 2260 code of the city")]


async def _answer(
    request: Request,
    workers: Executor,
    coll: Collection,
    filters: dict[str, str | None],
    limit: int,
    offset: int,
) -> Response:
    allowed = {"limit", "offset", *coll.filters}
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        return problem(
            400,
            f"unknown parameter {', '.join(unknown)} (parameters: {', '.join(sorted(allowed))})",
        )
    given = {k: v for k, v in filters.items() if v}
    settings: Settings = request.app.state.settings
    cache = get_app_cache(request.app)
    ctx = context_url(request)
    key = ("collection", coll.type_iri, tuple(sorted(given.items())), limit, offset, ctx)
    cached = cache.get(key)
    if cached is not None:
        return await respond(cached, request, "hit")
    generation = cache.generation
    try:
        body, count = await workers.run(
            items,
            coll,
            given,
            limit,
            offset,
            ctx,
            settings.base,
            within(coll, given, limit, offset, current_overview(request.app)),
            timeout=settings.query_timeout,
        )
    except Exception as exc:
        failure = failure_problem(exc)
        if failure is None:
            raise
        return failure
    # a full page may have a next one
    links = page_links(request.url.path, given, limit, offset, count == limit)
    headers = {"Link": links} if links else {}
    entry = encoded(body, "application/ld+json", headers)
    cache.put(key, generation, entry)
    return await respond(entry, request, "miss")


Workers = Annotated[Executor, Depends(get_executor)]


@router.get("/cities", summary="Divisions that have plans", response_class=Response)
async def cities(
    request: Request,
    workers: Workers,
    province: Annotated[
        str | None, Query(pattern=CODE, description="province GB/T 2260 code")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, CITIES, {"province": province}, limit, offset)


@router.get("/plans", summary="The plans", response_class=Response)
async def plans(
    request: Request,
    workers: Workers,
    city: City = None,
    status: Annotated[
        str | None, Query(pattern=r"^(draft|issued)$", description="draft or issued")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, PLANS, {"city": city, "status": status}, limit, offset)


@router.get("/agencies", summary="The agencies named in the plans", response_class=Response)
async def agencies(
    request: Request,
    workers: Workers,
    city: City = None,
    type: Annotated[str | None, Query(pattern=NOTATION, description="agency-type notation")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, AGENCIES, {"city": city, "type": type}, limit, offset)


@router.get("/measures", summary="The measures of the plans", response_class=Response)
async def measures(
    request: Request,
    workers: Workers,
    city: City = None,
    topic: Annotated[
        str | None, Query(pattern=NOTATION, description="topic notation (primary or mentioned)")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, MEASURES, {"city": city, "topic": topic}, limit, offset)


@router.get("/targets", summary="The quantitative targets", response_class=Response)
async def targets(
    request: Request,
    workers: Workers,
    city: City = None,
    indicator: Annotated[
        str | None, Query(pattern=NOTATION, description="indicator notation")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(
        request, workers, TARGETS, {"city": city, "indicator": indicator}, limit, offset
    )
