"""GET /dataset: the VoID and DCAT description of the dataset (api.void), as Turtle,
N-Triples or JSON-LD, or for people a page of the web application (api.web.pages_dataset);
GET /.well-known/void: 303 to /dataset."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse

from api.deps import get_executor, get_sparql_executor
from api.errors import ServiceError
from api.negotiation import MEDIA as NEGOTIATED
from api.negotiation import pick
from api.routes_context import context_url
from api.routes_dumps import current_files
from api.void import DumpFile, dataset_stats, render_description
from api.web import pages_dataset
from plankg import dump_files
from plankg.settings import Settings
from workers.executor import Executor

router = APIRouter(tags=["dataset"])

MEDIA = {
    "ttl": NEGOTIATED["ttl"],
    "nt": NEGOTIATED["nt"],
    "jsonld": NEGOTIATED["jsonld"],
    "html": "text/html; charset=utf-8",
}
_ACCEPTED = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "*/*": "ttl",
    "text/*": "ttl",
    "application/*": "jsonld",
}


def negotiate(accept: str | None) -> str | None:
    """ttl, nt, jsonld or html for an Accept header (Turtle when absent or `*/*`)."""
    return pick(accept, _ACCEPTED, "ttl")


Workers = Annotated[Executor, Depends(get_sparql_executor)]
Named = Annotated[Executor, Depends(get_executor)]


@router.get(
    "/dataset",
    summary="VoID and DCAT description of the dataset (Turtle, N-Triples, JSON-LD or HTML)",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}},
)
async def dataset(request: Request, workers: Workers, named: Named) -> Response:
    fmt = negotiate(request.headers.get("accept"))
    if fmt is None:
        raise ServiceError(
            406,
            "acceptable formats: text/turtle, application/n-triples, application/ld+json, "
            "text/html",
        )
    if fmt == "html":
        return await pages_dataset.page(request, workers)
    settings: Settings = request.app.state.settings
    stats = await workers.run(dataset_stats, settings.base, timeout=settings.query_timeout)
    files = await current_files(request, named)
    described = (
        {
            key: DumpFile(f.file, files.size(key), files.sha256(key))
            for key, f in dump_files.FORMATS.items()
        }
        if files
        else None
    )
    body = await anyio.to_thread.run_sync(
        render_description,
        stats,
        fmt,
        settings.base,
        str(request.base_url),
        context_url(request),
        described,
    )
    return Response(body, media_type=MEDIA[fmt], headers={"Vary": "Accept"})


@router.get(
    "/.well-known/void",
    summary="The VoID description's well-known location: 303 to /dataset",
    status_code=303,
    response_class=RedirectResponse,
)
async def well_known_void(request: Request) -> RedirectResponse:
    return RedirectResponse(f"{request.base_url}dataset", status_code=303)
