"""GET /cities, /plans, /agencies, /measures, /targets: filtered, paginated JSON-LD lists.

Each item is a node with its "@id" (the instance IRI, dereferenceable under /id/ when
PLANKG_BASE_IRI points at the service) and a few key fields, compacted with the service's
context ("@context" is the URL of /context.jsonld). Filter values are checked by pattern,
made typed literals and bound by a VALUES block (plankg.queries.bind), never spliced into
the query text; each filter adds a fixed graph pattern. Paging: `limit` (1..1000, default
100) and `offset`, in a stable order; a `Link` header gives rel="next"/"prev".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request, Response

from api.answer import failure_problem
from api.cache import encoded, respond
from api.deps import get_app_cache, get_executor
from api.errors import problem
from api.executor import Executor
from api.linked import compact, context_url, json_bytes, value_object
from api.scoping import city_dataset
from plankg.backends import QueryStore
from plankg.queries import XSD, bind
from plankg.settings import Settings

router = APIRouter(tags=["collections"])

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PK = "https://w3id.org/plankg/ontology#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

CODE = r"^[0-9]{6}$"
NOTATION = r"^[A-Za-z0-9][A-Za-z0-9-]{0,60}$"
Limit = Annotated[int, Query(ge=1, le=1000, description="items per page (1..1000)")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
City = Annotated[str | None, Query(pattern=CODE, description="GB/T 2260 code of the city")]


@dataclass(frozen=True)
class Collection:
    type_iri: str
    where: str  # binds ?item and the field variables
    fields: dict[str, str]  # variable -> property IRI of the item
    order: str
    filters: dict[str, tuple[str, str]] = field(default_factory=dict)  # param -> (var, pattern)

    def query(self, given: dict[str, str], limit: int, offset: int) -> str:
        patterns = "".join(self.filters[name][1] for name in given)
        variables = " ".join(f"?{v}" for v in self.fields)
        text = (
            f"{PREFIXES}SELECT DISTINCT ?item {variables}\nWHERE {{\n{self.where}{patterns}}}\n"
            f"ORDER BY {self.order} ?item\nLIMIT {int(limit)} OFFSET {int(offset)}\n"
        )
        values = {
            self.filters[name][0]: ox.Literal(value, datatype=ox.NamedNode(XSD + "string"))
            for name, value in given.items()
        }
        return bind(text, values)


CITIES = Collection(
    type_iri=PK + "Division",
    where="""  ?plan a pk:Plan ; pk:jurisdiction ?item .
  ?item pk:divisionCode ?code ; rdfs:label ?label ; pk:level ?level .
  OPTIONAL { ?item pk:province ?province . }
""",
    fields={
        "code": PK + "divisionCode",
        "label": RDFS + "label",
        "level": PK + "level",
        "province": PK + "province",
    },
    order="?code",
    filters={"province": ("provinceCode", "  ?item pk:province/pk:divisionCode ?provinceCode .\n")},
)
PLANS = Collection(
    type_iri=PK + "Plan",
    where="""  ?item a pk:Plan ; dcterms:title ?title ; pk:jurisdiction ?city ; pk:status ?status .
  ?city pk:divisionCode ?code .
  OPTIONAL { ?item pk:documentNumber ?documentNumber . }
  OPTIONAL { ?item dcterms:issued ?issued . }
""",
    fields={
        "title": DCT + "title",
        "city": PK + "jurisdiction",
        "status": PK + "status",
        "documentNumber": PK + "documentNumber",
        "issued": DCT + "issued",
    },
    order="?code",
    filters={
        "city": ("cityCode", "  FILTER (?code = ?cityCode)\n"),
        "status": (
            "statusCode",
            '  FILTER (?statusCode = IF(?status = pk:Draft, "draft", "issued"))\n',
        ),
    },
)
AGENCIES = Collection(
    type_iri=PK + "Agency",
    where="""  ?item a pk:Agency ; rdfs:label ?label ; pk:agencyType ?agencyType ;
        pk:jurisdiction ?city .
  ?city pk:divisionCode ?code .
""",
    fields={"label": RDFS + "label", "agencyType": PK + "agencyType", "city": PK + "jurisdiction"},
    order="?code",
    filters={
        "city": ("cityCode", "  FILTER (?code = ?cityCode)\n"),
        "type": ("typeCode", "  ?agencyType skos:notation ?typeCode .\n"),
    },
)
MEASURES = Collection(
    type_iri=PK + "Measure",
    where="""  ?item a pk:Measure ; dcterms:title ?title ; pk:inPlan ?plan ; pk:measureKind ?kind .
  ?plan pk:jurisdiction/pk:divisionCode ?code .
  OPTIONAL { ?item pk:primaryTopic ?primaryTopic . }
""",
    fields={
        "title": DCT + "title",
        "plan": PK + "inPlan",
        "kind": PK + "measureKind",
        "primaryTopic": PK + "primaryTopic",
    },
    order="?code ?plan",
    filters={
        "city": ("cityCode", "  FILTER (?code = ?cityCode)\n"),
        "topic": (
            "topicCode",
            # its own topics, or those of a sub-item of it (a unit of work of its own)
            "  ?item (pk:primaryTopic|pk:mentionsTopic)"
            "|pk:hasItem/(pk:primaryTopic|pk:mentionsTopic) ?topic .\n"
            "  ?topic skos:notation ?topicCode .\n",
        ),
    },
)
TARGETS = Collection(
    type_iri=PK + "Target",
    where="""  ?item a pk:Target ; pk:inPlan ?plan ; pk:indicator ?indicator ; pk:value ?value ;
        pk:unit ?unit ; pk:scope ?scope .
  ?plan pk:jurisdiction/pk:divisionCode ?code .
  OPTIONAL { ?item pk:pollutant ?pollutant . }
  OPTIONAL { ?item pk:qualifier ?qualifier . }
  OPTIONAL { ?item pk:targetYear ?targetYear . }
""",
    fields={
        "plan": PK + "inPlan",
        "indicator": PK + "indicator",
        "value": PK + "value",
        "unit": PK + "unit",
        "scope": PK + "scope",
        "pollutant": PK + "pollutant",
        "qualifier": PK + "qualifier",
        "targetYear": PK + "targetYear",
    },
    order="?code ?plan",
    filters={
        "city": ("cityCode", "  FILTER (?code = ?cityCode)\n"),
        "indicator": ("indicatorCode", "  ?indicator skos:notation ?indicatorCode .\n"),
    },
)


def _items(
    store: QueryStore,
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    ctx: str,
    base: str | None = None,
) -> tuple[bytes, int]:
    """Runs in a worker process: query, consume, compact. With `base` and a `city`
    filter, only that city's plan graphs and the reference graphs are read (api.scoping):
    the same items, at a cost that does not grow with the corpus."""
    sparql = coll.query(given, limit, offset)
    if base is not None and "city" in given:
        graphs = city_dataset(store, given["city"], base)
        result = store.query(sparql, default_graph=graphs, named_graphs=())
    else:
        result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a collection query must be a SELECT")
    nodes: list[dict[str, Any]] = []
    for solution in result:
        item = solution["item"]
        if not isinstance(item, ox.NamedNode):
            continue
        node: dict[str, Any] = {"@id": item.value, "@type": [coll.type_iri]}
        for var, prop in coll.fields.items():
            term = solution[var]
            if term is not None:
                node.setdefault(prop, []).append(value_object(term))
        nodes.append(node)
    doc = compact(nodes, ctx, graph=True)
    return json_bytes(doc), len(nodes)


async def _answer(
    request: Request,
    workers: Executor,
    coll: Collection,
    filters: dict[str, str | None],
    limit: int,
    offset: int,
) -> Response:
    allowed = {"limit", "offset", *coll.filters}
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        return problem(
            400,
            f"unknown parameter {', '.join(unknown)} (parameters: {', '.join(sorted(allowed))})",
        )
    given = {k: v for k, v in filters.items() if v}
    settings: Settings = request.app.state.settings
    cache = get_app_cache(request.app)
    ctx = context_url(request)
    key = ("collection", coll.type_iri, tuple(sorted(given.items())), limit, offset, ctx)
    cached = cache.get(key)
    if cached is not None:
        return respond(cached, request, "hit")
    generation = cache.generation
    try:
        body, count = await workers.run(
            _items,
            coll,
            given,
            limit,
            offset,
            ctx,
            settings.base,
            timeout=settings.query_timeout,
        )
    except Exception as exc:
        failure = failure_problem(exc)
        if failure is None:
            raise
        return failure
    links = []
    page = {**given, "limit": str(limit)}
    if count == limit:
        links.append(
            f'<{request.url.path}?{urlencode({**page, "offset": offset + limit})}>; rel="next"'
        )
    if offset > 0:
        prev = max(0, offset - limit)
        links.append(f'<{request.url.path}?{urlencode({**page, "offset": prev})}>; rel="prev"')
    headers = {"Link": ", ".join(links)} if links else {}
    entry = encoded(body, "application/ld+json", headers)
    cache.put(key, generation, entry)
    return respond(entry, request, "miss")


Workers = Annotated[Executor, Depends(get_executor)]


@router.get("/cities", summary="Divisions that have plans", response_class=Response)
async def cities(
    request: Request,
    workers: Workers,
    province: Annotated[
        str | None, Query(pattern=CODE, description="province GB/T 2260 code")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, CITIES, {"province": province}, limit, offset)


@router.get("/plans", summary="The plans", response_class=Response)
async def plans(
    request: Request,
    workers: Workers,
    city: City = None,
    status: Annotated[
        str | None, Query(pattern=r"^(draft|issued)$", description="draft or issued")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, PLANS, {"city": city, "status": status}, limit, offset)


@router.get("/agencies", summary="The agencies named in the plans", response_class=Response)
async def agencies(
    request: Request,
    workers: Workers,
    city: City = None,
    type: Annotated[str | None, Query(pattern=NOTATION, description="agency-type notation")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, AGENCIES, {"city": city, "type": type}, limit, offset)


@router.get("/measures", summary="The measures of the plans", response_class=Response)
async def measures(
    request: Request,
    workers: Workers,
    city: City = None,
    topic: Annotated[
        str | None, Query(pattern=NOTATION, description="topic notation (primary or mentioned)")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(request, workers, MEASURES, {"city": city, "topic": topic}, limit, offset)


@router.get("/targets", summary="The quantitative targets", response_class=Response)
async def targets(
    request: Request,
    workers: Workers,
    city: City = None,
    indicator: Annotated[
        str | None, Query(pattern=NOTATION, description="indicator notation")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    return await _answer(
        request, workers, TARGETS, {"city": city, "indicator": indicator}, limit, offset
    )
