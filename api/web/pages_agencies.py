"""GET /agencies for a browser: the agency types (the `agency-type` SKOS scheme), each
linked; with `type=T`, what agencies of that type lead, are responsible for, support and
implement, across divisions and topics: by role, by topic, and per division every unit
of work they hold, linked to the responsibility note it came from (its evidence).
Filters `topic`, `role` and `province`; the divisions a page at a time (`page=`), every
one in the downloads.

An API client asking for /agencies gets the JSON-LD collection as before
(api.routes_collections): this page's route matches only a request for HTML or for one
of the page's downloads (`format=`), and any other falls through to the collection's."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

from api.errors import wants_html
from api.web import links
from api.web.digest import Digest, Duty
from api.web.pages_search import current_index
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Table

PER_PAGE = 100  # divisions per HTML page
CODE = re.compile(r"[0-9]{6}")


class PageRoute(APIRoute):
    """A route that answers a browser: it matches a request asking for HTML
    (api.errors.wants_html, the one check for that) or for a download of the page
    (`format=`); an API client's request goes on to the next route of the same path."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http":
            request = Request(scope)
            if not (wants_html(request) or "format" in request.query_params):
                return Match.NONE, {}
        return super().matches(scope)


router = APIRouter(tags=["web"], include_in_schema=False, route_class=PageRoute)


@router.get("/agencies", response_class=Response)
async def agencies(request: Request) -> Response:
    name = request.query_params.get("type") or ""
    return await serve_page(request, f"agencies-{name}" if name else "agencies", build)


def _notation(ctx: Ctx, key: str, scheme: str) -> str | None:
    value = ctx.request.query_params.get(key) or None
    if value is not None and ctx.vocab.concept(scheme, value) is None:
        known = ", ".join(ctx.vocab.by_scheme.get(scheme, {}))
        raise PageError(400, f"{key}={value!r} is not {_article(scheme)} notation (known: {known})")
    return value


def _article(scheme: str) -> str:
    return f"{'an' if scheme[:1] in 'aeiou' else 'a'} {scheme}"


async def build(ctx: Ctx) -> Page:
    digests = (await current_index(ctx)).digests
    type_code = _notation(ctx, "type", "agency-type")
    if type_code is None:
        return types_page(ctx, digests)
    return type_page(ctx, digests, type_code)


def types_page(ctx: Ctx, digests: list[Digest]) -> Page:
    """Every agency type, linked to its page, with what its agencies hold."""
    w, lang, vocab = ctx.w, ctx.lang, ctx.vocab
    roles = vocab.by_scheme.get("role", {})
    agencies: dict[str, set[str]] = defaultdict(set)
    places: dict[str, set[str]] = defaultdict(set)
    held: dict[str, Counter[str]] = defaultdict(Counter)
    for d in digests:
        for duty in d.duties:
            agencies[duty.agency_type].add(duty.agency)
            places[duty.agency_type].add(d.code)
            held[duty.agency_type][duty.role] += 1
    table = Table(
        "types",
        w["type_pages"],
        [w["agency_type"], w["agencies"], w["cities"], *(r.label(lang) for r in roles.values())],
        numeric=frozenset(range(1, 3 + len(roles))),
    )
    for notation, concept in vocab.by_scheme.get("agency-type", {}).items():
        counts = held.get(concept.iri, Counter())
        table.rows.append(
            [
                Cell(concept.label(lang), links.agency_type(notation), note=notation),
                Cell(str(len(agencies[concept.iri])), number=len(agencies[concept.iri])),
                Cell(str(len(places[concept.iri])), number=len(places[concept.iri])),
                *(Cell(str(counts[r.iri]), number=counts[r.iri]) for r in roles.values()),
            ]
        )
    return Page("agencies.html", w["type_pages"], {"types": table}, [table])


@dataclass
class _Division:
    code: str
    name: str
    province_code: str
    province_name: str
    agencies: dict[str, str] = field(default_factory=dict)  # IRI -> name
    duties: dict[str, list[Duty]] = field(default_factory=lambda: defaultdict(list))  # role ->


def type_page(ctx: Ctx, digests: list[Digest], type_code: str) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    concept = vocab.concept("agency-type", type_code)
    assert concept is not None
    topic = _notation(ctx, "topic", "topic")
    role = _notation(ctx, "role", "role")
    province = ctx.request.query_params.get("province") or None
    if province is not None and not CODE.fullmatch(province):
        raise PageError(400, f"province={province!r} is not a GB/T 2260 code (six digits)")
    topic_iri = vocab.concept("topic", topic).iri if topic else None  # type: ignore[union-attr]
    role_iri = vocab.concept("role", role).iri if role else None  # type: ignore[union-attr]
    roles = list(vocab.by_scheme.get("role", {}).values())

    divisions: dict[str, _Division] = {}
    provinces: dict[str, str] = {}
    by_role: dict[str, list[tuple[str, Duty]]] = defaultdict(list)
    by_topic: dict[str, Counter[str]] = defaultdict(Counter)
    for d in sorted(digests, key=lambda d: (d.code, d.draft)):
        mine = [x for x in d.duties if x.agency_type == concept.iri]
        if not mine:
            continue
        provinces[d.province_code] = d.province_name
        if province and d.province_code != province:
            continue
        for duty in mine:  # in document order (api.web.search_index)
            if (topic_iri and duty.topic != topic_iri) or (role_iri and duty.role != role_iri):
                continue
            place = divisions.setdefault(
                d.code, _Division(d.code, d.name, d.province_code, d.province_name)
            )
            place.agencies.setdefault(duty.agency, duty.agency_name)
            place.duties[duty.role].append(duty)
            by_role[duty.role].append((d.code, duty))
            by_topic[duty.topic][duty.role] += 1

    role_table = Table(
        "roles",
        w["by_role"],
        [w["role"], w["mentions"], w["units"], w["agencies"], w["cities"]],
        numeric=frozenset({1, 2, 3, 4}),
    )
    for r in roles:
        held = by_role.get(r.iri, [])
        units = len({x.item or x.measure for _, x in held})
        agencies = len({x.agency for _, x in held})
        places = len({code for code, _ in held})
        role_table.rows.append(
            [
                Cell(r.label(lang), note=r.notation),
                Cell(str(len(held)), number=len(held)),
                Cell(str(units), number=units),
                Cell(str(agencies), number=agencies),
                Cell(str(places), number=places),
            ]
        )

    topic_table = Table(
        "topics",
        w["by_topic"],
        [w["topic"], *(r.label(lang) for r in roles)],
        numeric=frozenset(range(1, 1 + len(roles))),
    )
    for iri, counts in sorted(by_topic.items(), key=lambda kv: -sum(kv[1].values())):
        notation = vocab.notation(iri)
        if iri:
            href = "/leads?" + urlencode({"topic": notation, "agencyType": type_code})
            first = Cell(vocab.label("topic", notation, lang), href, note=notation)
        else:
            first = Cell(w["no_topic"])
        topic_table.rows.append(
            [first, *(Cell(str(counts[r.iri]), number=counts[r.iri]) for r in roles)]
        )

    table = Table(
        "divisions",
        w["by_division"],
        [w["city"], w["province"], w["agencies"], *(r.label(lang) for r in roles)],
    )
    page_param = ctx.request.query_params.get("page") or "1"
    if not page_param.isdigit() or int(page_param) < 1:
        raise PageError(400, f"page={page_param!r}: a page number from 1")
    page_no = int(page_param)
    pages = max(1, (len(divisions) + PER_PAGE - 1) // PER_PAGE)
    # the HTML shows a page of divisions; a download holds them all
    shown = list(divisions.values())
    if ctx.request.query_params.get("format") is None:
        shown = shown[(page_no - 1) * PER_PAGE : page_no * PER_PAGE]
    for place in shown:
        cells: list[Cell | list[Cell]] = [
            Cell(place.name, links.city(place.code), note=place.code),
            Cell(place.province_name, links.province(place.province_code)),
            [Cell(name, links.resource(iri, base)) for iri, name in place.agencies.items()],
        ]
        for r in roles:
            cells.append(
                [
                    Cell(x.item_title or x.measure_title, links.resource(x.resp, base))
                    for x in place.duties.get(r.iri, [])
                ]
            )
        table.rows.append(cells)

    def at(p: int) -> str:
        params = [(k, v) for k, v in ctx.request.query_params.multi_items() if k != "page"]
        return "/agencies?" + urlencode([*params, ("page", str(p))])

    form = {
        "types": [(n, c.label(lang)) for n, c in vocab.by_scheme.get("agency-type", {}).items()],
        "type": type_code,
        "topics": [(n, c.label(lang)) for n, c in vocab.by_scheme.get("topic", {}).items()],
        "topic": topic or "",
        "roles": [(r.notation, r.label(lang)) for r in roles],
        "role": role or "",
        "provinces": sorted(provinces.items()),
        "province": province or "",
    }
    pager = {
        "prev": at(page_no - 1) if page_no > 1 else None,
        "next": at(page_no + 1) if page_no < pages else None,
        "page": page_no,
        "pages": pages,
    }
    return Page(
        "agencies.html",
        w["type_title"].format(type=concept.label(lang)),
        {
            "roles": role_table,
            "topics": topic_table,
            "divisions": table,
            "form": form,
            "pager": pager,
        },
        [table, role_table, topic_table],
    )
