"""The grammar of roles (ingest/roles_grammar.py), one rule per test on small notes: the
role words at every position, the verbs with their arguments, how clauses compose, and
the scope of a stated lead rule."""

from __future__ import annotations

import pytest

from ingest.gazetteer import gazetteer
from ingest.model import AgencyMention
from ingest.parser import parse_bytes
from ingest.responsibility import NoteState, notes_in, rule_scope
from ingest.roles_grammar import compose, read_clause
from ingest.text import compact, normalise
from ingest.vocab import vocabularies

CITY = gazetteer().division("411700")  # 驻马店市


def parse(block: str, state: NoteState | None = None) -> list[AgencyMention]:
    c = compact(normalise(block, simplify=False), block)
    out: list[AgencyMention] = []
    for note in notes_in(c, state or NoteState(), vocabularies(), CITY):
        out.extend(note.mentions)
    return out


def roles(block: str, state: NoteState | None = None) -> list[tuple[str, str, str | None]]:
    return [(m.name_as_written, m.role, m.basis) for m in parse(block, state)]


# Role words after a group, before it, on one name.


def test_a_role_word_closes_the_group_before_it() -> None:
    assert roles("（市生态环境局、市发展改革委牵头，市财政局配合）") == [
        ("市生态环境局", "lead", "explicit"),
        ("市发展改革委", "lead", "explicit"),
        ("市财政局", "supporting", None),
    ]


def test_a_list_of_levels_before_one_name_is_that_one_name() -> None:
    """各县、市、区人民政府: each county's, city's and district's government, one body."""
    assert roles("（市生态环境局牵头，各县、市、区人民政府负责落实）") == [
        ("市生态环境局", "lead", "explicit"),
        ("各县、市、区人民政府", "implementing", None),
    ]
    assert roles("（市生态环境局牵头，各县、区人民政府配合）")[1][0] == "各县、区人民政府"


def test_the_agent_marker_opens_the_agents() -> None:
    assert roles("（由市生态环境局牵头，市交通运输局、市公安局配合）") == [
        ("市生态环境局", "lead", "explicit"),
        ("市交通运输局", "supporting", None),
        ("市公安局", "supporting", None),
    ]


def test_a_label_before_the_names_gives_their_role() -> None:
    assert roles("推进改造。\n牵头单位：市住房城乡建设局；配合单位：市发展改革委、市财政局\n") == [
        ("市住房城乡建设局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
        ("市财政局", "supporting", None),
    ]


def test_a_tag_gives_one_name_its_role() -> None:
    assert roles("（责任单位：市财政局、市生态环境局（牵头）、市税务局）") == [
        ("市财政局", "responsible", None),
        ("市生态环境局", "lead", "explicit"),
        ("市税务局", "responsible", None),
    ]


def test_a_role_word_on_a_group_of_equals() -> None:
    assert roles("（市发展改革委、市统计局按职责分工负责）") == [
        ("市发展改革委", "lead", "listing-order"),
        ("市统计局", "responsible", None),
    ]


def test_responsible_set_against_participants_leads() -> None:
    assert roles("（市经信局负责，市发展改革委、市科技局参与）") == [
        ("市经信局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
        ("市科技局", "supporting", None),
    ]


def test_implementing_bodies_carry_it_out() -> None:
    assert roles("（市城管局牵头，各县（市、区）人民政府负责落实）") == [
        ("市城管局", "lead", "explicit"),
        ("各县（市、区）人民政府", "implementing", None),
    ]


# Manner words, what a role word governs, names joined by 和.


@pytest.mark.parametrize("manner", ["共同", "分别"])
def test_a_manner_word_gives_no_role_and_joins_no_name(manner: str) -> None:
    assert roles(f"（市发展改革委、市能源局{manner}牵头，市工信局配合）") == [
        ("市发展改革委", "lead", "explicit"),
        ("市能源局", "lead", "explicit"),
        ("市工信局", "supporting", None),
    ]


def test_a_tag_with_a_manner_word_gives_its_group_the_role() -> None:
    assert roles("责任单位：市发展改革委、市工信局（共同牵头），市生态环境局、市能源局") == [
        ("市发展改革委", "lead", "explicit"),
        ("市工信局", "lead", "explicit"),
        ("市生态环境局", "responsible", None),
        ("市能源局", "responsible", None),
    ]
    # without one, the tag is its one name's
    assert roles("责任单位：市发展改革委、市工信局（牵头），市生态环境局")[:2] == [
        ("市发展改革委", "responsible", None),
        ("市工信局", "lead", "explicit"),
    ]


def test_names_joined_by_and_are_two_agencies() -> None:
    assert roles(
        "（市水利局牵头，各乡镇人民政府、街道办事处和开发区管委会按属地原则抓好落实）"
    ) == [
        ("市水利局", "lead", "explicit"),
        ("各乡镇人民政府", "implementing", None),
        ("街道办事处", "implementing", None),
        ("开发区管委会", "implementing", None),
    ]


def test_and_inside_one_name_splits_nothing() -> None:
    assert roles("（市住房和城乡建设局、市教育和体育局按职责分工负责）") == [
        ("市住房和城乡建设局", "lead", "listing-order"),
        ("市教育和体育局", "responsible", None),
    ]


def test_what_the_role_word_governs_names_no_agency() -> None:
    assert roles("（市节能减排工作领导小组负责统筹协调）") == [
        ("市节能减排工作领导小组", "lead", "listing-order"),
    ]


# Verbs between two lists, frames around one.


def test_a_lead_verb_makes_those_it_acts_with_responsible() -> None:
    # 组织实施 is what they do together, not the implementing of local bodies.
    assert roles("推进治理。由市交通运输局会同市公安局、市生态环境局组织实施。") == [
        ("市交通运输局", "lead", "explicit"),
        ("市公安局", "responsible", None),
        ("市生态环境局", "responsible", None),
    ]


def test_a_directing_verb_gives_those_it_directs_the_clause_role() -> None:
    assert roles("（市生态环境局指导各县区人民政府负责）") == [
        ("市生态环境局", "lead", "explicit"),
        ("各县区人民政府", "responsible", None),
    ]
    assert roles("（市生态环境局督促各县区人民政府）") == [
        ("市生态环境局", "lead", "explicit"),
        ("各县区人民政府", "implementing", None),
    ]


def test_a_verb_opening_a_clause_has_its_subject_before() -> None:
    assert roles("推进治理。市农业农村局牵头，督促各乡镇（街道）抓好落实。") == [
        ("市农业农村局", "lead", "explicit"),
        ("各乡镇（街道）", "implementing", None),
    ]


def test_who_directs_others_leads() -> None:
    assert roles("（市生态环境局负责，督促各县区人民政府落实）") == [
        ("市生态环境局", "lead", "explicit"),
        ("各县区人民政府", "implementing", None),
    ]
    # those it directs are no agencies: the sentence is a note all the same, naming one
    sentence = "推进石化行业治理。市生态环境局负责，督促石化公司、炼化公司等重点企业落实泄漏检测与修复制度。"
    assert roles(sentence) == [("市生态环境局", "lead", "explicit")]
    assert roles("推进治理。各地要加强领导，督促企业落实治理责任。") == []


def test_a_bracketed_note_under_a_title_is_read_once() -> None:
    # the ; inside the brackets ends no sentence: the title and the note are not one
    block = (
        "推进工业节能改造\n【牵头单位：市经信局；配合单位：市发改委】\n实施重点用能企业节能改造。"
    )
    assert roles(block) == [("市经信局", "lead", "explicit"), ("市发改委", "supporting", None)]


def test_a_lead_frame_makes_its_agency_lead() -> None:
    assert roles("（市经信局在市发展改革委指导下负责）") == [
        ("市发展改革委", "lead", "explicit"),
        ("市经信局", "responsible", None),
    ]


# Composing clauses: names never merge, leads apart by a comma.


def test_leads_apart_by_a_comma_all_lead() -> None:
    assert roles("（市发展改革委，市工信局牵头，市生态环境局配合）") == [
        ("市发展改革委", "lead", "explicit"),
        ("市工信局", "lead", "explicit"),
        ("市生态环境局", "supporting", None),
    ]


def test_a_comma_between_two_agencies_separates_them() -> None:
    names = [n.name for clause in ("市发展改革委", "市工信局配合") for n in read_clause(clause, 0)]
    assert names == ["市发展改革委", "市工信局"]
    got = roles("（市发展改革委，市工信局）")
    assert [name for name, _, _ in got] == ["市发展改革委", "市工信局"]


def test_a_clause_without_roles_before_supporters_is_no_lead_by_compose() -> None:
    first = read_clause("市发展改革委", 0)
    second = read_clause("市工信局配合", 7)
    assert [n.role for n in compose([first, second])] == [None, "supporting"]


def test_every_name_keeps_its_span() -> None:
    block = "（市发展改革委、市能源局共同牵头，督促各县区人民政府落实）"
    for mention in parse(block):
        assert mention.span.text == mention.name_as_written
        assert block[mention.span.start : mention.span.end] == mention.name_as_written


# The words are the vocabulary's.


def test_the_grammar_words_come_from_the_role_vocabulary() -> None:
    vocab = vocabularies()
    assert "会同" in vocab.lead_verbs
    assert "督促" in vocab.direct_verbs
    assert ("在", "指导下") in vocab.lead_frames
    assert "由" in vocab.agent_markers
    assert "共同" in vocab.role_manners
    assert "管委会" in vocab.agency_endings
    assert ("本部分", "section") in vocab.rule_scopes


# The scope of a stated rule.


def test_a_rule_names_its_scope() -> None:
    text = "本部分各项任务中，列第一位的为牵头单位。"
    assert rule_scope(text, text.index("列第一位")) == "section"
    text = "本表中列第一位的为牵头单位。"
    assert rule_scope(text, text.index("列第一位")) == "table"
    text = "以下各项任务中，列第一位的为牵头单位。"
    assert rule_scope(text, text.index("列第一位")) == "document"


_PLAN = """驻马店市“十四五”节能减排综合工作方案

一、总体要求
推动节能减排。
二、重点工程
{rule}
（一）工业节能工程。推进改造。（市工信局、市发展改革委、市生态环境局）
（二）交通节能工程。推进替代。（市交通运输局、市公安局）
三、政策机制
（一）完善价格政策。推进改革。（市发展改革委、市财政局）
"""


def _measure_roles(rule: str) -> dict[str, list[tuple[str, str, str | None]]]:
    plan = parse_bytes(_PLAN.format(rule=rule).encode("utf-8"), "scope-411700.txt")
    return {
        f"{m.section_number}-{m.number}": [
            (r.name_as_written, r.role, r.basis) for r in m.responsibilities
        ]
        for m in plan.measures
    }


def test_a_rule_for_a_section_holds_in_that_section_only() -> None:
    got = _measure_roles("本部分各项任务中，列第一位的为牵头单位，其他为配合单位。")
    assert got["2-1"] == [
        ("市工信局", "lead", "document-convention"),
        ("市发展改革委", "supporting", None),
        ("市生态环境局", "supporting", None),
    ]
    assert got["2-2"][0] == ("市交通运输局", "lead", "document-convention")
    assert got["3-1"] == [
        ("市发展改革委", "lead", "listing-order"),
        ("市财政局", "responsible", None),
    ]


def test_a_rule_naming_no_scope_holds_for_the_document() -> None:
    got = _measure_roles("各项任务中，列第一位的为牵头单位。")
    assert got["2-1"][0] == ("市工信局", "lead", "document-convention")
    assert got["2-1"][1] == ("市发展改革委", "responsible", None)
    assert got["3-1"][0] == ("市发展改革委", "lead", "document-convention")


def test_a_rule_for_a_table_holds_for_no_note_of_the_text() -> None:
    got = _measure_roles("本表中列第一位的为牵头单位。")
    assert got["2-1"][0] == ("市工信局", "lead", "listing-order")
    assert got["3-1"][0] == ("市发展改革委", "lead", "listing-order")


def test_a_label_inside_square_brackets_is_one_note() -> None:
    assert roles("（一）推动节能。【责任单位：市经信局牵头，市发展改革委配合】推进改造。") == [
        ("市经信局", "lead", "explicit"),
        ("市发展改革委", "supporting", None),
    ]


def test_a_local_body_heading_a_list_without_a_lead_leads_by_order() -> None:
    assert roles("推进改造。【责任单位：开发区管委会、市经信局、市发展改革委】") == [
        ("开发区管委会", "lead", "listing-order"),
        ("市经信局", "responsible", None),
        ("市发展改革委", "responsible", None),
    ]
    # After the agencies, a local body listed with no role word is listed as they are …
    assert roles("（市经信局、市发展改革委、开发区管委会）")[2] == (
        "开发区管委会",
        "responsible",
        None,
    )
    # … and carries the work out where the plan says local bodies do.
    ruled = "（市经信局、市发展改革委、开发区管委会，以下均需各区管委会落实，不再一一列出）"
    assert roles(ruled)[2] == ("开发区管委会", "implementing", None)


@pytest.mark.parametrize(
    "rule", ["列第一位的为牵头单位", "排在第一位的单位为牵头单位", "排名第一的为牵头单位"]
)
def test_the_rule_is_stated_in_the_words_of_the_lead_basis_vocabulary(rule: str) -> None:
    state = NoteState()
    got = roles(f"（市工信局、市发展改革委。{rule}）", state)
    assert state.lead_by_convention
    assert got[0] == ("市工信局", "lead", "document-convention")


def test_one_government_word_for_a_list_of_places() -> None:
    names = [n.name for n in read_clause("市生态环境局、永安市、沙县区人民政府", 0)]
    assert names == ["市生态环境局", "永安市人民政府", "沙县区人民政府"]
