"""GET /compare?city=A&city=B…: two to five divisions side by side: headline targets
(table and charts), lead agencies per topic, and which topics have measures in one plan
and none in another."""

from __future__ import annotations

import re
from collections import defaultdict

from fastapi import APIRouter, Request, Response

from api.web import data, links
from api.web.pages_city import indicator_text, value_text
from api.web.pages_search import current_index
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Table

router = APIRouter(tags=["web"], include_in_schema=False)
CODE = re.compile(r"[0-9]{6}")
MIN_CITIES, MAX_CITIES = 2, 5


@router.get("/compare", response_class=Response)
async def compare(request: Request) -> Response:
    return await serve_page(request, "compare", build)


async def build(ctx: Ctx) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    codes = list(dict.fromkeys(ctx.request.query_params.getlist("city")))
    if not codes:
        digests = (await current_index(ctx)).digests
        options = sorted({(d.code, d.name) for d in digests})
        return Page("compare.html", w["compare"], {"options": options, "chosen": None})
    bad = [c for c in codes if not CODE.fullmatch(c)]
    if bad:
        raise PageError(400, f"city={bad[0]!r} is not a GB/T 2260 code (six digits)")
    if not MIN_CITIES <= len(codes) <= MAX_CITIES:
        raise PageError(
            400,
            f"compare takes {MIN_CITIES} to {MAX_CITIES} different cities "
            f"(city=CODE&city=CODE…); got {len(codes)}",
        )
    got = await ctx.run(data.compare, base, codes)
    missing = got["missing"]
    assert isinstance(missing, list)
    if missing:
        raise PageError(404, "the store holds no plan of " + ", ".join(missing))
    plans = got["plans"]
    assert isinstance(plans, list)
    names = {p["cityCode"]: p["cityName"] for p in plans}
    heads = [f"{names[c]} ({c})" for c in codes]

    # Headline targets: one row per indicator (and pollutant, qualifier), a column per city.
    targets = got["targets"]
    assert isinstance(targets, list)
    keyed: dict[tuple[str, str, str], dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for t in targets:
        if vocab.notation(t["scope"]) != "headline":
            continue
        key = (
            vocab.notation(t["indicator"]),
            vocab.notation(t.get("pollutant")),
            vocab.notation(t.get("qualifier")),
        )
        keyed[key][t["cityCode"]].append(t)
    target_table = Table(
        "targets",
        w["targets_side"],
        [w["indicator"], *heads],
        numeric=frozenset(range(1, len(codes) + 1)),
    )
    charts: dict[str, dict[str, object]] = {}
    for key in sorted(keyed):
        per_city = keyed[key]
        sample = next(iter(per_city.values()))[0]
        label = indicator_text(sample, vocab, lang)
        if key[2]:
            label += f" ({vocab.label('qualifier', key[2], lang)})"
        row: list[Cell | list[Cell]] = [Cell(label)]
        unit = vocab.notation(sample.get("unit"))
        chart = charts.setdefault(unit, {"labels": [], "values": {c: [] for c in codes}})
        labels = chart["labels"]
        values = chart["values"]
        assert isinstance(labels, list) and isinstance(values, dict)
        labels.append(label)
        for c in codes:
            found = per_city.get(c, [])
            row.append(
                [
                    Cell(
                        value_text(t, vocab, lang),
                        links.resource(t["target"], base),
                        number=float(t["value"]),
                    )
                    for t in found
                ]
                or Cell("—")
            )
            values[c].append(float(found[0]["value"]) if found else None)
        target_table.rows.append(row)
    chart_specs = []
    for unit, chart in charts.items():
        values = chart["values"]
        assert isinstance(values, dict)
        chart_specs.append(
            {
                "id": f"chart-{re.sub('[^A-Za-z0-9]', '-', unit)}",
                "caption": f"{w['targets_side']} · {vocab.label('unit', unit, lang)}",
                "data": {
                    "labels": chart["labels"],
                    "datasets": [
                        {"label": h, "data": values[c]} for c, h in zip(codes, heads, strict=True)
                    ],
                },
            }
        )

    leads = got["leads"]
    assert isinstance(leads, list)
    lead_cells: dict[str, dict[str, dict[str, dict[str, str]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for r in leads:
        lead_cells[vocab.notation(r["topic"])][r["cityCode"]].setdefault(r["agency"], r)
    topics = got["topics"]
    assert isinstance(topics, list)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for r in topics:
        counts[vocab.notation(r["topic"])][r["cityCode"]] = int(r["n"])
    order = [n for n in vocab.by_scheme.get("topic", {}) if n in counts or n in lead_cells]

    lead_table = Table("leads", w["leads_per_topic"], [w["topic"], *heads])
    presence = Table(
        "topics",
        w["topics_presence"],
        [w["topic"], *heads, w["differs"]],
        numeric=frozenset(range(1, len(codes) + 1)),
    )
    for topic in order:
        label = vocab.label("topic", topic, lang)
        if topic in lead_cells:
            lead_table.rows.append(
                [
                    Cell(label, links.leads(topic)),
                    *[
                        [
                            Cell(r["agencyName"], links.resource(r["resp"], base))
                            for r in lead_cells[topic].get(c, {}).values()
                        ]
                        or Cell("—")
                        for c in codes
                    ],
                ]
            )
        n = [counts[topic].get(c, 0) for c in codes]
        differs = min(n) == 0 and max(n) > 0
        presence.rows.append(
            [
                Cell(label, links.leads(topic)),
                *[Cell(str(k), number=k) if k else Cell("—", css="absent") for k in n],
                Cell("✔" if differs else "", css="differs" if differs else ""),
            ]
        )
    presence.rows.sort(key=lambda row: not (isinstance(row[-1], Cell) and row[-1].text))
    title = w["compare_title"].format(cities=" / ".join(names[c] for c in codes))
    return Page(
        "compare.html",
        title,
        {
            "targets": target_table,
            "charts": chart_specs,
            "leads": lead_table,
            "presence": presence,
            "chosen": codes,
            "options": None,
        },
        [target_table, lead_table, presence],
    )
