"""Targets in the running text: the 主要目标 paragraph and inside measures."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from ingest.model import Gap, Target
from ingest.numbers import canonical
from ingest.parser import parse_bytes
from ingest.targets import headline_targets, is_target_heading, measure_targets
from ingest.text import Compact, compact, decode, normalise
from tests.support.paths import PLANS
from tests.support.tables import json_table


def _view(text: str, simplify: bool = False) -> Compact:
    return compact(normalise(text, simplify), text)


def _rows(targets: list[Target]) -> list[tuple[object, ...]]:
    return [(t.indicator, t.pollutant, canonical(t.value), t.unit, t.qualifier) for t in targets]


def _check_spans(targets: list[Target], original: str) -> None:
    for t in targets:
        assert t.span.text == original[t.span.start : t.span.end]
        assert t.span.text, t


# ------------------------------------------------------------------ headline


def test_energy_intensity_and_pollutant_list() -> None:
    text = (
        "到2025年，全市单位地区生产总值能源消耗比2020年下降14.5%，能源消费总量得到合理控制，"
        "化学需氧量、氨氮、氮氧化物、挥发性有机物等主要污染物重点工程减排量分别完成"
        "1.017万吨、0.0691万吨、0.829万吨、0.22万吨。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "14.5", "percent", ""),
        ("key-project-emission-reduction", "COD", "10170", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "691", "t", ""),
        ("key-project-emission-reduction", "NOx", "8290", "t", ""),
        ("key-project-emission-reduction", "VOCs", "2200", "t", ""),
    ]
    assert all(t.scope == "headline" and t.measure is None for t in got)
    assert all((t.base_year, t.target_year) == (2020, 2025) for t in got)
    assert got[0].span.text == "单位地区生产总值能源消耗比2020年下降14.5%"
    assert got[1].span.text.startswith("化学需氧量、氨氮") and got[1].span.text.endswith("0.22万吨")
    _check_spans(got, text)


def test_pollutants_in_any_order_with_abbreviations() -> None:
    text = (
        "化学需氧量（COD）、氨氮（NH₃—N）、氮氧化物（NO_x）、挥发性有机物（VOCs）"
        "重点工程减排量分别为 3000 吨、92 吨、700 吨和 700 吨。"
    )
    assert _rows(headline_targets(_view(text))) == [
        ("key-project-emission-reduction", "COD", "3000", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "92", "t", ""),
        ("key-project-emission-reduction", "NOx", "700", "t", ""),
        ("key-project-emission-reduction", "VOCs", "700", "t", ""),
    ]
    text = (
        "氮氧化物、挥发性有机物、化学需氧量、氨氮重点工程减排量分别为1446吨、497吨、600吨和15吨。"
    )
    assert [t.pollutant for t in headline_targets(_view(text))] == ["NOx", "VOCs", "COD", "NH3-N"]


def test_one_pollutant_at_a_time_and_pairs() -> None:
    text = "化学需氧量重点工程减排量达到1200吨，氨氮重点工程减排量不低于85吨。"
    assert _rows(headline_targets(_view(text))) == [
        ("key-project-emission-reduction", "COD", "1200", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "85", "t", "at-least"),
    ]
    text = "重点工程减排量分别为：化学需氧量1200吨、氨氮85吨、二氧化硫0.1万吨以上。"
    assert _rows(headline_targets(_view(text))) == [
        ("key-project-emission-reduction", "COD", "1200", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "85", "t", ""),
        ("key-project-emission-reduction", "SO2", "1000", "t", "at-least"),
    ]
    text = "氮氧化物和挥发性有机物重点工程减排量分别达到A吨、B吨。"
    assert headline_targets(_view(text)) == []


def test_mismatched_lists_give_nothing() -> None:
    text = "化学需氧量、氨氮、氮氧化物重点工程减排量分别达到100吨、20吨。"
    assert headline_targets(_view(text)) == []


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("单位生产总值能源消耗比2020年下降12%以上", "12", "at-least"),
        ("单位GDP能耗比2020年下降13.5%左右", "13.5", "about"),
        ("单位国内生产总值能耗下降14%", "14", ""),
        ("万元地区生产总值能耗降低15%", "15", ""),
        ("单位地区生产总值能耗力争下降16%", "16", "aspirational"),
        ("能耗强度降低14.5%", "14.5", ""),
        # a range promises its low end at least
        ("单位地区生产总值能耗比2020年下降16%至18%", "16", "at-least"),
        ("单位GDP能耗下降13%—14%", "13", "at-least"),
        ("单位GDP能耗下降13～14%", "13", "at-least"),  # the unit written once, at the end
    ],
)
def test_energy_intensity_wording(text: str, value: str, qualifier: str) -> None:
    got = headline_targets(_view("到2025年，全市" + text + "。"))
    assert _rows(got) == [("energy-intensity-reduction", None, value, "percent", qualifier)]


@pytest.mark.parametrize(
    "place", ["全市", "全省", "全自治区", "全州", "全盟", "全旗", "我县", "本区"]
)
def test_the_whole_jurisdiction_at_any_level_before_the_subject(place: str) -> None:
    got = headline_targets(_view(f"到2025年，{place}能耗强度比2020年降低13.5%，确保完成下达任务。"))
    assert _rows(got) == [("energy-intensity-reduction", None, "13.5", "percent", "")]


def test_each_subdivisions_figure_is_not_the_plans() -> None:
    text = "到2025年，全市单位GDP能耗下降15%，其中各县（市、区）的万元GDP能耗下降16%。"
    assert _rows(headline_targets(_view(text))) == [
        ("energy-intensity-reduction", None, "15", "percent", "")
    ]


def test_a_range_is_one_target_quoting_both_ends_and_no_gap() -> None:
    text = "到2025年，全市单位地区生产总值能耗比2020年下降16%至18%。"
    gaps: list[Gap] = []
    [got] = headline_targets(_view(text), gaps)
    assert got.span.text.endswith("下降16%至18%") and gaps == []


def test_a_range_is_read_as_every_reader_reads_it_and_the_aspiration_after_it_too() -> None:
    text = "到2025年，全市单位地区生产总值能耗比2020年下降16%至18%，力争下降20%。"
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "16", "percent", "at-least"),
        ("energy-intensity-reduction", None, "20", "percent", "aspirational"),
    ]


def test_aspirational_row_beside_the_basic_target() -> None:
    text = (
        "到2025年，全市单位地区生产总值能耗比2020年下降14.5%，力争下降15%，"
        "能源消费总量得到合理控制。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "14.5", "percent", ""),
        ("energy-intensity-reduction", None, "15", "percent", "aspirational"),
    ]
    _check_spans(got, text)


def test_an_aspiration_of_its_own_clause_is_about_the_indicator_before_it() -> None:
    text = (
        "到2025年，非化石能源消费比重达到10%，力争达到12%；城镇新建建筑中绿色建筑面积占比达到100%。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("non-fossil-energy-share", None, "10", "percent", ""),
        ("non-fossil-energy-share", None, "12", "percent", "aspirational"),
        ("green-building-share", None, "100", "percent", ""),
    ]
    _check_spans(got, text)


def test_a_sentence_dated_at_the_base_year_states_its_state() -> None:
    text = (
        "2020年，全旗能源消费总量为1320万吨标准煤，煤炭消费量为905万吨。"
        "到2025年，能源消费总量控制在1500万吨标准煤以内。"
    )
    assert _rows(headline_targets(_view(text))) == [
        ("energy-consumption-total", None, "15000000", "tce", "at-most")
    ]
    compared = "2020年，全市单位地区生产总值能耗比2015年下降15%。"
    assert _rows(headline_targets(_view(compared)))[0][2] == "15"


def test_the_public_institutions_named_once_for_both_cuts_in_the_targets() -> None:
    text = "到2025年，全区公共机构单位建筑面积能耗下降5%，人均综合能耗下降6%。"
    assert _rows(headline_targets(_view(text))) == [
        ("public-institution-energy-per-area-reduction", None, "5", "percent", ""),
        ("public-institution-energy-per-capita-reduction", None, "6", "percent", ""),
    ]


def test_annual_reduction() -> None:
    text = (
        "到2025年，全市单位国内生产总值能源消耗比2020年下降8%，“十四五”期间年均下降1.65%，"
        "能源消费总量得到合理控制。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "8", "percent", ""),
        ("energy-intensity-annual-reduction", None, "1.65", "percent", ""),
    ]
    assert got[1].span.text.endswith("年均下降1.65%")


def test_energy_and_coal_consumption() -> None:
    text = (
        "“十四五”时期，单位生产总值能耗比 2020 年下降 17.5%、能源消费增量控制目标为 32 万吨标准煤，"
        "煤炭消费总量较2020年保持负增长、控制在119万吨左右，非化石能源占能源消费总量比重达到20%以上，"
        "能源消费总量控制在1000万吨标准煤以内。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "17.5", "percent", ""),
        ("energy-consumption-increment", None, "320000", "tce", ""),
        ("coal-consumption-total", None, "1190000", "t", "about"),
        ("non-fossil-energy-share", None, "20", "percent", "at-least"),
        ("energy-consumption-total", None, "10000000", "tce", "at-most"),
    ]
    assert all(t.target_year == 2025 and t.base_year == 2020 for t in got)
    _check_spans(got, text)


def test_increment_ceiling() -> None:
    text = "到2025年，能源消费增量控制在32万吨标准煤以内。"
    assert _rows(headline_targets(_view(text))) == [
        ("energy-consumption-increment", None, "320000", "tce", "at-most")
    ]


def test_numberless_statements_give_nothing() -> None:
    text = (
        "到2025年，全市单位地区生产总值能源消耗降低完成省下达目标，能源消费总量得到合理控制，"
        "煤炭消费总量保持负增长，主要污染物重点工程减排量达到省要求，"
        "重点行业能源利用效率和主要污染物排放控制水平达到省上要求。"
    )
    assert headline_targets(_view(text)) == []


def test_co2_intensity_is_not_energy_intensity() -> None:
    text = "单位生产总值二氧化碳排放比2020年下降18%。"
    assert headline_targets(_view(text)) == []
    # A list of subjects with 分别: each figure goes to its own subject, by position.
    for text, value in (
        ("单位生产总值能耗和二氧化碳排放分别下降13.5%、18%。", "13.5"),
        ("单位地区生产总值二氧化碳排放和能耗分别比2020年下降18%和13.5%以上。", "13.5"),
    ):
        rows = _rows(headline_targets(_view(text)))
        assert [r[:3] for r in rows] == [("energy-intensity-reduction", None, value)], text
    # Without 分别, or with counts that disagree, nothing is read.
    assert headline_targets(_view("单位生产总值能耗和二氧化碳排放下降13.5%、18%。")) == []
    assert headline_targets(_view("单位生产总值能耗和二氧化碳排放分别下降13.5%。")) == []


def test_years_from_text() -> None:
    text = "到2030年，全市单位地区生产总值能耗比2025年下降10%。"
    (t,) = headline_targets(_view(text))
    assert (t.base_year, t.target_year) == (2025, 2030)


def test_traditional_script() -> None:
    text = (
        "到2025年，全市單位地區生產總值能源消耗比2020年下降14%，"
        "化學需氧量、氨氮、氮氧化物、揮發性有機物重點工程減排量分別達到1000噸、50噸、600噸和200噸。"
    )
    got = headline_targets(_view(text, simplify=True))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "14", "percent", ""),
        ("key-project-emission-reduction", "COD", "1000", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "50", "t", ""),
        ("key-project-emission-reduction", "NOx", "600", "t", ""),
        ("key-project-emission-reduction", "VOCs", "200", "t", ""),
    ]
    _check_spans(got, text)
    assert "單位地區" in got[0].span.text  # spans quote the original script


def test_stray_line_breaks_and_fullwidth_digits() -> None:
    text = (
        "到２０２５年，全市单位地区生产总值能源消耗比２０２０年下降１４．５％，\n"
        "化学需氧量、氨氮重点工程减排量分别完成1.0\n17万吨、0.06\n91万\n吨。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [
        ("energy-intensity-reduction", None, "14.5", "percent", ""),
        ("key-project-emission-reduction", "COD", "10170", "t", ""),
        ("key-project-emission-reduction", "NH3-N", "691", "t", ""),
    ]
    _check_spans(got, text)
    assert "1.0\n17万吨" in got[1].span.text


# ------------------------------------------------------- the five sample plans


def _main_target_paragraph(name: str) -> tuple[str, Compact]:
    original, _ = decode((PLANS / name).read_bytes(), name)
    start = original.index("主要目标")
    end = original.index("\n", original.index("。", start))
    return original, compact(normalise(original, False), original, start, end)


E = "key-project-emission-reduction"
# The headline targets of each bundled plan's 主要目标 paragraph.
SAMPLES: dict[str, list[tuple[object, ...]]] = {
    name: [tuple(row) for row in rows]
    for name, rows in json_table("targets/headline-samples.json").items()
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_plan_headline(name: str) -> None:
    original, block = _main_target_paragraph(name)
    got = headline_targets(block)
    assert _rows(got) == SAMPLES[name]
    assert all((t.base_year, t.target_year) == (2020, 2025) for t in got)
    _check_spans(got, original)


# -------------------------------------------------------------------- measures


def _measure(text: str) -> list[Target]:
    return measure_targets(_view(text), (3, 1))


def _mrows(targets: list[Target]) -> list[tuple[object, ...]]:
    return [
        (t.indicator, t.indicator_label, t.subject, canonical(t.value), t.unit, t.qualifier)
        for t in targets
    ]


def test_measure_industry_and_water() -> None:
    text = (
        "（一）重点行业绿色升级工程。推进清洁生产。“十四五”时期，规模以上工业单位增加值能耗下降15%，"
        "万元工业增加值用水量下降16%。到 2025 年，规模以上工业企业单位工业增加值能耗比 2020 年"
        "下降 16.5%以上。（市经信局负责）"
    )
    got = _measure(text)
    assert [(t.indicator, canonical(t.value), t.qualifier, t.base_year) for t in got] == [
        ("industrial-energy-intensity-reduction", "15", "", 2020),
        ("industrial-water-intensity-reduction", "16", "", 2020),
        ("industrial-energy-intensity-reduction", "16.5", "at-least", 2020),
    ]
    assert all(t.scope == "measure" and t.measure == (3, 1) for t in got)
    assert all(t.target_year == 2025 for t in got)
    _check_spans(got, text)


def test_measure_coal_per_kwh_and_non_fossil() -> None:
    text = (
        "到2025年，火电（含热电）平均发电标煤耗下降至295克标准煤/千瓦时以下，"
        "煤电机组供电煤耗降至300克标准煤/千瓦时，供电煤耗下降3克标准煤/千瓦时，"
        "非化石能源占能源消费总量比重达到24%左右，非化石能源消费比重提高3%。"
    )
    got = _measure(text)
    assert [(t.indicator, canonical(t.value), t.unit, t.qualifier) for t in got] == [
        ("coal-consumption-per-kwh-generated", "295", "gce/kWh", "at-most"),
        ("coal-consumption-per-kwh-supplied", "300", "gce/kWh", ""),
        ("non-fossil-energy-share", "24", "percent", "about"),
    ]


def test_measure_public_institutions() -> None:
    text = (
        "到2025年，全市公共机构单位建筑面积能耗下降3.2％、人均综合能耗下降4.3％、"
        "人均用水量下降6.7％。"
    )
    got = _measure(text)
    assert [(t.indicator, canonical(t.value), t.base_year) for t in got] == [
        ("public-institution-energy-per-area-reduction", "3.2", 2020),
        ("public-institution-energy-per-capita-reduction", "4.3", 2020),
    ]
    text = "到2025年，公共机构单位建筑面积能耗和人均能耗比2019年分别降低4%和5%。"
    got = _measure(text)
    assert [(t.indicator, canonical(t.value), t.base_year) for t in got] == [
        ("public-institution-energy-per-area-reduction", "4", 2019),
        ("public-institution-energy-per-capita-reduction", "5", 2019),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，单位建筑面积能耗下降6%，人均综合能耗下降6%。",
        "单位建筑面积能耗和人均综合能耗分别下降6%、6%。",
    ],
)
def test_measure_public_institutions_named_by_the_title(text: str) -> None:
    # The measure is about them: its title names the holder, its sentences need not.
    got = measure_targets(_view(text), (3, 1), "(九)公共机构能效提升工程")
    assert [(t.indicator, canonical(t.value)) for t in got] == [
        ("public-institution-energy-per-area-reduction", "6"),
        ("public-institution-energy-per-capita-reduction", "6"),
    ]
    assert measure_targets(_view(text), (3, 1), "(八)建筑节能工程") == []
    assert measure_targets(_view(text), (3, 1)) == []


def test_measure_generic_ratios() -> None:
    text = (
        "到2025年，全市行政村农村生活污水有效治理比例达到80％，秸秆综合利用率稳定在90％以上，"
        "力争出水达标率达到95%，城市可渗透地面面积比例不低于40%，"
        "重点耗能行业能效达到标杆水平的比例超过 30%，城市生活垃圾焚烧处理能力占比95%左右，"
        "主要农作物化肥、农药利用率均达到43%以上。"
    )
    assert _mrows(_measure(text)) == [
        ("other", "行政村农村生活污水有效治理比例", None, "80", "percent", ""),
        ("other", "秸秆综合利用率", None, "90", "percent", "at-least"),
        ("other", "出水达标率", None, "95", "percent", "aspirational"),
        ("other", "城市可渗透地面面积比例", None, "40", "percent", "at-least"),
        ("other", "重点耗能行业能效达到标杆水平的比例", None, "30", "percent", "at-least"),
        ("other", "城市生活垃圾焚烧处理能力占比", None, "95", "percent", "about"),
        ("other", "主要农作物化肥、农药利用率", None, "43", "percent", "at-least"),
    ]


def test_measure_generic_subjects_with_lists() -> None:
    text = (
        "到2025年中心城区和县城污水处理率分别达到99%和95%以上；全市再生水利用率达到25%以上；"
        "市中心城区和县城污泥无害化处置率分别达到98%、95%。"
    )
    assert _mrows(_measure(text)) == [
        ("other", "污水处理率", "中心城区", "99", "percent", ""),
        ("other", "污水处理率", "县城", "95", "percent", "at-least"),
        ("other", "再生水利用率", None, "25", "percent", "at-least"),
        ("other", "污泥无害化处置率", "市中心城区", "98", "percent", ""),
        ("other", "污泥无害化处置率", "县城", "95", "percent", ""),
    ]
    text = "到2025年，污泥无害化处理率市本级达到95%，其他设市城市达到80%，县城达到65%。"
    assert _mrows(_measure(text)) == [
        ("other", "污泥无害化处理率", "市本级", "95", "percent", ""),
        ("other", "污泥无害化处理率", "其他设市城市", "80", "percent", ""),
        ("other", "污泥无害化处理率", "县城", "65", "percent", ""),
    ]


def test_measure_generic_shared_ratio_word() -> None:
    text = "到2025年，绿色防控、统防统治覆盖率分别达到55%、45%。"
    assert _mrows(_measure(text)) == [
        ("other", "绿色防控覆盖率", None, "55", "percent", ""),
        ("other", "统防统治覆盖率", None, "45", "percent", ""),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # no 到2025年 / “十四五” in the sentence
        "推广建筑一体化光伏发电系统，新建民用建筑安装比例达到60%以上。",
        # counts, years, 一企一策: not ratio targets
        "到2025年创建10家以上绿色工厂（园区）、2个绿色供应链管理企业，按照“一企一策”制定计划。",
        "到2025年，全市80%以上的党政机关建成节约型机关，全市城镇新建建筑100%执行绿色建筑标准。",
        # a change, not a level
        "到2025年，再生水利用率较2020年提高5%，清洁取暖比例提高5个百分点。",
        # no number
        "到2025年，城镇清洁取暖比例和绿色高效制冷产品市场占有率大幅提升。",
        # 分别 with mismatched counts
        "到2025年，城市和县城污水处理率分别达到95%。",
    ],
)
def test_measure_generic_is_conservative(text: str) -> None:
    assert _measure(text) == []


def test_measure_traditional_script() -> None:
    text = "到2025年，畜禽糞污綜合利用率達到80%以上，規模以上工業單位增加值能耗下降13.5%以上。"
    got = measure_targets(_view(text, simplify=True), (3, 5))
    assert [(t.indicator, t.indicator_label, canonical(t.value), t.qualifier) for t in got] == [
        ("other", "畜禽粪污综合利用率", "80", "at-least"),
        ("industrial-energy-intensity-reduction", None, "13.5", "at-least"),
    ]
    _check_spans(got, text)


def test_sample_plan_measures_smoke() -> None:
    """Every sample measure parses; the specific indicators the texts state are found."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(PLANS.glob("*.txt")):
        original, _ = decode(path.read_bytes(), path.name)
        norm = normalise(original, False)
        heading = re.compile(r"^[\s\u3000]*\([一二三四五六七八九十]+\)", re.M)
        heads = [m.start() for m in heading.finditer(norm)]
        got: set[tuple[str, str]] = set()
        for i, lo in enumerate(heads):
            hi = heads[i + 1] if i + 1 < len(heads) else len(norm)
            targets = measure_targets(compact(norm, original, lo, hi), (3, i + 1))
            _check_spans(targets, original)
            got |= {(t.indicator, canonical(t.value)) for t in targets}
        found[path.name] = got
    assert ("industrial-energy-intensity-reduction", "15") in found["dazhou-511700-draft.txt"]
    assert ("industrial-water-intensity-reduction", "16") in found["dazhou-511700-draft.txt"]
    assert ("industrial-energy-intensity-reduction", "16.5") in found["dingzhou-130682.txt"]
    assert ("industrial-energy-intensity-reduction", "20") in found["haining-330481-draft.txt"]
    assert ("coal-consumption-per-kwh-generated", "295") in found["haining-330481-draft.txt"]
    assert ("non-fossil-energy-share", "24") in found["haining-330481-draft.txt"]
    assert ("industrial-water-intensity-reduction", "7.5") in found["tianshui-620500.txt"]
    assert ("industrial-water-intensity-reduction", "6") in found["zhumadian-411700-draft.txt"]
    assert Decimal(0) not in {Decimal(v) for _, v in set().union(*found.values())}


def test_non_fossil_level_not_change() -> None:
    text = (
        "到2025年，非化石能源消费比重较2020年提高到20%，非化石能源占能源消费总量比重提高3个百分点，"
        "非化石能源消费比重提高3%。"
    )
    got = headline_targets(_view(text))
    assert _rows(got) == [("non-fossil-energy-share", None, "20", "percent", "")]


def test_measure_year_stays_in_its_sentence() -> None:
    text = (
        "到2023年，建成一批示范项目。规模以上工业单位增加值能耗下降15%，"
        "到2030年，秸秆综合利用率达到95%。"
    )
    got = _measure(text)
    assert [(t.indicator, t.target_year) for t in got] == [
        ("industrial-energy-intensity-reduction", 2025),
        ("other", 2030),
    ]


# ------------------------------------------- headline grammar: one test per phenomenon


def _read(text: str) -> tuple[list[tuple[object, ...]], list[tuple[str, str, str]]]:
    gaps: list[Gap] = []
    got = headline_targets(_view(text), gaps)
    _check_spans(got, text)
    for g in gaps:
        assert g.span.text == text[g.span.start : g.span.end] and g.span.text
    return _rows(got), [(g.kind, g.detail, g.span.text) for g in gaps]


FOUR = [("COD", "1000"), ("NH3-N", "50"), ("NOx", "600"), ("VOCs", "200")]


def _kp(pairs: list[tuple[str, str]], qualifier: str = "") -> list[tuple[object, ...]]:
    return [(E, p, v, "t", qualifier) for p, v in pairs]


@pytest.mark.parametrize(
    "connective",
    [
        "分别达到",
        "分别为",
        "分别达",
        "分别完成",
        "分别减少",
        "分别削减",
        "确保分别达到",
        "达到",
        "为",
    ],
)
def test_pollutant_connectives(connective: str) -> None:
    text = f"化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量{connective}1000吨、50吨、600吨、200吨。"
    assert _read(text) == (_kp(FOUR), [])


@pytest.mark.parametrize(
    ("connective", "suffix", "qualifier"),
    [
        ("分别不低于", "", "at-least"),
        ("分别达到", "以上", "at-least"),
        ("分别达到", "左右", "about"),
        ("力争分别达到", "", "aspirational"),
    ],
)
def test_pollutant_qualifiers(connective: str, suffix: str, qualifier: str) -> None:
    figs = "、".join(f"{v}吨{suffix}" for _, v in FOUR)
    text = f"化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量{connective}{figs}。"
    assert _read(text)[0] == _kp(FOUR, qualifier)


def test_pollutant_names_abbreviated_in_any_order_and_separators() -> None:
    text = "VOCs，NOx，NH3-N和COD重点工程减排量分别达到0.02万吨，0.06万吨，0.005万吨和0.1万吨。"
    assert _read(text)[0] == _kp(list(reversed(FOUR)))
    text = "挥发性有机物(VOCs)、化学需氧量(COD)、氮氧化物(NOₓ)、氨氮(NH₃-N)重点工程减排量分别为200、1000、600和50吨。"
    assert _read(text)[0] == _kp([FOUR[3], FOUR[0], FOUR[2], FOUR[1]])


def test_pollutant_units_trailing_and_four_decimals() -> None:
    text = (
        "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到0.1、0.005、0.06、0.02万吨。"
    )
    assert _read(text)[0] == _kp(FOUR)
    text = "化学需氧量、氨氮重点工程减排量分别达到1.0170万吨、0.0691万吨。"
    assert _read(text)[0] == _kp([("COD", "10170"), ("NH3-N", "691")])


def test_pollutant_verb_before_the_names() -> None:
    text = "完成化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量1000吨、50吨、600吨、200吨。"
    assert _read(text)[0] == _kp(FOUR)


def test_one_pollutant_per_clause_with_elided_indicator() -> None:
    text = "化学需氧量重点工程减排量达到1000吨，氨氮50吨，氮氧化物600吨，挥发性有机物200吨。"
    assert _read(text) == (_kp(FOUR), [])
    text = (
        "化学需氧量重点工程减排量不低于1000吨；氨氮重点工程减排量不低于50吨；"
        "氮氧化物重点工程减排量不低于600吨；挥发性有机物重点工程减排量不低于200吨。"
    )
    assert _read(text)[0] == _kp(FOUR, "at-least")


def test_the_indicator_repeated_after_each_name_is_one_list() -> None:
    text = "化学需氧量重点工程减排量、氨氮重点工程减排量分别达到1000吨、50吨。"
    assert _read(text) == (_kp(FOUR[:2]), [])
    text = "到2025年，化学需氧量排放总量、氨氮排放总量比2020年分别下降8%、10%。"
    assert _read(text)[0] == [
        ("total-emission-reduction", "COD", "8", "percent", ""),
        ("total-emission-reduction", "NH3-N", "10", "percent", ""),
    ]
    # Cut short after its first figure: the list's figures are not all there, no pairing.
    text = "化学需氧量重点工程减排量、氨氮重点工程减排量分别不低于4.62万吨、0.32"
    rows, gaps = _read(text)
    assert rows == [] and gaps[0][:2] == ("target-without-value", "2 pollutants but 1 figures")


def test_pollutant_count_mismatch_is_a_gap_not_a_guess() -> None:
    text = "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到1000吨、50吨、600吨。"
    rows, gaps = _read(text)
    assert rows == []
    assert gaps == [
        (
            "target-without-value",
            "4 pollutants but 3 figures",
            "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到1000吨、50吨、600吨",
        )
    ]
    # A pollutant we do not know breaks the list: the counts cannot be trusted.
    text = "化学需氧量、氨氮、重金属重点工程减排量分别达到1000吨、50吨、3吨。"
    rows, gaps = _read(text)
    assert rows == [] and [g[0] for g in gaps] == ["target-without-value"]


def test_total_emission_percent_cuts_are_their_own_indicator() -> None:
    # A bound written once after a 分别 list is every figure's (…分别下降8%、10%以上).
    text = "到2025年，化学需氧量、氨氮、氮氧化物、挥发性有机物排放总量比2020年分别下降8%、8%、10%、10%以上。"
    assert _read(text) == (
        [
            ("total-emission-reduction", "COD", "8", "percent", "at-least"),
            ("total-emission-reduction", "NH3-N", "8", "percent", "at-least"),
            ("total-emission-reduction", "NOx", "10", "percent", "at-least"),
            ("total-emission-reduction", "VOCs", "10", "percent", "at-least"),
        ],
        [],
    )
    assert _read("到2025年，化学需氧量、氨氮排放总量分别下降8%、10%。")[0] == [
        ("total-emission-reduction", "COD", "8", "percent", ""),
        ("total-emission-reduction", "NH3-N", "10", "percent", ""),
    ]
    assert _read("氮氧化物和挥发性有机物排放总量均下降10%以上。")[0] == [
        ("total-emission-reduction", "NOx", "10", "percent", "at-least"),
        ("total-emission-reduction", "VOCs", "10", "percent", "at-least"),
    ]
    # 分别 before one figure: each name's, after other clauses of the sentence too.
    text = (
        "到2025年，全区细颗粒物（PM2.5）浓度比2020年下降7.1%，优良天数比率达到90.7%以上；"
        "氮氧化物、挥发性有机物（VOCs）排放总量比2020年分别下降10%以上。"
    )
    assert _read(text)[0] == [
        ("total-emission-reduction", "NOx", "10", "percent", "at-least"),
        ("total-emission-reduction", "VOCs", "10", "percent", "at-least"),
    ]
    # …but not a list of figures that goes on without its unit (an excerpt cut short).
    rows, gaps = _read("化学需氧量、氨氮排放总量分别下降8%、10。")
    assert rows == [] and gaps[0][:2] == ("target-without-value", "2 pollutants but 1 figures")
    # No names: which figure is whose is unknown.
    rows, gaps = _read("主要污染物排放总量比2020年分别下降8%、8%、10%、10%以上。")
    assert rows == [] and gaps[0][:2] == ("target-without-value", "8%、8%、10%、10%以上")


def test_total_emission_tonnes_are_not_key_project_tonnages() -> None:
    rows, gaps = _read("化学需氧量、氨氮排放总量分别减少1000吨、50吨。")
    assert rows == [] and [g[0] for g in gaps] == ["target-without-value"]


@pytest.mark.parametrize(
    "subject",
    ["单位地区生产总值能耗", "单位GDP能耗", "单位生产总值能源消耗", "单位国内生产总值能耗"],
)
@pytest.mark.parametrize("base", ["比2020年", "较2020年", "“十四五”期间", ""])
@pytest.mark.parametrize("verb", ["下降", "降低", "累计下降"])
def test_energy_intensity_every_wording(subject: str, base: str, verb: str) -> None:
    rows, gaps = _read(f"到2025年，全市{subject}{base}{verb}14.5%。")
    assert (rows, gaps) == ([("energy-intensity-reduction", None, "14.5", "percent", "")], [])


@pytest.mark.parametrize(
    ("wording", "qualifier"),
    [("下降14.5%以上", "at-least"), ("下降14.5%左右", "about"), ("下降不低于14.5%", "at-least")],
)
def test_energy_intensity_qualifiers(wording: str, qualifier: str) -> None:
    rows = _read(f"单位地区生产总值能耗比2020年{wording}。")[0]
    assert rows == [("energy-intensity-reduction", None, "14.5", "percent", qualifier)]


@pytest.mark.parametrize(
    "text",
    [
        "单位地区生产总值能耗比2020年下降14%，力争达到15%。",
        "单位地区生产总值能耗比2020年下降14%，力争完成15%的激励目标。",
        "单位地区生产总值能耗确保完成省下达的14%目标，力争完成15%。",
        "确保单位地区生产总值能耗下降14%、力争下降15%。",
        "单位地区生产总值能耗下降14%（激励目标15%）。",
        "单位地区生产总值能耗降低率确保完成省下达的14%基本目标、力争完成15%的激励目标。",
    ],
)
def test_energy_intensity_aspirational_beside_the_basic(text: str) -> None:
    assert _read(text) == (
        [
            ("energy-intensity-reduction", None, "14", "percent", ""),
            ("energy-intensity-reduction", None, "15", "percent", "aspirational"),
        ],
        [],
    )


def test_energy_intensity_assignment_alone_is_the_basic_target() -> None:
    rows = _read("单位地区生产总值能源消耗确保完成省下达的14%目标。")[0]
    assert rows == [("energy-intensity-reduction", None, "14", "percent", "")]


def test_annual_rate_is_not_the_headline_figure() -> None:
    rows = _read("到2025年，单位地区生产总值能耗年均下降3%。")[0]
    assert rows == [("energy-intensity-annual-reduction", None, "3", "percent", "")]


def test_qualitative_targets_are_gaps_never_numbers() -> None:
    text = (
        "到2025年，单位地区生产总值能耗降低完成省下达目标，能源消费总量得到合理控制，"
        "主要污染物重点工程减排量完成省下达任务。"
    )
    assert _read(text) == (
        [],
        [
            (
                "qualitative-target",
                "energy-intensity-reduction",
                "单位地区生产总值能耗降低完成省下达目标",
            ),
            ("qualitative-target", E, "主要污染物重点工程减排量完成省下达任务"),
        ],
    )
    assert _read("到2025年，完成省下达的减排任务。")[1] == [
        ("qualitative-target", E, "完成省下达的减排任务")
    ]


def test_decoys_in_the_same_sentence() -> None:
    text = (
        "到2025年，单位地区生产总值能耗下降14%，万元工业增加值用水量下降16%，"
        "单位地区生产总值二氧化碳排放下降18%，煤炭消费总量控制在119万吨左右，"
        "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到1000吨、50吨、600吨、200吨。"
    )
    rows, gaps = _read(text)
    # industrial water use per value added is a headline indicator (the blind sets' and
    # real drafting's readers count it); carbon intensity is none the vocabulary names
    assert rows == [
        ("energy-intensity-reduction", None, "14", "percent", ""),
        ("industrial-water-intensity-reduction", None, "16", "percent", ""),
        ("coal-consumption-total", None, "1190000", "t", "about"),
        *_kp(FOUR),
    ]
    assert [(k, d) for k, d, _ in gaps] == [("target-without-value", "18%")]


def test_energy_intensity_aspiration_before_the_subject_and_five_years() -> None:
    rows = _read("到2025年，力争全市单位GDP能耗五年累计下降15%。")[0]
    assert rows == [("energy-intensity-reduction", None, "15", "percent", "aspirational")]


def test_qualitative_target_of_another_indicator_names_its_subject() -> None:
    assert _read("单位生产总值二氧化碳排放确保完成省下达指标。")[1] == [
        (
            "qualitative-target",
            "单位生产总值二氧化碳排放",
            "单位生产总值二氧化碳排放确保完成省下达指标",
        )
    ]


def test_pollutants_without_a_notation_keep_the_positions() -> None:
    text = "化学需氧量、氨氮、总磷、氮氧化物、挥发性有机物重点工程减排量分别为1000吨、50吨、3吨、600吨、200吨。"
    rows, gaps = _read(text)
    assert rows == _kp(FOUR)
    assert [(k, d) for k, d, _ in gaps] == [
        ("target-without-value", "3吨 (总磷: no pollutant notation)")
    ]


def test_qualitative_basic_and_incentive_targets_are_one_gap() -> None:
    text = "确保完成省下达的能耗强度降低基本目标，力争完成激励目标。"
    assert _read(text) == (
        [],
        [
            (
                "qualitative-target",
                "energy-intensity-reduction",
                "确保完成省下达的能耗强度降低基本目标",
            )
        ],
    )
    # The subject in the clause before: "…减排量,完成省下达任务".
    assert _read("主要污染物重点工程减排量，完成省下达任务。")[1] == [
        ("qualitative-target", E, "主要污染物重点工程减排量，完成省下达任务")
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("主要目标", True),
        ("工作目标", True),
        ("目标任务", True),
        ("总体要求和主要目标", True),
        ("节能目标", True),
        ("强化目标责任", False),
        ("严格目标考核", False),
        ("健全目标责任评价考核制度", False),
        ("重点工程", False),
    ],
)
def test_target_headings(title: str, expected: bool) -> None:
    assert is_target_heading(title) is expected


def test_general_aims_are_not_qualitative_targets() -> None:
    text = "确保完成省下达我市“十四五”节能减排目标，助力实现碳达峰、碳中和目标。"
    assert _read(text) == ([], [])


@pytest.mark.parametrize(
    "past",
    [
        "“十三五”期间，全市单位地区生产总值能耗累计下降17.6%，化学需氧量、氨氮排放总量分别下降10.5%、11.2%。",
        "十三五以来，全省单位地区生产总值能耗下降18.2%，超额完成国家下达的目标任务。",
    ],
)
def test_what_a_sentence_reports_of_an_earlier_period_is_no_target(past: str) -> None:
    target = "到2025年，全市单位地区生产总值能耗比2020年下降14%。"
    assert _rows(headline_targets(_view(past + target))) == [
        ("energy-intensity-reduction", None, "14", "percent", "")
    ]


def test_a_base_named_by_the_earlier_period_keeps_its_target() -> None:
    text = "到2025年，全市单位地区生产总值能耗比“十三五”末下降13.5%。"
    assert _rows(headline_targets(_view(text))) == [
        ("energy-intensity-reduction", None, "13.5", "percent", "")
    ]


def test_a_range_whose_low_end_writes_its_scale_promises_its_ceiling() -> None:
    text = (
        "到2025年，全市能源消费总量控制在1150万—1180万吨标准煤，煤炭消费总量控制在850万—870万吨。"
    )
    assert _rows(headline_targets(_view(text))) == [
        ("energy-consumption-total", None, "11800000", "tce", "at-most"),
        ("coal-consumption-total", None, "8700000", "t", "at-most"),
    ]


def test_a_districts_value_added_and_its_public_institutions_in_the_targets() -> None:
    text = (
        "到2025年，全区单位增加值能耗比2020年下降14%，规模以上工业单位增加值能耗下降15%。"
        "全区公共机构单位建筑面积能耗下降5%，公共机构人均综合能耗下降6%。"
        "万元工业增加值用水量下降18%。"
    )
    assert _rows(headline_targets(_view(text))) == [
        ("energy-intensity-reduction", None, "14", "percent", ""),
        ("industrial-energy-intensity-reduction", None, "15", "percent", ""),
        ("public-institution-energy-per-area-reduction", None, "5", "percent", ""),
        ("public-institution-energy-per-capita-reduction", None, "6", "percent", ""),
        ("industrial-water-intensity-reduction", None, "18", "percent", ""),
    ]


def test_a_figure_for_subdivisions_the_targets_name_is_not_the_plan_s() -> None:
    text = (
        "肇庆市“十四五”节能减排实施方案\n一、主要目标\n"
        "到2025年，全市单位地区生产总值能耗比2020年下降14.5%。"
        "其中，高要区、四会市单位地区生产总值能耗下降不低于15%，其余县（市、区）目标另行下达。\n"
        "二、重点工程\n（一）重点行业绿色升级工程。推进节能改造。（市工业和信息化局牵头）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "zhaoqing.txt")
    headline = [(t.indicator, str(t.value)) for t in plan.targets if t.scope == "headline"]
    assert headline == [("energy-intensity-reduction", "14.5")]


def test_coal_per_kwh_supplied_is_a_headline_target() -> None:
    text = "到2025年，燃煤电厂平均供电煤耗降至300克标准煤/千瓦时以下。"
    assert _rows(headline_targets(_view(text))) == [
        ("coal-consumption-per-kwh-supplied", None, "300", "gce/kWh", "at-most")
    ]


def test_results_naming_the_period_after_them_and_a_sector_s_share() -> None:
    text = (
        "介休市“十四五”节能减排实施方案\n一、主要目标\n"
        "到2025年，全市化学需氧量、氮氧化物重点工程减排量分别不低于520吨、2300吨，"
        "其中焦化行业氮氧化物减排量1500吨。"
        "“十三五”时期，全市单位地区生产总值能耗累计下降8.2%，为“十四五”时期做好节能减排工作奠定了基础。\n"
        "二、重点工程\n（一）重点行业绿色升级工程。推进节能改造。（市工信局牵头）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "jiexiu.txt")
    headline = sorted(str(t.value) for t in plan.targets if t.scope == "headline")
    assert headline == ["2300", "520"]


def test_an_indicator_s_label_may_name_its_base_between_its_words() -> None:
    text = "到2025年，万元工业增加值用水量比2020年下降20%。"
    assert _rows(headline_targets(_view(text))) == [
        ("industrial-water-intensity-reduction", None, "20", "percent", "")
    ]


def test_a_table_of_targets_whose_cells_write_their_unit_or_base() -> None:
    text = (
        "诸暨市“十四五”节能减排综合实施方案\n一、主要目标\n到2025年，全市节能减排主要目标如下：\n"
        "类别\t指标\t2025年目标\n能耗\t单位地区生产总值能耗降低率\t较2020年下降15%\n"
        "能耗\t规模以上工业单位增加值能耗降低率\t≥16.5%\n减排\t化学需氧量重点工程减排量\t≥620吨\n"
        "二、重点任务\n（一）实施重点行业绿色升级工程。推进改造。（市经信局牵头）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "zhuji.txt")
    got = {(t.indicator, t.pollutant, str(t.value), t.qualifier) for t in plan.targets}
    assert got == {
        ("energy-intensity-reduction", None, "15", ""),
        ("industrial-energy-intensity-reduction", None, "16.5", "at-least"),
        ("key-project-emission-reduction", "COD", "620", "at-least"),
    }


def test_a_county_table_laid_out_side_by_side_in_the_targets_gives_each_county_its_own() -> None:
    text = (
        "甘南州“十四五”节能减排综合工作方案\n一、主要目标\n"
        "到2025年，全州单位地区生产总值能耗比2020年下降10.5%。\n"
        "各县市“十四五”单位地区生产总值能耗降低目标分解如下：\n"
        "县市\t能耗强度降低目标（%）\t县市\t能耗强度降低目标（%）\n"
        "合作市\t11.5\t迭部县\t9.5\n舟曲县\t10.5\t夏河县\t10\n"
        "二、重点工程\n（一）工业节能降碳工程。推进节能改造。（州工信局牵头）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "gannan.txt")
    headline = [str(t.value) for t in plan.targets if t.scope == "headline"]
    counties = sorted((t.subject, str(t.value)) for t in plan.targets if t.scope == "annex")
    assert headline == ["10.5"]
    assert counties == [("合作市", "11.5"), ("夏河县", "10"), ("舟曲县", "10.5"), ("迭部县", "9.5")]
