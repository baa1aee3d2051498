"""GET|POST /sparql: the SPARQL 1.1 Protocol query operation, read-only.

Parameters are read from the raw query string and body and decoded as percent-encoded
UTF-8 (strictly: bad bytes answer 400, never replacement characters). POST bodies must
be UTF-8; a form POST may also carry parameters in the URL (as clients and the W3C test
suite do for `default-graph-uri`).

Limits (plankg.settings): a body over `max_body_bytes` answers 413 before it is read in
full; `timeout` (seconds) may lower `query_timeout`, never raise it, and a query cut off
answers 503; at most `max_rows` solutions (or triples) are returned, a cut stated by the
Plankg-Truncated / Plankg-Row-Limit headers; SERVICE and FROM targets outside the store
are refused with 403 unless allow-listed (plankg.policy); a query nested too deep, with
too many patterns or too many VALUES answers 400 before it reaches a worker
(api.query_limits). Queries run in the service's "sparql" lane (api.deps)."""

from __future__ import annotations

import math
from typing import Annotated
from urllib.parse import unquote_to_bytes

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api import answer, query_limits
from api.deps import get_settings, get_sparql_executor
from api.engine import Job, ProtocolDataset
from api.errors import problem, wants_html
from api.sparql_editor import editor_page
from plankg.settings import Settings
from workers.executor import Executor

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UTF8 = ("utf-8", "utf8")
_INLINE_CHECK = 16_384  # characters of query text measured on the event loop itself


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _params(raw: bytes) -> dict[str, list[str]]:
    """Percent-decoded UTF-8 parameters, repeated keys kept in order."""
    params: dict[str, list[str]] = {}
    try:
        for field in raw.split(b"&"):
            if not field:
                continue
            key, _, value = field.replace(b"+", b" ").partition(b"=")
            params.setdefault(unquote_to_bytes(key).decode("utf-8"), []).append(
                unquote_to_bytes(value).decode("utf-8")
            )
    except UnicodeDecodeError as exc:
        raise _Refused(400, "parameters must be percent-encoded UTF-8") from exc
    return params


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise _Refused(400, "the request body is not valid UTF-8") from exc


def _content_type(request: Request) -> tuple[str, str | None]:
    """The media type (lower case) and the charset parameter, if any."""
    fields = (request.headers.get("content-type") or "").split(";")
    charset = None
    for field in fields[1:]:
        name, _, value = field.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return fields[0].strip().lower(), charset


def _dataset(params: dict[str, list[str]]) -> ProtocolDataset | None:
    defaults = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    if not defaults and not named:
        return None
    for iri in (*defaults, *named):
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise _Refused(400, f"not an absolute IRI: {iri!r}") from exc
    return ProtocolDataset(tuple(defaults), tuple(named))


def _the_query(params: dict[str, list[str]]) -> str:
    """The single `query` of a request, refusing updates (read-only) and ambiguity."""
    queries = params.get("query", [])
    if "update" in params:
        if queries:
            raise _Refused(400, "a request carries either 'query' or 'update', not both")
        raise _Refused(403, "this endpoint is read-only: updates are refused")
    if len(queries) > 1:
        raise _Refused(400, "more than one 'query' parameter")
    if not queries or not queries[0].strip():
        raise _Refused(400, "missing the 'query' parameter")
    return queries[0]


def _base_iri(request: Request) -> str | None:
    """The endpoint's own URL, the base IRI of relative IRIs in queries."""
    url = request.url
    base = f"{url.scheme}://{url.netloc}{url.path}"
    try:
        ox.NamedNode(base)
    except ValueError:
        return None
    return base


def _timeout(params: dict[str, list[str]], limit: float) -> float:
    """The server's limit, lowered by the client's `timeout` parameter (never raised)."""
    values = params.get("timeout", [])
    if not values:
        return limit
    if len(values) > 1:
        raise _Refused(400, "more than one 'timeout' parameter")
    try:
        asked = float(values[0])
    except ValueError:
        raise _Refused(400, f"timeout must be a number of seconds, not {values[0]!r}") from None
    if not math.isfinite(asked) or asked <= 0:
        raise _Refused(400, "timeout must be a positive number of seconds")
    return min(asked, limit)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed `limit` bytes:
    by its Content-Length, else while it is read."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise _Refused(400, "invalid Content-Length") from None
        if size > limit:
            raise _Refused(413, f"the request body exceeds the {limit} byte limit")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _Refused(413, f"the request body exceeds the {limit} byte limit")
    return bytes(body)


async def _answer(
    request: Request,
    executor: Executor,
    settings: Settings,
    params: dict[str, list[str]],
    query: str,
) -> Response:
    try:
        timeout = _timeout(params, settings.query_timeout)
        dataset = _dataset(params)
    except _Refused as exc:
        return problem(exc.status, exc.detail)
    # The query's shape, before a worker is spent on it; a long text is measured in a
    # thread, off the event loop.
    if len(query) < _INLINE_CHECK:
        refused = query_limits.violation(query, settings)
    else:
        refused = await anyio.to_thread.run_sync(query_limits.violation, query, settings)
    if refused is not None:
        return problem(400, refused)
    job = Job(
        query,
        request.headers.get("accept"),
        settings.max_rows,
        dataset=dataset,
        base_iri=_base_iri(request),
        allow_list=tuple(settings.service_allow_list),
    )
    outcome = await answer.run(executor, job, timeout)
    return outcome if isinstance(outcome, Response) else await answer.respond(outcome, request)


Workers = Annotated[Executor, Depends(get_sparql_executor)]
Config = Annotated[Settings, Depends(get_settings)]


@router.get("/sparql", summary="SPARQL 1.1 query (GET)")
async def sparql_get(request: Request, executor: Workers, settings: Config) -> Response:
    try:
        params = _params(request.scope["query_string"])
        if "query" not in params and "update" not in params and wants_html(request):
            return await editor_page(request)  # a browser: the query editor page
        query = _the_query(params)
    except _Refused as exc:
        return problem(exc.status, exc.detail)
    return await _answer(request, executor, settings, params, query)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)")
async def sparql_post(request: Request, executor: Workers, settings: Config) -> Response:
    ctype, charset = _content_type(request)
    try:
        if ctype == _UPDATE:
            raise _Refused(403, "this endpoint is read-only: updates are refused")
        if ctype not in (_FORM, _DIRECT):
            raise _Refused(
                415,
                f"unsupported content type {ctype or '(none)'}: use {_FORM} or {_DIRECT}",
            )
        if charset is not None and charset not in _UTF8:
            raise _Refused(415, f"unsupported charset {charset}: the body must be UTF-8")
        url_params = _params(request.scope["query_string"])
        body = await _body(request, settings.max_body_bytes)
        if ctype == _DIRECT:
            if "query" in url_params or "update" in url_params:
                raise _Refused(
                    400, "with application/sparql-query the query is the body, not a parameter"
                )
            query = _utf8(body)
            if not query.strip():
                raise _Refused(400, "missing the query: the request body is empty")
            params = url_params
        else:
            params = _params(body)
            for key, values in url_params.items():
                params.setdefault(key, []).extend(values)
            query = _the_query(params)
    except _Refused as exc:
        return problem(exc.status, exc.detail)
    return await _answer(request, executor, settings, params, query)
