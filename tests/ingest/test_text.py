"""Decoding and the offset-preserving normaliser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.errors import PlanError
from ingest.text import (
    as_written,
    compact,
    decode,
    is_traditional,
    lines,
    normalise,
    to_simplified,
)

SAMPLE = "定州市“十四五”节能减排综合实施方案\n（市发展和改革委员会牵头）"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_decode_encodings(raw: bytes, encoding: str) -> None:
    text, used = decode(raw, "plan.txt")
    assert used == encoding
    assert text.replace("\r\n", "\n").lstrip("\ufeff") == SAMPLE


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\r\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),
        (b"\xff\xfe\xfd\x80\x81" * 10 + b"\x80", "cannot decode"),
    ],
)
def test_decode_refuses(raw: bytes, reason: str) -> None:
    with pytest.raises(PlanError) as info:
        decode(raw, "bad.txt")
    assert info.value.source == "bad.txt"
    assert reason in str(info.value)
    assert str(info.value).startswith("bad.txt: ")


def test_traditional_detected_and_simplified_in_place() -> None:
    traditional = "節能減排綜合工作方案（市發展和改革委員會牽頭，市生態環境局配合）"
    assert is_traditional(traditional)
    assert not is_traditional(SAMPLE)
    simplified = to_simplified(traditional)
    assert len(simplified) == len(traditional)
    assert "发展和改革委员会牵头" in simplified


def test_normalise_folds_brackets_digits_and_noise() -> None:
    text = "[bookmark: _GoBack]（一）到２０２５年，下降１７．５％〔市发改委〕"
    norm = normalise(text, simplify=False)
    assert len(norm) == len(text)
    assert norm.strip().startswith("(一)到2025年,下降17.5%(市发改委)")


def test_compact_maps_back_to_original_across_line_breaks() -> None:
    original = "城市污泥无害化处\n\n置保持在 97%以上。"
    norm = normalise(original, simplify=False)
    c = compact(norm, original)
    assert c.text == "城市污泥无害化处置保持在97%以上。"
    start = c.text.index("处置")
    span = c.span(start, start + 2)
    assert span.text == "处\n\n置"
    assert original[span.start : span.end] == span.text


def test_lines_keep_offsets() -> None:
    text = "  一、总体要求\n\n（一）指导思想。\n"
    found = lines(text)
    assert [ln.text for ln in found] == ["一、总体要求", "（一）指导思想。"]
    assert all(text[ln.start : ln.end] == ln.text for ln in found)


han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
anything = st.text(
    alphabet=st.one_of(han, st.sampled_from("（）〔〕：，；。％０１２３4567 \n\r\t\u3000abcXYZ“”")),
    max_size=200,
)


@given(anything, st.booleans())
def test_normalise_preserves_length(text: str, simplify: bool) -> None:
    assert len(normalise(text, simplify)) == len(text)


@given(anything)
def test_compact_offsets_point_at_the_same_characters(text: str) -> None:
    norm = normalise(text, simplify=False)
    c = compact(norm, text)
    assert len(c.offsets) == len(c.text)
    for i, ch in enumerate(c.text):
        assert norm[c.offsets[i]] == ch
        assert not text[c.offsets[i]].isspace()
    if c.text:
        whole = c.whole()
        assert text[whole.start : whole.end] == whole.text


@given(
    st.lists(
        st.sampled_from(["节能", "减排", "２０２５", "（一）", "\n", " ", "\u3000"]), max_size=30
    )
)
def test_whitespace_never_reaches_compact_text(parts: list[str]) -> None:
    text = "".join(parts)
    c = compact(normalise(text, simplify=False), text)
    assert not any(ch.isspace() for ch in c.text)


def test_taiwan_vocabulary_becomes_mainland_and_keeps_offsets() -> None:
    original = "產業結構最佳化，資訊網路建設，工業和資訊化局，網際網路。"
    norm = normalise(original, simplify=True)
    assert len(norm) == len(original)
    c = compact(norm, original)
    assert c.text == "产业结构优化,信息网络建设,工业和信息化局,互联网。"
    at = c.text.index("优化")
    assert c.span(at, at + 2).text == "最佳化"  # the whole word as written
    at = c.text.index("互联网")
    assert c.span(at, at + 3).text == "網際網路"


def test_mainland_words_in_traditional_script_are_not_rewritten() -> None:
    # opencc's tw2sp would turn these into 创建, 指针, 添加, 运行.
    assert (
        to_simplified("建立健全指標體系，新增產能，嚴格執行")
        == "建立健全指标体系，新增产能，严格执行"
    )


def test_compatibility_radicals_and_invisible_characters() -> None:
    original = "⼗四五期间⼤⼒推进⾼效\u200b节能，⻓效机制\xad\ufeff"
    norm = normalise(original, simplify=False)
    assert len(norm) == len(original)
    assert compact(norm, original).text == "十四五期间大力推进高效节能,长效机制"
    assert as_written(original, norm, 0, len(original)) == "十四五期间大力推进高效节能，长效机制"


PAGE = "一、总体要求\n坚持节能优先，推进绿\n— 3 —\nX市“十四五”节能减排综合工作方案\n色转型。\n"


def test_page_numbers_and_running_headers_are_masked() -> None:
    text = "X市“十四五”节能减排综合工作方案\n" + PAGE * 2 + "- 5 -\n第6页\n"
    norm = normalise(text, simplify=False)
    assert len(norm) == len(text)
    kept = [ln.text for ln in lines(norm)]
    assert kept[0] == "X市“十四五”节能减排综合工作方案"  # the title itself stays
    assert "— 3 —" not in norm and "- 5 -" not in norm and "第6页" not in norm
    assert kept.count("X市“十四五”节能减排综合工作方案") == 1
    assert "推进绿色转型。" in compact(norm, text).text


def test_a_repeated_line_that_closes_a_bracket_is_no_running_header() -> None:
    # The tail of a note broken over lines ("…按职\n责分工负责】") repeats verbatim in a
    # plan that ends every note the same way: it is text, not a page header.
    note = "推进改造。【县财政局、县税务局按职\n责分工负责】\n"
    text = "一、总体要求\n" + note * 3
    norm = normalise(text, simplify=False)
    assert [ln.text for ln in lines(norm)].count("责分工负责]") == 3


def test_web_furniture_is_masked_and_plan_text_is_not() -> None:
    head = (
        "当前位置：首页 > 政务公开 > 政策文件\n索引号：11130682/2022-00035\n发文机关：定州市人民政府\n"
        "来源：定州市政府办　发布时间：2022-03-25　【字体：大 中 小】　打印本页　关闭窗口\n"
    )
    plan = "定州市“十四五”节能减排综合实施方案\n一、总体要求\n坚持节能优先。\n"
    tail = "相关链接：\n国务院\n扫一扫在手机打开当前页\n分享到：\n建议使用IE9以上浏览器。\n网站标识码：1306820001\n"
    text = head + "&nbsp;&nbsp;" + plan + tail
    norm = normalise(text, simplify=False)
    assert len(norm) == len(text)
    assert [ln.text for ln in lines(norm)] == [
        "定州市“十四五”节能减排综合实施方案",
        "一、总体要求",
        "坚持节能优先。",
    ]


def test_a_footer_marker_inside_the_plan_masks_nothing() -> None:
    text = "一、总体要求\n分享到各部门的经验。\n二、主要目标\n加快推进。\n"
    assert normalise(text, simplify=False) == text.translate(str.maketrans("，", ","))


@pytest.mark.parametrize(
    "line",
    [
        "您所在的位置：首页 > 信息公开 > 规范性文件",
        "首页>>政务公开>>通知公告",
        "【发布时间】2022-03-25 【来源】市发展改革委",
        "发布时间：2022-03-25 10:12  来源：定州市人民政府  浏览次数：1024",
        "【打印】【关闭】",
        "字号：大 中 小",
        "— 12 —",
        "第 3 页 共 12 页",
        "3/12",
    ],
)
def test_furniture_lines(line: str) -> None:
    text = line + "\n定州市“十四五”节能减排综合实施方案\n"
    norm = normalise(text, simplify=False)
    assert [ln.text for ln in lines(norm)] == ["定州市“十四五”节能减排综合实施方案"]


def test_damaged_utf8_is_read_as_utf8_not_as_gbk_mojibake() -> None:
    good = (SAMPLE * 20).encode("utf-8")
    damaged = good[:100] + b"\xff" + good[100:]
    text, used = decode(damaged, "plan.txt")
    assert used == "utf-8"
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == SAMPLE * 20
    # A real GBK file is still read as GBK.
    assert decode((SAMPLE * 20).encode("gbk"), "plan.txt")[1] == "gb18030"
