"""The figures of the dataset description (VoID, api/void.py): counted at ingest, read on
request.

Counting them over the whole store costs a pass over every quad (over 30 s at 3,000
plans). They decompose instead. Every resource a plan's graph describes under the plan's
IRI (the plan, its sections, measures, responsibilities, targets, spans, summary rows) is
in that graph only; the others a plan describes (divisions, agencies, documents: several
plans may describe one) are few and typed; the reference graphs are small. So:

- each plan's graph carries its own figures (`graph_figures`, on its pk:PlanRow as
  pk:rowStatistics, derived with its summary): its triples by property, its own
  resources by class and in all, its own links, its title, and the IRIs (with their
  classes and links) of the other resources it describes;
- at the end of every ingest, `record` adds them up, counting each of those other
  resources once over every plan and the reference graphs with a few small queries, and
  writes the total with the new store generation into the dataset graph
  (pk:datasetStatistics);
- `read` gives that total when it is of the store's current generation; otherwise (a
  store written by other means, or with plans lacking their figures) `count` counts live,
  with the same meaning, as the tests do to check the recorded figures.

What the figures mean: `graphs` gives each graph's triples; `properties` the triples of
each property over every graph, so a triple stated in two graphs (a division described by
each plan naming it) counts in each, and their sum, the dataset's void:triples, is the sum
of the graphs'; `subjects` and each class's entities count each resource once; each
linkset counts distinct (subject, object) pairs.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from plankg.backends import QueryStore, Store
from plankg.dataset import (
    REFERENCE_GRAPHS,
    dataset_graph_iri,
    dataset_iri,
    new_stamp,
    read_modified,
    same_generation,
    stamp_modified,
)

PK = "https://w3id.org/plankg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
QUDT_UNIT = "http://qudt.org/vocab/unit/"
PLAN_FIGURES = PK + "rowStatistics"
DATASET_FIGURES = PK + "datasetStatistics"


@dataclass(frozen=True)
class Linkset:
    """One kind of link to another dataset: the distinct (subject, object) pairs of a
    property, its objects IRIs under `space` when given."""

    slug: str
    target: str  # a key of api.void.TARGETS
    title: str
    description: str
    via: str  # the property
    space: str | None = None
    stored: bool = True  # the link is a stored triple (void:linkPredicate)

    @property
    def predicate(self) -> str | None:
        return self.via if self.stored else None

    @property
    def pattern(self) -> str:
        where = f'FILTER (isIRI(?o) && STRSTARTS(STR(?o), "{self.space}"))' if self.space else ""
        return f"?s <{self.via}> ?o . {where}"

    def holds(self, obj: str) -> bool:
        """Whether an object, as an N-Triples term, makes a link."""
        return self.space is None or obj.startswith(f"<{self.space}")


LINKSETS = (
    Linkset(
        "units-qudt",
        "qudt-units",
        "Units matched to QUDT units",
        "The plankg units that are not QUDT units themselves, linked by skos:exactMatch "
        "to the QUDT unit they equal.",
        SKOS + "exactMatch",
        QUDT_UNIT,
    ),
    Linkset(
        "target-units-qudt",
        "qudt-units",
        "Target values in QUDT units",
        "Targets whose value is in a unit QUDT has: pk:unit names the QUDT unit IRI itself "
        "(unit:TONNE, unit:PERCENT).",
        PK + "unit",
        QUDT_UNIT,
    ),
    Linkset(
        "indicator-units-qudt",
        "qudt-units",
        "Indicators' default units in QUDT",
        "Indicators whose default unit (pk:defaultUnit) is a QUDT unit IRI.",
        PK + "defaultUnit",
        QUDT_UNIT,
    ),
    Linkset(
        "divisions-wikidata",
        "wikidata",
        "Divisions joinable with Wikidata items on P442",
        "No link triple is stored: a division joins its Wikidata item on a key. "
        "pk:wikidataDivisionCode holds the division's GB/T 2260 code in the form Wikidata's "
        'P442 (China administrative division code) uses ("13 06 82"), so the join is '
        "?division pk:wikidataDivisionCode ?code . SERVICE <https://query.wikidata.org/sparql> "
        "{ ?item wdt:P442 ?code } (the named query city-population). void:triples counts "
        "the divisions carrying the key, each the subject of one such link.",
        PK + "wikidataDivisionCode",
        stored=False,
    ),
)


@dataclass(frozen=True)
class Stats:
    """What the description counts; plain values, so it crosses the worker pipe."""

    subjects: int
    properties: dict[str, int]  # property IRI -> its triples in every graph
    classes: dict[str, int]  # class IRI -> distinct instances
    graphs: dict[str, int]  # graph IRI -> triples
    plans: dict[str, list[tuple[str, str]]]  # plan graph IRI -> titles (text, language)
    links: dict[str, int] = field(default_factory=dict)  # linkset slug -> distinct links
    modified: str | None = None  # xsd:dateTime of the last ingest (plankg.dataset)

    @property
    def triples(self) -> int:
        return sum(self.properties.values())


# --- one plan's graph -------------------------------------------------------------------


def graph_figures(
    graph: str,
    parts: Iterable[Mapping[str, Mapping[str, Sequence[str]]]],
    extra_property: str | None = None,
) -> str:
    """A plan graph's own figures as JSON (`graph` its IRI), from its triples as N-Triples
    terms indexed subject -> predicate -> objects, in parts with no subject in common;
    `extra_property`: one more triple of that property will be in the graph (the one
    carrying these figures)."""
    own = (f"<{graph}>", f"<{graph}/")
    rdf_type, title = f"<{RDF_TYPE}>", f"<{DCT}title>"
    by_property = {f"<{ls.via}>": ls for ls in LINKSETS}
    linked = by_property.keys()
    properties: dict[str, int] = {}
    classes: Counter[str] = Counter()
    links: Counter[str] = Counter()
    shared: dict[str, list[str]] = {}  # subject -> its classes
    shared_links: dict[str, set[tuple[str, str]]] = {}
    subjects = 0
    titles: list[tuple[str, str]] = []
    for part in parts:
        for s, predicates in part.items():
            for p, objects in predicates.items():
                properties[p] = properties.get(p, 0) + len(objects)
            local = s.startswith(own) or s.startswith("_:")
            if local:
                subjects += 1
                classes.update(predicates.get(rdf_type, ()))
                if s == own[0]:
                    titles += [_literal(o) for o in predicates.get(title, ())]
            else:
                # a resource other plans may describe: named, so that `summed` counts each
                # once over every plan
                shared[s[1:-1]] = sorted(c[1:-1] for c in predicates.get(rdf_type, ()))
            for p in linked & predicates.keys():
                linkset = by_property[p]
                pairs = {(s, o) for o in predicates[p] if linkset.holds(o)}
                if local:
                    links[linkset.slug] += len(pairs)
                else:
                    shared_links.setdefault(linkset.slug, set()).update(pairs)
    if extra_property:
        extra = f"<{extra_property}>"
        properties[extra] = properties.get(extra, 0) + 1
    return json.dumps(
        {
            "triples": sum(properties.values()),
            "properties": {p[1:-1]: n for p, n in sorted(properties.items())},
            "subjects": subjects,
            "classes": {c[1:-1]: n for c, n in sorted(classes.items()) if c.startswith("<")},
            "links": {ls.slug: links[ls.slug] for ls in LINKSETS},
            "titles": sorted(titles),
            "shared": {
                "subjects": dict(sorted(shared.items())),
                "links": {slug: sorted(map(list, pairs)) for slug, pairs in shared_links.items()},
            },
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _literal(term: str) -> tuple[str, str]:
    """(text, language) of a literal written in N-Triples."""
    for q in ox.parse(f"<x:s> <x:p> {term} .".encode(), format=ox.RdfFormat.N_TRIPLES):
        if isinstance(q.object, ox.Literal):
            return q.object.value, q.object.language or ""
    return "", ""


def figures_literal(figures: str) -> ox.Literal:
    return ox.Literal(figures, datatype=ox.NamedNode(RDF_JSON))


# --- the whole store: live ----------------------------------------------------------------

# Graphs of the store's own bookkeeping (the ingest journal) are not data.
_DATA_GRAPH = 'FILTER (!STRSTARTS(STR(?g), "urn:plankg:"))'
GRAPHS_QUERY = f"""SELECT ?g (COUNT(*) AS ?n)
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_DATA_GRAPH} }}
GROUP BY ?g"""
PROPERTIES_QUERY = f"""SELECT ?p (COUNT(*) AS ?n)
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_DATA_GRAPH} }}
GROUP BY ?p"""
SUBJECTS_QUERY = f"""SELECT (COUNT(DISTINCT ?s) AS ?n)
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_DATA_GRAPH} }}"""
CLASSES_QUERY = f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n)
WHERE {{ GRAPH ?g {{ ?s a ?c }} {_DATA_GRAPH} FILTER (isIRI(?c)) }}
GROUP BY ?c"""
PLANS_QUERY = f"""SELECT ?g ?title
WHERE {{ GRAPH ?g {{ ?g a <{PK}Plan> . OPTIONAL {{ ?g <{DCT}title> ?title }} }} }}"""


def _links_query(graphs: str = "", linksets: Iterable[Linkset] = LINKSETS) -> str:
    """Distinct (subject, object) pairs per linkset; `graphs` may restrict ?g."""
    branches = "\n  UNION\n".join(
        f'  {{ GRAPH ?g {{ {ls.pattern} }} {_DATA_GRAPH} {graphs} BIND ("{ls.slug}" AS ?linkset) }}'
        for ls in linksets
    )
    return (
        "SELECT ?linkset (COUNT(*) AS ?n)\nWHERE { SELECT DISTINCT ?linkset ?s ?o WHERE {\n"
        + branches
        + "\n} }\nGROUP BY ?linkset"
    )


LINKS_QUERY = _links_query()


def _rows(store: QueryStore, sparql: str) -> list[ox.QuerySolution]:
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a statistics query must be a SELECT")
    return list(result)


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _counts(rows: list[ox.QuerySolution], key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in rows:
        term = row[key]
        if isinstance(term, ox.NamedNode | ox.Literal):
            out[term.value] = _int(row["n"])
    return dict(sorted(out.items()))


def _titles(store: QueryStore) -> dict[str, list[tuple[str, str]]]:
    plans: dict[str, list[tuple[str, str]]] = {}
    for row in _rows(store, PLANS_QUERY):
        graph, title = row["g"], row["title"]
        if not isinstance(graph, ox.NamedNode):
            continue
        titles = plans.setdefault(graph.value, [])
        if isinstance(title, ox.Literal):
            titles.append((title.value, title.language or ""))
    return {g: sorted(t) for g, t in sorted(plans.items())}


def count(store: QueryStore, base: str) -> Stats:
    """The figures counted over the whole store, with SPARQL aggregates (so they mean the
    same on any SPARQL store): a pass over every quad."""
    subjects = _rows(store, SUBJECTS_QUERY)
    return Stats(
        subjects=_int(subjects[0]["n"]) if subjects else 0,
        properties=_counts(_rows(store, PROPERTIES_QUERY), "p"),
        classes=_counts(_rows(store, CLASSES_QUERY), "c"),
        graphs=_counts(_rows(store, GRAPHS_QUERY), "g"),
        plans=_titles(store),
        links=_links(store, LINKS_QUERY),
        modified=read_modified(store, base),
    )


def _links(store: QueryStore, sparql: str) -> dict[str, int]:
    counts = dict.fromkeys((ls.slug for ls in LINKSETS), 0)
    for row in _rows(store, sparql):
        slug = row["linkset"]
        if isinstance(slug, ox.Literal) and slug.value in counts:
            counts[slug.value] = _int(row["n"])
    return counts


# --- the whole store: from the plans' own figures ------------------------------------------

_PLAN_FIGURES = f"""SELECT ?g ?figures WHERE {{ GRAPH ?g {{
  ?summary <{PK}summaryOf> ?g ; <{PLAN_FIGURES}> ?figures .
}} }}"""


def _reference(store: QueryStore, base: str) -> Stats:
    """The live figures of the reference graphs alone (a few thousand triples)."""
    names = " ".join(f"<{iri(base)}>" for iri in REFERENCE_GRAPHS.values())
    only = f"VALUES ?g {{ {names} }}"

    def within(sparql: str) -> str:
        return sparql.replace(_DATA_GRAPH, f"{_DATA_GRAPH} {only}")

    subjects = _rows(store, within(SUBJECTS_QUERY))
    return Stats(
        subjects=_int(subjects[0]["n"]) if subjects else 0,
        properties=_counts(_rows(store, within(PROPERTIES_QUERY)), "p"),
        classes=_counts(_rows(store, within(CLASSES_QUERY)), "c"),
        graphs=_counts(_rows(store, within(GRAPHS_QUERY)), "g"),
        plans={},
        links=_links(store, _links_query(only)),
    )


def _plans_figures(store: QueryStore) -> dict[str, Mapping[str, object]] | None:
    """Each plan graph's own figures; None when a plan graph has none (the store was
    ingested by an older plankg, or written by other means)."""
    figures = {
        row["g"].value: json.loads(row["figures"].value)
        for row in _rows(store, _PLAN_FIGURES)
        if isinstance(row["g"], ox.NamedNode) and isinstance(row["figures"], ox.Literal)
    }
    plans = _rows(
        store, f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{PK}Plan> }} }}"
    )
    return figures if plans and _int(plans[0]["n"]) == len(figures) else None


def summed(store: Store, base: str, stamp: str) -> Stats | None:
    """The store's figures from its plans' own, the shared resources and the reference
    graphs, with the dataset graph as `record` writes it; None when the plans' figures do
    not cover the store (then only `count` gives them)."""
    plans = _plans_figures(store)
    if plans is None:
        return None
    known = set(plans) | {iri(base) for iri in REFERENCE_GRAPHS.values()}
    known |= {dataset_graph_iri(base)}
    if {g for g in store.graphs() if not g.startswith("urn:plankg:")} - known:
        return None  # graphs plankg did not write: count them live
    reference = _reference(store, base)
    properties: Counter[str] = Counter(reference.properties)
    classes: Counter[str] = Counter(reference.classes)
    links: Counter[str] = Counter(reference.links)
    subjects = reference.subjects
    graphs = dict(reference.graphs)
    titles: dict[str, list[tuple[str, str]]] = {}
    shared_subjects: dict[str, set[str]] = {}  # subject -> its classes, over every plan
    shared_links: dict[str, set[tuple[str, str]]] = {}
    for graph, own in plans.items():
        shared = own["shared"]
        assert isinstance(shared, dict)
        for subject, its_classes in shared["subjects"].items():
            shared_subjects.setdefault(subject, set()).update(its_classes)
        for slug, pairs in shared["links"].items():
            shared_links.setdefault(slug, set()).update((s, o) for s, o in pairs)
        properties.update(_mapping(own["properties"]))
        classes.update(_mapping(own["classes"]))
        links.update(_mapping(own["links"]))
        subjects += int(str(own["subjects"]))
        graphs[graph] = int(str(own["triples"]))
        titles[graph] = sorted((str(t), str(lang)) for t, lang in _pairs(own["titles"]))
    # the resources several plans describe, each once
    subjects += len(shared_subjects)
    classes.update(c for its_classes in shared_subjects.values() for c in its_classes)
    links.update({slug: len(pairs) for slug, pairs in shared_links.items()})
    # the dataset graph: its generation stamp and these figures, about {base}dataset
    properties.update({DCT + "modified": 1, DATASET_FIGURES: 1})
    graphs[dataset_graph_iri(base)] = 2
    subjects += 1
    return Stats(
        subjects=subjects,
        properties=dict(sorted(properties.items())),
        classes=dict(sorted(classes.items())),
        graphs=dict(sorted(graphs.items())),
        plans=dict(sorted(titles.items())),
        links={ls.slug: links[ls.slug] for ls in LINKSETS},
        modified=stamp,
    )


def _mapping(value: object) -> dict[str, int]:
    assert isinstance(value, dict)
    return {str(k): int(v) for k, v in value.items()}


def _pairs(value: object) -> list[tuple[object, object]]:
    assert isinstance(value, list)
    return [(pair[0], pair[1]) for pair in value]


def record(store: Store, base: str) -> str:
    """Mark the store changed (plankg.dataset.stamp_modified) and write its figures with
    the new stamp, when the plans' own figures cover it; returns the stamp."""
    stamp = new_stamp()
    stats = summed(store, base, stamp)
    extra = []
    if stats is not None:
        text = json.dumps(asdict(stats), ensure_ascii=False, separators=(",", ":"))
        extra.append(
            ox.Triple(
                ox.NamedNode(dataset_iri(base)),
                ox.NamedNode(DATASET_FIGURES),
                figures_literal(text),
            )
        )
    return stamp_modified(store, base, stamp, extra)


def read(store: QueryStore, base: str) -> Stats | None:
    """The figures `record` wrote, when they are of the store's current generation."""
    rows = _rows(
        store,
        f"SELECT ?m ?figures WHERE {{ GRAPH <{dataset_graph_iri(base)}> {{ "
        f"<{dataset_iri(base)}> <{DCT}modified> ?m ; <{DATASET_FIGURES}> ?figures }} }}",
    )
    if len(rows) != 1 or not isinstance(rows[0]["figures"], ox.Literal):
        return None
    data = json.loads(rows[0]["figures"].value)
    modified = rows[0]["m"]
    if not isinstance(modified, ox.Literal) or not same_generation(
        str(data.get("modified")), modified.value
    ):
        return None
    return Stats(
        subjects=int(data["subjects"]),
        properties=_mapping(data["properties"]),
        classes=_mapping(data["classes"]),
        graphs=_mapping(data["graphs"]),
        plans={g: [(str(t), str(lang)) for t, lang in v] for g, v in data["plans"].items()},
        links=_mapping(data["links"]),
        modified=modified.value,
    )


def figures(store: QueryStore, base: str) -> Stats:
    """Runs in a worker process: the recorded figures, or (a store without them) counted."""
    return read(store, base) or count(store, base)
