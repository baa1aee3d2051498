"""Document layout: preamble and metadata, title, sections, measures, sub-items, annex.

Works line by line on the normalised text. Headings start a block; every other line
(including a responsibility note on its own line, or the tail of a sentence broken by a
stray line break) belongs to the block that is open.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TypeVar

from ingest.errors import PlanError
from ingest.tables import is_row_line
from ingest.text import Line, lines

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}  # fmt: skip

# The numbering grammar of headings, the one definition every reader uses (the page
# layout of PDFs and scans too, ingest/documents/layout.py).
HEADING_NUMERALS = "一二三四五六七八九十"  # the numerals of 一、 and （一） headings
# A heading's number, 1 to 99 (一, 十, 十一, 二十一), so it always counts; it may carry
# blanks where garbage between its characters was masked ("十\u200b四").
NUMERAL = r"(?:[一二三四五六七八九]\s?)?十(?:\s?[一二三四五六七八九])?|[一二三四五六七八九]"
SECTION_RE = re.compile(rf"^({NUMERAL})\s?[、.,]\s*(.*)$")
MEASURE_RE = re.compile(rf"^\(\s?({NUMERAL})\s?\)\s*(.*)$")
ITEM_RE = re.compile(r"^(?:(\d{1,2})(?:[.、](?!\d)|\s)|\((\d{1,2})\))\s*(.*)$")
# Measures numbered with Arabic digits: "1．" / "1、" (then sub-items are (1)), or "（1）".
ARABIC_MEASURE_RE = re.compile(r"^(\d{1,2})[.、](?!\d)\s*(.*)$")
PAREN_MEASURE_RE = re.compile(r"^\((\d{1,2})\)\s*(.*)$")
# A heading under which the headline targets are stated.
_NOT_TARGETS = re.compile(r"责任|考核|评价|管理|分解|制度|机制|监督")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CIRCLED_ITEM_RE = re.compile(rf"^([{CIRCLED}])\s*(.*)$")
# A cover notice's own heading: the whole line (not a notice cited in 《》 in the text).
NOTICE_TITLE_RE = re.compile(
    r"^[^《》。,;]{2,40}?关于印发\s*《?([^《》]{6,80}?方案(?:\([^()]{2,6}\))?)》?\s*的通知$"
)
# An annex heading (附件, 附件1:, 附表二、, 附件 3), its title in `rest` when on the same line.
ANNEX_RE = re.compile(
    rf"^附\s*[件表]\s*(?:\d+|[{HEADING_NUMERALS}]+)?\s*(?:[:.、]|$|(?<=\s))\s*(?P<rest>.*)$"
)
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}\(\s*(?:19|20)\d{2}\s*\)\s*\d{1,4}\s*号")
DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
TITLE_WORDS = ("节能减排", "节能降碳", "节能", "减排")


def is_target_heading(title: str) -> bool:
    """Does a section or item title announce the headline targets? 主要目标, 工作目标,
    目标任务, 总体要求和主要目标, 发展目标, 总体目标; not 强化目标责任 or 目标考核 (safeguards)."""
    return "目标" in title and len(title) <= 16 and _NOT_TARGETS.search(title) is None


def cn_number(numeral: str) -> int:
    """Chinese numeral up to 99 (一, 十, 十一, 二十, 二十一) -> int."""
    numeral = "".join(numeral.split())
    if "十" not in numeral:
        return CN_DIGITS[numeral]
    tens, _, units = numeral.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


@dataclass
class Block:
    """A heading and the lines under it, as [start, end) offsets of the normalised text."""

    number: int
    title: str
    start: int
    end: int
    title_end: int  # offset just past the title (the body follows)


@dataclass
class ItemBlock(Block):
    pass


@dataclass
class MeasureBlock(Block):
    items: list[ItemBlock] = field(default_factory=list)


@dataclass
class SectionBlock(Block):
    measures: list[MeasureBlock] = field(default_factory=list)


@dataclass
class Layout:
    title: str
    title_start: int
    title_end: int
    status_draft: bool
    preamble_end: int  # offset where the plan's own title starts
    body_start: int
    body_end: int  # where the annex starts (or the end of the text)
    sections: list[SectionBlock]


def _outside(rest: str, mark: str) -> int:
    """The first `mark` of `rest` outside brackets (a note closing a title holds its own
    full stops and colons: "…工程（责任单位：A。列第一位的为牵头单位）"), -1 when none."""
    depth = 0
    for i, ch in enumerate(rest):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == mark and not depth:
            return i
    return -1


def _bare(text: str) -> int:
    """How long `text` is without its brackets' contents: a title's length, its note aside."""
    depth = n = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif not depth:
            n += 1
    return n


def _heading_title(rest: str, limit: int = 60) -> tuple[str, int]:
    """Title of a heading line and its length within `rest` (up to the first 。)."""
    cut = _outside(rest, "。")
    colon = rest.find(":")
    if 0 < colon <= 15 and (cut < 0 or colon < cut) and "(" not in rest[:colon]:
        # A labelled heading: "主要目标：到2025年…", "重点任务：…"; not the label of a
        # note in brackets at the end of the title ("…工程（责任单位：…）").
        return rest[:colon].strip(), colon
    if cut > 0 and _bare(rest[:cut]) <= limit:
        return rest[:cut].strip(), cut
    if cut < 0 and _bare(rest) <= limit:
        return rest.strip().rstrip(":"), len(rest)
    # Long run-on heading without a full stop near: stop at the first comma or colon.
    for mark in (":", ";", ","):
        cut = _outside(rest, mark)
        if 0 < cut <= limit:
            return rest[:cut].strip(), cut
    return rest[:limit].strip(), min(len(rest), limit)


_TITLE_END = re.compile(r"方案\s*(\((征求意见稿|试行|送审稿|修订稿|草案)\))?$")


def _is_title(text: str) -> bool:
    if not _TITLE_END.search(text) or "《" in text or "印发" in text or "通知" in text:
        return False
    if "," in text or "。" in text:
        return False  # the last line of a wrapped sentence (…结合我省实际,制定本方案)
    return any(w in text for w in TITLE_WORDS) and len(text) <= 80


def find_title(all_lines: list[Line], body_index: int, source: str) -> tuple[str, int, int, int]:
    """The plan's own title above the body: (title, start, end, index of its first line)."""
    for i in range(body_index - 1, -1, -1):
        text = all_lines[i].text
        if _is_title(text):
            start, end = all_lines[i].start, all_lines[i].end
            title = text
            # A title split over two lines: "XX市“十四五”节能减排" + "综合工作实施方案".
            prev = all_lines[i - 1].text if i > 0 else ""
            if (
                i > 0
                and len(prev) <= 40
                and "十四五" in prev
                and "十四五" not in text
                and not prev.endswith(("。", ":"))
            ):
                title = prev + text
                start = all_lines[i - 1].start
                return title, start, end, i - 1
            return title, start, end, i
        if i + 1 < len(all_lines) and _is_title(text + all_lines[i + 1].text) and len(text) <= 40:
            nxt = all_lines[i + 1]
            if not _is_title(nxt.text):
                return text + nxt.text, all_lines[i].start, nxt.end, i
    found = _notice_title(all_lines, body_index)
    if found is not None:
        return found
    raise PlanError(
        source, "not a plan: no energy-conservation plan title before the first section"
    )


def _notice_title(all_lines: list[Line], body_index: int) -> tuple[str, int, int, int] | None:
    """The plan's title inside its cover notice's (关于印发…方案的通知), when the page has
    no title line of its own; the notice heading may be split over two lines."""
    for i in range(body_index - 1, -1, -1):
        ln = all_lines[i]
        nxt = all_lines[i + 1] if i + 1 < body_index else None
        for joined in (ln.text, ln.text + nxt.text if nxt else None):
            if joined is None:
                continue
            m = NOTICE_TITLE_RE.search(joined)
            if not m or not _is_title(m.group(1)) or m.start(1) >= len(ln.text):
                continue
            start = ln.start + m.start(1)
            end_in = m.end(1)
            if end_in <= len(ln.text):
                end = ln.start + end_in
            else:
                assert nxt is not None
                end = nxt.start + end_in - len(ln.text)
            return m.group(1), start, end, i
    return None


def layout(normalised: str, source: str, original: str | None = None) -> Layout:
    """The layout of a plan, read from its normalised text (`original`, of the same length,
    gives the line widths as exported, for hard-wrapped text)."""
    all_lines = lines(normalised)
    first_section = next(
        (i for i, ln in enumerate(all_lines) if _first_section(ln.text)),
        None,
    )
    if first_section is None:
        raise PlanError(source, "not a plan: no numbered sections (一、二、…) found")
    first_section = _past_cover_items(all_lines, first_section)
    # Blanks inside a title line are masked garbage or furniture: read the lines without.
    above = [Line(ln.start, ln.end, "".join(ln.text.split())) for ln in all_lines[:first_section]]
    title, t_start, t_end, t_index = find_title(above, first_section, source)
    near_title = " ".join(ln.text for ln in all_lines[max(0, t_index - 1) : t_index + 4])
    draft = "征求意见稿" in near_title or "征求意见稿" in title

    body_lines = all_lines[first_section:]
    annex_at = next((k for k, ln in enumerate(body_lines) if ANNEX_RE.match(ln.text)), None)
    body_end = len(normalised) if annex_at is None else body_lines[annex_at].start
    if annex_at is not None:
        body_lines = body_lines[:annex_at]
    wrap = _wrap_width(original if original is not None else normalised, body_lines)

    sections: list[SectionBlock] = []
    under: list[list[int]] = []  # indexes into body_lines of the lines under each section
    for k, ln in enumerate(body_lines):
        m = SECTION_RE.match(ln.text)
        if m and m.group(2) and cn_number(m.group(1)) == len(sections) + 1:
            if sections:
                sections[-1].end = ln.start
            sections.append(_open(SectionBlock, cn_number(m.group(1)), m, 2, body_lines, k, wrap))
            under.append([])
        elif under:
            under[-1].append(k)
    if sections:
        sections[-1].end = body_end
    numbered = 0
    text = original or normalised
    tabbed = {ln.start for ln in body_lines if is_row_line(text[ln.start : ln.end])}
    for section, indexes in zip(sections, under, strict=True):
        _measures(section, indexes, body_lines, numbered, wrap, tabbed)
        if section.measures:
            numbered = section.measures[-1].number
    if not any(s.measures for s in sections):
        raise PlanError(source, "not a plan: no numbered measures ((一)、(二)… or 1. 2. …) found")
    return Layout(
        title=title,
        title_start=t_start,
        title_end=t_end,
        status_draft=draft,
        preamble_end=t_start,
        body_start=all_lines[first_section].start,
        body_end=body_end,
        sections=sections,
    )


# A measure style: its heading pattern, whether numbers may continue from the previous
# section (（十一） after （十）), and the sub-item patterns that go with it.
_Style = tuple[re.Pattern[str], bool, tuple[re.Pattern[str], ...]]
_STYLES: tuple[_Style, ...] = (
    (MEASURE_RE, True, (ITEM_RE, CIRCLED_ITEM_RE)),
    (ARABIC_MEASURE_RE, True, (PAREN_MEASURE_RE, CIRCLED_ITEM_RE)),
    (PAREN_MEASURE_RE, True, (ARABIC_MEASURE_RE, CIRCLED_ITEM_RE)),
)


def _style(section_lines: list[Line]) -> _Style | None:
    """How this section numbers its measures: （一）, else 1．/1、, else （1）.

    A plan that uses （一） for measures uses 1. and （1） for sub-items; one that numbers
    measures 1． uses （1） below them. The first style present wins, in that order.
    """
    for style in _STYLES:
        if any(_number(style[0], ln.text) is not None for ln in section_lines):
            return style
    return None


def _number(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.match(text)
    if not m:
        return None
    raw = m.group(1)
    if raw in CIRCLED:
        return CIRCLED.index(raw) + 1
    return cn_number(raw) if not raw.isdigit() else int(raw)


def _measures(
    section: SectionBlock,
    indexes: list[int],
    body: list[Line],
    numbered: int,
    wrap: _Wrap,
    tabbed: set[int],
) -> None:
    """Open the measures and sub-items of one section (its lines are body[k], k in indexes;
    `tabbed`: the starts of the lines whose cells are apart by tabs, rows of a table)."""
    style = _style([body[k] for k in indexes])
    if style is None:
        return
    measure_re, continues, item_res = style
    arabic = measure_re is not MEASURE_RE
    if arabic and is_target_heading(section.title):
        # "1.能耗…" "2.减排…" under a targets section are a list, not measures.
        return
    current: MeasureBlock | None = None
    item: ItemBlock | None = None
    for k in indexes:
        ln = body[k]
        text = ln.text
        m = measure_re.match(text)
        number = _number(measure_re, text)
        if (
            m
            and number is not None
            and (not arabic or _next_measure(number, section, numbered, continues))
        ):
            if item is not None:
                item.end = ln.start
                item = None
            if current is not None:
                current.end = ln.start
            current = _open(MeasureBlock, number, m, 2, body, k, wrap)
            section.measures.append(current)
            continue
        if current is None:
            continue
        for item_re in item_res:
            im = item_re.match(text)
            if im is None:
                continue
            if item_re is ITEM_RE:
                if not _plausible_item(im, current) or ln.start in tabbed:
                    continue
                inumber, group = int(im.group(1) or im.group(2)), 3
            else:
                found = _number(item_re, text)
                if found != len(current.items) + 1 or not im.group(2) or im.group(2)[0].isdigit():
                    continue
                inumber, group = found, 2
            if item is not None:
                item.end = ln.start
            item = _open(ItemBlock, inumber, im, group, body, k, wrap)
            current.items.append(item)
            break
    for block in (item, current):
        if block is not None and block.end < 0:
            block.end = section.end


def _next_measure(number: int, section: SectionBlock, numbered: int, continues: bool) -> bool:
    """Arabic measure numbers count on: 1 (or on from the last section's) then +1 each."""
    if section.measures:
        return number == section.measures[-1].number + 1
    return number == 1 or (continues and numbered > 0 and number == numbered + 1)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class _Wrap:
    """How a text was hard-wrapped by a PDF/Word export: the width of a full line (0 when
    it was not wrapped) and each line's width as exported, masked noise included."""

    width: int
    widths: dict[int, int]  # line start offset -> display width of the whole raw line

    def full(self, ln: Line) -> bool:
        return self.width > 0 and self.widths.get(ln.start, 0) >= self.width


def _wrap_width(text: str, body: list[Line]) -> _Wrap:
    """Wrapped text has most lines at one display width; each paragraph's last line is
    shorter. A heading on a full line continues on the next line."""
    widths = {}
    for ln in body:
        begin = text.rfind("\n", 0, ln.start) + 1
        widths[ln.start] = _display_width(text[begin : ln.end].rstrip("\r"))
    long = [w for ln in body if len(ln.text) >= 12 for w in (widths[ln.start],)]
    if len(long) < 20:
        return _Wrap(0, widths)
    counts: dict[int, int] = {}
    for w in long:
        counts[w] = counts.get(w, 0) + 1
    mode = max(counts, key=lambda w: (counts[w], w))
    near = sum(n for w, n in counts.items() if mode - 3 <= w <= mode)
    return _Wrap(mode - 3 if near >= 0.4 * len(long) else 0, widths)


B = TypeVar("B", bound=Block)


def _open(
    kind: type[B], number: int, m: re.Match[str], group: int, body: list[Line], k: int, wrap: _Wrap
) -> B:
    """A block opened by heading line body[k]; its title is `m.group(group)` up to 。.

    On a hard-wrapped text a heading whose line is full and has no 。 continues on the
    next lines (the title "重点行业绿色升\n级工程。" was broken by the export).
    """
    ln = body[k]
    rest = m.group(group)
    pieces = [(rest, ln.start + m.start(group))]
    j = k
    if not rest.strip() and k + 1 < len(body) and not is_heading(body[k + 1].text):
        # "（十一）" alone on its line: the title is the next line.
        j = k + 1
        pieces = [(body[j].text, body[j].start)]
    while (
        "。" not in "".join(p for p, _ in pieces)
        and wrap.full(body[j])
        and j + 1 < len(body)
        and not is_heading(body[j + 1].text)
        and sum(len(p) for p, _ in pieces) < 60
    ):
        j += 1
        pieces.append((body[j].text, body[j].start))
    joined = "".join(p for p, _ in pieces)
    if j > k + 1 or (j == k + 1 and rest.strip()):
        stop = joined.find("。")
        first = len(pieces[0][0])
        # "重点行业绿色升\n级工程。加快…": the title's tail is short (the line held the most
        # of it); a full sentence after a title that happens to fill its line is the body.
        ends_title = 0 < stop <= 40 and stop - first <= 12
        # An own-line title without 。 wrapped: its tail is a short line of its own.
        own_line = (
            not wrap.full(body[j])
            and not re.search("[。,;:]", pieces[-1][0])
            and len(joined) <= 40
            and len(joined) - first <= 12
        )
        if not (ends_title or own_line):
            # A title on its own line that happens to fill it; the body follows.
            pieces = pieces[:1]
            joined = pieces[0][0]
    title, length = _heading_title(joined)
    title = "".join(title.split())  # blanks are masked garbage or a line break
    # Map the end of the title within the joined pieces back to a text offset.
    end = pieces[0][1]
    left = length
    for piece, at in pieces:
        if left <= len(piece):
            end = at + left
            break
        left -= len(piece)
    return kind(number=number, title=title, start=ln.start, end=-1, title_end=end)


def is_heading(text: str) -> bool:
    """Does a line open a section, a measure, a numbered sub-item or an annex?"""
    return any(
        r.match(text)
        for r in (SECTION_RE, MEASURE_RE, ARABIC_MEASURE_RE, PAREN_MEASURE_RE, ANNEX_RE)
    )


def _past_cover_items(all_lines: list[Line], first: int) -> int:
    """The plan's own first section when a cover notice numbers its points (一、提高认识 …
    二、压实责任) before the plan's title: the first 一、 after a title line met before any
    measure, else `first`."""
    for j in range(first + 1, len(all_lines)):
        text = "".join(all_lines[j].text.split())
        if MEASURE_RE.match(text) or ARABIC_MEASURE_RE.match(text):
            return first
        if _is_title(text):
            later = next(
                (k for k in range(j + 1, len(all_lines)) if _first_section(all_lines[k].text)),
                None,
            )
            return first if later is None else later
    return first


def _first_section(text: str) -> bool:
    m = SECTION_RE.match(text)
    return bool(m and m.group(1) == "一" and m.group(2))


def _plausible_item(m: re.Match[str], measure: MeasureBlock) -> bool:
    """A sub-item numbers on from the previous one (1, 2, 3 …) and has a title."""
    number = int(m.group(1) or m.group(2))
    expected = len(measure.items) + 1
    return number == expected and bool(m.group(3)) and not m.group(3)[0].isdigit()


def doc_numbers(text: str) -> list[tuple[int, int]]:
    """(start, end) of every 文号 in the normalised text."""
    return [(m.start(), m.end()) for m in DOC_NUMBER_RE.finditer(text)]


def find_date(text: str) -> tuple[str, int] | None:
    """The last full date in `text` as ISO, with its offset (cover notices end with it)."""
    found = list(DATE_RE.finditer(text))
    if not found:
        return None
    m = found[-1]
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", m.start()
