"""Word automatic numbering: the marks (一、 （一） 1.) Word generates from the numbering
part, which are not in any paragraph's text. python-docx does not render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.structure import CIRCLED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def chinese_number(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """1 -> 一, 10 -> 十, 11 -> 十一, 21 -> 二十一, 105 -> 一百零五 (as Word counts)."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0])):
        d, n = divmod(n, power)
        if d:
            if zero:
                out += digits[0]
                zero = False
            out += digits[d] + unit
        elif out:
            zero = True
    if n:
        if zero:
            out += digits[0]
        out += digits[n]
    if out.startswith(digits[1] + units[0]) and len(out) <= 2 + 1:
        out = out[1:]  # 一十一 -> 十一 below twenty
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter in one of WordprocessingML's number formats (ST_NumberFormat)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):  # fmt: skip
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)  # decimal and anything unknown


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = ""
    start: int = 1
    legal: bool = False  # isLgl: every level's number in decimal


@dataclass
class Numbering:
    """Counters for every list of one document, advanced paragraph by paragraph."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, numbering_xml: Any | None, styles_xml: Any | None) -> Numbering:
        numbering = cls()
        if numbering_xml is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for an in numbering_xml.iter(W + "abstractNum"):
                abstract[an.get(W + "abstractNumId")] = {
                    int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in an.iter(W + "lvl")
                }
            for num in numbering_xml.iter(W + "num"):
                ref = num.find(W + "abstractNumId")
                levels = dict(abstract.get(ref.get(W + "val") if ref is not None else "", {}))
                for override in num.iter(W + "lvlOverride"):
                    ilvl = int(override.get(W + "ilvl", "0"))
                    lvl = override.find(W + "lvl")
                    start = override.find(W + "startOverride")
                    if lvl is not None:
                        levels[ilvl] = _level(lvl)
                    if start is not None and ilvl in levels:
                        base = levels[ilvl]
                        levels[ilvl] = _Level(base.fmt, base.text, int(start.get(W + "val")),
                                              base.legal)  # fmt: skip
                numbering.levels[num.get(W + "numId")] = levels
        if styles_xml is not None:
            based: dict[str, str] = {}
            own: dict[str, tuple[str, int]] = {}
            for style in styles_xml.iter(W + "style"):
                sid = style.get(W + "styleId")
                parent = style.find(W + "basedOn")
                if parent is not None:
                    based[sid] = parent.get(W + "val")
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    num_id = num_pr.find(W + "numId")
                    ilvl = num_pr.find(W + "ilvl")
                    if num_id is not None:
                        own[sid] = (
                            num_id.get(W + "val"),
                            int(ilvl.get(W + "val")) if ilvl is not None else 0,
                        )
            for sid in list(based) + list(own):
                seen, at = set(), sid
                while at and at not in own and at not in seen:
                    seen.add(at)
                    at = based.get(at, "")
                if at in own:
                    numbering.style_num[sid] = own[at]
        return numbering

    def mark(self, paragraph: Any) -> str:
        """The number Word shows before this paragraph ("" if none), counters advanced."""
        ppr = paragraph.find(W + "pPr")
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            style = ppr.find(W + "pStyle")
            if style is not None and style.get(W + "val") in self.style_num:
                num_id, ilvl = self.style_num[style.get(W + "val")]
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                nid = num_pr.find(W + "numId")
                lvl = num_pr.find(W + "ilvl")
                if nid is not None:
                    num_id = nid.get(W + "val")
                if lvl is not None:
                    ilvl = int(lvl.get(W + "val"))
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else levels[ilvl].start
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a lower level restarts after a higher one
        text = levels[ilvl].text
        for k in range(9):
            if f"%{k + 1}" in text:
                level = levels.get(k, _Level())
                value = counts.get(k, level.start)
                fmt = "decimal" if levels[ilvl].legal and k != ilvl else level.fmt
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text if levels[ilvl].fmt != "bullet" else ""


def _level(lvl: Any) -> _Level:
    def val(tag: str, default: str) -> str:
        el = lvl.find(W + tag)
        return str(el.get(W + "val", default)) if el is not None else default

    return _Level(
        fmt=val("numFmt", "decimal"),
        text=val("lvlText", ""),
        start=int(val("start", "1")),
        legal=lvl.find(W + "isLgl") is not None,
    )
