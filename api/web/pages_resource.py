"""/id/… for people: every resource's page is a page of the web application (its layout,
navigation and language; cached and downloadable like the others).

The page is named by the resource's label or title in the page's language (a
responsibility, target or source span, which have none, by what they are about), never by
its IRI; the properties are named by their labels in the ontology, the concepts by theirs
in the vocabularies, each linked to where /ontology describes it. It cites the plan the
resource is in, quotes the sentence it came from in context, and for a lead found by the
plan's stated convention the sentence that states it. An agency's page lists what it
leads, is responsible for, supports and implements; a plan's page its sections, measures
and targets in document order. What is read from the store is api.web.evidence's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from fastapi import Request, Response

from api.linked import Node
from api.web import citation, links
from api.web.evidence import Location, Quote, Reading, read
from api.web.ontology import Catalogue, catalogue
from api.web.pages_search import stored_description
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.tables import Cell, Item, Table

PK = "https://w3id.org/plankg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
# What names a resource, in order of preference; then its notation.
NAME_KEYS = (DCT + "title", RDFS + "label", SKOS + "prefLabel")
NOTATION = SKOS + "notation"
# How the resources with no name of their own are named: by what these say.
NAMED_BY = {
    PK + "Responsibility": (PK + "agency", PK + "role", PK + "forMeasure"),
    PK + "Target": (PK + "indicator", PK + "pollutant", PK + "subject"),
    PK + "SourceSpan": (PK + "quote",),
    PK + "Gap": (PK + "gapKind",),
    PK + "JurisdictionEvidence": (PK + "evidenceKind", PK + "evidenceText"),
    PK + "Document": (DCT + "identifier",),
}
# The links by which subjects are listed on the page of what they link to (plankg.describe).
BACK_LINKS = (PK + "forMeasure", PK + "inPlan", PK + "partOf")
QUOTE_SHOWN = 40  # characters of a quote naming a span


async def page(request: Request, iri: str, graph: str | None = None) -> Response:
    """`graph`: the plan graph holding the resource's description, when the server knows
    it (api.routes_resources)."""
    return await serve_page(request, "resource", lambda ctx: build(ctx, iri, graph))


def _in_language(values: list[dict[str, Any]], lang: str) -> str | None:
    """The value in `lang`, else in Chinese, else the first."""
    if not values:
        return None
    for want in (lang, "zh"):
        for v in values:
            if v.get("@language") == want:
                return str(v["@value"])
    return str(values[0].get("@value", ""))


def node_name(node: Node | None, lang: str) -> str | None:
    """A node's own name: its title, label or preferred label in `lang`, else notation."""
    if node is None:
        return None
    for key in (*NAME_KEYS, NOTATION):
        name = _in_language(node.get(key, []), lang)
        if name:
            return name
    return None


def natural(iri: str) -> tuple[object, ...]:
    """A sort key that puts `…/measure/3-9` before `…/measure/3-10`: document order for
    the IRIs ingest mints from section, measure, item and position numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri))


def _short(text: str) -> str:
    return text if len(text) <= QUOTE_SHOWN else text[:QUOTE_SHOWN] + "…"


class _Names:
    """Names of what one page shows, in its language."""

    def __init__(self, ctx: Ctx, nodes: list[Node]) -> None:
        self.lang, self.w, self.base = ctx.lang, ctx.w, ctx.settings.base
        self.cat: Catalogue = catalogue(self.base)
        self.by_id = {str(n["@id"]): n for n in nodes}

    def term(self, iri: str) -> str:
        """A class or property by its label in the ontology."""
        label = self.cat.label(iri, self.lang)
        if label:
            return label
        term = self.cat.terms.get(iri)
        return term.name if term is not None else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def kinds(self, node: Node) -> list[str]:
        """The node's classes, those the ontology labels first, in the ontology's order."""
        types = sorted(node.get("@type", []), key=lambda t: (self.cat.order(t), t))
        labelled = [t for t in types if self.cat.label(t, self.lang)]
        return labelled or types

    def of(self, iri: str, via: str = "") -> str:
        """The text of a link to `iri` (the object of the property `via`): its name, else
        its quote, else what it is (its class, or the range of `via`) and its number."""
        node = self.by_id.get(iri)
        name = node_name(node, self.lang) or self.cat.label(iri, self.lang)
        if name:
            return name
        if node is not None and node.get(PK + "quote"):
            return "“" + _short(str(node[PK + "quote"][0]["@value"])) + "”"
        if node is not None and node.get("@type"):
            return self.title(node)
        term = self.cat.terms.get(via)
        kind = self.term(term.ranges[0]) if term is not None and term.ranges else ""
        return f"{kind} {self._tail(iri)}".strip()

    def value(self, value: dict[str, Any], via: str = "") -> str:
        if "@id" in value:
            return self.of(str(value["@id"]), via)
        if value.get("@type") == XSD_BOOLEAN:
            return self.w["yes"] if str(value["@value"]).lower() == "true" else self.w["no"]
        return str(value["@value"])

    def title(self, node: Node, skip: str = "") -> str:
        """The name of a resource: its own, else what NAMED_BY says of it (a link back to
        `skip` left out), else its class and the last part of its IRI."""
        name = node_name(node, self.lang)
        if name:
            return name
        kinds = self.kinds(node)
        for kind in kinds:
            parts = [
                _short(self.value(v, key))
                for key in NAMED_BY.get(kind, ())
                for v in node.get(key, [])
                if v.get("@id") != skip
            ]
            if parts:
                return " · ".join(parts)
        kind = self.term(kinds[0]) if kinds else ""
        return f"{kind} {self._tail(str(node['@id']))}".strip()

    def _tail(self, iri: str) -> str:
        """The part of an IRI after its kind: `plan/130682/measure/3-9` → `3-9`."""
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _cells(names: _Names, key: str, values: list[dict[str, Any]], several_languages: bool) -> Item:
    """The values of `key`, linked: resources in document order, texts as they are."""
    cells = []
    for v in sorted(values, key=lambda v: natural(str(v["@id"])) if "@id" in v else ()):
        href = links.href_for(str(v["@id"]), names.base) if "@id" in v else None
        note = ""
        if several_languages and v.get("@language") in ("zh", "en"):
            note = names.w[f"lang_{v['@language']}"]
        cells.append(Cell(names.value(v, key), href, note=note))
    return cells[0] if len(cells) == 1 else cells


def _keys(nodes: list[Node], names: _Names, leave_out: set[str]) -> list[str]:
    """The properties the nodes have, their number first, then in the ontology's order."""
    keys = {k for n in nodes for k in n if not k.startswith("@") and k not in leave_out}
    return sorted(keys, key=lambda k: (k != PK + "number", names.cat.order(k), k))


def properties(names: _Names, node: Node, caption: str) -> Table:
    w = names.w
    table = Table("properties", caption, [w["property"], w["prop_value"]])
    for key in _keys([node], names, set()):
        values = node[key]
        languages = {v.get("@language") for v in values if "@language" in v}
        head = Cell(names.term(key), links.term(key, names.base))
        table.rows.append([head, _cells(names, key, values, len(languages) > 1)])
    return table


def linked_tables(names: _Names, iri: str, nodes: list[Node]) -> list[Table]:
    """The subjects linking to `iri` (its measures, targets, responsibilities …), a table
    per class, in document order."""
    groups: dict[str, list[Node]] = defaultdict(list)
    for n in nodes[1:]:
        if any(v.get("@id") == iri for key in BACK_LINKS for v in n.get(key, [])):
            kinds = names.kinds(n)
            groups[kinds[0] if kinds else ""].append(n)
    tables = []
    for kind in sorted(groups, key=lambda k: (names.cat.order(k), k)):
        members = sorted(groups[kind], key=lambda n: natural(str(n["@id"])))
        back = {
            k for n in members for k in BACK_LINKS if any(v.get("@id") == iri for v in n.get(k, []))
        }
        # the name column says what the names say; the source span is one click away
        keys = _keys(members, names, back | {PROV_DERIVED, *NAME_KEYS})
        label = names.term(kind) if kind else names.w["what"]
        slug = re.sub(r"[^a-z0-9]+", "-", kind.rsplit("#", 1)[-1].lower()).strip("-")
        table = Table(
            f"linked-{slug or 'other'}",
            names.w["linked_caption"].format(kind=label, n=len(members)),
            [label, *(names.term(k) for k in keys)],
        )
        for n in members:
            href = links.resource(str(n["@id"]), names.base)
            row: list[Item] = [Cell(names.title(n, skip=iri), href)]
            for k in keys:
                values = n.get(k, [])
                row.append(_cells(names, k, values, False) if values else Cell(""))
            table.rows.append(row)
        tables.append(table)
    return tables


def where(location: Location, w: dict[str, str], lang: str) -> str:
    """Where a quote is in the original document: page(s), paragraph(s) or table cell,
    and whether it was read by OCR ('' when the span records none)."""
    parts = []
    if location.page is not None:
        if location.last_page:
            parts.append(w["loc_pages"].format(n=location.page, m=location.last_page))
        else:
            parts.append(w["loc_page"].format(n=location.page))
    if location.table is not None:
        parts.append(
            w["loc_cell"].format(table=location.table, row=location.row, cell=location.cell)
        )
    elif location.paragraph is not None:
        if location.last_paragraph:
            parts.append(
                w["loc_paragraphs"].format(n=location.paragraph, m=location.last_paragraph)
            )
        else:
            parts.append(w["loc_paragraph"].format(n=location.paragraph))
    if location.ocr:
        parts.append(w["loc_ocr"])
    return w["loc_of"].format(where=("，" if lang == "zh" else ", ").join(parts)) if parts else ""


def _quote_view(quote: Quote, ctx: Ctx) -> dict[str, object]:
    w, base = ctx.w, ctx.settings.base
    measure = None
    if quote.measure is not None:
        iri, number, title = quote.measure
        measure = {"href": links.resource(iri, base), "text": f"（{number}）{title}"}
    return {
        "section": f"{quote.section[0]}：{quote.section[1]}" if quote.section else "",
        "measure": measure,
        "where": where(quote.location, w, ctx.lang),
        "offsets": f"{quote.start}–{quote.end}",
        "quote": quote.text,
        "context": quote.context,
    }


def agency_work(ctx: Ctx, rows: list[dict[str, str]]) -> list[Table]:
    """An agency's responsibilities, a table per role (in the role vocabulary's order),
    each row linked to its measure and to its evidence (the responsibility's page)."""
    w, lang, vocab, base = ctx.w, ctx.lang, ctx.vocab, ctx.settings.base
    by_role: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_role[vocab.notation(row["role"])].append(row)
    tables = []
    for notation, concept in vocab.by_scheme.get("role", {}).items():
        found = by_role.get(notation)
        if not found:
            continue
        lead = notation == "lead"
        columns = [w["measure"], w["item"], w["topic"], *([w["basis"]] if lead else [])]
        table = Table(
            f"work-{notation}",
            w["work_caption"].format(role=concept.label(lang), n=len(found)),
            [*columns, w["plan"], w["evidence"]],
        )
        for r in found:
            topic = vocab.notation(r.get("topic"))
            basis = vocab.notation(r.get("basis"))
            cells: list[Item] = [
                Cell(f"（{r['number']}）{r['title']}", links.resource(r["measure"], base)),
                Cell(r.get("itemTitle", "")),
                Cell(
                    vocab.label("topic", topic, lang) if topic else "",
                    links.leads(topic) if topic else None,
                ),
            ]
            if lead:
                cells.append(Cell(vocab.label("lead-basis", basis, lang) if basis else ""))
            cells.append(Cell(r["planTitle"], links.resource(r["plan"], base)))
            cells.append(Cell(w["source_text"], links.resource(r["resp"], base)))
            table.rows.append(cells)
        tables.append(table)
    return tables


async def build(ctx: Ctx, iri: str, graph: str | None = None) -> Page:
    base = ctx.settings.base
    stored = stored_description(ctx.request.app, iri, graph, base)
    reading: Reading | None = await ctx.run(read, iri, base, graph, stored)
    if reading is None:
        raise PageError(404, f"no resource <{iri}>")
    names = _Names(ctx, reading.nodes)
    main = reading.nodes[0]
    # the classes the ontology names (an unlabelled reused class shows as no raw name)
    kinds = [
        {"text": names.term(t), "href": links.term(t, base)}
        for t in names.kinds(main)
        if names.cat.label(t, ctx.lang)
    ]
    described = properties(names, main, ctx.w["description"])
    linked = linked_tables(names, iri, reading.nodes)
    work = agency_work(ctx, reading.work)
    convention = None
    if reading.convention is not None:
        lead = PK + "Responsibility" in main.get("@type", [])
        convention = {
            "intro": ctx.w["convention_lead" if lead else "convention_plan"],
            **_quote_view(reading.convention, ctx),
        }
    return Page(
        "resource.html",
        names.title(main),
        {
            "kinds": kinds,
            "permalink": {"href": links.resource(iri, base), "text": iri},
            "ontology_href": links.term(iri, base),
            "city_href": links.city(reading.division) if reading.division else None,
            "citations": [citation.from_row(r, base) for r in reading.plans],
            "quotes": [_quote_view(q, ctx) for q in reading.quotes],
            "convention": convention,
            "work": work,
            "described": described,
            "linked": linked,
        },
        [*work, described, *linked],
    )
