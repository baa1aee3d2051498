"""GET /metrics: Prometheus metrics of the service (prometheus-client, text format).

- `plankg_http_requests_total{route,method,status}` and
  `plankg_http_request_duration_seconds{route}` (histogram), by route template
  (`/queries/{name}`, `/id/{path:path}`, …), so the label set stays small;
- per lane (workers.lane): workers, busy, idle, starting, queued (gauges) and the work
  completed, killed at the time limit, died, and refused (`reason`: `client` = 429,
  `queue` = 503) (counters);
- the answer cache: hits, misses (counters), entries and bytes held (gauges).

The registry belongs to the app. `plankg serve` runs one server process (uvicorn
without `--workers`; the query workers are separate processes but report nothing
themselves: the lanes count for them), so no multiprocess mode is needed.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import get_app_cache, lanes

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

router = APIRouter(tags=["operations"])


class _StateCollector(Collector):
    """Reads the lanes and the cache at scrape time."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        gauges = {
            name: GaugeMetricFamily(f"plankg_lane_{name}", text, labels=["lane"])
            for name, text in (
                ("workers", "query worker processes of the lane"),
                ("busy", "workers running a query"),
                ("idle", "workers waiting for work"),
                ("starting", "workers opening the store"),
                ("queued", "requests waiting for a worker"),
            )
        }
        completed = CounterMetricFamily(
            "plankg_lane_completed", "queries answered by a worker", labels=["lane"]
        )
        killed = CounterMetricFamily(
            "plankg_queries_killed",
            "queries stopped at the time limit (the worker killed)",
            labels=["lane"],
        )
        out_of_memory = CounterMetricFamily(
            "plankg_queries_out_of_memory",
            "queries stopped past the lane's memory limit (the worker stopped)",
            labels=["lane"],
        )
        died = CounterMetricFamily(
            "plankg_lane_worker_died",
            "workers lost mid-query (died, or the request went away)",
            labels=["lane"],
        )
        rejected = CounterMetricFamily(
            "plankg_lane_rejected",
            "requests refused by admission: client = 429 over the client's share, "
            "queue = 503 queue full",
            labels=["lane", "reason"],
        )
        for lane in lanes(self.app):
            state = lane.state()
            gauges["workers"].add_metric([lane.name], lane.size)
            for name in ("busy", "idle", "starting", "queued"):
                gauges[name].add_metric([lane.name], state[name])
            completed.add_metric([lane.name], lane.stats.completed)
            killed.add_metric([lane.name], lane.stats.killed)
            out_of_memory.add_metric([lane.name], lane.stats.out_of_memory)
            died.add_metric([lane.name], lane.stats.died)
            rejected.add_metric([lane.name, "client"], lane.stats.rejected_client)
            rejected.add_metric([lane.name, "queue"], lane.stats.rejected_queue)
        yield from gauges.values()
        yield from (completed, killed, out_of_memory, died, rejected)
        cache = get_app_cache(self.app)
        yield CounterMetricFamily("plankg_cache_hits", "answers served from the cache", cache.hits)
        yield CounterMetricFamily(
            "plankg_cache_misses", "cacheable requests answered by a worker", cache.misses
        )
        yield GaugeMetricFamily("plankg_cache_entries", "answers held", len(cache))
        yield GaugeMetricFamily(
            "plankg_cache_bytes", "bytes of the answers held, all encodings", cache.bytes
        )


class Metrics:
    def __init__(self, app: FastAPI) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "plankg_http_requests",
            "HTTP requests answered, by route template, method and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "plankg_http_request_duration_seconds",
            "time from the request to the end of the response, by route template",
            ["route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_StateCollector(app))


def _route(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class MetricsMiddleware:
    """Counts every HTTP request by the route it matched. Plain ASGI, as api.operations."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = _route(scope)
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - start)


def install(app: FastAPI) -> None:
    metrics = Metrics(app)
    app.state.metrics = metrics
    app.include_router(router)
    app.add_middleware(MetricsMiddleware, metrics=metrics)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics_page(request: Request) -> Response:
    metrics: Metrics = request.app.state.metrics
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
