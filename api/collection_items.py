"""The collections (/cities, /plans, /agencies, /measures, /targets): what each lists, its
query, and a page of its items as JSON-LD (`items`, a worker task; the routes are
api.routes_collections)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from api.linked import compact, json_bytes, value_object
from api.scoping import city_dataset
from api.web.digest import Overview
from plankg.backends import QueryStore
from plankg.dataset import reference_graphs, with_references
from plankg.plan_index import Digest
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
    # param -> (var, pattern): a pattern comes first, as the most selective (Oxigraph joins
    # in the order written); what it reads of a plan it reads in the plan's own graph
    filters: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The plan digests' count of these items (plankg.plan_index.Digest), when the items
    # are each read from their plan's graph in the order of the plans (?code ?plan): a page
    # over the whole corpus then needs only the graphs of the plans it falls on (window).
    counted: str = ""
    # The plans' digests' set of these items (an agency is named by several plans): an
    # unfiltered page is the digests' items in IRI order, cut there, then read (window)
    listed: str = ""

    def query(
        self, given: dict[str, str], limit: int, offset: int, items: Sequence[str] = ()
    ) -> str:
        patterns = "".join(self.filters[name][1] for name in given)
        if items:  # pyoxigraph writes each IRI, checked, in N-Triples form
            patterns = f"  VALUES ?item {{ {' '.join(str(ox.NamedNode(i)) for i in items)} }}\n"
        variables = " ".join(f"?{v}" for v in self.fields)
        text = (
            f"{PREFIXES}SELECT DISTINCT ?item {variables}\nWHERE {{\n{patterns}{self.where}}}\n"
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
    order="?code",  # its IRI's order too: {base}id/division/{code}
    listed="divisions",  # a plan graph's plan is its one pk:Plan
    filters={"province": ("provinceCode", "  ?item pk:province/pk:divisionCode ?provinceCode .\n")},
)
PLANS = Collection(
    type_iri=PK + "Plan",
    where="""  GRAPH ?graph {
    ?item a pk:Plan ; dcterms:title ?title ; pk:jurisdiction ?city ; pk:status ?status .
    ?city pk:divisionCode ?code .
    OPTIONAL { ?item pk:documentNumber ?documentNumber . }
    OPTIONAL { ?item dcterms:issued ?issued . }
  }
""",
    fields={
        "title": DCT + "title",
        "city": PK + "jurisdiction",
        "status": PK + "status",
        "documentNumber": PK + "documentNumber",
        "issued": DCT + "issued",
    },
    order="?code",
    counted="plans",  # a plan graph holds its plan alone
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
    # within a graph, as the divisions: an agency's division is described by every plan
    # naming it (a prefecture's by each of its counties' plans)
    where="""  GRAPH ?graph {
    ?item a pk:Agency ; rdfs:label ?label ; pk:agencyType ?agencyType ;
          pk:jurisdiction ?city .
    ?city pk:divisionCode ?code .
  }
""",
    fields={"label": RDFS + "label", "agencyType": PK + "agencyType", "city": PK + "jurisdiction"},
    # by IRI, which names the agency's division first (id/agency/{code}/…)
    order="",
    listed="agencies",
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
    counted="measures",
    filters={
        "city": ("cityCode", "  FILTER (?code = ?cityCode)\n"),
        "topic": (
            "topicCode",
            # its own topics, or those of a sub-item of it (a unit of work of its own)
            "  ?topic skos:notation ?topicCode .\n"
            "  GRAPH ?graph { ?item (pk:primaryTopic|pk:mentionsTopic)"
            "|pk:hasItem/(pk:primaryTopic|pk:mentionsTopic) ?topic . }\n",
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
    counted="targets",
    filters={
        "city": ("cityCode", "  FILTER (?code = ?cityCode)\n"),
        "indicator": ("indicatorCode", "  ?indicator skos:notation ?indicatorCode .\n"),
    },
)


Solution = tuple[str, dict[str, ox.NamedNode | ox.Literal]]  # the item's IRI, its fields


@dataclass(frozen=True)
class Window:
    """Where a page over the whole corpus lies: plans' graphs in the collection's order
    (division code, then plan) and the offset of the page's first item among their items.
    Found from the counts of the plans' digests, they are the plans the page falls on;
    else (a filtered page: the digests cannot count its items) they are every plan, to
    be walked in that order until the page is full (`walk`)."""

    graphs: tuple[str, ...]
    offset: int
    walk: bool = False
    items: tuple[str, ...] = ()  # the page's items, when the digests list them


# The most plan graphs a window reads: past that the query over every graph costs less.
# Oxigraph's cost of a dataset grows faster than its graphs (at 3,000 plans, a page of
# 100 divisions read from their 100 plans' graphs: 12 ms, of 1,000 from 1,000: 180 ms;
# over every graph: 90-120 ms either way).
WINDOW_GRAPHS = 500


def window(counts: Iterable[tuple[str, str, int]], limit: int, offset: int) -> Window:
    """The window of items offset..offset+limit-1, from each plan's (division code, graph,
    number of items), which the plans' digests hold: the shapes give an item one value
    of each field, so a plan contributes exactly its count of rows, ordered by code and
    plan as the query orders them."""
    end, position = offset + limit, 0
    graphs: list[str] = []
    first = 0
    for _, graph, n in sorted(counts):
        if n and position + n > offset and position < end:
            if not graphs:
                first = offset - position
            graphs.append(graph)
        position += n
        if position >= end:
            break
    return Window(tuple(graphs), first)


def within(
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    overview: Overview | None,
) -> Window | None:
    """The window of a page over the whole corpus of a counted collection, from the plans'
    digests (None: no digests of the store's current state, a page of one city's, which
    reads that city's graphs, or a page over more than WINDOW_GRAPHS plans)."""
    if "city" in given or overview is None:
        return None
    digests = overview.digests
    if coll.listed and not given:
        plans, every = overview.kept(
            ("listed", coll.listed), lambda: _listing(digests, coll.listed)
        )
        page = tuple(every[offset : offset + limit])
        wanted = set(page)  # a set: isdisjoint then walks the smaller of the two
        graphs = tuple(g for g, held in plans if not held.isdisjoint(wanted))
        return Window(graphs, 0, items=page) if len(graphs) <= WINDOW_GRAPHS else None
    if not coll.counted:
        return None
    if given:
        ordered = sorted((d.code, d.graph) for d in digests)
        return Window(tuple(g for _, g in ordered), offset, walk=True)
    found = window(((d.code, d.graph, getattr(d, coll.counted)) for d in digests), limit, offset)
    return found if len(found.graphs) <= WINDOW_GRAPHS else None


def _listing(
    digests: Sequence[Digest], listed: str
) -> tuple[list[tuple[str, frozenset[str]]], list[str]]:
    """Each plan's graph with its items of a listed collection, and all their items in IRI
    order: the same for every page (at 3,000 plans, 60 ms for the agencies)."""
    plans = [(d.graph, frozenset(getattr(d, listed))) for d in digests]
    return plans, sorted(set().union(*(held for _, held in plans)))


# Plans read at a time by a walk: few for a first page (a filter that most plans match
# fills it from the first ones), more and more for a filter that few plans match.
FIRST_STEP, LAST_STEP = 32, 512


def _walked(
    store: QueryStore, coll: Collection, given: dict[str, str], limit: int, at: Window, base: str
) -> tuple[list[Solution], tuple[str, ...]]:
    """A filtered page, read from the plans in order, a few graphs at a time, until it is
    full: each step's items follow the previous step's in the collection's order, so the
    page is the whole query's. Returns its items and the graphs they came from."""
    out: list[Solution] = []
    read: list[str] = []
    skip, step, i = at.offset, FIRST_STEP, 0
    while i < len(at.graphs) and len(out) < limit:
        graphs = at.graphs[i : i + step]
        i, step = i + step, min(step * 2, LAST_STEP)
        wanted = skip + limit - len(out)
        # the plans' graphs as named graphs only: a pattern over a default graph merged
        # from many graphs is looked up in each of them
        query = coll.query(given, wanted, 0)
        got = _read(store, coll, query, reference_graphs(base), graphs)
        if len(got) <= skip:
            skip -= len(got)
            continue
        out += got[skip:]
        skip = 0
        read += graphs
    return out, tuple(read)


def _solutions(
    store: QueryStore,
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    base: str | None,
    within: Window | None = None,
) -> tuple[list[Solution], Sequence[str] | None]:
    """The page of a collection's items, in order, and the graphs it was read from (None:
    the union of all). With `base` and a `city` filter, only that city's plan graphs and
    the reference graphs are read (api.scoping); with a `within` window (and `base`),
    only the graphs of the plans the page falls on: the same items, at a cost that does
    not grow with the corpus."""
    if base is not None and within is not None:
        if within.walk:
            out, read = _walked(store, coll, given, limit, within, base)
            return out, with_references(read, base)
        if not within.graphs:
            return [], ()
        graphs = with_references(within.graphs, base)
        query = coll.query(given, limit, within.offset, within.items)
        return _read(store, coll, query, graphs), graphs
    if base is not None and "city" in given:
        graphs = city_dataset(store, given["city"], base)
        return _read(store, coll, coll.query(given, limit, offset), graphs), graphs
    return _read(store, coll, coll.query(given, limit, offset), None), None


def _read(
    store: QueryStore,
    coll: Collection,
    sparql: str,
    graphs: Sequence[str] | None,
    named: Sequence[str] | None = None,
) -> list[Solution]:
    """A collection query's items, over `graphs` as the default graph and `named` (by
    default the same) as the named graphs, or over every graph."""
    if graphs is not None:
        named = graphs if named is None else named
        result = store.query(sparql, default_graph=graphs, named_graphs=named)
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
    return out


def items(
    store: QueryStore,
    coll: Collection,
    given: dict[str, str],
    limit: int,
    offset: int,
    ctx: str,
    base: str | None = None,
    within: Window | None = None,
) -> tuple[bytes, int]:
    """Worker task: a page of a collection's items as JSON-LD, and how many."""
    solutions, _ = _solutions(store, coll, given, limit, offset, base, within)
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
    within: Window | None = None,
) -> tuple[list[Row], dict[str, Named]]:
    """Worker task: the very items `items` lists for the same request, for a page of the
    app: a row per item (its IRI as "item", each field's lexical value), and the names of
    the resources its fields link to (read from the same graphs)."""
    solutions, graphs = _solutions(store, coll, given, limit, offset, base, within)
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
