"""Links from the pages into the service: resources under /id/, ontology terms, cities,
topics. A page never links a term or resource of ours out of the service: instances
resolve under /id/ whatever the base IRI, and the ontology's terms on /ontology."""

from __future__ import annotations

from urllib.parse import urlencode

from api.web.ontology import catalogue


def href_for(iri: str, base: str) -> str | None:
    """A link for an IRI: an ontology term or concept to where /ontology describes it, an
    IRI under the base IRI inside the service, any other web IRI as it is."""
    term = catalogue(base).href(iri)
    if term is not None and not iri.startswith(f"{base}id/"):
        return term
    if iri.startswith(base):
        return "/" + iri[len(base) :]
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def resource(iri: str | None, base: str) -> str | None:
    """The /id/ page of an instance IRI (its evidence), None for none."""
    if iri and iri.startswith(f"{base}id/"):
        return "/" + iri[len(base) :]  # href_for's answer, without looking for a term
    return href_for(iri, base) if iri else None


def term(iri: str, base: str) -> str | None:
    """Where /ontology describes a term, scheme or concept; None when it does not."""
    return catalogue(base).href(iri)


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
