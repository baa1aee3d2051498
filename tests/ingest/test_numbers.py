"""Numbers as written in the plans -> exact decimals in normalised units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.numbers import (
    canonical,
    clean,
    figure_groups,
    figures,
    normalise_quantity,
    parse_decimal,
)
from tests.support.tables import json_table

# ---------------------------------------------------------------- parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17.5", "17.5"),
        ("3000", "3000"),
        ("0.0691", "0.0691"),
        ("19.0", "19"),
        (" 12 ", "12"),
        ("-3", "-3"),
        ("１２．５", "12.5"),  # GB-style full-width digits
        ("－3", "-3"),
        ("三十", "30"),
        ("十", "10"),
        ("十五", "15"),
        ("一十五", "15"),
        ("一百零五", "105"),
        ("两千", "2000"),
        ("两百二十", "220"),
        ("一万二千", "12000"),
        ("二十万", "200000"),
        ("三千零一十", "3010"),
        ("一亿二千万", "120000000"),
        ("十四点五", "14.5"),
        ("二〇二五", "2025"),
        ("负三", "-3"),
    ],
)
def test_parse_decimal(text: str, expected: str) -> None:
    assert canonical(parse_decimal(text)) == expected


@pytest.mark.parametrize("text", ["", "  ", "abc", "12吨", "十十", "万", "1.2.3", "三点", "百万万"])
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_parse_decimal_result_is_canonical() -> None:
    assert str(parse_decimal("10170.000")) == "10170"
    assert str(parse_decimal("100")) == "100"


# ------------------------------------------------------------ normalise_quantity


@pytest.mark.parametrize(
    ("value", "unit", "expected", "code"), json_table("numbers/quantities.json")["cases"]
)
def test_normalise_quantity(value: str, unit: str, expected: str, code: str) -> None:
    got, got_code = normalise_quantity(Decimal(value), unit)
    assert (str(got), got_code) == (expected, code)


def test_unknown_unit_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown unit '万千瓦时'"):
        normalise_quantity(Decimal(1), "万千瓦时")


# ------------------------------------------------------------------ canonical


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.0170E+4", "10170"),
        ("10170.000", "10170"),
        ("0.50", "0.5"),
        ("-0", "0"),
        ("0E-7", "0"),
        ("1E-7", "0.0000001"),
        ("-2.50", "-2.5"),
    ],
)
def test_canonical(value: str, expected: str) -> None:
    assert canonical(Decimal(value)) == expected
    assert clean(Decimal(value)) == Decimal(value)
    if abs(Decimal(value)) >= Decimal("0.000001") or Decimal(value).is_zero():
        assert str(clean(Decimal(value))) == expected


def test_canonical_rejects_nan() -> None:
    with pytest.raises(ValueError):
        canonical(Decimal("NaN"))


# --------------------------------------------------------------- properties

_decimals = st.decimals(
    min_value=Decimal(-(10**12)),
    max_value=Decimal(10**12),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
_any_decimals = st.decimals(allow_nan=False, allow_infinity=False)


@given(_decimals)
def test_parse_decimal_round_trips(d: Decimal) -> None:
    assert parse_decimal(canonical(d)) == d
    assert parse_decimal(str(d)) == d


@given(_decimals.filter(lambda d: d >= 0))
def test_wan_tonnes_scale_exactly(d: Decimal) -> None:
    value, code = normalise_quantity(d, "万吨")
    assert code == "t"
    assert value == d * 10000
    assert "E" not in str(value)
    tce, tce_code = normalise_quantity(d, "万吨标准煤")
    assert (tce, tce_code) == (value, "tce")


@given(_any_decimals)
def test_canonical_has_no_exponent(d: Decimal) -> None:
    text = canonical(d)
    assert "E" not in text and "e" not in text
    assert Decimal(text) == d
    assert not (text.endswith("0") and "." in text)  # no trailing zeros after a point


_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """Tiny encoder for 1..9999 in the usual written form (十五, 一百零五, 两 not used)."""
    if n < 10:
        return _DIGITS[n]
    out = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        d = n // unit % 10
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(("" if (unit == 10 and n < 20) else _DIGITS[d]) + name)
        elif out:
            zero = True
    d = n % 10
    if d:
        if zero:
            out.append("零")
        out.append(_DIGITS[d])
    return "".join(out)


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_decimal(_to_chinese(n)) == n


def test_encoder_sanity() -> None:
    assert [_to_chinese(n) for n in (15, 30, 105, 1010, 2005, 9999)] == [
        "十五",
        "三十",
        "一百零五",
        "一千零一十",
        "二千零五",
        "九千九百九十九",
    ]


# ------------------------------------------------------------------ figures in text


def test_figures_with_units_suffixes_and_bare_numbers() -> None:
    got = [
        (canonical(f.value), f.unit, f.suffix)
        for f in figures("下降14.5%以上,控制在119万吨左右,2025")
    ]
    assert got == [("14.5", "percent", "以上"), ("1190000", "t", "左右"), ("2025", "", "")]
    # Longest unit first; a capacity or a rate is not a mass.
    assert [f.unit for f in figures("32万吨标准煤,0.52吨标准煤/万元,5万吨/日,VOCs2200吨")] == [
        "tce",
        "",
        "t/d",
        "t",
    ]


def test_figure_groups_share_a_trailing_unit_and_its_qualifier() -> None:
    text = "比2020年分别达到1.017、0.0691、0.829和0.22万吨以上,8%、8%、10%、10%以上"
    groups = figure_groups(text)
    assert [[(canonical(f.value), f.unit, f.suffix) for f in g] for g in groups] == [
        [
            ("10170", "t", "以上"),
            ("691", "t", "以上"),
            ("8290", "t", "以上"),
            ("2200", "t", "以上"),
        ],
        [  # a bound written once, after the list's last figure, is every figure's
            ("8", "percent", "以上"),
            ("8", "percent", "以上"),
            ("10", "percent", "以上"),
            ("10", "percent", "以上"),
        ],
    ]
    assert figure_groups("到2025年、2030年") == []
