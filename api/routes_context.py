"""GET /context.jsonld: the JSON-LD context (api.context), and its URL as a client reaches it."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response

from api.context import DOCUMENT, MEDIA_TYPE, PATH

router = APIRouter(tags=["linked data"])


def context_url(request: Request) -> str:
    """The context's URL, resolved against the base URL the client used."""
    return str(request.base_url).rstrip("/") + PATH


@router.get(PATH, summary="The JSON-LD context of every JSON-LD response")
async def context() -> Response:
    body = json.dumps(DOCUMENT, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={"Cache-Control": "public, max-age=3600"},
    )
