"""Division-of-labour tables wherever they stand (ingest/task_table.py): in a measure of
the body, in a section's own text, in the annex; rows linked to their measure or sub-item
by reference, title, number or content, and a row that links to none a gap."""

from __future__ import annotations

import pytest

from ingest.model import Plan
from ingest.parser import parse_bytes
from ingest.rdf import ntriples, plan_triples
from ingest.validate import check

Roles = list[tuple[str, str, str | None]]

HEAD = "株洲市“十四五”节能减排综合工作方案\n"


def _plan(text: str) -> Plan:
    """The plan read from `text`; its graph conforms to the shapes, gaps and all."""
    plan = parse_bytes(text.encode("utf-8"), "plan.txt")
    check(ntriples(plan_triples(plan)[1]), "plan.txt", "https://w3id.org/plankg/")
    return plan


def _roles(plan: Plan) -> dict[str, Roles]:
    """Who is given what, by unit: "3-1" a measure, "3-1 title" one of its sub-items."""
    out: dict[str, Roles] = {}
    for m in plan.measures:
        key = f"{m.section_number}-{m.number}"
        if m.responsibilities:
            out[key] = [(r.name_as_written, r.role, r.basis) for r in m.responsibilities]
        for i in m.items:
            if i.responsibilities:
                out[f"{key} {i.title}"] = [
                    (r.name_as_written, r.role, r.basis) for r in i.responsibilities
                ]
    return out


BODY_TABLE = HEAD + (
    "一、重点工程\n"
    "（一）挥发性有机物和大气污染综合治理工程。推进挥发性有机物治理。主要任务见表1。\n"
    "表1 主要任务\n"
    "{rows}"
    "（二）交通物流节能减排工程。推广新能源汽车。（市交通运输局负责）\n"
)
TABBED_ROWS = (
    "序号\t主要任务\t责任单位\t完成时限\n"
    "1\t工业涂装低VOCs含量原辅材料替代\t市生态环境局、市工业和信息化局\t2024年\n"
    "2\t施工扬尘和道路扬尘管控\t市住房和城乡建设局、市交通运输局\t持续推进\n"
)
ONE_CELL_A_LINE_ROWS = (
    "\t序号\n\t主要任务\n\t责任单位\n\t完成时限\n\n"
    "\t1\n\t工业涂装低VOCs含量原辅材料替代\n\t市生态环境局、市工业和信息化局\n\t2024年\n\n"
    "\t2\n\t施工扬尘和道路扬尘管控\n\t市住房和城乡建设局、市交通运输局\n\t持续推进\n\n"
)


def _body_table(rows: str) -> None:
    plan = _plan(BODY_TABLE.format(rows=rows))
    measure = plan.measures[0]
    assert measure.responsibilities == []
    assert [(i.number, i.title, i.primary_topic) for i in measure.items] == [
        (1, "工业涂装低VOCs含量原辅材料替代", "VOCs"),
        (2, "施工扬尘和道路扬尘管控", "PM"),
    ]
    assert _roles(plan) == {
        "1-1 工业涂装低VOCs含量原辅材料替代": [
            ("市生态环境局", "lead", "listing-order"),
            ("市工业和信息化局", "responsible", None),
        ],
        "1-1 施工扬尘和道路扬尘管控": [
            ("市住房和城乡建设局", "lead", "listing-order"),
            ("市交通运输局", "responsible", None),
        ],
        "1-2": [("市交通运输局", "lead", "listing-order")],
    }
    # The rows are units of their own: what only they name is no topic of the measure.
    assert measure.primary_topic == "VOCs" and "PM" not in measure.mentioned_topics
    # Each row's span quotes the row as written.
    item = measure.items[0]
    assert item.span.text.startswith("1") and item.span.text.endswith("2024年")


def test_a_tabbed_table_in_a_measure_gives_its_rows_as_the_measures_sub_items() -> None:
    _body_table(TABBED_ROWS)


def test_a_table_one_cell_a_line_in_a_measure_gives_the_same_sub_items() -> None:
    _body_table(ONE_CELL_A_LINE_ROWS)


def test_a_row_of_a_table_in_a_measure_names_a_sub_item_it_has() -> None:
    text = HEAD + (
        "一、重点工程\n"
        "（一）挥发性有机物综合整治工程。推进治理。\n"
        "1.强化源头替代。推广低VOCs含量涂料。\n"
        "2.深化油品储运销治理。推进油气回收。\n"
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "1\t深化油品储运销治理\t市商务局\t市生态环境局\n"
    )
    plan = _plan(text)
    assert [i.title for i in plan.measures[0].items] == ["强化源头替代", "深化油品储运销治理"]
    assert _roles(plan) == {
        "1-1 深化油品储运销治理": [
            ("市商务局", "lead", "explicit"),
            ("市生态环境局", "supporting", None),
        ]
    }


KEY_PROJECTS = HEAD + (
    "一、重点工程\n"
    "各项重点工程及责任分工如下表。\n"
    "序号  重点工程                  责任单位\n"
    "1     工业节能降碳工程          市工业和信息化局、市发展改革委\n"
    "2     交通物流节能减排工程      市交通运输局、市公安局\n"
    "3     城镇绿色节能改造工程      市住房和城乡建设局\n"
    "（一）工业节能降碳工程。推进节能改造。\n"
    "（二）交通物流节能减排工程。推广新能源汽车。\n"
    "（三）城镇绿色节能改造工程。推进绿色建筑。\n"
)


def test_a_key_project_table_in_the_body_gives_its_responsibilities() -> None:
    plan = _plan(KEY_PROJECTS)
    assert _roles(plan) == {
        "1-1": [
            ("市工业和信息化局", "lead", "listing-order"),
            ("市发展改革委", "responsible", None),
        ],
        "1-2": [("市交通运输局", "lead", "listing-order"), ("市公安局", "responsible", None)],
        "1-3": [("市住房和城乡建设局", "lead", "listing-order")],
    }
    assert not [g for g in plan.gaps if g.kind == "row-without-measure"]


MEASURES = HEAD + (
    "一、重点工程\n"
    "（一）重点行业绿色升级工程。推进改造。\n"
    "1.提升有色金属行业能效水平。推广节能技术。\n"
    "2.推进重点行业污染深度治理。推动超低排放改造。\n"
    "（二）园区节能环保提升工程。推进园区循环化改造，建设集中喷涂中心和污水处理设施。\n"
    "（三）城镇绿色节能改造工程。推进既有建筑节能改造，推广装配式建筑和光伏建筑一体化。\n"
    "附件\n"
    "重点任务分工表\n"
)


LEAD, SUPPORTING, RESPONSIBLE = ("lead", "explicit"), ("supporting", None), ("responsible", None)
LINKED = [
    pytest.param(
        "\t序号\n\t重点任务\n\t具体工作\n\t牵头单位\n\t配合单位\n\n"
        "\t1\n\t重点行业绿色升级工程\n\t提升有色金属行业能效水平\n\t市经信局\n\t市发展改革委\n\n"
        "\t2\n\t\n\t推进重点行业污染深度治理\n\t市生态环境局\n\t市经信局\n\n"
        "\t3\n\t园区节能环保提升工程\n\t推进园区循环化改造\n\t市发展改革委\n\t市商务局\n\n",
        {
            "1-1 提升有色金属行业能效水平": [("市经信局", *LEAD), ("市发展改革委", *SUPPORTING)],
            "1-1 推进重点行业污染深度治理": [("市生态环境局", *LEAD), ("市经信局", *SUPPORTING)],
            "1-2": [("市发展改革委", *LEAD), ("市商务局", *SUPPORTING)],
        },
        id="a merged task cell carries its measure, the content names the sub-item",
    ),
    pytest.param(
        "序号\t条目\t任务内容\t牵头单位\t责任单位\n"
        "1\t一（一）2\t推动超低排放改造\t市生态环境局\t市工业和信息化局\n"
        "2\t一（三）\t推进建筑节能\t市住房和城乡建设局\t市自然资源和规划局\n",
        {
            "1-1 推进重点行业污染深度治理": [
                ("市生态环境局", *LEAD),
                ("市工业和信息化局", *RESPONSIBLE),
            ],
            "1-3": [("市住房和城乡建设局", *LEAD), ("市自然资源和规划局", *RESPONSIBLE)],
        },
        id="a reference cell names the measure and its sub-item",
    ),
    pytest.param(
        "工作内容\t牵头单位\t配合单位\n"
        "建设集中喷涂中心，推进园区循环化改造\t市发展改革委\t市生态环境局\n"
        "推广装配式建筑和光伏建筑一体化\t市住房和城乡建设局\t市发展改革委\n",
        {
            "1-2": [("市发展改革委", *LEAD), ("市生态环境局", *SUPPORTING)],
            "1-3": [("市住房和城乡建设局", *LEAD), ("市发展改革委", *SUPPORTING)],
        },
        id="rows that neither number nor quote their measure are linked by content",
    ),
    pytest.param(
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "1\t重点行业绿色升级工程——推进重点行业污染深度治理\t市生态环境局\t市经信局\n"
        "2\t园区节能环保提升工程\t市发展改革委\t市商务局\n",
        {
            "1-1 推进重点行业污染深度治理": [("市生态环境局", *LEAD), ("市经信局", *SUPPORTING)],
            "1-2": [("市发展改革委", *LEAD), ("市商务局", *SUPPORTING)],
        },
        id="a task cell naming a measure and one of its sub-items names the sub-item",
    ),
    pytest.param(
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "1\t园区节能环保提升工程——循环化改造\t市发展改革委\t市商务局\n"
        "2\t园区节能环保提升工程——污水集中处理\t市生态环境局\t市住房和城乡建设局\n",
        {
            "1-2 园区节能环保提升工程——循环化改造": [
                ("市发展改革委", *LEAD),
                ("市商务局", *SUPPORTING),
            ],
            "1-2 园区节能环保提升工程——污水集中处理": [
                ("市生态环境局", *LEAD),
                ("市住房和城乡建设局", *SUPPORTING),
            ],
        },
        id="rows naming parts of a measure without sub-items are items of their own",
    ),
    pytest.param(
        "序号\t重点任务\t具体内容\t牵头单位\t配合单位\n"
        "1\t园区节能环保提升工程\t园区循环化改造\t市发展改革委\t市商务局\n"
        "2\t园区节能环保提升工程\t集中涂装中心建设\t市生态环境局\t市工信局\n",
        {
            "1-2 园区循环化改造": [("市发展改革委", *LEAD), ("市商务局", *SUPPORTING)],
            "1-2 集中涂装中心建设": [("市生态环境局", *LEAD), ("市工信局", *SUPPORTING)],
        },
        id="rows repeating a measure's title and telling parts of it are items of their own",
    ),
]


@pytest.mark.parametrize(("annex", "expected"), LINKED)
def test_an_annex_row_is_linked_to_its_unit(annex: str, expected: dict[str, Roles]) -> None:
    plan = _plan(MEASURES + annex)
    assert _roles(plan) == expected
    assert not [g for g in plan.gaps if g.kind == "row-without-measure"]


def test_rows_whose_content_two_share_one_measure_are_gaps_not_guesses() -> None:
    annex = (
        "工作内容\t牵头单位\t配合单位\n"
        "推进园区循环化改造，建设集中喷涂中心\t市发展改革委\t市生态环境局\n"
        "建设园区集中喷涂中心和污水处理设施\t市生态环境局\t市发展改革委\n"
    )
    plan = _plan(MEASURES + annex)
    assert _roles(plan) == {}
    gaps = [g for g in plan.gaps if g.kind == "row-without-measure"]
    assert len(gaps) == 2
    assert gaps[0].span.text.startswith("推进园区循环化改造") and gaps[0].span.text.endswith(
        "市生态环境局"
    )


def test_a_row_that_links_to_no_measure_is_a_gap_and_gives_no_responsibility() -> None:
    annex = (
        "序号\t重点任务\t牵头单位\n"
        "1\t园区节能环保提升工程\t市发展改革委\n"
        "2\t加强农村人居环境整治\t市农业农村局\n"
    )
    plan = _plan(MEASURES + annex)
    assert _roles(plan) == {"1-2": [("市发展改革委", "lead", "explicit")]}
    (gap,) = [g for g in plan.gaps if g.kind == "row-without-measure"]
    assert gap.detail == "加强农村人居环境整治"
    assert plan.original_text[gap.span.start : gap.span.end] == gap.span.text
    assert "市农业农村局" in gap.span.text


def test_headline_targets_given_only_as_a_table_with_a_kind_column_are_headline_targets() -> None:
    text = HEAD + (
        "一、主要目标\n"
        "“十四五”时期主要指标如下表：\n"
        "\t序号\n\t指标\n\t2020年\n\t2025年目标\n\t指标属性\n\n"
        "\t1\n\t单位地区生产总值能源消耗降低（%）\n\t—\n\t〔14.5〕\n\t约束性\n\n"
        "\t2\n\t氮氧化物重点工程减排量（吨）\n\t—\n\t〔5400〕\n\t约束性\n\n"
        "\t3\n\t挥发性有机物重点工程减排量（吨）\n\t—\n\t≥〔1320〕\n\t约束性\n\n"
        "二、重点工程\n（一）节能改造工程。推进改造。（市发展改革委牵头）\n"
    )
    got = sorted(
        (t.indicator, t.pollutant, str(t.value), t.unit, t.qualifier)
        for t in _plan(text).targets
        if t.scope == "headline"
    )
    assert got == [
        ("energy-intensity-reduction", None, "14.5", "percent", ""),
        ("key-project-emission-reduction", "NOx", "5400", "t", ""),
        ("key-project-emission-reduction", "VOCs", "1320", "t", "at-least"),
    ]


def test_a_rule_stated_under_a_table_in_the_body_holds_for_that_table_only() -> None:
    text = HEAD + (
        "一、重点工程\n"
        "（一）挥发性有机物综合整治工程。推进治理。\n"
        "序号\t主要任务\t责任单位\n"
        "1\t工业涂装源头替代\t市生态环境局、市工业和信息化局\n"
        "注：责任单位中列第一位的为牵头单位，其他为配合单位。\n"
        "（二）交通物流节能减排工程。推广新能源汽车。（市交通运输局、市公安局负责）\n"
    )
    plan = _plan(text)
    assert _roles(plan) == {
        "1-1 工业涂装源头替代": [
            ("市生态环境局", "lead", "document-convention"),
            ("市工业和信息化局", "supporting", None),
        ],
        "1-2": [("市交通运输局", "lead", "listing-order"), ("市公安局", "responsible", None)],
    }
    assert plan.lead_rule is not None and plan.lead_rule.text.startswith("注")


def test_rows_that_are_new_sub_items_of_a_measure_with_sub_items_number_on() -> None:
    text = HEAD + (
        "一、重点工程\n"
        "（一）挥发性有机物综合整治工程。推进治理。\n"
        "1.强化源头替代。推广低VOCs含量涂料。（市工业和信息化局负责）\n"
        "2.深化油品储运销治理。推进油气回收。（市商务局负责）\n"
        "序号\t重点任务\t牵头单位\n"
        "1\t汽修行业钣喷治理\t市交通运输局\n"
        "2\t餐饮油烟治理\t市城市管理局\n"
    )
    (measure,) = _plan(text).measures
    assert [(i.number, i.title) for i in measure.items] == [
        (1, "强化源头替代"),
        (2, "深化油品储运销治理"),
        (3, "汽修行业钣喷治理"),
        (4, "餐饮油烟治理"),
    ]


def test_a_table_in_a_section_numbering_no_measure_gives_them_one_per_row() -> None:
    text = HEAD + (
        "一、重点工程\n"
        "组织实施重点工程，各项工程的主要内容和责任单位见表1。\n"
        "表1 重点工程任务表\n"
        "序号\t工程名称\t主要内容\t责任单位\n"
        "1\t重点行业绿色升级工程\t推进炼化装置能量系统优化和余热余压利用。\t市工信局、市发改委\n"
        "2\t挥发性有机物综合整治工程\t推进储罐、装卸环节挥发性有机物治理。\t市生态环境局、市工信局\n"
        "注：责任单位中排在首位的为牵头单位。\n"
        "二、政策机制\n"
        "（一）完善价格政策。推进价格改革。（市发改委、市财政局）\n"
    )
    plan = _plan(text)
    assert [(m.section_number, m.number, m.title) for m in plan.measures] == [
        (1, 1, "重点行业绿色升级工程"),
        (1, 2, "挥发性有机物综合整治工程"),
        (2, 1, "完善价格政策"),
    ]
    assert plan.measures[1].primary_topic == "VOCs"
    assert _roles(plan) == {
        "1-1": [("市工信局", "lead", "document-convention"), ("市发改委", "responsible", None)],
        "1-2": [
            ("市生态环境局", "lead", "document-convention"),
            ("市工信局", "responsible", None),
        ],
        # the table's rule holds in the table only
        "2-1": [("市发改委", "lead", "listing-order"), ("市财政局", "responsible", None)],
    }
    assert not [g for g in plan.gaps if g.kind == "row-without-measure"]


def test_a_table_closing_a_section_gives_its_measures_not_sub_items_of_the_last() -> None:
    text = HEAD + (
        "一、重点工程\n"
        "（一）挥发性有机物综合整治工程。推进储罐和装卸环节治理。\n"
        "（二）交通物流节能减排工程。推广新能源汽车。\n"
        "（三）城镇绿色节能改造工程。推进既有建筑节能改造。\n"
        "本部分各项工程的责任分工如下表。\n"
        "序号\t工程名称\t牵头单位\t配合单位\n"
        "1\t挥发性有机物综合整治工程\t市生态环境局\t市工业和信息化局\n"
        "2\t交通物流节能减排工程\t市交通运输局\t市公安局\n"
        "3\t城镇绿色节能改造\t市住房和城乡建设局\t市发展改革委\n"
        "二、政策机制\n"
        "（一）完善价格政策。推进价格改革。（市发展改革委牵头）\n"
    )
    plan = _plan(text)
    assert _roles(plan) == {
        "1-1": [("市生态环境局", "lead", "explicit"), ("市工业和信息化局", "supporting", None)],
        "1-2": [("市交通运输局", "lead", "explicit"), ("市公安局", "supporting", None)],
        "1-3": [("市住房和城乡建设局", "lead", "explicit"), ("市发展改革委", "supporting", None)],
        "2-1": [("市发展改革委", "lead", "explicit")],
    }
    assert not plan.measures[2].items
    # the table's words are not the last measure's topics
    assert "VOCs" not in plan.measures[2].mentioned_topics


def test_a_sentence_naming_measures_by_number_gives_them_its_note() -> None:
    text = HEAD + (
        "一、重点工程\n"
        "（一）挥发性有机物综合整治工程。推进储罐和装卸环节治理。\n"
        "（二）交通物流节能减排工程。推广新能源汽车。\n"
        "（三）城镇绿色节能改造工程。推进既有建筑节能改造。\n"
        "第（一）项由市生态环境局牵头，市工业和信息化局配合；第（二）、（三）项分别由"
        "市交通运输局、市住房和城乡建设局负责。\n"
        "二、政策机制\n"
        "（一）完善价格政策。推进价格改革。（市发展改革委牵头）\n"
    )
    plan = _plan(text)
    roles = _roles(plan)
    assert roles["1-1"] == [
        ("市生态环境局", "lead", "explicit"),
        ("市工业和信息化局", "supporting", None),
    ]
    # 分别: one agency a measure, in order
    assert roles["1-2"] == [("市交通运输局", "lead", "listing-order")]
    assert roles["1-3"] == [("市住房和城乡建设局", "lead", "listing-order")]
    assert roles["2-1"] == [("市发展改革委", "lead", "explicit")]
    # the sentence is no note of the last measure's own, nor its topics
    assert "VOCs" not in plan.measures[2].mentioned_topics


# A measure on one pollutant with a note of its own and a key-project table whose rows
# have their own agencies (the same lead on several rows, one cell a line).
NOTE_AND_ROWS = HEAD + (
    "一、重点工程\n"
    "（一）挥发性有机物综合整治工程。以家具制造、金属表面处理为重点，重点项目见表1。"
    "（市生态环境局牵头，市商务局按职责分工负责）\n"
    "表1 重点项目\n"
    "\t序号\n\t项目名称\n\t牵头单位\n\t参与单位\n\n"
    "\t1\n\t家具制造行业源头替代\n\t市生态环境局\n\t市工业和信息化局\n\n"
    "\t2\n\t金属表面处理提标改造\n\t市生态环境局\n\t市工业和信息化局\n\n"
    "\t3\n\t加油站在线监控\n\t市商务局\n\t市生态环境局\n\n"
    "（二）交通物流节能减排工程。推广新能源汽车。（市交通运输局负责）\n"
)


def test_a_measures_note_leaves_its_table_rows_theirs() -> None:
    plan = _plan(NOTE_AND_ROWS)
    measure = plan.measures[0]
    assert [(r.name_as_written, r.role) for r in measure.responsibilities] == [
        ("市生态环境局", "lead"),
        ("市商务局", "responsible"),
    ]
    roles = _roles(plan)
    # the same name in a column, row after row, is the table's, no running header
    assert (
        roles["1-1 家具制造行业源头替代"]
        == roles["1-1 金属表面处理提标改造"]
        == [
            ("市生态环境局", "lead", "explicit"),
            ("市工业和信息化局", "supporting", None),
        ]
    )
    assert roles["1-1 加油站在线监控"][0] == ("市商务局", "lead", "explicit")
    # a row on work for the pollutant its measure names (源头替代: pk:workKeyword) is
    # that pollutant's; so is one whose words name no topic at all (the measure's work)
    topics = {i.title: i.primary_topic for i in measure.items}
    assert topics["家具制造行业源头替代"] == topics["加油站在线监控"] == "VOCs"


def test_bodies_a_note_under_the_table_says_it_leaves_out_join_every_row() -> None:
    annex = (
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "1\t园区节能环保提升工程\t市发展改革委\t市商务局\n"
        "2\t城镇绿色节能改造工程\t市住房和城乡建设局\t市发展改革委\n"
        "各县（市、区）人民政府负责本辖区各项任务落实，不再在表中列出。\n"
    )
    got = _roles(_plan(MEASURES + annex))
    assert got["1-2"][-1] == ("各县（市、区）人民政府", "implementing", None)
    assert got["1-3"][-1] == ("各县（市、区）人民政府", "implementing", None)


def test_rows_of_work_of_a_measure_no_row_names_are_its_items_by_content() -> None:
    annex = (
        "序号\t重点任务\t牵头单位\t责任单位\n"
        "1\t园区节能环保提升工程\t市发展改革委\t市商务局\n"
        "2\t装配式建筑推广\t市住房和城乡建设局\t市发展改革委\n"
        "3\t光伏建筑一体化\t市住房和城乡建设局\t市能源局\n"
    )
    plan = _plan(MEASURES + annex)
    got = _roles(plan)
    assert got["1-2"][0] == ("市发展改革委", *LEAD)
    assert got["1-3 装配式建筑推广"][0] == ("市住房和城乡建设局", *LEAD)
    assert got["1-3 光伏建筑一体化"][1] == ("市能源局", *RESPONSIBLE)


def test_a_row_s_title_is_the_cell_that_names_its_work_not_the_one_that_tells_it() -> None:
    text = (
        HEAD + "一、重点工程\n"
        "（一）挥发性有机物综合整治工程。推进重点行业治理。\n"
        "序号\t工作内容\t主要任务\t责任单位\n"
        "1\t包装印刷行业综合治理\t推广水性油墨、无溶剂复合工艺，淘汰低效治理设施\t市工业和信息化局、市生态环境局\n"
        "2\t干洗行业治理\t淘汰开启式干洗机，推广全封闭干洗机\t市商务局、市市场监管局\n"
        "（二）园区节能环保提升工程。推进园区循环化改造。（市发展改革委牵头）\n"
    )
    plan = _plan(text)
    assert [i.title for i in plan.measures[0].items] == ["包装印刷行业综合治理", "干洗行业治理"]
