"""GET /cities, /plans, /measures, /targets for a browser: the collection's items as the
JSON-LD collection lists them at the same URL (the same query, filters, order and paging
by `limit` and `offset`: api.collection_items), a row each, named and linked to its /id/
page; the collection's filters as a form, a pager, and the table as CSV and XLSX
(`format=`) holding exactly the rows on screen.

An API client gets the JSON-LD collection as before (api.routes_collections): these
routes match only a request for HTML or for a download (api.web.page_route)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response

from api import collection_items as ci
from api.web import links
from api.web.ontology import catalogue
from api.web.page_route import PageRoute
from api.web.pages_search import current_index, current_overview
from api.web.paging import Pager, at
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Table

CODE = re.compile(r"[0-9]{6}")
LIMIT, MAX_LIMIT = 100, 1000  # as the API's (api.routes_collections)
LIMITS = ("20", "100", "500", "1000")  # the choices of the form
DELIVERY = ("format", "table", "lang")  # how the page is sent, not what it lists


@dataclass(frozen=True)
class Column:
    """A column: the field it shows, its header (a word of api.web.i18n), and how a value
    is shown: `name` names the row and links to its /id/ page, `term` is a concept or
    ontology term by its label (its notation as the code), `resource` a linked resource
    by its name, `level` a division's level, `number` and `text` as they are."""

    var: str
    word: str
    kind: str = "text"


@dataclass(frozen=True)
class Filter:
    """A filter the collection takes: its parameter, its label, and what it chooses among
    (`division`, `province`, `status`, or a concept scheme's name)."""

    param: str
    word: str
    among: str


@dataclass(frozen=True)
class View:
    path: str
    coll: ci.Collection
    title: str  # a word
    columns: tuple[Column, ...]
    filters: tuple[Filter, ...]
    code: str = ""  # the field that holds the row's own code (a division's)


CITY = Filter("city", "city", "division")
VIEWS = {
    v.path: v
    for v in (
        View(
            "/cities",
            ci.CITIES,
            "cities",
            (
                Column("label", "name", "name"),
                Column("level", "level", "level"),
                Column("province", "province", "resource"),
            ),
            (Filter("province", "province", "province"),),
            code="code",
        ),
        View(
            "/plans",
            ci.PLANS,
            "plans",
            (
                Column("title", "plan", "name"),
                Column("city", "city", "resource"),
                Column("status", "status", "term"),
                Column("documentNumber", "document_number"),
                Column("issued", "issued_on"),
            ),
            (CITY, Filter("status", "status", "status")),
        ),
        View(
            "/measures",
            ci.MEASURES,
            "measures",
            (
                Column("title", "measure", "name"),
                Column("plan", "plan", "resource"),
                Column("kind", "measure_kind", "term"),
                Column("primaryTopic", "topic", "term"),
            ),
            (CITY, Filter("topic", "topic", "topic")),
        ),
        View(
            "/targets",
            ci.TARGETS,
            "targets",
            (
                Column("indicator", "indicator", "name"),
                Column("value", "value", "number"),
                Column("unit", "unit", "term"),
                Column("qualifier", "qualifier", "term"),
                Column("scope", "scope", "term"),
                Column("pollutant", "pollutant", "term"),
                Column("targetYear", "target_year"),
                Column("plan", "plan", "resource"),
            ),
            (CITY, Filter("indicator", "indicator", "indicator")),
        ),
    )
}
STATUSES = ("draft", "issued")

router = APIRouter(tags=["web"], include_in_schema=False, route_class=PageRoute)


def _route(view: View) -> Callable[[Request], Awaitable[Response]]:
    async def collection(request: Request) -> Response:
        return await serve_page(request, view.path[1:], lambda ctx: build(ctx, view))

    return collection


for _view in VIEWS.values():
    router.add_api_route(_view.path, _route(_view), methods=["GET"], response_class=Response)


def _number(ctx: Ctx, key: str, default: int, low: int, high: int) -> int:
    value = ctx.request.query_params.get(key) or str(default)
    if not value.isdigit() or not low <= int(value) <= high:
        raise PageError(400, f"{key}={value!r}: a whole number from {low} to {high}")
    return int(value)


def _given(ctx: Ctx, view: View) -> dict[str, str]:
    """The filters asked for, each checked as the collection checks it, and a notation
    against its scheme (refused naming the known ones)."""
    params = ctx.request.query_params
    known = {"limit", "offset", *(f.param for f in view.filters)}
    unknown = sorted(set(params) - known - set(DELIVERY))
    if unknown:
        names = ", ".join(sorted(known))
        raise PageError(400, f"unknown parameter {', '.join(unknown)} (parameters: {names})")
    given: dict[str, str] = {}
    for f in view.filters:
        value = params.get(f.param) or ""
        if not value:
            continue
        if f.among in ("division", "province") and not CODE.fullmatch(value):
            raise PageError(400, f"{f.param}={value!r} is not a GB/T 2260 code (six digits)")
        if f.among == "status" and value not in STATUSES:
            raise PageError(400, f"{f.param}={value!r}: one of {', '.join(STATUSES)}")
        scheme = ctx.vocab.by_scheme.get(f.among)
        if scheme is not None and value not in scheme:
            names = ", ".join(scheme)
            raise PageError(
                400, f"{f.param}={value!r} is not a {f.among} notation (known: {names})"
            )
        given[f.param] = value
    return given


async def build(ctx: Ctx, view: View) -> Page:
    w = ctx.w
    given = _given(ctx, view)
    limit = _number(ctx, "limit", LIMIT, 1, MAX_LIMIT)
    offset = _number(ctx, "offset", 0, 0, 10**9)
    digests = (await current_index(ctx)).digests
    within = ci.within(view.coll, given, limit, offset, current_overview(ctx.request.app))
    rows, names = await ctx.run(ci.rows, view.coll, given, limit, offset, ctx.settings.base, within)
    planned = {d.code for d in digests}
    table = Table(
        view.path[1:],
        w[view.title],
        [w[c.word] for c in view.columns],
        numeric=frozenset(i for i, c in enumerate(view.columns) if c.kind == "number"),
    )
    show = _Cells(ctx, view, names, planned)
    for row in rows:
        table.rows.append([show.cell(c, row) for c in view.columns])

    options: dict[str, list[tuple[str, str]]] = {
        "division": sorted({(d.code, f"{d.name} {d.code}") for d in digests}),
        "province": sorted({(d.province_code, d.province_name) for d in digests}),
        # named as the status column names them (the ontology's individuals)
        "status": [(s, show.terms.label(ci.PK + s.title(), ctx.lang) or w[s]) for s in STATUSES],
    }
    form = [
        {
            "param": f.param,
            "label": w[f.word],
            "options": options.get(f.among)
            or [(n, c.label(ctx.lang)) for n, c in ctx.vocab.by_scheme.get(f.among, {}).items()],
            "chosen": given.get(f.param, ""),
        }
        for f in view.filters
    ]
    limits = list(LIMITS) if str(limit) in LIMITS else sorted([*LIMITS, str(limit)], key=int)
    shown = w["items_shown"].format(first=offset + 1, last=offset + len(rows)) if rows else ""
    paging = Pager(
        at(ctx.request, offset=str(max(0, offset - limit))) if offset > 0 else None,
        # as the collection's Link header: a full page may have a next one
        at(ctx.request, offset=str(offset + limit)) if len(rows) == limit else None,
        shown,
    )
    return Page(
        "collection.html",
        w[view.title],
        {
            "table": table,
            "form": form,
            "limits": [(n, n) for n in limits],
            "limit": str(limit),
            "paging": paging,
            "intro": w["browse_intro"].format(path=view.path),
            "views": [(v.path, w[v.title]) for v in VIEWS.values()],
        },
        [table],
        filters=[*given.items(), ("limit", str(limit)), ("offset", str(offset))],
    )


class _Cells:
    """A row's cells, each value shown as its column says."""

    def __init__(self, ctx: Ctx, view: View, names: dict[str, ci.Named], planned: set[str]):
        self.ctx, self.view, self.names, self.planned = ctx, view, names, planned
        self.terms = catalogue(ctx.settings.base)

    def cell(self, column: Column, row: ci.Row) -> Cell:
        ctx, base = self.ctx, self.ctx.settings.base
        value = row.get(column.var, "")
        if column.kind == "name":  # a title or label, or a concept (a target's indicator)
            text = self.terms.label(value, ctx.lang) or value
            code = row.get(self.view.code, "")
            return Cell(text, links.resource(row["item"], base), code=code)
        if not value:
            return Cell("")
        if column.kind == "term":
            label = self.terms.label(value, ctx.lang) or ctx.vocab.notation(value)
            concept = ctx.vocab.by_iri.get(value)
            return Cell(label, links.term(value, base), code=concept.notation if concept else "")
        if column.kind == "resource":
            named = self.names.get(value)
            if named is None:
                return Cell(value, links.resource(value, base))
            # a division with a plan links to its page in the app
            href = links.city(named.code) if named.code in self.planned else None
            return Cell(named.name, href or links.resource(value, base), code=named.code)
        if column.kind == "level":
            return Cell(ctx.w.get(f"level_{value}", value), code=value)
        if column.kind == "number":
            try:
                return Cell(value, number=float(value))
            except ValueError:
                return Cell(value)
        return Cell(value)
