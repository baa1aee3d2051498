"""GET /search?q=…: full-text search (api.web.search_index) with facets (kind, province,
topic, agency type, role), the matching passage highlighted, a link to the evidence."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlencode

import anyio
from fastapi import APIRouter, FastAPI, Request, Response

from api.deps import get_app_cache
from api.web import links
from api.web.digest import Overview
from api.web.paging import numbered, page_count, page_number
from api.web.render import Ctx, Page, PageError, serve_page, warm
from api.web.search_index import FACETS, SearchIndex, alternatives, passages, terms_of
from api.web.synonyms import synonyms
from api.web.tables import Cell, Table
from plankg import describe, index_files
from plankg.settings import Settings
from workers.errors import QueryTimeout, Rejected, StoreUnavailable, WorkerFailed
from workers.executor import Executor

log = logging.getLogger(__name__)

PER_PAGE = 20
WARM_RETRY_SECONDS = 5.0
MAX_ROWS = 5000  # rows in the downloaded table
CODE = re.compile(r"[0-9]{6}")
_SCHEMES = {"topic": "topic", "agencyType": "agency-type", "role": "role"}


@asynccontextmanager
async def warm_index(app: FastAPI) -> AsyncIterator[None]:
    """Build the search index in the background as soon as the service starts."""
    task = asyncio.create_task(_warm(app))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _warm(app: FastAPI) -> None:
    index = index_of(app)  # from now on /readyz tells whether it is built
    index.preload()  # the index files, read while the workers start
    settings: Settings = app.state.settings
    await anyio.to_thread.run_sync(warm, settings.base)
    executor: Executor | None = getattr(app.state, "executor", None)
    if executor is None:
        return
    # Copying a large store into memory takes minutes: wait for a worker (a task queued
    # before one is up would meet its time limit first), then for the store generation.
    while executor.idle + executor.busy == 0:
        await asyncio.sleep(0.5)
    cache = get_app_cache(app)
    for _ in range(600):  # the generation is read once the first worker is up
        if cache.generation is not None or settings.cache_bytes <= 0:
            break
        await asyncio.sleep(0.1)
    fixed = not settings.endpoint
    while True:
        try:
            await index.refresh(
                executor, settings.base, cache.generation, settings.query_timeout, fixed
            )
            return
        except (QueryTimeout, Rejected, WorkerFailed, StoreUnavailable, OSError) as exc:
            # the search page builds it when asked; until then, keep trying
            log.warning(
                "search index not built (%s: %s); retrying in %.0f s",
                type(exc).__name__,
                exc,
                WARM_RETRY_SECONDS,
            )
            await asyncio.sleep(WARM_RETRY_SECONDS)


router = APIRouter(tags=["web"], include_in_schema=False, lifespan=warm_index)


def index_of(app: FastAPI) -> SearchIndex:
    index: SearchIndex | None = getattr(app.state, "search_index", None)
    if index is None:
        settings: Settings = app.state.settings
        files = None if settings.endpoint else settings.store  # its index files (ingest's)
        index = app.state.search_index = SearchIndex(files)
    return index


def current_overview(app: FastAPI) -> Overview | None:
    """The plans' digests (with what they add up to), when the index holds those of the
    store as it is and will stay: built, over an embedded store (which cannot change while
    served); else None."""
    settings: Settings = app.state.settings
    index = index_of(app)
    return index.overview if index.ready and not settings.endpoint else None


def stored_description(app: FastAPI, iri: str, graph: str | None, base: str) -> bytes | None:
    """The description of the plan `iri` (`graph`, its plan graph, as the server found
    it) as ingest stored it in the index files of the store served, when they hold one
    that this plankg's describe made; else None. The worker reads it in place of the
    store (plankg.describe); read on a cache miss only: a pread and the part's streams."""
    if graph is None or iri != graph:
        return None
    files = index_of(app).files
    if files is None or files.described != describe.version(base):
        return None
    return index_files.described_of(files.parts([graph])[0]) or None


async def current_index(ctx: Ctx) -> SearchIndex:
    """The index (documents and digests) brought up to the store's state."""
    index = index_of(ctx.request.app)
    cache = get_app_cache(ctx.request.app)
    fixed = not ctx.settings.endpoint  # a served embedded store does not change (README)
    settings = ctx.settings
    await index.refresh(
        ctx.executor, settings.base, cache.generation, settings.query_timeout, fixed
    )
    return index


@router.get("/search", response_class=Response)
async def search(request: Request) -> Response:
    return await serve_page(request, "search", build)


def _filters(ctx: Ctx) -> dict[str, str]:
    """Facet filters as given (notations, codes), checked."""
    out: dict[str, str] = {}
    for key in FACETS:
        value = ctx.request.query_params.get(key)
        if not value:
            continue
        if key == "kind" and value not in ("measure", "target", "agency"):
            raise PageError(400, f"kind={value!r}: one of measure, target, agency")
        if key == "province" and not CODE.fullmatch(value):
            raise PageError(400, f"province={value!r} is not a GB/T 2260 code (six digits)")
        if key in _SCHEMES and ctx.vocab.concept(_SCHEMES[key], value) is None:
            raise PageError(400, f"{key}={value!r} is not a known {_SCHEMES[key]} notation")
        out[key] = value
    return out


async def build(ctx: Ctx) -> Page:
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    q = (ctx.request.query_params.get("q") or "").strip()
    if len(q) > 200:
        raise PageError(400, "q: at most 200 characters")
    page_no = page_number(ctx.request)
    given = _filters(ctx)
    table = Table(
        "results",
        w["search"],
        [
            w["kind"],
            w["city"],
            w["province"],
            w["measure"] + " / " + w["agency"],
            w["match"],
            w["evidence"],
        ],
    )
    context: dict[str, object] = {
        "q": q,
        "results": [],
        "facets": [],
        "total": 0,
        "table": table,
        "hint": w["search_hint"],
    }
    if not q:
        return Page("search.html", w["search"], context, [table])

    index = await current_index(ctx)
    filters = {
        k: (vocab.concept(_SCHEMES[k], v).iri if k in _SCHEMES else v)  # type: ignore[union-attr]
        for k, v in given.items()
    }
    known = synonyms(ctx.settings.base)
    found = await anyio.to_thread.run_sync(index.search, q, filters, known.table)
    terms = found.marks
    also = [
        known.written.get(n, n) for t in terms_of(q) for n in alternatives(t, known.table) if n != t
    ]

    results = []
    # the table of every match is built only for a download: the page shows one page of it
    downloading = ctx.request.query_params.get("format") is not None
    first = (page_no - 1) * PER_PAGE
    shown = found.ids[:MAX_ROWS] if downloading else found.ids[first : first + PER_PAGE]
    for n, i in enumerate(shown, start=0 if downloading else first):
        d = found.doc(i)
        original = f"{d.title}\x00{d.text}" if d.kind == "measure" else d.text
        evidence = links.resource(d.iri, base)
        kind = w["kind_" + d.kind]
        if downloading:
            table.rows.append(
                [
                    Cell(kind),
                    Cell(d.city_name, links.city(d.city_code), code=d.city_code),
                    Cell(d.province_name),
                    Cell(d.title),
                    Cell(d.text),
                    Cell(d.iri, evidence),  # the IRI: it dereferences to the evidence
                ]
            )
        if first <= n < first + PER_PAGE:
            cut = passages(found.folded(i), original, terms)
            segments = [(s.replace("\x00", " "), m) for s, m in cut]
            results.append(
                {
                    "kind": kind,
                    "title": d.title,
                    "href": evidence,
                    "segments": segments,
                    "city": d.city_name,
                    "city_href": links.city(d.city_code),
                    "province": d.province_name,
                }
            )

    names = {"province": index.province_names}
    facets = []
    for key, counts in found.facets.items():
        if not counts:
            continue
        items = []
        for value, count in counts.most_common(30):
            if key in _SCHEMES:
                concept = vocab.by_iri.get(value)
                code = concept.notation if concept else value
                label = concept.label(lang) if concept else value
            elif key == "kind":
                code, label = value, w["kind_" + value]
            else:
                code, label = value, names["province"].get(value, value)
            params = [
                (k, v)
                for k, v in ctx.request.query_params.multi_items()
                if k not in (key, "page", "lang")
            ]
            active = given.get(key) == code
            if not active:
                params.append((key, code))
            items.append(
                {
                    "label": label,
                    "count": count,
                    "active": active,
                    "href": "/search?" + urlencode(params),
                }
            )
        title = {
            "kind": w["kind"],
            "province": w["province"],
            "topic": w["topic"],
            "agencyType": w["agency_type"],
            "role": w["role"],
        }[key]
        facets.append({"title": title, "items": items})

    pages = page_count(found.total, PER_PAGE)
    context.update(
        synonyms=list(dict.fromkeys(also)),
        results=results,
        facets=facets,
        total=found.total,
        paging=numbered(ctx.request, page_no, pages),
    )
    return Page(
        "search.html",
        f"{w['search']}：{q}" if lang == "zh" else f"{w['search']}: {q}",
        context,
        [table],
    )
