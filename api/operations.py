"""Operational middleware: structured access logs, CORS for browser clients, gzip."""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

log = logging.getLogger("plankg.access")
# Headers browser clients may read besides the CORS-safelisted ones.
EXPOSED = ["Link", "Plankg-Truncated", "Plankg-Row-Limit", "X-Request-ID"]


def _configure_logger() -> None:
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


async def access_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """One JSON line per request: what was asked, what was answered, how long it took."""
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    start = time.perf_counter()
    status = 500
    try:
        response = await call_next(request)
        status = response.status_code
        response.headers["X-Request-ID"] = request_id
        return response
    finally:
        log.info(
            json.dumps(
                {
                    "ts": round(time.time(), 3),
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.url.path,
                    "query": request.url.query,
                    "status": status,
                    "ms": round((time.perf_counter() - start) * 1000, 2),
                    "client": request.client.host if request.client else None,
                    "agent": request.headers.get("user-agent"),
                },
                ensure_ascii=False,
            )
        )


def add_operations(app: FastAPI) -> None:
    _configure_logger()
    # Public, read-only data: any origin may read, no credentials are involved.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=EXPOSED,
        max_age=3600,
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.middleware("http")(access_log)
