"""The HTTP service, run as `plankg serve` on a free port, driven by real clients."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from tests.support.http import get
from tests.support.servers import running_server

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
    # /readyz gives a worker 1 s to answer: on a loaded machine one try may see 503
    deadline = time.monotonic() + 30
    while (status := get(server + "/readyz")[0]) != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 200


def test_readiness_says_when_the_search_index_is_built(server: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        status, _, body = get(server + "/readyz")
        search = json.loads(body)["search"]
        # a loaded machine may see 503 while a worker takes over 1 s to answer: try again
        if (status == 200 and search["ready"]) or time.monotonic() > deadline:
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


PAGE_ROWS = 40


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    """The bundled plans again, served with a row cap of PAGE_ROWS."""
    store = tmp_path_factory.mktemp("paged") / "store"
    with running_server(store, {"PLANKG_MAX_ROWS": str(PAGE_ROWS)}, backend=backend) as url:
        yield url


def _next(link: str | None) -> str | None:
    """The rel="next" target of a Link header."""
    for part in (link or "").split(","):
        target, _, rel = part.partition(";")
        if rel.strip() == 'rel="next"':
            return target.strip()[1:-1]
    return None


@pytest.mark.parametrize("name", ["responsibilities", "targets"])
def test_a_long_answer_comes_whole_in_pages(server: str, paged: str, name: str) -> None:
    """Past the row cap a named query's answer is cut, says so, and names its next page:
    the pages, followed to the last, hold exactly the answer a server with a larger cap
    gives whole, in its order."""
    status, _, body = get(f"{server}/queries/{name}", "application/json")
    assert status == 200
    whole = json.loads(body)
    assert len(whole) > 2 * PAGE_ROWS  # three pages at least
    rows: list[dict[str, str]] = []
    path: str | None = f"/queries/{name}"
    pages = 0
    while path is not None:
        req = urllib.request.Request(paged + path, headers={"Accept": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as reply:
            page = json.loads(reply.read())
            link = reply.headers.get("Link")
            cut = reply.headers.get("Plankg-Truncated")
        assert 0 < len(page) <= PAGE_ROWS
        path = _next(link)
        # every page but the last is full and says it was cut; every one after the first
        # links back
        assert (cut == "true") == (path is not None) == (len(rows) + len(page) < len(whole))
        assert ('rel="prev"' in (link or "")) == (pages > 0)
        rows += page
        pages += 1
    assert rows == whole
    assert pages == -(-len(whole) // PAGE_ROWS)


def test_a_page_is_asked_by_numbers_within_the_cap(paged: str) -> None:
    status, _, body = get(f"{paged}/queries/plans?limit=2&offset=1", "application/json")
    assert status == 200
    everything = json.loads(get(f"{paged}/queries/plans", "application/json")[2])
    assert json.loads(body) == everything[1:3]
    for bad in ("limit=0", f"limit={PAGE_ROWS + 1}", "limit=x", "offset=-1", "offset=1.5"):
        status, _, body = get(f"{paged}/queries/plans?{bad}", "application/json")
        assert status == 400, bad
        assert bad.split("=")[0] in json.loads(body)["detail"]


def test_a_long_graph_comes_whole_in_pages(server: str, paged: str) -> None:
    """A named CONSTRUCT past the row cap: its pages, followed to the last, hold every
    triple of the whole graph once."""
    status, _, body = get(f"{server}/queries/reduction-cube", "application/n-triples")
    assert status == 200
    whole = body.decode().splitlines()
    assert len(whole) > 2 * PAGE_ROWS
    triples: list[str] = []
    path: str | None = "/queries/reduction-cube"
    while path is not None:
        req = urllib.request.Request(paged + path, headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(req, timeout=60) as reply:
            page = reply.read().decode().splitlines()
            path = _next(reply.headers.get("Link"))
        assert 0 < len(page) <= PAGE_ROWS
        triples += page
    assert sorted(triples) == sorted(whole) and len(set(triples)) == len(triples)
