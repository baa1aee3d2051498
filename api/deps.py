"""Dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from plankg.store import EmbeddedStore


def get_store(request: Request) -> EmbeddedStore:
    store: EmbeddedStore = request.app.state.store
    return store
