"""/docs: Swagger UI from the vendored swagger-ui-dist, as a page of the app (its layout,
navigation and language), so it works with no internet (FastAPI's default page loads it
from a CDN, which many government networks block) and runs no inline script (its settings
are in /static/docs.js)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.static_files import asset_url
from api.web.render import Ctx, Page, serve_page

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def docs(request: Request) -> Response:
    return await serve_page(request, "docs", build)


async def build(ctx: Ctx) -> Page:
    swagger = "vendor/swagger-ui-dist/"
    assets = {
        "swagger_js": asset_url(swagger + "swagger-ui-bundle.js"),
        "swagger_css": asset_url(swagger + "swagger-ui.css"),
        "docs_js": asset_url("docs.js"),
        # Swagger UI's low-contrast badges (axe)
        "docs_css": asset_url("docs.css"),
    }
    return Page("api_docs.html", ctx.w["api"], {"assets": assets})
