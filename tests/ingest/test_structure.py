"""Layout variants: preambles, titles, numbering styles, sub-items, annexes, bad plans."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.errors import PlanError
from ingest.parser import parse_bytes
from ingest.structure import Layout, cn_number, layout
from ingest.text import normalise

BODY = """一、总体要求
坚持节能优先。
二、主要目标
到2025年，全市单位地区生产总值能源消耗比2020年下降14.5%。
三、重点工程
（一）重点行业绿色升级工程。推进改造。（市经信局、市发展改革委按职责分工负责）
（二）园区节能环保提升工程。推进园区建设。（市发展改革委负责）
"""


TIANSHUI_TITLE = "天水市“十四五”节能减排综合工作实施方案"
TIANSHUI_NOTICE = f"天水市人民政府办公室关于印发{TIANSHUI_TITLE}的通知"
TIANSHUI_SIGNED = "天水市人民政府办公室\n2022年9月28日\n"


def _layout(text: str) -> Layout:
    return layout(normalise(text, simplify=False), "t.txt")


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十一", 21)]
)
def test_cn_number(numeral: str, value: int) -> None:
    assert cn_number(numeral) == value


def test_title_after_cover_notice_and_news_preamble() -> None:
    text = (
        f"炉具网讯：近日，{TIANSHUI_NOTICE}指出……\n{TIANSHUI_NOTICE}\n"
        f"[天政办发〔2022〕75号]\n各县区人民政府：\n现将《{TIANSHUI_TITLE}》印发你们。\n"
        f"{TIANSHUI_SIGNED}{TIANSHUI_TITLE}\n为贯彻落实《甘肃省“十四五”节能减排综合工作方案》"
        "（甘政发〔2022〕41号），制定本方案。\n" + BODY
    )
    plan = parse_bytes(text.encode("utf-8"), "tianshui.txt")
    assert plan.title == "天水市“十四五”节能减排综合工作实施方案"
    assert plan.jurisdiction.code == "620500"
    assert plan.document_number == "天政办发〔2022〕75号"
    assert plan.issued == "2022-09-28"
    assert plan.issuer == "天水市人民政府办公室"
    assert plan.cited_documents == ["甘政发〔2022〕41号"]
    assert plan.status == "issued"


def test_cover_notice_numbering_its_own_points() -> None:
    text = (
        f"{TIANSHUI_NOTICE}\n天政办发〔2022〕75号\n各县区人民政府：\n现将《{TIANSHUI_TITLE}》"
        "印发给你们，并就有关事项通知如下。\n一、提高认识。各地要高度重视。\n"
        f"二、压实责任。各县区要制定本地实施方案。\n{TIANSHUI_SIGNED}{TIANSHUI_TITLE}\n" + BODY
    )
    plan = parse_bytes(text.encode("utf-8"), "tianshui.txt")
    assert plan.document_number == "天政办发〔2022〕75号"
    assert [(t.indicator, t.value) for t in plan.targets if t.scope == "headline"] == [
        ("energy-intensity-reduction", Decimal("14.5"))
    ]
    assert [m.title for m in plan.measures] == ["重点行业绿色升级工程", "园区节能环保提升工程"]


def test_title_split_over_two_lines_and_draft_mark() -> None:
    text = "海宁市“十四五”节能减排\n综合工作实施方案\n（征求意见稿）\n" + BODY
    lay = _layout(text)
    assert lay.title == "海宁市“十四五”节能减排综合工作实施方案"
    assert lay.status_draft


@pytest.mark.parametrize("style", ["（{}）", "({})", "〔{}〕"])
def test_measure_numbering_styles(style: str) -> None:
    body = BODY.replace("（一）", style.format("一")).replace("（二）", style.format("二"))
    lay = _layout("X市“十四五”节能减排综合工作方案\n" + body)
    measures = lay.sections[2].measures
    assert [(m.number, m.title) for m in measures] == [
        (1, "重点行业绿色升级工程"),
        (2, "园区节能环保提升工程"),
    ]


def test_numbering_continues_across_sections_and_titles_on_own_line() -> None:
    body = (
        BODY + "四、政策机制\n（十一）\n优化完善能耗双控制度\n坚持节能优先。（市发展改革委负责）\n"
    )
    lay = _layout("X市“十四五”节能减排综合工作方案\n" + body)
    assert [s.title for s in lay.sections] == ["总体要求", "主要目标", "重点工程", "政策机制"]
    assert lay.sections[3].measures[0].number == 11


def test_sub_items_under_a_measure() -> None:
    body = BODY.replace(
        "（二）园区节能环保提升工程。推进园区建设。（市发展改革委负责）",
        "（二）园区节能环保提升工程。\n1.推进循环化改造。改造园区。（市发展改革委牵头）\n"
        "2．建设绿岛项目。建设一批。（市生态环境局负责）\n（3）开展评估。评估园区。",
    )
    lay = _layout("X市“十四五”节能减排综合工作方案\n" + body)
    items = lay.sections[2].measures[1].items
    assert [(i.number, i.title) for i in items] == [
        (1, "推进循环化改造"),
        (2, "建设绿岛项目"),
        (3, "开展评估"),
    ]


@pytest.mark.parametrize("numeral", ["二二", "十十", "三 四"])
def test_a_numeral_that_counts_nothing_opens_no_heading(numeral: str) -> None:
    body = BODY + f"{numeral}、其他事项\n（{numeral}）推进改造。（市发展改革委负责）\n"
    lay = _layout("X市“十四五”节能减排综合工作方案\n" + body)
    assert [s.title for s in lay.sections] == ["总体要求", "主要目标", "重点工程"]
    assert [m.number for m in lay.sections[2].measures] == [1, 2]


def test_numbers_in_text_are_not_sub_items() -> None:
    body = BODY.replace("推进园区建设。", "推进园区建设。\n2025年完成。\n1.5万吨以上。")
    lay = _layout("X市“十四五”节能减排综合工作方案\n" + body)
    assert lay.sections[2].measures[1].items == []


def test_annex_ends_the_body() -> None:
    text = (
        "X市“十四五”节能减排综合工作方案\n" + BODY + "附件：1.各县能耗目标\n附件1\n县区\t降低目标\n"
    )
    lay = _layout(text)
    norm = normalise(text, simplify=False)
    assert norm[lay.body_end :].startswith("附件:1")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("今天天气很好。\n我们去公园散步。\n", "not a plan"),
        ("关于做好春节期间安全生产工作的通知\n一、总体要求\n做好工作。\n", "not a plan"),
        ("X市“十四五”节能减排综合工作方案\n一、总体要求\n做好工作。\n", "no numbered measures"),
    ],
)
def test_not_a_plan(text: str, reason: str) -> None:
    with pytest.raises(PlanError, match=reason):
        parse_bytes(text.encode("utf-8"), "notes.txt")


def test_truncated_plan_is_refused_with_line() -> None:
    text = (
        "定州市“十四五”节能减排综合实施方案\n"
        + BODY
        + "（三）城镇绿色节能改造工程。全面推进城镇绿色规划，"
    )
    with pytest.raises(PlanError, match="truncated") as info:
        parse_bytes(text.encode("utf-8"), "cut.txt")
    assert info.value.line is not None


def test_truncated_inside_a_note_is_refused() -> None:
    text = (
        "定州市“十四五”节能减排综合实施方案\n"
        + BODY
        + "（三）城镇绿色节能改造工程。全面推进。（市住房和城乡建设局、市"
    )
    with pytest.raises(PlanError, match="truncated"):
        parse_bytes(text.encode("utf-8"), "cut.txt")


@pytest.mark.parametrize("month", ["2022年9月", "二〇二二年九月"])
def test_a_draft_signed_with_its_month_is_complete(month: str) -> None:
    text = "定州市“十四五”节能减排综合实施方案\n" + BODY + f"\n定州市发展和改革局\n{month}\n"
    assert parse_bytes(text.encode("utf-8"), "signed.txt").measures
    # a month in an unfinished sentence is no signature
    cut = "定州市“十四五”节能减排综合实施方案\n" + BODY + f"（三）加强监测。到{month}"
    with pytest.raises(PlanError, match="truncated"):
        parse_bytes(cut.encode("utf-8"), "cut.txt")


@pytest.mark.parametrize(
    "note", ["【市生态环境局牵头，各有关部门按职责分工负责】", "［责任单位：市发展改革局］"]
)
def test_a_plan_ending_with_a_bracketed_note_is_complete(note: str) -> None:
    text = "定州市“十四五”节能减排综合实施方案\n" + BODY + f"（三）加强监测。{note}\n"
    assert parse_bytes(text.encode("utf-8"), "noted.txt").measures
    cut = "定州市“十四五”节能减排综合实施方案\n" + BODY + f"（三）加强监测。{note[:6]}"
    with pytest.raises(PlanError, match="truncated"):
        parse_bytes(cut.encode("utf-8"), "cut.txt")


def test_unknown_place_is_refused() -> None:
    text = "火星市“十四五”节能减排综合工作方案\n" + BODY
    with pytest.raises(PlanError, match="not a GB/T 2260 division"):
        parse_bytes(text.encode("utf-8"), "mars.txt")


def test_ambiguous_place_resolved_by_province_named_in_text() -> None:
    text = (
        "朝阳区“十四五”节能减排综合工作方案\n根据《北京市“十四五”节能减排综合工作方案》，制定本方案。\n"
        + BODY
    )
    assert parse_bytes(text.encode("utf-8"), "cy.txt").jurisdiction.code == "110105"
    text = "朝阳区“十四五”节能减排综合工作方案\n" + BODY
    with pytest.raises(PlanError, match="ambiguous"):
        parse_bytes(text.encode("utf-8"), "cy.txt")


def test_traditional_gb18030_crlf_plan() -> None:
    import opencc

    text = opencc.OpenCC("s2t").convert("达州市“十四五”节能减排综合工作实施方案\n" + BODY)
    raw = text.replace("\n", "\r\n").encode("gb18030")
    plan = parse_bytes(raw, "trad.txt")
    assert plan.traditional
    assert plan.encoding == "gb18030"
    assert plan.jurisdiction.code == "511700"
    assert plan.measures[0].title == "重點行業綠色升級工程"  # as written, in the original script
    lead = plan.measures[0].responsibilities[0]
    assert lead.role == "lead"
    assert lead.name_as_written == "市經信局"
    assert lead.agency_type == "industry-it"


def test_traditional_place_name_that_does_not_round_trip() -> None:
    import opencc

    # 浚县 becomes 濬縣 in traditional script, and 濬縣 converts back to 濬县, not 浚县.
    text = opencc.OpenCC("s2t").convert(
        "浚县“十四五”节能减排综合工作方案\n根据《河南省“十四五”节能减排综合工作方案》制定。\n"
        + BODY
    )
    assert "濬縣" in text
    assert parse_bytes(text.encode("utf-8"), "xun.txt").jurisdiction.code == "410621"


def test_no_general_section_and_targets_at_the_end_of_the_first() -> None:
    text = (
        "定州市“十四五”节能减排综合实施方案\n为推进节能减排，制定本方案。到2025年，全市单位地区生产总值"
        "能源消耗比2020年下降14.5%。\n一、实施节能减排重点工程\n"
        "（一）重点行业绿色升级工程。推进改造。（市经信局负责）\n二、保障措施\n"
        "（二）加强组织领导。落实责任。（市发展改革委负责）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "no-general.txt")
    assert [s.kind for s in plan.sections] == ["key-project", "safeguard"]
    assert [(m.section_number, m.number) for m in plan.measures] == [(1, 1), (2, 2)]


def test_main_targets_opening_each_project_are_sub_items() -> None:
    body = BODY.replace(
        "（一）重点行业绿色升级工程。推进改造。",
        "（一）重点行业绿色升级工程。\n1.主要目标：到2025年，规模以上工业单位增加值能耗下降16%。\n"
        "2.重点任务：推进改造。",
    )
    plan = parse_bytes(("定州市“十四五”节能减排综合实施方案\n" + body).encode(), "items.txt")
    first = plan.measures[0]
    assert [(i.number, i.title) for i in first.items] == [(1, "主要目标"), (2, "重点任务")]
    assert first.title == "重点行业绿色升级工程"


@pytest.mark.parametrize(
    ("title", "kind"),
    [("重点任务", "key-project"), ("实施节能减排重点工程", "key-project"),
     ("健全节能减排政策机制", "policy-mechanism"), ("强化工作落实", "safeguard")],
)  # fmt: skip
def test_sections_named_variously(title: str, kind: str) -> None:
    plan = parse_bytes(
        ("定州市“十四五”节能减排综合实施方案\n" + BODY.replace("重点工程", title)).encode(), "n.txt"
    )
    assert plan.sections[2].title == title
    assert plan.sections[2].kind == kind


@pytest.mark.parametrize(
    "targets",
    [
        "二、主要目标\n（一）能源利用目标。到2025年，全市单位地区生产总值能源消耗比2020年下降14.5%。\n"
        "（二）污染物减排目标。完成省下达任务。\n",
        "二、发展目标\n到2025年，全市单位地区生产总值能源消耗比2020年下降14.5%。\n",
    ],
)
def test_targets_sections_named_and_numbered_variously(targets: str) -> None:
    body = BODY.replace(
        "二、主要目标\n到2025年，全市单位地区生产总值能源消耗比2020年下降14.5%。\n", targets
    )
    plan = parse_bytes(("定州市“十四五”节能减排综合实施方案\n" + body).encode(), "t.txt")
    headline = [(t.indicator, t.value) for t in plan.targets if t.scope == "headline"]
    assert headline == [("energy-intensity-reduction", Decimal("14.5"))]


def test_a_cited_notice_is_not_taken_for_the_title() -> None:
    # Without a title line of its own, the parent plan cited in the text must not become
    # the title (and so the place): refuse instead.
    text = (
        "为落实《河南省人民政府关于印发河南省“十四五”节能减排综合工作方案的通知》要求，制定本方案。\n"
        + BODY
    )
    with pytest.raises(PlanError, match="not a plan"):
        parse_bytes(text.encode("utf-8"), "cited.txt")


def test_a_table_closing_the_text_is_not_truncation() -> None:
    text = (
        "定州市“十四五”节能减排综合实施方案\n" + BODY
        + "重点任务分工表\n序号\t重点任务\t牵头单位\n1\t重点行业绿色升级工程\t市经信局\n"
    )  # fmt: skip
    assert len(parse_bytes(text.encode("utf-8"), "table.txt").measures) == 2


def test_annex_headed_fubiao_or_chinese_numeral_ends_the_body() -> None:
    for heading in ("附表1", "附件一", "附表："):
        text = "X市“十四五”节能减排综合工作方案\n" + BODY + heading + "\n县区\t降低目标\n"
        lay = _layout(text)
        assert normalise(text, simplify=False)[lay.body_end :].startswith(heading[:2])


def test_rows_of_a_table_drawn_with_bars_are_no_sub_items() -> None:
    text = (
        "歙县“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）谋划实施一批节能减排重点项目。主要项目见下表。\n"
        "序号 | 项目名称 | 主要建设内容 | 责任单位\n"
        "1 | 县城第二污水处理厂建设工程 | 新建污水处理规模2万吨/日 | 县住房城乡建设局\n"
        "2 | 整县屋顶分布式光伏开发项目 | 新增装机容量10万千瓦 | 县发展改革委、国网歙县供电公司\n"
        "（二）农业农村节能减排工程。推广节能农机。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "shexian.txt")
    titles = [i.title for i in plan.measures[0].items]
    assert titles == ["县城第二污水处理厂建设工程", "整县屋顶分布式光伏开发项目"]
