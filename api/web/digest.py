"""The rows the pages over every plan (/, /leads, /agencies, the /compare picker) show,
from the plans' digests (plankg.plan_index: derived from each plan's graph with its
search documents, read with the search index and replaced with it when the plan
changes). Those pages aggregate a few thousand digests in memory instead of joining
across every plan graph per request."""

from __future__ import annotations

from collections.abc import Callable

from plankg.plan_index import Digest, Duty, Found, Lead

__all__ = ["Digest", "Duty", "Lead", "energy_rows", "lead_rows"]  # the pages import them here


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
