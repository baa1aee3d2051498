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
)
from tests.support.paths import PLANS
from tests.support.rdf import solutions

BASE = "https://w3id.org/plankg/"
# Share of the .txt's facts (measures, responsibilities, targets) the scanned PDF gives,
# measured 2026-12-01 at 200 dpi with Tesseract 5 chi_sim (bench/formats.py prints it):
# dazhou 66.2%, dingzhou 89.5%, haining 66.2%, tianshui 96.8%, zhumadian 76.5%. The losses
# are OCR misreadings (盲 as 言, 氮 as 所, a heading's number) and the annex tables, whose
# wrapped cells OCR cannot put back into rows. Floors a little under what was measured.
OCR_FLOOR = {
    "dazhou-511700-draft": 0.62,
    "dingzhou-130682": 0.85,
    "haining-330481-draft": 0.62,
    "tianshui-620500": 0.92,
    "zhumadian-411700-draft": 0.72,
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
