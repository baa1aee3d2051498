"""Citations without leaks: the `plans` query's `sourceFile` is the file's name
only, never a path of the machine that ingested it, and `source` is the original
document's URL when known (a metadata file beside the plan), else empty. No page, CSV or
dump shows the path."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import Run, plankg_exe, query_json
from tests.support.paths import PLANS, ROOT
from tests.support.servers import running_server

URL = "https://www.dingzhou.gov.cn/zwgk/plan-2022.html"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    """Two plans ingested from a deep folder, one with a metadata file naming its URL."""
    folder = tmp_path_factory.mktemp("machine") / "srv" / "private-folder" / "plans"
    folder.mkdir(parents=True)
    for name in ("dingzhou-130682.txt", "tianshui-620500.txt"):
        shutil.copy(PLANS / name, folder / name)
    (folder / "dingzhou-130682.meta.yaml").write_text(f"source: {URL}\n", encoding="utf-8")
    store = folder.parent / "store"
    plankg("ingest", str(folder), "--store", str(store), check=True)
    return store


def test_plans_query_names_the_file_and_its_source(plankg: Run, store: Path) -> None:
    rows = {r["cityCode"]: r for r in query_json(plankg, store, "plans")}
    assert rows["130682"]["sourceFile"] == "dingzhou-130682.txt"
    assert rows["130682"]["source"] == URL
    assert rows["620500"]["sourceFile"] == "tianshui-620500.txt"
    assert rows["620500"]["source"] == ""
    csv = plankg("query", "plans", "--store", str(store), "--format", "csv", check=True).stdout
    header = csv.splitlines()[0].split(",")
    assert header[header.index("sourceFile") + 1] == "source"
    assert "private-folder" not in csv


def test_no_path_of_the_machine_in_the_data(store: Path) -> None:
    dump = subprocess.run(
        [*plankg_exe(), "export", "--format", "nq", "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    assert "dingzhou-130682.txt" in dump
    assert "private-folder" not in dump and str(ROOT) not in dump


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    with running_server(store) as url:
        yield url


def read(url: str, accept: str = "text/html") -> str:
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=60) as r:
        return str(r.read().decode("utf-8"))


def test_pages_and_downloads_show_the_name_only(server: str) -> None:
    page = read(server + "/city/130682")
    assert "dingzhou-130682.txt" in page and "private-folder" not in page
    assert f'href="{URL}"' in page  # the original document, cited
    csv = read(server + "/city/130682?format=csv&table=plans", "text/csv")
    assert "dingzhou-130682.txt" in csv and "private-folder" not in csv
    rows = json.loads(read(server + "/queries/plans", "application/json"))
    assert {r["sourceFile"] for r in rows} == {"dingzhou-130682.txt", "tianshui-620500.txt"}
    assert "private-folder" not in json.dumps(rows, ensure_ascii=False)


def test_evidence_page_shows_the_name_only(server: str) -> None:
    query = "SELECT ?s WHERE { ?s a pk:SourceSpan ; pk:quote ?q } LIMIT 1"
    found = read(
        server + "/sparql?" + urllib.parse.urlencode({"query": query}),
        "application/sparql-results+json",
    )
    span = json.loads(found)["results"]["bindings"][0]["s"]["value"]
    page = read(server + "/" + span.split("/plankg/", 1)[1])
    assert "dingzhou-130682.txt" in page and "private-folder" not in page


def test_pages_cite_the_original_document(server: str) -> None:
    """The plan's citation, on its division's page and on an evidence page, links the
    original document and gives its URL in the text to copy; a plan whose URL is not known
    says so and names its file."""
    for path in ("/city/130682", "/id/plan/130682/measure/3-9/resp/1"):
        page = read(server + path)
        citation = page.split('<section class="citation">', 1)[1].split("</section>", 1)[0]
        assert f'<a href="{URL}">' in citation
        cite = citation.split('<pre class="cite-text">', 1)[1].split("</pre>", 1)[0]
        assert URL in cite and "https://w3id.org/plankg/id/plan/130682" in cite
    other = read(server + "/city/620500?lang=en")
    citation = other.split('<section class="citation">', 1)[1].split("</section>", 1)[0]
    assert "not known" in citation and "tianshui-620500.txt" in citation
    assert "private-folder" not in other
