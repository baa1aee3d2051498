"""SPARQL as large public endpoints serve it: the usual prefixes predeclared on
/sparql and in `plankg query FILE.rq` (a query's own PREFIX wins), said so on the editor
page; a syntax error is one readable line with its line and column, not the parser's dump.
Both on the embedded store and with `--endpoint` on a real Oxigraph server."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Run
from tests.support.servers import running_server


@pytest.fixture(scope="module")
def server(bundled_store: Path, backend: str) -> Iterator[str]:
    with running_server(bundled_store, backend=backend) as url:
        yield url


def sparql(
    server: str, query: str, accept: str = "application/sparql-results+json"
) -> tuple[int, dict[str, Any]]:
    url = server + "/sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_usual_prefixes_need_no_declaration(server: str) -> None:
    status, doc = sparql(server, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pk:Plan }")
    assert status == 200, doc
    assert doc["results"]["bindings"][0]["n"]["value"] == "5"
    query = (
        "ASK { ?p a pk:Plan ; dcterms:title ?t . pk:Plan rdfs:label ?l ; rdf:type owl:Class . "
        "?c skos:notation ?n . FILTER (datatype(?n) = xsd:string || true) "
        "OPTIONAL { ?x prov:wasDerivedFrom ?y } OPTIONAL { ?o a qb:Observation } }"
    )
    status, doc = sparql(server, query)
    assert status == 200 and doc["boolean"] is True, doc


def test_a_querys_own_prefix_wins(server: str) -> None:
    status, doc = sparql(server, "PREFIX pk: <http://example.org/other#> ASK { ?p a pk:Plan }")
    assert status == 200 and doc["boolean"] is False, doc


def test_syntax_error_is_one_line_with_its_position(server: str) -> None:
    status, doc = sparql(server, "SELECT ?p\nWHERE {\n  ?p a pk:Plan\n} LIMIT x\n")
    assert status == 400
    detail = doc["detail"]
    assert "\n" not in detail and len(detail) < 300, detail
    assert "line 4, column 9" in detail and "'x'" in detail, detail
    assert "..=" not in detail and "\\u{" not in detail, detail


def test_undeclared_prefix_is_named(server: str, backend: str) -> None:
    status, doc = sparql(server, "SELECT * WHERE {\n  ?s foo:bar ?o }")
    assert status == 400
    detail = doc["detail"]
    assert "line 2, column" in detail and "\n" not in detail, detail
    if backend == "embedded":
        assert detail.endswith("undeclared prefix foo:"), detail


def test_editor_page_lists_the_predeclared_prefixes(server: str) -> None:
    req = urllib.request.Request(server + "/sparql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(req, timeout=60) as r:
        page = r.read().decode()
    for name, iri in (
        ("pk:", "https://w3id.org/plankg/ontology#"),
        ("dcterms:", "http://purl.org/dc/terms/"),
        ("qb:", "http://purl.org/linked-data/cube#"),
        ("owl:", "http://www.w3.org/2002/07/owl#"),
    ):
        assert f"<code>{name}</code>" in page and iri in page
    assert "predeclared" in page or "预先声明" in page


def test_cli_query_file_uses_predeclared_prefixes(
    plankg: Run, bundled_store: Path, tmp_path: Path
) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?p) AS ?n) WHERE { ?p a pk:Plan ; dcterms:title ?t }\n")
    proc = plankg("query", str(rq), "--store", str(bundled_store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"]["bindings"][0]["n"]["value"] == "5"


def test_cli_syntax_error_is_one_line(plankg: Run, bundled_store: Path, tmp_path: Path) -> None:
    rq = tmp_path / "broken.rq"
    rq.write_text("SELECT ?p\nWHERE {\n  ?p a nope:Plan }\n")
    proc = plankg("query", str(rq), "--store", str(bundled_store))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "line 3, column" in lines[0] and "undeclared prefix nope:" in lines[0], lines
