"""GET /queries and GET /queries/{name}: the named queries, parameters bound as RDF terms."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, Depends, Request, Response

from api import answer, national
from api.cache import AnswerCache, respond
from api.deps import get_cache, get_executor, get_queries, get_settings
from api.engine import (
    Answer,
    Job,
    NotAcceptable,
    as_sparql_json,
    given_lines,
    given_solutions,
    given_triples,
)
from api.errors import ServiceError, problem
from api.negotiation import MEDIA
from api.web.digest import Digest
from api.web.labels import vocabularies
from api.web.pages_search import current_overview, index_of
from plankg import index_files, joined_answers, plan_answers, policy
from plankg.queries import NamedQuery, QueryError
from plankg.settings import Settings
from plankg.sparql_lexer import columns
from workers.executor import Executor

log = logging.getLogger(__name__)
router = APIRouter(tags=["named queries"])

# Query-string keys of every named query that are not its parameters: the page of a long
# answer (the rows past `offset`, at most `limit` of them; the row cap by default).
PAGING = ("limit", "offset")


def page_of(params: Mapping[str, str], max_rows: int) -> tuple[int, int]:
    """The `limit` (1..max_rows, default max_rows) and `offset` (0..) a request asks for;
    QueryError when one is not such a number."""
    limit, offset = params.get("limit", str(max_rows)), params.get("offset", "0")
    if not (limit.isdigit() and 1 <= int(limit) <= max_rows):
        raise QueryError(f"limit={limit!r}: a number of rows from 1 to {max_rows}")
    if not offset.isdigit():
        raise QueryError(f"offset={offset!r}: a number of rows to skip, 0 or more")
    return int(limit), int(offset)


def page_links(path: str, given: dict[str, str], limit: int, offset: int, more: bool) -> str:
    """The `Link` header of a page: rel="next" when rows were left out after it, rel="prev"
    when it does not start at the first row."""
    links = []
    if more:
        links.append(
            f'<{path}?{urlencode({**given, "limit": limit, "offset": offset + limit})}>; rel="next"'
        )
    if offset > 0:
        prev = {**given, "limit": limit, "offset": max(0, offset - limit)}
        links.append(f'<{path}?{urlencode(prev)}>; rel="prev"')
    return ", ".join(links)


@router.get("/queries", summary="The named queries and their parameters")
async def list_queries(
    queries: Annotated[dict[str, NamedQuery], Depends(get_queries)],
) -> list[dict[str, object]]:
    return [
        {
            "name": q.name,
            "summary": q.summary,
            "description": q.description.strip(),
            "params": [
                {
                    "name": p.name,
                    "description": p.description,
                    "default": p.default,
                    "pattern": p.pattern,
                    # the values it takes, when they are a list (a vocabulary's notations)
                    **({"values": list(known)} if (known := p.known_values()) else {}),
                }
                for p in q.params
            ],
        }
        for q in queries.values()
    ]


@router.get("/queries/{name}", summary="Run a named query")
async def run_named(
    name: str,
    request: Request,
    executor: Annotated[Executor, Depends(get_executor)],
    settings: Annotated[Settings, Depends(get_settings)],
    queries: Annotated[dict[str, NamedQuery], Depends(get_queries)],
    cache: Annotated[AnswerCache, Depends(get_cache)],
) -> Response:
    query = queries.get(name)
    if query is None:
        raise ServiceError(404, f"no named query {name!r}")
    return await answer_named(query, request, executor, settings, cache)


async def _from_digests(
    query: NamedQuery, request: Request, given: dict[str, str], job: Job
) -> Answer | Response | None:
    """The answer read from the plans' digests (api.national) when this question is one
    they answer and they are those of the store served (an embedded store, which does not
    change while served, its search index built); else None: the query runs."""
    settings: Settings = request.app.state.settings
    index = index_of(request.app)
    if settings.endpoint or not index.ready or not national.answers(query.name, given):
        return None
    params = {p.name: given.get(p.name) or p.default or "" for p in query.params}
    vocab = vocabularies(settings.base)
    names = columns(query.text) or []

    def answer() -> Answer:
        """The page's rows and the next one (there is more when it is there), in the
        negotiated format."""
        overview = index.overview
        if query.name == "lead-agencies":
            topic = vocab.concept("topic", params["topic"])
            assert topic is not None  # the parameter is checked against the vocabulary
            answers = overview.kept(
                "lead-agencies",
                lambda: national.LeadAgencies(overview.sorted_leads, vocab.notation),
            )
            shown = answers.order(topic.iri, params["match"])
            shown = shown[job.offset : job.offset + job.max_rows + 1]
            if as_sparql_json(job):
                return given_lines(names, answers.lines(shown), job)
            return given_solutions(names, answers.bindings(shown), job)
        city = given.get("city")
        plans = (
            national.duties_by_plan(
                overview.kept(
                    "digests by division", lambda: national.by_code(overview.digests)
                ).get(city, [])
            )
            if city
            else overview.kept(
                "responsibilities", lambda: national.duties_by_plan(overview.digests)
            )
        )
        rows = list(islice(national.responsibilities(plans, vocab.notation, job.offset),
                           job.max_rows + 1))  # fmt: skip
        if as_sparql_json(job):
            return given_lines(names, [national.line(r) for r in rows], job)
        return given_solutions(names, [national.binding(r) for r in rows], job)

    try:
        return await anyio.to_thread.run_sync(answer)
    except NotAcceptable:
        return problem(406, "no acceptable result format for this query")


async def _from_answers(
    query: NamedQuery, request: Request, given: dict[str, str], job: Job
) -> Answer | Response | None:
    """The answer of a per-plan or joins-plans named query for the whole country read
    from the answers ingest stored with the index files (plankg.plan_answers,
    plankg.joined_answers), when they are of the store served and answer these
    parameters; else None: the query runs."""
    settings: Settings = request.app.state.settings
    index = index_of(request.app)
    directory = index.answers
    if settings.endpoint or not index.ready or directory is None:
        return None
    if query.scope == "city" and given.get("city"):
        return await _from_parts(query, request, given, job)
    read: Callable[[], Answer]
    if query.joins_plans and joined_answers.is_graph(query):
        if not joined_answers.graph_answerable(query, given):
            return None

        def read() -> Answer:
            lines = joined_answers.graph_page(directory, query, job.offset, job.max_rows + 1)
            return given_triples(lines, job)
    else:
        restrict = plan_answers.answerable(query, given)
        if restrict is None:
            return None

        def read() -> Answer:
            lines = plan_answers.page(directory, query, restrict, job.offset, job.max_rows + 1)
            return given_lines(columns(query.text) or [], lines, job)

    def answer() -> Answer | None:
        try:
            return read()
        except plan_answers.Missing as exc:
            _unstored(directory, query.name, str(exc))
            return None

    try:
        return await anyio.to_thread.run_sync(answer)
    except NotAcceptable:
        return problem(406, "no acceptable result format for this query")


async def _from_parts(
    query: NamedQuery, request: Request, given: dict[str, str], job: Job
) -> Answer | Response | None:
    """One city's answer of a per-plan named query, merged from the rows its plans' parts
    of the index files hold (plankg.plan_answers.plans_page): the rows of the whole
    answer that are that city's, read without a query worker. None when the server holds
    no index files of the store as it is, or they do not answer these parameters: the
    query then runs over the city's plan graphs (api.scoping)."""
    files = index_of(request.app).files
    city = given.get("city")
    if files is None or not city or not query.per_plan or query.joins_plans:
        return None
    graphs = _city_plans(request, city)
    conditions = plan_answers.answerable(query, given)
    if graphs is None or conditions is None:
        return None

    def answer() -> Answer | None:
        try:
            streams = [index_files.answers_of(part) for part in files.parts(graphs)]
            lines = plan_answers.plans_page(query, streams, files.answers.get(query.name),
                                            conditions, job.offset, job.max_rows + 1)  # fmt: skip
        except (plan_answers.Missing, OSError, ValueError, zlib.error) as exc:
            _unstored(files.directory, query.name, str(exc))
            return None
        return given_lines(columns(query.text) or [], lines, job)

    try:
        return await anyio.to_thread.run_sync(answer)
    except NotAcceptable:
        return problem(406, "no acceptable result format for this query")


@lru_cache(maxsize=256)
def _unstored(directory: Path, name: str, why: str) -> None:
    """One log line for each query whose stored answer is not there (the query runs)."""
    log.info("named query %s: %s; it runs over the store", name, why)


def _city_plans(request: Request, city: str) -> tuple[str, ...] | None:
    """The plan graphs of the division of code `city`, from the digests of the embedded
    store served (sorted, as api.scoping.city_graphs finds them); None when the server
    holds no digests of the store as it is (the worker looks them up)."""
    overview = current_overview(request.app)
    if overview is None:
        return None
    by_code = overview.kept(
        "plan graphs by division", lambda: plan_graphs_by_code(overview.digests)
    )
    return by_code.get(city, ())


def plan_graphs_by_code(digests: list[Digest]) -> dict[str, tuple[str, ...]]:
    """Each division code's plan graphs, sorted."""
    return {
        code: tuple(sorted(d.graph for d in ds)) for code, ds in national.by_code(digests).items()
    }


async def answer_named(
    query: NamedQuery,
    request: Request,
    executor: Executor,
    settings: Settings,
    cache: AnswerCache,
) -> Response:
    """Run a named query with the request's query-string keys as its parameters (unknown
    keys and bad values are a 400), answered in the negotiated format. Shared by the
    generic route and the per-query routes of api.openapi_queries."""
    name = query.name
    accept = request.headers.get("accept")
    key = (name, tuple(sorted(request.query_params.multi_items())), accept)
    cached = cache.get(key)
    if cached is not None:
        return await respond(cached, request, "hit")
    generation = cache.generation  # before the query runs: see AnswerCache.put
    given = {k: v for k, v in request.query_params.items() if k not in PAGING}
    try:
        sparql = query.bound(given)
        limit, offset = page_of(request.query_params, settings.max_rows)
    except QueryError as exc:
        return problem(400, str(exc))
    city = request.query_params.get("city") if query.scope == "city" else None
    job = Job(
        sparql,
        accept,
        limit,
        json_rows=True,
        # named queries are ours, but a SERVICE in one still needs the allow-list
        allow_list=tuple(settings.service_allow_list) if policy.reaches_out(query.text) else None,
        city=city or None,  # api.scoping: read only that city's plan graphs
        city_plans=_city_plans(request, city) if city else None,
        base=settings.base,
        reads=query.reads,
        summaries=query.summaries,
        offset=offset,
    )
    result = await _from_digests(query, request, given, job)
    if result is None:
        result = await _from_answers(query, request, given, job)
    if result is None:
        result = await answer.run(
            executor, job, settings.query_timeout, broken=f"named query {name!r} is broken"
        )
    if isinstance(result, Response):
        return result
    media = "application/json" if result.fmt == "rows" else MEDIA[result.fmt]
    links = page_links(request.url.path, given, limit, offset, result.truncated)
    entry = answer.encode(result, media, {"Link": links} if links else None)
    cache.put(key, generation, entry)
    return await respond(entry, request, "miss")
