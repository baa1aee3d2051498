"""The FastAPI application: one router per resource, mounted on one store."""

from __future__ import annotations

from fastapi import FastAPI

from api import (
    docs_page,
    errors,
    routes_collections,
    routes_context,
    routes_dataset,
    routes_dumps,
    routes_health,
    routes_queries,
    routes_resources,
    routes_sparql,
    routes_store,
)
from api.openapi_queries import named_query_router
from api.operations import add_operations
from api.static_files import PREFIX, assets
from api.static_files import router as favicon_router
from api.web.routes import add_pages_first, add_web
from plankg.queries import catalogue
from plankg.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    """The service over the store at settings.store; queries run in worker processes."""
    app = FastAPI(
        title="plankg",
        description="SPARQL and named queries over 十四五 energy-conservation and "
        "emission-reduction plans.",
        version="0.1.0",
        docs_url=None,  # api/docs_page.py serves /docs from /static, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.queries = catalogue()
    app.include_router(routes_sparql.router)
    app.include_router(named_query_router(app.state.queries))  # before /queries/{name}
    app.include_router(routes_queries.router)
    app.include_router(routes_health.router)
    app.include_router(routes_context.router)
    app.include_router(routes_resources.router)
    app.include_router(routes_store.router)
    add_pages_first(app)  # before the collections: /agencies is a page for a browser
    app.include_router(routes_collections.router)
    app.include_router(routes_dataset.router)
    app.include_router(routes_dumps.router)
    app.include_router(docs_page.router)
    app.include_router(favicon_router)
    app.mount(PREFIX, assets(), name="static")
    add_web(app)
    errors.install(app)  # one error path: problem+json, or the error page to browsers
    add_operations(app)
    return app
