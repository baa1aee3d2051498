"""Runs queries through the worker processes (workers): the query, the row cap and
the serialisation all happen in the worker; the event loop only waits for the bytes."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

import pyoxigraph as ox

from api.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS, choose
from api.scoping import city_dataset
from plankg import mirrors, policy, summarised
from plankg.backends import QueryStore
from plankg.dataset import REFERENCE_GRAPHS, reference_graphs
from plankg.remote import RemoteError
from plankg.results import render
from plankg.sparql_errors import readable
from plankg.sparql_lexer import with_row_cap
from workers.executor import Executor

log = logging.getLogger(__name__)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class BadQuery(Exception):
    """The query text is not a valid SPARQL 1.1 query."""


class NotAcceptable(Exception):
    """No format the client accepts fits the result."""


class QueryFailed(Exception):
    """The query was valid but could not be evaluated (e.g. a SERVICE call failed)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class Answer:
    body: bytes
    fmt: str
    truncated: bool = False  # more solutions (or triples) than the row cap: cut at the cap
    row_limit: int = 0
    graphs: int | None = None  # graphs read, when the query was scoped (api.scoping)


@dataclass(frozen=True)
class ProtocolDataset:
    """The RDF dataset given by `default-graph-uri` / `named-graph-uri` (SPARQL 1.1
    Protocol §2.1.4): it replaces any FROM / FROM NAMED of the query."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    sparql: str
    accept: str | None
    max_rows: int
    json_rows: bool = False
    dataset: ProtocolDataset | None = None
    base_iri: str | None = None
    # None: a trusted query of the service's own; else the allow-list of a public query,
    # whose SERVICE and FROM targets are checked before it runs (plankg.policy).
    allow_list: tuple[str, ...] | None = None
    # A per-city named query: read only this division code's plan graphs and the
    # reference graphs under `base` (api.scoping), found in the worker just before.
    city: str | None = None
    # That city's plan graphs when the server knows them (the digests of the embedded store
    # it serves, which does not change while served): no look-up in the worker, which
    # cost 1.3-1.7 ms of a 2-6 ms answer from disk at 3,000 plans. None: looked up.
    city_plans: tuple[str, ...] | None = None
    base: str = ""
    reads: tuple[str, ...] = tuple(REFERENCE_GRAPHS)  # the reference graphs it reads
    # It reads the plans' summaries: refused (503, saying what to run) when a plan it
    # reads has none of this version (plankg.summarised).
    summaries: bool = False
    # Solutions (or triples) skipped before the `max_rows` returned: a page of an answer
    # longer than the row cap (a named query's `offset`; with `json_rows`, a named query's
    # graph is read whole and its triples paged in the order of their N-Triples).
    offset: int = 0


def _term(term: object) -> dict[str, object]:
    """One RDF term in the SPARQL 1.1 (1.2) Query Results JSON encoding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            if term.direction is not None:
                out["its:dir"] = str(term.direction)
        elif term.datatype.value != XSD_STRING:  # a simple literal: no datatype, as pyoxigraph
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term(term.subject),
                "predicate": _term(term.predicate),
                "object": _term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _capped_solutions(
    result: ox.QuerySolutions, max_rows: int, offset: int = 0
) -> tuple[list[str], list[ox.QuerySolution], bool]:
    names = [v.value for v in result.variables]
    rows: list[ox.QuerySolution] = []
    truncated = False
    for solution in islice(result, offset, None):
        if len(rows) >= max_rows:
            truncated = True  # one more than the cap: stop reading
            break
        rows.append(solution)
    return names, rows, truncated


def _results_json(names: list[str], rows: list[ox.QuerySolution]) -> bytes:
    bindings = []
    for solution in rows:
        binding = {}
        for name in names:
            term = solution[name]
            if term is not None:
                binding[name] = _term(term)
        bindings.append(binding)
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def _solutions(names: list[str], rows: list[ox.QuerySolution], fmt: str) -> bytes:
    """The kept rows in `fmt`: written as SPARQL JSON, read back by pyoxigraph and written
    by its own serialiser, so every format encodes terms exactly as pyoxigraph does."""
    data = _results_json(names, rows)
    if fmt == "json":
        return data
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if not isinstance(parsed, ox.QuerySolutions):
        raise TypeError("SPARQL JSON solutions read back as a boolean")
    return parsed.serialize(format=_RESULTS_FORMATS[fmt]) or b""


def _plain_rows(names: list[str], rows: list[ox.QuerySolution]) -> bytes:
    out = []
    for solution in rows:
        row: dict[str, object] = {}
        for name in names:
            term = solution[name]
            if term is not None:
                # a triple term has no single value: its N-Triples form stands for it
                row[name] = str(term) if isinstance(term, ox.Triple) else term.value
        out.append(row)
    return json.dumps(out, ensure_ascii=False).encode("utf-8")


def _native_solutions(
    result: ox.QuerySolutions, fmt: str, max_rows: int, counted: bool
) -> tuple[bytes, bool]:
    """The solutions of a query run with at most `max_rows` + 1 of them
    (plankg.sparql_lexer.with_row_cap), serialised by pyoxigraph itself: reading them
    one by one in Python costs more than the query. `counted`: the query may return one
    more than the cap, so the SPARQL JSON is read back to count (and cut) them."""
    data = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
    if not counted and fmt == "json":
        return data, False
    doc = json.loads(data)
    return _json_solutions(doc, data, fmt, max_rows)


def _json_solutions(
    doc: dict[str, Any], data: bytes, fmt: str, max_rows: int
) -> tuple[bytes, bool]:
    """Solutions as SPARQL JSON (`doc`, read from `data`), at most `max_rows` of them, in
    `fmt`; and whether more were given."""
    names: list[str] = doc["head"]["vars"]
    bindings: list[dict[str, dict[str, str]]] = doc["results"]["bindings"]
    truncated = len(bindings) > max_rows
    if truncated:
        del bindings[max_rows:]
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "json":
        return data, truncated
    if fmt == "rows" and all(t["type"] != "triple" for b in bindings for t in b.values()):
        rows = [{n: b[n]["value"] for n in names if n in b} for b in bindings]
        return json.dumps(rows, ensure_ascii=False).encode("utf-8"), truncated
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if not isinstance(parsed, ox.QuerySolutions):
        raise TypeError("SPARQL JSON solutions read back as a boolean")
    if fmt == "rows":
        return _plain_rows(names, list(parsed)), truncated
    return parsed.serialize(format=_RESULTS_FORMATS[fmt]) or b"", truncated


_GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def _graph(triples: list[ox.Triple], fmt: str) -> bytes:
    if fmt in _GRAPH_FORMATS:
        return ox.serialize(triples, format=_GRAPH_FORMATS[fmt]) or b""
    from rdflib import Graph  # JSON-LD

    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph = Graph().parse(data=nt.decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld").encode("utf-8")


def execute(store: QueryStore, job: Job) -> Answer:
    """Runs in a worker process: redirect SERVICE calls to their configured mirrors, check,
    query, consume at most `max_rows`, serialise."""
    # The server's own setting (PLANKG_SERVICE_MIRRORS), before the allow-list check, so
    # the check judges the URL actually called.
    sparql = mirrors.rewrite(job.sparql, mirrors.configured(), job.base_iri)
    uses_service = False
    if job.allow_list is not None:
        reach = policy.check(sparql, job.base_iri, job.allow_list, store.contains)
        uses_service = bool(reach.services)
    # A SELECT runs with a LIMIT one over the row cap, when the text allows it, so that
    # pyoxigraph serialises the solutions (_native_solutions); a page further on with an
    # OFFSET too, else (a query with a LIMIT of its own) the rows before it are skipped.
    capped = with_row_cap(sparql, job.max_rows)
    if capped is not None and job.offset:
        capped = (f"{capped[0]} OFFSET {job.offset}", True) if capped[1] else None
    try:
        if capped is None:
            return _execute(store, job, sparql, None)
        try:
            return _execute(store, job, capped[0], capped[1])
        except SyntaxError:
            if not capped[1]:
                raise
            # the error is the query's own: report it where the client wrote it
            return _execute(store, job, sparql, None)
    except SyntaxError as exc:
        raise BadQuery(readable(str(exc), sparql)) from None
    except RemoteError as exc:
        # the details name the server behind the service: they go to the log only
        log.warning("%s", exc)
        raise QueryFailed(502, "the SPARQL server behind this service failed to answer") from None
    except OSError as exc:
        if uses_service:
            raise QueryFailed(502, f"a SERVICE call failed: {exc}") from None
        raise QueryFailed(500, f"the store could not be read: {exc}") from None


def _execute(store: QueryStore, job: Job, sparql: str, capped: bool | None) -> Answer:
    dataset = job.dataset
    if job.city is not None:
        if job.city_plans is None:
            graphs = city_dataset(store, job.city, job.base, job.reads)
        else:
            graphs = job.city_plans + reference_graphs(job.base, job.reads)
        dataset = ProtocolDataset(graphs, ())
    if job.summaries:
        try:
            summarised.require(store, None if dataset is None else dataset.default_graphs)
        except summarised.SummariesMissing as exc:
            raise QueryFailed(503, str(exc)) from None
    if dataset is None:
        result = store.query(sparql, base_iri=job.base_iri)
    else:
        result = store.query(
            sparql,
            default_graph=dataset.default_graphs,
            named_graphs=dataset.named_graphs,
            base_iri=job.base_iri,
        )
    answer = _serialise(result, job, capped)
    if job.city is not None and dataset is not None:
        answer = replace(answer, graphs=len(dataset.default_graphs))
    return answer


def _serialise(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    job: Job,
    capped: bool | None = None,  # run by with_row_cap: LIMIT added (True) or its own
) -> Answer:
    accept = job.accept
    if isinstance(result, ox.QueryTriples):
        fmt = choose(accept, GRAPH_FORMATS, "ttl")
    else:
        fmt = choose(accept, SOLUTION_FORMATS, "json")
        # Named queries also speak plain JSON rows to clients asking for application/json.
        if job.json_rows and fmt == "json" and accept and "application/json" in accept:
            fmt = "rows"
    if fmt is None:
        raise NotAcceptable()
    if isinstance(result, ox.QueryBoolean):
        if fmt == "rows":
            return Answer(json.dumps(bool(result)).encode(), fmt)
        return Answer(render(result, fmt), fmt)
    skip = 0 if capped else job.offset  # else the query skipped them itself
    if isinstance(result, ox.QueryTriples):
        if job.json_rows:
            # A named query's graph comes in pages of its triples in one order, theirs as
            # N-Triples: the engine's own order may differ from one run to the next.
            every = sorted(result, key=str)
            page = every[job.offset : job.offset + job.max_rows]
            truncated = len(every) > job.offset + job.max_rows
            return Answer(_graph(page, fmt), fmt, truncated, job.max_rows)
        triples: list[ox.Triple] = []
        truncated = False
        for triple in islice(result, skip, None):
            if len(triples) >= job.max_rows:
                truncated = True
                break
            triples.append(triple)
        return Answer(_graph(triples, fmt), fmt, truncated, job.max_rows)
    if capped is not None:
        body, truncated = _native_solutions(result, fmt, job.max_rows, capped)
        return Answer(body, fmt, truncated, job.max_rows)
    names, rows, truncated = _capped_solutions(result, job.max_rows, skip)
    body = _plain_rows(names, rows) if fmt == "rows" else _solutions(names, rows, fmt)
    return Answer(body, fmt, truncated, job.max_rows)


def as_sparql_json(job: Job) -> bool:
    """Whether `job`'s answer is SPARQL JSON, which a page of bindings given as their JSON
    text is made of as they are (given_lines)."""
    fmt = choose(job.accept, SOLUTION_FORMATS, "json")
    return fmt == "json" and not (job.json_rows and job.accept and "application/json" in job.accept)


def given_lines(names: list[str], lines: list[bytes], job: Job) -> Answer:
    """A page of solutions given as SPARQL JSON bindings, each as its JSON text
    (plankg.plan_answers, api.national), as given_solutions: in SPARQL JSON the lines are
    joined as they are, in another format read first."""
    if not as_sparql_json(job):
        return given_solutions(names, [json.loads(line) for line in lines], job)
    fmt = "json"
    truncated = len(lines) > job.max_rows
    head = json.dumps({"vars": names}, ensure_ascii=False, separators=(",", ":"))
    body = b'{"head":' + head.encode() + b',"results":{"bindings":['
    body += b",".join(lines[: job.max_rows]) + b"]}}"
    return Answer(body, fmt, truncated, job.max_rows)


def given_triples(lines: list[bytes], job: Job) -> Answer:
    """A page of a named query's graph given as N-Triples lines (plankg.joined_answers),
    from the triple at the page's `offset` on (at most `max_rows`, and one more when
    there is one), in the format `job` negotiates."""
    fmt = choose(job.accept, GRAPH_FORMATS, "ttl")
    if fmt is None:
        raise NotAcceptable()
    page = b"".join(line + b"\n" for line in lines[: job.max_rows])
    triples = [q.triple for q in ox.parse(page, format=ox.RdfFormat.N_TRIPLES)]
    return Answer(_graph(triples, fmt), fmt, len(lines) > job.max_rows, job.max_rows)


def given_solutions(
    names: list[str], bindings: list[dict[str, dict[str, str]]], job: Job
) -> Answer:
    """A page of solutions given as SPARQL JSON bindings (api.national), from the row at
    the page's `offset` on (at most `max_rows` of them, and one more when there is one),
    in the format `job` negotiates."""
    fmt = choose(job.accept, SOLUTION_FORMATS, "json")
    if job.json_rows and fmt == "json" and job.accept and "application/json" in job.accept:
        fmt = "rows"
    if fmt is None:
        raise NotAcceptable()
    truncated = len(bindings) > job.max_rows
    page = bindings[: job.max_rows]
    if fmt == "rows":  # a term's value, by column
        rows = [{n: b[n]["value"] for n in names if n in b} for b in page]
        return Answer(
            json.dumps(rows, ensure_ascii=False).encode("utf-8"), fmt, truncated, job.max_rows
        )
    doc = {"head": {"vars": names}, "results": {"bindings": page}}
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    body, _ = _json_solutions(doc, data, fmt, job.max_rows)
    return Answer(body, fmt, truncated, job.max_rows)


async def run_query(executor: Executor, job: Job, timeout: float) -> Answer:
    """Run a query in a worker: BadQuery, NotAcceptable, QueryFailed, policy.Refused, or
    workers.errors.QueryTimeout when it takes more than `timeout` seconds."""
    return await executor.run(execute, job, timeout=timeout)
