"""GET /: what the dataset holds, a search box, and the analysts' questions."""

from __future__ import annotations

from collections import Counter, defaultdict

from fastapi import APIRouter, Request, Response

from api.deps import get_app_cache
from api.web import links
from api.web.pages_search import current_index
from api.web.render import Ctx, Page, serve_page
from api.web.tables import Cell, Table
from plankg.dataset import read_modified

router = APIRouter(tags=["web"], include_in_schema=False)

# The analysts' questions on the home page, as entry points (topic notations).
QUESTION_TOPICS = ("VOCs", "COD", "NOx", "industry", "transport", "buildings-urban")


@router.get("/", response_class=Response)
async def home(request: Request) -> Response:
    return await serve_page(request, "home", build)


async def build(ctx: Ctx) -> Page:
    digests = (await current_index(ctx)).digests
    modified = get_app_cache(ctx.request.app).generation
    if modified is None:
        modified = await ctx.run(read_modified, ctx.settings.base)
    w, lang, vocab = ctx.w, ctx.lang, ctx.vocab
    agencies: set[str] = set()
    for d in digests:
        agencies |= d.agencies
    counts = {
        "plans": len(digests),
        "measures": sum(d.measures for d in digests),
        "targets": sum(d.targets for d in digests),
        "agencies": len(agencies),
        "responsibilities": sum(d.responsibilities for d in digests),
    }
    divisions = [
        {"code": d.code, "name": d.name, "provinceCode": d.province_code,
         "provinceName": d.province_name}
        for d in {d.code: d for d in digests}.values()
    ]  # fmt: skip
    topic_counts: Counter[str] = Counter()
    for d in digests:
        topic_counts.update(d.topics)
    summary = Table("summary", w["holds"], [w["what"], w["count"]], numeric=frozenset({1}))
    for key in ("plans", "measures", "targets", "agencies", "responsibilities"):
        n = int(counts.get(key, 0))
        summary.rows.append([Cell(w[key]), Cell(str(n), number=n)])
    summary.rows.insert(1, [Cell(w["cities"]), Cell(str(len(divisions)), number=len(divisions))])
    if modified:
        summary.rows.append(
            [Cell(w["last_update"]), Cell(modified[:19].replace("T", " ") + " UTC")]
        )

    by_province: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in divisions:
        group = (row.get("provinceCode", row["code"]), row.get("provinceName", row["name"]))
        by_province[group].append(row)
    provinces = Table(
        "provinces",
        w["by_province"],
        [w["province"], w["count"], w["cities"]],
        numeric=frozenset({1}),
    )
    for (code, name), rows in sorted(by_province.items()):
        rows.sort(key=lambda r: r["code"])
        provinces.rows.append(
            [
                Cell(name, note=code),
                Cell(str(len(rows)), number=len(rows)),
                [Cell(r["name"], links.city(r["code"]), note=r["code"]) for r in rows],
            ]
        )

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
                    Cell(concept.label(lang), links.leads(notation), note=notation),
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
    return Page(
        "home.html",
        w["site"],
        {"questions": questions, "summary": summary, "provinces": provinces, "topics": topic_table},
        [summary, provinces, topic_table],
    )
