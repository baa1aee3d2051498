"""The rows the pages over every plan (/, /leads, /agencies, the /compare picker) show,
from the plans' digests (plankg.plan_index: derived from each plan's graph with its
search documents, read with the search index and replaced with it when the plan
changes). Those pages aggregate a few thousand digests in memory instead of joining
across every plan graph per request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from api.national import sorted_leads
from plankg.plan_index import Digest, Duty, Found, Lead, leads_on

# the pages import them here
__all__ = ["Digest", "Duty", "Lead", "Overview", "energy_rows", "lead_rows"]
T = TypeVar("T")


class Overview:
    """The plans' digests taken together, as the pages over every plan and the national
    answers read them: what they add up to (worked out when the search index is
    assembled, with it), the leads on each topic, and what a page keeps of them (`kept`),
    each found once for these digests. The index makes a new one whenever it takes other
    digests (a plan changed), so nothing here outlives the digests it was found from;
    the digests of an embedded store never change while it is served."""

    def __init__(self, digests: list[Digest]) -> None:
        self.digests = digests
        agencies: set[str] = set()
        topics: Counter[str] = Counter()
        for d in digests:
            agencies |= d.agencies
            topics.update(d.topics)
        self.counts = {
            "plans": len(digests),
            "measures": sum(d.measures for d in digests),
            "targets": sum(d.targets for d in digests),
            "agencies": len(agencies),
            "responsibilities": sum(d.responsibilities for d in digests),
        }
        self.topics = topics  # primary topic (concept IRI) -> measures
        # each division with a plan once (its first plan's names), in the digests' order
        self.divisions = [
            {"code": d.code, "name": d.name, "provinceCode": d.province_code,
             "provinceName": d.province_name}
            for d in {d.code: d for d in digests}.values()
        ]  # fmt: skip
        self.cities_led = {match: _cities_led(digests, match) for match in ("primary", "any")}
        # every lead-agencies row, in its order: a topic's answer is then a filter of these
        # (api.national.LeadAgencies), not a sort of its leads per first request
        self.sorted_leads = sorted_leads((d, lead) for d in digests for lead in d.leads)
        self._leads: dict[tuple[str, str], Found] = {}
        self._kept: dict[Hashable, Any] = {}

    def leads(self, topic: str, match: str = "primary") -> Found:
        """plankg.plan_index.leads_on over these digests (a list to read, not change)."""
        key = (topic, match)
        found = self._leads.get(key)
        if found is None:
            found = self._leads[key] = leads_on(self.digests, topic, match)
        return found

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """What `make` gives from these digests, made the first time `key` asks for it:
        for what a page derives from all of them whatever it is asked (a few per page:
        keys are not a request's free values)."""
        if key not in self._kept:
            self._kept[key] = make()
        value: T = self._kept[key]
        return value


def _cities_led(digests: list[Digest], match: str) -> Counter[str]:
    """Per topic (concept IRI): the divisions with a lead for work on it under `match`
    (plankg.plan_index.Lead.on)."""
    cities: dict[str, set[str]] = {}
    for d in digests:
        for lead in d.leads:
            topics = (lead.topic, *lead.topics) if match == "any" else (lead.topic,)
            for topic in topics:
                if topic:
                    cities.setdefault(topic, set()).add(d.code)
    return Counter({topic: len(codes) for topic, codes in cities.items()})


def lead_rows(leads: Found) -> list[dict[str, str]]:
    """The rows /leads shows for the leads on a topic with a match (primary, any:
    plankg.plan_index.leads_on), as data.select would give them."""
    rows = []
    for d, lead in leads:
        row = {
            "cityCode": d.code,
            "cityName": d.name,
            "provinceCode": d.province_code,
            "provinceName": d.province_name,
            "plan": d.graph,
            "status": "draft" if d.draft else "issued",
            "measure": lead.measure,
            "measureTitle": lead.measure_title,
            "resp": lead.resp,
            "agency": lead.agency,
            "agencyName": lead.agency_name,
            "agencyType": lead.agency_type,
            "position": str(lead.position),
        }
        if lead.basis:
            row["basis"] = lead.basis
        if lead.item:
            row["item"] = lead.item
            row["itemTitle"] = lead.item_title
            row["itemNumber"] = str(lead.item_number)
        rows.append(row)
    return rows


def energy_rows(digests: list[Digest], notation: Callable[[str], str]) -> list[dict[str, str]]:
    """The energy-intensity query's rows, as its answer would give them (with the target
    too); `notation`: a qualifier IRI's notation."""
    rows = []
    for d in digests:
        for target, value, qualifier in d.energy:
            row = {
                "cityCode": d.code,
                "cityName": d.name,
                "plan": d.graph,
                "status": "draft" if d.draft else "issued",
                "value": value,
                "target": target,
            }
            if qualifier:
                row["qualifier"] = notation(qualifier)
            rows.append(row)
    return rows
