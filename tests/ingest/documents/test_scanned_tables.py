"""Tables printed without rulings, read from the blanks between OCR'd words
(ingest/documents/scanned_tables.py's Ruleless), on lines given by hand: the blank after
each word in character heights, and where each line lies; and cells read again (a
bordered table's where Tesseract passed over a line, a doubted one of a table without
rulings), with a stand-in for Tesseract. Real
Tesseract on a page image: test_ocr.py."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ingest.documents.grid import Cell
from ingest.documents.scanned_tables import (
    Ruleless,
    Sheet,
    TextLine,
    Word,
    join_words,
    read_sheets,
    reread_cells,
)

SIZE = 30.0
LEFT, RIGHT = 150.0, 1500.0


def line(y: float, x0: float, *parts: str | float, full: bool = False) -> TextLine:
    """A line at height `y` starting at `x0`: words, each followed by the blank after it
    (a number: character heights; a "、"-ended word's blank is punctuation's); `full`:
    it runs to the margin."""
    words: list[Word] = []
    blanks: list[float] = []
    x = x0
    for part in parts:
        if isinstance(part, str):
            width = SIZE * len(part)
            words.append(Word(x, y, x + width, y + SIZE, part))
            x += width
        else:
            blanks.append(part)
            x += part * SIZE
    x1 = RIGHT if full else words[-1].right
    bare = [not w.text.endswith("、") for w in words[:-1]]
    return TextLine(words, blanks, bare, x0, x1, y, y + SIZE, SIZE)


def rows(lines: list[TextLine]) -> list[tuple[list[str], bool]]:
    return [
        ([join_words([w.text for w in cell]) for cell in cells], table)
        for cells, _, table in Ruleless().page(lines, RIGHT)
    ]


def test_a_header_opens_a_table_whose_wrapped_rows_are_joined() -> None:
    got = rows(
        [
            line(100, LEFT, "主要任务分工见表1。"),
            line(150, LEFT, "序号", 1.3, "主要任务", 3.4, "责任单位", 3.4, "完成时限"),
            # wrapped inside its agencies' cell: the next line goes on with that cell
            line(
                190,
                LEFT,
                "1",
                2.4,
                "工业涂装原辅材料替代",
                1.7,
                "市生态环境局、",
                0.7,
                "市工业和信息",
                full=True,
            ),
            line(230, LEFT, "化局", 3.4, "2024年"),
            # stopped short of the margin: the line at a tab stop is its next cell
            line(270, LEFT, "2", 3.4, "餐饮油烟治理", 1.2, "市城市管理局"),
            line(310, LEFT + 4 * 98.4, "持续推进"),
            # a tab stop 0.7 apart, and a blank inside a cell taken for one: joined back
            line(350, LEFT, "3", 3.3, "锅炉低氮", 0.7, "改造", 0.7, "市商务局", 1.5, "每年"),
            line(430, LEFT, "（四）城镇绿色节能改造工程。"),
        ]
    )
    assert [table for _, table in got] == [False, True, True, True, True, False]
    assert got[1][0] == ["序号", "主要任务", "责任单位", "完成时限"]
    assert got[2][0] == ["1", "工业涂装原辅材料替代", "市生态环境局、市工业和信息化局", "2024年"]
    assert got[3][0] == ["2", "餐饮油烟治理", "市城市管理局", "持续推进"]
    assert got[4][0] == ["3", "锅炉低氮改造", "市商务局", "每年"]


def test_a_row_s_misread_number_still_starts_it() -> None:
    got = rows(
        [
            line(150, LEFT, "序号", 1.3, "工程名称", 3.4, "责任单位"),
            line(
                190,
                LEFT,
                "员",
                3.0,
                "重点行业绿色升级工程",
                2.0,
                "市工信局、市发改委、市生态环境局",
                full=True,
            ),
            line(230, LEFT, "2", 3.0, "园区节能环保提升工程", 2.0, "市发改委"),
        ]
    )
    assert [cells for cells, _ in got[1:]] == [
        ["员", "重点行业绿色升级工程", "市工信局、市发改委、市生态环境局"],
        ["2", "园区节能环保提升工程", "市发改委"],
    ]


def test_without_a_header_blanks_a_tab_wide_are_prose() -> None:
    got = rows(
        [
            line(100, LEFT, "推进建筑节能、", 0.8, "绿色建筑和清洁取暖", 1.3, "（市住建局牵头）"),
            line(140, LEFT, "牵头单位", 3.0, "市发改委"),  # one column named: no header
        ]
    )
    assert got == [
        (["推进建筑节能、绿色建筑和清洁取暖（市住建局牵头）"], False),
        (["牵头单位", "市发改委"], False),
    ]


def cell_sheet(bands: list[tuple[int, int]]) -> Sheet:
    """A sheet of one cell whose writing lies in `bands` (first and last row of ink)."""
    image = Image.new("L", (300, 260), 255)
    draw = ImageDraw.Draw(image)
    for top, bottom in bands:
        draw.rectangle((20, top, 200, bottom), fill=0)
    return Sheet(image, [(0, Cell(0, 0, 0, 0, 300, 260))], [(10, 250)])


def test_a_line_of_a_cell_passed_over_is_read_on_its_own() -> None:
    # three lines; Tesseract's block reading passes over the last, a lone 会 (two bands
    # of ink, its two parts) that the box it drew tall above reaches into, and over the
    # middle line of another cell
    lines = [(20, 60), (72, 112), (124, 140), (146, 164)]
    asked: list[bool] = []

    def read(sheet: Sheet) -> list[Word]:
        asked.append(sheet.line)
        if sheet.line:
            return [Word(40, 200, 120, 280, "会", 90.0)]
        return [
            Word(20, 20, 200, 60, "市发展改革委、", 95.0),
            Word(20, 72, 200, 130, "铜陵经开区管委", 95.0),
        ]

    ((_, words),) = read_sheets([cell_sheet(lines)], read, 200)
    assert [w.text for w in words] == ["市发展改革委、", "铜陵经开区管委", "会"]
    assert asked == [False, True]  # the line read once, as one line

    def middle(sheet: Sheet) -> list[Word]:
        if sheet.line:
            return [Word(0, 0, 50, 50, "自然资", 90.0)]
        return [
            Word(20, 20, 200, 60, "市生态环境局、市", 95.0),
            Word(20, 124, 200, 164, "源和规划局", 95.0),
        ]

    ((_, words),) = read_sheets([cell_sheet(lines)], middle, 200)
    assert [w.text for w in words] == ["市生态环境局、市", "自然资", "源和规划局"]


def test_a_cell_read_whole_is_not_read_again() -> None:
    asked: list[bool] = []

    def read(sheet: Sheet) -> list[Word]:
        asked.append(sheet.line)
        # every line read; a comma's speck below the writing is none
        return [
            Word(20, 20, 200, 60, "市发展改革委、", 95.0),
            Word(20, 72, 200, 112, "铜陵经开区", 95.0),
            Word(20, 124, 200, 164, "管委会", 95.0),
        ]

    ((_, words),) = read_sheets(
        [cell_sheet([(20, 60), (72, 112), (124, 164), (180, 186)])], read, 200
    )
    assert [w.text for w in words] == ["市发展改革委、", "铜陵经开区", "管委会"]
    assert asked == [False]


def test_a_header_of_pollutants_opens_a_table_whose_label_may_touch_its_figure() -> None:
    got = rows(
        [
            line(
                100,
                LEFT,
                "污染物",
                0.7,
                "化学需氧量",
                1.5,
                "氨氮",
                1.0,
                "氮氧化物",
                2.0,
                "挥发性有机物",
            ),
            # a tab stop right after a long label: no blank before its figure
            line(140, LEFT, "重点工程减排量", 0.0, "430", 1.5, "38", 2.0, "265", 2.0, "390"),
            line(200, LEFT, "节能减排政策机制更加健全。"),
        ]
    )
    assert got == [
        (["污染物", "化学需氧量", "氨氮", "氮氧化物", "挥发性有机物"], True),
        (["重点工程减排量", "430", "38", "265", "390"], True),
        (["节能减排政策机制更加健全。"], False),
    ]
    # pollutants without a label's column before them are no header
    assert rows([line(100, LEFT, "化学需氧量", 1.5, "氨氮", 1.5, "氮氧化物")])[0][1] is False


def test_a_doubted_cell_of_a_table_without_rulings_is_read_again_on_its_own() -> None:
    pixels = np.full((200, 900), 255, dtype=np.uint8)
    pixels[50:80, 100:700] = 120  # thin grey strokes: black on the sheet read again
    row = [
        [Word(100, 50, 130, 80, "9", 97.0)],
        [Word(240, 50, 300, 80, "su", 43.0), Word(310, 50, 330, 80, "1", 73.0)],
        [Word(450, 50, 700, 80, "推进低挥发性有机物", 95.0)],
    ]
    seen: list[Sheet] = []

    def read(sheet: Sheet) -> list[Word]:
        seen.append(sheet)
        return [Word(0, 0, 10, 10, "三〈九)", 90.0), Word(12, 0, 20, 10, "1", 96.0)]

    got = reread_cells(pixels, row, read, 200)
    assert [[w.text for w in cell] for cell in got] == [
        ["9"],
        ["三〈九)", "1"],
        ["推进低挥发性有机物"],
    ]
    assert len(seen) == 1 and seen[0].line
    assert set(np.unique(np.asarray(seen[0].image))) == {0, 255}
    # a reading no more confident is left; a cell over two lines is not read again
    assert reread_cells(pixels, row, lambda sheet: [Word(0, 0, 9, 9, "s", 20.0)], 200) == row
    wrapped = [row[0], [Word(240, 50, 300, 80, "su", 43.0), Word(240, 90, 300, 120, "1", 43.0)]]
    assert reread_cells(pixels, wrapped, read, 200) == wrapped
