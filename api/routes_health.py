"""Liveness and readiness. The router also carries the query workers' lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from api.deps import get_executor, workers_lifespan
from api.executor import Executor, QueryTimeout, StoreUnavailable, WorkerFailed
from plankg.backends import QueryStore

router = APIRouter(tags=["operations"], lifespan=workers_lifespan)

READY_TIMEOUT = 1.0  # seconds: /readyz answers promptly, 503 when no worker does


@router.get("/healthz", summary="200 while the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _ask(store: QueryStore) -> bool:
    return bool(store.query("ASK { ?s ?p ?o }"))


@router.get("/readyz", summary="200 when a query worker answers from the store")
async def readyz(executor: Annotated[Executor, Depends(get_executor)]) -> Response:
    try:
        ready = await executor.run(_ask, timeout=READY_TIMEOUT)
        status = "ready" if ready else "empty"
    except (QueryTimeout, WorkerFailed):
        ready, status = False, "busy"
    except (StoreUnavailable, OSError):
        ready, status = False, "unavailable"
    return Response(
        f'{{"status":"{status}"}}',
        status_code=200 if ready else 503,
        media_type="application/json",
    )
