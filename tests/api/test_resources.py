"""Linked data over HTTP: /id/ dereferencing, /context.jsonld and the collection routes,
against `plankg serve` with PLANKG_BASE_IRI pointed at the service itself."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld
from rdflib import Graph

from plankg import index_files
from tests.support.cli import Run
from tests.support.http import get
from tests.support.paths import PLANS
from tests.support.rdf import BASE
from tests.support.servers import running_server, until_indexed

RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    """`plankg serve` on an empty store, its base IRI the service's own URL, so every
    instance IRI it mints dereferences under it."""
    store = tmp_path_factory.mktemp("linked") / "store"
    with running_server(store, own_base_iri=True, backend=backend) as url:
        yield url


def get_json(url: str, accept: str = "application/ld+json") -> Any:
    status, ctype, body = get(url, accept)
    assert status == 200, body
    assert ctype.startswith(accept)
    return json.loads(body)


def loader_for(server: str) -> Any:
    """A pyld document loader that only fetches from the test server."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        assert url.startswith(server), url
        status, _, body = get(url, "application/ld+json")
        assert status == 200
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(body)}

    return load


def jsonld_graph(doc: Any, server: str) -> Graph:
    nquads = jsonld.to_rdf(
        doc, {"format": "application/n-quads", "documentLoader": loader_for(server)}
    )
    return Graph().parse(data=nquads, format="nt")


def vocs_measure(server: str) -> str:
    rows = get_json(server + "/queries/lead-agencies?topic=VOCs", accept="application/json")
    assert rows
    measure: str = rows[0]["measure"]
    assert measure.startswith(server + "/id/")
    return measure


def items(doc: dict[str, Any]) -> list[dict[str, Any]]:
    assert doc["@context"].endswith("/context.jsonld")
    graph: list[dict[str, Any]] = doc["@graph"]
    return graph


def test_context_is_valid_jsonld(server: str) -> None:
    status, ctype, body = get(server + "/context.jsonld")
    assert status == 200 and ctype.startswith("application/ld+json")
    context = json.loads(body)
    doc = {
        **context,
        "@id": "http://example.org/x",
        "title": "标题",
        "value": "17.5",
        "agency": "http://example.org/a",
        "prefLabel": {"en": "lead", "zh": "牵头"},
    }
    expanded = jsonld.expand(doc)
    node = expanded[0]
    pk = "https://w3id.org/plankg/ontology#"
    assert node["http://purl.org/dc/terms/title"] == [{"@value": "标题", "@language": "zh"}]
    assert node[pk + "value"] == [
        {"@value": "17.5", "@type": "http://www.w3.org/2001/XMLSchema#decimal"}
    ]
    assert node[pk + "agency"] == [{"@id": "http://example.org/a"}]
    assert len(node["http://www.w3.org/2004/02/skos/core#prefLabel"]) == 2


def test_measure_dereferences_and_jsonld_matches_turtle(server: str) -> None:
    measure = vocs_measure(server)
    status, ctype, body = get(measure, "application/ld+json")
    assert status == 200 and ctype.startswith("application/ld+json")
    doc = json.loads(body)
    assert doc["@context"] == server + "/context.jsonld"
    main = doc["@graph"][0]
    assert main["@id"] == measure and main["@type"] == "pk:Measure"
    assert main["primaryTopic"] == server + "/id/topic/VOCs"
    # the responsibilities that point at the measure come along
    resps = [n for n in doc["@graph"] if n.get("forMeasure") == measure]
    assert any(n.get("role") == server + "/id/role/lead" for n in resps)

    status, ctype, ttl = get(measure, "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle")
    turtle = Graph().parse(data=ttl.decode("utf-8"), format="turtle")
    from_jsonld = jsonld_graph(doc, server)
    assert len(turtle) > 20
    assert set(from_jsonld) == set(turtle)

    # no Accept and */* both give JSON-LD
    for accept in (None, "*/*"):
        status, ctype, _ = get(measure, accept)
        assert status == 200 and ctype.startswith("application/ld+json")


def test_plan_shows_its_targets(server: str) -> None:
    doc = get_json(server + "/id/plan/130682")
    plan = server + "/id/plan/130682"
    assert doc["@graph"][0]["@id"] == plan
    targets = [n for n in doc["@graph"] if n.get("@type") == "pk:Target"]
    assert targets and all(t["inPlan"] == plan for t in targets)


def test_html_page(server: str) -> None:
    measure = vocs_measure(server)
    status, ctype, body = get(measure, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and ctype.startswith("text/html")
    page = body.decode("utf-8")
    doc = get_json(measure)
    main = doc["@graph"][0]
    span = next(n for n in doc["@graph"] if n["@id"] == main["wasDerivedFrom"])
    assert main["title"] in page
    assert "<blockquote>" in page
    assert span["quote"][:40] in page
    assert 'href="/id/' in page  # links stay inside the service
    assert "Traceback" not in page

    # a source sentence with a '<' in it (驻马店: PUE <1.3) is escaped
    status, _, body = get(server + "/id/plan/411700-draft/span/9086-9114", "text/html")
    assert status == 200
    page = body.decode("utf-8")
    assert "&lt;1.3" in page and "<1.3" not in page


def test_unknown_resource_is_404(server: str) -> None:
    for path in ("/id/plan/999999", "/id/no%20such%3Cthing%3E"):
        status, ctype, body = get(server + path, "text/html")  # a browser: the app's page
        assert status == 404 and ctype.startswith("text/html") and b'role="alert"' in body
        status, ctype, body = get(server + path, "application/ld+json")
        assert status == 404 and ctype.startswith("application/problem+json")
        problem = json.loads(body)
        assert problem["status"] == 404 and "Traceback" not in problem["detail"]
    status, _, _ = get(server + "/id/plan/130682", "image/png")
    assert status == 406


@pytest.mark.parametrize("route", ["cities", "plans", "agencies", "measures", "targets"])
def test_collection_paging(server: str, route: str) -> None:
    everything = items(get_json(f"{server}/{route}"))
    assert len(everything) >= 2
    for item in everything:
        assert item["@id"].startswith(server + "/id/")
    one = items(get_json(f"{server}/{route}?limit=1"))
    two = items(get_json(f"{server}/{route}?limit=2"))
    assert len(one) == 1 and len(two) == 2 and one[0] == two[0]
    second = items(get_json(f"{server}/{route}?limit=1&offset=1"))
    assert len(second) == 1 and second[0]["@id"] != one[0]["@id"]
    assert second[0] == two[1]
    assert [i["@id"] for i in everything[:2]] == [i["@id"] for i in two]
    # an item's IRI dereferences
    status, _, _ = get(one[0]["@id"], "text/turtle")
    assert status == 200


def test_collection_filters(server: str) -> None:
    drafts = items(get_json(server + "/plans?status=draft"))
    assert sorted(p["@id"].rsplit("/", 1)[1] for p in drafts) == [
        "330481-draft",
        "411700-draft",
        "511700-draft",
    ]
    assert all(p["status"] == "pk:Draft" for p in drafts)
    issued = items(get_json(server + "/plans?status=issued"))
    assert len(issued) == 2
    dingzhou = items(get_json(server + "/plans?city=130682"))
    assert [p["@id"] for p in dingzhou] == [server + "/id/plan/130682"]

    targets = items(get_json(server + "/targets?city=130682&indicator=energy-intensity-reduction"))
    assert [t["value"] for t in targets] == ["17.5"]

    cities = items(get_json(server + "/cities?province=410000"))
    assert [c["divisionCode"] for c in cities] == ["411700"]

    agencies = items(get_json(server + "/agencies?city=411700&type=ecology-environment"))
    assert [a["label"] for a in agencies] == ["驻马店市生态环境局"]

    measures = items(get_json(server + "/measures?city=620500&topic=VOCs"))
    assert measures and all(m["inPlan"] == server + "/id/plan/620500" for m in measures)
    assert items(get_json(server + "/measures?topic=no-such-topic")) == []


@pytest.mark.parametrize(
    "query",
    [
        "/plans?status=bogus",
        "/plans?limit=0",
        "/plans?limit=1001",
        "/plans?offset=-1",
        "/plans?limit=abc",
        "/targets?city=13068",
        "/targets?city=130682%22%20.%20%7D",
        "/measures?topic=%3Cx%3E",
        "/agencies?colour=red",
    ],
)
def test_collection_bad_params(server: str, query: str) -> None:
    status, ctype, body = get(server + query)
    assert 400 <= status < 500
    assert ctype.startswith("application/problem+json")
    text = body.decode("utf-8")
    json.loads(text)
    assert "Traceback" not in text


def _restore_described(store: Path, plan: str, extra: str, version: str | None) -> None:
    """Rewrite the index files: the stored description of `plan` with the N-Triples line
    `extra` added, and (`version`) another describe version named in the index."""
    files = index_files.current(store)
    data = (files.directory / index_files.PARTS).read_bytes()
    plans, parts = {}, b""
    for graph, (offset, length, sha) in files.plans.items():
        part = data[offset : offset + length]
        if graph == plan:
            described = index_files.described_of(part)
            text = zlib.decompress(described).decode("utf-8") + extra + "\n"
            part = part[: len(part) - len(described)] + zlib.compress(text.encode("utf-8"))
        plans[graph] = (len(parts), len(part), sha)
        parts += part
    (files.directory / index_files.PARTS).write_bytes(parts)
    index = json.loads((files.directory / index_files.INDEX).read_text(encoding="utf-8"))
    index["plans"] = plans
    if version is not None:
        index["described"] = version
    (files.directory / index_files.INDEX).write_text(json.dumps(index), encoding="utf-8")


def test_plan_description_as_ingest_stored_it(tmp_path: Path, plankg: Run) -> None:
    """A plan's /id/ answer is the description ingest stored with the index files, while
    they name this plankg's describe version; files of another are not read (the store
    is): a line added to one plan's stored description shows in the first server only."""
    store = tmp_path / "store"
    plankg("ingest", str(PLANS), "--store", str(store), check=True)
    plan = f"{BASE}id/plan/130682"
    marker = "stored at ingest"
    _restore_described(store, plan, f'<{plan}> <{RDFS}comment> "{marker}" .', None)
    pages = ("/id/plan/130682", "/id/plan/620500")
    served = {}
    with running_server(store) as url:
        until_indexed(url)
        for page in pages:
            for accept in ("text/turtle", "application/ld+json", "text/html"):
                status, _, body = get(url + page, accept)
                assert status == 200, (page, accept)
                served[page, accept] = body
                assert (marker.encode() in body) == (page == pages[0]), (page, accept)
    _restore_described(store, plan, "", "another describe")
    with running_server(store) as url:
        until_indexed(url)
        for page in pages:
            for accept in ("text/turtle", "application/ld+json"):
                status, _, body = get(url + page, accept)
                assert status == 200 and marker.encode() not in body, (page, accept)
                if page != pages[0] and accept == "text/turtle":  # JSON-LD names the port
                    assert body == served[page, accept]  # stored or not, the same answer
