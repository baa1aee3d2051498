"""A plan's summary: the answer rows of the national questions, derived from the plan's
graph at ingest and written into that graph with it (docs/rdf-model.md#summaries).

Asked for the whole country, a question joined over every plan's graph costs far more
than its rows: the joins cross millions of quads, and a division or a concept is read
once per graph that describes it. Each plan's rows of those answers change only when the
plan does, so ingest derives them here, once, and the named queries marked
`#+ summaries: true` read them:

- one pk:PlanRow `{plan}/summary`: the plan's division (code, name, level, and the
  division directly above), its counts, its headline targets, and pk:summaryVersion,
  which those queries check first (plankg.summarised);
- one pk:TargetRow `{target}/row` per target: the notations of its indicator, pollutant,
  unit, qualifier and scope, and the target (whose value, years and span are read there);
- one pk:LeadRow `{responsibility}/lead` per lead of a unit of work (a measure, or a
  sub-item with a note of its own, as the lead-agencies question defines it): the unit
  (whose topics are read there), its item, the agency's type and the basis of the lead.

A row holds what costs a national question most to find, term for term as the
full-graph SPARQL (tests/queries/full-graph/) finds it: a row is made when every pattern
that query requires matches, with every value of each column (as a CONSTRUCT would give
them). The plan's figures for the dataset description ride on its plan row
(plankg.statistics). The rows are derived from the graph
itself, not from the parsed plan, so a store ingested before summaries existed gets them
from what it holds (`plankg summarise`). They are read from and written as N-Triples
lines, every term kept in the form the graph's own serialisation gives it: building a
pyoxigraph term per triple, or loading the graph into a store to run CONSTRUCT queries,
cost several times the whole derivation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from itertools import product

import pyoxigraph as ox

from plankg.backends import Store
from plankg.paths import VOCAB_DIR
from plankg.plan_index import Triples
from plankg.statistics import PLAN_FIGURES, figures_literal, graph_figures
from plankg.summarised import ROW_CLASSES, SUMMARY_VERSION

PK = "https://w3id.org/plankg/ontology#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_TITLE = "<http://purl.org/dc/terms/title>"
_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
_ROW_TYPES = frozenset(f"<{c}>" for c in ROW_CLASSES)


@cache
def _pk(name: str) -> str:
    return f"<{PK}{name}>"


def _integer(n: int) -> str:
    return f'"{n}"^^<http://www.w3.org/2001/XMLSchema#integer>'


# The predicates read, as N-Triples terms.
FOR_MEASURE, FOR_ITEM, ROLE, LEAD_BASIS = (
    _pk(n) for n in ("forMeasure", "forItem", "role", "leadBasis")
)
AGENCY, POSITION, IN_PLAN, PART_OF, NUMBER = (
    _pk(n) for n in ("agency", "position", "inPlan", "partOf", "number")
)
JURISDICTION, DIVISION_CODE, LEVEL, PARENT, HAS_MEASURE = (
    _pk(n) for n in ("jurisdiction", "divisionCode", "level", "parent", "hasMeasure")
)
AGENCY_TYPE, INDICATOR, VALUE, UNIT, SCOPE, POLLUTANT, QUALIFIER = (
    _pk(n) for n in ("agencyType", "indicator", "value", "unit", "scope", "pollutant", "qualifier")
)
QUOTE, START_OFFSET = _pk("quote"), _pk("startOffset")
PLAN, TARGET = _pk("Plan"), _pk("Target")


@lru_cache(maxsize=4)
def _notations(base: str) -> dict[str, tuple[str, ...]]:
    """Concept IRI -> its skos:notation literals, as N-Triples terms, from the
    vocabularies (relative IRIs resolved against `base`, as in the store)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=base):
            if q.predicate.value == _NOTATION and isinstance(q.object, ox.Literal):
                term = str(q.object)
                if term not in found[str(q.subject)]:
                    found[str(q.subject)].append(term)
    return {k: tuple(v) for k, v in found.items()}


class _Graph:
    """One plan's triples as N-Triples terms, by subject and predicate, with the
    vocabularies' notations."""

    def __init__(self, triples: Triples, notations: dict[str, tuple[str, ...]]) -> None:
        self.notations = notations
        self.out = triples.out
        self.typed = triples.typed

    def values(self, s: str, p: str) -> list[str]:
        return self.out.get(s, {}).get(p, [])

    def codes(self, s: str, p: str) -> list[str]:
        """The notations of the concepts `s` links to by `p` (p/skos:notation)."""
        return [n for c in self.values(s, p) for n in self.notations.get(c, ())]


class _Rows:
    """N-Triples lines of rows, each once, in the order made; and indexed as _Graph does."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}
        self.out: dict[str, dict[str, list[str]]] = defaultdict(dict)

    def add(self, s: str, p: str, values: Iterable[str]) -> None:
        for o in values:
            line = f"{s} {p} {o} .\n"
            if line not in self.lines:
                self.lines[line] = None
                self.out[s].setdefault(p, []).append(o)


def _iri(term: str, suffix: str) -> str:
    return f"{term[:-1]}{suffix}>"


def _plan_row(g: _Graph, rows: _Rows, plan: str) -> None:
    summary = _iri(plan, "/summary")
    for city in g.values(plan, JURISDICTION):
        codes, names = g.values(city, DIVISION_CODE), g.values(city, _LABEL)
        levels = g.values(city, LEVEL)
        if not (codes and names and levels):
            continue
        measures = set(g.values(plan, HAS_MEASURE))
        targets = {t for t in g.typed[TARGET] if plan in g.values(t, IN_PLAN)}
        rows.add(summary, _RDF_TYPE, [_pk("PlanRow")])
        rows.add(summary, _pk("summaryOf"), [plan])
        rows.add(summary, _pk("summaryVersion"), [_integer(SUMMARY_VERSION)])
        rows.add(summary, _pk("rowCity"), [city])
        rows.add(summary, _pk("rowCityCode"), codes)
        rows.add(summary, _pk("rowCityName"), names)
        rows.add(summary, _pk("rowLevel"), levels)
        rows.add(summary, _pk("rowMeasures"), [_integer(len(measures))])
        rows.add(summary, _pk("rowTargets"), [_integer(len(targets))])
        for parent in g.values(city, PARENT):
            code, name = g.values(parent, DIVISION_CODE), g.values(parent, _LABEL)
            level = g.values(parent, LEVEL)
            if code and name and level:  # every pattern of the OPTIONAL, or none
                rows.add(summary, _pk("rowParent"), [parent])
                rows.add(summary, _pk("rowParentCode"), code)
                rows.add(summary, _pk("rowParentName"), name)
                rows.add(summary, _pk("rowParentLevel"), level)


def _target_rows(g: _Graph, rows: _Rows) -> None:
    for target in g.typed[TARGET]:
        plans, indicators = g.values(target, IN_PLAN), g.values(target, INDICATOR)
        values, units, scopes = (
            g.values(target, VALUE),
            g.codes(target, UNIT),
            g.codes(target, SCOPE),
        )
        spans = g.values(target, _DERIVED)
        quotes = [q for s in spans for q in g.values(s, QUOTE)]
        offsets = [o for s in spans for o in g.values(s, START_OFFSET)]
        indicator_codes = [n for i in indicators for n in g.notations.get(i, ())]
        if not (plans and values and units and scopes and quotes and offsets):
            continue
        if not indicator_codes:
            continue
        row = _iri(target, "/row")
        rows.add(row, _RDF_TYPE, [_pk("TargetRow")])
        rows.add(row, _pk("rowOf"), [_iri(p, "/summary") for p in plans])
        if '"headline"' in scopes:
            for plan in plans:
                rows.add(_iri(plan, "/summary"), _pk("rowHeadlineTarget"), [row])
        rows.add(row, _pk("rowTarget"), [target])
        rows.add(row, _pk("rowIndicatorCode"), indicator_codes)
        rows.add(row, _pk("rowPollutantCode"), g.codes(target, POLLUTANT))
        rows.add(row, _pk("rowUnitCode"), units)
        rows.add(row, _pk("rowQualifier"), g.codes(target, QUALIFIER))
        rows.add(row, _pk("rowScope"), scopes)


def _lead_rows(g: _Graph, rows: _Rows) -> None:
    """A unit's own lead notes: a sub-item's (pk:forItem), or a measure's that are no
    sub-item's, as queries/lead-agencies.rq reads them."""
    for resp, preds in g.out.items():
        measures = preds.get(FOR_MEASURE)
        if not measures or '"lead"' not in g.codes(resp, ROLE):
            continue
        units = preds.get(FOR_ITEM) or measures
        bases, agencies = g.codes(resp, LEAD_BASIS), preds.get(AGENCY, [])
        positions = preds.get(POSITION, [])
        if not (bases and agencies and positions):
            continue
        row = _iri(resp, "/lead")
        for measure, agency, unit in product(measures, agencies, units):
            titles, plans = g.values(measure, _TITLE), g.values(measure, IN_PLAN)
            names, types = g.values(agency, _LABEL), g.codes(agency, AGENCY_TYPE)
            if not (titles and plans and names and types):
                continue
            rows.add(row, _RDF_TYPE, [_pk("LeadRow")])
            rows.add(row, _pk("rowOf"), [_iri(p, "/summary") for p in plans])
            rows.add(row, _pk("rowResponsibility"), [resp])
            item_titles, numbers = g.values(unit, _TITLE), g.values(unit, NUMBER)
            if measure in g.values(unit, PART_OF) and item_titles and numbers:
                # a sub-item: its title and number are read only for rows that have them
                rows.add(row, _pk("rowItemTitle"), item_titles)
                rows.add(row, _pk("rowItemNumber"), numbers)
            rows.add(row, _pk("rowUnit"), [unit])
            rows.add(row, _pk("rowAgencyType"), types)
            rows.add(row, _pk("rowBasis"), bases)


def summary_rows(ntriples: str, base: str, triples: Triples | None = None) -> str:
    """The summary rows, as N-Triples, of the plan whose graph is `ntriples` (as
    pyoxigraph writes it: one triple a line; rows it holds already are left out), or
    `triples` when given (the graph's triples without rows, read once for the caller)."""
    if triples is None:
        triples = Triples(without_rows(ntriples))
    g = _Graph(triples, _notations(base))
    rows = _Rows()
    for plan in g.typed[PLAN]:
        _plan_row(g, rows, plan)
    _target_rows(g, rows)
    _lead_rows(g, rows)
    for plan in g.typed[PLAN]:
        # the graph's own figures for the dataset description (plankg.statistics), counted
        # with the rows and this triple, on the plan row
        summary = _iri(plan, "/summary")
        if f"{summary} {_RDF_TYPE} {_pk('PlanRow')} .\n" in rows.lines:
            figures = graph_figures(plan[1:-1], (g.out, rows.out), PLAN_FIGURES)
            rows.add(summary, f"<{PLAN_FIGURES}>", [str(figures_literal(figures))])
    return "".join(rows.lines)


def without_rows(ntriples: str) -> Iterator[str]:
    """The lines of a plan graph's N-Triples less those of its summary rows."""
    lines = [line for line in ntriples.splitlines() if line]
    if not any(row_type in ntriples for row_type in _ROW_TYPES):
        return iter(lines)  # a graph as mapped, before its summary
    rows = {
        s
        for s, p, o in (line.split(" ", 2) for line in lines if f" {_RDF_TYPE} " in line)
        if p == _RDF_TYPE and o[:-2] in _ROW_TYPES
    }
    if not rows:
        return iter(lines)
    return (line for line in lines if line.split(" ", 1)[0] not in rows)


_UNSUMMARISED_GRAPHS = f"""SELECT ?g WHERE {{ GRAPH ?g {{
  ?g a <{PK}Plan> .
  FILTER NOT EXISTS {{ ?row <{PK}summaryOf> ?g ; <{PK}summaryVersion> {SUMMARY_VERSION} . }}
}} }}"""
_PLAN_GRAPHS = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g a <{PK}Plan> . }} }}"


def _graphs(store: Store, sparql: str) -> list[str]:
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a graph list must be a SELECT")
    return sorted({row["g"].value for row in result if isinstance(row["g"], ox.NamedNode)})


def summarise_store(store: Store, base: str, every: bool = False) -> Iterator[str]:
    """Derive the summary of each stored plan that has none of this version (`every`: of
    each plan), replacing its graph in one transaction as ingest would; yields each
    plan graph as it is done. For stores ingested before summaries existed."""
    for graph in _graphs(store, _PLAN_GRAPHS if every else _UNSUMMARISED_GRAPHS):
        result = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        if not isinstance(result, ox.QueryTriples):
            raise TypeError("a graph's triples must come from a CONSTRUCT")
        text = (ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        plan = "".join(f"{line}\n" for line in without_rows(text))
        ntriples = plan + summary_rows(plan, base)
        triples = list(ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        store.replace_graph(graph, triples, ntriples)
        yield graph
