"""Content negotiation for SPARQL results and graphs."""

from __future__ import annotations

from collections.abc import Callable, Mapping

MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# A media type may name a results format and a graph format (generic XML): the first of
# its formats that fits the result wins.
_BY_TYPE: dict[str, tuple[str, ...]] = {
    "application/sparql-results+json": ("json",),
    "application/json": ("json",),
    "application/sparql-results+xml": ("xml",),
    "application/xml": ("xml", "rdfxml"),
    "text/xml": ("xml", "rdfxml"),
    "text/csv": ("csv",),
    "text/tab-separated-values": ("tsv",),
    "text/turtle": ("ttl",),
    "application/x-turtle": ("ttl",),
    "application/n-triples": ("nt",),
    "text/plain": ("nt",),
    "application/rdf+xml": ("rdfxml",),
    "application/ld+json": ("jsonld",),
}
SOLUTION_FORMATS = ("json", "xml", "csv", "tsv")
GRAPH_FORMATS = ("ttl", "nt", "rdfxml", "jsonld")


def _for_range(media: str, allowed: tuple[str, ...], default: str) -> str | None:
    """The format a media range (`*/*`, `text/*`, or a concrete type) selects."""
    if media == "*/*":
        return default
    if media.endswith("/*"):
        prefix = media[:-1]
        fitting = [f for f in allowed if MEDIA[f].startswith(prefix)]
        return default if default in fitting else (fitting[0] if fitting else None)
    return next((f for f in _BY_TYPE.get(media, ()) if f in allowed), None)


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """The media ranges of an Accept header with their q, in the client's order."""
    out: list[tuple[str, float, int]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            out.append((media, q, index))
    return out


def _best(accept: str, select: Callable[[str], str | None]) -> str | None:
    """Highest q wins; among equal q a concrete type beats `type/*`, which beats `*/*`;
    then the order the client listed them in."""
    ranked: list[tuple[float, int, int, str]] = []
    for media, q, index in _ranges(accept):
        fmt = select(media)
        if fmt is not None:
            specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
            ranked.append((q, specificity, index, fmt))
    if not ranked:
        return None
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return ranked[0][3]


def choose(accept: str | None, allowed: tuple[str, ...], default: str) -> str | None:
    """The best allowed SPARQL results or graph format for an Accept header; None when
    nothing is acceptable."""
    if not accept or not accept.strip():
        return default
    return _best(accept, lambda media: _for_range(media, allowed, default))


def pick(accept: str | None, table: Mapping[str, str], default: str) -> str | None:
    """The format `table` gives the best media range of an Accept header (the table
    lists the wildcards it honours); `default` without a header; None when nothing fits."""
    if not accept or not accept.strip():
        return default
    return _best(accept, table.get)
