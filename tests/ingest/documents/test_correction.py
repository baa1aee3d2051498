"""OCR'd text put right against the parser's lexicon (ingest/documents/correction.py), on
strings: a "^" marks the next character as one Tesseract doubted, a "~" one it read with
middling confidence (85), spaces part its words.
Misreadings as Tesseract made them of the blind sets' scans. Real Tesseract on page
images: test_ocr.py."""

from __future__ import annotations

import pytest

from ingest.documents.correction import DOUBT, Reading, correct, lexicon
from ingest.documents.likeness import likeness
from ingest.gazetteer import place_names
from ingest.vocab import vocabularies


def reading(marked: str) -> Reading:
    """The text of `marked`, its doubted characters and its words (each character a word
    of its own where no space parts them)."""
    each = " " not in marked
    text: list[str] = []
    confidence: list[float] = []
    starts: list[bool] = []
    doubted = start = middling = False
    for ch in marked:
        if ch == "^":
            doubted = True
        elif ch == "~":
            middling = True
        elif ch == " ":
            start = True
        else:
            text.append(ch)
            confidence.append(DOUBT / 2 if doubted else 85.0 if middling else 95.0)
            starts.append(start or each or not starts)
            doubted = start = middling = False
    return Reading("".join(text), confidence, starts)


def fixed(marked: str) -> str:
    read = reading(marked)
    out = correct(read, lexicon())
    assert len(out) == len(read.text)  # one character for one: offsets hold
    return out


def test_a_doubted_character_inside_a_term_becomes_the_term_s() -> None:
    assert (
        fixed("到2025年，化学需^气量、氨氮重点工程减排量")
        == "到2025年，化学需氧量、氨氮重点工程减排量"
    )
    assert fixed("各项任务中，列第一位的单位为^这头单位") == "各项任务中，列第一位的单位为牵头单位"
    assert fixed("市^印政管理局、市商务局") == "市邮政管理局、市商务局"
    # a place's name, the document's own
    assert fixed("芜湖市财政局、人行芜^寡市中心支行") == "芜湖市财政局、人行芜湖市中心支行"


def test_a_middling_character_among_doubted_ones_is_doubted_too() -> None:
    assert fixed("化学需氧量、~所^氧^化物、挥发性有机物") == "化学需氧量、氮氧化物、挥发性有机物"
    assert fixed("化学需氧量、~所氧化物、挥发性有机物") == "化学需氧量、所氧化物、挥发性有机物"


def test_a_character_read_with_confidence_stays() -> None:
    assert (
        fixed("到2025年，化学需气量、氨氮重点工程减排量")
        == "到2025年，化学需气量、氨氮重点工程减排量"
    )


def test_only_a_long_term_may_be_two_characters_away() -> None:
    assert fixed("城镇新建^奸^策中绿色建筑面积占比") == "城镇新建建筑中绿色建筑面积占比"
    assert fixed("削减化学^雷^气量") == "削减化学雷气量"


def test_terms_read_as_written_stay_even_a_place_s_short_name() -> None:
    # 辽源 is no term to write (too many words are a character away from a short name),
    # but as read it is one: not 能源, a word of the role and topic vocabularies
    assert fixed("优化能源结构。四平、^辽源、松原等地") == "优化能源结构。四平、辽源、松原等地"
    assert fixed("四平、芜^寡、松原") == "四平、芜寡、松原"  # and never written


def test_a_run_that_cuts_a_word_tesseract_read_stays() -> None:
    assert fixed("加强 在线 监^控 系统") == "加强在线监测系统"
    assert fixed("加强 在线 监^控台 系统") == "加强在线监控台系统"


def test_a_word_read_with_confidence_elsewhere_is_the_document_s_own() -> None:
    assert fixed(
        "加强在线监^控。完善在线监控平台。"
    ) == "加强在线监^控。完善在线监控平台。".replace("^", "")


def test_a_word_the_document_reads_in_place_of_the_term_keeps_it_out() -> None:
    # 赣江新区 is no place name of the gazetteer, 两江新区 is
    assert fixed("市人民政府、^议江新区管委会") == "市人民政府、两江新区管委会"
    read = "赣江新区管委会负责。市人民政府、^议江新区管委会"
    assert fixed(read) == read.replace("^", "")


def test_a_short_term_stands_alone_and_is_the_document_s_own() -> None:
    notes = "（市工信局^奉头，市商务局配合）（市商务局牵头）"
    assert fixed(notes) == "（市工信局牵头，市商务局配合）（市商务局牵头）"
    # not where it would run into the words around it
    assert fixed("推进原辅材料^源头替代（市商务局牵头）") == "推进原辅材料源头替代（市商务局牵头）"
    # not where the document never reads it
    assert fixed("（市工信局^奉头，市商务局配合）") == "（市工信局奉头，市商务局配合）"
    # nor where its kept character makes another word more often
    rivals = notes + "源头治理，源头减量"
    assert fixed(rivals).startswith("（市工信局奉头")


def test_a_run_two_terms_fit_as_well_stays() -> None:
    assert fixed("（^凡州市生态环境局牵头）") == "（凡州市生态环境局牵头）"  # 泉州市, 福州市 …


def test_a_stray_read_before_a_pollutant_of_a_list_is_a_space() -> None:
    # the wide glyph of 氮 read as two characters, the first its own word
    listed = "化学需氧量、氨氮、 ^和 氮氧化物、挥发性有机物重点工程减排量"
    assert fixed(listed) == "化学需氧量、氨氮、 氮氧化物、挥发性有机物重点工程减排量"
    # an agency's prefix is no stray, nor a character the document reads confidently
    assert (
        fixed("省发展改革委、^省 商务厅、省工业和信息化厅")
        == "省发展改革委、省商务厅、省工业和信息化厅"
    )
    assert fixed("化学需氧量、氨氮、 和 氮氧化物") == "化学需氧量、氨氮、和氮氧化物"


needs_font = pytest.mark.skipif(
    likeness("氮", "氨") is None, reason="no CJK font (fonts-noto-cjk) to compare glyphs"
)


@needs_font
def test_a_pollutant_of_a_list_misread_in_every_character_is_the_one_it_looks_like() -> None:
    # 氨氮 as Tesseract read it on four scans: no character of it right, or one; the
    # document never reads 氨氮 itself
    tail = "、氮氧化物、挥发性有机物重点工程减排量"
    for read in ("^氮^氛", "^氢^氛", "^氮^气", "^氨^氨", "^氮~氛"):
        assert fixed(f"化学需氧量、{read}{tail}") == f"化学需氧量、氨氮{tail}"
    # behind a pollutant put right first (化学需气量), or before one
    assert fixed("化学需^气量、^氮^气、挥发性") == "化学需氧量、氨氮、挥发性"
    assert fixed("（^氮^气、化学需氧量）") == "（氨氮、化学需氧量）"


@needs_font
def test_a_pollutant_misread_in_every_character_where_the_table_has_pollutants() -> None:
    rows = "│2│化学需氧量重点工程减排量│吨│\n│3│{}重点工程减排量│吨│"
    assert fixed(rows.format("^氮^氛")) == rows.format("氨氮")
    # where no pollutant stands before that term, it stays
    other = "│2│城镇污水处理率│%│\n│3│^氮^氛重点工程减排量│吨│"
    assert fixed(other) == other.replace("^", "")


@needs_font
def test_a_list_item_stays_unless_doubted_looking_like_a_pollutant_and_in_a_list() -> None:
    tail = "、氮氧化物、挥发性有机物"
    # read with confidence, or one character only doubted: a word of its own
    assert fixed(f"化学需氧量、氮氛{tail}") == f"化学需氧量、氮氛{tail}"
    assert fixed(f"化学需氧量、^氮氛{tail}") == f"化学需氧量、氮氛{tail}"
    # no pollutant looks like it
    assert fixed(f"化学需氧量、^悬^浮^物{tail}") == f"化学需氧量、悬浮物{tail}"
    # no pollutant beside it
    assert fixed("市商务局、^氮^氛、市工信局") == "市商务局、氮氛、市工信局"
    # not a whole item
    assert fixed(f"化学需氧量、^氮^氛^排{tail}") == f"化学需氧量、氮氛排{tail}"


@needs_font
def test_a_place_s_short_name_the_document_reads_as_a_place_is_written() -> None:
    place = "铜陵市人民政府，铜陵市生态环境局。"
    # one character doubted and looking like the name's, the other read with confidence
    assert (
        fixed(f"{place}市生态环境局、^钼陵经开区管委会") == f"{place}市生态环境局、铜陵经开区管委会"
    )
    # read with middling confidence: it looks like the name more (钼 0.87, 铀 0.80)
    assert fixed(f"{place}市商务局、~钼陵海事局") == f"{place}市商务局、铜陵海事局"
    assert fixed(f"{place}市商务局、~铀陵海事局") == f"{place}市商务局、铀陵海事局"
    # a name read once only, or never with its level
    assert (
        fixed("铜陵市人民政府。市生态环境局、^钼陵经开区")
        == "铜陵市人民政府。市生态环境局、钼陵经开区"
    )
    assert fixed("铜陵，铜陵。市生态环境局、^钼陵经开区") == "铜陵，铜陵。市生态环境局、钼陵经开区"
    # a word that is a place's name too (新建 of 新建区) is not the document's place
    assert fixed("新建建筑，新建建筑。坚持创新^驱动") == "新建建筑，新建建筑。坚持创新驱动"


def test_no_term_runs_across_pieces() -> None:
    assert fixed("化学需\n^气量") == "化学需\n气量"


@pytest.mark.parametrize(
    "word", ["牵头", "牵头单位", "生态环境局", "化学需氧量", "吨标准煤", "列第一位的为牵头单位"]
)
def test_the_lexicon_is_the_vocabularies_words(word: str) -> None:
    assert word in vocabularies().words
    assert word in lexicon().terms


def test_the_lexicon_holds_the_places_names() -> None:
    assert {"芜湖市", "芜湖", "安溪县", "安溪"} <= place_names()
    assert {"芜湖市", "芜湖"} <= lexicon().terms
