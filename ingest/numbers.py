"""Numbers and quantities as written in the plans -> exact decimals in normalised units.

Values stay `Decimal` end to end so that 1.017万吨 becomes exactly 10170 tonnes, never
10169.999…; `canonical` gives the plain positional string the graph stores (no exponent,
no trailing zeros).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation, localcontext

from ingest.patterns import LIST_GAP
from ingest.qualifiers import BOUND
from ingest.vocab import alternation, vocabularies

__all__ = [
    "CN_NUMERAL_CHARS",
    "UNIT_CODES",
    "Figure",
    "canonical",
    "clean",
    "figure_groups",
    "figures",
    "normalise_quantity",
    "parse_decimal",
    "unit_words",
]

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
MAGNITUDES = tuple(_CN_BIG_UNITS)  # 万, 亿: a number's scale written before its unit
_CN_POINT = "点"

CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL_UNITS) + "".join(_CN_BIG_UNITS)

# Full-width digits and point, in case a caller passes un-normalised text.
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": "."})

_ASCII_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def canonical(value: Decimal) -> str:
    """Plain decimal string: "10170" not "1.017E+4", "0.5" not "0.50", "0" not "-0".

    Exact at any size: no rounding to the context precision (unlike Decimal.normalize).
    """
    if not value.is_finite():
        raise ValueError(f"not a finite decimal: {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    return text


def clean(value: Decimal) -> Decimal:
    """The same number with the canonical exponent, so str() gives `canonical`
    (Python still prints values below 1e-6 with an exponent; `canonical` never does)."""
    return Decimal(canonical(value))


def parse_decimal(text: str) -> Decimal:
    """Parse "17.5", "－3", "１２" or a Chinese numeral ("三十", "两千零五", "十四点五").

    Raises ValueError for anything else (empty text, units, mixed scripts).
    """
    s = text.strip().translate(_FULLWIDTH).replace("－", "-").replace("—", "-")
    if not s:
        raise ValueError("empty number")
    if _ASCII_NUMBER.fullmatch(s):
        try:
            return clean(Decimal(s))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
            raise ValueError(f"not a number: {text!r}") from exc
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    if s.startswith("负"):
        sign, s = -1, s[1:]
    return clean(sign * _parse_chinese(s, text))


def _parse_chinese(s: str, original: str) -> Decimal:
    if not s or any(c not in CN_NUMERAL_CHARS + _CN_POINT for c in s):
        raise ValueError(f"not a number: {original!r}")
    whole, point, frac = s.partition(_CN_POINT)
    if point and (not frac or any(c not in _CN_DIGITS for c in frac)):
        raise ValueError(f"bad decimal part in Chinese numeral: {original!r}")
    if not whole:
        raise ValueError(f"no integer part in Chinese numeral: {original!r}")
    value = Decimal(_parse_chinese_integer(whole, original))
    if frac:
        digits = "".join(str(_CN_DIGITS[c]) for c in frac)
        value += Decimal("0." + digits)
    return value


def _parse_chinese_integer(s: str, original: str) -> int:
    # Digit strings without any unit ("二〇二五") are positional, as in years.
    if all(c in _CN_DIGITS for c in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total = 0  # the 亿 part
    wan_total = 0  # the 万 part, below 亿
    section = 0  # below 万
    digit: int | None = None
    last_small = 10_000  # units inside a section must fall: 千 > 百 > 十
    seen_yi = seen_wan = False
    for ch in s:
        if ch in _CN_DIGITS:
            d = _CN_DIGITS[ch]
            if d == 0:
                digit = None  # 零 only marks a gap ("一百零五")
                continue
            if digit is not None:
                raise ValueError(f"two digits in a row in Chinese numeral: {original!r}")
            digit = d
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= last_small:
                raise ValueError(f"misordered units in Chinese numeral: {original!r}")
            # A bare 十 at the start of a section means 一十 ("十五" = 15).
            section += (1 if digit is None else digit) * unit
            digit = None
            last_small = unit
        else:
            amount = section + (digit or 0)
            if ch == "万":
                if seen_wan or amount == 0:
                    raise ValueError(f"misplaced 万 in Chinese numeral: {original!r}")
                wan_total += amount * 10_000
                seen_wan = True
            else:
                if seen_yi or amount + wan_total == 0:
                    raise ValueError(f"misplaced 亿 in Chinese numeral: {original!r}")
                total += (wan_total + amount) * 100_000_000
                wan_total, seen_yi, seen_wan = 0, True, False
            section, digit, last_small = 0, None, 10_000
    return total + wan_total + section + (digit or 0)


def _unit_codes() -> dict[str, tuple[str, Decimal]]:
    """Unit as written (whitespace-free, normalised) -> (unit code, multiplier to that
    unit): the unit vocabulary's words (ingest/vocab.py), and each word that is a word
    (not a sign such as %) with 万 or 亿 before it (180万千瓦 = 1800 MW)."""
    codes = {word: (code, factor) for word, code, factor in vocabularies().unit_words}
    for word, (code, factor) in list(codes.items()):
        if "\u4e00" <= word[0] <= "\u9fff":
            for magnitude, scale in _CN_BIG_UNITS.items():
                codes.setdefault(magnitude + word, (code, factor * scale))
    return codes


UNIT_CODES: dict[str, tuple[str, Decimal]] = _unit_codes()


def unit_words(code: str) -> str:
    """The ways of writing the unit `code` as a regular-expression alternation, longest
    first (万吨标准煤 before 吨标准煤)."""
    return alternation(w for w, (c, _) in UNIT_CODES.items() if c == code)


_UNIT_FOLD = str.maketrans({"％": "%", "／": "/", "\u3000": "", " ": "", "\t": "", "\n": ""})


def normalise_quantity(value: Decimal, unit_text: str) -> tuple[Decimal, str]:
    """(value, unit as written) -> (value in the base unit, unit code). Exact.

    1.017 万吨 -> (10170, "t"); 32 万吨标准煤 -> (320000, "tce"); 12 % -> (12, "percent").
    Raises ValueError naming the unit when it is not one the plans use.
    """
    key = "".join(unit_text.translate(_UNIT_FOLD).split())
    try:
        code, factor = UNIT_CODES[key]
    except KeyError:
        raise ValueError(f"unknown unit {unit_text!r} (value {canonical(value)})") from None
    with localcontext() as ctx:
        ctx.prec = 60  # far above any plan figure: the product is exact
        scaled = value * factor
    return clean(scaled), code


# ------------------------------------------------------------------ figures in text

# Not inside a longer number. A letter may come before: "VOCs2200吨" (the 2.5 of PM2.5 or
# the 2 of CO2 has no unit after it, so it is no figure anyway).
_FIG_NUM = r"(?<![\d.])\d+(?:\.\d+)?"
# Longest unit first so 万吨标准煤 wins over 万吨 and 吨; a bare 吨 before 标 is not a mass.
_FIG_UNIT = alternation(UNIT_CODES)
_FIGURE = re.compile(rf"(?P<num>{_FIG_NUM})(?P<unit>(?:{_FIG_UNIT})(?![标/]))?(?P<suffix>{BOUND})?")


@dataclass(frozen=True)
class Figure:
    """A number as written in (compact, normalised) text, with its unit when it has one.

    `value`/`unit` are normalised (tonnes, tce, percent, ...); a bare number has unit "".
    `suffix` is the qualifier word written right after it (以上, 以下, 以内, 左右).
    """

    value: Decimal
    unit: str
    start: int
    end: int
    suffix: str = ""
    unit_text: str = ""


def figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every number in text[start:end], with unit and suffix qualifier when written."""
    end = len(text) if end is None else end
    out = []
    for m in _FIGURE.finditer(text, start, end):
        unit_text = m.group("unit") or ""
        number = parse_decimal(m.group("num"))
        value, unit = normalise_quantity(number, unit_text) if unit_text else (number, "")
        out.append(Figure(value, unit, m.start(), m.end(), m.group("suffix") or "", unit_text))
    return out


def figure_groups(text: str, start: int = 0, end: int | None = None) -> list[list[Figure]]:
    """Lists of figures joined only by separators, each ending with a figure with a unit.

    "2226、592和11363吨" is one list: a unit written once, after the last number, is the
    unit of the bare numbers before it (and so is a qualifier written after that unit).
    Numbers with no unit after them in their list (years, counts of things) are dropped.
    """
    runs: list[list[Figure]] = []
    for f in figures(text, start, end):
        # "1000吨、50吨和600吨", "8%,8%": one list.
        if runs and LIST_GAP.fullmatch(text[runs[-1][-1].end : f.start]):
            runs[-1].append(f)
        else:
            runs.append([f])
    out = []
    for run in runs:
        fixed: list[Figure] = []
        pending: list[Figure] = []  # bare numbers waiting for the next unit
        for f in run:
            if not f.unit:
                pending.append(f)
                continue
            for b in pending:
                # "1000、50、600吨以上": the unit and its qualifier are written once, for all.
                value, code = normalise_quantity(b.value, f.unit_text)
                suffix = b.suffix or f.suffix
                fixed.append(Figure(value, code, b.start, b.end, suffix, f.unit_text))
            pending = []
            fixed.append(f)
        # One list holds one kind of quantity: "…0.22万吨,8%、8%" are two lists.
        lists: list[list[Figure]] = []
        for f in fixed:
            if lists and lists[-1][-1].unit == f.unit:
                lists[-1].append(f)
            else:
                lists.append([f])
        for same in lists:
            # "分别达到1850吨、620吨以上": a bound written once, after the last, is the list's.
            last = same[-1].suffix
            if last and not any(f.suffix for f in same[:-1]):
                same[:-1] = [replace(f, suffix=last) for f in same[:-1]]
        out.extend(lists)
    return out
