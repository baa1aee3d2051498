"""GET|POST /sparql: the SPARQL 1.1 Protocol query operation, read-only.

Parameters are read from the raw query string and body and decoded as percent-encoded
UTF-8 (strictly: bad bytes answer 400, never replacement characters). POST bodies must
be UTF-8; a form POST may also carry parameters in the URL (as clients and the W3C test
suite do for `default-graph-uri`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api.deps import get_store
from api.engine import BadQuery, NotAcceptable, ProtocolDataset, run_query
from api.errors import problem
from api.negotiation import MEDIA
from plankg.store import EmbeddedStore

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UTF8 = ("utf-8", "utf8")


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


async def _answer(
    request: Request, store: EmbeddedStore, query: str, dataset: ProtocolDataset | None
) -> Response:
    accept = request.headers.get("accept")
    try:
        answer = await run_query(store, query, accept, dataset=dataset, base_iri=_base_iri(request))
    except BadQuery as exc:
        return problem(400, f"query syntax error: {exc}")
    except NotAcceptable:
        return problem(406, "no acceptable result format for this query")
    return Response(answer.body, media_type=MEDIA[answer.fmt])


@router.get("/sparql", summary="SPARQL 1.1 query (GET)")
async def sparql_get(
    request: Request, store: Annotated[EmbeddedStore, Depends(get_store)]
) -> Response:
    try:
        params = _params(request.scope["query_string"])
        query = _the_query(params)
        dataset = _dataset(params)
    except _Refused as exc:
        return problem(exc.status, exc.detail)
    return await _answer(request, store, query, dataset)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)")
async def sparql_post(
    request: Request, store: Annotated[EmbeddedStore, Depends(get_store)]
) -> Response:
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
        body = await request.body()
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
        dataset = _dataset(params)
    except _Refused as exc:
        return problem(exc.status, exc.detail)
    return await _answer(request, store, query, dataset)
