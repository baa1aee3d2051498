"""What a lane has done since it started, for the metrics (api.metrics), and where the
time of a request's last piece of work went, for its Server-Timing header (api.cache)."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass
class LaneStats:
    completed: int = 0
    killed: int = 0  # at the time limit
    out_of_memory: int = 0  # stopped past the lane's memory limit
    died: int = 0  # the worker process died or the request was cancelled mid-query
    rejected_client: int = 0  # 429
    rejected_queue: int = 0  # 503


# Seconds waiting for a worker, and in the worker (from sending the task to its answer
# beginning to arrive), of the request's last piece of work.
work_timing: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "plankg_work_timing", default=None
)
