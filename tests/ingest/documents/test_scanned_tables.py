"""Tables printed without rulings, read from the blanks between OCR'd words
(ingest/documents/scanned_tables.py's Ruleless), on lines given by hand: the blank after
each word in character heights, and where each line lies. Real Tesseract on a page
image: test_ocr.py."""

from __future__ import annotations

from ingest.documents.scanned_tables import Ruleless, TextLine, Word, join_words

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
