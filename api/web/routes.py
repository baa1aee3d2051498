"""Mounts the web application's routers and its own static files (/web-static)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from api.static_files import Assets
from api.web import (
    pages_about,
    pages_city,
    pages_compare,
    pages_home,
    pages_leads,
    pages_ontology,
    pages_search,
)

STATIC = Path(__file__).parent / "static"


def add_web(app: FastAPI) -> None:
    pages = (pages_home, pages_leads, pages_city, pages_compare, pages_search)
    for module in (*pages, pages_ontology, pages_about):
        app.include_router(module.router)
    app.mount("/web-static", Assets(directory=STATIC), name="web-static")
