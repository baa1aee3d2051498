"""Annex tables: per-county energy-intensity targets and industry indicators."""

from __future__ import annotations

import re

import pytest

from ingest.annex import annex_targets
from ingest.indicators import indicator_for_label
from ingest.model import Target
from ingest.numbers import canonical
from ingest.parser import parse_bytes
from ingest.text import decode, normalise
from tests.support.paths import PLANS


def _codes(name: str) -> str | None:
    return {"驿城区": "411702", "汝南县": "411727", "甲县": "000001"}.get(name)


def _run(text: str, simplify: bool = False) -> list[Target]:
    got = annex_targets(normalise(text, simplify), text, 0, _codes)
    for t in got:
        assert t.scope == "annex"
        assert t.span.text == text[t.span.start : t.span.end]
    return got


def _rows(targets: list[Target]) -> list[tuple[object, ...]]:
    return [
        (
            t.indicator,
            t.subject,
            canonical(t.value),
            t.unit,
            t.qualifier,
            None if t.baseline_value is None else canonical(t.baseline_value),
        )
        for t in targets
    ]


# ------------------------------------------------------------- county tables

VERTICAL_COUNTY = (
    "附件1\n\n“十四五”各县区万元地区生产总值\n\n能耗强度降低目标\n"
    "\t县区\n\t降低目标（%）\n\n\t驿城区\n\t12\n\n\t汝南县\n\t12.5\n\n\t合计\n\t12\n\n"
)


def test_vertical_county_table() -> None:
    got = _run(VERTICAL_COUNTY)
    assert _rows(got) == [
        ("energy-intensity-reduction", "驿城区", "12", "percent", "", None),
        ("energy-intensity-reduction", "汝南县", "12.5", "percent", "", None),
    ]
    assert [t.subject_code for t in got] == ["411702", "411727"]
    assert got[0].indicator_label == "“十四五”各县区万元地区生产总值能耗强度降低目标"
    assert (got[0].base_year, got[0].target_year) == (2020, 2025)
    assert got[0].span.text == "驿城区\n\t12"


def test_basic_and_incentive_targets_with_two_header_rows() -> None:
    text = (
        "附件1\n“十四五”各镇（街道）能耗强度降低目标\n单位：%\n"
        "\t镇（街道）\n\t“十四五”\n\n\t\n\t基本目标\n\t激励目标\n\n"
        "\t许村镇\n\t19.0\n\t20.0\n\n\t海昌街道\n\t18.0\n\t19.0\n"
    )
    got = _run(text)
    assert _rows(got) == [
        ("energy-intensity-reduction", "许村镇", "19", "percent", "", None),
        ("energy-intensity-reduction", "许村镇", "20", "percent", "aspirational", None),
        ("energy-intensity-reduction", "海昌街道", "18", "percent", "", None),
        ("energy-intensity-reduction", "海昌街道", "19", "percent", "aspirational", None),
    ]
    assert got[0].indicator_label == "“十四五”各镇（街道）能耗强度降低目标"
    assert [t.subject_code for t in got] == [None] * 4


def test_one_row_per_line_county_table() -> None:
    text = (
        "附件1：“十四五”各县（市、区）能耗强度降低目标\n"
        "县（市、区）\t基本目标（%）\t激励目标（%）\n"
        "甲县\t14\t15\n"
        "乙区    13.5    14.5\n"
        "丙区\t待定\t—\n"
    )
    got = _run(text)
    assert _rows(got) == [
        ("energy-intensity-reduction", "甲县", "14", "percent", "", None),
        ("energy-intensity-reduction", "甲县", "15", "percent", "aspirational", None),
        ("energy-intensity-reduction", "乙区", "13.5", "percent", "", None),
        ("energy-intensity-reduction", "乙区", "14.5", "percent", "aspirational", None),
    ]
    assert got[0].subject_code == "000001"
    assert got[0].indicator_label == "“十四五”各县（市、区）能耗强度降低目标"


def test_traditional_and_fullwidth_county_table() -> None:
    text = "附件1\n各縣區能耗強度降低目標\n\t縣區\n\t降低目標（％）\n\n\t甲縣\n\t１２．５以上\n"
    got = _run(text, simplify=True)
    assert _rows(got) == [
        ("energy-intensity-reduction", "甲縣", "12.5", "percent", "at-least", None)
    ]


def test_table_without_intensity_wording_is_not_read() -> None:
    text = "附件1\n各县区重点项目清单\n\t县区\n\t项目数\n\n\t甲县\n\t12\n"
    assert _run(text) == []


# ---------------------------------------------------------- industry tables

VERTICAL_INDUSTRY = (
    "附件2\n“十四五”主要行业节能指标\n"
    "\t指标\n\t单位\n\t2020年指标\n\t2025年指标\n\t责任单位\n\n"
    "\t\n\t\n\t实际值\n\t目标值\n\t变化幅度/变化率\n\t\n\n"
    "\t能源\n\n"
    "\t6000千瓦以上火电平均发电标准煤耗（含热电）\n\t克标准煤\n/千瓦时\n\t299.92\n\t295\n"
    "\t减少4.92\n\t市发改局\n\n"
    "\t非化石能源占能源消费总量比重\n\t%\n\t17.4\n\t24左右\n\t增加6.6\n左右\n\t\n\n"
    "\t工业\n\n"
    "\t水泥熟料综合\n能耗\n\t千克标准煤/吨\n\t109.4\n\t103\n\t减少6.4\n\t市经信局\n\n"
    "\t新建大型和超大型数据中心电能利用效率\n\t-\n\t-\n\t＜1.3\n\t-\n\t\n\n"
    "\t吨钢综合能耗\n\t万千瓦时\n\t1\n\t2\n\t3\n\t\n\n"
    "\t交通\n\n"
    "\t铁路单位运输工作量综合能耗下降率\n\t\n\t\n\t\n\t[4.5%]\n\t\n\n"
    "\t新生产纯电动乘用车平均电耗\n\t千瓦时/百公里\n\t\n\t<12\n\t\n\n"
    "\t公共机构\n\n"
    "\t公共机构单位\n建筑面积能耗\n\t千克标准煤/平方米\n\t3.47\n\t3.29\n\t下降[5%]\n\t\n\n"
    "\t公共机构人均综合能耗下降率\n\t\n\t\n\t\n\t[2%]\n\n\n"
    "注：[]内为变化率\n"
)


def test_vertical_industry_table() -> None:
    got = _run(VERTICAL_INDUSTRY)
    assert _rows(got) == [
        ("coal-consumption-per-kwh-generated", "能源", "295", "gce/kWh", "", "299.92"),
        ("non-fossil-energy-share", "能源", "24", "percent", "about", "17.4"),
        ("cement-clinker-energy", "工业", "103", "kgce/t", "", "109.4"),
        ("data-centre-pue", "工业", "1.3", "ratio", "at-most", None),
        # 吨钢综合能耗 in 万千瓦时: a unit outside the vocabulary, skipped
        ("railway-energy-intensity-reduction", "交通", "4.5", "percent", "", None),
        ("ev-power-consumption", "交通", "12", "kWh/100km", "at-most", None),
        ("public-institution-energy-per-area", "公共机构", "3.29", "kgce/m2", "", "3.47"),
        ("public-institution-energy-per-capita-reduction", "公共机构", "2", "percent", "", None),
    ]
    labels = [t.indicator_label for t in got]
    assert labels[0] == "6000千瓦以上火电平均发电标准煤耗（含热电）"
    assert labels[2] == "水泥熟料综合能耗"
    assert labels[6] == "公共机构单位建筑面积能耗"
    assert all((t.base_year, t.target_year) == (2020, 2025) for t in got)
    assert all(t.subject_code is None for t in got)
    cement = got[2].span.text
    assert cement.startswith("水泥熟料综合\n能耗") and cement.endswith("市经信局")


def test_one_row_per_line_industry_table() -> None:
    text = (
        "附件2\n主要行业节能指标\n"
        "指标\t单位\t2020年实际值\t2025年目标值\t变化幅度/变化率\n"
        "能源\n"
        "火电平均供电煤耗\t克标准煤/千瓦时\t304\t301\t－3\n"
        "建筑\n"
        "城镇新建建筑执行绿色建筑标准比例    %    80    100    20\n"
        "城镇建筑可再生能源替代率\t%\t6\t8以上\t2\n"
        "交通\n"
        "全市公交车新能源化率\t%\t66.7\t待定\t\n"
        "营运车辆单位运输周转量能耗下降率\t\t\t\t[4%]\n"
    )
    assert _rows(_run(text)) == [
        ("coal-consumption-per-kwh-supplied", "能源", "301", "gce/kWh", "", "304"),
        ("green-building-share", "建筑", "100", "percent", "", "80"),
        ("building-renewable-substitution", "建筑", "8", "percent", "at-least", "6"),
        ("vehicle-energy-intensity-reduction", "交通", "4", "percent", "", None),
    ]


def test_other_indicator_keeps_its_label() -> None:
    text = (
        "附件2\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n\t工业\n\n"
        "\t对苯二甲酸（PTA）装置单位综合能耗\n\t千克标准煤/吨\n\t55\n\t50\n\n"
        "\t工业固体废物综合利用率\n\t%\n\t90\n\t95\n"
    )
    got = _run(text)
    assert _rows(got) == [
        ("pta-energy", "工业", "50", "kgce/t", "", "55"),
        ("other", "工业", "95", "percent", "", "90"),
    ]
    assert got[1].indicator_label == "工业固体废物综合利用率"


@pytest.mark.parametrize(
    ("label", "rate", "code"),
    [
        ("火电平均供电煤耗", False, "coal-consumption-per-kwh-supplied"),
        ("6000千瓦以上火电平均发电标准煤耗(含热电)", False, "coal-consumption-per-kwh-generated"),
        ("公共机构单位建筑面积能耗", False, "public-institution-energy-per-area"),
        ("公共机构单位建筑面积能耗", True, "public-institution-energy-per-area-reduction"),
        ("公共机构人均综合能耗", False, "public-institution-energy-per-capita"),
        ("公共机构人均综合能耗下降率", False, "public-institution-energy-per-capita-reduction"),
        ("新建大型和超大型数据中心电能利用效率", False, "data-centre-pue"),
        ("全市公交车新能源化率", False, "new-energy-bus-share"),
        ("单位产品能耗", False, "other"),
    ],
)
def test_indicator_for_label(label: str, rate: bool, code: str) -> None:
    assert indicator_for_label(label, rate) == code


def test_text_without_tables_gives_nothing() -> None:
    name = "dazhou-511700-draft.txt"
    original, _ = decode((PLANS / name).read_bytes(), name)
    assert annex_targets(normalise(original, False), original, 0, _codes) == []


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError):
        annex_targets("ab", "abc", 0, _codes)


# --------------------------------------------------------- the sample annexes


def _annex(name: str) -> tuple[str, list[Target]]:
    original, _ = decode((PLANS / name).read_bytes(), name)
    start = re.search(r"^[\s\u3000]*附件[:：1]", original, re.M)
    assert start is not None
    got = annex_targets(normalise(original, False), original, start.start(), _codes)
    for t in got:
        assert t.span.text == original[t.span.start : t.span.end]
    return original, got


def test_zhumadian_annex() -> None:
    _, got = _annex("zhumadian-411700-draft.txt")
    county = [t for t in got if t.indicator == "energy-intensity-reduction"]
    assert [t.subject for t in county] == [
        "驿城区", "汝南县", "确山县", "遂平县", "正阳县", "西平县", "上蔡县",
        "泌阳县", "平舆县", "新蔡县", "经开区", "高新区", "示范区",
    ]  # fmt: skip
    assert {(canonical(t.value), t.unit, t.qualifier) for t in county} == {("12", "percent", "")}
    assert county[0].subject_code == "411702"
    assert county[0].indicator_label == "“十四五”各县区万元地区生产总值能耗强度降低目标"
    assert _rows(got[len(county) :]) == [
        ("coal-consumption-per-kwh-supplied", "能源", "301", "gce/kWh", "", "304"),
        ("non-fossil-energy-share", "能源", "16", "percent", "", "11"),
        ("cement-clinker-energy", "工业", "104", "kgce/t", "", "106"),
        ("data-centre-pue", "工业", "1.3", "ratio", "at-most", None),
        ("green-building-share", "建筑", "100", "percent", "", "80"),
        ("building-renewable-substitution", "建筑", "8", "percent", "", "6"),
        ("railway-energy-intensity-reduction", "交通", "4.5", "percent", "", None),
        ("vehicle-energy-intensity-reduction", "交通", "4", "percent", "", None),
        ("ev-power-consumption", "交通", "12", "kWh/100km", "at-most", None),
        ("public-institution-energy-per-area-reduction", "公共机构", "1", "percent", "", None),
        ("public-institution-energy-per-capita-reduction", "公共机构", "2", "percent", "", None),
    ]


def test_haining_annex() -> None:
    _, got = _annex("haining-330481-draft.txt")
    county = [t for t in got if t.indicator == "energy-intensity-reduction"]
    assert len(county) == 24
    towns = [t.subject for t in county[::2]]
    assert towns == [
        "许村镇", "长安镇", "黄湾镇", "海昌街道", "马桥街道", "周王庙镇",
        "盐官镇", "丁桥镇", "斜桥镇", "袁花镇", "硖石街道", "海洲街道",
    ]  # fmt: skip
    assert [t.qualifier for t in county[:2]] == ["", "aspirational"]
    assert [canonical(t.value) for t in county[:6]] == ["19", "20", "19", "20", "17", "18"]
    assert all(t.subject == u.subject for t, u in zip(county[::2], county[1::2], strict=True))
    assert _rows(got[len(county) :]) == [
        ("coal-consumption-per-kwh-generated", "能源", "295", "gce/kWh", "", "299.92"),
        ("non-fossil-energy-share", "能源", "24", "percent", "about", "17.4"),
        ("cement-clinker-energy", "工业", "103", "kgce/t", "", "109.4"),
        ("pta-energy", "工业", "50", "kgce/t", "", "55"),
        ("data-centre-pue", "工业", "1.3", "ratio", "at-most", None),
        ("green-building-share", "建筑", "100", "percent", "", "97"),
        ("building-renewable-substitution", "建筑", "8", "percent", "", "6"),
        ("new-energy-bus-share", "交通", "80", "percent", "", "66.7"),
        ("public-institution-energy-per-area", "公共机构", "3.29", "kgce/m2", "", "3.47"),
        ("public-institution-energy-per-capita", "公共机构", "65.96", "kgce/person", "", "70.17"),
    ]
    labels = {t.indicator: t.indicator_label for t in got}
    assert labels["pta-energy"] == "对苯二甲酸（PTA）装置单位综合能耗"
    assert labels["public-institution-energy-per-capita"] == "公共机构人均综合能耗"


def test_whole_text_from_the_start_gives_the_same_rows() -> None:
    name = "haining-330481-draft.txt"
    original, from_annex = _annex(name)
    from_start = annex_targets(normalise(original, False), original, 0, _codes)
    assert from_start == from_annex


def test_county_table_with_serial_number_column() -> None:
    text = (
        "附件1\n各县（市、区）“十四五”能耗强度降低目标\n"
        "序号\t县（市、区）\t降低目标（%）\n"
        "1\t甲县\t14\n"
        "2\t乙区\t13.5左右\n"
    )
    assert _rows(_run(text)) == [
        ("energy-intensity-reduction", "甲县", "14", "percent", "", None),
        ("energy-intensity-reduction", "乙区", "13.5", "percent", "about", None),
    ]


def test_sector_heading_exported_with_empty_cells() -> None:
    text = (
        "附件2\n\t指标\n\t单位\n\t2020年实际值\n\t2025年目标值\n\n"
        "\t交通\n\t\n\t\n\t\n\n"
        "\t全市公交车新能源化率\n\t%\n\t66.7\n\t80\n"
    )
    assert _rows(_run(text)) == [
        ("new-energy-bus-share", "交通", "80", "percent", "", "66.7"),
    ]


def test_running_text_is_not_a_caption() -> None:
    paragraph = "各地要" + "加强组织领导，" * 12 + "确保完成能耗强度降低目标。\n"
    text = paragraph + "\t县区\n\t能耗强度降低目标（%）\n\n\t甲县\n\t12\n"
    (row,) = _run(text)
    assert row.indicator_label is None


def test_crlf_line_endings_and_trailing_tabs() -> None:
    text = VERTICAL_COUNTY.replace("\t12\n", "\t12\t\n").replace("\n", "\r\n")
    got = _run(text)
    assert [(t.subject, canonical(t.value)) for t in got] == [("驿城区", "12"), ("汝南县", "12.5")]
    assert got[0].span.text == "驿城区\r\n\t12"


HEADLINE_TABLE_PLAN = """\
昆山市“十四五”节能减排综合工作方案
一、主要目标
到2025年，主要指标见表1。
表1  昆山市“十四五”节能减排主要指标
┌────┬──────────────┬──────┬───────┬───────┐
│序号│指标名称              │单位    │2020年   │2025年   │
├────┼──────────────┼──────┼───────┼───────┤
│1   │单位地区生产总值能耗降低  │%       │—        │〔14〕   │
├────┼──────────────┼──────┼───────┼───────┤
│2   │化学需氧量重点工程减排量  │吨      │—        │1980     │
├────┼──────────────┼──────┼───────┼───────┤
│3   │新建大型数据中心电能利用效率│—       │—        │≤1.3     │
└────┴──────────────┴──────┴───────┴───────┘
二、重点工程
（一）节能改造工程。推进改造。（市发展改革委牵头）
"""


def _headline(text: str) -> list[tuple[str, str | None, str, str, str]]:
    plan = parse_bytes(text.encode("utf-8"), "kunshan.txt")
    return sorted(
        (t.indicator, t.pollutant, str(t.value), t.unit, t.qualifier)
        for t in plan.targets
        if t.scope == "headline"
    )


def test_a_drawn_table_of_headline_targets_gives_headline_targets() -> None:
    assert _headline(HEADLINE_TABLE_PLAN) == [
        ("data-centre-pue", None, "1.3", "ratio", "at-most"),
        ("energy-intensity-reduction", None, "14", "percent", ""),
        ("key-project-emission-reduction", "COD", "1980", "t", ""),
    ]


def test_a_headline_table_may_give_the_unit_in_the_label() -> None:
    text = (
        "柳州市“十四五”节能减排综合工作方案\n一、主要目标\n主要目标见表1。\n"
        "\t指标\n\t2020年基期值\n\t2025年目标值\n\t属性\n\n"
        "\t氨氮重点工程减排量（吨）\n\t—\n\t180\n\t约束性\n\n"
        "\t非化石能源占能源消费总量比重（%）\n\t33.5\n\t≥36\n\t预期性\n\n"
        "二、重点工程\n（一）节能改造工程。推进改造。（市发展改革委牵头）\n"
    )
    assert _headline(text) == [
        ("key-project-emission-reduction", "NH3-N", "180", "t", ""),
        ("non-fossil-energy-share", None, "36", "percent", "at-least"),
    ]


TABLE_RULE_PLAN = """\
柳州市“十四五”节能减排综合工作方案
一、重点工程
（一）重点行业绿色升级工程。推进改造。
（二）园区节能环保提升工程。推进循环化改造。
二、政策机制
（一）优化完善能耗双控制度。严格节能审查。（市发展改革委、市统计局按职责分工负责）
附件
柳州市重点工程责任分工表
\t序号
\t工作内容
\t责任单位
\t落实主体

\t一（一）
\t推动重点行业节能降碳
\t市工业和信息化局、市生态环境局
\t各县（区）人民政府

\t一（二）
\t推进园区循环化改造
\t市发展改革委、市商务局
\t—

注：责任单位中列第一位的为牵头单位，其他为配合单位。
"""


def _roles(plan_text: str) -> dict[tuple[int, int], list[tuple[str, str, str | None]]]:
    plan = parse_bytes(plan_text.encode("utf-8"), "liuzhou.txt")
    return {
        (m.section_number, m.number): [
            (r.name_as_written, r.role, r.basis) for r in m.responsibilities
        ]
        for m in plan.measures
    }


def test_a_rule_stated_under_a_table_holds_for_that_table_only() -> None:
    roles = _roles(TABLE_RULE_PLAN)
    assert roles[(1, 1)] == [
        ("市工业和信息化局", "lead", "document-convention"),
        ("市生态环境局", "supporting", None),
        ("各县（区）人民政府", "implementing", None),
    ]
    assert roles[(1, 2)] == [
        ("市发展改革委", "lead", "document-convention"),
        ("市商务局", "supporting", None),
    ]
    # The body's own note: no rule stated for it, the first listed leads by listing order.
    assert roles[(2, 1)] == [
        ("市发展改革委", "lead", "listing-order"),
        ("市统计局", "responsible", None),
    ]


def test_a_task_row_gives_its_responsibility_to_the_sub_item_it_names() -> None:
    text = (
        "株洲市“十四五”节能减排综合工作方案\n一、重点任务\n"
        "（一）深化挥发性有机物综合治理。\n"
        "1.推进低VOCs含量原辅材料源头替代。推动企业使用低VOCs含量涂料。\n"
        "2.开展汽修和餐饮油烟专项整治。加强监管。\n"
        "附件\n重点任务分工表\n"
        "\t序号\n\t重点任务\n\t牵头单位\n\t配合单位\n\n"
        "\t1\n\t推进低VOCs含量原辅材料源头替代\n\t市生态环境局\n\t市工业和信息化局\n\n"
        "\t2\n\t开展汽修和餐饮油烟专项整治\n\t市生态环境局、市城管局\n\t市商务局\n\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "zhuzhou.txt")
    (measure,) = plan.measures
    assert measure.responsibilities == []
    got = [
        [(r.name_as_written, r.role, r.basis) for r in i.responsibilities] for i in measure.items
    ]
    assert got == [
        [("市生态环境局", "lead", "explicit"), ("市工业和信息化局", "supporting", None)],
        [
            ("市生态环境局", "lead", "explicit"),
            ("市城管局", "lead", "explicit"),
            ("市商务局", "supporting", None),
        ],
    ]


@pytest.mark.parametrize(
    "table",
    [
        "表1  主要污染物重点工程减排量目标（单位：吨）\n"
        "污染物\t化学需氧量\t氨氮\t挥发性有机物\n重点工程减排量\t430\t38\t≥390\n",
        "表1  主要污染物重点工程减排量目标\n单位：万吨\n"
        "\t污染物\n\t化学需氧量\n\t氨氮\n\t挥发性有机物\n\n"
        "\t重点工程减排量\n\t0.043\n\t0.0038\n\t≥0.039\n\n",
    ],
    ids=["tabbed, unit in the caption", "one cell a line, unit on its own line"],
)
def test_a_headline_table_with_the_pollutants_as_columns(table: str) -> None:
    text = (
        "浦江县“十四五”节能减排综合工作方案\n一、主要目标\n"
        "“十四五”期间主要污染物重点工程减排量达到表1要求。\n"
        + table
        + "二、重点工程\n（一）节能改造工程。推进改造。（县发改局牵头）\n"
    )
    assert _headline(text) == [
        ("key-project-emission-reduction", "COD", "430", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "38", "t", ""),
        ("key-project-emission-reduction", "VOCs", "390", "t", "at-least"),
    ]


def test_a_table_in_the_opening_section_of_a_plan_with_no_targets_heading_is_headline() -> None:
    text = (
        "韶关市“十四五”节能减排综合工作方案\n一、总体要求\n"
        "到2025年，节能减排政策机制更加健全，主要指标如下表。\n"
        "序号\t指标\t2020年\t2025年目标\t指标属性\n"
        "1\t单位地区生产总值能源消耗降低（%）\t—\t〔14.5〕\t约束性\n"
        "2\t化学需氧量重点工程减排量（吨）\t—\t〔3150〕\t约束性\n"
        "二、重点工程\n（一）节能改造工程。推进改造。（市发展改革委牵头）\n"
    )
    assert _headline(text) == [
        ("energy-intensity-reduction", None, "14.5", "percent", ""),
        ("key-project-emission-reduction", "COD", "3150", "t", ""),
    ]


@pytest.mark.parametrize(
    "rows",
    [
        "（9）单位国内生产总值能源消耗降低（%） 【8.04】 【16】 约束性\n"
        "（7）主要污染物重点工程减排量（吨） 化学需氧量 — 【773】 约束性\n"
        "氨氮 【40】\n氮氧化物 【2949】\n"
        "（10）非化石能源占能源消费总量比重（%） 33.5 ≥36 预期性\n",
        "单位国内生产总值能源消耗降低（%）【8.04】【16】约束性\n"
        "主要污染物重点工程减排量（吨） 化学需氧量 — 【773】 约束性\n"
        "氨氮 【40】\n氮氧化物 【2949】\n"
        "非化石能源占能源消费总量比重（%） 33.5 ≥36 预期性\n",
    ],
    ids=["cells apart by single spaces", "bracketed figures run together"],
)
def test_an_indicator_table_flattened_into_lines_is_read_by_its_rows(rows: str) -> None:
    # The page lost the table's header: a row ends in what a kind column holds (约束性),
    # its last value cell the target; a pollutant's line under a row with a pollutant
    # cell is a row of that row's indicator.
    text = (
        "池州市“十四五”节能减排综合工作方案\n一、主要目标\n"
        + rows
        + "二、重点工程\n（一）节能改造工程。推进改造。（市发展改革委牵头）\n"
    )
    assert _headline(text) == [
        ("energy-intensity-reduction", None, "16", "percent", ""),
        ("key-project-emission-reduction", "COD", "773", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "40", "t", ""),
        ("key-project-emission-reduction", "NOx", "2949", "t", ""),
        ("non-fossil-energy-share", None, "36", "percent", "at-least"),
    ]
    plan = parse_bytes(text.encode("utf-8"), "chizhou.txt")
    share = next(t for t in plan.targets if t.indicator == "non-fossil-energy-share")
    assert share.baseline_value == 33.5 and share.span.text.endswith("≥36")


@pytest.mark.parametrize(
    "line",
    [
        "单位国内生产总值能源消耗降低（%） 【8.04】 【16】",  # no kind cell: no row known
        "单位国内生产总值能源消耗降低（%） 13.5 14 16 约束性",  # which value is the target?
        "单位国内生产总值二氧化碳排放降低（%） — 18 约束性",  # no indicator of ours
        "氨氮 【40】",  # a pollutant's line under no row
        "（7）主要污染物重点工程减排量（吨） — 【773】 约束性",  # no pollutant named
    ],
)
def test_a_flattened_line_that_is_no_indicator_row_gives_nothing(line: str) -> None:
    assert _run(f"附件\n主要指标\n{line}\n") == []
