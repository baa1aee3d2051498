"""/dataset for people: the dataset's VoID and DCAT description (api.void, its figures
computed on the sparql lane) as a page of the app: what it is, its SPARQL endpoint and
URI space, the dumps to download, its graphs, classes and properties with their counts,
and its links to other datasets. Classes and properties are named by their labels in the
ontology and linked to where /ontology describes them."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from fastapi import Request, Response

from api.linked import short_name
from api.void import (
    DESCRIPTION,
    DUMPS,
    TARGETS,
    TITLE,
    dataset_stats,
    graph_titles,
)
from api.web import links
from api.web.ontology import catalogue
from api.web.render import Ctx, Page, serve_page
from api.web.tables import Cell, Table
from plankg.dataset import dataset_iri
from plankg.statistics import LINKSETS, Stats
from workers.executor import Executor


async def page(request: Request, workers: Executor) -> Response:
    """The page, its statistics computed by `workers` (the sparql lane)."""

    async def build(ctx: Ctx) -> Page:
        base = ctx.settings.base
        stats = await workers.run(dataset_stats, base, timeout=ctx.settings.query_timeout)
        return describe(ctx, stats, str(request.base_url))

    return await serve_page(request, "dataset", build)


def _graph_href(graph: str, base: str) -> str:
    """A plan's graph is named by the plan (its page); any graph is served whole by the
    Graph Store Protocol."""
    if graph.startswith(f"{base}id/"):
        return links.resource(graph, base) or ""
    return "/store?" + urlencode({"graph": graph})


def dumps_table(name: str, title: str, w: Mapping[str, str]) -> Table:
    """The whole dataset's downloads (api.void.DUMPS): file, format, media type."""
    table = Table(name, title, [w["file"], w["format"], w["media_type"]])
    for d in DUMPS.values():
        table.rows.append(
            [Cell(d.name, f"/dumps/{d.name}"), Cell(d.format_iri.rsplit("/", 1)[-1]),
             Cell(d.iana)]
        )  # fmt: skip
    return table


def _count(n: int) -> Cell:
    return Cell(f"{n:,}", number=n)


def describe(ctx: Ctx, stats: Stats, service: str) -> Page:
    w, lang, base = ctx.w, ctx.lang, ctx.settings.base
    cat = catalogue(base)

    def term(iri: str) -> Cell:
        term = cat.terms.get(iri)
        label = cat.label(iri, lang) or (term.name if term is not None else short_name(iri))
        return Cell(label, links.href_for(iri, base), note=term.name if term else "")

    summary = Table("summary", TITLE.get(lang, TITLE["en"]), [w["what"], w["count"]])
    summary.rows += [
        [Cell(w["sparql_endpoint_name"]), Cell(f"{service}sparql", "/sparql")],
        [Cell(w["uri_space"]), Cell(f"{base}id/")],
        [Cell(w["triples"]), _count(stats.triples)],
        [Cell(w["subjects"]), _count(stats.subjects)],
    ]
    dumps = dumps_table("dumps", w["downloads"], w)
    graphs = Table("graphs", w["graphs"], [w["graph"], w["title_col"], w["triples"]])
    for graph, n in stats.graphs.items():
        titles = graph_titles(graph, base, stats)
        title = next((t for t, lg in titles if lg == lang), titles[0][0] if titles else "")
        graphs.rows.append([Cell(graph, _graph_href(graph, base)), Cell(title), _count(n)])
    classes = Table("classes", w["kind_class"], [w["class"], w["entities"]])
    classes.rows += [[term(c), _count(n)] for c, n in stats.classes.items()]
    properties = Table("properties", w["property"], [w["property"], w["triples"]])
    properties.rows += [[term(p), _count(n)] for p, n in stats.properties.items()]
    linksets = Table(
        "linksets",
        w["linksets"],
        [w["linkset"], w["target_dataset"], w["link_predicate"], w["links_n"]],
    )
    for ls in LINKSETS:
        target = TARGETS[ls.target]
        linksets.rows.append(
            [
                Cell(ls.title),
                Cell(target.title, target.homepage),
                term(ls.predicate) if ls.predicate else Cell(w["join_key"]),
                _count(stats.links.get(ls.slug, 0)),
            ]
        )
    for table in (graphs, classes, properties, linksets):
        table.numeric = frozenset({len(table.columns) - 1})
    tables = [summary, dumps, graphs, classes, properties, linksets]
    return Page(
        "dataset.html",
        TITLE.get(lang, TITLE["en"]),
        {
            "iri": dataset_iri(base),
            "description": DESCRIPTION.get(lang, DESCRIPTION["en"]),
            "tables": tables,
        },
        tables,
    )
