"""A plan's digest: what the pages over every plan (/, /leads, /agencies, the /compare picker) need
of it, read from its graph with the search index's documents (api.web.search_index) and
replaced with them when the plan changes. Those pages then aggregate a few thousand
digests in memory instead of joining across every plan graph per request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


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


def lead_rows(digests: list[Digest], topic: str, match: str = "primary") -> list[dict[str, str]]:
    """The rows /leads shows for a topic (concept IRI) and a match (primary, any), as
    data.select would give them."""
    rows = []
    for d in digests:
        for lead in d.leads:
            if lead.topic != topic and not (match == "any" and topic in lead.topics):
                continue  # lead.on(topic, match), inline: 65,000 leads at 3,000 plans
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
