"""The collections (/cities, /plans, /agencies, /measures, /targets): what each lists, its
query, and a page of its items as JSON-LD (`items`, a worker task; the routes are
api.routes_collections)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from api.linked import compact, json_bytes, value_object
from api.scoping import city_dataset
from plankg.backends import QueryStore
from plankg.queries import XSD, bind

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
PK = "https://w3id.org/plankg/ontology#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


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
    # The collections read each item within its plan's own graph: a division is described
    # again by every plan that names it (a province by each of its divisions' plans), and
    # over the union the copies of each of its properties multiply (n graphs: n^4 rows
    # for four properties; a measure's division code n times).
    where="""  GRAPH ?graph {
    ?plan a pk:Plan ; pk:jurisdiction ?item .
    ?item pk:divisionCode ?code ; rdfs:label ?label ; pk:level ?level .
    OPTIONAL { ?item pk:province ?province . }
  }
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
    where="""  GRAPH ?graph {
    ?item a pk:Measure ; dcterms:title ?title ; pk:inPlan ?plan ; pk:measureKind ?kind .
    ?plan pk:jurisdiction/pk:divisionCode ?code .
    OPTIONAL { ?item pk:primaryTopic ?primaryTopic . }
  }
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
    where="""  GRAPH ?graph {
    ?item a pk:Target ; pk:inPlan ?plan ; pk:indicator ?indicator ; pk:value ?value ;
          pk:unit ?unit ; pk:scope ?scope .
    ?plan pk:jurisdiction/pk:divisionCode ?code .
    OPTIONAL { ?item pk:pollutant ?pollutant . }
    OPTIONAL { ?item pk:qualifier ?qualifier . }
    OPTIONAL { ?item pk:targetYear ?targetYear . }
  }
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


Solution = tuple[str, dict[str, ox.NamedNode | ox.Literal]]  # the item's IRI, its fields


def _solutions(
    store: QueryStore,
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    base: str | None,
) -> tuple[list[Solution], Sequence[str] | None]:
    """The page of a collection's items, in order, and the graphs it was read from (None:
    the union of all). With `base` and a `city` filter, only that city's plan graphs and
    the reference graphs are read (api.scoping): the same items, at a cost that does not
    grow with the corpus."""
    sparql = coll.query(given, limit, offset)
    graphs = None
    if base is not None and "city" in given:
        graphs = city_dataset(store, given["city"], base)
        result = store.query(sparql, default_graph=graphs, named_graphs=graphs)
    else:
        result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a collection query must be a SELECT")
    out: list[Solution] = []
    for solution in result:
        item = solution["item"]
        if not isinstance(item, ox.NamedNode):
            continue
        fields = {}
        for var in coll.fields:
            term = solution[var]
            if isinstance(term, ox.NamedNode | ox.Literal):
                fields[var] = term
        out.append((item.value, fields))
    return out, graphs


def items(
    store: QueryStore,
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    ctx: str,
    base: str | None = None,
) -> tuple[bytes, int]:
    """Worker task: a page of a collection's items as JSON-LD, and how many."""
    solutions, _ = _solutions(store, coll, given, limit, offset, base)
    nodes: list[dict[str, Any]] = []
    for item, fields in solutions:
        node: dict[str, Any] = {"@id": item, "@type": [coll.type_iri]}
        for var, term in fields.items():
            node.setdefault(coll.fields[var], []).append(value_object(term))
        nodes.append(node)
    doc = compact(nodes, ctx, graph=True)
    return json_bytes(doc), len(nodes)


@dataclass(frozen=True)
class Named:
    """What a resource an item links to is called: its title or label, and its division
    code when it is a division."""

    name: str
    code: str = ""


Row = dict[str, str]  # "item" and the fields' lexical values


def rows(
    store: QueryStore,
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    base: str | None = None,
) -> tuple[list[Row], dict[str, Named]]:
    """Worker task: the very items `items` lists for the same request, for a page of the
    app: a row per item (its IRI as "item", each field's lexical value), and the names of
    the resources its fields link to (read from the same graphs)."""
    solutions, graphs = _solutions(store, coll, given, limit, offset, base)
    out = [
        {"item": item, **{var: t.value for var, t in fields.items()}} for item, fields in solutions
    ]
    linked = sorted(
        {t.value for _, fields in solutions for t in fields.values() if isinstance(t, ox.NamedNode)}
    )
    return out, _names(store, linked, graphs)


def _names(store: QueryStore, iris: list[str], graphs: Sequence[str] | None) -> dict[str, Named]:
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    sparql = (
        f"{PREFIXES}SELECT ?s ?name ?code WHERE {{\n  VALUES ?s {{ {values} }}\n"
        "  { ?s dcterms:title ?name } UNION { ?s rdfs:label ?name }\n"
        "  OPTIONAL { ?s pk:divisionCode ?code }\n}"
    )
    if graphs is not None:
        result = store.query(sparql, default_graph=graphs, named_graphs=graphs)
    else:
        result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT")
    named: dict[str, Named] = {}
    for solution in result:
        s, name, code = solution["s"], solution["name"], solution["code"]
        if s is None or name is None:
            continue
        # a name in Chinese (or with no language) before another: the plans' own
        language = name.language if isinstance(name, ox.Literal) else None
        if s.value in named and language not in (None, "zh"):
            continue
        named[s.value] = Named(name.value, code.value if code is not None else "")
    return named
