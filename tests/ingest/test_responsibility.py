"""Responsibility-note parsing rules, one variant per test, on small fixtures."""

from __future__ import annotations

import pytest

from ingest.gazetteer import gazetteer
from ingest.model import AgencyMention, Division, Gap
from ingest.parser import parse_bytes
from ingest.responsibility import (
    NoteState,
    full_name,
    measure_notes,
    notes_in,
    numbered_responsibilities,
    parse_note,
)
from ingest.text import compact, normalise
from ingest.vocab import vocabularies
from tests.support.paths import PLANS
from tests.support.tables import tsv_rows

CITY = gazetteer().division("411700")  # 驻马店市
COUNTY = gazetteer().division("411727")  # 汝南县


def parse(
    block: str, state: NoteState | None = None, where: Division = CITY
) -> list[AgencyMention]:
    state = state or NoteState()
    c = compact(normalise(block, simplify=False), block)
    out: list[AgencyMention] = []
    for note in notes_in(c, state, vocabularies(), where):
        out.extend(note.mentions)
    return out


def roles(mentions: list[AgencyMention]) -> list[tuple[str, str, str | None]]:
    return [(m.name_as_written, m.role, m.basis) for m in mentions]


def test_listing_order_when_nothing_is_marked() -> None:
    got = parse("推进改造。（市科学技术局、市发展和改革委员会、市生态环境局按职责分工负责）")
    assert roles(got) == [
        ("市科学技术局", "lead", "listing-order"),
        ("市发展和改革委员会", "responsible", None),
        ("市生态环境局", "responsible", None),
    ]
    assert [m.position for m in got] == [1, 2, 3]
    assert got[1].agency_type == "development-reform"
    assert got[1].full_name == "驻马店市发展和改革委员会"


def test_explicit_leads_and_supporters() -> None:
    got = parse("（责任单位：市交通运输局、市发展改革委牵头，市公安局、市财政局等配合）")
    assert roles(got) == [
        ("市交通运输局", "lead", "explicit"),
        ("市发展改革委", "lead", "explicit"),
        ("市公安局", "supporting", None),
        ("市财政局", "supporting", None),
    ]


@pytest.mark.parametrize("word", ["参与", "协助", "配合"])
def test_supporting_words(word: str) -> None:
    got = parse(f"（市发展改革委牵头负责，市统计局{word}）")
    assert roles(got) == [
        ("市发展改革委", "lead", "explicit"),
        ("市统计局", "supporting", None),
    ]


def test_single_agency_responsible_is_lead_by_listing_order() -> None:
    assert roles(parse("（市生态环境局负责）")) == [("市生态环境局", "lead", "listing-order")]


def test_square_brackets_and_names_without_city_prefix() -> None:
    got = parse("〔发展改革委、生态环境局、工业和信息化局等按职责分工负责〕")
    assert roles(got) == [
        ("发展改革委", "lead", "listing-order"),
        ("生态环境局", "responsible", None),
        ("工业和信息化局", "responsible", None),
    ]
    assert got[0].full_name == "驻马店市发展改革委"
    assert got[1].agency_type == "ecology-environment"


@pytest.mark.parametrize(
    "note",
    [
        "【市发展改革委、市生态环境局按职责分工负责】",  # lenticular brackets
        "［市发展改革委、市生态环境局按职责分工负责］",
        "【市发展改革委、市生态环境局按职责分工负责]",  # a scan's OCR: 〔…〕 read as 【…]
        "〔市发展改革委、市生态环境局按职责分工负责】",
    ],
)
def test_any_bracket_shape_encloses_a_note(note: str) -> None:
    got = parse("推进改造。" + note)
    assert roles(got) == [
        ("市发展改革委", "lead", "listing-order"),
        ("市生态环境局", "responsible", None),
    ]


def test_a_label_in_lenticular_brackets_is_still_a_label() -> None:
    got = parse("推进改造。【牵头单位】市生态环境局\n【配合单位】市发展改革委、市工信局")
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
        ("市工信局", "supporting", None),
    ]


def test_square_brackets_of_prose_are_no_note() -> None:
    assert parse("推进改造。【专栏1】重点工程清单") == []


def test_a_bare_list_of_agencies_on_its_own_line_is_a_note() -> None:
    got = parse("推进改造。\n市能源局、市发展和改革局、市生态环境局\n", where=CITY)
    assert roles(got) == [
        ("市能源局", "lead", "listing-order"),
        ("市发展和改革局", "responsible", None),
        ("市生态环境局", "responsible", None),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "驿城区、西平县、上蔡县",  # places, no agencies
        "各乡镇、各街道",  # local governments only: no known department
        "支持市能源局、市生态环境局的工作",  # prose naming agencies
    ],
)
def test_a_bare_list_of_what_is_no_agency_is_no_note(line: str) -> None:
    assert parse(f"推进改造。\n{line}\n") == []


def test_a_rule_stated_last_gives_bare_lists_their_lead() -> None:
    text = (
        "府谷县“十四五”节能减排综合工作方案\n一、重点任务\n"
        "（一）实施煤炭清洁高效利用工程。推进煤电机组节能改造。\n"
        "县能源局、县发展和改革科技局、市生态环境局府谷分局\n"
        "二、保障措施\n（一）压实工作责任。本方案各项任务所列单位中，第一个单位为牵头单位，其他单位为责任单位。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "fugu.txt")
    assert [(m.name_as_written, m.role, m.basis) for m in plan.measures[0].responsibilities] == [
        ("县能源局", "lead", "document-convention"),
        ("县发展和改革科技局", "responsible", None),
        ("市生态环境局府谷分局", "responsible", None),
    ]


def test_county_prefix_and_township_implementers() -> None:
    got = parse("（县发改局、县生态环境分局按职责分工负责，各乡镇人民政府负责落实）", where=COUNTY)
    assert roles(got) == [
        ("县发改局", "lead", "listing-order"),
        ("县生态环境分局", "responsible", None),
        ("各乡镇人民政府", "implementing", None),
    ]
    assert got[0].full_name == "汝南县发改局"
    assert got[2].agency_type == "local-government"


def test_carried_forward_implementers() -> None:
    state = NoteState()
    first = parse(
        "〔市经信局、市发展改革委等按职责分工负责，各县（市、区）人民政府，达州高新区、东部经开区管委会。"
        "以下均需各县（市、区）人民政府，达州高新区、东部经开区管委会落实，不再一一列出〕",
        state,
    )
    assert roles(first)[2:] == [
        ("各县（市、区）人民政府", "implementing", None),
        ("达州高新区管委会", "implementing", None),
        ("东部经开区管委会", "implementing", None),
    ]
    later = parse("（市生态环境局负责）", state)
    assert roles(later) == [
        ("市生态环境局", "lead", "listing-order"),
        ("各县（市、区）人民政府", "implementing", None),
        ("达州高新区管委会", "implementing", None),
        ("东部经开区管委会", "implementing", None),
    ]
    assert [m.carried_forward for m in later] == [False, True, True, True]


def test_carry_rule_naming_implementers_only_in_the_rule() -> None:
    state = NoteState()
    first = parse("（市发改委按职责分工负责；以下均需各县区人民政府落实，不再列出）", state)
    assert roles(first) == [
        ("市发改委", "lead", "listing-order"),
        ("各县区人民政府", "implementing", None),
    ]
    assert roles(parse("（市统计局负责）", state))[1] == ("各县区人民政府", "implementing", None)


def test_document_convention_and_nested_brackets() -> None:
    state = NoteState()
    got = parse(
        "（责任单位：市经信局、市发改局、市生态环境分局。列第一位的，为牵头单位，各镇〔街道〕为责任主体，下同）",
        state,
    )
    assert roles(got) == [
        ("市经信局", "lead", "document-convention"),
        ("市发改局", "responsible", None),
        ("市生态环境分局", "responsible", None),
        ("各镇〔街道〕", "implementing", None),
    ]
    later = parse("（责任单位：市住建局、市发改局）", state)
    assert roles(later) == [
        ("市住建局", "lead", "document-convention"),
        ("市发改局", "responsible", None),
        ("各镇〔街道〕", "implementing", None),
    ]


def test_generic_references_are_skipped() -> None:
    got = parse("（市发展改革委、市生态环境局牵头，各有关部门按职责分工负责）")
    assert roles(got) == [
        ("市发展改革委", "lead", "explicit"),
        ("市生态环境局", "lead", "explicit"),
    ]


def test_management_committee_suffix_is_shared() -> None:
    got = parse("（责任单位：市工信局，各县（区）政府、市城乡一体化示范区、经济开发区管委会）")
    assert [m.name_as_written for m in got] == [
        "市工信局",
        "各县（区）政府",
        "市城乡一体化示范区管委会",
        "经济开发区管委会",
    ]
    # listed with no role word and no rule naming who carries out: as any agency listed
    assert [m.role for m in got[1:]] == ["responsible"] * 3


def test_note_broken_over_lines_keeps_exact_spans() -> None:
    block = "推进改造。\n（市交通运输\n局、市发展改革委牵头，\n市公安局等配合）"
    got = parse(block)
    assert roles(got)[0] == ("市交通运输局", "lead", "explicit")
    span = got[0].span
    assert block[span.start : span.end] == "市交通运输\n局"


def test_parentheses_that_are_not_notes() -> None:
    block = "实施能源消费强度和总量双控（以下简称“能耗双控”），推广液化天然气（LNG）。（市发展改革委负责）"
    assert roles(parse(block)) == [("市发展改革委", "lead", "listing-order")]


def test_central_bank_and_regulator_names_kept_as_written() -> None:
    got = parse("（市发展改革委、市财政局、人行驻马店中心支行、驻马店银保监分局等）")
    assert [(m.name_as_written, m.agency_type) for m in got][2:] == [
        ("人行驻马店中心支行", "central-bank"),
        ("驻马店银保监分局", "banking-insurance-regulation"),
    ]
    assert got[2].full_name == "人行驻马店中心支行"


# ------------------------------------------------------------ every form of note


def test_labelled_lines_under_the_measure() -> None:
    block = "推进改造。\n牵头单位：市生态环境局\n配合单位：市发展改革委、市工信局等\n"
    assert roles(parse(block)) == [
        ("市生态环境局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
        ("市工信局", "supporting", None),
    ]


def test_labelled_line_with_both_labels_on_one_line() -> None:
    got = parse("推进改造。\n牵头单位：市交通运输局；配合单位：市公安局、市财政局\n")
    assert roles(got) == [
        ("市交通运输局", "lead", "explicit"),
        ("市公安局", "supporting", None),
        ("市财政局", "supporting", None),
    ]
    assert got[0].note is not None and "牵头单位" in got[0].note.text


def test_labelled_line_before_the_body_stops_at_its_line() -> None:
    block = "责任部门：市发展改革委、市统计局\n加快推进能源统计，由各县区落实。"
    assert roles(parse(block)) == [
        ("市发展改革委", "lead", "listing-order"),
        ("市统计局", "responsible", None),
    ]


def test_labelled_line_keeps_its_carry_rule_after_the_full_stop() -> None:
    state = NoteState()
    block = (
        "推进改造。\n责任单位：市经信局、市发展改革委等按职责分工负责，各县区人民政府负责落实。"
        "以下均需各县区人民政府落实，不再一一列出\n"
    )
    assert roles(parse(block, state))[-1] == ("各县区人民政府", "implementing", None)
    assert [m.carried_forward for m in parse("（市统计局负责）", state)] == [False, True]


def test_inline_lead_with_supporters() -> None:
    got = parse("加快推进绿色物流，由市商务局牵头负责，市交通运输局、市邮政管理局等配合。")
    assert roles(got) == [
        ("市商务局", "lead", "explicit"),
        ("市交通运输局", "supporting", None),
        ("市邮政管理局", "supporting", None),
    ]


def test_inline_with_bracketed_county_names() -> None:
    got = parse("由市生态环境局牵头督导，各县（市、区）人民政府负责落实。")
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("各县（市、区）人民政府", "implementing", None),
    ]


def test_body_sentences_with_you_are_not_notes() -> None:
    assert parse("所需资金由各县区政府负责统筹安排，由于市场波动。") == []
    # A block with its own note: 由… in its sentences adds nobody.
    got = parse("项目由市城投公司负责。（市发展改革委负责）")
    assert roles(got) == [("市发展改革委", "lead", "listing-order")]


def test_nested_brackets_of_implementing_governments() -> None:
    got = parse("（省发展改革委牵头，各市〔特区、区〕人民政府负责落实）")
    assert roles(got) == [
        ("省发展改革委", "lead", "explicit"),
        ("各市〔特区、区〕人民政府", "implementing", None),
    ]


def test_towns_and_subdistricts_implement() -> None:
    got = parse("（县发改局负责，各乡镇人民政府、街道办事处负责落实）", where=COUNTY)
    assert roles(got)[1:] == [
        ("各乡镇人民政府", "implementing", None),
        ("街道办事处", "implementing", None),
    ]


def test_lead_marked_after_the_name_in_brackets() -> None:
    got = parse("（责任单位：市生态环境局（牵头）、市发展改革委、市工信局）")
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("市发展改革委", "responsible", None),
        ("市工信局", "responsible", None),
    ]


def _scopes(block: str) -> list[str]:
    c = compact(normalise(block, simplify=False), block)
    return [n.scope for n in notes_in(c, NoteState(), vocabularies(), CITY)]


def test_notes_for_several_measures() -> None:
    assert _scopes("推进改造。以上任务由市发展改革委牵头，各有关部门按职责分工负责。") == ["above"]
    assert _scopes("（以上任务由市发展改革委牵头）") == ["above"]
    assert _scopes("以下各项任务由市生态环境局牵头，各有关部门按职责分工负责。") == ["below"]
    assert _scopes("（市发展改革委牵头）") == ["here"]


def test_a_label_or_bracket_without_agency_is_a_gap() -> None:
    gaps: list[Gap] = []
    c = compact(normalise(x := "推进。（责任单位：有关部门）推广LNG（液化天然气）。", False), x)
    assert notes_in(c, NoteState(), vocabularies(), CITY, gaps) == []
    assert [(g.kind, g.span.text) for g in gaps] == [("note-without-agency", "责任单位：有关部门")]


@pytest.mark.parametrize(("name", "agency_type"), tsv_rows("vocab/agency-type-forms.tsv"))
def test_agency_short_older_provincial_and_national_forms(name: str, agency_type: str) -> None:
    assert vocabularies().agency_type(name) == agency_type


@pytest.mark.parametrize(
    ("code", "name", "full"),
    [
        ("130000", "省发展改革委", "河北省发展改革委"),
        ("532900", "州生态环境局", "大理白族自治州生态环境局"),
        ("450000", "自治区发展改革委", "广西壮族自治区发展改革委"),
        ("130000", "国家发展改革委", "国家发展改革委"),
    ],
)
def test_full_names_at_every_level(code: str, name: str, full: str) -> None:
    vocab = vocabularies()
    assert full_name(name, gazetteer().division(code), vocab.agency_type(name)) == full


def test_labels_in_square_brackets_and_more_label_words() -> None:
    got = parse(
        "推进改造。\n【牵头单位】市生态环境局\n【协同单位】市发展改革委\n责任主体：各县区人民政府\n"
    )
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
        ("各县区人民政府", "implementing", None),
    ]


def test_lead_rule_in_brackets_inside_a_label() -> None:
    state = NoteState()
    got = parse("推进改造。\n责任单位：市经信局、市发改局（列第一位的为牵头单位）\n", state)
    assert roles(got) == [
        ("市经信局", "lead", "document-convention"),
        ("市发改局", "responsible", None),
    ]
    assert state.lead_by_convention


def test_title_without_its_note() -> None:
    from ingest.responsibility import title_without_note

    assert title_without_note("重点行业绿色升级工程（市经信局牵头）") == "重点行业绿色升级工程"
    assert title_without_note("绿色（低碳）园区建设") == "绿色（低碳）园区建设"
    # a note holding a full stop and brackets of its own
    long_note = (
        "（责任单位：市经信局、市发改局。列第一位的，为牵头单位，各镇〔街道〕为责任主体，下同）"
    )
    assert title_without_note("产业结构提升工程" + long_note) == "产业结构提升工程"
    assert title_without_note("产业结构提升工程【市经信局牵头】") == "产业结构提升工程"


def test_a_title_ends_at_the_full_stop_outside_its_note() -> None:
    note = "（责任单位：市经信局、市发改局、市自然资源和规划局、市生态环境分局。列第一位的，为牵头单位，各镇〔街道〕为责任主体，下同）"
    text = f"海宁市“十四五”节能减排综合工作方案\n一、主要任务\n（一）产业结构提升工程{note}。推进制造业高质量发展。\n"
    plan = parse_bytes(text.encode("utf-8"), "haining.txt")
    assert [m.title for m in plan.measures] == ["产业结构提升工程"]
    assert [r.name_as_written for r in plan.measures[0].responsibilities][:2] == [
        "市经信局",
        "市发改局",
    ]


def test_names_separated_by_spaces_only() -> None:
    got = parse("推进。\n牵头单位：市发展改革委  市工信局\n配合单位：市统计局\n")
    assert roles(got) == [
        ("市发展改革委", "lead", "explicit"),
        ("市工信局", "lead", "explicit"),
        ("市统计局", "supporting", None),
    ]
    # A name broken over two lines stays one name.
    assert [m.name_as_written for m in parse("（市住房和城乡\n建设局牵头）")] == [
        "市住房和城乡建设局"
    ]


def test_wei_qiantou_danwei_clauses() -> None:
    got = parse("（市生态环境局为牵头单位，市发展改革委为配合单位）")
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
    ]


def test_a_name_that_is_not_an_agency_is_a_gap() -> None:
    gaps: list[Gap] = []
    block = "推进。（市发展改革委、市节能减排攻坚专班按职责分工负责）"
    c = compact(normalise(block, simplify=False), block)
    (note,) = notes_in(c, NoteState(), vocabularies(), CITY, gaps)
    assert [m.name_as_written for m in note.mentions] == ["市发展改革委"]
    assert [(g.kind, g.span.text) for g in gaps] == [("note-without-agency", "市节能减排攻坚专班")]


@pytest.mark.parametrize(
    ("name", "agency_type"),
    [
        ("市质监局", "market-regulation"),
        ("县工商局", "market-regulation"),
        ("市农委", "agriculture"),
        ("市卫计委", "health"),
        ("县安监局", "emergency-management"),
        ("市国土资源局", "natural-resources"),
        ("市公安局交警支队", "public-security"),
        ("市XX工业园区管理委员会", "local-government"),
        ("市城市管理委员会", "urban-management"),
        ("国家金融监督管理总局驻马店监管分局", "banking-insurance-regulation"),
    ],
)
def test_older_names_still_in_use(name: str, agency_type: str) -> None:
    assert vocabularies().agency_type(name) == agency_type


def test_a_rank_is_not_a_lead_rule() -> None:
    from ingest.parser import parse_bytes

    text = (PLANS / "dingzhou-130682.txt").read_text(encoding="utf-8")
    ranked = text.replace("一、总体要求", "一、总体要求\n我市节能工作全省排在第一位。", 1)
    assert ranked != text
    plan = parse_bytes(ranked.encode("utf-8"), "dingzhou-ranked.txt")
    assert plan.lead_rule is None
    assert {r.basis for m in plan.measures for r in m.responsibilities if r.role == "lead"} == {
        "listing-order"
    }


def test_a_label_word_inside_a_sentence_is_no_note() -> None:
    assert parse("要压实责任，明确责任单位：各县区政府要制定计划。") == []
    assert roles(parse("推进改造。责任单位：市统计局")) == [("市统计局", "lead", "listing-order")]


def test_national_plan_notes() -> None:
    got = parse(
        "（生态环境部牵头，国家发展改革委、工业和信息化部等按职责分工负责，各地区负责落实）"
    )
    assert [(m.name_as_written, m.agency_type, m.role) for m in got] == [
        ("生态环境部", "ecology-environment", "lead"),
        ("国家发展改革委", "development-reform", "responsible"),
        ("工业和信息化部", "industry-it", "responsible"),
        ("各地区", "local-government", "implementing"),
    ]
    assert got[1].full_name == "国家发展改革委"


def test_provincial_generic_departments_are_skipped() -> None:
    got = parse("（省发展改革委牵头，省直有关部门按职责分工负责，各市（州）人民政府负责落实）")
    assert roles(got) == [
        ("省发展改革委", "lead", "explicit"),
        ("各市（州）人民政府", "implementing", None),
    ]


def test_notes_for_the_measures_above_without_you() -> None:
    c = compact(normalise(x := "（以上任务各县（市、区）人民政府负责落实）", False), x)
    (note,) = notes_in(c, NoteState(), vocabularies(), CITY)
    assert note.scope == "above"
    assert roles(note.mentions) == [("各县（市、区）人民政府", "implementing", None)]


def test_a_sentence_of_agencies_and_role_words_is_a_note() -> None:
    got = parse("发展壮大战略性新兴产业。市发\n展改革委负责，市经信局、市统计局配合。")
    assert roles(got) == [
        ("市发展改革委", "lead", "explicit"),
        ("市经信局", "supporting", None),
        ("市统计局", "supporting", None),
    ]
    assert roles(parse("加强监管。市生态环境局、市经信局按职责分工负责。")) == [
        ("市生态环境局", "lead", "listing-order"),
        ("市经信局", "responsible", None),
    ]


def test_prose_with_a_role_word_is_no_sentence_note() -> None:
    assert parse("企业负责，政府配合。") == []
    assert parse("要求严格考核，确保落实。") == []


def test_a_lead_verb_makes_the_agencies_before_it_lead() -> None:
    got = parse("（由市发展改革委会同市经信局、市生态环境局负责）")
    assert roles(got) == [
        ("市发展改革委", "lead", "explicit"),
        ("市经信局", "responsible", None),
        ("市生态环境局", "responsible", None),
    ]
    got = parse("推进治理。市生态环境局督促各县区人民政府落实。")
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("各县区人民政府", "implementing", None),
    ]


def test_a_verb_inside_a_word_joins_nothing() -> None:
    assert parse("本方案已经区政府、管委会同意，现印发给你们。") == []


def test_a_tag_gives_its_name_any_role() -> None:
    got = parse("（责任单位：县生态环境局（牵头）、县工信局（配合）、县统计局）", where=COUNTY)
    assert roles(got) == [
        ("县生态环境局", "lead", "explicit"),
        ("县工信局", "supporting", None),
        ("县统计局", "responsible", None),
    ]


def test_a_label_may_name_its_agencies_with_wei() -> None:
    got = parse("实施改造。牵头单位为区发展改革局，配合单位为区工信局、区统计局。")
    assert roles(got) == [
        ("区发展改革局", "lead", "explicit"),
        ("区工信局", "supporting", None),
        ("区统计局", "supporting", None),
    ]


def test_a_labelled_note_goes_on_across_the_lines_of_a_hard_wrapped_text() -> None:
    para = "推进节能降碳改造，建设绿色工厂和绿色供应"
    text = (
        "\n".join([para] * 6)
        + "\n重点企业实施能效提升工程。牵头单位为区工\n业和信息化局，配合单位为区发展改革局、\n区生态环境分局，各街镇负责落实。\n"
    )
    width = len(para)
    assert all(len(line) <= width for line in text.splitlines())
    got = parse(text, where=COUNTY)
    assert roles(got) == [
        ("区工业和信息化局", "lead", "explicit"),
        ("区发展改革局", "supporting", None),
        ("区生态环境分局", "supporting", None),
        ("各街镇", "implementing", None),
    ]


def test_implementing_bodies_named_once_for_every_later_task() -> None:
    state = NoteState()
    parse("（市发展改革委牵头。以下各项任务均需各街镇负责落实，不再一一列出）", state)
    got = parse("（市生态环境局牵头，市工信局配合）", state)
    assert roles(got) == [
        ("市生态环境局", "lead", "explicit"),
        ("市工信局", "supporting", None),
        ("各街镇", "implementing", None),
    ]


def test_bodies_carried_forward_up_to_any_implementing_word() -> None:
    state = NoteState()
    parse("（市发展改革委牵头。以下各项任务均由各街镇组织实施，不再一一列出）", state)
    got = parse("（市生态环境局牵头）", state)
    assert roles(got) == [("市生态环境局", "lead", "explicit"), ("各街镇", "implementing", None)]


def test_a_sentence_for_the_tasks_above_on_its_own_line() -> None:
    got = parse(
        "推进改造。\n责任单位：省住房城乡建设厅、省生态环境厅\n"
        "以上各项重点工程，各市（州）政府、长白山管委会负责落实。"
    )
    assert roles(got)[2:] == [
        ("各市（州）政府", "implementing", None),
        ("长白山管委会", "implementing", None),
    ]


def test_bodies_named_for_every_task_in_a_sentence_of_their_own() -> None:
    state = NoteState()
    parse("推进改造。各区镇为各项任务的责任主体，以下不再一一列出。", state)
    got = parse("（市生态环境局、市工信局）", state)
    assert roles(got) == [
        ("市生态环境局", "lead", "listing-order"),
        ("市工信局", "responsible", None),
        ("各区镇", "implementing", None),
    ]


def _numbered(sentence: str, state: NoteState) -> dict[int, list[tuple[str, str, str | None]]]:
    view = compact(normalise(sentence, simplify=False), sentence)
    (ref,) = measure_notes(view)
    note = parse_note(ref.note, state, vocabularies(), CITY)
    assert note is not None
    return {n: roles(numbered_responsibilities(ref, note, n, state)) for n in ref.numbers}


@pytest.mark.parametrize("rule", [False, True])
def test_respectively_gives_each_measure_its_agency(rule: bool) -> None:
    state = NoteState(lead_by_convention=rule)
    got = _numbered("第（二）、（三）项分别由市交通运输局、市住房和城乡建设局负责。", state)
    basis = "document-convention" if rule else "listing-order"
    assert got == {2: [("市交通运输局", "lead", basis)], 3: [("市住房和城乡建设局", "lead", basis)]}


def test_respectively_keeps_a_role_the_note_gives() -> None:
    got = _numbered("第（一）、（二）项分别由市发展改革委牵头、市统计局配合。", NoteState())
    assert got == {1: [("市发展改革委", "lead", "explicit")], 2: [("市统计局", "supporting", None)]}


@pytest.mark.parametrize(
    "sentence",
    [
        "第（二）、（三）项由市交通运输局、市住房和城乡建设局负责。",  # no 分别: the note to each
        "第（二）、（三）项分别由市交通运输局负责。",  # one agency for two measures
    ],
)
def test_without_pairing_each_measure_takes_the_whole_note(sentence: str) -> None:
    got = _numbered(sentence, NoteState())
    assert got[2] == got[3]
    assert got[2][0][1:] == ("lead", "listing-order")


def test_a_sentence_naming_measures_by_number_passes_over_their_work() -> None:
    got = _numbered("第（一）至（三）项重点任务由市发展改革委牵头，市工信局配合。", NoteState())
    assert (
        got[1]
        == got[3]
        == [
            ("市发展改革委", "lead", "explicit"),
            ("市工信局", "supporting", None),
        ]
    )


def test_each_number_may_repeat_its_measure_word() -> None:
    got = _numbered(
        "以上第（六）项、第（七）项由市住房和城乡建设局牵头，市城市管理局配合。", NoteState()
    )
    assert (
        got[6]
        == got[7]
        == [
            ("市住房和城乡建设局", "lead", "explicit"),
            ("市城市管理局", "supporting", None),
        ]
    )


def test_a_rule_for_what_is_above_it_holds_before_it_only() -> None:
    text = (
        "三明市“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）重点行业绿色升级工程。推进清洁生产审核。（责任单位：市工信局、市发改委）\n"
        "注：以上各项任务中，列第一位的为牵头单位，其他为配合单位。\n"
        "二、政策机制\n"
        "（一）优化完善能耗双控制度。加强节能审查。（市发改委、市统计局按职责分工负责）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "sanming.txt")
    first, later = (roles(m.responsibilities) for m in plan.measures)
    assert first == [("市工信局", "lead", "document-convention"), ("市发改委", "supporting", None)]
    assert later == [("市发改委", "lead", "listing-order"), ("市统计局", "responsible", None)]


def test_labels_of_each_role_on_one_line() -> None:
    got = parse("推进改造。\n牵头部门：区经委　协同部门：区发展改革委、区生态环境局\n")
    assert roles(got) == [
        ("区经委", "lead", "explicit"),
        ("区发展改革委", "supporting", None),
        ("区生态环境局", "supporting", None),
    ]


def test_a_works_unit_of_a_company_is_an_agency() -> None:
    got = parse("（旗能源局牵头，北方联合电力有限责任公司达拉特发电厂配合）")
    assert roles(got)[1] == ("北方联合电力有限责任公司达拉特发电厂", "supporting", None)


def test_a_note_on_the_whole_work_after_its_last_sub_item_is_the_measure_s() -> None:
    text = (
        "达拉特旗“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）能源清洁低碳转型工程。\n"
        "1.煤电机组节能改造。推进供热改造。（旗能源局牵头，旗发展和改革委员会配合）\n"
        "2.新能源规模化开发。推进风光储氢一体化发展。（旗能源局牵头，旗自然资源局配合）\n"
        "本工程由各苏木镇人民政府负责落实。以下各项任务均需各苏木镇人民政府抓好落实，不再一一列出。\n"
        "（二）重点行业绿色升级工程。推进节能降碳改造。（旗工业和信息化局牵头）\n"
        "（三）园区节能环保提升工程。推进园区循环化改造。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "dalate.txt")
    first, second, third = plan.measures
    assert roles(first.responsibilities) == [("各苏木镇人民政府", "implementing", None)]
    assert roles(first.items[1].responsibilities) == [
        ("旗能源局", "lead", "explicit"),
        ("旗自然资源局", "supporting", None),
    ]
    # the carrying sentence is for the measures after it: with a note of their own, or not
    assert roles(second.responsibilities)[-1] == ("各苏木镇人民政府", "implementing", None)
    assert roles(third.responsibilities) == [("各苏木镇人民政府", "implementing", None)]


def test_a_sentence_saying_what_agencies_do_is_no_list_of_them() -> None:
    text = "推进污水处理厂提标改造。（区水务局负责）\n各街道办事处、各镇人民政府负责本辖区各项任务的组织实施。"
    assert roles(parse(text)) == [("区水务局", "lead", "listing-order")]


def test_notes_naming_how_many_measures_which_ones_or_the_whole_part() -> None:
    text = (
        "清远市“十四五”节能减排实施方案\n一、重点工程\n"
        "（一）重点行业绿色升级工程。推进节能改造。\n"
        "（二）园区节能环保提升工程。推进循环化改造。\n"
        "（三）城镇绿色节能改造工程。推进建筑节能。\n"
        "（以上两项由市住房城乡建设局牵头，市发展改革局配合。）\n"
        "（四）交通物流节能减排工程。推广新能源汽车。\n"
        "（五）农业农村节能减排工程。推进农村清洁取暖。\n"
        "（以上第（四）至（五）项由市交通运输局、市农业农村局按职责分工负责。）\n"
        "二、政策机制\n"
        "（一）优化完善能耗双控制度。加强节能审查。\n"
        "（二）健全污染物排放总量控制制度。完善考核体系。\n"
        "本部分各项工作由市发展改革局、市生态环境局牵头，市财政局按职责分工负责。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "qingyuan.txt")
    got = [[(n, r) for n, r, _ in roles(m.responsibilities)] for m in plan.measures]
    assert got[0] == []  # 以上两项: the two before it only
    assert got[1] == got[2] == [("市住房城乡建设局", "lead"), ("市发展改革局", "supporting")]
    assert got[3] == got[4] == [("市交通运输局", "lead"), ("市农业农村局", "responsible")]
    assert (
        got[5]
        == got[6]
        == [
            ("市发展改革局", "lead"),
            ("市生态环境局", "lead"),
            ("市财政局", "responsible"),
        ]
    )


def test_a_note_on_the_line_after_a_heading_without_a_full_stop() -> None:
    text = "（三）城镇绿色节能改造工程\n　　市住房和城乡建设局负责，各县（市、区）人民政府抓好落实。\n　　推进建筑节能改造。"
    assert roles(parse(text)) == [
        ("市住房和城乡建设局", "lead", "listing-order"),
        ("各县（市、区）人民政府", "implementing", None),
    ]


def test_the_one_note_on_a_line_after_the_last_sub_item_is_the_measure_s() -> None:
    text = (
        "松江区“十四五”节能减排综合工作方案\n一、重点任务\n"
        "（一）实施挥发性有机物全过程治理\n"
        "1.源头替代。推广低挥发性有机物含量涂料。\n"
        "2.末端治理。推动企业升级改造低效治理设施。\n"
        "（责任单位：区生态环境局、区经委）\n"
        "（二）提升园区绿色发展水平\n"
        "1.循环化改造。推动园区循环化改造。\n"
        "2.集中供热。推进园区集中供热。（区发展改革委牵头）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "songjiang.txt")
    vocs, parks = plan.measures
    assert [r for r, _, _ in roles(vocs.responsibilities)] == ["区生态环境局", "区经委"]
    assert not any(i.responsibilities for i in vocs.items)
    # on the line of the last sub-item: that sub-item's
    assert parks.responsibilities == [] and roles(parks.items[1].responsibilities)


def test_a_note_giving_sub_items_by_number_gives_each_its_part() -> None:
    text = (
        "西青区“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）深化挥发性有机物综合整治\n"
        "1.实施源头替代。推广低挥发性有机物含量涂料。\n"
        "2.加强重点行业VOCs治理。开展泄漏检测与修复。\n"
        "3.开展汽修等生活源挥发性有机物治理。推动汽修喷涂作业集中治理。\n"
        "责任分工：第1、2项由区生态环境局牵头，区工业和信息化局配合；第3项由区商务局负责，各街镇落实。\n"
        "（二）推进城镇绿色节能改造\n推进建筑节能。\n"
        "（三）推进交通物流节能减排\n推广新能源车辆。\n"
        "责任分工：上述两项均由区住建委牵头，区发展改革委配合。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "xiqing.txt")
    vocs, buildings, transport = plan.measures
    by_item = [[(n, r) for n, r, _ in roles(i.responsibilities)] for i in vocs.items]
    assert (
        by_item[0] == by_item[1] == [("区生态环境局", "lead"), ("区工业和信息化局", "supporting")]
    )
    assert by_item[2] == [("区商务局", "lead"), ("各街镇", "implementing")]
    assert vocs.responsibilities == []
    assert roles(buildings.responsibilities) == roles(transport.responsibilities)
    assert roles(transport.responsibilities)[0] == ("区住建委", "lead", "explicit")


@pytest.mark.parametrize(
    ("note", "role"),
    [
        ("（西青经济技术开发区管委会负责具体落实）", "implementing"),
        ("（市自然资源局协同配合）", "supporting"),
        ("（市发展改革委牵头组织实施）", "lead"),
    ],
)
def test_two_role_words_make_one(note: str, role: str) -> None:
    [(name, got, _)] = roles(parse(note))
    assert (name, got) == (note[1:].split("负责")[0].split("协同")[0].split("牵头")[0], role)


def test_implementers_labelled_as_such_and_carried() -> None:
    state = NoteState()
    first = parse(
        "责任单位：州工业和信息化局，州发展改革委；各县市人民政府、楚雄高新区管委会为落实主体，"
        "以下均需各县市人民政府、楚雄高新区管委会落实，不再一一列出。",
        state,
    )
    assert [r for n, r, _ in roles(first) if "管委会" in n] == ["implementing"]
    assert ("楚雄高新区管委会", "implementing", None) in roles(parse("（州商务局牵头）", state))


def test_what_an_agency_carries_out_may_stand_between_its_role_words() -> None:
    assert roles(parse("（各县（市、区）人民政府负责本辖区任务落实）")) == [
        ("各县（市、区）人民政府", "implementing", None)
    ]


def test_a_first_clause_naming_a_lead_before_prose_is_a_note() -> None:
    text = (
        "由市生态环境局会同市经信局、东风商用车有限公司组织实施，以整车制造为重点，推进综合治理。"
    )
    assert roles(parse(text)) == [
        ("市生态环境局", "lead", "explicit"),
        ("市经信局", "responsible", None),
        ("东风商用车有限公司", "responsible", None),
    ]
    assert parse("由各县区政府负责组织实施，以重点行业为重点，推进综合治理。") == []


def test_notes_of_this_work_and_of_measures_written_side_by_side() -> None:
    text = (
        "十堰市“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）重点行业绿色升级工程。推进节能改造。此项工作由市经信局牵头，市发改委按职责分工负责。\n"
        "（二）交通物流节能减排工程。推广新能源车。市交通运输局牵头，市公安局协同推进。\n"
        "二、政策机制\n"
        "（一）完善价格政策。落实阶梯电价。\n（二）完善财税政策。落实税收优惠。\n"
        "（三）发展绿色金融。推广绿色信贷。\n"
        "以上第（一）项由市发改委牵头；第（二）（三）项由市财政局牵头，市税务局配合。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "shiyan.txt")
    first, transport, _, taxes, finance = plan.measures
    assert roles(first.responsibilities)[0] == ("市经信局", "lead", "explicit")
    assert roles(transport.responsibilities)[1] == ("市公安局", "supporting", None)
    assert roles(taxes.responsibilities) == roles(finance.responsibilities)
    assert roles(finance.responsibilities)[0] == ("市财政局", "lead", "explicit")


def test_bodies_a_measure_carries_forward_outlive_its_section_s_rule() -> None:
    text = (
        "楚雄州“十四五”节能减排综合工作方案\n一、重点工程\n"
        "本部分各项任务，责任单位中排在第一位的为牵头单位，其余为配合单位。\n"
        "（一）重点行业绿色升级工程。推进节能改造。责任单位：州工业和信息化局，州发展改革委；"
        "各县市人民政府为落实主体，以下均需各县市人民政府落实，不再一一列出。\n"
        "二、政策机制\n"
        "（一）优化完善能耗双控制度。加强节能审查。（州发展改革委、州统计局）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "chuxiong.txt")
    first, later = (roles(m.responsibilities) for m in plan.measures)
    assert first[0] == ("州工业和信息化局", "lead", "document-convention")
    assert later == [
        ("州发展改革委", "lead", "listing-order"),
        ("州统计局", "responsible", None),
        ("各县市人民政府", "implementing", None),
    ]


def test_a_note_counting_some_sub_items_is_theirs() -> None:
    text = (
        "宁德市“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）挥发性有机物综合整治工程。\n"
        "1.推进源头替代。推进低挥发性有机物含量原辅材料替代。\n"
        "2.深化末端治理。淘汰低效治理设施。\n"
        "（以上两项责任单位：市生态环境局（牵头）、市工信局）\n"
        "3.加强油品储运销治理。推进油气回收。\n"
        "（责任单位：市商务局（牵头）、市市场监管局）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "ningde.txt")
    [vocs] = plan.measures
    leads = [[n for n, r, _ in roles(i.responsibilities) if r == "lead"] for i in vocs.items]
    assert leads == [["市生态环境局"], ["市生态环境局"], ["市商务局"]]
    assert vocs.responsibilities == []


def test_one_sentence_giving_two_runs_of_measures_their_notes() -> None:
    text = (
        "河源市“十四五”节能减排实施方案\n一、政策机制\n"
        "（一）优化完善能耗双控制度。加强节能审查。\n（二）完善经济政策。落实税收优惠。\n"
        "（三）完善市场化机制。推行合同能源管理。\n"
        "以上第（一）项由市发展改革局牵头负责，第（二）至（三）项分别由市财政局、市生态环境局牵头负责，"
        "各有关部门按职责分工负责。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "heyuan.txt")
    assert [roles(m.responsibilities) for m in plan.measures] == [
        [("市发展改革局", "lead", "explicit")],
        [("市财政局", "lead", "explicit")],
        [("市生态环境局", "lead", "explicit")],
    ]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("（各镇乡（街道）属地落实）", [("各镇乡（街道）", "implementing", None)]),
        (
            "（市发改局、绍兴市生态环境局诸暨分局按职能分别牵头）",
            [("市发改局", "lead", "explicit"), ("绍兴市生态环境局诸暨分局", "lead", "explicit")],
        ),
        (
            "（州交通运输局牵头，中国铁路昆明局集团有限公司楚雄车务段配合）",
            [
                ("州交通运输局", "lead", "explicit"),
                ("中国铁路昆明局集团有限公司楚雄车务段", "supporting", None),
            ],
        ),
    ],
)
def test_manners_and_endings_of_the_role_and_agency_vocabularies(
    note: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert roles(parse(note)) == expected


def test_a_company_may_support_in_a_sentence_of_its_own() -> None:
    got = parse("推进污水管网建设。区住房城乡建委负责，重庆璧山城市建设发展有限公司参与。")
    assert got and roles(got)[-1] == ("重庆璧山城市建设发展有限公司", "supporting", None)
    assert parse("推进改造。企业负责，项目单位参与。") == []


def test_a_role_word_before_a_colon_labels_its_agencies() -> None:
    text = "推进节能改造。\n牵头：县经信局；参与：县发改局、县生态环境分局、远安经济开发区管委会\n"
    assert roles(parse(text, where=COUNTY)) == [
        ("县经信局", "lead", "explicit"),
        ("县发改局", "supporting", None),
        ("县生态环境分局", "supporting", None),
        ("远安经济开发区管委会", "supporting", None),
    ]


def test_bodies_a_part_s_rule_carries_to_its_tasks() -> None:
    state = NoteState()
    parse(
        "本部分各项任务均需各县（区）政府、本溪高新区管委会按属地原则抓好落实，以下不再一一列出。",
        state,
    )
    got = roles(parse("（市生态局牵头）", state))
    assert got[1:] == [
        ("各县（区）政府", "implementing", None),
        ("本溪高新区管委会", "implementing", None),
    ]


def test_notes_for_measures_by_number_after_a_heading_word() -> None:
    text = (
        "衢州市“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）工业领域节能降碳。推进节能改造。\n（二）农业农村领域节能减排。推广节能农机。\n"
        "责任分工：第（一）项由市经信局牵头，市发展改革委配合；第（二）项，市农业农村局牵头。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "quzhou.txt")
    assert [roles(m.responsibilities)[0] for m in plan.measures] == [
        ("市经信局", "lead", "explicit"),
        ("市农业农村局", "lead", "explicit"),
    ]


def test_a_rule_for_what_is_above_it_holds_in_the_section_it_closes() -> None:
    text = (
        "曹妃甸区“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）城镇绿色节能改造工程。推进建筑节能。（区住房和城乡建设局负责）\n"
        "二、政策机制\n"
        "（一）完善能耗双控制度。加强节能审查。（区发展改革局、区统计局）\n"
        "以上各项，列第一位的部门为牵头部门。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "caofeidian.txt")
    first, later = (roles(m.responsibilities)[0] for m in plan.measures)
    assert first == ("区住房和城乡建设局", "lead", "listing-order")
    assert later == ("区发展改革局", "lead", "document-convention")


def test_a_sentence_on_who_carries_out_the_work_of_their_own_area_is_no_note() -> None:
    text = "推进农村清洁取暖。（市农业农村局牵头）\n各县（市、区）政府负责本地区相关工作落实。"
    assert roles(parse(text)) == [("市农业农村局", "lead", "explicit")]


def test_a_note_for_measures_by_number_may_give_one_of_their_sub_items_its_own() -> None:
    text = (
        "揭阳市“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）挥发性有机物综合整治工程。\n①工业涂装治理。推进源头替代。\n②油品储运销油气回收。推进油气回收。\n"
        "（二）环境基础设施水平提升工程。推进污水管网建设。\n"
        "本部分任务分工如下：第（一）项，市生态环境局牵头，市工业和信息化局配合，其中第②项由市商务局牵头、"
        "市市场监管局配合；第（二）项，市住房城乡建设局牵头。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "jieyang.txt")
    vocs, _ = plan.measures
    assert roles(vocs.responsibilities)[0] == ("市生态环境局", "lead", "explicit")
    assert roles(vocs.items[1].responsibilities) == [
        ("市商务局", "lead", "explicit"),
        ("市市场监管局", "supporting", None),
    ]


def test_sub_items_by_circled_number() -> None:
    text = (
        "西青区“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）深化挥发性有机物综合整治\n①实施源头替代。推广低挥发性有机物含量涂料。\n"
        "②加强油品储运销治理。推进油气回收。\n"
        "责任分工：第①项由区生态环境局牵头；第②项由区商务局牵头。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "xiqing.txt")
    leads = [roles(i.responsibilities)[0][0] for i in plan.measures[0].items]
    assert leads == ["区生态环境局", "区商务局"]


def test_the_implementing_body_s_label() -> None:
    got = parse("（牵头单位：区交通运输局；实施主体：唐山港集团股份有限公司）")
    assert roles(got)[1] == ("唐山港集团股份有限公司", "implementing", None)


@pytest.mark.parametrize(
    ("carry", "later"), [("以下各项重点工程均需", False), ("以下各项任务均需", True)]
)
def test_bodies_carried_for_the_work_of_a_section_end_with_it(carry: str, later: bool) -> None:
    text = (
        "鄂托克旗“十四五”节能减排综合工作方案\n一、实施节能减排重点工程\n"
        f"{carry}各苏木镇人民政府负责落实，不再一一列出。\n"
        "（一）重点行业绿色升级工程。推进节能改造。（旗工信局牵头）\n"
        "二、健全节能减排政策机制\n"
        "（一）优化完善能耗双控制度。加强节能审查。（旗发展改革委牵头）\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "etuoke.txt")
    first, policy = ([n for n, _, _ in roles(m.responsibilities)] for m in plan.measures)
    assert "各苏木镇人民政府" in first
    assert ("各苏木镇人民政府" in policy) is later


def test_this_work_in_a_sub_item_s_text_is_the_sub_item_s() -> None:
    text = (
        "漳州市“十四五”节能减排综合工作方案\n一、重点工程\n"
        "（一）重点行业绿色升级工程\n"
        "1．推进节能降碳改造。推进节能改造。\n"
        "2．实施超低排放改造。推进超低排放改造。此项工作由市生态环境局牵头，市工信局参与。\n"
        "（二）园区节能环保提升工程\n推进循环化改造。该项工作由市发改委牵头，市商务局参与。\n"
    )
    plan = parse_bytes(text.encode("utf-8"), "zhangzhou.txt")
    industry, parks = plan.measures
    assert industry.responsibilities == []
    assert roles(industry.items[1].responsibilities)[0] == ("市生态环境局", "lead", "explicit")
    assert roles(parks.responsibilities)[0] == ("市发改委", "lead", "explicit")
