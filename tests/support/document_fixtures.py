"""Plans as governments publish them, made from the bundled plans (data/plans/*.txt), so
every binary fixture has a known origin:

- .docx written with python-docx: headings 一、 / （一） / 1. as real Word automatic
  numbering (numbering definitions in numbering.xml; the marks are not in the text), the
  annex tables as real tables, a running header and a "— PAGE —" footer;
- .doc and .pdf converted from that .docx by LibreOffice (CJK font: fonts-noto-cjk);
- an image-only PDF: the .pdf's pages rendered by pdftoppm, wrapped by Pillow;
- an HTML page shaped like a government CMS page (breadcrumbs, 索引号 metadata table,
  share bar, 相关附件 link to the .docx), declared and encoded as GB2312/GB18030.

Used by tests/e2e/test_documents.py (a session-scoped, cached build) and bench/formats.py.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ingest.text import decode
from tests.support.paths import ROOT

PLANS = ROOT / "data" / "plans"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT = "Noto Serif CJK SC"
_CN = "一二三四五六七八九十"
_LEVELS = (
    (re.compile(rf"^([{_CN}]+)、"), "chineseCounting", "%1、"),
    (re.compile(rf"^（([{_CN}]+)）"), "chineseCounting", "（%2）"),
    (re.compile(r"^(\d{1,2})\.(?!\d)"), "decimal", "%3."),
)


def _cn_value(text: str) -> int:
    from ingest.documents.numbering import chinese_number

    for n in range(1, 100):
        if chinese_number(n) == text:
            return n
    return -1


@dataclass
class _Table:
    rows: list[list[str]]


def table_rows(text: str) -> list[list[str]]:
    """The rows of the annex text form (one tab-indented cell a line, a blank line after
    each row)."""
    rows: list[list[str]] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line[1:])
        elif row:
            rows.append(row)
            row = []
    return rows + ([row] if row else [])


def blocks(text: str) -> list[str | _Table]:
    """The plan text as paragraphs (lines) and tables (the annex text form: one cell per
    tab-indented line, a blank line after each row, un-indented lines continuing a cell)."""
    lines = re.split(r"\r\n|\r|\n", text)
    out: list[str | _Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("\t"):
            out.append(line)
            i += 1
            continue
        rows: list[list[str]] = []
        row: list[str] = []
        while i < len(lines):
            line = lines[i]
            if line.startswith("\t"):
                row.append(line[1:])
            elif not line.strip():
                if row:
                    rows.append(row)
                    row = []
                # a blank line followed by a non-table line ends the table
                nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), "\t")
                if not nxt.startswith("\t"):
                    i += 1
                    break
            elif row:
                row[-1] += "\n" + line  # a cell's value continued on an un-indented line
            else:
                break
            i += 1
        if row:
            rows.append(row)
        out.append(_Table(rows))
        out.append("")
    return out


def _numbering_xml(document: Any) -> tuple[str, str]:
    """Adds one abstract numbering (三 levels, Chinese government style) and its num."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/><w:lvlJc w:val="left"/></w:lvl>'
        for k, (_, fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    num = parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90", "90"


def _set_num(paragraph: Any, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert(
        0,
        parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        ),
    )


def _page_field(paragraph: Any) -> None:
    from docx.oxml import parse_xml

    paragraph.add_run("— ")
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    paragraph.add_run(" —")


def write_docx(text: str, out: Path, header: str) -> dict[str, int]:
    """The plan text as a Word document; returns how many paragraphs got automatic numbers."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    num_id, _ = _numbering_xml(document)
    counters = [0, 0, 0]
    numbered = 0
    for block in blocks(text):
        if isinstance(block, _Table):
            width = max(len(r) for r in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for tr in table.rows:  # a row never breaks across pages (Word: "cantSplit")
                tr._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit xmlns:w="{W_NS}"/>'))
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    parts = value.split("\n")
                    cell.paragraphs[0].text = parts[0]
                    for more in parts[1:]:
                        cell.add_paragraph(more)
            continue
        line = block.strip(" \t\u3000\xa0")
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for level, (pattern, fmt, _) in enumerate(_LEVELS):
            m = pattern.match(line)
            if not m:
                continue
            number = int(m.group(1)) if fmt == "decimal" else _cn_value(m.group(1))
            if number == counters[level] + 1:
                counters[level] = number
                for deeper in range(level + 1, len(counters)):
                    counters[deeper] = 0
                _set_num(paragraph, num_id, level)
                line = line[m.end() :]
                numbered += 1
            break
        else:
            paragraph.paragraph_format.first_line_indent = Pt(24) if len(line) > 40 else None
        paragraph.add_run(line)
    document.save(str(out))
    return {"numbered": numbered}


# LibreOffice's import filter for a UTF-8 plain text, set in a CJK font
TEXT_FILTER = f"Text (encoded):UTF8,LF,{FONT},zh-CN,"


def soffice_convert(
    src: Path | list[Path], fmt: str, outdir: Path, infilter: str | None = None
) -> Path:
    """Convert one file (or several in one LibreOffice start, which costs most of the
    time) to `fmt`; the path of the (first) result."""
    sources = src if isinstance(src, list) else [src]
    options = [f"--infilter={infilter}"] if infilter else []
    with tempfile.TemporaryDirectory(prefix="plankg-fixture-lo-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             *options, "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
            check=True, capture_output=True, timeout=600,
            env={**os.environ, "HOME": profile},
        )  # fmt: skip
    return outdir / (sources[0].stem + "." + fmt.split(":")[0])


def image_pdf(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """Every page of `pdf` as an image (pdftoppm), wrapped into a PDF with no text layer."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="plankg-fixture-img-") as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"],
                       check=True, timeout=300)  # fmt: skip
        files = sorted(Path(tmp).glob("p*.png"))
        images = [Image.open(f).convert("L") for f in files]
        images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
        for image in images:
            image.close()
    return out


def cms_page(
    text: str,
    title: str,
    attachment: str | None,
    body: bool = True,
    title_above: bool = False,
    known_container: bool = True,
) -> bytes:
    """A government CMS article page; the plan in its content container (or, body=False,
    only a notice there and the plan in the attachment). With title_above the plan's
    title is only in the page's <h1> above the container, as many CMSs lay it out;
    without a known container, the plan's paragraphs and its title as an <h2> stand in a
    container of a name no CMS list holds."""
    parts = []
    if body:
        for block in blocks(text):
            if title_above and isinstance(block, str) and block.strip(" \u3000") == title:
                title_above = False
                continue
            if isinstance(block, _Table):
                rows = "".join(
                    "<tr>"
                    + "".join(f"<td>{html.escape(c).replace(chr(10), '<br>')}</td>" for c in row)
                    + "</tr>"
                    for row in block.rows
                )
                parts.append(f'<table border="1" cellspacing="0">{rows}</table>')
            elif block.strip() and not known_container and block.strip(" \u3000") == title:
                parts.append(f'<h2 style="text-align:center">{html.escape(title)}</h2>')
            elif block.strip():
                line = html.escape(block.strip(" \t\u3000\xa0"))
                parts.append(f'<p style="text-indent:2em">&nbsp;&nbsp;\u3000\u3000{line}</p>')
            else:
                parts.append("<p>&nbsp;</p>")
    else:
        parts.append(f"<p>\u3000\u3000现将《{html.escape(title)}》印发给你们，请认真贯彻落实。</p>"
                     "<p>\u3000\u3000本方案全文见附件，请各有关单位结合实际抓好落实，确保各项目标任务按期完成。</p>")  # fmt: skip
    link = (
        f'<div class="xgfj"><span>相关附件：</span><a href="{attachment}">{html.escape(title)}.docx</a></div>'
        if attachment
        else ""
    )
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{html.escape(title)}_政府信息公开_人民政府门户网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.TRS_Editor p {{ line-height: 2em; }}</style></head>
<body><div class="header"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | 无障碍 | 长者模式</div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/wj/">政府文件</a></div>
<table class="xxgk-meta"><tr><td>索引号：</td><td>11130682MB0123456X/2022-00123</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>市人民政府办公室</td><td>成文日期：</td><td>2022年04月22日</td></tr>
<tr><td>标题：</td><td colspan="3">{html.escape(title)}</td></tr><tr><td>发文字号：</td><td>无</td><td>发布日期：</td><td>2022年04月25日</td></tr></table>
<div class="article"><h1 class="title">{html.escape(title)}</h1>
<div class="info">发布时间：2022-04-25 10:00 来源：市政府办公室 字号：[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ] <a href="javascript:window.print()">打印本页</a></div>
<div {'id="zoom"><div class="TRS_Editor"' if known_container else 'class="wz"><div'}>
{"".join(parts)}
</div></div>
{link}
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div></div>
<div class="footer">主办：市人民政府办公室 &nbsp; 网站标识码：1306820001 &nbsp; 冀ICP备00000000号</div>
</body></html>"""
    return page.encode("gb18030", errors="xmlcharrefreplace")


def plan_title(text: str) -> str:
    for line in re.split(r"\r\n|\r|\n", text):
        if "十四五" in line and "方案" in line and len(line.strip()) < 60:
            return line.strip(" \t\u3000")
    return "节能减排综合工作方案"


@dataclass
class Fixture:
    name: str
    txt: Path
    docx: Path
    html: Path
    notice_html: Path
    doc: Path | None = None
    pdf: Path | None = None
    scanned: Path | None = None


def build(name: str, outdir: Path, office: bool = True, scanned: bool = False) -> Fixture:
    """All formats of one bundled plan, in `outdir` (built once: existing files kept)."""
    outdir.mkdir(parents=True, exist_ok=True)
    txt = PLANS / f"{name}.txt"
    text, _ = decode(txt.read_bytes(), str(txt))
    title = plan_title(text)
    docx_path = outdir / f"{name}.docx"
    if not docx_path.exists():
        write_docx(text, docx_path, header=title)
    fixture = Fixture(name, txt, docx_path, outdir / f"{name}.html", outdir / f"{name}-notice.html")
    if not fixture.html.exists():
        fixture.html.write_bytes(cms_page(text, title, f"{name}.docx"))
        fixture.notice_html.write_bytes(cms_page(text, title, f"{name}.docx", body=False))
    if office and shutil.which("soffice"):
        fixture.doc = outdir / f"{name}.doc"
        fixture.pdf = outdir / f"{name}.pdf"
        if not fixture.doc.exists():
            soffice_convert(docx_path, "doc", outdir)
        if not fixture.pdf.exists():
            soffice_convert(docx_path, "pdf", outdir)
        if scanned and shutil.which("pdftoppm"):
            fixture.scanned = outdir / f"{name}-scanned.pdf"
            if not fixture.scanned.exists():
                image_pdf(fixture.pdf, fixture.scanned)
    return fixture


def build_all(
    names: list[str], outdir: Path, office: bool, scanned: list[str]
) -> dict[str, Fixture]:
    """`build` for several plans, with one LibreOffice run per target format."""
    outdir.mkdir(parents=True, exist_ok=True)
    docs = {name: build(name, outdir, office=False) for name in names}
    if office and shutil.which("soffice"):
        for fmt in ("doc", "pdf"):
            todo = [fx.docx for fx in docs.values() if not (outdir / f"{fx.name}.{fmt}").exists()]
            if todo:
                soffice_convert(todo, fmt, outdir)
    return {name: build(name, outdir, office=office, scanned=name in scanned) for name in names}


def facts(plan: Any) -> dict[str, list[tuple[Any, ...]]]:
    """What a plan says, provenance aside: measures, responsibilities (agency, role,
    lead basis), targets."""
    measures = sorted(
        (m.section_number, m.number, m.title, m.kind, m.primary_topic) for m in plan.measures
    )
    resp = []
    for m in plan.measures:
        groups = [(None, m.responsibilities)] + [(i.number, i.responsibilities) for i in m.items]
        for item, mentions in groups:
            for r in mentions:
                resp.append((m.section_number, m.number, item, r.position, r.full_name,
                             r.agency_type, r.role, r.basis))  # fmt: skip
    targets = sorted(
        (t.indicator, str(t.value), t.unit, t.scope, t.pollutant or "", t.qualifier,
         t.base_year or 0, t.target_year or 0, t.subject or "", str(t.measure))
        for t in plan.targets
    )  # fmt: skip
    return {
        "plan": [(plan.title, plan.jurisdiction.code, plan.status, plan.document_number or "")],
        "measures": measures,
        "responsibilities": sorted(resp),
        "targets": targets,
    }


def recovered(
    found: dict[str, list[tuple[Any, ...]]], expected: dict[str, list[tuple[Any, ...]]]
) -> float:
    """The share of the expected facts (measures, responsibilities, targets) found."""
    from collections import Counter

    total = hit = 0
    for key in ("measures", "responsibilities", "targets"):
        want, got = Counter(expected[key]), Counter(found[key])
        total += sum(want.values())
        hit += sum((want & got).values())
    return hit / total if total else 1.0


def image_only_pdf(path: Path) -> Path:
    """A one-page PDF holding only an image: a scan without a text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 500, 140), fill=0)
    image.save(path, "PDF", resolution=72.0)
    return path


def cjk_font(size: int) -> Any:
    """The fixtures' CJK font (FONT) at `size` pixels, for drawing page images with Pillow;
    the test skips where it is not installed (fails in CI)."""
    from PIL import ImageFont

    found = (
        shutil.which("fc-match")
        and subprocess.run(
            ["fc-match", "-f", "%{file}", FONT], capture_output=True, text=True, check=False
        ).stdout
    )
    if not found or "CJK" not in found:
        if IN_CI:
            pytest.fail(f"the font {FONT} is not installed in CI")
        pytest.skip(f"the font {FONT} is not installed")
    return ImageFont.truetype(found, size)


def scan_of(images: list[Any], out: Path, dpi: int = 200) -> Path:
    """Page images (Pillow, grey) as an image-only PDF at `dpi`: a scan."""
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out


NAMES = sorted(p.stem for p in PLANS.glob("*.txt"))
OCR_PLANS = NAMES if os.environ.get("PLANKG_TEST_OCR_ALL") else ["dingzhou-130682"]
HAS_OFFICE = shutil.which("soffice") is not None
HAS_OCR = shutil.which("tesseract") is not None and shutil.which("pdftoppm") is not None
# In CI (.ci/run installs them) a missing program fails the tests instead of skipping them.
IN_CI = os.environ.get("CI") == "true"
needs_office = pytest.mark.skipif(
    not HAS_OFFICE and not IN_CI, reason="LibreOffice (soffice) not installed"
)
needs_ocr = pytest.mark.skipif(
    not HAS_OCR and not IN_CI, reason="tesseract / pdftoppm not installed"
)
