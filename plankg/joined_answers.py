"""The whole answers of the named queries marked `#+ joins-plans: true`, stored with the
index files (plankg.index_files) beside the per-plan ones (plankg.plan_answers).

An answer row of such a query joins the summary rows of several plans (a province's plan
and its divisions', a plan and the parent plan it cites, a draft and the issued plan that
replaces it), so no plan's own rows answer it. Once every plan of a run is stored, ingest
evaluates the query as written over an in-memory store holding only the quads it can
read: those whose predicate it names and the type quads of the classes it names, each in
its graph (the plans' summary rows, the plan and target triples they link to and the
reference graphs: 351,359 quads at 3,000 plans, against 4.5 million, loaded and the three
queries evaluated in about 5 s). Each plan's quads are kept in its part of the index
files where its graph is made, as its per-plan rows are, since read back from the store
they cost twice that (each term is looked up in the store's string table). A query so
marked must name its predicates and its classes, as a per-plan one.

- A SELECT is stored as a per-plan query's answer is, with its shape (plankg.plan_answers):
  a parameter whose variable is a column is left unbound and filters the stored rows, one
  used only to compare a column is applied to the rows, any other is bound to its
  default. The rows are the query's own, in its order, and a page of them is read by
  plan_answers.page.
- A CONSTRUCT's answer is a graph: its triples are stored one a line as N-Triples, in the
  order the service pages a named query's graph in (their N-Triples text, api.engine),
  its parameters bound to their defaults; a request giving another value runs the query.

tests/api/test_national.py compares every stored answer with the query's over the whole
store and with the same question's over the whole graph (tests/queries/full-graph/),
every parameter value the route takes.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from plankg import plan_answers
from plankg.paths import QUERIES_DIR
from plankg.queries import NamedQuery, bind, catalogue, where_group
from plankg.sparql_lexer import query_form

LEVEL = 1  # zlib level: as the index parts


@dataclass(frozen=True)
class Joined:
    """A query marked joins-plans: what ingest evaluates, and how its answer is stored."""

    name: str
    text: str  # evaluated at ingest
    predicates: frozenset[str]  # the IRIs it names, N-Triples form
    rows: plan_answers.Shape | None  # a SELECT's rows; None: a graph, stored as triples

    @property
    def version(self) -> str:
        """Changes whenever the answer stored for this query would."""
        if self.rows is not None:
            return self.rows.version
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def is_graph(query: NamedQuery) -> bool:
    """A CONSTRUCT: its answer is stored as a graph. (A DESCRIBE reads triples its text
    does not name: one marked joins-plans is refused, as any form but these two.)"""
    return query_form(query.text) == "CONSTRUCT"


def _defaults(query: NamedQuery) -> dict[str, ox.Literal]:
    return {p.variable: p.bind(p.default) for p in query.params if p.default}


@lru_cache(maxsize=64)
def joined(query: NamedQuery) -> Joined:
    if not is_graph(query):
        shape = plan_answers.shape_of(query)
        return Joined(query.name, shape.text, shape.predicates, shape)
    text = bind(query.text, _defaults(query))
    # the IRIs of its WHERE only: its template's are written, not read
    return Joined(query.name, text, plan_answers.predicates(text, where_group(text)), None)


@lru_cache(maxsize=4)
def queries(directory: Path = QUERIES_DIR) -> tuple[Joined, ...]:
    """The named queries marked joins-plans."""
    return tuple(joined(q) for q in catalogue(directory).values() if q.joins_plans)


def graph_answerable(query: NamedQuery, given: Mapping[str, str]) -> bool:
    """Whether the stored graph answers a request of `query` (marked joins-plans, a
    CONSTRUCT) with the parameters `given`: each is its default, or not given."""
    return query.joins_plans and all(
        not given.get(p.name) or given[p.name] == p.default for p in query.params
    )


# --- at ingest ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def reads(directory: Path = QUERIES_DIR) -> frozenset[str]:
    """The IRIs the joins-plans queries name: the predicates and classes of the quads kept."""
    return frozenset(p for q in queries(directory) for p in q.predicates)


def reads_version() -> str:
    """Changes whenever the quads kept of each plan would."""
    return hashlib.sha256(" ".join(sorted(reads())).encode("utf-8")).hexdigest()[:16]


def encode(graph: str, ntriples: str) -> bytes:
    """The quads of a plan's graph (these N-Triples) that the joins-plans queries can read,
    compressed: a plan's part of their input, kept with its index part."""
    quads = plan_answers.read_quads(graph, ntriples, reads())
    return zlib.compress(quads.encode("utf-8"), LEVEL)


def decode(data: bytes) -> bytes:
    """A plan's quads (N-Quads) kept by `encode`."""
    return zlib.decompress(data) if data else b""


def _result(memory: ox.Store, query: Joined) -> ox.QuerySolutions | ox.QueryTriples:
    result = memory.query(query.text, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        raise TypeError(f"{query.name}: a joins-plans query is a SELECT or a CONSTRUCT")
    return result


def rows(memory: ox.Store, query: Joined) -> list[plan_answers.Row]:
    """`query`'s rows over `memory` (a SELECT), in its order: the terms of its stored
    columns, in the SPARQL JSON encoding."""
    assert query.rows is not None
    result = _result(memory, query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"{query.name}: its rows must come from a SELECT")
    stored = query.rows.stored
    return [[plan_answers.term(s[v]) for v in stored] for s in result]


def triples(memory: ox.Store, query: Joined) -> list[str]:
    """`query`'s graph over `memory` (a CONSTRUCT): N-Triples lines, in the order the
    service pages a named query's graph in (api.engine)."""
    result = _result(memory, query)
    if not isinstance(result, ox.QueryTriples):
        raise TypeError(f"{query.name}: its graph must come from a CONSTRUCT")
    return [f"{t} ." for t in sorted(result, key=str)]


def write(
    directory: Path, base: str, plans: Iterable[bytes], chosen: Sequence[Joined] | None = None
) -> plan_answers.Entries:
    """Evaluate each joins-plans query (or those `chosen`) over the plans' quads (`plans`,
    each plan's `encode`) and the reference graphs, and write its whole answer into
    `directory` (the index files being laid out); the manifest's entries of them
    (plan_answers.record)."""
    chosen = queries() if chosen is None else tuple(chosen)
    if not chosen:
        return {}
    memory = ox.Store()
    memory.load(plan_answers.reference_quads(base), format=ox.RdfFormat.N_QUADS)
    memory.bulk_load(b"".join(decode(p) for p in plans), format=ox.RdfFormat.N_QUADS)
    entries: plan_answers.Entries = {}
    for q in chosen:
        if q.rows is not None:
            entries[q.name] = plan_answers.write_rows(directory, q.rows, rows(memory, q))
            continue
        lines = triples(memory, q)
        folder = directory / plan_answers.ANSWERS
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{q.name}.nt").open("w", encoding="utf-8") as out:
            out.writelines(f"{line}\n" for line in lines)
        entries[q.name] = {"version": q.version, "triples": len(lines)}
    return entries


# --- in the service: a page of a graph ------------------------------------------------------


def graph_page(directory: Path, query: NamedQuery, offset: int, count: int) -> list[bytes]:
    """Triples `offset` to `offset + count` of the stored graph of `query` (a CONSTRUCT
    marked joins-plans), each an N-Triples line; plan_answers.Missing when it is not
    stored for this version of the query."""
    found = joined(query)
    return plan_answers.stored_lines(directory, query.name, found.version, "nt")[
        offset : offset + count
    ]
