"""/static: the vendored browser assets (api/static), served by plankg itself.

Nothing a page needs is fetched from another origin, so the pages work on a network
with no way out and tell no third party who reads them: scripts, styles and fonts are
files of this package. `asset_url` stamps a URL with the file's content hash, so a
stamped URL may be cached for a year (`immutable`); an unstamped one is revalidated
hourly (StaticFiles answers If-None-Match / If-Modified-Since with 304).
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).resolve().parent / "static"
PREFIX = "/static"

# Set here, not guessed from the host's mime.types, so every machine answers the same.
_MEDIA = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    "": "text/plain; charset=utf-8",  # LICENSE, NOTICE
}

# What a plankg page may load: its own origin only. The browser enforces it, so a script
# that tried another origin would be refused (and the browser tests see the refusal).
# Styles may be inline (YASGUI and Swagger UI set some); scripts only from files, plus
# inline ones named by their sha256 (content_security_policy's arguments).
_CSP = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def content_security_policy(*inline_scripts: str) -> str:
    """The Content-Security-Policy of a page whose inline scripts are exactly these."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in inline_scripts
    )
    return _CSP.format(scripts=hashes)


FOREVER = "public, max-age=31536000, immutable"
HOURLY = "public, max-age=3600"


class Assets(StaticFiles):
    """StaticFiles with fixed media types and cache headers."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        media = _MEDIA.get(Path(full_path).suffix.lower())
        if media is not None:
            response.headers["content-type"] = media
        stamped = any(p.startswith(b"v=") for p in scope.get("query_string", b"").split(b"&"))
        response.headers["cache-control"] = FOREVER if stamped else HOURLY
        response.headers["x-content-type-options"] = "nosniff"
        return response


def assets() -> Assets:
    return Assets(directory=STATIC)


@lru_cache(maxsize=256)
def asset_url(path: str) -> str:
    """The URL of api/static/PATH, stamped with its content hash (cache-safe forever).
    A missing file raises FileNotFoundError: a page must not link to nothing."""
    data = (STATIC / path).read_bytes()
    return f"{PREFIX}/{path}?v={hashlib.sha256(data).hexdigest()[:12]}"


router = APIRouter(include_in_schema=False)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico on every site; a 404 there is a console error."""
    return FileResponse(
        STATIC / "favicon.svg", media_type="image/svg+xml", headers={"cache-control": HOURLY}
    )
