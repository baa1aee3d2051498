"""The parser's words come from the vocabularies (ingest/vocab.py): a synonym added to a
.ttl file, one line, is read by the parser; every word of a vocabulary is read the same
by every reader (prose and table cells, all units, all section kinds)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.annex import annex_targets
from ingest.gazetteer import gazetteer
from ingest.headline import (
    energy_statements,
    pollutant_in,
    pollutant_statements,
    qualitative_findings,
)
from ingest.model import Division
from ingest.numbers import figures, normalise_quantity
from ingest.parser import section_kind
from ingest.qualifiers import qualifier_of
from ingest.responsibility import NoteState, full_name, notes_in, table_rule
from ingest.targets import measure_targets
from ingest.text import compact, normalise
from ingest.vocab import vocabularies
from tests.support.paths import ROOT

VOCAB = ROOT / "ontology" / "vocab"

# One plan that uses a word of each kind the vocabularies do not know yet.
PLAN = """定州市“十四五”节能减排综合工作方案

一、总体要求

（一）主要目标。到2025年，全市单位地区生产总值能耗比2020年下降最少14.5%，化学需氧量、有机废气重点工程减排量分别达到100吨、50吨。确保完成省下达的污染物削减任务。全面完成省下达的降碳减排任务。

二、重点任务

（一）挥发性有机物综合整治工程。推进原辅材料源头替代。（市双碳办牵头，市统计局协办）

（二）工业节能改造工程。推进重点行业节能改造，由市工信局主抓。

三、保障措施

（一）加强统计监测。完善能源计量体系。

（二）强化执法监督。开展节能监察。前开任务由市生态环境局牵头。

附件

非化石能源占能源消费总量比重（%） 33.5 36 指导性

“十四五”各县区能耗强度降低目标

\t县区
\t降低目标（%）

\t甲县
\t12

\t汇总
\t14
"""

# The synonym of each kind, one line each, appended to its vocabulary file.
SYNONYMS = [
    ("qualifier.ttl", '<id/qualifier/at-least> skos:hiddenLabel "最少"@zh .'),
    ("topic.ttl", '<id/topic/VOCs> skos:altLabel "有机废气"@zh .'),
    ("agency-type.ttl", '<id/agency-type/development-reform> skos:altLabel "双碳办"@zh .'),
    ("role.ttl", '<id/role/supporting> skos:hiddenLabel "协办"@zh .'),
    ("role.ttl", '<id/role/lead> skos:hiddenLabel "主抓"@zh .'),
    (
        "indicator.ttl",
        '<id/indicator/key-project-emission-reduction> pk:targetWord "削减任务"@zh .',
    ),
    ("indicator.ttl", '<id/scheme/indicator> pk:generalTargetWord "降碳减排任务"@zh .'),
    ("column-role.ttl", '<id/scheme/column-role> pk:totalRowWord "汇总"@zh .'),
    ("column-role.ttl", '<id/column-role/kind> pk:cellWord "指导性"@zh .'),
    ("role.ttl", '<id/scheme/role> pk:aboveWord "前开"@zh .'),
]

# Parses PLAN with the vocabularies of the folder given, in a fresh interpreter (the
# readers take their words once, when imported), and prints what it read.
_READ = """
import json, sys
from pathlib import Path
import plankg.paths
plankg.paths.VOCAB_DIR = Path(sys.argv[1])
from ingest.parser import parse_bytes
plan = parse_bytes(sys.stdin.buffer.read(), "plan.txt")
print(json.dumps({
    "targets": [[t.indicator, t.pollutant, str(t.value), t.qualifier] for t in plan.targets],
    "agencies": [[a.full_name, a.agency_type, a.role]
                 for m in plan.measures if m.section_number == 2 for a in m.responsibilities],
    "section 3": [[str(m.number), a.full_name, a.role]
                  for m in plan.measures if m.section_number == 3 for a in m.responsibilities],
    "subjects": [[t.subject, str(t.value)] for t in plan.targets if t.subject],
    "gaps": [[g.kind, g.detail, "".join(g.span.text.split())] for g in plan.gaps],
}, ensure_ascii=False))
"""


def _read(vocab_dir: Path) -> dict[str, list[list[str]]]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(vocab_dir)],
        input=PLAN.encode("utf-8"),
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    read: dict[str, list[list[str]]] = json.loads(done.stdout)
    return read


@pytest.fixture(scope="module")
def before_and_after(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, list[list[str]]], ...]:
    copy = tmp_path_factory.mktemp("vocab") / "vocab"
    shutil.copytree(VOCAB, copy)
    before = _read(copy)
    for name, line in SYNONYMS:
        with (copy / name).open("a", encoding="utf-8") as f:
            f.write("\n" + line + "\n")
    return before, _read(copy)


def test_a_qualifier_word_added_to_the_vocabulary_is_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    before, after = before_and_after
    energy = ["energy-intensity-reduction", None, "14.5", "at-least"]
    assert energy not in before["targets"]
    assert energy in after["targets"]


def test_a_pollutant_name_added_to_the_vocabulary_is_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    before, after = before_and_after
    vocs = ["key-project-emission-reduction", "VOCs", "50", ""]
    assert vocs not in before["targets"]
    assert vocs in after["targets"]
    assert ["key-project-emission-reduction", "COD", "100", ""] in after["targets"]


def test_an_agency_name_and_a_role_word_added_to_the_vocabulary_are_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    before, after = before_and_after
    assert ["定州市双碳办", "development-reform", "lead"] not in before["agencies"]
    assert ["定州市统计局", "statistics", "supporting"] not in before["agencies"]
    assert ["定州市工信局", "industry-it", "lead"] not in before["agencies"]
    assert after["agencies"] == [
        ["定州市双碳办", "development-reform", "lead"],
        ["定州市统计局", "statistics", "supporting"],
        ["定州市工信局", "industry-it", "lead"],  # 由…主抓: a lead word outside brackets
    ]


def test_a_scope_word_added_to_the_vocabulary_is_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    before, after = before_and_after
    assert [number for number, *_ in before["section 3"]] == ["2"]  # the measure it closes
    assert after["section 3"] == [  # 前开任务: every measure before it
        ["1", "定州市生态环境局", "lead"],
        ["2", "定州市生态环境局", "lead"],
    ]


def test_target_words_added_to_the_vocabulary_are_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    before, after = before_and_after
    key = "key-project-emission-reduction"
    cut = ["qualitative-target", key, "确保完成省下达的污染物削减任务"]
    overall = ["qualitative-target", key, "全面完成省下达的降碳减排任务"]
    assert cut not in before["gaps"] and overall in before["gaps"]
    assert cut in after["gaps"] and overall not in after["gaps"]  # the plan's overall target


def test_a_total_row_word_added_to_the_vocabulary_is_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    before, after = before_and_after
    assert before["subjects"] == [["甲县", "12"], ["汇总", "14"]]
    assert after["subjects"] == [["甲县", "12"]]


def test_a_cell_word_added_to_the_vocabulary_is_read(
    before_and_after: tuple[dict[str, list[list[str]]], ...],
) -> None:
    # A flattened indicator table's row is known by its kind cell (约束性, here 指导性).
    before, after = before_and_after
    share = ["non-fossil-energy-share", None, "36", ""]
    assert share not in before["targets"]
    assert share in after["targets"]


# ------------------------------------------------------- one reader for every word

BOUNDS = [(w, n) for w, n in vocabularies().qualifier_words if n != "aspirational"]


@pytest.mark.parametrize(("word", "notation"), BOUNDS, ids=[w for w, _ in BOUNDS])
def test_every_bound_word_is_read_in_prose_and_in_table_cells(word: str, notation: str) -> None:
    assert qualifier_of(word, "") == notation  # 不低于15%
    assert qualifier_of("", word) == notation  # 15%以上
    for cell in (f"{word}20%", f"20%{word}"):
        table = (
            "附件\n\n主要指标\n\n"
            "\t指标\n\t单位\n\t2020年\n\t2025年目标\n\n"
            f"\t非化石能源占能源消费总量比重\n\t%\n\t10\n\t{cell}\n\n"
        )
        got = annex_targets(normalise(table, False), table, 0, lambda _: None)
        assert [(t.indicator, t.value, t.qualifier) for t in got] == [
            ("non-fossil-energy-share", Decimal(20), notation)
        ], cell


@pytest.mark.parametrize("word", ["超过", "至少"])
def test_the_annex_reads_more_than_and_at_least(word: str) -> None:
    table = (
        "附件\n\n“十四五”各县区能耗强度降低目标\n\n"
        f"\t县区\n\t降低目标（%）\n\n\t甲县\n\t{word}12\n\n"
    )
    got = annex_targets(normalise(table, False), table, 0, lambda _: None)
    assert [(t.subject, t.value, t.qualifier) for t in got] == [("甲县", Decimal(12), "at-least")]


UNITS = vocabularies().unit_words


@pytest.mark.parametrize(("word", "code", "factor"), UNITS, ids=[w for w, _, _ in UNITS])
def test_every_unit_word_is_read(word: str, code: str, factor: Decimal) -> None:
    assert normalise_quantity(Decimal(3), word) == (3 * factor, code)
    found = figures(f"达到3{word},")
    assert [(f.value, f.unit) for f in found] == [(3 * factor, code)]
    if "\u4e00" <= word[0] <= "\u9fff":
        assert normalise_quantity(Decimal(3), "万" + word) == (30_000 * factor, code)


def test_a_thousandth_of_a_unit_and_ten_thousand_of_that() -> None:
    assert normalise_quantity(Decimal(560), "千瓦") == (Decimal("0.56"), "MW")
    assert normalise_quantity(Decimal(180), "万千瓦") == (Decimal(1800), "MW")


KINDS = vocabularies().measure_kind_words


@pytest.mark.parametrize(("word", "kind"), KINDS, ids=[w for w, _ in KINDS])
def test_every_section_kind_word_gives_its_kind(word: str, kind: str) -> None:
    assert section_kind(f"强化{word}") == kind


def test_a_title_takes_the_kind_it_names_first() -> None:
    assert section_kind("主要目标和重点任务") == "general"
    assert section_kind("重点任务和保障措施") == "key-project"
    assert section_kind("其他事项") == "other"


NAMES = vocabularies().pollutant_names


@pytest.mark.parametrize(("name", "code"), NAMES, ids=[n for n, _ in NAMES])
def test_every_pollutant_name_names_its_pollutant(name: str, code: str) -> None:
    label = f"{name}重点工程减排量"
    assert pollutant_in(label) == (code or None)
    if any("a" <= c.lower() <= "z" for c in name):
        assert pollutant_in(label.swapcase()) == (code or None)  # Latin in any case


def test_carbon_dioxide_is_no_pollutant_of_the_emission_indicators() -> None:
    assert pollutant_in("二氧化碳排放总量") is None


PER_POLLUTANT = ("key-project-emission-reduction", "total-emission-reduction")
SUBJECTS = [(w, n) for w, n in vocabularies().subject_words if n in PER_POLLUTANT]


@pytest.mark.parametrize(("word", "indicator"), SUBJECTS, ids=[w for w, _ in SUBJECTS])
def test_every_subject_word_makes_a_list_that_indicator(word: str, indicator: str) -> None:
    unit = "%" if indicator == "total-emission-reduction" else "吨"
    found, _ = pollutant_statements(
        f"到2025年，化学需氧量、氨氮{word}分别下降100{unit}、50{unit}。"
    )
    assert [(s.indicator, s.pollutant) for s in found] == [
        (indicator, "COD"),
        (indicator, "NH3-N"),
    ]
    # with none of the indicator's words, tonnes are no such target; a cut in percent said
    # of the pollutants themselves is their total emission's (二氧化硫、氮氧化物分别削减8%、7%)
    bare, _ = pollutant_statements(f"到2025年,化学需氧量、氨氮分别下降10{unit}、5{unit}。")
    assert [s.indicator for s in bare] == (["total-emission-reduction"] * 2 if unit == "%" else [])
    # other words between: no target
    assert not pollutant_statements(f"到2025年，化学需氧量、氨氮浓度分别下降10{unit}、5{unit}。")[0]


def test_a_range_in_a_pollutant_list_is_one_pollutants_figure() -> None:
    """A range stands for one pollutant and promises what a range does anywhere
    (ingest.quantities.promised_end): its low end at least, its high end under a ceiling."""
    found, gaps = pollutant_statements(
        "到2025年，化学需氧量、氨氮重点工程减排量分别达到1200—1300吨、85吨以上。"
    )
    assert not gaps
    assert [(s.pollutant, s.value, s.qualifier) for s in found] == [
        ("COD", Decimal(1200), "at-least"),
        ("NH3-N", Decimal(85), "at-least"),
    ]
    found, gaps = pollutant_statements(
        "到2025年，化学需氧量、氨氮排放总量分别下降不超过8%—9%、10%。"
    )
    assert not gaps
    assert [(s.pollutant, s.value, s.qualifier) for s in found] == [
        ("COD", Decimal(9), "at-most"),
        ("NH3-N", Decimal(10), "at-most"),
    ]


# ------------------------------------------------------- energy-intensity subjects

ENERGY = "energy-intensity-reduction"
PER_UNIT = vocabularies().per_unit_words
ENERGY_WORDS = [w for w, n in vocabularies().subject_words if n == ENERGY]
OTHER_SUBJECTS = [w for w, n in vocabularies().subject_words if n == ""]


@pytest.mark.parametrize("per_unit", PER_UNIT)
@pytest.mark.parametrize("word", ENERGY_WORDS)
def test_every_energy_subject_is_read(per_unit: str, word: str) -> None:
    found, findings = energy_statements(f"到2025年，全市{per_unit}{word}比2020年下降14.5%。")
    assert [(s.indicator, s.value) for s in found] == [(ENERGY, Decimal("14.5"))]
    assert not findings


@pytest.mark.parametrize("other", OTHER_SUBJECTS)
def test_every_other_subject_pairs_with_its_figure_and_gives_none(other: str) -> None:
    found, findings = energy_statements(f"到2025年，单位GDP能耗和{other}分别下降14%、18%。")
    assert [(s.indicator, s.value) for s in found] == [(ENERGY, Decimal(14))]
    assert [f.detail for f in findings] == [f"18% ({other})"]
    # alone, it is no energy-intensity target
    assert energy_statements(f"到2025年，单位GDP{other}下降18%。") == ([], [])


@pytest.mark.parametrize(("word", "indicator"), vocabularies().intensity_words)
def test_an_intensity_named_on_its_own(word: str, indicator: str) -> None:
    found, _ = energy_statements(f"到2025年，{word}下降13%。")
    assert [s.indicator for s in found] == ([indicator] if indicator else [])
    gaps = qualitative_findings(f"{word}完成省下达目标。")
    assert [g.detail for g in gaps] == [indicator or word]


# --------------------------------------------------- targets stated without a figure

TARGET_WORDS = [(w, n) for w, n in vocabularies().target_words if n]
GENERAL_TARGET_WORDS = [w for w, n in vocabularies().target_words if not n]


@pytest.mark.parametrize(("word", "indicator"), TARGET_WORDS, ids=[w for w, _ in TARGET_WORDS])
def test_every_target_word_names_its_indicator_without_a_figure(word: str, indicator: str) -> None:
    assert [g.detail for g in qualitative_findings(f"确保完成省下达的{word}。")] == [indicator]
    assert qualitative_findings(f"确保完成省下达的{word}1200吨。") == []  # it has a figure


@pytest.mark.parametrize("word", GENERAL_TARGET_WORDS)
def test_the_plans_overall_target_names_no_indicator(word: str) -> None:
    assert qualitative_findings(f"确保完成省下达的{word}。") == []


POLLUTANT_TARGET_WORDS = vocabularies().pollutant_target_words


@pytest.mark.parametrize(
    ("word", "indicator"), POLLUTANT_TARGET_WORDS, ids=[w for w, _ in POLLUTANT_TARGET_WORDS]
)
def test_every_pollutant_target_word_names_its_indicator_after_pollutants(
    word: str, indicator: str
) -> None:
    for pollutants in ["化学需氧量、氨氮", *vocabularies().pollutant_group_words]:
        gaps = qualitative_findings(f"主要{pollutants}{word}完成省下达任务。")
        assert [g.detail for g in gaps] == [indicator], pollutants
    assert qualitative_findings(f"用水{word}完成省下达任务。") == []  # no pollutant's


WHOLE_PLACES = [w + level for w in vocabularies().whole_place_words for level in ("省", "州", "盟")]


@pytest.mark.parametrize("word", [*vocabularies().total_row_words, *WHOLE_PLACES])
def test_every_total_row_word_is_no_place_of_a_table(word: str) -> None:
    """A row of the whole table (合计) or of the whole jurisdiction at any level (全省,
    我州, 本盟) gives no target of a place."""
    table = (
        "附件\n\n“十四五”各县区能耗强度降低目标\n\n"
        f"\t县区\n\t降低目标（%）\n\n\t甲县\n\t12\n\n\t{word}\n\t14\n\n"
    )
    got = annex_targets(normalise(table, False), table, 0, lambda _: None)
    assert [(t.subject, t.value) for t in got] == [("甲县", Decimal(12))]


# ------------------------------------------------------------------ ratio words

RATIOS = vocabularies().ratio_words


def _measure_rows(text: str) -> list[tuple[str | None, str]]:
    got = measure_targets(compact(normalise(text, False), text), (3, 1))
    return [(t.indicator_label, str(t.value)) for t in got if t.indicator == "other"]


@pytest.mark.parametrize("word", RATIOS)
def test_every_ratio_word_ends_a_ratio_target(word: str) -> None:
    assert _measure_rows(f"到2025年，城镇生活垃圾{word}达到90%。") == [
        (f"城镇生活垃圾{word}", "90")
    ]


@pytest.mark.parametrize("word", [w for w in RATIOS if len(w) > 1])
def test_the_items_of_a_list_share_its_ratio_word(word: str) -> None:
    rows = _measure_rows(f"到2025年，甲类、乙类{word}分别达到55%、45%。")
    assert rows == [(f"甲类{word}", "55"), (f"乙类{word}", "45")]


def _measure_subjects(text: str) -> list[tuple[str, str | None, str]]:
    got = measure_targets(compact(normalise(text, False), text), (3, 1))
    return [(t.indicator, t.subject, str(t.value)) for t in got]


@pytest.mark.parametrize("place", vocabularies().place_words)
def test_every_place_word_is_the_subject_of_a_ratio(place: str) -> None:
    got = _measure_subjects(f"到2025年，污水处理率{place}达到95%。")
    assert got == [("other", place, "95")]


PUBLIC = [
    (w, n) for w, n in vocabularies().subject_words if n.startswith("public-institution-energy")
]


@pytest.mark.parametrize(("word", "indicator"), PUBLIC)
def test_every_public_institution_subject_is_read_after_its_holder(
    word: str, indicator: str
) -> None:
    for holder, n in vocabularies().holder_words:
        if n == indicator:
            got = _measure_subjects(f"到2025年，{holder}{word}比2020年下降5%。")
            assert got == [(indicator, None, "5")]
    assert _measure_subjects(f"到2025年，{word}比2020年下降5%。") == []


# ------------------------------------------------- notes for several measures, carried

LEXICON = vocabularies()
CITY = gazetteer().division("411700")  # 驻马店市


def _notes(block: str, state: NoteState | None = None) -> list[tuple[str, list[str]]]:
    """(scope, names and roles) of every note of `block`."""
    c = compact(normalise(block, False), block)
    found = notes_in(c, state or NoteState(), LEXICON, CITY)
    return [(n.scope, [f"{m.name_as_written}:{m.role}" for m in n.mentions]) for n in found]


LEAD = ["市发展改革委:lead"]


@pytest.mark.parametrize("word", LEXICON.note_scope.above)
def test_every_above_word_makes_a_note_for_the_measures_before_it(word: str) -> None:
    assert _notes(f"推进改造。{word}任务由市发展改革委牵头。") == [("above", LEAD)]
    assert _notes(f"（{word}任务由市发展改革委牵头）") == [("above", LEAD)]


@pytest.mark.parametrize("word", LEXICON.note_scope.below)
def test_every_below_word_makes_a_note_for_the_measures_after_it(word: str) -> None:
    assert _notes(f"{word}各项任务由市发展改革委牵头。") == [("below", LEAD)]
    assert _notes(f"（{word}各项任务由市发展改革委牵头）") == [("below", LEAD)]


@pytest.mark.parametrize(
    "words",
    [(w, "任务", "均") for w in LEXICON.note_scope.every]
    + [("各项", w, "均") for w in LEXICON.note_scope.work]
    + [("各项", "任务", w) for w in LEXICON.note_scope.each],
    ids="".join,
)
def test_every_word_naming_the_measures_of_a_note_is_read(words: tuple[str, str, str]) -> None:
    named = "".join(words)
    assert _notes(f"（以上{named}由市发展改革委牵头）") == [("above", LEAD)]
    assert _notes(f"（以下{named}由市发展改革委牵头）") == [("below", LEAD)]


def _later(first: str) -> list[str]:
    """The names and roles of the note after the note `first`, in the state it leaves."""
    state = NoteState()
    _notes(first, state)
    return _notes("（市生态环境局牵头）", state)[0][1]


@pytest.mark.parametrize("word", LEXICON.note_scope.carry)
def test_every_carry_word_carries_the_implementing_bodies_forward(word: str) -> None:
    assert _later(f"（市发展改革委牵头，各街镇负责落实，{word}）") == [
        "市生态环境局:lead",
        "各街镇:implementing",
    ]


@pytest.mark.parametrize("word", LEXICON.note_scope.repeat)
def test_every_repeat_word_carries_the_clause_before_it_forward(word: str) -> None:
    assert _later(f"（市发展改革委牵头，各街镇为责任主体，{word}）")[1:] == ["各街镇:implementing"]
    assert _later(f"（市发展改革委、市工信局，列第一位的为牵头单位，{word}）") == [
        "市生态环境局:lead"
    ]


@pytest.mark.parametrize("word", LEXICON.note_scope.request)
def test_every_request_word_names_the_bodies_carried_forward(word: str) -> None:
    first = f"（市发展改革委牵头。以下各项任务均{word}各街镇负责落实，不再一一列出）"
    assert _later(first)[1:] == ["各街镇:implementing"]


@pytest.mark.parametrize("word", LEXICON.note_scope.aside)
def test_brackets_an_aside_word_opens_hold_no_note(word: str) -> None:
    assert _notes(f"推进改造（{word}市发展改革委、市工信局）。") == []


@pytest.mark.parametrize("word", LEXICON.note_scope.others)
def test_every_others_word_takes_the_role_a_rule_gives(word: str) -> None:
    assert table_rule(f"注：列第一位的为牵头单位，{word}为配合单位。") == "supporting"


@pytest.mark.parametrize("prefix", LEXICON.level_prefixes)
def test_every_level_prefix_stands_for_the_jurisdiction(prefix: str) -> None:
    place = Division("000000", f"甲{prefix}", "prefecture", "", "")
    assert full_name(f"{prefix}生态环境局", place, "ecology-environment") == f"甲{prefix}生态环境局"


@pytest.mark.parametrize("prefix", LEXICON.national_prefixes)
def test_a_national_body_keeps_its_name(prefix: str) -> None:
    assert full_name(f"{prefix}生态环境局", CITY, "ecology-environment") == f"{prefix}生态环境局"
