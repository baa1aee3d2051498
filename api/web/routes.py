"""Mounts the web application's routers and its own static files (/web-static)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from api.static_files import Assets
from api.web import (
    pages_about,
    pages_agencies,
    pages_city,
    pages_collections,
    pages_compare,
    pages_home,
    pages_leads,
    pages_ontology,
    pages_province,
    pages_search,
)
from api.web.boundaries import configured

STATIC = Path(__file__).parent / "static"


def add_pages_first(app: FastAPI) -> None:
    """The pages that share a path with an API route (a browser gets the page, an API
    client the route: api.web.page_route.PageRoute), mounted before the API's."""
    app.include_router(pages_agencies.router)
    app.include_router(pages_collections.router)


def add_web(app: FastAPI) -> None:
    """The pages, once every API route is mounted; the boundaries file, when one is set,
    is read now, so a bad one stops the start (BoundaryError)."""
    configured(app.state.settings)
    for module in (
        pages_home,
        pages_leads,
        pages_city,
        pages_compare,
        pages_search,
        pages_province,
        pages_ontology,
        pages_about,
    ):
        app.include_router(module.router)
    app.mount("/web-static", Assets(directory=STATIC), name="web-static")
