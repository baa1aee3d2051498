"""The one reader of quantity statements (ingest/quantities.py): each rule on a small
statement, in prose and in a table cell alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.annex import annex_targets
from ingest.model import Gap
from ingest.numbers import canonical
from ingest.quantities import (
    base_year_for,
    cell_quantity,
    direction,
    figure_lists,
    indicator_statements,
    target_year,
)
from ingest.targets import headline_targets
from ingest.text import compact, normalise
from ingest.vocab import vocabularies


def _said(text: str) -> list[tuple[str, str, str, str, int | None]]:
    """(indicator, value, unit, qualifier, base year) of each statement of `text`."""
    found, _ = indicator_statements(text, 0, len(text), [])
    return [
        (
            s.indicator,
            canonical(s.quantity.value),
            s.quantity.unit,
            s.quantity.qualifier,
            s.base_year,
        )
        for s in found
    ]


def _refused(text: str) -> list[str]:
    return [r.detail for r in indicator_statements(text, 0, len(text), [])[1]]


# ------------------------------------------------------------------- qualifiers


def _bound_words() -> list[tuple[str, str]]:
    return [(w, n) for w, n in vocabularies().qualifier_words if n != "aspirational"]


@pytest.mark.parametrize(("word", "notation"), _bound_words())
def test_every_bound_word_of_the_vocabulary_qualifies_a_cell(word: str, notation: str) -> None:
    # Written before the figure (不低于15%) or after it (15%以上): the same reading.
    for text in (f"{word}15%", f"15%{word}"):
        q = cell_quantity(text)
        if q is None:
            continue  # a word that reads one way only (以上 never stands first)
        assert (canonical(q.value), q.unit, q.qualifier) == ("15", "percent", notation)
    assert any(cell_quantity(t) is not None for t in (f"{word}15%", f"15%{word}"))


@pytest.mark.parametrize(
    ("statement", "qualifier"),
    [
        ("非化石能源消费比重达到20%以上", "at-least"),
        ("非化石能源消费比重不低于20%", "at-least"),
        ("非化石能源消费比重超过20%", "at-least"),
        ("非化石能源消费比重至少20%", "at-least"),
        ("非化石能源消费比重达到20%左右", "about"),
        ("能源消费总量控制在1000万吨标准煤以内", "at-most"),
        ("能源消费总量控制在1000万吨标准煤", "at-most"),
        ("能源消费总量不超过1000万吨标准煤", "at-most"),
        ("力争非化石能源消费比重达到20%", "aspirational"),
        ("非化石能源消费比重达到20%", ""),
    ],
)
def test_a_qualifier_in_prose_before_or_after_the_figure(statement: str, qualifier: str) -> None:
    assert [q for *_, q, _ in _said(statement)] == [qualifier]


# ---------------------------------------------------------------- verbs, years


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("比2020年下降", "fall"),
        ("分别降低", "fall"),
        ("下降不低于", "fall"),
        ("提高", "rise"),
        ("达到", "reach"),
        ("下降到", "reach"),
        ("稳定在", "reach"),
        ("能源消费总量", None),
    ],
)
def test_the_verb_before_a_figure_makes_it_a_fall_a_rise_or_a_level(
    words: str, kind: str | None
) -> None:
    assert direction(words) == kind


def test_a_level_is_not_read_from_its_change() -> None:
    assert _said("煤炭消费总量下降5万吨") == []
    assert _said("煤炭消费总量降至500万吨") == [
        ("coal-consumption-total", "5000000", "t", "", None)
    ]


def test_a_change_has_the_period_start_as_base_year_a_level_the_one_given() -> None:
    assert base_year_for("energy-intensity-reduction", "下降") == 2020
    assert base_year_for("energy-intensity-reduction", "比2019年下降", None) == 2019
    assert base_year_for("non-fossil-energy-share", "达到") is None
    assert base_year_for("non-fossil-energy-share", "达到", 2020) == 2020
    assert base_year_for("coal-consumption-total", "较2019年保持负增长、控制在", 2020) == 2019


def test_the_target_year_is_the_nearest_year_mark_before_the_statement() -> None:
    text = "到2030年,甲。乙达到5%。到2027年,丙达到6%"
    assert target_year(text, text.index("乙"), wide=False) == 2025
    assert target_year(text, text.index("乙"), wide=True) == 2030
    assert target_year(text, text.index("丙"), wide=False) == 2027


# ------------------------------------------------------------------- indicators


@pytest.mark.parametrize(
    ("statement", "indicator"),
    [
        ("规模以上工业单位增加值能耗降低17%", "industrial-energy-intensity-reduction"),
        ("规上工业单位增加值能耗下降14%", "industrial-energy-intensity-reduction"),
        ("万元工业增加值用水量下降16%", "industrial-water-intensity-reduction"),
        ("非化石能源占能源消费总量比重达到17.7%", "non-fossil-energy-share"),
        ("能源消费增量控制在32万吨标准煤以内", "energy-consumption-increment"),
        ("新增能耗不超过30万吨标准煤", "energy-consumption-increment"),
        ("能耗总量控制在500万吨标准煤左右", "energy-consumption-total"),
        ("煤炭消费量控制在800万吨以内", "coal-consumption-total"),
        ("火电平均供电煤耗降至300克标准煤/千瓦时", "coal-consumption-per-kwh-supplied"),
    ],
)
def test_the_indicator_is_named_by_the_labels_of_the_lexicon(
    statement: str, indicator: str
) -> None:
    assert [i for i, *_ in _said(statement)] == [indicator]


def test_a_statement_owns_its_words_from_the_list_mark_before_it() -> None:
    # The aspiration belongs to the figure before the 、, not to the increment after it.
    text = "力争完成18.5%的激励目标、能源消费增量控制在32万吨标准煤"
    assert _said(text) == [("energy-consumption-increment", "320000", "tce", "at-most", 2020)]


def test_a_figure_per_year_is_not_the_five_year_figure() -> None:
    assert _said("规模以上工业单位增加值能耗年均下降3%") == []
    assert [i for i, *_ in _said("单位地区生产总值能耗年均下降3%")] == [
        "energy-intensity-annual-reduction"
    ]


def test_a_figure_of_another_kind_than_its_indicator_is_not_read() -> None:
    # A percent figure for a level stated in tonnes of coal, and a CO2 subject.
    assert _said("能源消费总量控制在5%") == []
    assert _said("单位地区生产总值二氧化碳排放下降18%") == []


def test_figures_already_read_are_left() -> None:
    text = "非化石能源消费比重达到20%"
    found, _ = indicator_statements(text, 0, len(text), [(0, len(text))])
    assert found == []


# ----------------------------------------------------------------- lists, ranges


def test_a_list_shares_the_unit_and_the_bound_written_once() -> None:
    text = "分别达到1850、620吨以上"
    [group] = figure_lists(text, 0, len(text))
    assert [(canonical(q.value), q.unit, q.qualifier) for q in group] == [
        ("1850", "t", "at-least"),
        ("620", "t", "at-least"),
    ]


@pytest.mark.parametrize("written", ["13%-14%", "13～14%", "13%—14%", "13%至14%"])
def test_a_range_is_one_quantity_with_both_ends(written: str) -> None:
    text = f"下降{written}"
    [[q]] = figure_lists(text, 0, len(text))
    assert (q.value, q.high, q.unit) == (Decimal(13), Decimal(14), "percent")
    assert text[q.start : q.end] == written


def test_a_range_promises_its_low_end_a_list_for_one_indicator_is_refused() -> None:
    assert _said("单位GDP能耗下降13%-14%") == [
        ("energy-intensity-reduction", "13", "percent", "at-least", 2020)
    ]
    assert _refused("单位GDP能耗下降13%-14%") == []
    assert _refused("非化石能源消费比重达到17%、18%") == ["non-fossil-energy-share: 2 figures"]


def test_a_range_under_a_ceiling_promises_its_high_end() -> None:
    text = "到2025年，能源消费增量控制在30—32万吨标准煤。"
    gaps: list[Gap] = []
    got = headline_targets(compact(normalise(text, False), text), gaps)
    assert [(t.indicator, canonical(t.value), t.qualifier) for t in got] == [
        ("energy-consumption-increment", "320000", "at-most")
    ]
    assert gaps == []


# ------------------------------------------------------------------------ cells


@pytest.mark.parametrize(
    ("cell", "value", "unit", "qualifier", "change"),
    [
        ("15", "15", "", "", False),
        ("15%", "15", "percent", "", False),
        ("(14)", "14", "", "", False),
        ("[4.5%]", "4.5", "percent", "", True),
        ("下降[4.5%]", "4.5", "percent", "", True),
        ("下降4.5%", "4.5", "percent", "", True),
        ("152万吨标准煤以内", "1520000", "tce", "at-most", False),
        ("≥90%", "90", "percent", "at-least", False),
    ],
)
def test_a_cell_states_a_quantity(
    cell: str, value: str, unit: str, qualifier: str, change: bool
) -> None:
    q = cell_quantity(cell)
    assert q is not None
    assert (canonical(q.value), q.unit, q.qualifier, q.change) == (value, unit, qualifier, change)


@pytest.mark.parametrize("cell", ["约束性", "[14", "14)", "15公顷", "—"])
def test_a_cell_that_states_no_quantity_gives_none(cell: str) -> None:
    assert cell_quantity(cell) is None


def test_a_range_cell_keeps_both_ends() -> None:
    q = cell_quantity("8—10%")
    assert q is not None and (q.value, q.high) == (Decimal(8), Decimal(10))


# ----------------------------------------------------------------- table layouts


def _table_targets(text: str) -> list[tuple[str, str, str, str, int | None]]:
    norm = normalise(text, False)
    got = annex_targets(norm, text, 0, lambda _name: None, scope="headline")
    return [(t.indicator, canonical(t.value), t.unit, t.qualifier, t.base_year) for t in got]


def test_a_headline_table_with_base_and_target_columns() -> None:
    text = (
        "指标\t单位\t基准值\t2025年\t属性\n"
        "规模以上工业单位增加值能耗降低率\t%\t—\t[14]\t约束性\n"
        "非化石能源占能源消费总量比重\t%\t12\t15以上\t预期性\n"
    )
    assert _table_targets(text) == [
        ("industrial-energy-intensity-reduction", "14", "percent", "", 2020),
        ("non-fossil-energy-share", "15", "percent", "at-least", 2020),
    ]


def test_a_table_row_with_a_range_promises_its_low_end() -> None:
    text = "指标\t单位\t2020年\t2025年\n非化石能源占能源消费总量比重\t%\t12\t15—16\n"
    assert _table_targets(text) == [("non-fossil-energy-share", "15", "percent", "at-least", 2020)]


def test_a_table_row_without_a_figure_is_no_gap() -> None:
    text = "指标\t单位\t2020年\t2025年\n能源消费总量\t万吨标准煤\t120\t—\n"
    gaps: list[Gap] = []
    assert annex_targets(normalise(text, False), text, 0, lambda _name: None, gaps=gaps) == []
    assert gaps == []
