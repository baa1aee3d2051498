"""The HTTP service, run as `plankg serve` on a free port, driven by real clients."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from tests.support.http import get

PREFIX = "PREFIX pk: <https://w3id.org/plankg/ontology#>\n"


def post(url: str, body: bytes, ctype: str, accept: str | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": ctype}
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_health_and_readiness(server: str) -> None:
    assert get(server + "/healthz")[0] == 200
    assert get(server + "/readyz")[0] == 200


def test_readiness_says_when_the_search_index_is_built(server: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        status, _, body = get(server + "/readyz")
        search = json.loads(body)["search"]
        if search["ready"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == 200 and search["ready"], search
    assert search["plans"] == 5 and search["documents"] > 5 * 10


def test_sparqlwrapper_select_ask_construct(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(PREFIX + "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pk:Plan }")
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert isinstance(result, dict)
    assert result["results"]["bindings"][0]["n"]["value"] == "5"

    client.setQuery(PREFIX + "ASK { ?m pk:primaryTopic ?t }")
    answer = client.query().convert()
    assert isinstance(answer, dict) and answer["boolean"] is True

    client.setQuery(PREFIX + "CONSTRUCT { ?a a pk:Agency } WHERE { ?a a pk:Agency } LIMIT 10")
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    assert isinstance(data, bytes | str), type(data)
    graph = Graph().parse(data=data, format="turtle")
    assert len(graph) == 10


def test_post_forms_and_negotiation(server: str) -> None:
    query = PREFIX + "SELECT ?p WHERE { ?p a pk:Plan } ORDER BY ?p"
    status, body = post(server + "/sparql", query.encode(), "application/sparql-query", "text/csv")
    assert status == 200 and body.decode().splitlines()[0] == "p"
    form = urllib.parse.urlencode({"query": query}).encode()
    status, body = post(
        server + "/sparql",
        form,
        "application/x-www-form-urlencoded",
        "application/sparql-results+xml",
    )
    assert status == 200 and b"<sparql" in body
    status, ctype, body = get(
        server + "/sparql?" + urllib.parse.urlencode({"query": query}), "text/tab-separated-values"
    )
    assert status == 200 and ctype.startswith("text/tab-separated-values")


@pytest.mark.parametrize(
    ("method", "payload", "status"),
    [
        ("get", "query=SELEC%20*", 400),
        ("get", "", 400),
        ("get", "update=DROP%20ALL", 403),
        ("post-update", "DROP ALL", 403),
        ("post-query", "INSERT DATA { <a:b> <a:c> <a:d> }", 400),
    ],
)
def test_protocol_errors_and_read_only(server: str, method: str, payload: str, status: int) -> None:
    if method == "get":
        got = get(server + "/sparql?" + payload)[0]
    elif method == "post-update":
        got = post(server + "/sparql", payload.encode(), "application/sparql-update")[0]
    else:
        got = post(server + "/sparql", payload.encode(), "application/sparql-query")[0]
    assert got == status


def test_error_bodies_leak_no_trace(server: str) -> None:
    status, _, body = get(server + "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B")
    assert status == 400
    assert b"Traceback" not in body and b'File "' not in body


def test_named_queries_listing_and_rows(server: str) -> None:
    _, _, body = get(server + "/queries")
    listing = {q["name"]: q for q in json.loads(body)}
    assert {"lead-agencies", "responsibilities", "targets"} <= set(listing)
    assert listing["lead-agencies"]["params"][0]["name"] == "topic"

    status, ctype, body = get(server + "/queries/lead-agencies?topic=VOCs", "application/json")
    assert status == 200 and ctype.startswith("application/json")
    rows = json.loads(body)
    assert {r["cityCode"] for r in rows} == {"130682", "330481", "411700", "511700", "620500"}

    status, _, body = get(server + "/queries/targets?city=411700", "text/csv")
    assert status == 200 and body.decode().startswith("city,cityCode,cityName,indicator")
    assert get(server + "/queries/targets?city=41170x")[0] == 400
    assert get(server + "/queries/no-such-query")[0] == 404


def test_openapi_lists_routes(server: str) -> None:
    status, _, body = get(server + "/openapi.json")
    assert status == 200
    paths = json.loads(body)["paths"]
    assert {"/sparql", "/queries", "/queries/{name}", "/healthz", "/readyz"} <= set(paths)
