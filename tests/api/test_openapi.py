"""The OpenAPI description documents every named query as its own operation, and a
client built from it (path, parameters, defaults, patterns, columns) gets what it says."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from plankg.policy import reach
from plankg.queries import NamedQuery, catalogue
from plankg.sparql_lexer import query_form
from tests.support.http import get
from tests.support.servers import running_server

QUERIES = catalogue()
BAD_VALUE = "not valid!"  # a space and "!": no parameter pattern allows them
# Column names fixed by the contract (CONTRACT.md section 3).
CONTRACT_COLUMNS = {
    "lead-agencies": "city cityCode cityName measure measureTitle item agency agencyName "
    "agencyType basis",
    "responsibilities": "city cityCode measure measureTitle item agency agencyName "
    "agencyType role basis",
    "targets": "city cityCode cityName indicator indicatorCode pollutantCode value unitCode "
    "baseYear targetYear qualifier scope subject sourceText",
}


@pytest.fixture(scope="module")
def server(bundled_store: Path, backend: str) -> Iterator[str]:
    with running_server(bundled_store, backend=backend) as url:
        yield url


@pytest.fixture(scope="module")
def spec(server: str) -> dict[str, Any]:
    status, ctype, body = get(server + "/openapi.json")
    assert status == 200 and ctype.startswith("application/json")
    doc: dict[str, Any] = json.loads(body)
    return doc


def operation(spec: dict[str, Any], name: str) -> dict[str, Any]:
    op: dict[str, Any] = spec["paths"][f"/queries/{name}"]["get"]
    return op


def documented_columns(op: dict[str, Any]) -> list[str]:
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
    return list(schema["items"]["properties"])


def call(server: str, name: str, params: dict[str, str], accept: str) -> tuple[int, bytes]:
    query = urllib.parse.urlencode(params)
    status, _, body = get(
        f"{server}/queries/{name}" + (f"?{query}" if query else ""), accept, timeout=60
    )
    return status, body


def defaults(op: dict[str, Any]) -> dict[str, str]:
    return {
        p["name"]: p["schema"]["default"]
        for p in op.get("parameters", [])
        if "default" in p["schema"]
    }


@pytest.mark.parametrize("query", QUERIES.values(), ids=list(QUERIES))
def test_every_named_query_is_an_operation(spec: dict[str, Any], query: NamedQuery) -> None:
    op = operation(spec, query.name)
    assert op["operationId"] == "query_" + query.name.replace("-", "_")
    assert op["summary"] == query.summary
    assert query.description.strip().split("\n")[0] in op["description"]
    documented = {p["name"]: p for p in op.get("parameters", [])}
    # its own parameters, and the page of a long answer
    assert set(documented) == {p.name for p in query.params} | {"limit", "offset"}
    assert documented["offset"]["schema"] == {"type": "integer", "minimum": 0, "default": 0}
    for param in query.params:
        doc = documented[param.name]
        assert doc["in"] == "query" and doc["required"] is False
        assert doc["description"] == param.description
        assert doc["schema"].get("default") == param.default
        if param.pattern:
            # As given, or anchored when it was not (the service checks a full match).
            assert doc["schema"]["pattern"] in (param.pattern, f"^(?:{param.pattern})$")
        # An enumeration (the header's list or a vocabulary's notations) is an enum.
        known = param.known_values()
        assert doc["schema"].get("enum") == (list(known) if known else None)
    media = set(op["responses"]["200"]["content"])
    if is_graph(query):
        assert media == {
            "text/turtle",
            "application/n-triples",
            "application/ld+json",
            "application/rdf+xml",
        }
    else:
        assert media == {
            "application/json",
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        }
    assert ("403" in op["responses"]) == needs_service(query)
    for status in ("400", "406", "503"):
        ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        problem = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(problem["properties"]) == {"status", "detail"}
    if query.name in CONTRACT_COLUMNS:
        assert documented_columns(op) == CONTRACT_COLUMNS[query.name].split()


def test_operation_ids_unique_and_generic_route_kept(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert "/queries/{name}" in spec["paths"] and "/queries" in spec["paths"]


def is_graph(query: NamedQuery) -> bool:
    return query_form(query.text) in ("CONSTRUCT", "DESCRIBE")


def needs_service(query: NamedQuery) -> bool:
    """It calls another SPARQL service: refused on a server without an allow-list
    (answered over a local stand-in of Wikidata in tests/api/test_lod.py)."""
    return bool(reach(query.text).services)


@pytest.mark.parametrize("name", list(QUERIES))
def test_documented_calls_answer(server: str, spec: dict[str, Any], name: str) -> None:
    op = operation(spec, name)
    given = defaults(op)
    if needs_service(QUERIES[name]):
        status, body = call(server, name, given, "application/json")
        assert status == 403 and b"allow-list" in body, body
        return
    if is_graph(QUERIES[name]):
        for media in op["responses"]["200"]["content"]:
            status, body = call(server, name, given, media)
            assert status == 200 and body.strip(), (media, body)
        status, body = call(server, name, given, "text/turtle")
        assert len(Graph().parse(data=body.decode("utf-8"), format="turtle")) > 0
        return
    columns = documented_columns(op)
    for params in ({}, given):
        status, body = call(server, name, params, "application/json")
        assert status == 200, body
        rows = json.loads(body)
        assert isinstance(rows, list) and rows, f"{name}{params}: no rows"
        for row in rows:
            assert set(row) <= set(columns)
            assert all(isinstance(v, str) for v in row.values())
    # The documented columns are exactly the columns the service answers with.
    status, body = call(server, name, given, "text/csv")
    assert status == 200
    assert next(csv.reader(io.StringIO(body.decode("utf-8")))) == columns
    for accept in (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/tab-separated-values",
    ):
        assert call(server, name, given, accept)[0] == 200


@pytest.mark.parametrize("name", list(QUERIES))
def test_bad_values_and_unknown_keys_are_400(server: str, spec: dict[str, Any], name: str) -> None:
    op = operation(spec, name)
    for param in op.get("parameters", []):
        for known in param["schema"].get("enum", [])[:1]:
            # a value matching the pattern but none of the values: 400, naming them all
            status, body = call(server, name, {param["name"]: known + "x"}, "application/json")
            assert status == 400, (name, param["name"])
            detail = json.loads(body)["detail"]
            assert "\n" not in detail and all(v in detail for v in param["schema"]["enum"])
        pattern = param["schema"].get("pattern")
        if pattern is None:
            continue
        assert not re.search(pattern, BAD_VALUE)
        status, body = call(server, name, {param["name"]: BAD_VALUE}, "application/json")
        assert status == 400
        problem = json.loads(body)
        assert problem["status"] == 400 and param["name"] in problem["detail"]
    status, body = call(server, name, {"no-such-key": "x"}, "application/json")
    assert status == 400
    assert "no-such-key" in json.loads(body)["detail"]
    status, _ = call(server, name, {}, "image/png")
    # A query calling another service is refused before the format is looked at.
    assert status == (403 if needs_service(QUERIES[name]) else 406)


def test_docs_page_and_unknown_query(server: str) -> None:
    status, ctype, _ = get(server + "/docs")
    assert status == 200 and ctype.startswith("text/html")
    assert get(server + "/queries/no-such-query")[0] == 404


def test_document_is_valid_openapi(spec: dict[str, Any]) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(spec)
