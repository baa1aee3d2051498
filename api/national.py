"""National answers of named queries from the plans' digests (plankg.plan_index), which the
service holds in memory with its search index, read from the index files ingest wrote.

`lead-agencies` (any topic) and `responsibilities` without `city`, asked over every plan
graph on disk, cost a join per row of the answer (about 0.25 ms a row from disk at 3,000
plans: a second for lead-agencies' 3,500 rows, over the 30 s limit for the 200,000 of
responsibilities). Each plan's digest already holds those rows, so the answer is them,
filtered, in the query's order, as the query's terms: the cost of its rows. The rows are
the query's own, term for term, and come in its order (tests/api/test_national.py
compares them with the SPARQL answers, every topic and match); the service takes this way
only when the digests are of the store it serves (api.routes_queries), else it runs the
query.

A row is made once as its cells (column, kind of term, value) and written from them
either as a SPARQL JSON binding (a dict) or straight as that binding's JSON text, which
is what a page of SPARQL JSON is made of: building the dicts and encoding them cost
twice the rest of the answer (3,500 rows: 30 + 55 ms at 3,000 plans).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring

from plankg.plan_index import Digest, Duty, Found, Lead

Term = dict[str, str]  # an RDF term in the SPARQL 1.1 Query Results JSON encoding
Binding = dict[str, Term]
# The kinds of term an answer holds: an IRI, a plain literal, a literal in Chinese (the
# plans' titles and names are written in Chinese: ingest.rdf).
IRI, PLAIN, ZH = "iri", "plain", "zh"
Cell = tuple[str, str, str]  # column, kind, value
Row = list[Cell]

_TERMS: dict[str, Callable[[str], Term]] = {
    IRI: lambda v: {"type": "uri", "value": v},
    PLAIN: lambda v: {"type": "literal", "value": v},
    ZH: lambda v: {"type": "literal", "value": v, "xml:lang": "zh"},
}
# A term's JSON text around its value's, as json.dumps writes the dicts above (key order,
# no spaces): one encoding, byte for byte (tests/api/test_national.py checks it).
_OPEN = {IRI: '{"type":"uri","value":', PLAIN: '{"type":"literal","value":',
         ZH: '{"type":"literal","value":'}  # fmt: skip
_CLOSE = {IRI: "}", PLAIN: "}", ZH: ',"xml:lang":"zh"}'}


def binding(row: Row) -> Binding:
    """A row as a SPARQL JSON binding."""
    return {column: _TERMS[kind](value) for column, kind, value in row}


def line(row: Row) -> bytes:
    """A row as its SPARQL JSON binding's text, as json.dumps(binding(row),
    ensure_ascii=False, separators=(",", ":")) writes it (a column is a SPARQL variable's
    name, which holds nothing JSON escapes)."""
    enc = encode_basestring
    cells = [f'"{column}":{_OPEN[kind]}{enc(value)}{_CLOSE[kind]}' for column, kind, value in row]
    return ("{" + ",".join(cells) + "}").encode("utf-8")


def answers(name: str, given: dict[str, str]) -> bool:
    """Whether `name` asked with `given` (the query-string parameters, paging aside) is
    answered here: lead-agencies whatever its topic and match, responsibilities for the
    whole country or a city (the rows of the plans of that division, whose code is a
    column)."""
    return name in ("lead-agencies", "responsibilities")


def by_code(digests: list[Digest]) -> dict[str, list[Digest]]:
    """The digests of each division's plans, by its code, in the order given."""
    found: dict[str, list[Digest]] = {}
    for d in digests:
        found.setdefault(d.code, []).append(d)
    return found


Shown = list[tuple[Digest, Lead]]  # the leads an answer shows, a row each, in its order


def _key(found: tuple[Digest, Lead]) -> tuple[str, str, int, int]:
    # ORDER BY ?cityCode ?measure ?itemNumber ?position (unbound first)
    d, lead = found
    return (d.code, lead.measure, lead.item_number, lead.position)


def _shown(d: Digest, lead: Lead) -> tuple[str | None, ...]:
    """What a lead's row shows: equal for rows DISTINCT makes one."""
    return (d.graph, d.name, lead.measure, lead.measure_title,
            lead.item_title if lead.item else None, lead.agency, lead.agency_name,
            lead.agency_type, lead.basis)  # fmt: skip


def _sorted(leads: Iterable[tuple[Digest, Lead]]) -> Shown:
    """The leads that are rows of queries/lead-agencies.rq (ingest.summaries), in the
    query's order (a stable sort: ties stay in the order given)."""
    return sorted(((d, lead) for d, lead in leads if lead.basis and lead.agency_name), key=_key)


Ordered = list[tuple[Digest, Lead, int]]


def sorted_leads(leads: Iterable[tuple[Digest, Lead]]) -> Ordered:
    """The leads that are rows of queries/lead-agencies.rq, in the query's order, each
    with the number of what its row shows (equal numbers: rows DISTINCT makes one)."""
    numbers: dict[tuple[str | None, ...], int] = {}
    return [
        (d, lead, numbers.setdefault(_shown(d, lead), len(numbers))) for d, lead in _sorted(leads)
    ]


def _distinct(leads: Iterable[tuple[Digest, Lead]]) -> Shown:
    """DISTINCT: the first of the leads whose rows show the same."""
    out: Shown = []
    seen: set[tuple[str | None, ...]] = set()
    for d, lead in leads:
        shown = _shown(d, lead)
        if shown not in seen:
            seen.add(shown)
            out.append((d, lead))
    return out


def lead_order(leads: Found) -> Shown:
    """The rows of queries/lead-agencies.rq's answer from the leads on its topic with its
    match (plankg.plan_index.leads_on), as the leads they show, in the query's order."""
    return _distinct(_sorted(leads))


def lead_row(d: Digest, lead: Lead, notation: Callable[[str], str]) -> Row:
    """The lead-agencies row showing `lead` of the plan of `d`, `notation` a concept IRI's
    notation."""
    row = [("city", IRI, d.division), ("cityCode", PLAIN, d.code), ("cityName", ZH, d.name),
           ("measure", IRI, lead.measure), ("measureTitle", ZH, lead.measure_title)]  # fmt: skip
    if lead.item:
        row.append(("item", ZH, lead.item_title))
    row += [("agency", IRI, lead.agency), ("agencyName", ZH, lead.agency_name),
            ("agencyType", PLAIN, notation(lead.agency_type)),
            ("basis", PLAIN, notation(lead.basis))]  # fmt: skip
    return row


def lead_agencies(leads: Found, notation: Callable[[str], str]) -> list[Row]:
    """queries/lead-agencies.rq's answer from the leads on its topic with its match."""
    return [lead_row(d, lead, notation) for d, lead in lead_order(leads)]


class LeadAgencies:
    """lead-agencies' answers over one set of digests, for every topic and match: each
    answer's rows taken in order from every lead row sorted once, with what each shows
    numbered (`sorted_leads` of the digests, which the overview sorts when the index is
    assembled: 65,000 leads at 3,000 plans, 0.2 s), each row's JSON text written once (a
    lead's row is the same whatever topic it is asked under), the first time they are
    asked. At most a text per lead of the digests: 45 MB at 3,000 plans once every topic
    was asked, a few MB a topic."""

    def __init__(self, ordered: Ordered, notation: Callable[[str], str]):
        self._ordered = ordered  # sorted_leads of the digests
        self._notation = notation
        self._orders: dict[tuple[str, str], Shown] = {}
        # (id(digest), id(lead)) -> text: the digests outlive this, which they hold
        self._lines: dict[tuple[int, int], bytes] = {}

    def order(self, topic: str, match: str) -> Shown:
        """The answer's rows on `topic` (concept IRI) with `match`, as lead_order of the
        leads on it: filtering rows sorted stably keeps their order, so this is sorting
        the filtered ones."""
        key = (topic, match)
        found = self._orders.get(key)
        if found is None:
            anywhere = match == "any"
            found = self._orders[key] = []
            seen: set[int] = set()
            for d, lead, shown in self._ordered:
                # lead.on(topic, match), inline, as plankg.plan_index.leads_on
                if (lead.topic == topic or (anywhere and topic in lead.topics)) and (
                    shown not in seen
                ):
                    seen.add(shown)
                    found.append((d, lead))
        return found

    def lines(self, shown: Shown) -> list[bytes]:
        """Those rows as their SPARQL JSON text (`line`)."""
        out = []
        for d, lead in shown:
            key = (id(d), id(lead))
            text = self._lines.get(key)
            if text is None:
                text = self._lines[key] = line(lead_row(d, lead, self._notation))
            out.append(text)
        return out

    def bindings(self, shown: Shown) -> list[Binding]:
        """Those rows as SPARQL JSON bindings."""
        return [binding(lead_row(d, lead, self._notation)) for d, lead in shown]


def _duty_key(duty: Duty) -> tuple[str, ...]:
    """What a responsibilities row shows of a duty: equal keys are one row (DISTINCT)."""
    return (duty.measure, duty.measure_title, duty.item_title if duty.item else "",
            duty.agency, duty.agency_name, duty.agency_type, duty.role, duty.basis)  # fmt: skip


def _plan_duties(d: Digest) -> list[Duty]:
    """A plan's rows of responsibilities, as duties: each shown row once, in the query's
    order within the plan. A digest's duties come in document order (measures by section
    and number, then sub-item, then place in the note: plankg.plan_index), which is it."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for duty in d.duties:
        key = _duty_key(duty)
        if duty.agency_name and key not in seen:
            seen.add(key)
            out.append(duty)
    return out


PlanDuties = list[tuple[Digest, list[Duty]]]


def duties_by_plan(digests: list[Digest]) -> PlanDuties:
    """The plans in the order of queries/responsibilities.rq (division code, plan), each
    with its rows as duties: what `responsibilities` reads, found once for all its pages
    (the service keeps it for the whole country: api.routes_queries)."""
    return [(d, _plan_duties(d)) for d in sorted(digests, key=lambda d: (d.code, d.graph))]


def responsibilities(
    plans: PlanDuties, notation: Callable[[str], str], offset: int = 0
) -> Iterator[Row]:
    """queries/responsibilities.rq's answer for the plans of `duties_by_plan` from its row
    `offset` on, made as it is read: the plans before the offset only counted."""
    for d, duties in plans:
        if offset >= len(duties):
            offset -= len(duties)
            continue
        city = [("city", IRI, d.division), ("cityCode", PLAIN, d.code)]
        for duty in duties[offset:]:
            row = [*city, ("measure", IRI, duty.measure), ("measureTitle", ZH, duty.measure_title)]
            if duty.item:
                row.append(("item", ZH, duty.item_title))
            row += [("agency", IRI, duty.agency), ("agencyName", ZH, duty.agency_name),
                    ("agencyType", PLAIN, notation(duty.agency_type)),
                    ("role", PLAIN, notation(duty.role))]  # fmt: skip
            if duty.basis:
                row.append(("basis", PLAIN, notation(duty.basis)))
            yield row
        offset = 0
