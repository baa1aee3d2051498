"""The one table reader (ingest/tables.py): both layouts a table arrives in give the same
rows, and every column takes its role from the words of its header, as the vocabularies
give them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest import tables
from ingest.tables import AGENCY
from ingest.text import normalise
from ingest.vocab import vocabularies

ONE_CELL_A_LINE = (
    "\t序号\n\t重点任务\n\t牵头单位\n\t完成时限\n\n"
    "\t1\n\t推进工业节能\n\t市工业和信息化局\n\t2025年底\n\n"
)
TABBED = "序号\t重点任务\t牵头单位\t完成时限\n1\t推进工业节能\t市工业和信息化局\t2025年底\n"
SPACED = (
    "序号  重点任务    牵头单位          完成时限\n1     推进工业节能  市工业和信息化局  2025年底\n"
)
DRAWN = (
    "┌──┬──────┬────────┬──────┐\n"
    "│序号│重点任务│牵头单位│完成时限│\n"
    "├──┼──────┼────────┼──────┤\n"
    "│1│推进工业节能│市工业和信息化局│2025年底│\n"
    "└──┴──────┴────────┴──────┘\n"
)


@pytest.mark.parametrize("text", [ONE_CELL_A_LINE, TABBED, SPACED, DRAWN])
def test_every_layout_gives_the_same_rows_with_their_offsets(text: str) -> None:
    norm = normalise(text, simplify=False)
    rows = [r for r in tables.rows(norm, text, 0) if r.cells]
    assert [[c.text for c in r.cells] for r in rows] == [
        ["序号", "重点任务", "牵头单位", "完成时限"],
        ["1", "推进工业节能", "市工业和信息化局", "2025年底"],
    ]
    for row in rows:
        for cell in row.cells:
            assert text[cell.start : cell.end] == cell.text


def test_a_long_cell_broken_onto_a_second_line_is_one_cell() -> None:
    text = "\t指标\n\t单位\n\n\t单位工业增加值能耗\n\t吨标准煤\n/万元\n\n"
    rows = tables.rows(normalise(text, simplify=False), text, 0)
    assert [c.text for c in rows[1].cells] == ["单位工业增加值能耗", "吨标准煤/万元"]


@pytest.mark.parametrize(
    "text",
    ["（9）单位能耗降低（%） 【8.04】 【16】 约束性", "（9）单位能耗降低（%）【8.04】【16】约束性"],
)
def test_a_flattened_line_is_cut_at_white_space_and_between_bracketed_figures(text: str) -> None:
    norm = normalise(text, simplify=False)
    cells = tables.spaced_cells(norm, 0, len(text))
    assert [c.text for c in cells] == ["(9)单位能耗降低(%)", "[8.04]", "[16]", "约束性"]
    assert [text[c.start : c.end] for c in cells] == [
        "（9）单位能耗降低（%）",
        "【8.04】",
        "【16】",
        "约束性",
    ]


ROLES = [
    ("序号", "index"),
    ("条目", "reference"),
    ("重点任务", "task"),
    ("项目名称", "task"),
    ("具体工作", "content"),
    ("任务内容", "content"),
    ("完成时限", "deadline"),
    ("指标名称", "indicator"),
    ("单位", "unit"),
    ("计量单位", "unit"),
    ("2020年", "base-value"),
    ("2020年实际值", "base-value"),
    ("2025年", "target-value"),
    ("2025年目标", "target-value"),
    ("变化幅度", "change"),
    ("指标属性", "kind"),
    ("领域", "sector"),
]


@pytest.mark.parametrize(("header", "role"), ROLES, ids=[h for h, _ in ROLES])
def test_a_column_takes_its_role_from_its_header(header: str, role: str) -> None:
    found = tables.column(3, header)
    assert found is not None and (found.index, found.role) == (3, role)


@pytest.mark.parametrize(
    ("header", "role"),
    [("牵头单位", "lead"), ("配合部门", "supporting"), ("责任单位", None), ("牵头", "lead")],
)
def test_an_agency_column_is_read_under_a_note_label_of_its_role(
    header: str, role: str | None
) -> None:
    found = tables.column(0, header)
    assert found is not None and found.role == AGENCY and found.label is not None
    assert dict(vocabularies().note_labels)[found.label] == role


@pytest.mark.parametrize(
    "header", ["备注", "说明", "推进全市重点行业节能降碳改造和超低排放改造工作"]
)
def test_a_header_naming_no_column_role_has_none(header: str) -> None:
    assert tables.column(0, header) is None


WORDS = vocabularies().column_words


@pytest.mark.parametrize(("word", "notation"), WORDS, ids=[w for w, _ in WORDS])
def test_every_header_word_of_the_vocabulary_names_its_role(word: str, notation: str) -> None:
    found = tables.column(0, word)
    assert found is not None and found.role == notation


def test_a_header_word_added_to_the_lexicon_names_its_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert tables.column(0, "工作事项") is None
    more = replace(vocabularies(), column_words=(("工作事项", "task"), *WORDS))
    monkeypatch.setattr(tables, "vocabularies", lambda: more)
    found = tables.column(0, "工作事项")
    assert found is not None and found.role == "task"


def test_columns_of_a_header_row_leave_out_the_unnamed() -> None:
    found = tables.columns(["序号", "重点任务", "备注", "牵头单位"])
    assert [(c.index, c.role) for c in found] == [(0, "index"), (1, "task"), (3, AGENCY)]
