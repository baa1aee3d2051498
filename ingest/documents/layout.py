"""Page lines (from a PDF's text layer or from OCR) -> paragraphs of plain text.

Layout-aware: page headers and footers are lines that repeat at the same place across
pages (page numbers differing), and page-number lines ("— 3 —", "- 3 -", "第3页") in the
top or bottom band; a paragraph ends at a line that stops short of the right margin, and
one starts at an indented line or after a vertical gap. Spaces PDF tools put between
Chinese and digits are removed, and Kangxi / compatibility radicals mapped to the usual
characters (only those ranges: the full-width punctuation the parser relies on stays).
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ingest.documents.extracted import TextBuilder
from ingest.documents.numbering import chinese_number
from ingest.structure import (
    ARABIC_MEASURE_RE,
    CIRCLED,
    MEASURE_RE,
    SECTION_RE,
    cn_number,
    is_heading,
)
from ingest.text import fold, wrap_width

BAND = 0.1  # the top and bottom tenth of a page hold its header and footer
# OCR reads the dashes of "— 3 —" as 一 too.
_PAGE_NUMBER = re.compile(
    r"^[-—–－―~〜·•一\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d+\s*页)?"
    r"[-—–－―~〜·•一\s]*$"
)
# Kangxi Radicals, CJK Radicals Supplement, CJK Compatibility Ideographs (+ Supplement):
# NFKC maps them to the unified ideographs; nothing else is touched.
_COMPAT = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
_LATIN = re.compile(r"[A-Za-z0-9]")
# "1 .开展" (OCR sets a space between an item's number and its mark)
_SPACE_MARK = re.compile(r"(?<=\d) +(?=[.．、](?!\d))")
# A circled numeral (or the ring OCR saw, RING below) after a finished sentence starts a
# sub-item's paragraph.
_SUB_ITEM = re.compile("[\u2460-\u2473\u25ef]")
# ")": OCR reads the full-width parenthesis closing a responsibility note as ASCII
_ENDS = ("。", "；", "：", "！", "？", "）", ")", "”")


# Tesseract reads the full-width parenthesis of a responsibility note as an angle or
# title bracket: "〈市发展改革委…负责)". One that a round bracket closes is put back
# (OCR'd text only; one character for one, so offsets hold).
# It may hold a short aside in round brackets of its own (各市（州）政府).
_MISREAD_OPEN = re.compile(
    r"[〈《<]((?:[^〈《<〉》>（）()]|[（(][^〈《<〉》>（）()]{1,10}[）)]){1,300}?[)）])"
)


# A paragraph never starts with a full stop: that is a list bullet "•" OCR read as "。"
# (the links under a web page's text, printed).
_MISREAD_BULLET = re.compile(r"^[。｡](?=\S)")


@functools.cache
def _misread_label() -> re.Pattern[str]:
    """A note label (the role vocabulary's: 责任单位, 牵头单位 …) opening a note or a
    clause, and the semicolon Tesseract reads its colon as ("责任单位;市工业和信息化局"),
    or, opening a paragraph, the comma: there a label names the agencies after it
    (其他为配合单位；… is a sentence, 明确责任单位，… a clause)."""
    from ingest.vocab import alternation, vocabularies

    labels = alternation(label for label, _ in vocabularies().note_labels)
    opening = (
        f"(?:^(?:{labels})(?=[，,])|(?:^|(?<=[（(〔【\\[;；，,。：:\\s]))(?:{labels})(?=[;；]))"
    )
    return re.compile(f"({opening})[;；，,]", re.MULTILINE)


# A short aside in brackets inside a name (各市（州）政府, 各县（市、区）人民政府, 各市〔州〕)
# whose brackets Tesseract read as square ones, as 【】, or as a pair that does not match:
# "各市[州]政府", "各县【市、区】人民政府", "各市(州]政府". Round brackets, as the parser
# reads such an aside. A pair between other than Chinese characters (【重点工程】) is as
# written.
_MISREAD_ROUND = re.compile(
    r"(?<=[\u4e00-\u9fff])([\[(（【〔])([\u4e00-\u9fff、]{1,5})([\])）】〕])(?=[\u4e00-\u9fff])"
)
_ROUND = {("(", ")"), ("（", "）")}


def _round(m: re.Match[str]) -> str:
    opening, inside, closing = m.groups()
    return m.group() if (opening, closing) in _ROUND else f"（{inside}）"


# A percentage's "%" that Tesseract's Chinese model read as "96" after a figure with one
# decimal ("下降14.596，" for 14.5%): a figure of three decimals before a full stop or a
# comma is none a plan writes. The percent sign and a space, one character for one.
_MISREAD_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}\.\d)96(?=[，。；、,;])")


def fix_ocr(text: str) -> str:
    text = _MISREAD_BULLET.sub("•", text)
    text = _MISREAD_PERCENT.sub(lambda m: m.group(1) + "% ", text)
    text = _misread_label().sub(lambda m: m.group(1) + "：", text)
    text = _MISREAD_ROUND.sub(_round, text)
    return _MISREAD_OPEN.sub(lambda m: "（" + m.group(1), text)


# A table cell's "≥" before a figure, which Tesseract's Chinese model reads as 三 or =
# ("三36", "= [1320]" for ≥36, ≥〔1320〕); one character for one.
_MISREAD_AT_LEAST = re.compile(r"^[三=](?=\s*[〔\[（(]?\d)")


# A figure in brackets (a five-year total, 〔165〕) whose closing bracket Tesseract read as
# a letter: "[165j".
_MISREAD_CLOSE = re.compile(r"([〔\[［])(\d+(?:\.\d+)?)[jJlI|](?![A-Za-z])")
_CLOSING = {"〔": "〕", "[": "]", "［": "］"}


# A label cell's unit, a percent sign in brackets, that Tesseract read with a 9 before it
# ("…比2020年下降(9%)" for 下降（%）: the "9%" of its percent sign, as "96" elsewhere).
_MISREAD_UNIT = re.compile(r"(?<=[\u4e00-\u9fff])[（(]9%[）)]$")


def fix_ocr_cell(text: str) -> str:
    # a closing quote opening a cell, or an opening one ending it, is a mark Tesseract saw
    # in the blank before or after the cell ("”390", "”氨氮"): no writing closes there
    text = text.removeprefix("”").removesuffix("“")
    text = _MISREAD_UNIT.sub("（%）", text)
    text = _MISREAD_CLOSE.sub(lambda m: m.group(1) + m.group(2) + _CLOSING[m.group(1)], text)
    return fix_ocr(_MISREAD_AT_LEAST.sub("≥", text))


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # character height (font size)
    cells: list[str] | None = None  # a table row: its cells (read from the page as such)
    table: bool = False  # part of a table


@dataclass
class Page:
    number: int  # from 1
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr: bool = False


def clean(text: str) -> str:
    """Compatibility characters mapped, spaces next to Chinese removed, runs of spaces
    between Latin words made one."""
    text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.replace("\u00a0", " ").replace("\x00", "")
    text = _SPACE_CJK.sub("", text)
    text = _SPACE_MARK.sub("", text)
    return re.sub(r" {2,}", " ", text).strip()


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _text(line: Line) -> str:
    return line.text if line.cells is None else " ".join(line.cells)


def remove_furniture(pages: list[Page]) -> None:
    """Drop running headers / footers and page-number lines, in place."""

    def band(page: Page, line: Line) -> bool | None:
        """True in the header band, False in the footer band, None in the body."""
        if line.table:
            return None
        if line.bottom <= page.height * BAND:
            return True
        if line.top >= page.height * (1 - BAND):
            return False
        return None

    # Lines repeated at one height across pages, numbers aside; and, whatever they read,
    # short lines at one height in the band of most pages (OCR makes "— 7 —" into "一亚”"
    # as readily as into "一 7 一").
    # A short line set at line spacing from the line above or below it is the end or the
    # start of a paragraph that a page break cut (a hard-wrapped text's "合。"), not a
    # header or footer, even where such ends fall at one height on several pages.
    counts: Counter[tuple[str, int, bool]] = Counter()
    spots: Counter[tuple[int, bool]] = Counter()
    attached: set[int] = set()
    for page in pages:
        body = sorted((ln for ln in page.lines if not ln.table), key=lambda ln: ln.top)
        for a, b in itertools.pairwise(body):
            if b.top - a.bottom < 0.8 * max(a.size, b.size, 1.0):
                attached.update((id(a), id(b)))
        seen, short = set(), set()
        for line in page.lines:
            where = band(page, line)
            if where is not None:
                seen.add((_key(_text(line)), round(line.top / 12), where))
                if _short(line) and id(line) not in attached:
                    short.add((round(line.top / 12), where))
        counts.update(seen)
        spots.update(short)
    repeated = max(2, (len(pages) + 1) // 2)
    for page in pages:
        kept = []
        for line in page.lines:
            where = band(page, line)
            if where is not None:
                text = _text(line)
                if _PAGE_NUMBER.match(text):
                    continue
                if len(pages) > 1 and counts[(_key(text), round(line.top / 12), where)] >= repeated:
                    continue
                if (
                    len(pages) > 2
                    and _short(line)
                    and id(line) not in attached
                    and spots[(round(line.top / 12), where)] >= repeated
                ):
                    continue
            kept.append(line)
        page.lines = kept


def _short(line: Line) -> bool:
    return len(re.sub(r"\s+", "", _text(line))) <= 8


def _margins(pages: list[Page]) -> tuple[float, float, float, int | None]:
    """The body's left margin, its text width's right edge, the median character height,
    and the line length in characters of a hard-wrapped text (None when lines vary)."""
    body = [ln for p in pages for ln in p.lines if not ln.table and ln.text.strip()]
    if not body:
        return 0.0, 0.0, 10.0, None
    size = statistics.median(ln.size for ln in body)
    lefts = Counter(round(ln.x0) for ln in body)
    left = float(min(x for x, n in lefts.items() if n >= max(1, lefts.most_common(1)[0][1] // 5)))
    # the right edge that full lines reach: not the single furthest mark (a speck OCR read
    # as a word, a line set into the margin), but where the longest twentieth ends
    ends = sorted((ln.x1 for ln in body), reverse=True)
    right = ends[len(ends) // 20]
    return left, right, size, wrap_width("\n".join(clean(ln.text) for ln in body))


# A line ending in one of these goes on in the next line, however short it is.
_GOES_ON = ("，", "、", ",", "（", "(", "《", "“", "〔", "[")
_SENTENCE_ENDS = ("。", "；", "：", ";", ":", "！", "？")


def _full(text: str, line: Line, right: float, size: float, wrap: int | None) -> bool:
    """Does the line go on in the next: it reaches the text width (the right edge, or in a
    hard-wrapped text the wrap length in characters, where figures and Latin letters take
    half the width), or it stops at a mark no paragraph ends with."""
    if line.x1 >= right - 1.5 * size or text.endswith(_GOES_ON):
        return True
    return wrap is not None and len(text) >= wrap - 1 and not text.endswith(_SENTENCE_ENDS)


def _joined(a: str, b: str) -> str:
    if a and b and _LATIN.match(a[-1]) and _LATIN.match(b[0]) and not a[-1].isdigit():
        return a + " " + b
    return a + b


# A circled numeral OCR saw as a ring without telling which (ocr.py); the numerals
# before it in the measure tell (_Numbers.circled). One character, as the numeral is.
RING = "\u25ef"
_MISREAD_MEASURE = re.compile(r"^[（(〈《]\s*([^（(）)〉》\s]{1,2})\s*[）)〉》](?=[\u4e00-\u9fff])")
# a measure heading whose numeral and closing bracket OCR lost ("(完善…机制。" for （八）完善…):
# a paragraph that is only an opening bracket and a short title ending in a full stop
_BARE_MEASURE = re.compile(r"^[（(〈《](?=[\u4e00-\u9fff][^（()）〈〉《》。；]{1,30}。$)")
# a section heading whose numeral OCR lost or misread ("、健全…" for 四、健全…): at most two
# marks before the 、, then a short title without a full stop
_MISREAD_SECTION = re.compile(r"^[^\u4e00-\u9fff（(、]{0,2}、(?=[\u4e00-\u9fff][^。；]{1,24}$)")

# a bracketed figure with a stray mark OCR saw beside it ("(\1)推进…" for （1）推进…): a
# sub-item's number, not a misread measure numeral
_STRAY_PAREN_ITEM = re.compile(
    r"^[（(]\s*[^\w\s（()）]?\s*(\d{1,2})\s*[^\w\s（()）]?\s*[）)](?=[\u4e00-\u9fff])"
)

# an item whose number's mark OCR lost or read as a comma ("1推进源头替代。", "1，推进…",
# "2.，深化…" for 1.推进… and 2．深化…): a figure, then a short title ending in a full stop,
# not a count ("5年内…", "3项…")
_MISREAD_ITEM = re.compile(
    r"^(\d{1,2})(?:[.．、]?[，,])?"
    r"(?=[\u4e00-\u9fff](?<![年月日个项次万亿吨倍家座台辆])[^。；，]{1,30}。)"
)


class _Numbers:
    """The numbering seen so far (一、 then （一） then 1.): an OCR'd heading whose number
    came out as something else ("（N)培育…" for （六）, "、健全…" for 四、, "1推进…" for
    1.推进…) gets the number that comes next."""

    def __init__(self) -> None:
        self.section = 0
        self.measure = 0
        self.item = 0
        self.circled = 0  # the last circled numeral of the measure

    def rings(self, text: str) -> str:
        """Each RING in a paragraph as the circled numeral after the last one seen."""
        out = []
        for char in text:
            if char in CIRCLED:
                self.circled = CIRCLED.index(char) + 1
            elif char == RING and self.circled < len(CIRCLED):
                self.circled += 1
                char = CIRCLED[self.circled - 1]
            out.append(char)
        return "".join(out)

    def see(self, text: str, ocr: bool) -> str:
        # The headings as the structure reads them (its one numbering grammar), on the
        # line folded as the normalised text will be (（一） as (一)).
        folded = fold(text)
        if is_heading(folded):
            self.circled = 0  # a new heading or numbered item: its sub-items count from ①
        m = _MISREAD_ITEM.match(text)
        if ocr and m and int(m.group(1)) == self.item + 1:
            self.item += 1
            return f"{m.group(1)}." + text[m.end() :]
        m = ARABIC_MEASURE_RE.match(folded)
        if m:
            self.item = int(m.group(1))
            return text
        if SECTION_RE.match(folded) or MEASURE_RE.match(folded):
            self.item = 0

        m = SECTION_RE.match(folded)
        if m:
            self.section = cn_number(m.group(1))
            self.measure = 0
            return text
        m = _MISREAD_SECTION.match(text)
        if ocr and m and self.section:
            self.section += 1
            self.measure = self.item = 0
            return f"{chinese_number(self.section)}、" + text[m.end() :]
        m = MEASURE_RE.match(folded)
        if m:
            self.measure = cn_number(m.group(1))
            return text
        m = _STRAY_PAREN_ITEM.match(text)
        if ocr and m:
            return f"（{m.group(1)}）" + text[m.end() :]
        m = _MISREAD_MEASURE.match(text) or _BARE_MEASURE.match(text)
        if ocr and m and self.measure:
            self.measure += 1
            self.item = 0
            return f"（{chinese_number(self.measure)}）" + text[m.end() :]
        return text


def render(pages: list[Page], out: TextBuilder) -> None:
    """Write the pages' paragraphs (and table rows in the annex text form) to `out`,
    recording the page of each piece."""
    remove_furniture(pages)
    left, right, size, wrap = _margins(pages)
    paragraph: list[tuple[str, int, bool]] = []  # pieces of the open paragraph: text, page, ocr
    last_bottom: float | None = None
    numbers = _Numbers()

    def close() -> None:
        # One paragraph, possibly over pages: each page's piece located on its page.
        if not paragraph:
            return
        first, page_no, ocr = paragraph[0]
        paragraph[0] = (numbers.see(first, ocr), page_no, ocr)
        text = ""
        ends = []
        for piece, _, _ in paragraph:
            text = _joined(text, piece)
            ends.append(len(text))
        if any(ocr for _, _, ocr in paragraph):
            text = fix_ocr(numbers.rings(text))
        at = 0
        for (_, page_no, ocr), end in zip(paragraph, ends, strict=True):
            out.add(text[at:end], page=page_no, ocr=ocr)
            at = end
        out.add("\n")
        paragraph.clear()

    for page in pages:
        last_bottom = None
        in_table = False
        for line in page.lines:
            if line.cells is not None:
                close()
                if not in_table:
                    in_table = True
                for cell in line.cells:
                    out.add("\t")
                    text = fix_ocr_cell(numbers.rings(clean(cell))) if page.ocr else clean(cell)
                    out.add(text, page=page.number, ocr=page.ocr)
                    out.add("\n")
                out.add("\n")
                last_bottom = line.bottom
                continue
            in_table = False
            text = clean(line.text)
            if not text:
                continue
            gap = last_bottom is not None and line.top - last_bottom > 1.2 * size
            indented = line.x0 > left + 0.8 * size
            # a numbered heading after a finished sentence starts a paragraph even when
            # the sentence happened to fill its last line
            # (OCR reads a measure's bracket as 〈 or 《 too: "〈七)浦阳江…")
            misread = page.ocr and _MISREAD_MEASURE.match(text) is not None
            heading = (
                bool(paragraph)
                and (is_heading(fold(text)) or _SUB_ITEM.match(text) or misread)
                and paragraph[-1][0][-1:] in _ENDS
            )
            if gap or indented or heading:
                close()
            paragraph.append((text, page.number, page.ocr))
            if not _full(text, line, right, size, wrap):
                close()
            last_bottom = line.bottom
    close()
