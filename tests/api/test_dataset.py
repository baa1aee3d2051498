"""The dataset description (VoID + DCAT at /dataset) and the whole-graph dumps
(/dumps/plankg.nq|ttl|jsonld), against `plankg serve` on the five bundled plans."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld

from plankg.statistics import DATASET_FIGURES
from tests.support.cli import Run
from tests.support.servers import running_server

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
BASE = "https://w3id.org/plankg/"
DATASET = ox.NamedNode(BASE + "dataset")
PLANS = {
    BASE + "id/plan/" + code
    for code in ("130682", "330481-draft", "411700-draft", "511700-draft", "620500")
}


@dataclass(frozen=True)
class Server:
    url: str
    tmp: Path  # the server's TMPDIR, where dumps are written before they are sent


@pytest.fixture(scope="module")
def server(
    bundled_store: Path, tmp_path_factory: pytest.TempPathFactory, backend: str
) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("dump-tmp")
    with running_server(bundled_store, env={"TMPDIR": str(tmp)}, backend=backend) as url:
        yield Server(url, tmp)


def get(
    url: str, accept: str | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(
        url, headers={**({"Accept": accept} if accept else {}), **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def n(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def one(triples: set[ox.Triple], s: ox.NamedNode, p: str) -> ox.NamedNode | ox.Literal:
    found = [t.object for t in triples if t.subject == s and t.predicate.value == p]
    assert len(found) == 1, (s, p, found)
    obj = found[0]
    assert isinstance(obj, ox.NamedNode | ox.Literal)
    return obj


def objects(triples: set[ox.Triple], s: ox.NamedNode, p: str) -> set[ox.NamedNode]:
    return {
        t.object
        for t in triples
        if t.subject == s and t.predicate.value == p and isinstance(t.object, ox.NamedNode)
    }


@pytest.fixture(scope="module")
def description(server: Server) -> set[ox.Triple]:
    status, headers, body = get(server.url + "/dataset")
    assert status == 200, body
    assert headers["content-type"].startswith("text/turtle")
    return set(ox.parse(body, format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def nquads(server: Server) -> list[ox.Quad]:
    status, headers, body = get(server.url + "/dumps/plankg.nq")
    assert status == 200
    assert headers["content-type"].startswith("application/n-quads")
    assert headers["content-disposition"] == 'attachment; filename="plankg.nq"'
    return list(ox.parse(body, format=ox.RdfFormat.N_QUADS))


def canonical(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads with blank nodes relabelled canonically, so two dumps compare as sets."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


def test_description_is_a_void_and_dcat_dataset(description: set[ox.Triple]) -> None:
    types = objects(description, DATASET, str(RDF_TYPE.value))
    assert {ox.NamedNode(VOID + "Dataset"), ox.NamedNode(DCAT + "Dataset")} <= types
    titles = {
        t.object.language
        for t in description
        if t.subject == DATASET and t.predicate.value == DCT + "title"
        if isinstance(t.object, ox.Literal)
    }
    assert titles == {"zh", "en"}
    assert one(description, DATASET, VOID + "uriSpace") == ox.Literal(BASE + "id/")
    vocabularies = {v.value for v in objects(description, DATASET, VOID + "vocabulary")}
    assert {
        "https://w3id.org/plankg/ontology#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://purl.org/dc/terms/",
        "http://qudt.org/schema/qudt/",
    } <= vocabularies
    plan_class = [
        t.subject
        for t in description
        if t.predicate.value == VOID + "class"
        and t.object == ox.NamedNode("https://w3id.org/plankg/ontology#Plan")
    ]
    assert len(plan_class) == 1
    assert isinstance(plan_class[0], ox.NamedNode)
    assert one(description, plan_class[0], VOID + "entities") == n(5)


def test_counts_match_the_dumps(
    server: Server, description: set[ox.Triple], nquads: list[ox.Quad]
) -> None:
    """The dataset's triples are its graphs' (a triple in two graphs counts in each), and
    so are each property's; subjects count each resource once."""
    status, headers, body = get(server.url + "/dumps/plankg.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert "attachment" in headers["content-disposition"]
    union = set(ox.parse(body, format=ox.RdfFormat.TURTLE))
    assert one(description, DATASET, VOID + "triples") == n(len(nquads))
    assert one(description, DATASET, VOID + "distinctSubjects") == n(
        len({t.subject for t in union})
    )
    total = 0
    for part in objects(description, DATASET, VOID + "propertyPartition"):
        prop = one(description, part, VOID + "property")
        count = one(description, part, VOID + "triples")
        assert isinstance(count, ox.Literal)
        assert int(count.value) == sum(1 for q in nquads if q.predicate == prop), prop
        total += int(count.value)
    assert total == len(nquads)


def test_one_subset_per_graph_with_its_triple_count(
    description: set[ox.Triple], nquads: list[ox.Quad]
) -> None:
    per_graph: dict[str, int] = {}
    for q in nquads:
        assert isinstance(q.graph_name, ox.NamedNode), "every quad is in a named graph"
        per_graph[q.graph_name.value] = per_graph.get(q.graph_name.value, 0) + 1
    # the plans, the ontology, the vocabularies, and the dataset record (dcterms:modified)
    assert set(per_graph) == PLANS | {
        BASE + "graph/ontology",
        BASE + "graph/vocabularies",
        BASE + "graph/dataset",
    }
    subsets = {}
    for subset in objects(description, DATASET, VOID + "subset"):
        name = one(description, subset, SD + "name")
        assert ox.NamedNode(VOID + "Dataset") in objects(description, subset, str(RDF_TYPE.value))
        subsets[name.value] = subset
    assert set(subsets) == set(per_graph)
    for graph, count in per_graph.items():
        assert one(description, subsets[graph], VOID + "triples") == n(count), graph
    for plan in PLANS:
        title = one(description, subsets[plan], DCT + "title")
        assert isinstance(title, ox.Literal) and title.language == "zh"
        assert "节能减排" in title.value


def test_nquads_dump_is_the_store(plankg: Run, bundled_store: Path, nquads: list[ox.Quad]) -> None:
    exported = plankg("export", "--format", "nq", "--store", str(bundled_store), check=True)
    expected = list(ox.parse(exported.stdout.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert len(nquads) == len(expected)
    assert canonical(nquads) == canonical(expected)
    # Plans hold no blank nodes; only the ontology does (OWL lists).
    blank = {
        q.graph_name.value
        for q in nquads
        if isinstance(q.graph_name, ox.NamedNode)
        and (isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode))
    }
    assert blank <= {BASE + "graph/ontology"}


def test_jsonld_dump_keeps_every_quad(server: Server, nquads: list[ox.Quad]) -> None:
    status, headers, body = get(server.url + "/dumps/plankg.jsonld")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert headers["content-disposition"] == 'attachment; filename="plankg.jsonld"'
    text = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads"})
    quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert canonical(quads) == canonical(nquads)


def test_dumps_gzip_and_leave_no_files(server: Server, nquads: list[ox.Quad]) -> None:
    status, headers, body = get(
        server.url + "/dumps/plankg.nq", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("content-encoding") == "gzip"
    quads = list(ox.parse(gzip.decompress(body), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(nquads)
    assert list(server.tmp.iterdir()) == []
    assert get(server.url + "/dumps/plankg.rdf")[0] == 404


def test_described_urls_resolve(server: Server, description: set[ox.Triple]) -> None:
    endpoint = one(description, DATASET, VOID + "sparqlEndpoint")
    assert endpoint.value == server.url + "/sparql"
    services = [t.subject for t in description if t.predicate.value == DCAT + "endpointURL"]
    assert len(services) == 1 and isinstance(services[0], ox.NamedNode)
    assert one(description, services[0], DCAT + "endpointURL") == endpoint
    ask = endpoint.value + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert get(ask, "application/sparql-results+json")[0] == 200

    dumps = objects(description, DATASET, VOID + "dataDump")
    distributions = objects(description, DATASET, DCAT + "distribution")
    assert len(dumps) == len(distributions) == 3
    media = {}
    for dist in distributions:
        url = one(description, dist, DCAT + "downloadURL")
        assert url in dumps
        access = one(description, dist, DCAT + "accessURL")
        media[access.value] = one(description, dist, DCAT + "mediaType").value
        assert one(description, dist, DCT + "format").value.startswith(
            "http://www.w3.org/ns/formats/"
        )
        status, headers, body = get(url.value)
        assert status == 200, url
        if url != access:  # the gzip file ingest wrote: its size and digest described
            assert url.value == access.value + ".gz"
            assert headers["content-type"] == "application/gzip"
            assert one(description, dist, DCAT + "compressFormat").value.endswith(
                "/application/gzip"
            )
            assert one(description, dist, DCAT + "byteSize").value == str(len(body))
            checksum = one(description, dist, SPDX + "checksum")
            assert isinstance(checksum, ox.NamedNode)
            digest = one(description, checksum, SPDX + "checksumValue").value
            assert digest == hashlib.sha256(body).hexdigest()
    assert media == {
        server.url
        + "/dumps/plankg.nq": "https://www.iana.org/assignments/media-types/application/n-quads",
        server.url
        + "/dumps/plankg.ttl": "https://www.iana.org/assignments/media-types/text/turtle",
        server.url
        + "/dumps/plankg.jsonld": "https://www.iana.org/assignments/media-types/application/ld+json",
    }
    for access_url, registered in media.items():
        status, headers, _ = get(access_url)
        assert status == 200, access_url
        iana = registered.removeprefix("https://www.iana.org/assignments/media-types/")
        assert headers["content-type"].split(";")[0] == iana


def test_well_known_void_redirects(server: Server) -> None:
    parsed = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parsed.hostname or "", parsed.port, timeout=30)
    try:
        conn.request("GET", "/.well-known/void")
        response = conn.getresponse()
        assert response.status == 303
        assert response.getheader("Location") == server.url + "/dataset"
    finally:
        conn.close()


def test_description_formats(server: Server, description: set[ox.Triple]) -> None:
    status, headers, body = get(server.url + "/dataset", "application/n-triples")
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert set(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)) == description

    status, headers, body = get(server.url + "/dataset", "application/ld+json")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    doc = json.loads(body)
    assert doc["@context"][0] == server.url + "/context.jsonld"

    def load(url: str, options: object = None) -> dict[str, object]:
        assert url == server.url + "/context.jsonld", url
        _, _, ctx = get(url, "application/ld+json")
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(ctx)}

    text = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": load})
    assert set(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)) == description

    status, headers, body = get(
        server.url + "/dataset", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    )
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "十四五节能减排综合工作方案知识图谱" in page
    assert "/dumps/plankg.nq" in page and "定州市" in page

    status, headers, body = get(server.url + "/dataset", "image/png")
    assert status == 406
    assert json.loads(body)["status"] == 406


def test_dump_files_are_bound_by_no_time_limit(
    bundled_store: Path, tmp_path: Path, backend: str
) -> None:
    """The dumps ingest wrote are sent as files, whatever the query time limit; a dump
    written on request (a remote server) answers 503 past it."""
    store = tmp_path / "store"  # a copy: the module's server holds the bundled store's
    shutil.copytree(bundled_store, store)  # Oxigraph directory in remote mode
    # Without the figures ingest recorded, the description is counted live, a pass over
    # every quad: past 1 ms on any machine, where reading the recorded ones may not be.
    opened = ox.Store(str(store))
    for quad in list(opened.quads_for_pattern(None, ox.NamedNode(DATASET_FIGURES), None)):
        opened.remove(quad)
    opened.flush()
    del opened
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"PLANKG_QUERY_TIMEOUT": "0.001", "TMPDIR": str(tmp)}
    with running_server(store, env=env, backend=backend) as url:
        status, _, body = get(url + "/dumps/plankg.nq")
        if backend == "remote":
            assert status == 503, body
            assert "time limit" in json.loads(body)["detail"]
            assert get(url + "/dumps/plankg.nq.gz")[0] == 404
        else:
            assert status == 200
            assert len(list(ox.parse(body, format=ox.RdfFormat.N_QUADS))) > 1000
        assert get(url + "/dataset")[0] == 503
        # the same failure, one way: the app's error page to a browser (the page of the
        # description, an evidence page), problem+json to a program
        for path in ("/dataset", "/id/plan/130682"):
            status, headers, body = get(url + path, "text/html")
            assert status == 503 and headers["content-type"].startswith("text/html"), path
            assert b'role="alert"' in body and b"time limit" in body
        status, headers, _ = get(url + "/id/plan/130682", "application/ld+json")
        assert status == 503 and headers["content-type"].startswith("application/problem+json")
    assert list(tmp.iterdir()) == []


def test_dump_files_answer_etag_and_range(
    server: Server, backend: str, nquads: list[ox.Quad]
) -> None:
    if backend == "remote":
        pytest.skip("a remote server's dumps are written on request")
    status, headers, body = get(server.url + "/dumps/plankg.nq.gz")
    assert status == 200 and headers["content-type"] == "application/gzip"
    assert headers["content-disposition"] == 'attachment; filename="plankg.nq.gz"'
    etag = headers["etag"]
    assert etag == f'"{hashlib.sha256(body).hexdigest()}"'
    assert get(server.url + "/dumps/plankg.nq.gz", headers={"If-None-Match": etag})[0] == 304
    status, headers, part = get(
        server.url + "/dumps/plankg.nq.gz", headers={"Range": "bytes=10-99"}
    )
    assert status == 206 and part == body[10:100]
    assert headers["content-range"] == f"bytes 10-99/{len(body)}"
    # the same bytes as the content of /dumps/plankg.nq, encoded, or decoded as sent
    status, headers, encoded = get(
        server.url + "/dumps/plankg.nq", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and encoded == body and headers["content-encoding"] == "gzip"
    assert headers["etag"] == etag and "Accept-Encoding" in headers["vary"]
    # the Turtle dump, written from that file as it is sent
    status, headers, turtle = get(
        server.url + "/dumps/plankg.ttl", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["content-encoding"] == "gzip"
    union = set(ox.parse(gzip.decompress(turtle), format=ox.RdfFormat.TURTLE))
    assert len(union) == len({ox.Triple(q.subject, q.predicate, q.object) for q in nquads})
    status, headers, plain = get(
        server.url + "/dumps/plankg.nq", headers={"Accept-Encoding": "identity"}
    )
    assert status == 200 and "content-encoding" not in headers
    assert plain == gzip.decompress(body)
