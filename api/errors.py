"""Errors: one typed service error, answered by app-level handlers (never by a route's own
try/except): `application/problem+json` (RFC 9457) to API clients, the app's error page
(its layout, navigation and language) to browsers. A status and a one-line reason, never
a stack trace. Unknown routes (404) and methods (405) take the same way."""

from __future__ import annotations

import json
from http import HTTPStatus

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM = "application/problem+json"


class ServiceError(Exception):
    """A request the service refuses or cannot answer: `status` and a one-line `detail`."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": _title(status), "status": status, "detail": detail},
        status_code=status,
        media_type=PROBLEM,
        headers=headers,
    )


def wants_html(request: Request) -> bool:
    """A browser asking for a page: text/html (or XHTML) acceptable with q > 0."""
    for part in (request.headers.get("accept") or "").split(","):
        fields = [f.strip().lower() for f in part.split(";")]
        if fields[0] in ("text/html", "application/xhtml+xml"):
            q = next((f[2:] for f in fields[1:] if f.startswith("q=")), "1")
            try:
                if float(q) > 0:
                    return True
            except ValueError:
                continue
    return False


def answer(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> Response:
    """The error as the client wants it: the app's error page or problem+json."""
    if wants_html(request) and request.method in ("GET", "HEAD"):
        from api.web.render import error_response  # the pages import this module

        response = error_response(request, status, detail)
        response.headers.update(headers or {})
        return response
    return problem(status, detail, headers)


_REASONS = {
    404: "no such resource: {path}",
    405: "{method} is not allowed on {path}",
}


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return answer(request, exc.status, exc.detail, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    if detail == _title(exc.status_code) and exc.status_code in _REASONS:
        detail = _REASONS[exc.status_code].format(path=request.url.path, method=request.method)
    return answer(request, exc.status_code, detail, dict(exc.headers or {}))


async def _worker_failure(request: Request, exc: Exception) -> Response:
    """A query worker's failure (time limit, admission, store, worker): its status and
    reason as api.answer.failure_problem words them."""
    from api.answer import failure_problem

    response = failure_problem(exc)
    if response is None:
        raise exc
    detail = json.loads(bytes(response.body))["detail"]
    retry = response.headers.get("retry-after")
    return answer(request, response.status_code, detail, {"Retry-After": retry} if retry else None)


async def _invalid_request(request: Request, exc: Exception) -> Response:
    """FastAPI's validation of a route's declared parameters: 400, one line per request."""
    assert isinstance(exc, RequestValidationError)
    reasons = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
        given = error.get("input")
        shown = f"={given!r}" if isinstance(given, str | int | float) else ""
        reasons.append(f"{where}{shown}: {error.get('msg', 'invalid')}")
    return answer(request, 400, "; ".join(reasons) or "invalid request")


def install(app: FastAPI) -> None:
    from api.engine import QueryFailed
    from workers.errors import QueryTimeout, Rejected, StoreUnavailable, WorkerFailed

    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    for failure in (QueryTimeout, Rejected, StoreUnavailable, WorkerFailed, QueryFailed):
        app.add_exception_handler(failure, _worker_failure)
