"""Operational middleware: structured access logs, CORS for browser clients, gzip, the
client of each request (for the lanes' admission, api.admission) and the Prometheus
metrics (api.metrics)."""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.admission import ClientMiddleware
from plankg.settings import Settings

log = logging.getLogger("plankg.access")
# Headers browser clients may read besides the CORS-safelisted ones.
EXPOSED = [
    "Link",
    "ETag",
    "Retry-After",
    "Plankg-Cache",
    "Plankg-Graphs",
    "Plankg-Truncated",
    "Plankg-Row-Limit",
    "X-Request-ID",
    "Server-Timing",
]


def _configure_logger() -> None:
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


class AccessLog:
    """One JSON line per request: what was asked, what was answered, how long it took.
    Plain ASGI (Starlette's BaseHTTPMiddleware costs a task and a stream per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        start = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            client = scope.get("client")
            log.info(
                json.dumps(
                    {
                        "ts": round(time.time(), 3),
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "query": scope.get("query_string", b"").decode("latin-1"),
                        "status": status,
                        "ms": round((time.perf_counter() - start) * 1000, 2),
                        "client": client[0] if client else None,
                        "agent": headers.get("user-agent"),
                    },
                    ensure_ascii=False,
                )
            )


def add_operations(app: FastAPI) -> None:
    _configure_logger()
    settings: Settings = app.state.settings
    app.add_middleware(ClientMiddleware, trusted_proxies=tuple(settings.trusted_proxies))
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
    app.add_middleware(AccessLog)
    metrics.install(app)
