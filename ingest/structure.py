"""Document layout: preamble and metadata, title, sections, measures, sub-items, annex.

Works line by line on the normalised text. Headings start a block; every other line
(including a responsibility note on its own line, or the tail of a sentence broken by a
stray line break) belongs to the block that is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TypeVar

from ingest.errors import PlanError
from ingest.text import Line, lines

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}  # fmt: skip

SECTION_RE = re.compile(r"^([一二三四五六七八九十]{1,3})[、.,]\s*(.*)$")
MEASURE_RE = re.compile(r"^\(([一二三四五六七八九十]{1,4})\)\s*(.*)$")
ITEM_RE = re.compile(r"^(?:(\d{1,2})(?:[.、](?!\d)|\s)|\((\d{1,2})\))\s*(.*)$")
ANNEX_RE = re.compile(r"^附\s*件\s*\d*\s*(?:[:.、]|$)")
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}\(\s*(?:19|20)\d{2}\s*\)\s*\d{1,4}\s*号")
DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
TITLE_WORDS = ("节能减排", "节能降碳", "节能", "减排")


def cn_number(numeral: str) -> int:
    """Chinese numeral up to 99 (一, 十, 十一, 二十, 二十一) -> int."""
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


def _heading_title(rest: str, limit: int = 60) -> tuple[str, int]:
    """Title of a heading line and its length within `rest` (up to the first 。)."""
    cut = rest.find("。")
    if 0 < cut <= limit:
        return rest[:cut].strip(), cut
    if cut < 0 and len(rest) <= limit:
        return rest.strip().rstrip(":"), len(rest)
    # Long run-on heading without a full stop near: stop at the first comma or colon.
    for mark in (":", ";", ","):
        cut = rest.find(mark)
        if 0 < cut <= limit:
            return rest[:cut].strip(), cut
    return rest[:limit].strip(), min(len(rest), limit)


_TITLE_END = re.compile(r"方案\s*(\((征求意见稿|试行|送审稿|修订稿|草案)\))?$")


def _is_title(text: str) -> bool:
    if not _TITLE_END.search(text) or "《" in text or "印发" in text or "通知" in text:
        return False
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
    raise PlanError(
        source, "not a plan: no energy-conservation plan title before the first section"
    )


def layout(normalised: str, source: str) -> Layout:
    all_lines = lines(normalised)
    first_section = next(
        (i for i, ln in enumerate(all_lines) if _first_section(ln.text)),
        None,
    )
    if first_section is None:
        raise PlanError(source, "not a plan: no numbered sections (一、二、…) found")
    title, t_start, t_end, t_index = find_title(all_lines, first_section, source)
    near_title = " ".join(ln.text for ln in all_lines[max(0, t_index - 1) : t_index + 4])
    draft = "征求意见稿" in near_title or "征求意见稿" in title

    sections: list[SectionBlock] = []
    body_end = len(normalised)
    current_section: SectionBlock | None = None
    current_measure: MeasureBlock | None = None
    current_item: ItemBlock | None = None

    def close(at: int) -> None:
        for block in (current_item, current_measure, current_section):
            if block is not None and block.end < 0:
                block.end = at

    for ln in all_lines[first_section:]:
        text = ln.text
        if ANNEX_RE.match(text):
            body_end = ln.start
            break
        m = SECTION_RE.match(text)
        if m and m.group(2) and cn_number(m.group(1)) == len(sections) + 1:
            close(ln.start)
            current_item = current_measure = None
            current_section = _open(SectionBlock, cn_number(m.group(1)), m, 2, ln)
            sections.append(current_section)
            continue
        m = MEASURE_RE.match(text)
        if m and current_section is not None:
            if current_item is not None:
                current_item.end = ln.start
                current_item = None
            if current_measure is not None:
                current_measure.end = ln.start
            current_measure = _open(MeasureBlock, cn_number(m.group(1)), m, 2, ln)
            current_section.measures.append(current_measure)
            continue
        m = ITEM_RE.match(text)
        if m and current_measure is not None and _plausible_item(m, current_measure):
            if current_item is not None:
                current_item.end = ln.start
            current_item = _open(ItemBlock, int(m.group(1) or m.group(2)), m, 3, ln)
            current_measure.items.append(current_item)
    close(body_end)
    if not any(s.measures for s in sections):
        raise PlanError(source, "not a plan: no numbered measures ((一)、(二)…) found")
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


B = TypeVar("B", bound=Block)


def _open(kind: type[B], number: int, m: re.Match[str], group: int, ln: Line) -> B:
    """A block opened by heading line `ln`; its title is `m.group(group)` up to 。."""
    title, length = _heading_title(m.group(group))
    return kind(
        number=number,
        title=title,
        start=ln.start,
        end=-1,
        title_end=ln.start + m.start(group) + length,
    )


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
