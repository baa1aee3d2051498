"""Rendering a page: the Jinja2 environment, the language, the download formats and the
page cache (answers kept per store generation, like the named queries' answers)."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import Request, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from api.answer import failure_problem
from api.cache import VARY, AnswerCache, Encoded, encoded, respond
from api.deps import get_app_cache, get_executor
from api.static_files import asset_url, content_security_policy
from api.web import tables as tb
from api.web.folding import fold_query
from api.web.i18n import COOKIE, LANGS, language, words
from api.web.labels import Vocabularies, vocabularies
from api.web.ontology import catalogue
from api.web.tilegrid import tiles
from plankg.settings import Settings
from workers.executor import Executor

TEMPLATES = Path(__file__).parent / "templates"
CACHE_HEADER = "Plankg-Cache"
CSP = content_security_policy()
T = TypeVar("T")

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _json_script(value: object) -> Markup:
    """Data for a page script, safe inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)


_env.filters["json_script"] = _json_script


def _chart_js() -> str | None:
    try:
        return asset_url("vendor/chart.js/chart.umd.js")
    except FileNotFoundError:  # no vendored Chart.js: the pages show their tables only
        return None


_env.globals["chart_js"] = _chart_js()


def warm(base: str) -> None:
    """Parse the vocabularies and the ontology and compile the templates once, before the
    first page."""
    vocabularies(base)
    catalogue(base)
    for name in _env.list_templates(extensions=["html"]):
        _env.get_template(name)
    # OpenCC's dictionaries and the character table: 2.5 s of a first search otherwise
    fold_query("預熱")
    # openpyxl imports its writer on the first save: 3.7 s of a first XLSX download
    tb.to_xlsx([tb.Table("warm", "", ["a"], [[tb.Cell("1", number=1)]])], tb.Site("", base))
    # the gazetteer's name index (OpenCC again) and pycountry's names: the map's tiles
    tiles()


@dataclass
class Page:
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    tables: Sequence[tb.Table] = ()
    status: int = 200
    # what the page shows, for the downloads' file names: (key, value) as the page took
    # them, defaults included; None: the request's query parameters
    filters: Sequence[tuple[str, str]] | None = None


class PageError(Exception):
    """A request the page cannot answer: shown as an error page with this status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


@dataclass
class Ctx:
    """What a page builder gets: the request, its language, and the store's tasks."""

    request: Request
    lang: str
    settings: Settings
    executor: Executor
    vocab: Vocabularies

    @property
    def w(self) -> dict[str, str]:
        return words(self.lang)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await self.executor.run(fn, *args, timeout=self.settings.query_timeout)

    def url(self, path: str, params: Sequence[tuple[str, str]] = ()) -> str:
        return path + ("?" + urlencode(list(params)) if params else "")


def _self_url(request: Request, **changes: str | None) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, v) for k, v in changes.items() if v is not None]
    return request.url.path + ("?" + urlencode(items) if items else "")


def html(ctx: Ctx, page: Page) -> bytes:
    return _html(ctx.request, ctx.lang, page)


def _html(request: Request, lang: str, page: Page) -> bytes:
    template = _env.get_template(page.template)
    downloads = {
        t.name: {
            "csv": _self_url(request, format="csv", table=t.name, lang=None),
            "xlsx": _self_url(request, format="xlsx", table=None, lang=None),
        }
        for t in page.tables
    }
    text = template.render(
        w=words(lang),
        lang=lang,
        title=page.title,
        path=request.url.path,
        lang_urls={lang: _self_url(request, lang=lang) for lang in LANGS},
        downloads=downloads,
        **page.context,
    )
    return text.encode("utf-8")


Builder = Callable[[Ctx], Awaitable[Page]]


async def serve_page(request: Request, name: str, build: Builder) -> Response:
    """Answer a page request: HTML, or its tables as CSV/XLSX (`format=`), from the cache
    when the store has not changed since it was rendered."""
    settings: Settings = request.app.state.settings
    lang = language(request)
    fmt = request.query_params.get("format")
    ctx = Ctx(request, lang, settings, await get_executor(request), vocabularies(settings.base))
    if fmt is not None and fmt not in tb.FORMATS:
        return error_page(ctx, 400, f"format={fmt!r}: use format=csv or format=xlsx")
    cache: AnswerCache = get_app_cache(request.app)
    params = tuple(sorted((k, v) for k, v in request.query_params.multi_items() if k != "lang"))
    # a download writes its links absolute, under the address it was asked at
    origin = str(request.base_url) if fmt is not None else ""
    key = ("web", request.url.path, params, lang, origin)
    cached = cache.get(key)
    if cached is not None:
        return await _respond(ctx, cached, "hit")
    generation = cache.generation
    try:
        page = await build(ctx)
    except PageError as exc:
        return error_page(ctx, exc.status, exc.message)
    except Exception as exc:
        failure = failure_problem(exc)
        if failure is None:
            raise
        return error_page(ctx, failure.status_code, _detail(failure))
    if fmt is None:
        entry = _html_entry(html(ctx, page), page.status)
    else:
        chosen = tb.pick(page.tables, request.query_params.get("table"))
        if chosen is None:
            names = ", ".join(t.name for t in page.tables) or "none"
            return error_page(ctx, 400, f"this page has no table of that name (tables: {names})")
        site = _site(ctx)
        if fmt == "csv":
            body, media = tb.to_csv(chosen, site), tb.CSV_MEDIA
            stem = file_stem(name, _filters(ctx, page), chosen.name)
        else:
            body, media = tb.to_xlsx(page.tables, site), tb.XLSX_MEDIA
            stem = file_stem(name, _filters(ctx, page), None)
        disposition = {"Content-Disposition": _disposition(f"{stem}.{fmt}")}
        entry = encoded(body, media, disposition, page.status)
    if page.status == 200:
        cache.put(key, generation, entry)
    return await _respond(ctx, entry, "miss")


def _detail(response: Response) -> str:
    try:
        return str(json.loads(bytes(response.body))["detail"])
    except (ValueError, KeyError, TypeError):
        return "the query failed"


def _html_entry(body: bytes, status: int) -> Encoded:
    """A rendered page, encoded once for the cache (ETag, gzip); it has no inline script."""
    return encoded(body, "text/html; charset=utf-8", {"Content-Security-Policy": CSP}, status)


# Query parameters that choose how a page is delivered, not what it shows.
_NOT_FILTERS = ("format", "table", "lang", "page")
# What a file name may not hold on common systems, and white space.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s]+')


def _filters(ctx: Ctx, page: Page) -> list[tuple[str, str]]:
    if page.filters is not None:
        return [(k, v) for k, v in page.filters if v]
    return [(k, v) for k, v in ctx.request.query_params.multi_items() if k not in _NOT_FILTERS]


def file_stem(page: str, filters: Sequence[tuple[str, str]], table: str | None) -> str:
    """A download's name: the page, what it was filtered by, the table (none for an XLSX
    of every table), e.g. leads_topic-VOCs_match-primary_table-summary."""
    parts = [page, *(f"{k}-{v}" for k, v in filters)]
    if table is not None:
        parts.append(f"table-{table}")
    return "_".join(_UNSAFE.sub("-", p).strip("-.") or "-" for p in parts)


def _disposition(filename: str) -> str:
    """An attachment with its name in UTF-8 (RFC 6266: search terms, city names), and an
    ASCII form for clients that read only `filename`."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _site(ctx: Ctx) -> tb.Site:
    w = ctx.w
    origin = str(ctx.request.base_url).rstrip("/")
    return tb.Site(
        origin, ctx.settings.base, w["col_code"], w["col_iri"], w["col_link"], w["col_shown"]
    )


async def _respond(ctx: Ctx, entry: Encoded, cache: str) -> Response:
    response = await respond(entry, ctx.request, cache)
    response.headers["Vary"] = VARY + ", Cookie"  # the language may come from a cookie
    _remember_language(ctx, response)
    return response


def _remember_language(ctx: Ctx | Request, response: Response) -> None:
    request = ctx.request if isinstance(ctx, Ctx) else ctx
    asked = request.query_params.get("lang")
    if asked in LANGS and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="lax")


def error_response(request: Request, status: int, message: str) -> Response:
    """The app's error page (its layout and language) for any request: a page's refusal,
    or the app-level handlers' (api.errors) answer to a browser."""
    lang = language(request)
    w = words(lang)
    page = Page("error.html", f"{w['error']} {status}", {"status": status, "message": message})
    response = Response(
        _html(request, lang, page),
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": CSP, "Vary": VARY + ", Cookie"},
    )
    _remember_language(request, response)
    return response


def error_page(ctx: Ctx, status: int, message: str) -> Response:
    return error_response(ctx.request, status, message)
