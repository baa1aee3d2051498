"""Plans as governments publish them: every bundled plan read from .docx, .doc, .pdf, a
scanned .pdf and a CMS web page gives the facts of its .txt; formats are told by content;
provenance says where a fact is in the original document.

The documents are made from data/plans/*.txt by tests/support/document_fixtures.py once per
test session (the `fixtures` fixture, tests/conftest.py; LibreOffice and OCR are slow: OCR
runs on one plan by default, all five with PLANKG_TEST_OCR_ALL=1). PLANKG_FIXTURE_CACHE=DIR
keeps them between sessions. Ingesting them end to end: tests/e2e/test_documents.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from ingest.documents import extract
from ingest.documents.numbering import chinese_number
from ingest.documents.sniff import DOC, DOCX, HTML, PDF, TEXT, sniff_bytes, sniff_file
from ingest.pipeline import plan_files, prepare, read_plan
from tests.support.document_fixtures import (
    HAS_OFFICE,
    IN_CI,
    NAMES,
    OCR_PLANS,
    Fixture,
    facts,
    image_only_pdf,
    needs_ocr,
    needs_office,
    recovered,
    table_rows,
)
from tests.support.paths import PLANS
from tests.support.rdf import solutions

BASE = "https://w3id.org/plankg/"
# Share of the .txt's facts (measures, responsibilities, targets) the scanned PDF gives,
# measured 2026-12-07 at 200 dpi with Tesseract 5 chi_sim (bench/formats.py prints it):
# dazhou 97.7%, dingzhou 89.5%, haining 82.9%, tianshui 96.8%, zhumadian 90.9% (the annex
# tables read cell by cell from their rulings, a note closed by an ASCII ")" ending its
# paragraph, and words of the vocabularies Tesseract doubted put right: dazhou was 66.2%,
# then 90.4%; haining 66.2%, then 71.6%; zhumadian 76.5%). The losses are OCR misreadings
# (盲 as 言, 氨氮 as 氮氛, a heading's number). Floors a little under what was measured.
OCR_FLOOR = {
    "dazhou-511700-draft": 0.95,
    "dingzhou-130682": 0.85,
    "haining-330481-draft": 0.8,
    "tianshui-620500": 0.92,
    "zhumadian-411700-draft": 0.87,
}


def _facts(path: Path) -> dict[str, list[tuple[object, ...]]]:
    return facts(read_plan(path.read_bytes(), path.name, BASE))


# ------------------------------------------------------------------ formats


def test_formats_are_told_by_content_not_name(fixtures: dict[str, Fixture], tmp_path: Path) -> None:
    fx = fixtures["haining-330481-draft"]
    cases = {fx.docx: DOCX, fx.html: HTML, fx.txt: TEXT}
    if HAS_OFFICE:
        assert fx.doc and fx.pdf
        cases |= {fx.doc: DOC, fx.pdf: PDF}
    for path, media in cases.items():
        assert sniff_bytes(path.read_bytes()) == media, path
        renamed = tmp_path / f"renamed-{path.stem}.txt"  # a misleading name changes nothing
        shutil.copy(path, renamed)
        assert sniff_file(renamed) == media
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "noext").write_bytes(fx.docx.read_bytes())
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    found = {Path(p).name for p in plan_files([tmp_path])}
    assert "noext" in found and "image.png" not in found
    assert "photo.txt" in found  # a .txt is taken as before, and refused with its reason


def test_word_numbering_comes_from_the_numbering_part(fixtures: dict[str, Fixture]) -> None:
    import zipfile

    fx = fixtures["dingzhou-130682"]
    document = zipfile.ZipFile(fx.docx).read("word/document.xml").decode()
    assert document.count("<w:numPr>") >= 10
    assert "三、重点工程" not in document  # the mark is generated, not typed
    extracted = extract(fx.docx.read_bytes(), fx.docx.name)
    assert extracted is not None
    assert "\n三、重点工程\n" in extracted.text
    assert "\n（一）重点行业绿色化改造工程。" in extracted.text
    assert [chinese_number(n) for n in (1, 10, 11, 20, 21, 100, 105)] == [
        "一", "十", "十一", "二十", "二十一", "一百", "一百零五"
    ]  # fmt: skip


def test_word_heading_styles_carry_numbering(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    from tests.support.document_fixtures import W_NS, _numbering_xml

    document = docx.Document()
    num_id, _ = _numbering_xml(document)
    for style, level in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = document.styles[style].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
                             f'<w:numId w:val="{num_id}"/></w:numPr>'))  # fmt: skip
    document.add_heading("总体要求", level=1)
    document.add_heading("指导思想", level=2)
    document.add_heading("主要目标", level=2)
    document.add_heading("重点工程", level=1)
    document.add_heading("重点行业绿色化改造工程", level=2)
    document.save(str(tmp_path / "h.docx"))
    extracted = extract((tmp_path / "h.docx").read_bytes(), "h.docx")
    assert extracted is not None
    assert extracted.text.splitlines() == [
        "一、总体要求", "（一）指导思想", "（二）主要目标", "二、重点工程", "（一）重点行业绿色化改造工程",
    ]  # fmt: skip


def test_word_tables_read_as_the_annex_text_form(fixtures: dict[str, Fixture]) -> None:
    fx = fixtures["haining-330481-draft"]
    extracted = extract(fx.docx.read_bytes(), fx.docx.name)
    assert extracted is not None
    assert "\t许村镇\n\t19.0\n\t20.0\n\n" in extracted.text
    cells = [loc for loc in extracted.locations if loc.table is not None]
    assert {loc.table for loc in cells} == {1, 2}
    at = extracted.text.index("许村镇")
    (where,) = extracted.locate(at, at + 3)
    assert where.table == 1 and where.cell == 1 and where.row is not None and where.row > 1


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["docx", "html", "doc", "pdf"])
def test_every_format_gives_the_facts_of_the_text(
    fixtures: dict[str, Fixture], expected: dict[str, dict[str, list[tuple[object, ...]]]],
    name: str, kind: str,
) -> None:  # fmt: skip
    path = getattr(fixtures[name], kind)
    if path is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) not installed in CI: no .doc / .pdf fixtures")
        pytest.skip("LibreOffice (soffice) not installed: no .doc / .pdf fixtures")
    got = _facts(path)
    assert got == expected[name]


@needs_ocr
@needs_office
@pytest.mark.parametrize("name", OCR_PLANS)
def test_scanned_pdf_recovers_most_facts_by_ocr(
    fixtures: dict[str, Fixture], expected: dict[str, dict[str, list[tuple[object, ...]]]],
    name: str,
) -> None:  # fmt: skip
    path = fixtures[name].scanned
    assert path is not None
    extracted = extract(path.read_bytes(), path.name)
    assert extracted is not None and extracted.ocr
    assert all(loc.ocr for loc in extracted.locations)
    plan = read_plan(path.read_bytes(), path.name, BASE, extracted)
    share = recovered(facts(plan), expected[name])
    print(f"OCR recovered {share:.1%} of the facts of {name}")
    assert share >= OCR_FLOOR[name]
    assert plan.ocr and plan.media_type == PDF
    from ingest.rdf import ntriples, plan_triples

    nt = ntriples(plan_triples(plan, BASE)[1])
    marked = [ln for ln in nt.splitlines() if "#readByOcr>" in ln]
    spans = [ln for ln in nt.splitlines() if "#quote>" in ln]
    assert len(marked) == len(spans) + 1  # every span, and the plan


def test_web_page_title_above_the_content_container(
    expected: dict[str, dict[str, list[tuple[object, ...]]]], tmp_path: Path
) -> None:
    from tests.support.document_fixtures import cms_page, plan_title

    text = (PLANS / "zhumadian-411700-draft.txt").read_text(encoding="utf-8")
    title = plan_title(text)
    page = cms_page(text, title, None, title_above=True)
    assert page.count(title.encode("gb18030")) == 3  # <title>, the 标题 row, the <h1>
    plan = read_plan(page, "page.html", BASE)
    assert facts(plan) == expected["zhumadian-411700-draft"]
    assert plan.media_type == HTML


def test_web_page_in_a_container_of_no_known_name_keeps_its_headings(
    expected: dict[str, dict[str, list[tuple[object, ...]]]],
) -> None:
    from tests.support.document_fixtures import cms_page, plan_title

    text = (PLANS / "zhumadian-411700-draft.txt").read_text(encoding="utf-8")
    title = plan_title(text)
    page = cms_page(text, title, None, known_container=False)
    assert b'class="TRS_Editor"' not in page and b'id="zoom"' not in page
    plan = read_plan(page, "page.html", BASE)
    assert facts(plan) == expected["zhumadian-411700-draft"]


# --------------------------------------------------------------- provenance


@needs_office
def test_pdf_facts_say_their_page_and_quote_the_text_read(fixtures: dict[str, Fixture]) -> None:
    fx = fixtures["zhumadian-411700-draft"]
    assert fx.pdf is not None
    raw = fx.pdf.read_bytes()
    plan = read_plan(raw, fx.pdf.name, BASE)
    import hashlib

    assert plan.sha256 == hashlib.sha256(raw).hexdigest()  # of the original bytes
    assert plan.media_type == PDF and not plan.ocr
    prepared = prepare(fx.pdf, BASE)
    assert prepared.outcome.ok, prepared.outcome.error
    graph = ox.Store()
    graph.load(prepared.ntriples.encode(), ox.RdfFormat.N_TRIPLES)
    rows = list(
        solutions(
            graph.query(
                """PREFIX pk: <https://w3id.org/plankg/ontology#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?quote ?start ?end ?page WHERE {
              ?t a pk:Target ; pk:scope ?scope ; prov:wasDerivedFrom ?s .
              ?s pk:quote ?quote ; pk:startOffset ?start ; pk:endOffset ?end ; pk:page ?page .
            }"""
            )
        )
    )
    assert len(rows) == len(plan.targets)
    pages = {int(r["page"].value) for r in rows}
    assert 1 in pages and max(pages) > 2  # headline targets on page 1, annex tables later
    for r in rows:
        assert plan.original_text[int(r["start"].value) : int(r["end"].value)] == r["quote"].value
    media = list(
        solutions(
            graph.query("SELECT ?m WHERE { ?p <https://w3id.org/plankg/ontology#mediaType> ?m }")
        )
    )
    assert [m["m"].value for m in media] == [PDF]


@needs_ocr
def test_scanned_pdf_without_tesseract_names_the_package(tmp_path: Path) -> None:
    from ingest.errors import PlanError

    path = image_only_pdf(tmp_path / "scan.pdf")
    old = os.environ["PATH"]
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "pdftoppm").symlink_to(shutil.which("pdftoppm") or "")
    os.environ["PATH"] = str(bare)
    try:
        with pytest.raises(PlanError) as err:
            extract(path.read_bytes(), "scan.pdf")
    finally:
        os.environ["PATH"] = old
    assert "needs Tesseract OCR (`tesseract`)" in str(err.value)
    assert "Debian package tesseract-ocr-chi-sim" in str(err.value)
    assert "\n" not in str(err.value)


# A hard-wrapped plain text, printed: its lines break at 30 characters, so a line with
# figures in it (half as wide as a Chinese character) stops short of the right margin.
_WRAPPED = """二、主要目标

到2025年，全市单位地区生产总值能耗比2020年下降14%
，能源消费总量得到合理控制；化学需氧量、氨氮、氮氧化物、挥发
性有机物重点工程减排量分别达到8500吨、620吨、1030
0吨和4100吨。节能减排政策机制更加健全，重点行业能源利用
效率和主要污染物排放控制水平基本达到国内先进水平，经济社会发
展绿色转型取得显著成效。

坚持把节约能源资源放在首位，实行能源消费强度和总量双控，推动
能源利用效率不断提升，加快调整产业结构和能源结构，大力发展绿
色低碳产业，推动重点行业节能降碳改造，强化重点用能单位节能管
理，确保完成省下达的目标任务。
"""


@needs_office
@needs_ocr
def test_a_sentence_wrapped_across_ocr_lines_is_read_whole(tmp_path: Path) -> None:
    from tests.support.document_fixtures import TEXT_FILTER, image_pdf, soffice_convert

    txt = tmp_path / "wrapped.txt"
    txt.write_text(_WRAPPED, encoding="utf-8")
    printed = soffice_convert(txt, "pdf", tmp_path, infilter=TEXT_FILTER)
    scan = image_pdf(printed, tmp_path / "scan.pdf")
    extracted = extract(scan.read_bytes(), "scan.pdf")
    assert extracted is not None and extracted.ocr
    paragraphs = [p for p in extracted.text.splitlines() if p.strip()]
    # the heading, the targets sentence whole (2 pollutants and 4 figures would be the part
    # after a break), the next paragraph apart
    assert len(paragraphs) == 3, paragraphs
    targets = paragraphs[1]
    assert targets.startswith("到2025年") and targets.endswith("成效。"), targets
    for figure in ("14%", "8500吨", "620吨", "10300吨", "4100吨"):
        assert figure in targets, (figure, targets)
    assert paragraphs[2].startswith("坚持") and paragraphs[2].endswith("任务。")


def test_pdf_text_cleanup_maps_only_compatibility_characters() -> None:
    from ingest.documents.layout import clean

    assert clean("到 2025 年，⼗四五期间（市发展改革委）") == "到2025年，十四五期间（市发展改革委）"
    assert clean("PM 2.5 浓度；“两高”项目：") == "PM 2.5浓度；“两高”项目："


@needs_office
def test_pdf_loses_headers_page_numbers_and_line_breaks(fixtures: dict[str, Fixture]) -> None:
    import re

    from ingest.documents.layout import clean
    from tests.support.document_fixtures import plan_title

    fx = fixtures["dazhou-511700-draft"]
    assert fx.pdf is not None
    extracted = extract(fx.pdf.read_bytes(), fx.pdf.name)
    assert extracted is not None
    lines = extracted.text.splitlines()
    assert not [ln for ln in lines if re.fullmatch(r"[—-]\s*\d+\s*[—-]", ln.strip())]
    title = plan_title(fx.txt.read_text(encoding="utf-8"))
    assert lines.count(title) == 1  # the running header is gone, the title stays
    pages = {loc.page for loc in extracted.locations}
    assert len(pages) > 5
    # every paragraph of the text comes out whole: lines joined, none broken mid-sentence
    compact = {clean(ln).replace(" ", "") for ln in lines}
    long_lines = [ln for ln in fx.txt.read_text(encoding="utf-8").splitlines() if len(ln) > 80]
    assert long_lines
    for line in long_lines:
        assert clean(line.strip(" \u3000")).replace(" ", "") in compact, line[:40]


# A division-of-labour table as Word sets it: narrow columns whose cells wrap over lines,
# and a deadline cell merged over two rows.
_TABLE_ROWS = [
    ["序号", "工作内容", "责任单位", "完成时限"],
    ["1", "推动钢铁、汽车、机械等行业节能降碳和污染深度治理", "市工业和信息化局、市发展改革委、市生态环境局", "2025年"],
    ["2", "推进园区循环化改造和基础设施共建共享", "市发展改革委、市工业和信息化局", ""],
    ["3", "推进涂装、印刷、油品储运等领域VOCs治理", "市生态环境局、市商务局", "持续推进"],
]  # fmt: skip


@needs_office
@needs_ocr
def test_a_scanned_bordered_table_reads_row_by_row_as_its_text_layer(tmp_path: Path) -> None:
    import difflib

    import docx
    from docx.oxml.ns import qn

    from tests.support.document_fixtures import FONT, image_pdf, soffice_convert

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.add_paragraph("附件")
    document.add_paragraph("重点工程责任分工表")
    table = document.add_table(rows=len(_TABLE_ROWS), cols=4)
    table.style = "Table Grid"
    for r, values in enumerate(_TABLE_ROWS):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 3).merge(table.cell(2, 3)).text = "2025年"
    document.add_paragraph("注：责任单位中列第一位的为牵头单位，其他为配合单位。")
    source = tmp_path / "table.docx"
    document.save(str(source))
    printed = soffice_convert(source, "pdf", tmp_path)
    scan = image_pdf(printed, tmp_path / "scan.pdf")

    layer, ocr = (extract(p.read_bytes(), p.name) for p in (printed, scan))
    assert layer is not None and ocr is not None and ocr.ocr
    want, got = table_rows(layer.text), table_rows(ocr.text)
    assert len(want) == len(_TABLE_ROWS) and want[2][3] == "", want  # the text layer's form
    assert [len(r) for r in got] == [len(r) for r in want], got
    for a, b in zip(want, got, strict=True):
        for x, y in zip(a, b, strict=True):
            # a cell is whole and in its column: at most a misread character apart
            assert (x == "") == (y == ""), (a, b)
            assert difflib.SequenceMatcher(None, x, y).ratio() >= 0.8, (x, y)
    # the text around the table reads as before
    assert "重点工程责任分工表" in ocr.text.split("\t")[0]
    assert ocr.text.rstrip().endswith("其他为配合单位。")
    assert all(loc.ocr for loc in ocr.locations)


def _tsv(words: list[tuple[int, int, str]], top: int = 100, height: int = 40) -> str:
    """A Tesseract TSV answer: a page, and the words (left, right, text) of one line."""
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [head, "1\t1\t0\t0\t0\t0\t0\t0\t1000\t400\t-1\t"]
    for n, (left, right, text) in enumerate(words, start=1):
        rows.append(f"5\t1\t1\t1\t1\t{n}\t{left}\t{top}\t{right - left}\t{height}\t95\t{text}")
    return "\n".join(rows) + "\n"


def test_a_wide_gap_between_ocr_boxes_splits_a_line_only_where_the_page_is_blank() -> None:
    import numpy as np

    from ingest.documents.ocr import page_from_tsv

    # Tesseract boxed 管理 far right of its glyphs, with the comma after it: 110 px (2.75
    # characters) between the boxes of 指标 and 管理
    words = [(100, 180, "强化"), (180, 260, "指标"), (370, 379, "管理"), (380, 400, "，")]
    glyphs = np.zeros((400, 1000), dtype=bool)
    for left in range(100, 400, 40):
        glyphs[105:135, left : left + 32] = True  # characters all along the line
    [line] = page_from_tsv(_tsv(words), 1, 200, [], glyphs).lines
    assert line.cells is None and line.text == "强化指标管理，"
    blank = glyphs.copy()
    blank[:, 262:370] = False  # the same boxes with the page blank between them: two cells
    [line] = page_from_tsv(_tsv(words), 1, 200, [], blank).lines
    assert line.cells == ["强化指标", "管理，"]


def test_an_ocr_section_heading_that_lost_its_numeral_gets_the_next_number() -> None:
    from ingest.documents.extracted import TextBuilder
    from ingest.documents.layout import Line, Page, render

    texts = ["三、实施节能减排重点工程", "（一）重点行业绿色升级工程。", "、健全节能减排政策机制",
             "（一）优化完善能耗双控制度。", "、健全激励约束机制，强化总量减排监督管理。"]  # fmt: skip

    def read(ocr: bool) -> list[str]:
        page = Page(1, 595.0, 842.0, ocr=ocr)
        for n, text in enumerate(texts):
            top = 200.0 + 40 * n
            page.lines.append(Line(text, 72.0, 72.0 + 12 * len(text), top, top + 12, 12.0))
        out = TextBuilder()
        render([page], out)
        return out.text().splitlines()

    got = read(ocr=True)
    assert got[2] == "四、健全节能减排政策机制", got
    # a sentence is no heading, and a text layer's text is left as it is written
    assert got[4].startswith("、健全激励"), got
    assert read(ocr=False)[2] == "、健全节能减排政策机制"


# Sub-items numbered by circled numerals, as a printed plan sets them: Tesseract's Chinese
# model reads the numeral as "GD", "@)", "印" or nothing.
_CIRCLED = """（一）重点行业绿色升级工程。
①推进汽车整车制造企业使用低VOCs含量涂料。
②开展工业园区挥发性有机物综合治理。
③加强加油站、储油库油气回收设施运行监管。
（二）城镇绿色节能改造工程。
①推广绿色建筑，推进既有建筑节能改造。
②推进公共机构节能。
"""


@needs_office
@needs_ocr
def test_circled_sub_item_numerals_are_read_from_their_ring(tmp_path: Path) -> None:
    from tests.support.document_fixtures import TEXT_FILTER, image_pdf, soffice_convert

    txt = tmp_path / "circled.txt"
    txt.write_text(_CIRCLED, encoding="utf-8")
    printed = soffice_convert(txt, "pdf", tmp_path, infilter=TEXT_FILTER)
    scan = image_pdf(printed, tmp_path / "scan.pdf")
    extracted = extract(scan.read_bytes(), "scan.pdf")
    assert extracted is not None and extracted.ocr
    starts = [p[:1] for p in extracted.text.splitlines() if p.strip()]
    # each numeral in its measure's sequence, whatever Tesseract made of the glyph
    assert len(starts) == 7 and starts[0] in "（(" and starts[4] in "（(", extracted.text
    assert starts[1:4] + starts[5:] == ["①", "②", "③", "①", "②"], extracted.text
    assert "◯" not in extracted.text


def test_an_ocr_item_number_that_lost_its_mark_gets_it_back_in_sequence() -> None:
    from ingest.documents.extracted import TextBuilder
    from ingest.documents.layout import Line, Page, render

    texts = ["（五）挥发性有机物综合治理工程。", "1推进源头替代。在电子等行业推广低VOCs含量原辅材料。",
             "2.，强化重点行业深度治理。对化工企业开展治理。", "3，加强油品储运销治理。推进油气回收。",
             "5年内完成改造。", "(农业农村节能减排工程。", "3推进畜禽粪污资源化利用。"]  # fmt: skip
    page = Page(1, 595.0, 842.0, ocr=True)
    for n, text in enumerate(texts):
        top = 200.0 + 40 * n
        page.lines.append(Line(text, 72.0, 72.0 + 12 * len(text), top, top + 12, 12.0))
    out = TextBuilder()
    render([page], out)
    got = out.text().splitlines()
    assert [p[:3] for p in got] == ["（五）", "1.推", "2.强", "3.加", "5年内", "（六）", "3推进"], (
        got
    )


def test_a_heading_after_a_note_ocr_closed_with_an_ascii_parenthesis_starts_a_paragraph() -> None:
    from ingest.documents.extracted import TextBuilder
    from ingest.documents.layout import Line, Page, render

    # full lines: only the heading rule can end the paragraph before （九)
    texts = ["（八）重点区域污染物减排工程。巩固清新空气示范区建设成果，推进",
             "工业园区污染治理。（市生态环境局、市经信局按职责分工负责)",
             "（九)煤炭清洁高效利用工程。坚持先立后破，严格合理控制煤炭消费。"]  # fmt: skip
    page = Page(1, 595.0, 842.0, ocr=True)
    for n, text in enumerate(texts):
        top = 200.0 + 20 * n
        page.lines.append(Line(text, 72.0, 523.0, top, top + 12, 12.0))
    out = TextBuilder()
    render([page], out)
    got = out.text().splitlines()
    assert len(got) == 2 and got[1].startswith("（九)煤炭"), got


def test_an_ocr_table_cell_s_misread_at_least_sign_and_closing_bracket_are_put_back() -> None:
    from ingest.documents.extracted import TextBuilder
    from ingest.documents.layout import Line, Page, render

    cells = ["三36", "= [1320]", "三（一）", "三年", "[165j", "[14.5]", "[PM2.5]"]

    def read(ocr: bool) -> list[str]:
        page = Page(1, 595.0, 842.0, ocr=ocr)
        page.lines.append(Line("", 72.0, 523.0, 200.0, 240.0, 0.0, cells, table=True))
        out = TextBuilder()
        render([page], out)
        return [ln[1:] for ln in out.text().splitlines() if ln.startswith("\t")]

    assert read(ocr=True) == ["≥36", "≥ [1320]", "三（一）", "三年", "[165]", "[14.5]", "[PM2.5]"]
    assert read(ocr=False) == cells  # a text layer's cells are as written
