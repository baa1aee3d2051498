"""GET /sparql from a browser with no query: a SPARQL editor page on this endpoint.

YASGUI (vendored under /static) edits and runs queries; the named queries (queries/*.rq,
their parameters bound to the defaults) are ready example tabs. With scripts off the page
is a plain form that submits to /sparql, and each example is a link that runs it.
A SPARQL client without `query` still gets the protocol's 400 (api.routes_sparql)."""

from __future__ import annotations

from fastapi import Request, Response

from api.deps import get_executor
from api.static_files import asset_url, content_security_policy
from api.void import DUMPS
from api.web.i18n import language
from api.web.labels import vocabularies
from api.web.render import Ctx, Page, html
from plankg.prefixes import PREDECLARED
from plankg.queries import NamedQuery, QueryError
from plankg.settings import Settings

FIRST = "lead-agencies"  # the flagship question opens the editor


def _example(query: NamedQuery) -> dict[str, str] | None:
    try:
        text = query.bound({})  # each parameter at its default: runs as it stands
    except QueryError:
        return None
    # the `#+` header (summary, parameters) is shown beside the example, not in the editor
    lines = text.splitlines()
    while lines and lines[0].startswith("#+"):
        lines.pop(0)
    text = "\n".join(lines).strip() + "\n"
    return {"name": query.name, "summary": query.summary, "query": text}


def examples(queries: dict[str, NamedQuery]) -> list[dict[str, str]]:
    found = [e for e in map(_example, queries.values()) if e is not None]
    return sorted(found, key=lambda e: (e["name"] != FIRST, e["name"]))


async def editor_page(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    lang = language(request)
    ctx = Ctx(request, lang, settings, await get_executor(request), vocabularies(settings.base))
    shown = examples(request.app.state.queries)
    page = Page(
        "sparql.html",
        ctx.w["sparql"],
        {
            "endpoint": str(request.url_for("sparql_get")),
            "examples": shown,
            "prefixes": PREDECLARED,
            "dumps": [f"/dumps/{name}" for name in DUMPS],
            "first": shown[0]["query"] if shown else "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
            "assets": {
                "yasgui_js": asset_url("vendor/yasgui/yasgui.min.js"),
                "yasgui_css": asset_url("vendor/yasgui/yasgui.min.css"),
                "editor_js": asset_url("sparql-editor.js"),
                "editor_css": asset_url("sparql-editor.css"),
            },
        },
    )
    # the same URL answers 400 to a SPARQL client: caches must key on Accept
    return Response(
        html(ctx, page),
        media_type="text/html; charset=utf-8",
        headers={"Vary": "Accept, Cookie", "Content-Security-Policy": content_security_policy()},
    )
