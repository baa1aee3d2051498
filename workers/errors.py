"""What a lane raises instead of an answer: each failure of the workers its own type, so
the service words each one in one place (api.answer.failure_problem).

The exceptions a worker sends back (StoreUnavailable, WorkerFailed, UnknownTask) are
rebuilt by pickle from their `args`, so each keeps its constructor's arguments there."""

from __future__ import annotations


class QueryTimeout(Exception):
    """The work did not finish within its time limit; the worker was killed."""

    def __init__(self, limit: float) -> None:
        super().__init__(limit)
        self.limit = limit


class WorkerFailed(Exception):
    """The worker died or raised something that is not part of a task's contract."""


class QueryOutOfMemory(WorkerFailed):
    """The work needed more memory than its lane allows; the worker was stopped."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit  # bytes


class StoreUnavailable(Exception):
    """The worker could not open the store."""


class UnknownTask(LookupError):
    """A function that is not a task of the lane's registry (workers.registry): a worker
    could not run it, so it is refused before it is sent."""


class Rejected(Exception):
    """Admission refused the work before it reached a worker: `status` 429 (the client
    has its share of the lane already) or 503 (the lane's queue is full)."""

    def __init__(self, status: int, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.retry_after = retry_after
