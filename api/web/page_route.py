"""The route class of the pages that share a path with an API route (/agencies and the
other collections): a browser gets the page, an API client the API's answer, unchanged."""

from __future__ import annotations

from fastapi import Request
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from api.errors import wants_html


class PageRoute(APIRoute):
    """A route that answers a browser: it matches a request asking for HTML
    (api.errors.wants_html, the one check for that) or for a download of the page
    (`format=`, a parameter no API route of these paths takes); an API client's request
    goes on to the next route of the same path."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http":
            request = Request(scope)
            if not (wants_html(request) or "format" in request.query_params):
                return Match.NONE, {}
        return super().matches(scope)
