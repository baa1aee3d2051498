"""Linked open data over HTTP and the CLI: the federated `city-population` query (against
a local Wikidata-shaped server reached through PLANKG_SERVICE_MIRRORS), the
`reduction-cube` Data Cube, and the VoID linksets. Division codes are checked in
tests/ingest/test_divisions.py, the SERVICE rewrite in tests/plankg/test_mirrors.py.

Nothing here reaches beyond 127.0.0.1: the Wikidata endpoint named by the query is always
redirected to a local `oxigraph serve` holding tests/fixtures/wikidata.ttl."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.support.cli import Run, query_json
from tests.support.paths import ROOT
from tests.support.rdf import value
from tests.support.servers import oxigraph_exe, oxigraph_server, running_server

BASE = "https://w3id.org/plankg/"
PK = "https://w3id.org/plankg/ontology#"
WIKIDATA = "https://query.wikidata.org/sparql"
FIXTURE = ROOT / "tests" / "fixtures" / "wikidata.ttl"
POPULATIONS = {  # tests/fixtures/wikidata.ttl; 411700 has two values, the larger reported
    "130682": ("Q9000001", 1095986),
    "330481": ("Q9000002", 1076199),
    "411700": ("Q9000003", 7230180),
    "511700": ("Q9000004", 5385422),
    "620500": ("Q9000005", 2984659),
}
QB = "http://purl.org/linked-data/cube#"
SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"
SDMX_ATTR = "http://purl.org/linked-data/sdmx/2009/attribute#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VOID = "http://rdfs.org/ns/void#"


# --------------------------------------------------------------------------- city-population


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local SPARQL server holding the Wikidata-shaped fixture; its query URL."""
    location = tmp_path_factory.mktemp("wikidata") / "store"
    loaded = subprocess.run(
        [oxigraph_exe(), "load", "--location", str(location), "--file", str(FIXTURE)],
        capture_output=True,
        text=True,
    )
    assert loaded.returncode == 0, loaded.stderr
    with oxigraph_server(location, union_default_graph=False) as endpoint:
        yield endpoint


def _env(endpoint: str) -> dict[str, str]:
    prefix = endpoint.rsplit("/", 1)[0] + "/"
    return {
        "PLANKG_SERVICE_ALLOW_LIST": json.dumps([prefix]),
        "PLANKG_SERVICE_MIRRORS": json.dumps({WIKIDATA: endpoint}),
    }


@pytest.fixture(scope="module")
def stores(bundled_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of the bundled store, made before any server starts: a served store
    is locked against the read-write open another `plankg serve` starts with."""
    copies = []
    for name in ("federated", "default"):
        copy = tmp_path_factory.mktemp(f"lod-{name}") / "store"
        shutil.copytree(bundled_store, copy)
        copies.append(copy)
    return copies[0], copies[1]


@pytest.fixture(scope="module")
def federated(stores: tuple[Path, Path], wikidata: str) -> Iterator[str]:
    with running_server(stores[0], env=_env(wikidata)) as url:
        yield url


@pytest.fixture(scope="module")
def default_server(stores: tuple[Path, Path]) -> Iterator[str]:
    with running_server(stores[1]) as url:
        yield url


def get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _check_populations(rows: list[dict[str, str]], codes: list[str]) -> None:
    assert [r["cityCode"] for r in rows] == codes
    for row in rows:
        item, population = POPULATIONS[row["cityCode"]]
        assert row["city"] == f"{BASE}id/division/{row['cityCode']}"
        assert row["wikidataItem"] == "http://www.wikidata.org/entity/" + item
        assert int(row["population"]) == population
        assert row["cityName"]


def test_city_population_over_http(federated: str) -> None:
    status, body = get(federated + "/queries/city-population")
    assert status == 200, body
    _check_populations(json.loads(body), sorted(POPULATIONS))
    status, body = get(federated + "/queries/city-population?city=620500")
    assert status == 200, body
    _check_populations(json.loads(body), ["620500"])


def test_city_population_over_http_on_a_remote_store(
    bundled_store: Path, wikidata: str, tmp_path: Path
) -> None:
    """`plankg serve --endpoint`: the SPARQL server behind the service makes the SERVICE
    call, to the mirror the service rewrote the query to."""
    store = tmp_path / "store"
    shutil.copytree(bundled_store, store)
    with running_server(store, env=_env(wikidata), backend="remote") as url:
        status, body = get(url + "/queries/city-population")
    assert status == 200, body
    _check_populations(json.loads(body), sorted(POPULATIONS))


def test_city_population_is_refused_without_the_allow_list(default_server: str) -> None:
    status, body = get(default_server + "/queries/city-population")
    assert status == 403
    assert "PLANKG_SERVICE_ALLOW_LIST" in json.loads(body)["detail"]


def test_city_population_from_the_command_line(
    plankg: Run, bundled_store: Path, wikidata: str
) -> None:
    proc = plankg(
        "query",
        "city-population",
        "--store",
        str(bundled_store),
        "--format",
        "json",
        env={"PLANKG_SERVICE_MIRRORS": json.dumps({WIKIDATA: wikidata})},
        check=True,
    )
    rows = [
        {k: v["value"] for k, v in row.items()}
        for row in json.loads(proc.stdout)["results"]["bindings"]
    ]
    _check_populations(rows, sorted(POPULATIONS))


def test_lod_queries_are_listed(default_server: str) -> None:
    status, body = get(default_server + "/queries")
    assert status == 200
    names = {q["name"] for q in json.loads(body)}
    assert {"city-population", "reduction-cube"} <= names
    status, body = get(default_server + "/openapi.json")
    paths = json.loads(body)["paths"]
    assert "/queries/city-population" in paths and "/queries/reduction-cube" in paths


# --------------------------------------------------------------------------- reduction-cube


@pytest.fixture(scope="module")
def cube(plankg: Run, bundled_store: Path) -> set[ox.Triple]:
    proc = plankg(
        "query", "reduction-cube", "--store", str(bundled_store), "--format", "ttl", check=True
    )
    return set(ox.parse(proc.stdout.encode("utf-8"), format=ox.RdfFormat.TURTLE))


def _objects(triples: set[ox.Triple], s: object, p: str) -> list[ox.NamedNode | ox.Literal]:
    found = [t.object for t in triples if t.subject == s and t.predicate.value == p]
    terms = [o for o in found if isinstance(o, ox.NamedNode | ox.Literal)]
    assert terms == found, found
    return terms


def _typed(triples: set[ox.Triple], cls: str) -> list[object]:
    return [t.subject for t in triples if t.predicate.value == RDF_TYPE and value(t.object) == cls]


def test_cube_is_well_formed(cube: set[ox.Triple]) -> None:
    datasets = _typed(cube, QB + "DataSet")
    observations = _typed(cube, QB + "Observation")
    assert len(datasets) == 1 and observations
    (dataset,) = datasets
    assert isinstance(dataset, ox.NamedNode) and dataset.value.startswith(BASE + "id/cube/")
    # IC-1: every observation in exactly one data set
    for obs in observations:
        assert _objects(cube, obs, QB + "dataSet") == [dataset], obs
    # IC-2: exactly one structure, a DSD
    structures = _objects(cube, dataset, QB + "structure")
    assert len(structures) == 1
    dsd = structures[0]
    assert ox.NamedNode(QB + "DataStructureDefinition") in _objects(cube, dsd, RDF_TYPE)
    specs = _objects(cube, dsd, QB + "component")
    dimensions = [d for s in specs for d in _objects(cube, s, QB + "dimension")]
    measures = [m for s in specs for m in _objects(cube, s, QB + "measure")]
    attributes = [a for s in specs for a in _objects(cube, s, QB + "attribute")]
    assert {d.value for d in dimensions} == {SDMX_DIM + "refArea", PK + "pollutant"}
    assert [m.value for m in measures] == [SDMX_MEASURE + "obsValue"]
    assert [a.value for a in attributes] == [SDMX_ATTR + "unitMeasure"]
    # IC-3/IC-4: a measure; every dimension has a range
    for dim in dimensions:
        assert ox.NamedNode(QB + "DimensionProperty") in _objects(cube, dim, RDF_TYPE)
        assert _objects(cube, dim, "http://www.w3.org/2000/01/rdf-schema#range")
    keys = []
    for obs in observations:
        assert isinstance(obs, ox.NamedNode) and obs.value.startswith(dataset.value + "/")
        # IC-11: every dimension has exactly one value; IC-14: the measure too
        key = tuple(_objects(cube, obs, d.value) for d in dimensions)
        assert all(len(v) == 1 for v in key), obs
        keys.append(tuple(v[0] for v in key))
        assert len(_objects(cube, obs, SDMX_MEASURE + "obsValue")) == 1
        assert [u.value for u in _objects(cube, obs, SDMX_ATTR + "unitMeasure")] == [
            "http://qudt.org/vocab/unit/TONNE"
        ]
    # IC-12: no two observations with the same dimension values
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_cube_matches_emission_reductions(
    cube: set[ox.Triple], plankg: Run, bundled_store: Path
) -> None:
    expected: dict[tuple[str, str], Decimal] = {}
    for row in query_json(plankg, bundled_store, "emission-reductions"):
        for column, code in (("COD", "COD"), ("NH3N", "NH3-N"), ("NOx", "NOx"), ("VOCs", "VOCs")):
            if column in row:
                expected[(row["city"], code)] = Decimal(row[column])
    got: dict[tuple[str, str], Decimal] = {}
    for obs in _typed(cube, QB + "Observation"):
        (city,) = _objects(cube, obs, SDMX_DIM + "refArea")
        (pollutant,) = _objects(cube, obs, PK + "pollutant")
        (value,) = _objects(cube, obs, SDMX_MEASURE + "obsValue")
        code = pollutant.value.rsplit("/", 1)[1]
        assert isinstance(obs, ox.NamedNode) and obs.value.endswith(
            f"/{city.value.rsplit('/', 1)[1]}/{code}"
        )
        got[(city.value, code)] = Decimal(value.value)
    assert expected and got == expected


def test_cube_for_one_city(plankg: Run, bundled_store: Path) -> None:
    proc = plankg(
        "query",
        "reduction-cube",
        "--param",
        "city=411700",
        "--store",
        str(bundled_store),
        "--format",
        "nt",
        check=True,
    )
    triples = set(ox.parse(proc.stdout.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    areas = {t.object.value for t in triples if t.predicate.value == SDMX_DIM + "refArea"}
    assert areas == {BASE + "id/division/411700"}


def test_cube_over_http(default_server: str, cube: set[ox.Triple]) -> None:
    status, body = get(default_server + "/queries/reduction-cube", "text/turtle")
    assert status == 200
    assert set(ox.parse(body, format=ox.RdfFormat.TURTLE)) == cube
    status, body = get(default_server + "/queries/reduction-cube", "application/ld+json")
    assert status == 200 and json.loads(body)


# --------------------------------------------------------------------------- VoID linksets


def test_void_linksets(default_server: str, bundled_store: Path, plankg: Run) -> None:
    status, body = get(default_server + "/dataset", "application/n-triples")
    assert status == 200
    description = set(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    dataset = ox.NamedNode(BASE + "dataset")
    linksets = {
        t.subject
        for t in description
        if t.predicate.value == RDF_TYPE and t.object.value == VOID + "Linkset"
    }
    assert len(linksets) == 4
    by_predicate: dict[str, int] = {}
    for linkset in linksets:
        targets = _objects(description, linkset, VOID + "target")
        assert dataset in targets and len(targets) == 2
        assert _objects(description, linkset, VOID + "subjectsTarget") == [dataset]
        (objects_target,) = _objects(description, linkset, VOID + "objectsTarget")
        assert objects_target in targets
        assert _objects(description, objects_target, VOID + "uriSpace")
        (count,) = _objects(description, linkset, VOID + "triples")
        predicates = _objects(description, linkset, VOID + "linkPredicate")
        key = predicates[0].value if predicates else "join-key"
        if not predicates:
            assert _objects(description, objects_target, VOID + "sparqlEndpoint") == [
                ox.NamedNode(WIKIDATA)
            ]
            (text,) = _objects(description, linkset, "http://purl.org/dc/terms/description")
            assert "P442" in text.value
        by_predicate[key] = int(count.value)

    # the counts, recomputed from the dump
    dump = bundled_store.parent / "lod-dump.nq"
    plankg("export", "--store", str(bundled_store), "-o", str(dump), check=True)
    union = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(dump.read_bytes(), format=ox.RdfFormat.N_QUADS)
        if not value(q.graph_name).startswith("urn:plankg:")
    }

    def links(predicate: str) -> int:
        return sum(
            1
            for t in union
            if t.predicate.value == predicate
            and isinstance(t.object, ox.NamedNode)
            and t.object.value.startswith("http://qudt.org/vocab/unit/")
        )

    skos = "http://www.w3.org/2004/02/skos/core#"
    assert by_predicate[skos + "exactMatch"] == links(skos + "exactMatch") > 0
    assert by_predicate[PK + "unit"] == links(PK + "unit") > 0
    assert by_predicate[PK + "defaultUnit"] == links(PK + "defaultUnit") > 0
    divisions = {t.subject for t in union if t.predicate.value == PK + "wikidataDivisionCode"}
    assert by_predicate["join-key"] == len(divisions) > 5
