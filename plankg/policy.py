"""What a public query may reach: SERVICE endpoints and FROM / FROM NAMED graphs.

Oxigraph performs SERVICE calls over HTTP, so a query naming a remote endpoint would make
the server send a request wherever the client likes. Before any query runs, its text is
scanned: every SERVICE target and every FROM / FROM NAMED graph is resolved (PREFIX and
BASE declarations, the endpoint's base IRI) and checked. A SERVICE target must start with
an entry of the allow-list; a FROM graph must be in the store or start with an entry. What
the scan cannot resolve (a SERVICE ?variable, an unknown prefix, a relative IRI with no
base) is refused: the check fails closed.

The scan is lexical: strings, comments, IRIs, variables, prefixed names and language tags
are single tokens, so a keyword inside any of them is never mistaken for one. SPARQL lets
\\u escapes stand for any character of the query; the text with escapes decoded is scanned
as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

from plankg.prefixes import PREDECLARED
from plankg.sparql_lexer import Token, tokens

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class Refused(Exception):
    """The query reaches outside the store without being allowed to."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Reach:
    """What a query names outside its WHERE patterns."""

    services: tuple[str, ...]
    from_graphs: tuple[str, ...]  # FROM: merged into the default graph
    from_named: tuple[str, ...]  # FROM NAMED

    @property
    def graphs(self) -> tuple[str, ...]:
        return self.from_graphs + self.from_named


def _resolve(iri: str, base: str | None) -> str:
    resolved = urljoin(base, iri) if base else iri
    if not urlsplit(resolved).scheme:
        raise Refused(f"cannot resolve the relative IRI <{iri}> (no base IRI)")
    return resolved


def _target(token: Token | None, prefixes: dict[str, str], base: str | None, what: str) -> str:
    if token is None:
        raise Refused(f"{what} without a target")
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix not in prefixes:
            raise Refused(f"{what} names {token.text} with an undeclared prefix")
        return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    if token.kind == "var":
        raise Refused(f"{what} with a variable ({token.text}) is refused: name the IRI")
    raise Refused(f"{what} is followed by {token.text!r}, not an IRI")


def _scan(text: str, base_iri: str | None) -> Reach:
    toks = list(tokens(text))
    prefixes: dict[str, str] = dict(PREDECLARED)
    base = base_iri
    services: list[str] = []
    graphs: list[str] = []
    named: list[str] = []
    i = 0

    def at(j: int) -> Token | None:
        return toks[j] if j < len(toks) else None

    while i < len(toks):
        tok = toks[i]
        word = tok.text.upper() if tok.kind == "word" else ""
        if word == "PREFIX":
            name, iri = at(i + 1), at(i + 2)
            if name and iri and name.kind == "pname" and iri.kind == "iri":
                prefixes[name.text.rstrip(":")] = _resolve(iri.text[1:-1], base)
                i += 3
                continue
        elif word == "BASE":
            iri = at(i + 1)
            if iri and iri.kind == "iri":
                base = _resolve(iri.text[1:-1], base)
                i += 2
                continue
        elif word == "SERVICE":
            j = i + 1
            nxt = at(j)
            if nxt and nxt.kind == "word" and nxt.text.upper() == "SILENT":
                j += 1
            services.append(_target(at(j), prefixes, base, "SERVICE"))
            i = j + 1
            continue
        elif word == "FROM":
            j = i + 1
            nxt = at(j)
            is_named = bool(nxt and nxt.kind == "word" and nxt.text.upper() == "NAMED")
            if is_named:
                j += 1
            (named if is_named else graphs).append(_target(at(j), prefixes, base, "FROM"))
            i = j + 1
            continue
        i += 1
    return Reach(tuple(services), tuple(graphs), tuple(named))


def reach(sparql: str, base_iri: str | None = None) -> Reach:
    """The SERVICE targets and FROM / FROM NAMED graphs of a query, resolved.
    Raises Refused for what cannot be resolved."""
    found = _scan(sparql, base_iri)
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    if decoded != sparql:
        other = _scan(decoded, base_iri)
        found = Reach(
            found.services + other.services,
            found.from_graphs + other.from_graphs,
            found.from_named + other.from_named,
        )
    return found


def query_dataset(sparql: str, base_iri: str | None = None) -> Reach:
    """The FROM / FROM NAMED graphs the query itself names, as its parser sees them
    (\\u escapes decoded). Raises Refused for what cannot be resolved."""
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    return _scan(decoded, base_iri)


def allowed(iri: str, allow_list: Sequence[str]) -> bool:
    """Whether an outbound request to `iri` is allow-listed (PLANKG_SERVICE_ALLOW_LIST):
    SERVICE calls, and the fetches of `plankg ingest URL` to private addresses."""
    return any(entry and iri.startswith(entry) for entry in allow_list)


def check(
    sparql: str,
    base_iri: str | None,
    allow_list: Sequence[str],
    in_store: Callable[[str], bool],
) -> Reach:
    """Refuse a query whose SERVICE targets are not allowed, or whose FROM / FROM NAMED
    graphs are neither in the store nor allowed."""
    found = reach(sparql, base_iri)
    for service in found.services:
        if not allowed(service, allow_list):
            raise Refused(
                f"SERVICE <{service}> is refused: this endpoint makes no outbound requests "
                "except to allow-listed endpoints (PLANKG_SERVICE_ALLOW_LIST)"
            )
    for graph in found.graphs:
        if not in_store(graph) and not allowed(graph, allow_list):
            raise Refused(
                f"FROM <{graph}> is refused: the graph is not in the store and not "
                "allow-listed (PLANKG_SERVICE_ALLOW_LIST)"
            )
    return found


@cache
def reaches_out(text: str) -> bool:
    """Whether a named query names a SERVICE or FROM graph, so that each run must be
    checked against the allow-list; bound parameters are literals in a VALUES block,
    which cannot add either, so the query's own text decides."""
    try:
        found = reach(text)
    except Refused:
        return True  # the check will refuse it, and say why
    return bool(found.services or found.graphs)
