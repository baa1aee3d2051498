"""GET /leads?topic=T&match=M: per city, the agencies that lead the work on a topic, and
how the lead was found (basis), each linked to the responsibility note it came from, with
the measures and sub-items (units of work) they lead; a summary of which agency types lead
and how often (table and chart). `match` is the lead-agencies query's: `primary` (the
units whose primary topic it is) or `any` (the units with it among their topics)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from api.web import links
from api.web.digest import Digest, Lead
from api.web.pages_search import current_index
from api.web.paging import numbered, page_count, page_number
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Table
from plankg.plan_index import Found
from plankg.queries import Param, QueryError, resolve

router = APIRouter(tags=["web"], include_in_schema=False)
CODE = re.compile(r"[0-9]{6}")
PER_PAGE = 500  # cities per HTML page


@router.get("/leads", response_class=Response)
async def leads(request: Request) -> Response:
    return await serve_page(request, "leads", build)


@dataclass
class _City:
    code: str
    name: str
    province_code: str
    province_name: str
    leads: dict[str, Lead] = field(default_factory=dict)  # agency -> its first lead
    measures: dict[str, str] = field(default_factory=dict)  # measure -> title
    items: dict[str, str] = field(default_factory=dict)  # sub-item -> title
    statuses: set[str] = field(default_factory=set)  # of the plans its leads come from


@lru_cache(maxsize=2)
def _param(name: str) -> Param:
    """A parameter of the lead-agencies query (`topic`, `match`): its values, its default
    and its refusal of any other value, the API's own."""
    return next(p for p in resolve("lead-agencies").params if p.name == name)


def _given(ctx: Ctx, name: str) -> str:
    param = _param(name)
    value = ctx.request.query_params.get(name) or param.default or ""
    try:
        param.check(value)
    except QueryError as exc:
        raise PageError(400, str(exc)) from None
    return value


def _by_city(found: Found) -> Found:
    """The leads on a topic by division code, then by measure, sub-item and place in the
    note, as lead-agencies orders its rows."""

    def order(pair: tuple[Digest, Lead]) -> tuple[str, str, int, int]:
        d, lead = pair
        return (d.code, lead.measure, lead.item_number, lead.position)

    return sorted(found, key=order)


def _choice(ctx: Ctx, key: str, scheme: str | None = None) -> str | None:
    value = ctx.request.query_params.get(key) or None
    if value is None:
        return None
    if scheme is None:
        if not CODE.fullmatch(value):
            raise PageError(400, f"{key}={value!r} is not a GB/T 2260 code (six digits)")
        return value
    if ctx.vocab.concept(scheme, value) is None:
        known = ", ".join(ctx.vocab.by_scheme.get(scheme, {}))
        raise PageError(400, f"{key}={value!r} is not a known {scheme} notation ({known})")
    return value


async def build(ctx: Ctx) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    topic = _given(ctx, "topic")
    concept = vocab.concept("topic", topic)
    if concept is None:  # the query's vocabulary is the pages' vocabulary
        raise PageError(400, f"topic={topic!r} is not a topic notation")
    match = _given(ctx, "match")
    province = _choice(ctx, "province")
    agency_type = _choice(ctx, "agencyType", "agency-type")
    overview = (await current_index(ctx)).overview
    found = overview.kept(
        ("leads by city", concept.iri, match), lambda: _by_city(overview.leads(concept.iri, match))
    )
    cities: dict[str, _City] = {}
    provinces: dict[str, str] = {}
    for d, lead in found:
        provinces[d.province_code] = d.province_name
        if province and d.province_code != province:
            continue
        if agency_type and vocab.notation(lead.agency_type) != agency_type:
            continue
        c = cities.setdefault(d.code, _City(d.code, d.name, d.province_code, d.province_name))
        c.statuses.add("draft" if d.draft else "issued")
        c.leads.setdefault(lead.agency, lead)
        c.measures.setdefault(lead.measure, lead.measure_title)
        if lead.item:
            c.items.setdefault(lead.item, lead.item_title)

    led_by: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for c in cities.values():
        kinds = [vocab.notation(lead.agency_type) for lead in c.leads.values()]
        mentions.update(kinds)
        led_by.update(list(dict.fromkeys(kinds)))  # each type once: ties in order met
    # The HTML shows the cities a page at a time (a national table is thousands of rows):
    # its table holds the rows of that page, a download's every city's.
    page_no = page_number(ctx.request)
    pages = page_count(len(cities), PER_PAGE)
    listed = list(cities.values())
    if ctx.request.query_params.get("format") is None:
        listed = listed[(page_no - 1) * PER_PAGE : page_no * PER_PAGE]
    table = Table(
        "leads",
        w["leads_title"].format(topic=concept.label(lang)),
        [
            w["city"],
            w["province"],
            w["lead_agencies"],
            w["agency_type"],
            w["basis"],
            w["measure"],
            w["item"],
            w["plan_status"],
        ],
        download_only=frozenset({7}),
    )
    for c in listed:
        agencies, types, bases = [], [], []
        for lead in c.leads.values():
            evidence = links.resource(lead.resp, base)
            type_code = vocab.notation(lead.agency_type)
            basis = vocab.notation(lead.basis)
            agencies.append(Cell(lead.agency_name, evidence))
            types.append(
                Cell(vocab.label("agency-type", type_code, lang), evidence, code=type_code)
            )
            bases.append(Cell(vocab.label("lead-basis", basis, lang) if basis else "", evidence))
        # a draft (征求意见稿) is marked where the city is named, and its own column in
        # the downloads: a draft's leads may change before the plan is issued
        statuses = [s for s in ("draft", "issued") if s in c.statuses]
        badge = w["draft"] if "draft" in statuses else ""
        table.rows.append(
            [
                Cell(c.name, links.city(c.code), code=c.code, badge=badge),
                Cell(c.province_name, code=c.province_code),
                agencies,
                types,
                bases,
                [Cell(title, links.resource(m, base)) for m, title in c.measures.items()],
                [Cell(title, links.resource(i, base)) for i, title in c.items.items()],
                Cell("; ".join(w[s] for s in statuses)),
            ]
        )

    total = len(cities)
    summary = Table(
        "summary",
        w["leads_summary"],
        [w["agency_type"], w["cities_led"], w["share_pct"], w["rows_lead"]],
        numeric=frozenset({1, 2, 3}),
    )
    for type_code, n in led_by.most_common():
        share = round(100 * n / total, 1) if total else 0.0
        summary.rows.append(
            [
                Cell(vocab.label("agency-type", type_code, lang), code=type_code),
                Cell(str(n), number=n),
                Cell(f"{share:g}", number=share),
                Cell(str(mentions[type_code]), number=mentions[type_code]),
            ]
        )
    chart = {
        "labels": [vocab.label("agency-type", t, lang) for t, _ in led_by.most_common()],
        "datasets": [{"label": w["cities_led"], "data": [n for _, n in led_by.most_common()]}],
        "horizontal": True,
    }
    # each topic with the number of divisions it would show, so no choice is a silent
    # dead end (a pollutant is rarely a measure's primary topic: match=any finds it)
    counts = overview.cities_led[match]
    form = {
        "topics": [
            (n, w["topic_count"].format(topic=c.label(lang), n=counts[c.iri]))
            for n, c in vocab.by_scheme.get("topic", {}).items()
        ],
        "topic": topic,
        "matches": [(m, w["match_" + m]) for m in _param("match").enum],
        "match": match,
        "provinces": sorted(provinces.items()),
        "province": province or "",
        "types": [(n, c.label(lang)) for n, c in vocab.by_scheme.get("agency-type", {}).items()],
        "agency_type": agency_type or "",
    }
    hint = None
    if not found and match != "any":
        elsewhere = overview.cities_led["any"][concept.iri]
        if elsewhere:
            params = [(k, v) for k, v in ctx.request.query_params.multi_items() if k != "match"]
            hint = {
                "text": w["leads_try_any"].format(n=elsewhere),
                "href": "/leads?" + urlencode([*params, ("match", "any")]),
            }
    filters = [("topic", topic), ("match", match)]
    filters += [("province", province or ""), ("agencyType", agency_type or "")]
    return Page(
        "leads.html",
        table.caption,
        {
            "table": table,
            "summary": summary,
            "chart": chart,
            "form": form,
            "paging": numbered(ctx.request, page_no, pages),
            "hint": hint,
        },
        [table, summary],
        filters=filters,
    )
