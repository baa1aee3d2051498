"""The read-only SPARQL 1.1 Graph Store Protocol: GET /store?graph=IRI answers
one plan's named graph, GET /store?default the default graph, in every RDF format the
service speaks, chosen by Accept, cached with an ETag; 404 for a graph not stored, 400
without graph or default, 405 for writes. On the embedded store and on a remote server."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.support.servers import running_server

PLAN = "https://w3id.org/plankg/id/plan/130682"
PK = "https://w3id.org/plankg/ontology#"


@pytest.fixture(scope="module")
def server(bundled_store: Path, backend: str) -> Iterator[str]:
    with running_server(bundled_store, backend=backend) as url:
        yield url


def fetch(
    url: str, accept: str | None = None, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(
        url, headers={**({"Accept": accept} if accept else {}), **(headers or {})}, method=method
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def graph_url(server: str, graph: str) -> str:
    return server + "/store?" + urllib.parse.urlencode({"graph": graph})


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        (None, "text/turtle", ox.RdfFormat.TURTLE),
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_one_plans_graph_in_each_format(
    server: str, accept: str | None, media: str, fmt: ox.RdfFormat
) -> None:
    status, headers, body = fetch(graph_url(server, PLAN), accept)
    assert status == 200, body[:300]
    assert headers["content-type"].split(";")[0] == media
    quads = list(ox.parse(body, format=fmt))
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    assert PLAN in subjects
    # one plan's graph: nothing of the other plans
    assert not any("/id/plan/411700" in s for s in subjects)
    assert any(q.object == ox.NamedNode(PK + "Plan") for q in quads)
    if fmt == ox.RdfFormat.N_QUADS:
        assert {q.graph_name for q in quads} == {ox.NamedNode(PLAN)}
    assert "plankg-truncated" not in headers  # a plan's graph comes whole


def test_same_graph_as_a_graph_query(server: str) -> None:
    _, _, body = fetch(graph_url(server, PLAN), "application/n-triples")
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{PLAN}> {{ ?s ?p ?o }} }}"
    _, _, answer = fetch(
        server + "/sparql?" + urllib.parse.urlencode({"query": query}),
        "application/sparql-results+json",
    )
    count = int(json.loads(answer)["results"]["bindings"][0]["n"]["value"])
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == count


def test_cached_with_an_etag(server: str) -> None:
    url = graph_url(server, PLAN)
    fetch(url, "text/turtle")
    status, headers, _ = fetch(url, "text/turtle")
    assert status == 200 and headers.get("plankg-cache") == "hit"
    etag = headers["etag"]
    status, _, body = fetch(url, "text/turtle", headers={"If-None-Match": etag})
    assert status == 304 and body == b""


def test_default_graph(server: str) -> None:
    status, headers, body = fetch(server + "/store?default", "application/n-triples")
    assert status == 200
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert ox.NamedNode(PLAN) in {t.subject for t in triples} or headers.get("plankg-truncated")
    assert 0 < len(triples) <= 10_000


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("graph=", 400),
        ("graph=not%20an%20iri", 400),
        ("graph=" + urllib.parse.quote(PLAN) + "&default", 400),
        ("graph=" + urllib.parse.quote("https://w3id.org/plankg/id/plan/999999"), 404),
    ],
)
def test_refusals(server: str, query: str, status: int) -> None:
    got, headers, body = fetch(server + "/store?" + query, "text/turtle")
    assert got == status
    assert headers["content-type"].startswith("application/problem+json")
    assert json.loads(body)["status"] == status


def test_unacceptable_format_is_406(server: str) -> None:
    assert fetch(graph_url(server, PLAN), "image/png")[0] == 406


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_are_405(server: str, method: str) -> None:
    status, headers, body = fetch(graph_url(server, PLAN), "text/turtle", method=method)
    assert status == 405 and "GET" in headers["allow"]
    assert "read-only" in json.loads(body)["detail"]


def test_described_in_openapi(server: str) -> None:
    _, _, body = fetch(server + "/openapi.json")
    operation = json.loads(body)["paths"]["/store"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"graph", "default"} <= names
    assert "text/turtle" in json.dumps(operation["responses"]["200"])
