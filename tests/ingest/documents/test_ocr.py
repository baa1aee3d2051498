"""Scanned pages read by Tesseract (ingest/documents/ocr.py), on small page images drawn
with Pillow in the fixtures' CJK font: a glyph whose right half is erased is one
Tesseract misreads, and doubts. Scans of whole plans: tests/ingest/test_documents.py."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from ingest.documents import extract
from ingest.documents.ocr import reopened
from ingest.documents.scanned_tables import Word
from tests.support.document_fixtures import (
    TEXT_FILTER,
    cjk_font,
    needs_ocr,
    needs_office,
    scan_of,
    soffice_convert,
    table_rows,
)

SIZE = 33  # 12 pt at 200 dpi
WIDTH, HEIGHT = 1654, 2339  # A4 at 200 dpi
LEFT = 150


def page(lines: list[str]) -> Image.Image:
    """A page of `lines`, one under another; the glyph after a "^" loses its right half."""
    font = cjk_font(SIZE)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        x, y, damaged = float(LEFT), 200 + 60 * n, False
        for ch in line:
            if ch == "^":
                damaged = True
                continue
            draw.text((x, y), ch, font=font, fill=0)
            advance = font.getlength(ch)
            if damaged:
                draw.rectangle((x + advance / 2, y, x + advance, y + 1.4 * SIZE), fill=255)
                damaged = False
            x += advance
    return image


@needs_ocr
def test_misread_words_of_the_lexicon_are_read_as_the_document_writes_them(
    tmp_path: Path,
) -> None:
    first = page(
        [
            "到2025年，全市化学需^氧量重点工程减排量达到100吨。",
            "各项任务中，列第一位的单位为^牵头单位，其他单位按职责分工负责。",
            "（一）推进工业节能。（市工业和信息化局牵头，市发展改革委^配合）",
        ]
    )
    second = page(["（二）推进园区循环化改造。（市商务局牵头，市发展改革委、市公安局配合）"])
    extracted = extract(scan_of([first, second], tmp_path / "scan.pdf").read_bytes(), "scan.pdf")
    assert extracted is not None and extracted.ocr
    text = extracted.text
    assert "化学需氧量重点工程" in text, text
    assert "列第一位的单位为牵头单位" in text, text
    # a short term, put right as the document writes it on its next page
    assert "市发展改革委配合" in text, text


@needs_office
@needs_ocr
def test_a_text_layer_is_read_as_written(tmp_path: Path) -> None:
    txt = tmp_path / "typo.txt"
    txt.write_text("到2025年，全市化学需气量重点工程减排量达到100吨。\n", encoding="utf-8")
    printed = soffice_convert(txt, "pdf", tmp_path, infilter=TEXT_FILTER)
    extracted = extract(printed.read_bytes(), printed.name)
    assert extracted is not None and not extracted.ocr
    assert "化学需气量" in extracted.text


TAB = 98.4  # a word processor's default tab stop, 1.25 cm at 200 dpi
RIGHT = WIDTH - LEFT

# A plain text's table as a word processor prints it: each cell at the next tab stop, a
# row too long for the line wrapped back to the margin (row 1 inside its agencies' cell).
_TABLE = [
    ["序号", "主要任务", "责任单位", "完成时限"],
    ["1", "工业涂装和包装印刷企业低VOCs含量原辅材料替代", "市生态环境局、市工业和信息化局、市市场监督管理局", "2024年"],
    ["2", "加油站油气回收设施检查", "市商务局、市生态环境局", "每年"],
    ["3", "餐饮油烟治理", "市城市管理局", "持续推进"],
]  # fmt: skip


def tabbed(rows: list[list[str]], before: list[str], after: list[str]) -> Image.Image:
    """A page of the lines `before`, the tab-separated `rows` and the lines `after`, as
    a word processor sets a plain text: a blank line between the parts."""
    font = cjk_font(SIZE)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    y = 200.0
    for line in before:
        draw.text((LEFT, y), line, font=font, fill=0)
        y += 60
    y += 60
    for row in rows:
        x = float(LEFT)
        for n, cell in enumerate(row):
            if n:
                stop = LEFT + TAB * (int((x - LEFT) / TAB) + 1)
                x = stop if stop < RIGHT else LEFT
                y += 0 if stop < RIGHT else 60
            for ch in cell:
                advance = font.getlength(ch)
                if x + advance > RIGHT:
                    x, y = float(LEFT), y + 60
                draw.text((x, y), ch, font=font, fill=0)
                x += advance
        y += 60
    y += 60
    for line in after:
        draw.text((LEFT, y), line, font=font, fill=0)
        y += 60
    return image


@needs_ocr
def test_a_table_printed_without_rulings_reads_row_by_row(tmp_path: Path) -> None:
    import difflib

    image = tabbed(
        _TABLE,
        ["推进工业涂装、包装印刷等行业挥发性有机物治理。主要任务分工见表1。", "表1 主要任务分工"],
        ["（四）城镇绿色节能改造工程。城镇新建建筑全面执行绿色建筑标准。"],
    )
    extracted = extract(scan_of([image], tmp_path / "scan.pdf").read_bytes(), "scan.pdf")
    assert extracted is not None and extracted.ocr
    got = table_rows(extracted.text)
    assert [len(row) for row in got] == [4] * len(_TABLE), extracted.text
    for want, row in zip(_TABLE, got, strict=True):
        for a, b in zip(want, row, strict=True):
            # each cell whole and in its column: at most a misread character apart (a
            # row's number too: 2 read as 阅)
            assert len(a) == len(b) == 1 or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8, (
                a,
                b,
            )
    # the prose around it is no table
    paragraphs = [p for p in extracted.text.splitlines() if p and not p.startswith("\t")]
    assert paragraphs[0].startswith("推进工业涂装"), paragraphs
    assert paragraphs[-1].endswith("城镇新建建筑全面执行绿色建筑标准。"), paragraphs


# A plain text's table drawn with box characters, as a word processor prints it: drawn
# for a fixed-width font where a Chinese character is two ─ wide, its borders come out
# twice as wide as its rows.
_DRAWN = [
    ["序号", "指标名称", "单位", "2025年"],
    ["1", "化学需氧量减排量", "吨", "1980"],
    ["2", "氮氧化物减排量", "吨", "1260"],
]


def drawn(rows: list[list[str]], before: str, after: str) -> Image.Image:
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]

    def border(left: str, joint: str, right: str) -> str:
        return left + joint.join("─" * 2 * w for w in widths) + right

    lines = [before, border("┌", "┬", "┐")]
    for n, row in enumerate(rows):
        if n:
            lines.append(border("├", "┼", "┤"))
        cells = [c + "　" * (w - len(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("│" + "│".join(cells) + "│")
    return page([*lines, border("└", "┴", "┘"), after])


@needs_ocr
def test_a_table_drawn_with_box_characters_reads_by_its_bars(tmp_path: Path) -> None:
    import difflib

    before, after = "“十四五”主要指标见表1。", "（一）推进工业节能。"
    image = drawn(_DRAWN, before, after)
    extracted = extract(scan_of([image], tmp_path / "scan.pdf").read_bytes(), "scan.pdf")
    assert extracted is not None and extracted.ocr
    lines = [line for line in extracted.text.splitlines() if line.strip()]
    assert lines[0] == before.replace("”", '"') and lines[-1] == after.replace("（一）", "(一)")
    # the rows, their bars read as bars; the borders no text at all (Tesseract at times
    # passes over the header under the top border)
    rows = [[c.strip("　 ") for c in line.split("│")] for line in lines[1:-1]]
    assert rows and all(row[0] == row[-1] == "" for row in rows), extracted.text
    got = [row[1:-1] for row in rows]
    assert len(got) >= len(_DRAWN) - 1, extracted.text
    for want, row in zip(_DRAWN[-len(got) :], got, strict=True):
        assert len(row) == len(want), extracted.text
        for a, b in zip(want, row, strict=True):
            # each cell whole and in its column: at most a misread character apart
            b = b.strip('“”"')
            assert a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8, (a, b)


def ruled(rows: list[list[list[str]]], top: int) -> Image.Image:
    """A page with a bordered table from height `top`: each row its cells, each cell its
    lines of text."""
    font = cjk_font(SIZE)
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    xs = [LEFT, LEFT + 120, LEFT + 500, LEFT + 820]
    y = top
    for row in rows:
        height = 20 + 52 * max(len(cell) for cell in row)
        for x, cell in zip(xs, row, strict=False):
            for n, text in enumerate(cell):
                draw.text((x + 12, y + 10 + 52 * n), text, font=font, fill=0)
        draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
        y += height
    draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for x in xs:
        draw.line((x, top, x, y), fill=0, width=3)
    return image


@needs_ocr
def test_a_bordered_table_s_row_cut_by_the_page_break_is_one_row(tmp_path: Path) -> None:
    first = ruled(
        [
            [["序号"], ["具体工作"], ["牵头单位"]],
            [["1"], ["提升有色金属行业能效"], ["市经济和信息化局"]],
            [["2"], ["推进重点行业污染深"], ["市生态环境局"]],
        ],
        HEIGHT - 400,
    )
    second = ruled(
        [
            [[""], ["度治理"], [""]],
            [["3"], ["推进园区循环化改造"], ["市发展改革委"]],
        ],
        150,
    )
    extracted = extract(scan_of([first, second], tmp_path / "scan.pdf").read_bytes(), "scan.pdf")
    assert extracted is not None and extracted.ocr
    rows = table_rows(extracted.text)
    assert [row[1] for row in rows] == [
        "具体工作",
        "提升有色金属行业能效",
        "推进重点行业污染深度治理",
        "推进园区循环化改造",
    ], extracted.text


def test_an_aside_read_without_its_opening_bracket_has_it_put_back() -> None:
    def line(*read: tuple[str, float]) -> list[str]:
        # each word's box as wide as its characters and a bracket's more
        words, x = [], 0.0
        for text, sure in read:
            words.append(Word(x, 0.0, x + 25.0 * len(text) + 12.0, 25.0, text, sure))
            x = words[-1].right + 5.0
        return [w.text for w in reopened(words, 25.0)]

    # 管委会（牵头）: Tesseract dropped the opening bracket and doubted the rest
    assert line(("管委会", 92.0), ("牵头)", 20.0), ("、", 90.0)) == ["管委会", "（牵头)", "、"]
    # its closing bracket a word of its own
    assert line(("中心", 93.0), ("牵头", 31.0), (")", 92.0)) == ["中心", "（牵头", ")"]
    # read with confidence, it is as written
    assert line(("管委会", 92.0), ("牵头)", 95.0)) == ["管委会", "牵头)"]
    # an aside opened earlier on the line, or on the line above, closes as written
    assert line(("各县（市、", 90.0), ("区)", 40.0)) == ["各县（市、", "区)"]
    assert line(("区)", 40.0), ("人民政府", 90.0)) == ["区)", "人民政府"]
    # a box no wider than its characters dropped no bracket
    narrow = [Word(0.0, 0.0, 75.0, 25.0, "管委会"), Word(80.0, 0.0, 130.0, 25.0, "负责", 50.0)]
    assert [w.text for w in reopened([*narrow, Word(132.0, 0, 140.0, 25.0, ")")], 25.0)] == [
        "管委会",
        "负责",
        ")",
    ]
    # its opening bracket misread as an angle bracket
    assert line(("〈市财政局", 90.0), ("分工", 92.0), ("负责", 40.0), (")", 90.0)) == [
        "〈市财政局",
        "分工",
        "负责",
        ")",
    ]
