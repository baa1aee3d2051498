"""Dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from plankg.queries import NamedQuery
from plankg.store import EmbeddedStore


def get_store(request: Request) -> EmbeddedStore:
    store: EmbeddedStore = request.app.state.store
    return store


def get_queries(request: Request) -> dict[str, NamedQuery]:
    """The named queries, read once when the app starts."""
    queries: dict[str, NamedQuery] = request.app.state.queries
    return queries
