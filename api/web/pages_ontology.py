"""GET /ontology: the ontology and the SKOS vocabularies as a page of the app: every class,
property and individual with its labels in zh and en and its definition, the reused terms
with where they are defined, and each concept scheme with its concepts. Every term and
concept has its own anchor (api.web.ontology), so every link a page makes to a term
resolves: `/ontology#Plan`, `/ontology#prov:wasDerivedFrom`, `/ontology#role-lead`."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from api.web import links
from api.web.ontology import PK, Catalogue, Term, catalogue
from api.web.render import Ctx, Page, serve_page
from api.web.tables import Cell, Item, Table
from plankg.dataset import ontology_graph_iri, vocabulary_graph_iri

router = APIRouter(tags=["web"], include_in_schema=False)

KINDS = ("class", "object-property", "datatype-property", "annotation-property", "individual")


@router.get("/ontology", response_class=Response)
async def ontology(request: Request) -> Response:
    return await serve_page(request, "ontology", build)


def _terms(cat: Catalogue, iris: list[str], lang: str, base: str) -> Item:
    cells = [Cell(cat.label(i, lang) or _name(cat, i), links.href_for(i, base)) for i in iris]
    return cells if len(cells) != 1 else cells[0]


def _name(cat: Catalogue, iri: str) -> str:
    term = cat.terms.get(iri)
    return term.name if term is not None else iri


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or texts.get("zh") or ""


def _term_table(ctx: Ctx, cat: Catalogue, kind: str, terms: list[Term]) -> Table:
    w, lang, base = ctx.w, ctx.lang, ctx.settings.base
    relations = [w["parents"]] if kind in ("class", "individual") else [w["domain"], w["range"]]
    table = Table(
        kind,
        w[f"kind_{kind}"],
        [w["term"], w["label_zh"], w["label_en"], w["definition"], *relations],
    )
    for t in terms:
        row: list[Item] = [
            Cell(t.name),
            Cell(t.labels.get("zh", "")),
            Cell(t.labels.get("en", "")),
            Cell(_pick(t.comments, lang)),
        ]
        if kind in ("class", "individual"):
            row.append(_terms(cat, t.parents, lang, base))
        else:
            row += [_terms(cat, t.domains, lang, base), _terms(cat, t.ranges, lang, base)]
        table.rows.append(row)
    return table


async def build(ctx: Ctx) -> Page:
    w, lang, base = ctx.w, ctx.lang, ctx.settings.base
    cat = catalogue(base)
    sections = []
    term_tables: list[Table] = []
    for kind in KINDS:
        terms = cat.of_kind(kind)
        if terms:
            term_tables.append(_term_table(ctx, cat, kind, terms))
            sections.append({"table": term_tables[-1], "anchors": [t.anchor for t in terms]})
    reused = cat.reused()
    reused_table = Table(
        "reused", w["reused_terms"], [w["term"], w["label_zh"], w["label_en"], w["defined_at"]]
    )
    for t in reused:
        reused_table.rows.append(
            [Cell(t.name), Cell(t.labels.get("zh", "")), Cell(t.labels.get("en", "")),
             Cell(t.iri, t.iri)]
        )  # fmt: skip
    schemes = []
    scheme_tables: list[Table] = []
    for scheme in cat.schemes:
        table = Table(
            f"scheme-{scheme.slug}",
            f"{scheme.label(lang)} · {w['concepts_n'].format(n=len(scheme.concepts))}",
            [w["notation"], w["label_zh"], w["label_en"], w["definition"], w["alt_labels"]],
        )
        for c in scheme.concepts:
            table.rows.append(
                [
                    Cell(c.notation, links.resource(c.iri, base)),
                    Cell(c.labels.get("zh", "")),
                    Cell(c.labels.get("en", "")),
                    Cell(_pick(c.definitions, lang)),
                    Cell("、".join(c.alt_labels) if lang == "zh" else ", ".join(c.alt_labels)),
                ]
            )
        scheme_tables.append(table)
        schemes.append(
            {
                "anchor": scheme.anchor,
                "label": scheme.label(lang),
                "definition": _pick(scheme.definitions, lang),
                "href": links.resource(scheme.iri, base),
                "table": table,
                "anchors": [c.anchor for c in scheme.concepts],
            }
        )
    tables = [*term_tables, reused_table, *scheme_tables]
    licence = cat.licence
    return Page(
        "ontology.html",
        _pick(cat.titles, lang) or w["ontology"],
        {
            "description": _pick(cat.descriptions, lang),
            "version": cat.version,
            "licence": licence,
            "namespace": PK,
            "turtle": {
                "ontology": "/store?" + urlencode({"graph": ontology_graph_iri(base)}),
                "vocabularies": "/store?" + urlencode({"graph": vocabulary_graph_iri(base)}),
            },
            "sections": sections,
            "reused": reused_table,
            "reused_anchors": [t.anchor for t in reused],
            "schemes": schemes,
        },
        tables,
    )
