"""GET /province/{code}: a provincial-level division: its divisions and their plans (with
each plan's promised energy-intensity cut), its own key-project reductions beside the sum
of its divisions' (the `province-reductions` query), the cascade of every plan's headline
targets beside its parent plan's (`cascade`), and a map of it when PLANKG_BOUNDARIES is
set. GET /province: the provinces, each linked."""

from __future__ import annotations

import asyncio
import json
import re
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path

import anyio
from fastapi import APIRouter, Request, Response

from api.web import data, links
from api.web.digest import Digest, energy_rows
from api.web.labels import Vocabularies
from api.web.maps import area_map
from api.web.pages_city import indicator_text
from api.web.pages_search import current_index
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.search_index import SearchIndex
from api.web.shading import energy_intensity
from api.web.tables import Cell, Table
from api.web.tilegrid import tiles
from ingest.gazetteer import NATIONAL_CODE, gazetteer
from plankg import plan_answers
from plankg.queries import NamedQuery
from plankg.sources import file_name

router = APIRouter(tags=["web"], include_in_schema=False)
CODE = re.compile(r"[0-9]{6}")


@router.get("/province", response_class=Response)
async def provinces(request: Request) -> Response:
    return await serve_page(request, "provinces", build_index)


@router.get("/province/{code}", response_class=Response)
async def province(code: str, request: Request) -> Response:
    name = f"province-{code}" if CODE.fullmatch(code) else "province"
    return await serve_page(request, name, lambda ctx: build(ctx, code))


def unit_text(unit: str, vocab: Vocabularies, lang: str) -> str:
    return "%" if unit == "percent" else vocab.label("unit", unit, lang)


def level_word(code: str, w: dict[str, str]) -> str:
    if code.endswith("0000"):
        return w["level_province"]
    return w["level_prefecture"] if code.endswith("00") else w["level_county"]


def checked(code: str) -> str:
    """The province's name; PageError 400 for what is no province code, 404 for a
    province code GB/T 2260 does not have."""
    if not CODE.fullmatch(code):
        raise PageError(400, f"/province/{code}: not a GB/T 2260 code (six digits)")
    by_code = gazetteer().by_code
    if not code.endswith("0000") or code == NATIONAL_CODE:
        what = f"{by_code[code]}'s code" if code in by_code else "no province's code"
        raise PageError(
            400,
            f"/province/{code}: {code} is {what}, not a province's (those end in 0000, "
            f"e.g. {code[:2]}0000)",
        )
    if code not in by_code or code.startswith("99"):
        raise PageError(404, f"/province/{code}: GB/T 2260 has no province {code}")
    return by_code[code]


def reductions(
    province: str, cascades: list[dict[str, str]], drafts: set[str]
) -> list[dict[str, str]]:
    """The province-reductions query's rows for `province`, from the cascade rows of its
    plans (each plan's headline targets): per pollutant, the province's own headline
    key-project reduction beside the sum of those of the divisions directly under it,
    each division counted by its issued plan, else its draft; aspirational figures not
    counted. Run over a province's plans, that query takes Oxigraph time quadratic in
    their number (16 s for 16 plans from disk); this is its definition over rows the page
    reads anyway, and the tests compare the two."""
    parent_of = gazetteer().parent_code
    own: dict[str, tuple[str, str]] = {}  # pollutant -> (plan, value)
    # pollutant -> city -> its name and the distinct (plan, value) figures summed
    under: dict[str, dict[str, tuple[str, set[tuple[str, float]]]]] = defaultdict(dict)
    by_city: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in cascades:
        kind = r["indicatorCode"] == "key-project-emission-reduction"
        if kind and r.get("qualifier") != "aspirational":
            by_city[r["cityCode"]].append(r)
    for city, rows in by_city.items():
        rows = [r for r in rows if r["plan"] not in drafts] or rows
        if city == province:
            for r in rows:
                own.setdefault(r["pollutantCode"], (r["plan"], r["value"]))
        elif parent_of(city) == province:
            for r in rows:
                held = under[r["pollutantCode"]].setdefault(city, (r["cityName"], set()))
                held[1].add((r["plan"], float(r["value"])))
    out = []
    for pollutant in sorted({*own, *under}):
        row = {"provinceCode": province, "pollutantCode": pollutant}
        if pollutant in own:
            row["provincePlan"], row["provinceValue"] = own[pollutant]
        cities = under.get(pollutant, {})
        row["cities"] = str(len(cities))
        if cities:
            total = sum(v for _, figures in cities.values() for _, v in figures)
            row["citiesSum"] = f"{total:g}"
            row["cityNames"] = "、".join(name for name, _ in cities.values())
        out.append(row)
    return out


def stored_cascade(directory: Path, query: NamedQuery, codes: Collection[str]) -> list[data.Row]:
    """The `cascade` rows of the plans of the divisions `codes` (of one province) in the
    whole answer ingest stored (plankg.joined_answers), in its order, as lexical values:
    a scan of its lines for the province's, then those decoded, so a page costs its
    province's rows. plan_answers.Missing when it is not stored for this version of the
    query."""
    lines = plan_answers.stored_lines(
        directory, query.name, plan_answers.shape_of(query).version, "rows"
    )
    # a line holds the division's code as plan_answers writes a plain literal
    needles = {f'"cityCode":{{"type":"literal","value":"{c[:2]}'.encode() for c in codes}
    out = []
    for line in lines:
        if any(n in line for n in needles):
            row = {k: t["value"] for k, t in json.loads(line).items()}
            if row.get("cityCode") in codes:
                out.append(row)
    return out


async def cascade_rows(
    ctx: Ctx, index: SearchIndex, province: str, plans: list[Digest], national: list[Digest]
) -> list[data.Row]:
    """The `cascade` rows of the province's `plans`: read from the answer ingest stored
    when the service holds the files of the store it serves (as GET /queries/cascade
    reads them); else the query over those plans and the country's (`national`), which
    hold every row but the parent of a plan citing another province's (over them,
    Oxigraph's time grows with the square of the graphs merged: 7-22 s from disk for
    the largest provinces at 3,000 plans)."""
    codes = {d.code for d in plans}
    if not codes:
        return []
    query: NamedQuery = ctx.request.app.state.queries["cascade"]
    directory = None if ctx.settings.endpoint or not index.ready else index.answers
    if directory is not None:
        try:
            return await anyio.to_thread.run_sync(stored_cascade, directory, query, codes)
        except plan_answers.Missing:
            pass  # the query runs, as GET /queries/cascade does (which logs why)
    scope = tuple(d.graph for d in [*plans, *national])
    call = data.Call("cascade", {}, scope, f"province {province}")
    return [
        r for got in await data.named(ctx, [call]) for r in got.rows if r.get("cityCode") in codes
    ]


async def build_index(ctx: Ctx) -> Page:
    w = ctx.w
    digests = (await current_index(ctx)).digests
    table = Table(
        "provinces",
        w["province_list"],
        [w["province"], w["plans_in"], w["cities"]],
        numeric=frozenset({1, 2}),
    )
    for tile in sorted(tiles(), key=lambda t: t.code):
        mine = [d for d in digests if d.code[:2] == tile.code[:2]]
        places = len({d.code for d in mine})
        table.rows.append(
            [
                Cell(tile.full[ctx.lang], links.province(tile.code), code=tile.code),
                Cell(str(len(mine)), number=len(mine)),
                Cell(str(places), number=places),
            ]
        )
    return Page("provinces.html", w["province_list"], {"table": table}, [table])


async def build(ctx: Ctx, code: str) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    name = checked(code)
    index = await current_index(ctx)
    everything = index.digests
    digests = sorted(
        (d for d in everything if d.code[:2] == code[:2]), key=lambda d: (d.code, d.draft)
    )
    national = [d for d in everything if d.code == NATIONAL_CODE]
    plans, cascades = await asyncio.gather(
        ctx.run(data.plan_rows, [d.graph for d in digests]),
        cascade_rows(ctx, index, code, digests, national),
    )
    codes = {d.code for d in digests}
    drafts = {d.graph for d in digests if d.draft}
    mine = energy_rows(digests, vocab.notation)
    shading = energy_intensity(mine, w)

    divisions = Table(
        "divisions",
        w["province_divisions"],
        [
            w["city"],
            w["level"],
            w["plan"],
            w["status"],
            w["document_number"],
            w["issued_on"],
            w["issuer"],
            w["source_file"],
            w["energy_cut"],
        ],
    )
    by_plan = {p["plan"]: p for p in plans}
    for d in digests:
        p = by_plan.get(d.graph, {})
        cut = [r for r in mine if r.get("plan") == d.graph]
        basic = [r for r in cut if r.get("qualifier") != "aspirational"] or cut
        divisions.rows.append(
            [
                Cell(d.name, links.city(d.code), code=d.code),
                Cell(level_word(d.code, w)),
                Cell(p.get("title", ""), links.resource(d.graph, base)),
                Cell(w["draft" if d.draft else "issued"]),
                Cell(p.get("documentNumber", "")),
                Cell(p.get("issued", "")),
                Cell(p.get("issuer", "")),
                Cell(file_name(p.get("sourceFile", "")), p.get("source") or None),
                Cell(f"{float(basic[0]['value']):g}%", number=float(basic[0]["value"]))
                if basic
                else Cell("—"),
            ]
        )

    sums = Table(
        "reductions",
        w["reductions"],
        [w["pollutant"], w["province_value"], w["cities_sum"], w["cities_summed"], w["which"]],
        numeric=frozenset({1, 2, 3}),
    )
    for r in reductions(code, cascades, drafts):
        mine_value = r.get("provinceValue")
        total = r.get("citiesSum")
        sums.rows.append(
            [
                Cell(vocab.label("topic", r["pollutantCode"], lang), code=r["pollutantCode"]),
                Cell(f"{float(mine_value):g}", links.resource(r.get("provincePlan"), base),
                     number=float(mine_value)) if mine_value else Cell("—"),
                Cell(f"{float(total):g}", number=float(total)) if total else Cell("—"),
                Cell(r.get("cities", "0"), number=int(r.get("cities", "0"))),
                Cell(r.get("cityNames", "")),
            ]
        )  # fmt: skip

    # numbers stay numbers in the downloads: the unit and qualifier have columns of their own
    cascade = Table(
        "cascade",
        w["cascade"],
        [w["city"], w["indicator"], w["value"], w["unit"], w["qualifier"], w["parent_plan"],
         w["parent_value"], w["parent_unit"]],
        numeric=frozenset({2, 6}),
    )  # fmt: skip
    for r in cascades:
        if r["cityCode"][:2] == code[:2]:  # not the national plan's own
            target = {"indicator": r["indicatorCode"], "pollutant": r.get("pollutantCode", "")}
            parent = r.get("parentPlan")
            theirs = r.get("parentValue")
            qualifier = r.get("qualifier", "")
            cascade.rows.append(
                [
                    Cell(r["cityName"], links.city(r["cityCode"]), code=r["cityCode"]),
                    Cell(indicator_text(target, vocab, lang)),
                    Cell(f"{float(r['value']):g}", number=float(r["value"])),
                    Cell(unit_text(r["unitCode"], vocab, lang)),
                    Cell(vocab.label("qualifier", qualifier, lang) if qualifier else ""),
                    Cell(r.get("parentCityName", ""), links.resource(parent, base))
                    if parent
                    else Cell("—"),
                    Cell(f"{float(theirs):g}", number=float(theirs)) if theirs else Cell("—"),
                    Cell(unit_text(r.get("parentUnitCode", ""), vocab, lang) if theirs else ""),
                ]
            )

    planned = set(codes)
    view = area_map(shading, code, planned, ctx.settings, lang, w)
    title = f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"
    return Page(
        "province.html",
        title,
        {
            "divisions": divisions,
            "reductions": sums,
            "cascade": cascade,
            "map": view,
            "empty": not digests,
        },
        [divisions, sums, cascade],
    )
