"""Liveness and readiness. The router also carries the query workers' lifespan."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response

from api.deps import lanes, workers_lifespan
from api.tasks import ask
from workers.errors import QueryTimeout, Rejected, StoreUnavailable, WorkerFailed

router = APIRouter(tags=["operations"], lifespan=workers_lifespan)

READY_TIMEOUT = 1.0  # seconds: /readyz answers promptly, 503 when no worker does


@router.get("/healthz", summary="200 while the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="200 when a query worker answers from the store; the lanes' queue state, "
    "the search index's",
)
async def readyz(request: Request) -> Response:
    named, sparql = lanes(request.app)
    try:
        ready = await named.run(ask, timeout=READY_TIMEOUT)
        status = "ready" if ready else "empty"
    except (QueryTimeout, WorkerFailed, Rejected):
        ready, status = False, "busy"
    except (StoreUnavailable, OSError):
        ready, status = False, "unavailable"
    body: dict[str, object] = {
        "status": status,
        "lanes": {lane.name: lane.state() for lane in (named, sparql)},
    }
    index = getattr(request.app.state, "search_index", None)  # built in the background
    if index is not None:
        body["search"] = index.state()
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=200 if ready else 503,
        media_type="application/json",
    )
