"""Links from the pages into the service: resources under /id/, cities, topics."""

from __future__ import annotations

from urllib.parse import urlencode

from api.html import href_for


def resource(iri: str | None, base: str) -> str | None:
    """The /id/ page of an instance IRI (its evidence), None for none."""
    return href_for(iri, base) if iri else None


def city(code: str) -> str:
    return f"/city/{code}"


def province(code: str) -> str:
    return f"/province/{code}"


def agency_type(notation: str) -> str:
    return "/agencies?" + urlencode({"type": notation})


def leads(topic: str) -> str:
    return "/leads?" + urlencode({"topic": topic})


def search(q: str) -> str:
    return "/search?" + urlencode({"q": q})


def compare(codes: list[str]) -> str:
    return "/compare?" + urlencode([("city", c) for c in codes])
