"""What the pages read from the store: tasks run in the query workers (workers).

Each task runs its SPARQL, consumes the results in the worker (pyoxigraph results are
bound to the thread that ran them) and returns plain rows: dicts of variable -> lexical
value. A per-city page reads only that city's plan graphs (the query's default graph is
those graphs, not the union of all), so its cost does not grow with the store. Within a
pattern the OPTIONALs come last: Oxigraph joins in the order written.

The pages over every plan (/, /leads) read no store per request: they aggregate the
plans' digests (plankg.plan_index), read with the search index. Queries over many plans match
inside `GRAPH ?g { … }`: in the union default graph a triple comes back once per graph
holding it, and a division is described in every plan that names it (a province in each
of its cities' plans), so joining two of its triples there multiplies the rows by the
square of that count (10 s for a /leads query at 500 plans).

A province's page reads the `cascade` rows ingest stored (api.web.pages_province); without
them, it reads that named query (queries/*.rq) through `named`, as GET /queries/{name}
runs it, over the plans its answer lies in (as api.scoping reads a city's).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from api.engine import Answer, Job, ProtocolDataset, execute
from plankg import policy
from plankg.backends import QueryStore
from plankg.dataset import reference_graphs
from plankg.queries import NamedQuery, QueryError, bind

if TYPE_CHECKING:
    from api.web.render import Ctx

Row = dict[str, str]

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def select(
    store: QueryStore,
    sparql: str,
    graphs: Sequence[str] | None = None,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
) -> list[Row]:
    """Rows of a SELECT; `graphs`: the plan graphs that make up its default graph."""
    text = bind(PREFIXES + sparql, bindings or {})
    if graphs is not None:
        if not graphs:
            return []
        result = store.query(text, default_graph=list(graphs))
    else:
        result = store.query(text)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT")
    names = [v.value for v in result.variables]
    rows: list[Row] = []
    for solution in result:
        row: Row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term.value
        rows.append(row)
    return rows


def plan_graphs(store: QueryStore, base: str, code: str) -> list[str]:
    """The named graphs of a division's plans (issued and draft): a plan's graph is
    named by the plan's IRI (ingest.rdf.Iris.plan)."""
    candidates = [f"{base}id/plan/{code}", f"{base}id/plan/{code}-draft"]
    return [g for g in candidates if store.contains(g)]


# --- /city/{code} and /compare -----------------------------------------------------------

PLANS = """SELECT DISTINCT ?plan ?title ?status ?documentNumber ?issued ?issuer ?sourceFile
       ?source ?cityCode ?cityName ?provinceCode ?provinceName WHERE {
  ?plan a pk:Plan ; dcterms:title ?title ; pk:status ?status ; pk:jurisdiction ?city ;
        pk:sourceFile ?sourceFile .
  ?city pk:divisionCode ?cityCode ; rdfs:label ?cityName .
  OPTIONAL { ?plan pk:documentNumber ?documentNumber . }
  OPTIONAL { ?plan dcterms:issued ?issued . }
  OPTIONAL { ?plan pk:issuer ?issuer . }
  OPTIONAL { ?plan dcterms:source ?source . }
  OPTIONAL { ?city pk:province ?province .
             ?province pk:divisionCode ?provinceCode ; rdfs:label ?provinceName . }
}"""

TARGETS = """SELECT ?plan ?cityCode ?target ?indicator ?value ?unit ?scope ?span ?quote ?start
       ?pollutant ?baseYear ?targetYear ?qualifier ?subject ?indicatorLabel ?measure WHERE {
  ?target a pk:Target ; pk:inPlan ?plan ; pk:indicator ?indicator ; pk:value ?value ;
          pk:unit ?unit ; pk:scope ?scope ; prov:wasDerivedFrom ?span .
  ?span pk:quote ?quote ; pk:startOffset ?start .
  ?plan pk:jurisdiction/pk:divisionCode ?cityCode .
  OPTIONAL { ?target pk:pollutant ?pollutant . }
  OPTIONAL { ?target pk:baseYear ?baseYear . }
  OPTIONAL { ?target pk:targetYear ?targetYear . }
  OPTIONAL { ?target pk:qualifier ?qualifier . }
  OPTIONAL { ?target pk:subject ?subject . }
  OPTIONAL { ?target pk:indicatorLabel ?indicatorLabel . }
  OPTIONAL { ?target pk:forMeasure ?measure . }
}
ORDER BY ?plan ?start"""

MEASURES = """SELECT ?plan ?measure ?sectionNumber ?sectionTitle ?number ?title ?span ?quote
       ?start ?end ?topic ?page WHERE {
  ?measure a pk:Measure ; pk:inPlan ?plan ; pk:inSection ?section ; pk:number ?number ;
           dcterms:title ?title ; prov:wasDerivedFrom ?span .
  ?section pk:number ?sectionNumber ; dcterms:title ?sectionTitle .
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  OPTIONAL { ?measure pk:primaryTopic ?topic . }
  OPTIONAL { ?span pk:page ?page . }
}
ORDER BY ?plan ?start"""

RESPONSIBILITIES = """SELECT DISTINCT ?measure ?resp ?agency ?agencyName ?agencyType ?role
       ?position ?span ?quote ?start ?end ?basis ?itemTitle ?itemNumber WHERE {
  ?resp pk:forMeasure ?measure ; pk:agency ?agency ; pk:role ?role ; pk:position ?position ;
        prov:wasDerivedFrom ?span .
  ?agency rdfs:label ?agencyName ; pk:agencyType ?agencyType .
  ?span pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end .
  OPTIONAL { ?resp pk:leadBasis ?basis . }
  OPTIONAL { ?resp pk:forItem ?item . ?item dcterms:title ?itemTitle ; pk:number ?itemNumber . }
}"""


def city(store: QueryStore, base: str, code: str) -> dict[str, list[Row]] | None:
    """Everything /city/{code} shows, from that division's plan graphs only; None when
    the store holds no plan of it."""
    graphs = plan_graphs(store, base, code)
    if not graphs:
        return None
    return {
        "plans": select(store, PLANS, graphs),
        "targets": select(store, TARGETS, graphs),
        "measures": select(store, MEASURES, graphs),
        "responsibilities": select(store, RESPONSIBILITIES, graphs),
    }


def plan_rows(store: QueryStore, graphs: Sequence[str]) -> list[Row]:
    """Worker task: the PLANS rows of these plan graphs (a province's divisions'), read
    one graph at a time: over their merged default graph Oxigraph's time grows with the
    square of their number (16 plans 0.7 s, one 6 ms, at 3,000 plans from disk)."""
    return [row for g in graphs for row in select(store, PLANS, [g])]


# The leads of each unit of work (queries/lead-agencies.rq): a measure's own note's, or a
# sub-item's with a note of its own, under the unit's primary topic.
COMPARE_LEADS = """SELECT DISTINCT ?cityCode ?topic ?agency ?agencyName ?agencyType ?resp ?basis
WHERE {
  ?unit pk:primaryTopic ?topic .
  { ?resp pk:forItem ?unit . }
  UNION
  { ?resp pk:forMeasure ?unit . FILTER NOT EXISTS { ?resp pk:forItem [] } }
  ?resp pk:forMeasure ?measure ; pk:role ?lead ; pk:agency ?agency .
  ?measure pk:inPlan ?plan .
  ?agency rdfs:label ?agencyName ; pk:agencyType ?agencyType .
  ?plan pk:jurisdiction/pk:divisionCode ?cityCode .
  OPTIONAL { ?resp pk:leadBasis ?basis . }
}"""

COMPARE_TOPICS = """SELECT ?cityCode ?topic (COUNT(DISTINCT ?measure) AS ?n) WHERE {
  ?measure pk:primaryTopic ?topic ; pk:inPlan ?plan .
  ?plan pk:jurisdiction/pk:divisionCode ?cityCode .
}
GROUP BY ?cityCode ?topic"""


def compare(store: QueryStore, base: str, codes: Sequence[str]) -> dict[str, object]:
    """What /compare shows, from the plan graphs of the given divisions only. `missing`
    lists the codes with no plan in the store."""
    graphs: list[str] = []
    missing: list[str] = []
    for code in codes:
        found = plan_graphs(store, base, code)
        if not found:
            missing.append(code)
        graphs += found
    if missing:
        return {"missing": missing}
    lead = {"lead": ox.NamedNode(f"{base}id/role/lead")}
    return {
        "missing": [],
        "plans": select(store, PLANS, graphs),
        "targets": select(store, TARGETS, graphs),
        "leads": select(store, COMPARE_LEADS, graphs, lead),
        "topics": select(store, COMPARE_TOPICS, graphs),
    }


# --- named queries (/province/{code}) -------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A named query's answer as rows; `truncated` when it was cut at the row limit."""

    rows: list[Row]
    truncated: bool = False


@dataclass(frozen=True)
class Call:
    """A named query with its parameters, run over the plan graphs `scope` names (with
    the reference graphs it reads) when it has one, as a per-city answer reads its
    city's (api.scoping): for a question whose answer lies in those plans, the same
    answer at a cost that does not grow with the corpus. `key` names the scope in the
    answer cache (a call without a scope shares GET /queries/{name}'s entry)."""

    name: str
    params: Mapping[str, str]
    scope: tuple[str, ...] | None = None
    key: str = ""

    def cache_key(self) -> Hashable:
        params = tuple(sorted(self.params.items()))
        if self.scope is None:
            return (self.name, params, "application/json")  # as api.routes_queries keys it
        return ("scoped", self.key, self.name, params)


def named_job(query: NamedQuery, call: Call, ctx: Ctx) -> Job:
    """The job GET /queries/{name} runs for these parameters (api.routes_queries), in
    its plain-rows JSON; over the call's scope when it has one."""
    settings = ctx.settings
    dataset = None
    if call.scope is not None:
        dataset = ProtocolDataset(call.scope + reference_graphs(settings.base, query.reads))
    return Job(
        query.bound(dict(call.params)),
        "application/json",
        settings.max_rows,
        json_rows=True,
        dataset=dataset,
        allow_list=tuple(settings.service_allow_list) if policy.reaches_out(query.text) else None,
        city=call.params.get("city") if query.scope == "city" and dataset is None else None,
        base=settings.base,
        reads=query.reads,
    )


def run_jobs(store: QueryStore, jobs: Sequence[Job]) -> list[Answer]:
    """Worker task: several named queries in one round trip."""
    return [execute(store, job) for job in jobs]


async def named(ctx: Ctx, calls: Sequence[Call]) -> list[Named]:
    """The answers of named queries, from the service's answer cache when the store has
    not changed since; the others run in a task per worker of the lane, side by side."""
    # the workers import this module (api.tasks), never the web framework these import
    from api.answer import TRUNCATED, encode
    from api.deps import get_app_cache
    from api.web.render import PageError

    queries: dict[str, NamedQuery] = ctx.request.app.state.queries
    cache = get_app_cache(ctx.request.app)
    generation = cache.generation
    found = [cache.get(call.cache_key()) for call in calls]
    missing = [i for i, entry in enumerate(found) if entry is None]
    if missing:
        try:
            jobs = [named_job(queries[calls[i].name], calls[i], ctx) for i in missing]
        except QueryError as exc:
            raise PageError(400, str(exc)) from None
        # split among the lane's workers, which run them side by side
        parts = max(1, min(len(jobs), ctx.executor.size))
        done = await asyncio.gather(*(ctx.run(run_jobs, jobs[k::parts]) for k in range(parts)))
        answers: dict[int, Answer] = {}  # job -> its answer
        for k, part in enumerate(done):
            answers.update(zip(range(k, len(jobs), parts), part, strict=True))
        for j, i in enumerate(missing):
            answer = answers[j]
            made = encode(answer, "application/json")
            cache.put(calls[i].cache_key(), generation, made)
            found[i] = made
    out = []
    for entry in found:
        assert entry is not None
        rows: list[Row] = json.loads(entry.body)
        out.append(Named(rows, any(k == TRUNCATED for k, _ in entry.headers)))
    return out
