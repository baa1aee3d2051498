"""GET /compare?city=A&city=B…: two to five divisions side by side: headline targets
(table and charts), lead agencies per topic, and which topics have measures in one plan
and none in another."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response

from api.web import data, links
from api.web.pages_city import indicator_text, value_text
from api.web.pages_search import current_index
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Table

router = APIRouter(tags=["web"], include_in_schema=False)
CODE = re.compile(r"[0-9]{6}")
MIN_CITIES, MAX_CITIES = 2, 5
# The most a chart's largest bar may be of its smallest: beyond, the small ones are a few
# pixels or none on a linear axis.
SPREAD = 100.0


@router.get("/compare", response_class=Response)
async def compare(request: Request) -> Response:
    return await serve_page(request, "compare", build)


async def build(ctx: Ctx) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    codes = list(dict.fromkeys(ctx.request.query_params.getlist("city")))
    bad = [c for c in codes if not CODE.fullmatch(c)]
    if bad:
        raise PageError(400, f"city={bad[0]!r} is not a GB/T 2260 code (six digits)")
    if len(codes) > MAX_CITIES:
        raise PageError(
            400,
            f"compare takes {MIN_CITIES} to {MAX_CITIES} different cities "
            f"(city=CODE&city=CODE…); got {len(codes)}",
        )
    if len(codes) < MIN_CITIES:
        # the picker, with the cities given already chosen (a city page's own link)
        digests = (await current_index(ctx)).digests
        options = sorted({(d.code, d.name) for d in digests})
        context = {"options": options, "picked": codes, "chosen": None}
        return Page("compare.html", w["compare"], context)
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
        [w["indicator"], w["unit"], *heads],
        numeric=frozenset(range(2, len(codes) + 2)),
    )
    series: list[Series] = []
    for key in sorted(keyed):
        per_city = keyed[key]
        sample = next(iter(per_city.values()))[0]
        label = indicator_text(sample, vocab, lang)
        if key[2]:
            label += f" ({vocab.label('qualifier', key[2], lang)})"
        unit = vocab.notation(sample.get("unit"))
        unit_label = vocab.label("unit", unit, lang)
        row: list[Cell | list[Cell]] = [Cell(label), Cell(unit_label, code=unit)]
        values: list[float | None] = []
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
            values.append(float(found[0]["value"]) if found else None)
        target_table.rows.append(row)
        series.append(Series(label, unit, values))
    chart_specs = []
    for number, group in enumerate(magnitude_groups(series), start=1):
        unit = group[0].unit
        log = needs_log(group)
        caption = f"{w['targets_side']} · {vocab.label('unit', unit, lang)}"
        chart_specs.append(
            {
                "id": f"chart-{number}-{re.sub('[^A-Za-z0-9]', '-', unit)}",
                "caption": caption + (f" · {w['log_scale']}" if log else ""),
                "data": {
                    "labels": [s.label for s in group],
                    "datasets": [
                        {"label": h, "data": [s.values[i] for s in group]}
                        for i, h in enumerate(heads)
                    ],
                    "log": log,
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
        filters=[("city", c) for c in codes],
    )


@dataclass(frozen=True)
class Series:
    """One row of the targets table as a chart draws it: a value per city (None: none)."""

    label: str
    unit: str
    values: list[float | None]

    def extent(self) -> tuple[float, float] | None:
        """The smallest and largest size (absolute value) above zero, None for none."""
        sizes = [abs(v) for v in self.values if v]
        return (min(sizes), max(sizes)) if sizes else None


def magnitude_groups(series: list[Series]) -> list[list[Series]]:
    """The rows cut into charts: one unit each, and rows of like size together (the
    largest value of a chart at most SPREAD times its smallest), so that a city's coal
    total of a million tonnes and key-project cuts of a hundred tonnes are not bars on one
    axis, where the small ones would vanish. A chart's rows keep the table's order."""
    order = {id(s): i for i, s in enumerate(series)}
    charts: list[list[Series]] = []
    for unit in dict.fromkeys(s.unit for s in series):
        mine = [s for s in series if s.unit == unit]
        sized = sorted(
            ((s, e) for s in mine if (e := s.extent()) is not None), key=lambda x: x[1][1]
        )
        groups: list[list[Series]] = []
        low = 0.0
        for s, (lo, hi) in sized:  # by largest value, rising: hi is the group's largest
            if groups and hi <= SPREAD * min(low, lo):
                groups[-1].append(s)
                low = min(low, lo)
            else:
                groups.append([s])
                low = lo
        unsized = [s for s in mine if s.extent() is None]  # nothing to draw: beside the rest
        if unsized:
            groups = [groups[0] + unsized, *groups[1:]] if groups else [unsized]
        charts += [sorted(g, key=lambda s: order[id(s)]) for g in groups]
    return charts


def needs_log(group: list[Series]) -> bool:
    """A chart on a logarithmic axis: its values (one row's, across cities) still span
    more than SPREAD, and all are above zero."""
    values = [v for s in group for v in s.values if v is not None]
    if not values or min(values) <= 0:
        return False
    return max(values) > SPREAD * min(values)
