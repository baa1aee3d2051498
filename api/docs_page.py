"""/docs: Swagger UI from the vendored swagger-ui-dist, so it works with no internet
(FastAPI's default page loads it from a CDN, which many government networks block)."""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.static_files import asset_url, content_security_policy

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def docs() -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="plankg — API",
        swagger_js_url=asset_url("vendor/swagger-ui-dist/swagger-ui-bundle.js"),
        swagger_css_url=asset_url("vendor/swagger-ui-dist/swagger-ui.css"),
        swagger_favicon_url=asset_url("vendor/swagger-ui-dist/favicon-32x32.png"),
        # Swagger UI's default validator badge is an image from validator.swagger.io
        swagger_ui_parameters={"validatorUrl": None},
    )
    # FastAPI's page names no language and has Swagger UI's low-contrast badges (axe)
    own_css = f'<link rel="stylesheet" href="{asset_url("docs.css")}">\n</head>'
    html = bytes(page.body).decode("utf-8")
    html = html.replace("<html>", '<html lang="en">', 1).replace("</head>", own_css, 1)
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    return HTMLResponse(html, headers={"Content-Security-Policy": content_security_policy(*inline)})
