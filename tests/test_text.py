"""Decoding and the offset-preserving normaliser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.errors import PlanError
from ingest.text import compact, decode, is_traditional, lines, normalise, to_simplified

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
