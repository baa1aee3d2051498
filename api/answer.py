"""A query job run through the workers, its outcome as a response: the answer with the
row-cap headers, or a problem naming what went wrong (never a stack trace)."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request, Response

from api.cache import Encoded, encoded
from api.cache import respond as respond_encoded
from api.engine import Answer, BadQuery, Job, NotAcceptable, QueryFailed, run_query
from api.errors import problem
from api.negotiation import MEDIA
from plankg.policy import Refused
from workers.errors import (
    QueryOutOfMemory,
    QueryTimeout,
    Rejected,
    StoreUnavailable,
    WorkerFailed,
)
from workers.executor import Executor

TRUNCATED = "Plankg-Truncated"
ROW_LIMIT = "Plankg-Row-Limit"
GRAPHS = "Plankg-Graphs"  # how many graphs a scoped answer read (api.scoping)


def timeout_problem(exc: QueryTimeout) -> Response:
    return problem(
        503, f"the query did not finish within the {exc.limit:g} s time limit and was stopped"
    )


def failure_problem(exc: Exception) -> Response | None:
    """The problem response for a failure of the workers, None for other exceptions."""
    if isinstance(exc, QueryTimeout):
        return timeout_problem(exc)
    if isinstance(exc, Rejected):
        response = problem(exc.status, exc.detail)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, StoreUnavailable):
        return problem(503, "the store is unavailable")
    if isinstance(exc, QueryOutOfMemory):
        return problem(
            503,
            f"the query needed more than the {exc.limit // 2**20} MiB of memory a query may "
            "use and was stopped",
        )
    if isinstance(exc, WorkerFailed):
        return problem(500, "the query process failed")
    if isinstance(exc, QueryFailed):
        return problem(exc.status, exc.detail)
    return None


def row_cap_headers(answer: Answer) -> dict[str, str]:
    # 0 is an answer too: a division without plans, by a query reading no reference graph
    headers = {GRAPHS: str(answer.graphs)} if answer.graphs is not None else {}
    if answer.truncated:
        headers.update({TRUNCATED: "true", ROW_LIMIT: str(answer.row_limit)})
    return headers


async def run(
    executor: Executor, job: Job, timeout: float, broken: str | None = None
) -> Answer | Response:
    """The answer, or the problem response for a failed query. `broken`: the query is
    the service's own, so a syntax error is the server's fault (500, saying this)."""
    try:
        return await run_query(executor, job, timeout)
    except BadQuery as exc:
        if broken is not None:
            return problem(500, broken)
        return problem(400, str(exc))  # one line with the position (plankg.sparql_errors)
    except NotAcceptable:
        return problem(406, "no acceptable result format for this query")
    except Refused as exc:
        return problem(403, exc.detail)
    except (QueryTimeout, Rejected, StoreUnavailable, WorkerFailed, QueryFailed) as exc:
        response = failure_problem(exc)
        assert response is not None
        return response


def encode(
    answer: Answer, media: str | None = None, headers: Mapping[str, str] | None = None
) -> Encoded:
    """The answer as a body ready to send (api.cache), with the row-cap headers and any
    `headers` given."""
    return encoded(
        answer.body, media or MEDIA[answer.fmt], {**row_cap_headers(answer), **(headers or {})}
    )


async def respond(answer: Answer, request: Request, media: str | None = None) -> Response:
    """The answer with its ETag, gzip when accepted, 304 for a matching If-None-Match."""
    return await respond_encoded(encode(answer, media), request)
