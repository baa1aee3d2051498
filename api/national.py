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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from plankg.plan_index import Digest, Duty, Found

Term = dict[str, str]  # an RDF term in the SPARQL 1.1 Query Results JSON encoding
Binding = dict[str, Term]


def _iri(value: str) -> Term:
    return {"type": "uri", "value": value}


def _plain(value: str) -> Term:
    return {"type": "literal", "value": value}


def _zh(value: str) -> Term:
    # the plans' titles and names are written in Chinese (ingest.rdf)
    return {"type": "literal", "value": value, "xml:lang": "zh"}


def _division(plan: str, code: str) -> str:
    """A plan's division IRI: {base}id/division/{code}, under the base its plan IRI
    ({base}id/plan/…) was minted with."""
    return f"{plan.split('id/plan/', 1)[0]}id/division/{code}"


def answers(name: str, given: dict[str, str]) -> bool:
    """Whether `name` asked with `given` (the query-string parameters, paging aside) is
    answered here: lead-agencies whatever its topic and match, responsibilities for the
    whole country or a city (the rows of the plans of that division, whose code is a
    column)."""
    return name in ("lead-agencies", "responsibilities")


def of_city(digests: list[Digest], city: str | None) -> list[Digest]:
    """The digests of the plans of the division of code `city` (all when None)."""
    return digests if not city else [d for d in digests if d.code == city]


def lead_agencies(leads: Found, notation: Callable[[str], str]) -> list[Binding]:
    """queries/lead-agencies.rq's answer from the leads on its topic with its match
    (plankg.plan_index.leads_on), `notation` a concept IRI's notation."""
    found = [
        # ORDER BY ?cityCode ?measure ?itemNumber ?position (unbound first)
        ((d.code, lead.measure, lead.item_number, lead.position), d, lead)
        for d, lead in leads
        if lead.basis and lead.agency_name  # a lead row's (ingest.summaries)
    ]
    found.sort(key=lambda f: f[0])
    out: list[Binding] = []
    seen: set[tuple[str | None, ...]] = set()  # DISTINCT: the first of rows showing the same
    for _, d, lead in found:
        item = lead.item_title if lead.item else None
        shown = (d.graph, d.name, lead.measure, lead.measure_title, item, lead.agency,
                 lead.agency_name, lead.agency_type, lead.basis)  # fmt: skip
        if shown in seen:
            continue
        seen.add(shown)
        binding = {"city": _iri(_division(d.graph, d.code)), "cityCode": _plain(d.code),
                   "cityName": _zh(d.name), "measure": _iri(lead.measure),
                   "measureTitle": _zh(lead.measure_title)}  # fmt: skip
        if item is not None:
            binding["item"] = _zh(item)
        binding |= {"agency": _iri(lead.agency), "agencyName": _zh(lead.agency_name),
                    "agencyType": _plain(notation(lead.agency_type)),
                    "basis": _plain(notation(lead.basis))}  # fmt: skip
        out.append(binding)
    return out


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


def responsibilities(
    digests: list[Digest], notation: Callable[[str], str], offset: int = 0
) -> Iterator[Binding]:
    """queries/responsibilities.rq's answer for the whole country from its row `offset`
    on, made as it is read: the plans in the query's order (division code, plan), the
    ones before the offset only counted."""
    for d in sorted(digests, key=lambda d: (d.code, d.graph)):
        duties = _plan_duties(d)
        if offset >= len(duties):
            offset -= len(duties)
            continue
        city, code = _iri(_division(d.graph, d.code)), _plain(d.code)
        for duty in duties[offset:]:
            binding = {"city": city, "cityCode": code, "measure": _iri(duty.measure),
                       "measureTitle": _zh(duty.measure_title)}  # fmt: skip
            if duty.item:
                binding["item"] = _zh(duty.item_title)
            binding |= {"agency": _iri(duty.agency), "agencyName": _zh(duty.agency_name),
                        "agencyType": _plain(notation(duty.agency_type)),
                        "role": _plain(notation(duty.role))}  # fmt: skip
            if duty.basis:
                binding["basis"] = _plain(notation(duty.basis))
            yield binding
        offset = 0
