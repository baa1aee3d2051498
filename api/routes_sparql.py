"""GET|POST /sparql: the SPARQL 1.1 Protocol query operation, read-only."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, Response

from api.deps import get_store
from api.engine import BadQuery, NotAcceptable, run_query
from api.errors import problem
from api.negotiation import MEDIA
from plankg.store import EmbeddedStore

router = APIRouter(tags=["sparql"])
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")


async def _answer(store: EmbeddedStore, query: str | None, accept: str | None) -> Response:
    if not query:
        return problem(400, "missing the 'query' parameter")
    try:
        answer = await run_query(store, query, accept)
    except BadQuery as exc:
        return problem(400, f"query syntax error: {exc}")
    except NotAcceptable:
        return problem(406, "no acceptable result format for this query")
    return Response(answer.body, media_type=MEDIA[answer.fmt])


@router.get("/sparql", summary="SPARQL 1.1 query (GET)")
async def sparql_get(
    request: Request, store: Annotated[EmbeddedStore, Depends(get_store)]
) -> Response:
    params = request.query_params
    if "update" in params:
        return problem(403, "this endpoint is read-only: updates are refused")
    queries = params.getlist("query")
    if len(queries) > 1:
        return problem(400, "more than one 'query' parameter")
    return await _answer(store, queries[0] if queries else None, request.headers.get("accept"))


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or application/sparql-query)")
async def sparql_post(
    request: Request, store: Annotated[EmbeddedStore, Depends(get_store)]
) -> Response:
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    body = await request.body()
    if ctype == "application/sparql-update":
        return problem(403, "this endpoint is read-only: updates are refused")
    if ctype == "application/sparql-query":
        query = body.decode("utf-8", errors="replace")
    elif ctype == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if "update" in form:
            return problem(403, "this endpoint is read-only: updates are refused")
        values = form.get("query", [])
        if len(values) > 1:
            return problem(400, "more than one 'query' parameter")
        query = values[0] if values else ""
    else:
        return problem(415, f"unsupported content type {ctype or '(none)'}")
    return await _answer(store, query, request.headers.get("accept"))
