"""GET /: the national overview: what the dataset holds, a search box, the analysts'
questions, and a map coloured by a chosen answer (`map=energy-intensity`, the default:
the promised energy-intensity cut; `map=lead-agencies&topic=T`: the agency type that
leads topic T), with its table of every province and its divisions beside it."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Request, Response

from api.deps import get_app_cache
from api.web import links
from api.web.digest import Overview, energy_rows, lead_rows
from api.web.maps import area_map
from api.web.pages_search import current_index
from api.web.render import Ctx, Page, PageError, serve_page
from api.web.shading import Shading, energy_intensity, lead_types
from api.web.tables import Cell, Table
from ingest.gazetteer import NATIONAL_CODE
from plankg.dataset import read_modified

router = APIRouter(tags=["web"], include_in_schema=False)

# The analysts' questions on the home page, as entry points (topic notations).
QUESTION_TOPICS = ("VOCs", "COD", "NOx", "industry", "transport", "buildings-urban")
# What the map can show (the `map` parameter): each a named query's answer.
MAP_ANSWERS = ("energy-intensity", "lead-agencies")
DEFAULT_TOPIC = "VOCs"


@router.get("/", response_class=Response)
async def home(request: Request) -> Response:
    return await serve_page(request, "home", build)


def _choice(ctx: Ctx) -> tuple[str, str]:
    """The map's answer and topic, as asked (400 for an unknown one)."""
    params = ctx.request.query_params
    answer = params.get("map") or MAP_ANSWERS[0]
    if answer not in MAP_ANSWERS:
        raise PageError(
            400, f"map={answer!r} is not a map answer (known: {', '.join(MAP_ANSWERS)})"
        )
    topic = params.get("topic") or DEFAULT_TOPIC
    if ctx.vocab.concept("topic", topic) is None:
        known = ", ".join(ctx.vocab.by_scheme.get("topic", {}))
        raise PageError(400, f"topic={topic!r} is not a topic notation (topics: {known})")
    return answer, topic


def shading_for(ctx: Ctx, answer: str, topic: str, overview: Overview) -> Shading:
    """The map's colours, from the plans' digests (api.web.digest), which give the
    energy-intensity and lead-agencies queries' rows as those queries do: read with the
    search index, they cost no query per request at any corpus size. The energy-intensity
    map asks nothing of the request but its language: kept for each."""
    w, vocab, lang = ctx.w, ctx.vocab, ctx.lang
    if answer == "energy-intensity":
        return overview.kept(
            ("energy-intensity map", lang),
            lambda: energy_intensity(energy_rows(overview.digests, vocab.notation), w),
        )
    concept = vocab.concept("topic", topic)
    assert concept is not None
    order = [c.iri for c in vocab.by_scheme.get("agency-type", {}).values()]
    return lead_types(
        lead_rows(overview.leads(concept.iri)),
        order,
        lambda iri: vocab.label("agency-type", vocab.notation(iri), lang),
        w["map_lead"].format(topic=concept.label(lang)),
        w,
    )


async def build(ctx: Ctx) -> Page:
    answer, topic = _choice(ctx)
    overview = (await current_index(ctx)).overview
    modified = get_app_cache(ctx.request.app).generation
    if modified is None:
        modified = await ctx.run(read_modified, ctx.settings.base)
    w, lang, vocab = ctx.w, ctx.lang, ctx.vocab
    counts = overview.counts
    divisions = overview.divisions
    topic_counts = overview.topics
    summary = Table("summary", w["holds"], [w["what"], w["count"]], numeric=frozenset({1}))
    for key in ("plans", "measures", "targets", "agencies", "responsibilities"):
        n = int(counts.get(key, 0))
        summary.rows.append([Cell(w[key]), Cell(str(n), number=n)])
    summary.rows.insert(1, [Cell(w["cities"]), Cell(str(len(divisions)), number=len(divisions))])
    if modified:
        summary.rows.append(
            [Cell(w["last_update"]), Cell(modified[:19].replace("T", " ") + " UTC")]
        )

    shading = shading_for(ctx, answer, topic, overview)
    by_province: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in divisions:
        group = (row.get("provinceCode", row["code"]), row.get("provinceName", row["name"]))
        by_province[group].append(row)
    # the map's accessible form: each province with its answer, then its divisions' own
    provinces = Table(
        "provinces",
        w["map_table"],
        [w["province"], w["count"], w["cities"], shading.title, w["answer_from"]],
        numeric=frozenset({1}),
    )
    for (code, name), rows in sorted(by_province.items()):
        rows.sort(key=lambda r: r["code"])
        area = shading.area(code)
        own = shading.answers.get(code)
        basis = (
            w["own_plan"] if area.own else w["divisions_plans"].format(n=area.count)
        ) if area.count else w["no_plan"]  # fmt: skip
        inside = []
        for r in rows:
            mine = shading.answers.get(r["code"])
            text = f"{r['name']} {mine.text}" if mine else r["name"]
            inside.append(Cell(text, links.city(r["code"]), code=r["code"]))
        provinces.rows.append(
            [
                Cell(name, links.province(code), code=code),
                Cell(str(len(rows)), number=len(rows)),
                inside,
                Cell(
                    area.text or "—",
                    links.resource(own.evidence, ctx.settings.base) if own else None,
                ),
                Cell(basis),
            ]
        )
    planned = {r["code"] for r in divisions}
    view = area_map(shading, NATIONAL_CODE, planned, ctx.settings, ctx.lang, w)

    topic_table = Table(
        "topics",
        w["measures"] + " · " + w["topic"],
        [w["topic"], w["measures"]],
        numeric=frozenset({1}),
    )
    counted = {vocab.notation(t): n for t, n in topic_counts.items()}
    for notation, concept in vocab.by_scheme.get("topic", {}).items():
        if counted.get(notation):
            topic_table.rows.append(
                [
                    Cell(concept.label(lang), links.leads(notation), code=notation),
                    Cell(str(counted[notation]), number=counted[notation]),
                ]
            )

    sample = sorted(divisions, key=lambda r: r["code"])
    questions: list[Cell] = []
    for notation in QUESTION_TOPICS:
        if counted.get(notation):
            label = vocab.label("topic", notation, lang)
            questions.append(Cell(w["q_leads"].format(topic=label), links.leads(notation)))
    if sample:
        questions.append(
            Cell(w["q_city"].format(city=sample[0]["name"]), links.city(sample[0]["code"]))
        )
    if len(sample) >= 2:
        pair = sample[:2]
        names = " / ".join(r["name"] for r in pair)
        questions.append(
            Cell(w["q_compare"].format(cities=names), links.compare([r["code"] for r in pair]))
        )
    for q in ("光伏", "挥发性有机物"):
        questions.append(Cell(w["q_search"].format(q=q), links.search(q)))
    questions.append(Cell(w["q_sparql"], "/sparql"))
    form = {
        "answers": [(a, w["map_choice_" + a]) for a in MAP_ANSWERS],
        "answer": answer,
        "topics": [(n, c.label(lang)) for n, c in vocab.by_scheme.get("topic", {}).items()],
        "topic": topic,
    }
    return Page(
        "home.html",
        w["site"],
        {
            "questions": questions,
            "summary": summary,
            "provinces": provinces,
            "topics": topic_table,
            "map": view,
            "form": form,
        },
        [summary, provinces, topic_table],
    )
