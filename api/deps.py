"""Dependencies shared by the routers, and the query workers' lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request

from api.executor import Executor
from plankg.backends import StoreSpec
from plankg.queries import NamedQuery
from plankg.settings import Settings

# The dependencies are `async def`: FastAPI runs plain `def` ones in a thread pool, a
# thread hop per dependency per request.

# Modules the workers import once at start, so the first query pays no import cost.
WORKER_MODULES = (
    "api.engine",
    "api.routes_collections",
    "api.routes_dumps",
    "api.void",
    "api.routes_resources",
)


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _new_executor(app: FastAPI) -> Executor:
    settings: Settings = app.state.settings
    executor = Executor(StoreSpec.from_settings(settings), settings.query_workers, WORKER_MODULES)
    app.state.executor = executor
    return executor


async def get_executor(request: Request) -> Executor:
    """The worker pool; started by the lifespan, or on first use without one."""
    executor: Executor | None = getattr(request.app.state, "executor", None)
    return executor if executor is not None else _new_executor(request.app)


@asynccontextmanager
async def workers_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the query workers with the application and stop them with it."""
    executor = _new_executor(app)
    await executor.start()
    try:
        yield
    finally:
        await executor.close()


async def get_queries(request: Request) -> dict[str, NamedQuery]:
    """The named queries, read once when the app starts."""
    queries: dict[str, NamedQuery] = request.app.state.queries
    return queries
