"""Dependencies shared by the routers, and the query workers' lifetime."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from fastapi import FastAPI, Request

from api.cache import AnswerCache
from api.tasks import TASKS
from plankg.backends import StoreSpec
from plankg.dataset import read_modified
from plankg.queries import NamedQuery
from plankg.settings import Settings
from workers.errors import QueryTimeout, Rejected, StoreUnavailable, WorkerFailed
from workers.executor import Executor
from workers.lane import Lane

# The dependencies are `async def`: FastAPI runs plain `def` ones in a thread pool, a
# thread hop per dependency per request.


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _new_lanes(app: FastAPI) -> tuple[Executor, Executor]:
    """The two lanes of query workers (workers.lane), both serving the tasks of api.tasks:
    "named" for the bounded work of the named queries, /id/ pages, collections and
    readiness, "sparql" for ad-hoc queries, the dataset description and the dumps, so
    that no runaway query of the latter ever holds a worker of the former."""
    settings: Settings = app.state.settings
    spec = StoreSpec.from_settings(settings, serving=True)
    named = Lane(
        spec,
        TASKS,
        settings.query_workers,
        name="named",
        max_queue=settings.named_queue,
        client_limit=settings.client_named_concurrency,
        reject_delay=settings.reject_delay_seconds,
    )
    sparql = Lane(
        replace(spec, in_memory=not settings.endpoint and settings.sparql_serve_from == "memory"),
        TASKS,
        settings.sparql_workers,
        name="sparql",
        max_queue=settings.sparql_queue,
        client_limit=settings.client_sparql_concurrency,
        niceness=settings.sparql_nice,
        reject_delay=settings.reject_delay_seconds,
        memory_limit=settings.sparql_query_memory_mb * 2**20,
    )
    app.state.executor, app.state.sparql_executor = named, sparql
    return named, sparql


def lanes(app: FastAPI) -> tuple[Executor, Executor]:
    named: Executor | None = getattr(app.state, "executor", None)
    sparql: Executor | None = getattr(app.state, "sparql_executor", None)
    if named is None or sparql is None:
        return _new_lanes(app)
    return named, sparql


async def get_executor(request: Request) -> Executor:
    """The named lane; started by the lifespan, or on first use without one."""
    return lanes(request.app)[0]


async def get_sparql_executor(request: Request) -> Executor:
    """The sparql lane: ad-hoc queries and whole-dataset work (dumps, /dataset)."""
    return lanes(request.app)[1]


@asynccontextmanager
async def workers_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the query workers with the application and stop them with it, and keep the
    answer cache's idea of the store generation current meanwhile."""
    executor, sparql = _new_lanes(app)
    await executor.start()
    await sparql.start()
    settings: Settings = app.state.settings
    cache = get_app_cache(app)
    refresher = asyncio.create_task(_follow_generation(executor, cache, settings))
    try:
        yield
    finally:
        refresher.cancel()
        await executor.close()
        await sparql.close()


async def _follow_generation(executor: Executor, cache: AnswerCache, settings: Settings) -> None:
    """Read the store's generation now and, for a remote server (others may write to
    it), every `cache_check_seconds`; a served embedded store cannot change (plankg.locks),
    so once it is read that is all. When it cannot be read (workers busy past the limit,
    server down) the cache is left as it was: the queries then fail or wait the same way."""
    if settings.cache_bytes <= 0:
        return
    while True:
        try:
            generation = await executor.run(
                read_modified, settings.base, timeout=settings.query_timeout
            )
            cache.set_generation(generation)
            if not settings.endpoint:
                return
        except (QueryTimeout, Rejected, WorkerFailed, StoreUnavailable, OSError):
            pass
        await asyncio.sleep(settings.cache_check_seconds)


def get_app_cache(app: FastAPI) -> AnswerCache:
    cache: AnswerCache | None = getattr(app.state, "cache", None)
    if cache is None:
        settings: Settings = app.state.settings
        cache = app.state.cache = AnswerCache(settings.cache_bytes)
    return cache


async def get_cache(request: Request) -> AnswerCache:
    """The named queries' answer cache (api.cache)."""
    return get_app_cache(request.app)


async def get_queries(request: Request) -> dict[str, NamedQuery]:
    """The named queries, read once when the app starts."""
    queries: dict[str, NamedQuery] = request.app.state.queries
    return queries
