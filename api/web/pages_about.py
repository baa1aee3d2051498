"""GET /about: what the data is, a glossary of its terms, how to cite it, the licence, and
the downloads. The glossary is read from the ontology and the vocabularies (the terms of
the plans and their parts, the lead bases, roles, qualifiers and scopes), each entry
linked to where /ontology describes it; the licence is what the ontology states."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request, Response

from api.void import DESCRIPTION, TITLE
from api.web import citation, links
from api.web.ontology import PK, Catalogue, catalogue
from api.web.pages_dataset import dumps_table
from api.web.render import Ctx, Page, serve_page
from api.web.tables import Cell, Table
from plankg.dataset import dataset_iri

router = APIRouter(tags=["web"], include_in_schema=False)

# The ontology's terms an analyst meets on every page: a plan and its parts.
DOCUMENT_TERMS = (
    "Plan",
    "Draft",
    "Issued",
    "documentNumber",
    "issuer",
    "Section",
    "Measure",
    "SubItem",
    "Responsibility",
    "Target",
    "SourceSpan",
    "Gap",
)
# The vocabularies that qualify what the tables say (lead-agencies' basis, role, a
# target's qualifier and scope).
GLOSSARY_SCHEMES = ("lead-basis", "role", "qualifier", "scope")


@router.get("/about", response_class=Response)
async def about(request: Request) -> Response:
    return await serve_page(request, "about", build)


def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("en") or texts.get("zh") or ""


@dataclass(frozen=True)
class Entry:
    """One part of the glossary: a table of terms, each row anchored (`#about-…`)."""

    definition: str
    table: Table
    anchors: list[str]


def _glossary(ctx: Ctx, cat: Catalogue) -> list[Entry]:
    w, lang, base = ctx.w, ctx.lang, ctx.settings.base
    columns = [w["label_zh"], w["label_en"], w["definition"]]
    documents = Table("glossary-documents", w["glossary_documents"], columns)
    terms = [cat.terms[PK + name] for name in DOCUMENT_TERMS]
    for term in terms:
        href = links.term(term.iri, base)
        documents.rows.append(
            [Cell(term.labels.get("zh", ""), href), Cell(term.labels.get("en", ""), href),
             Cell(_pick(term.comments, lang))]
        )  # fmt: skip
    out = [Entry("", documents, [f"about-{t.anchor}" for t in terms])]
    schemes = {s.slug: s for s in cat.schemes}
    for slug in GLOSSARY_SCHEMES:
        scheme = schemes[slug]
        table = Table(f"glossary-{slug}", scheme.label(lang), columns)
        for c in scheme.concepts:
            href = links.term(c.iri, base)
            table.rows.append(
                [Cell(c.labels.get("zh", ""), href), Cell(c.labels.get("en", ""), href),
                 Cell(_pick(c.definitions, lang))]
            )  # fmt: skip
        anchors = [f"about-{c.anchor}" for c in scheme.concepts]
        out.append(Entry(_pick(scheme.definitions, lang), table, anchors))
    return out


async def build(ctx: Ctx) -> Page:
    w, lang, base = ctx.w, ctx.lang, ctx.settings.base
    cat = catalogue(base)
    downloads = dumps_table("downloads", w["whole_dataset"], w)
    glossary = _glossary(ctx, cat)
    title = TITLE.get(lang, TITLE["en"])
    return Page(
        "about.html",
        w["about"],
        {
            "dataset_title": title,
            "dataset_description": DESCRIPTION.get(lang, DESCRIPTION["en"]),
            "glossary": glossary,
            "cite": citation.dataset_text(title, dataset_iri(base), lang),
            "licence": cat.licence,
            "dumps": downloads,
        },
        [downloads, *(entry.table for entry in glossary)],
    )
