"""A plan's part of the search index and its digest, derived from the plan's graph.

The search index (api.web.search_index) holds documents (measure titles and texts,
target sentences, agency names, each with its facets: province, topic, agency type,
role); the pages over every plan (/, /leads, /agencies, the map) aggregate each plan's
digest (its division, draft or issued, counts, topics, headline energy-intensity cuts,
its agencies' responsibilities in every role, the lead ones with their units of work).
Both are read from the plan's graph alone, so they change exactly when the plan does.

`derive` reads them from the graph's N-Triples, one triple a line as pyoxigraph writes
them: at ingest from the text the ingest worker already holds (plankg.index_files then
writes them with the plan), and in the service from each graph's triples (`plan_docs`,
a worker task) when no such file is current. One derivation for both, so the index read
from the files is the index read from the graphs. What it finds is what these patterns
match in the plan's graph (every combination of values, the optional ones when present):

- the plan's division: `?plan pk:jurisdiction ?city . ?city pk:divisionCode ?code ;
  rdfs:label ?name`, optionally `?plan pk:status ?status` and `?city pk:province ?p .
  ?p pk:divisionCode ?provinceCode ; rdfs:label ?provinceName`;
- a measure: `?m a pk:Measure ; dcterms:title ?title ; prov:wasDerivedFrom/pk:quote
  ?quote`, optionally `pk:primaryTopic ?topic`;
- a responsibility: `?r pk:forMeasure ?m ; pk:agency ?a ; pk:role ?role ; pk:position
  ?position . ?a pk:agencyType ?type`, optionally `pk:leadBasis`, `pk:forItem`;
- a sub-item: `?i a pk:SubItem ; dcterms:title ?title ; pk:number ?number`;
- a unit's topics: `pk:primaryTopic` (the primary) and `pk:mentionsTopic` (the others);
- a target: `?t a pk:Target ; prov:wasDerivedFrom ?span . ?span pk:quote ?quote ;
  pk:startOffset ?start`, optionally `pk:forMeasure/pk:primaryTopic` and `pk:pollutant`;
- the headline energy-intensity cuts: `?t pk:indicator <…/energy-intensity-reduction> ;
  pk:scope <…/scope/headline> ; pk:value ?value`, optionally `pk:qualifier`;
- an agency: `?a a pk:Agency ; rdfs:label ?label ; pk:agencyType ?type`.

Everything comes out in an order of its own, not the store's: measures and duties in
document order, targets by their place in the text, agencies by IRI, topics sorted.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product

import pyoxigraph as ox

from plankg.backends import QueryStore

PK = "https://w3id.org/plankg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TITLE = "http://purl.org/dc/terms/title"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
DRAFT = PK + "Draft"  # pk:status of a draft for public comment


def _iri(iri: str) -> str:
    return f"<{iri}>"


_TYPE, _LABEL, _TITLE, _DERIVED = map(_iri, (RDF_TYPE, LABEL, TITLE, DERIVED))
(
    _JURISDICTION, _CODE, _STATUS, _PROVINCE, _MEASURE, _QUOTE, _PRIMARY, _MENTIONS,
    _FOR_MEASURE, _AGENCY, _ROLE, _POSITION, _BASIS, _FOR_ITEM, _AGENCY_TYPE, _SUB_ITEM,
    _NUMBER, _TARGET, _START, _POLLUTANT, _INDICATOR, _SCOPE, _VALUE, _QUALIFIER,
    _AGENCY_CLASS,
) = (
    _iri(PK + name)
    for name in (
        "jurisdiction", "divisionCode", "status", "province", "Measure", "quote",
        "primaryTopic", "mentionsTopic", "forMeasure", "agency", "role", "position",
        "leadBasis", "forItem", "agencyType", "SubItem", "number", "Target", "startOffset",
        "pollutant", "indicator", "scope", "value", "qualifier", "Agency",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Doc:
    """A search document: a measure, a target sentence or an agency."""

    kind: str
    iri: str
    title: str
    text: str
    city_code: str
    city_name: str
    province_code: str
    province_name: str
    topics: tuple[str, ...] = ()  # concept IRIs
    agency_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lead:
    """A lead responsibility of a unit of work (a measure, or a sub-item with a note of its
    own: queries/lead-agencies.rq) that has a topic."""

    topic: str  # the unit's primary topic, concept IRI ('' when it has none)
    measure: str
    measure_title: str
    resp: str
    agency: str
    agency_name: str
    agency_type: str  # concept IRI
    basis: str  # concept IRI, '' when none
    position: int
    topics: tuple[str, ...] = ()  # the unit's other topics, concept IRIs
    item: str = ""  # the sub-item's IRI when the unit is one
    item_title: str = ""
    item_number: int = 0

    def on(self, topic: str, match: str = "primary") -> bool:
        """Is this work on `topic` (concept IRI): its primary topic, or with match=any one
        of its topics."""
        return self.topic == topic or (match == "any" and topic in self.topics)


@dataclass(frozen=True, slots=True)
class Duty:
    """An agency named for a unit of work, in any role (lead, responsible, supporting,
    implementing): what /agencies reads. Slots: a few hundred thousand at 3,000 plans."""

    resp: str
    agency: str
    agency_name: str
    agency_type: str  # concept IRI
    role: str  # concept IRI
    basis: str  # concept IRI, '' when none
    measure: str
    measure_title: str
    topic: str  # the unit's primary topic, concept IRI ('' when it has none)
    position: int
    item: str = ""  # the sub-item's IRI when the note is a sub-item's
    item_title: str = ""
    item_number: int = 0


@dataclass
class Digest:
    graph: str
    code: str
    name: str
    province_code: str
    province_name: str
    draft: bool = False  # a draft (征求意见稿), not the issued plan
    measures: int = 0
    targets: int = 0
    responsibilities: int = 0
    agencies: frozenset[str] = frozenset()
    topics: Counter[str] = field(default_factory=Counter)  # primary topic -> measures
    leads: tuple[Lead, ...] = ()
    duties: tuple[Duty, ...] = ()
    # its headline energy-intensity cuts, the largest first: (target, value, qualifier IRI)
    energy: tuple[tuple[str, str, str], ...] = ()

    @property
    def division(self) -> str:
        """The plan's division IRI: {base}id/division/{code}, under the base its plan IRI
        ({base}id/plan/…) was minted with."""
        return f"{self.graph.split('id/plan/', 1)[0]}id/division/{self.code}"

    @property
    def plans(self) -> int:
        """The plans it is the digest of: one (api.collection_items counts them)."""
        return 1

    @property
    def divisions(self) -> frozenset[str]:
        """The divisions its plan is of: its one (api.collection_items lists them)."""
        return frozenset((self.division,))


Part = tuple[list[Doc], Digest]  # a plan's documents and digest
Found = list[tuple[Digest, Lead]]  # leads with their plans, in the digests' order


def leads_on(digests: Iterable[Digest], topic: str, match: str = "primary") -> Found:
    """The leads of work on `topic` (concept IRI) with `match` (Lead.on), in the order of
    the digests and of each plan's leads."""
    anywhere = match == "any"
    return [
        (d, lead)
        for d in digests
        for lead in d.leads
        # lead.on(topic, match), inline: 65,000 leads at 3,000 plans
        if lead.topic == topic or (anywhere and topic in lead.topics)
    ]


# --- N-Triples terms ---------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescaped(match: re.Match[str]) -> str:
    short, long, char = match.groups()
    if char is not None:
        return _ECHAR.get(char, char)
    return chr(int(short or long, 16))


def value(term: str) -> str:
    """A term's value as a SPARQL result gives it: an IRI's string, a literal's lexical
    form (unescaped), a blank node's label."""
    if term[0] == "<":
        return term[1:-1]
    if term[0] == '"':
        lexical = term[1 : term.rindex('"')]
        return _ESCAPE.sub(_unescaped, lexical) if "\\" in lexical else lexical
    return term[2:]  # _:label


class Triples:
    """A graph's triples as N-Triples terms, by subject and predicate, from its lines as
    pyoxigraph writes them (one triple a line). Ingest builds it once per plan for the
    summary (ingest.summaries) and the index part."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.out: dict[str, dict[str, list[str]]] = defaultdict(dict)
        self.typed: dict[str, list[str]] = defaultdict(list)
        for line in lines:
            # IRIs hold no space: subject and predicate end at the first two; the object
            # is the rest up to the closing " ."
            s, p, rest = line.split(" ", 2)
            o = rest[:-2]
            self.out[s].setdefault(p, []).append(o)
            if p == _TYPE:
                self.typed[o].append(s)

    @classmethod
    def of(cls, ntriples: str) -> Triples:
        return cls(line for line in ntriples.splitlines() if line)

    def get(self, s: str, p: str) -> list[str]:
        return self.out.get(s, {}).get(p, [])

    def optional(self, s: str, p: str) -> list[str | None]:
        """The values of an OPTIONAL pattern: each value, or one unbound row."""
        found = self.get(s, p)
        return list(found) if found else [None]

    def having(self, p: str) -> list[str]:
        """The subjects with a `p`."""
        return [s for s, predicates in self.out.items() if p in predicates]


def _maybe(term: str | None) -> str:
    return "" if term is None else value(term)


_NUMBERS = re.compile(r"[0-9]+")


def _numbers(iri: str) -> tuple[int, ...]:
    """A measure's place in its plan: its IRI ends in …/measure/3-9 (section 3, measure 9)."""
    return tuple(int(n) for n in _NUMBERS.findall(iri.rsplit("/", 1)[-1]))


def _duty_order(duty: Duty) -> tuple[tuple[int, ...], int, int, str, str, str]:
    """Document order: the measure's place, its sub-item's, the agency's in the note."""
    return (_numbers(duty.measure), duty.item_number, duty.position, duty.resp, duty.role,
            duty.agency)  # fmt: skip


def derive(graph: str, triples: Triples | str, base: str) -> Part | None:
    """The documents and the digest of the plan whose graph `graph` holds `triples` (or
    these N-Triples); None when its division is not stated (nothing to show). Its summary
    rows (ingest.summaries) may be there or not: no pattern here matches them."""
    g = Triples.of(triples) if isinstance(triples, str) else triples
    plan = _iri(graph)
    city_rows = [
        (code, name, status, province)
        for city in g.get(plan, _JURISDICTION)
        for code, name, status in product(
            g.get(city, _CODE), g.get(city, _LABEL), g.optional(plan, _STATUS)
        )
        for province in _province(g, city)
    ]
    if not city_rows:
        return None
    code_term, name_term, status, province = min(city_rows, key=lambda r: tuple(map(str, r)))
    code, name = value(code_term), value(name_term)
    digest = Digest(graph, code, name, value(province[0]) if province else code,
                    value(province[1]) if province else name,
                    draft=status is not None and value(status) == DRAFT)  # fmt: skip

    def doc(kind: str, iri: str, title: str, text: str, **facets: tuple[str, ...]) -> Doc:
        return Doc(kind, iri, title, text, digest.code, digest.name, digest.province_code,
                   digest.province_name, **facets)  # fmt: skip

    # responsibilities: measure -> (r, agency, role, type, position, basis, item)
    resps: dict[str, list[tuple[str, str, str, str, str, str, str]]] = defaultdict(list)
    roles_of: dict[str, set[str]] = defaultdict(set)  # agency -> its roles
    count = 0
    for r in g.having(_FOR_MEASURE):
        for m, agency, role, position in product(
            g.get(r, _FOR_MEASURE), g.get(r, _AGENCY), g.get(r, _ROLE), g.get(r, _POSITION)
        ):
            for kind, basis, item in product(
                g.get(agency, _AGENCY_TYPE), g.optional(r, _BASIS), g.optional(r, _FOR_ITEM)
            ):
                count += 1
                resps[m].append((value(r), value(agency), value(role), value(kind),
                                 value(position), _maybe(basis), _maybe(item)))  # fmt: skip
                roles_of[value(agency)].add(value(role))
    names: dict[str, str] = {}
    agency_rows = sorted(
        (value(a), value(label), value(kind))
        for a in g.typed[_AGENCY_CLASS]
        for label, kind in product(g.get(a, _LABEL), g.get(a, _AGENCY_TYPE))
    )
    for a, label, _ in agency_rows:
        names[a] = label
    primary: dict[str, str] = {}  # unit -> its primary topic
    for u in g.having(_PRIMARY):
        primary[value(u)] = max(value(t) for t in g.get(u, _PRIMARY))
    others: dict[str, tuple[str, ...]] = {
        value(u): tuple(sorted(value(t) for t in g.get(u, _MENTIONS))) for u in g.having(_MENTIONS)
    }
    items: dict[str, tuple[str, int]] = {}  # sub-item -> its title and number
    for i in g.typed[_SUB_ITEM]:
        for title, number in sorted(product(g.get(i, _TITLE), g.get(i, _NUMBER))):
            items[value(i)] = (value(title), int(value(number)))
    docs: list[Doc] = []
    leads: list[Lead] = []
    duties: list[Duty] = []
    lead_role = f"{base}id/role/lead"
    measure_rows = sorted(
        (_numbers(value(m)), value(m), value(title), value(quote), _maybe(topic), m)
        for m in g.typed[_MEASURE]
        for title, span, topic in product(
            g.get(m, _TITLE), g.get(m, _DERIVED), g.optional(m, _PRIMARY)
        )
        for quote in g.get(span, _QUOTE)
    )
    for _, m, title, quote, topic, term in measure_rows:
        mine = resps.get(term, [])
        docs.append(
            doc("measure", m, title, quote, topics=(topic,) if topic else (),
                agency_types=tuple(sorted({x[3] for x in mine})),
                roles=tuple(sorted({x[2] for x in mine})))
        )  # fmt: skip
        digest.measures += 1
        if topic:
            digest.topics[topic] += 1
        for r, agency, role, kind, position, basis, item in mine:
            # the lead of a unit of work: the measure's own note's, or a sub-item's
            unit = item or m
            item_title, item_number = items.get(unit, ("", 0)) if item else ("", 0)
            item_iri = unit if item and unit in items else ""
            duties.append(
                Duty(r, agency, names.get(agency, ""), sys.intern(kind), sys.intern(role),
                     sys.intern(basis), m, title, primary.get(unit, ""), int(position),
                     item_iri, item_title, item_number)
            )  # fmt: skip
            if role != lead_role or (unit not in primary and unit not in others):
                continue
            leads.append(
                Lead(primary.get(unit, ""), m, title, r, agency, names.get(agency, ""), kind,
                     basis, int(position), others.get(unit, ()), item_iri, item_title,
                     item_number)
            )  # fmt: skip
    digest.energy = _energy(g, base)
    seen: set[str] = set()  # a sentence stating several targets is one result
    for _, t, quote, topics in _targets(g):
        digest.targets += 1
        if quote in seen:
            continue
        seen.add(quote)
        docs.append(doc("target", t, "", quote, topics=topics))
    for a, label, kind in agency_rows:
        docs.append(
            doc("agency", a, label, label, agency_types=(kind,),
                roles=tuple(sorted(roles_of.get(a, set()))))
        )  # fmt: skip
    digest.responsibilities = count
    digest.agencies = frozenset(names)
    digest.leads = tuple(
        sorted(leads, key=lambda x: (x.measure, x.item_number, x.position, x.resp, x.agency))
    )
    digest.duties = tuple(sorted(duties, key=_duty_order))
    return docs, digest


def _province(g: Triples, city: str) -> list[tuple[str, str] | None]:
    """The OPTIONAL province of a division: its code and name, or one unbound row."""
    found = [
        (code, name)
        for p in g.get(city, _PROVINCE)
        for code, name in product(g.get(p, _CODE), g.get(p, _LABEL))
    ]
    return list(found) if found else [None]


def _energy(g: Triples, base: str) -> tuple[tuple[str, str, str], ...]:
    """The headline energy-intensity cuts, the largest first."""
    indicator = _iri(f"{base}id/indicator/energy-intensity-reduction")
    headline = _iri(f"{base}id/scope/headline")
    cuts = [
        (value(t), value(v), _maybe(q))
        for t in g.having(_INDICATOR)
        if indicator in g.get(t, _INDICATOR) and headline in g.get(t, _SCOPE)
        for v in g.get(t, _VALUE)
        for q in g.optional(t, _QUALIFIER)
    ]
    return tuple(sorted(cuts, key=lambda c: (-float(c[1]), c[0], c[2])))


def _targets(g: Triples) -> list[tuple[int, str, str, tuple[str, ...]]]:
    """Each target's sentence: (its offset, the target, the quote, its topics), in the
    order of the text."""
    rows = []
    for t in g.typed[_TARGET]:
        topics: list[str | None] = [x for m in g.get(t, _FOR_MEASURE) for x in g.get(m, _PRIMARY)]
        for span, topic, pollutant in product(
            g.get(t, _DERIVED), topics or [None], g.optional(t, _POLLUTANT)
        ):
            for quote, start in product(g.get(span, _QUOTE), g.get(span, _START)):
                facets = tuple(sorted({value(x) for x in (topic, pollutant) if x is not None}))
                rows.append((int(value(start)), value(t), value(quote), facets))
    return sorted(rows)


# --- read from the store: the service's fallback (worker tasks) ---------------------------

VERSIONS = f"SELECT ?g ?sha WHERE {{ GRAPH ?g {{ ?g a <{PK}Plan> ; <{PK}sha256> ?sha . }} }}"


def plan_versions(store: QueryStore) -> dict[str, str]:
    """Worker task: plan graph -> the plan's sha256."""
    result = store.query(VERSIONS)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("the plans' versions come from a SELECT")
    return {
        row["g"].value: row["sha"].value
        for row in result
        if row["g"] is not None and row["sha"] is not None
    }


# The predicates the patterns above read: a graph's other triples (spans' offsets, gaps,
# evidence, summary rows) are not fetched.
READ = (
    _TYPE, _LABEL, _TITLE, _DERIVED, _JURISDICTION, _CODE, _STATUS, _PROVINCE, _QUOTE,
    _PRIMARY, _MENTIONS, _FOR_MEASURE, _AGENCY, _ROLE, _POSITION, _BASIS, _FOR_ITEM,
    _AGENCY_TYPE, _NUMBER, _START, _POLLUTANT, _INDICATOR, _SCOPE, _VALUE, _QUALIFIER,
)  # fmt: skip


def graph_text(store: QueryStore, graph: str, read: Sequence[str] = READ) -> str:
    """The triples of a plan's graph that `derive` reads (or those of the predicates
    `read`, N-Triples IRIs), as N-Triples, one a line."""
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {' '.join(read)} }} "
        f"GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    if not isinstance(result, ox.QueryTriples):
        raise TypeError("a graph's triples must come from a CONSTRUCT")
    return (result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def plan_docs(store: QueryStore, graphs: Sequence[str], base: str) -> dict[str, Part]:
    """Worker task: the documents and the digest of each of `graphs` that states its
    division, read from the graph's triples."""
    out: dict[str, Part] = {}
    for graph in graphs:
        part = derive(graph, graph_text(store, graph), base)
        if part is not None:
            out[graph] = part
    return out
