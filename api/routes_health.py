"""Liveness and readiness."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Response

from api.deps import get_store
from plankg.store import EmbeddedStore

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="200 while the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _ask(store: EmbeddedStore) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }"))


@router.get("/readyz", summary="200 when the store answers")
async def readyz(store: Annotated[EmbeddedStore, Depends(get_store)]) -> Response:
    try:
        ready = await anyio.to_thread.run_sync(_ask, store)
    except OSError:
        ready = False
    return Response(
        '{"status":"ready"}' if ready else '{"status":"empty"}',
        status_code=200 if ready else 503,
        media_type="application/json",
    )
