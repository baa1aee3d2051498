"""OCR'd paragraphs put right where Tesseract misreads a mark the parser reads
(ingest/documents/layout.py's fix_ocr); a text layer's text is left as written."""

from __future__ import annotations

from ingest.documents.extracted import TextBuilder
from ingest.documents.layout import Line, Page, fix_ocr, fix_ocr_cell, render


def test_a_note_label_s_colon_read_as_a_semicolon_is_a_colon_again() -> None:
    assert (
        fix_ocr("推进清洁生产。责任单位;市工业和信息化局（牵头）")
        == "推进清洁生产。责任单位：市工业和信息化局（牵头）"
    )
    note = "（牵头单位:市生态环境局;配合单位;市工业和信息化局、市发展改革委）"
    assert fix_ocr(note) == "（牵头单位:市生态环境局;配合单位：市工业和信息化局、市发展改革委）"
    # opening a paragraph, its colon read as a comma
    assert fix_ocr("责任单位，县商务局（牵头）") == "责任单位：县商务局（牵头）"
    assert fix_ocr("明确责任单位，落实工作任务。") == "明确责任单位，落实工作任务。"
    # a label that is the sentence's predicate may well be followed by a semicolon
    rule = "列第一位的为牵头单位，其他为配合单位；各县市区人民政府负责落实。"
    assert fix_ocr(rule) == rule


def test_only_ocr_d_text_is_put_right() -> None:
    def read(ocr: bool) -> str:
        page = Page(1, 595.0, 842.0, ocr=ocr)
        text = "责任单位;市工业和信息化局（牵头），市发展和改革局。"
        page.lines.append(Line(text, 72.0, 72.0 + 12 * len(text), 200.0, 212.0, 12.0))
        out = TextBuilder()
        render([page], out)
        return out.text()

    assert read(ocr=True).startswith("责任单位：")
    assert read(ocr=False).startswith("责任单位;")


def test_an_ocr_d_measure_heading_with_a_misread_bracket_starts_a_paragraph() -> None:
    # the first line of a page, after a page whose last sentence filled its line
    def read(ocr: bool) -> list[str]:
        pages = []
        for n, text in enumerate(
            ["开展节约型机关创建。县机关事务服务中心负责。", "〈七)浦阳江流域水污染减排工程。"]
        ):
            page = Page(n + 1, 595.0, 842.0, ocr=ocr)
            page.lines.append(Line(text, 72.0, 523.0, 100.0, 112.0, 12.0))
            pages.append(page)
        out = TextBuilder()
        render(pages, out)
        return out.text().splitlines()

    got = read(ocr=True)
    assert len(got) == 2 and got[1].startswith("（七") and got[1].endswith("减排工程。"), got
    assert len(read(ocr=False)) == 1  # a text layer's 〈 is as written


def test_a_sub_item_s_number_with_a_stray_mark_is_no_measure_heading() -> None:
    def read(ocr: bool) -> list[str]:
        page = Page(1, 595.0, 842.0, ocr=ocr)
        lines = [
            "（一）推进重点行业绿色升级。",
            "(\\1)推进白酒产业绿色发展。",
            "（2）推进电解铝等行业节能降碳。",
        ]
        for n, text in enumerate(lines):
            page.lines.append(Line(text, 72.0, 300.0, 100.0 + 20 * n, 112.0 + 20 * n, 12.0))
        out = TextBuilder()
        render([page], out)
        return out.text().splitlines()

    assert read(ocr=True)[1] == "（1）推进白酒产业绿色发展。"
    assert "(\\1)推进白酒产业绿色发展。" in "".join(read(ocr=False))  # as written


def test_an_aside_s_round_brackets_read_as_square_or_unmatched_are_round_again() -> None:
    # inside a note whose own opening bracket Tesseract read as 〈
    assert fix_ocr("〈省发展改革委牵头，各市[州]政府负责落实)") == (
        "（省发展改革委牵头，各市（州）政府负责落实)"
    )
    assert fix_ocr("各市(州]政府、各上县【市、区】人民政府") == (
        "各市（州）政府、各上县（市、区）人民政府"
    )
    # a pair not inside a name, and a year's brackets, are as written
    assert fix_ocr("【重点工程】吉政发[2022]1号（州）") == "【重点工程】吉政发[2022]1号（州）"


def test_a_label_cell_s_percent_unit_read_with_a_9_is_the_unit_again() -> None:
    label = "单位地区生产总值能源消耗比2020年下降"
    assert fix_ocr_cell(f"{label}(9%)") == f"{label}（%）"
    # a figure's cell, or a bracket inside a label, is as read
    assert fix_ocr_cell("13.5(9%)") == "13.5(9%)"
    assert fix_ocr_cell(f"{label}(9%)以上") == f"{label}(9%)以上"


def test_a_quote_mark_that_cannot_stand_at_a_cell_s_edge_is_none() -> None:
    assert [fix_ocr_cell(c) for c in ("”390", "”氨氮", "减排量“", "“两高”项目")] == [
        "390",
        "氨氮",
        "减排量",
        "“两高”项目",
    ]


def test_a_percent_sign_read_as_96_after_a_decimal_figure_is_one_again() -> None:
    assert fix_ocr("能耗比2020年下降14.596，能源消费") == "能耗比2020年下降14.5% ，能源消费"
    # other figures are as read
    for text in ("下降14.5%，", "达到6096吨，", "排放0.596吨。", "PUE 1.2596。"):
        assert fix_ocr(text) == text
