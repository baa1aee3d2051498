"""Responsibility-note parsing rules, one variant per test, on small fixtures."""

from __future__ import annotations

import pytest

from ingest.gazetteer import gazetteer
from ingest.model import AgencyMention
from ingest.responsibility import NoteState, notes_in
from ingest.text import compact, normalise
from ingest.vocab import vocabularies

CITY = gazetteer().division("411700")  # 驻马店市
COUNTY = gazetteer().division("411727")  # 汝南县


def parse(block: str, state: NoteState | None = None, where=CITY) -> list[AgencyMention]:  # type: ignore[no-untyped-def]
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
    assert [m.role for m in got[1:]] == ["implementing"] * 3


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
