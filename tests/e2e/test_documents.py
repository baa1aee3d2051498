"""Plans as governments publish them, end to end: a folder of published formats through
`plankg ingest --jobs`, bad files failing in one line each, plans read from URLs, and the
served evidence page showing where in a PDF a fact is."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ingest.documents.sniff import DOC, DOCX, HTML, PDF, TEXT
from tests.support.cli import Run
from tests.support.document_fixtures import (
    Fixture,
    facts,
    image_only_pdf,
    needs_office,
)
from tests.support.rdf import solutions

BASE = "https://w3id.org/plankg/"


# ------------------------------------------------------------- end to end


@needs_office
def test_a_folder_of_published_formats_ingests_with_jobs_and_resumes(
    fixtures: dict[str, Fixture], plankg: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    fx = fixtures
    shutil.copy(fx["dingzhou-130682"].pdf or "", folder / "dingzhou.pdf")
    shutil.copy(fx["haining-330481-draft"].docx, folder / "haining.docx")
    shutil.copy(fx["tianshui-620500"].html, folder / "tianshui.htm")
    shutil.copy(fx["dazhou-511700-draft"].doc or "", folder / "dazhou")  # no extension at all
    shutil.copy(fx["zhumadian-411700-draft"].txt, folder / "zhumadian.txt")
    (folder / "notes.json").write_text('{"a": 1}')
    store = tmp_path / "store"
    proc = plankg("ingest", str(folder), "--store", str(store), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert "5 of 5 plans ingested" in proc.stdout
    db = ox.Store.read_only(str(store))
    rows = {
        r["file"].value: r["media"].value
        for r in solutions(
            db.query(
                """PREFIX pk: <https://w3id.org/plankg/ontology#>
            SELECT ?file ?media WHERE { GRAPH ?g { ?p a pk:Plan ; pk:sourceFile ?file ;
            pk:mediaType ?media } }"""
            )
        )
    }
    del db
    assert {Path(f).name: m for f, m in rows.items()} == {
        "dingzhou.pdf": PDF, "haining.docx": DOCX, "tianshui.htm": HTML, "dazhou": DOC,
        "zhumadian.txt": TEXT,
    }  # fmt: skip
    again = plankg("ingest", str(folder), "--store", str(store), "--jobs", "2")
    assert again.returncode == 0 and "(5 unchanged, skipped)" in again.stdout, again.stdout


# ----------------------------------------------------------------- bad files


def _encrypted_pdf(tmp: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("定州市“十四五”节能减排综合实施方案")
    document.save(str(tmp / "secret.docx"))
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    from tests.support.document_fixtures import soffice_convert

    return soffice_convert(tmp / "secret.docx", options, tmp)


def _cid_pdf(tmp: Path) -> Path:
    """A PDF whose text layer reads `(cid:N)`, as one whose fonts lack a Unicode map does."""
    import docx

    document = docx.Document()
    for _ in range(8):
        document.add_paragraph("(cid:1245)(cid:3321)(cid:87)(cid:902)(cid:17)(cid:4410)" * 3)
    document.save(str(tmp / "cid.docx"))
    from tests.support.document_fixtures import soffice_convert

    return soffice_convert(tmp / "cid.docx", "pdf", tmp)


def _no_article_page() -> bytes:
    nav = "".join(f'<li><a href="/n{i}.html">栏目{i}</a></li>' for i in range(30))
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head><body>'
        f'<div class="nav"><ul>{nav}</ul></div><div class="footer">版权所有</div></body></html>'
    ).encode()


@needs_office
def test_bad_files_fail_in_one_line_each_and_the_good_one_goes_in(
    fixtures: dict[str, Fixture], plankg: Run, tmp_path: Path
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    fx = fixtures["dingzhou-130682"]
    assert fx.pdf is not None and fx.doc is not None
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(_encrypted_pdf(work), folder / "encrypted.pdf")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    docx_bytes = fx.docx.read_bytes()
    (folder / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    (folder / "nav-only.html").write_bytes(_no_article_page())
    shutil.copy(fx.doc, folder / "plan.doc")
    image_only_pdf(folder / "scan.pdf")
    shutil.copy(_cid_pdf(work), folder / "cid.pdf")
    shutil.copy(fixtures["haining-330481-draft"].docx, folder / "good.docx")
    reasons = {
        "encrypted.pdf": "encrypted PDF: it cannot be read without its password",
        "corrupt.pdf": "not a readable PDF",
        "truncated.docx": "not a readable Word file: the .docx container is truncated",
        "nav-only.html": "no article in the HTML page",
        "plan.doc": "needs LibreOffice (`soffice`), which is not installed "
        "(Debian package libreoffice-writer-nogui)",
        "scan.pdf": "reading this PDF (it has no text layer (a scan)) needs poppler's pdftoppm "
        "(`pdftoppm`), which is not installed (Debian package poppler-utils)",
        "cid.pdf": "reading this PDF (its text layer is `(cid:N)` glyph codes with no Unicode "
        "map) needs poppler's pdftoppm",
    }
    bare = tmp_path / "bin"  # a PATH with neither LibreOffice nor poppler nor Tesseract
    bare.mkdir()
    store = tmp_path / "store"
    proc = plankg("ingest", str(folder), "--store", str(store), "--jobs", "2",
                  env={"PATH": str(bare)})  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    for name, reason in reasons.items():
        lines = [ln for ln in proc.stderr.splitlines() if name in ln]
        assert len(lines) == 1, proc.stderr
        assert reason in lines[0], lines[0]
    assert f"1 of {len(reasons) + 1} plans ingested" in proc.stdout


# ----------------------------------------------------------------------- URLs


@pytest.fixture(scope="module")
def site(fixtures: dict[str, Fixture], fixture_dir: Path) -> Iterator[str]:
    """A local web server shaped like a government site: /zwgk/ holds the fixture pages
    and their attachments; /missing.html answers 404; /slow.html answers too late."""
    import threading
    import time
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(fixture_dir), **kwargs)

        def translate_path(self, path: str) -> str:
            return super().translate_path(path.removeprefix("/zwgk"))

        def do_GET(self) -> None:
            if self.path == "/slow.html":
                time.sleep(4)  # past the client's time limit: it has gone, nothing to send
                self.close_connection = True
                return
            super().do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_ingest_url_article_and_attachment(
    site: str, plankg: Run, tmp_path: Path,
    expected: dict[str, dict[str, list[tuple[object, ...]]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    article = site + "zwgk/tianshui-620500.html"
    notice = site + "zwgk/haining-330481-draft-notice.html"
    env = {"PLANKG_SERVICE_ALLOW_LIST": f'["{site}"]', "PLANKG_FETCH_TIMEOUT": "1.5"}
    store = tmp_path / "store"
    proc = plankg("ingest", article, notice, site + "missing.html", site + "slow.html",
                  "--store", str(store), env=env)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "2 of 4 plans ingested" in proc.stdout, proc.stdout + proc.stderr
    (missing,) = [ln for ln in proc.stderr.splitlines() if "missing.html" in ln]
    assert "HTTP 404" in missing
    (slow,) = [ln for ln in proc.stderr.splitlines() if "slow.html" in ln]
    assert "timed out after 1.5 s" in slow
    db = ox.Store.read_only(str(store))
    sources = {
        r["src"].value: r["at"].value
        for r in solutions(
            db.query(
                """PREFIX pk: <https://w3id.org/plankg/ontology#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?src ?at WHERE { GRAPH ?g { ?p a pk:Plan ; dcterms:source ?src ;
            pk:retrieved ?at } }"""
            )
        )
    }
    del db
    # the notice page holds no plan: its attachment on the same site was ingested
    assert set(sources) == {article, site + "zwgk/haining-330481-draft.docx"}
    assert all(at.endswith("Z") and at.startswith("20") for at in sources.values())
    from ingest.pipeline import _read_url

    monkeypatch.setenv("PLANKG_SERVICE_ALLOW_LIST", f'["{site}"]')
    assert facts(_read_url(article, BASE)) == expected["tianshui-620500"]
    assert facts(_read_url(notice, BASE)) == expected["haining-330481-draft"]


def test_ingest_url_caps_the_size(site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from ingest.errors import PlanError
    from ingest.pipeline import _read_url

    monkeypatch.setenv("PLANKG_SERVICE_ALLOW_LIST", f'["{site}"]')
    monkeypatch.setenv("PLANKG_FETCH_MAX_BYTES", "10000")
    with pytest.raises(PlanError, match="larger than the 10000-byte limit"):
        _read_url(site + "zwgk/tianshui-620500.html", BASE)


def test_ingest_url_refuses_loopback_unless_allowed_and_other_schemes(
    site: str, plankg: Run, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    url = site + "zwgk/tianshui-620500.html"
    proc = plankg("ingest", url, "ftp://127.0.0.1/plan.pdf", "--store", str(store),
                  env={"PLANKG_SERVICE_ALLOW_LIST": "[]"})  # fmt: skip
    assert proc.returncode == 1
    (refused,) = [ln for ln in proc.stderr.splitlines() if url in ln]
    assert "refused to fetch from 127.0.0.1" in refused and "PLANKG_SERVICE_ALLOW_LIST" in refused
    (ftp,) = [ln for ln in proc.stderr.splitlines() if "ftp://" in ln]
    assert "only http and https" in ftp
    assert "0 of 2 plans ingested" in proc.stdout


@needs_office
def test_served_evidence_page_shows_the_pdf_page(
    fixtures: dict[str, Fixture], plankg: Run, tmp_path: Path
) -> None:
    import urllib.request

    from tests.support.servers import running_server

    fx = fixtures["zhumadian-411700-draft"]
    assert fx.pdf is not None
    store = tmp_path / "store"
    plankg("ingest", str(fx.pdf), "--store", str(store), check=True)
    with running_server(store) as url:
        request = urllib.request.Request(
            url + "/id/plan/411700-draft/target/1?lang=en", headers={"Accept": "text/html"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            page = response.read().decode("utf-8")
    assert "<blockquote>" in page
    where = page.split('class="where">', 1)[1].split("</p>", 1)[0]
    assert "page 1 of the original document" in where
