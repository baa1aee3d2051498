"""GET /city/{code}: one division's plan(s): targets, and every measure with its source
text (the responsibility notes marked in it) and its agencies with their roles."""

from __future__ import annotations

import re
from collections import defaultdict

from fastapi import APIRouter, Request, Response

from api.web import citation, data, links
from api.web.labels import Vocabularies
from api.web.marks import marked
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Table
from plankg.sources import file_name

router = APIRouter(tags=["web"], include_in_schema=False)
CODE = re.compile(r"[0-9]{6}")


@router.get("/city/{code}", response_class=Response)
async def city(code: str, request: Request) -> Response:
    return await serve_page(
        request, f"city-{code}" if CODE.fullmatch(code) else "city", lambda ctx: build(ctx, code)
    )


def value_text(row: dict[str, str], vocab: Vocabularies, lang: str) -> str:
    value = row["value"]
    unit = vocab.notation(row.get("unit"))
    unit_label = "%" if unit == "percent" else vocab.label("unit", unit, lang)
    qualifier = vocab.notation(row.get("qualifier"))
    prefix = {"at-least": "≥ ", "at-most": "≤ ", "about": "≈ "}.get(qualifier, "")
    return f"{prefix}{value}{'' if unit == 'percent' else ' '}{unit_label}"


def indicator_text(row: dict[str, str], vocab: Vocabularies, lang: str) -> str:
    label = vocab.label("indicator", vocab.notation(row["indicator"]), lang)
    pollutant = vocab.notation(row.get("pollutant"))
    if pollutant:
        label += " · " + vocab.label("topic", pollutant, lang)
    return label


def targets_table(name: str, caption: str, rows: list[dict[str, str]], ctx: Ctx) -> Table:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    table = Table(
        name,
        caption,
        [
            w["indicator"],
            w["value"],
            w["qualifier"],
            w["scope"],
            w["subject"],
            w["years"],
            w["source_text"],
        ],
    )
    for row in rows:
        qualifier = vocab.notation(row.get("qualifier"))
        years = "–".join(y for y in (row.get("baseYear", ""), row.get("targetYear", "")) if y)
        evidence = links.resource(row["target"], base)
        table.rows.append(
            [
                Cell(
                    indicator_text(row, vocab, lang), evidence, note=row.get("indicatorLabel", "")
                ),
                Cell(value_text(row, vocab, lang), number=float(row["value"])),
                Cell(vocab.label("qualifier", qualifier, lang) if qualifier else ""),
                Cell(vocab.label("scope", vocab.notation(row["scope"]), lang)),
                Cell(row.get("subject", "")),
                Cell(years),
                Cell(row["quote"], evidence),
            ]
        )
    return table


async def build(ctx: Ctx, code: str) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    if not CODE.fullmatch(code):
        raise PageError(404, f"/city/{code}: not a GB/T 2260 code (six digits)")
    got = await ctx.run(data.city, base, code)
    if got is None:
        raise PageError(404, f"/city/{code}: the store holds no plan of division {code}")

    plans = sorted(got["plans"], key=lambda r: r["plan"])
    name = plans[0]["cityName"]
    plan_table = Table(
        "plans",
        w["plans"],
        [
            w["plan"],
            w["status"],
            w["document_number"],
            w["issued_on"],
            w["issuer"],
            w["source_file"],
        ],
    )
    for p in plans:
        status = "draft" if p["status"].endswith("Draft") else "issued"
        plan_table.rows.append(
            [
                Cell(p["title"], links.resource(p["plan"], base)),
                Cell(w[status]),
                Cell(p.get("documentNumber", "")),
                Cell(p.get("issued", "")),
                Cell(p.get("issuer", "")),
                # the file's name (a store ingested before 0.2 may hold a path), linked
                # to the original document when its URL is known
                Cell(file_name(p.get("sourceFile", "")), p.get("source") or None),
            ]
        )

    targets = got["targets"]
    headline = [t for t in targets if vocab.notation(t["scope"]) == "headline"]
    headline_table = targets_table("headline", w["headline_targets"], headline, ctx)
    all_targets = targets_table("targets", w["all_targets"], targets, ctx)

    by_measure: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in got["responsibilities"]:
        by_measure[r["measure"]].append(r)
    resp_table = Table(
        "responsibilities",
        w["responsibilities"],
        [
            w["section"],
            w["measure"],
            w["item"],
            w["agency"],
            w["agency_type"],
            w["role"],
            w["basis"],
            w["note"],
        ],
    )
    measure_table = Table(
        "measures",
        w["measures"],
        [w["section"], w["measure"], w["topic"], w["lead_agencies"], w["source_text"]],
    )
    sections: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for m in got["measures"]:
        key = f"{m['plan']}#{m['sectionNumber']}"
        if current is None or current["key"] != key:
            current = {"key": key, "title": m["sectionTitle"], "measures": []}
            sections.append(current)
        resps = sorted(
            by_measure.get(m["measure"], []),
            key=lambda r: (int(r.get("itemNumber", 0)), int(r["position"])),
        )
        agencies: list[dict[str, object]] = []
        for r in resps:
            type_code = vocab.notation(r["agencyType"])
            role = vocab.notation(r["role"])
            basis = vocab.notation(r.get("basis"))
            evidence = links.resource(r["resp"], base)
            agencies.append(
                {
                    "name": r["agencyName"],
                    "href": evidence,
                    "type": vocab.label("agency-type", type_code, lang),
                    "role": vocab.label("role", role, lang),
                    "lead": role == "lead",
                    "basis": vocab.label("lead-basis", basis, lang) if basis else "",
                    "item": r.get("itemTitle", ""),
                }
            )
            resp_table.rows.append(
                [
                    Cell(m["sectionTitle"]),
                    Cell(m["title"], links.resource(m["measure"], base)),
                    Cell(r.get("itemTitle", "")),
                    Cell(r["agencyName"], evidence),
                    Cell(vocab.label("agency-type", type_code, lang), code=type_code),
                    Cell(vocab.label("role", role, lang), code=role),
                    Cell(vocab.label("lead-basis", basis, lang) if basis else ""),
                    Cell(r["quote"], evidence),
                ]
            )
        topic = vocab.notation(m.get("topic"))
        start = int(m["start"])
        notes = [(int(r["start"]), int(r["end"])) for r in resps]
        segments = marked(m["quote"], start, notes)
        measure_table.rows.append(
            [
                Cell(m["sectionTitle"]),
                Cell(m["title"], links.resource(m["measure"], base)),
                Cell(
                    vocab.label("topic", topic, lang) if topic else "",
                    links.leads(topic) if topic else None,
                ),
                [Cell(str(a["name"]), str(a["href"])) for a in agencies if a["lead"]],
                Cell(m["quote"]),
            ]
        )
        measures = current["measures"]
        assert isinstance(measures, list)
        measures.append(
            {
                "number": m["number"],
                "title": m["title"],
                "href": links.resource(m["measure"], base),
                "topic": vocab.label("topic", topic, lang) if topic else "",
                "topic_href": links.leads(topic) if topic else None,
                "segments": segments,
                "agencies": agencies,
                "page": m.get("page", ""),
            }
        )
    title = f"{name}（{code}）" if lang == "zh" else f"{name} ({code})"
    tables = [plan_table, headline_table, all_targets, measure_table, resp_table]
    return Page(
        "city.html",
        title,
        {
            "plan_table": plan_table,
            "headline": headline_table,
            "all_targets": all_targets,
            "sections": sections,
            "citations": [citation.from_row(p, base) for p in plans],
            "province": plans[0].get("provinceName", ""),
            "province_code": plans[0].get("provinceCode", ""),
            "code": code,
            "compare_href": links.compare([code]),  # the picker, this division chosen
        },
        tables,
    )
