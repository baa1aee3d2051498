"""Per-city scoping (api.scoping) in process: an /id/ description and a filtered
collection read from the resource's or the city's graphs only hold exactly what the
unscoped query over every graph gives; the graphs a city's answers read do not change
when plans of other cities are added; and the pieces of admission and the shape limits
that need no server (who the client is; what counts towards a limit)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from api import collection_items
from api.admission import client_of, networks
from api.collection_items import (
    AGENCIES,
    MEASURES,
    PLANS,
    TARGETS,
    Collection,
    items,
    within,
)
from api.collection_items import CITIES as DIVISIONS
from api.engine import Job, execute
from api.query_limits import measure
from api.routes_queries import plan_graphs_by_code
from api.scoping import city_dataset, city_graphs
from api.web.digest import Overview
from api.web.evidence import plan_graph_of, read
from plankg.dataset import reference_graphs
from plankg.describe import DESCRIBE, describe
from plankg.plan_index import Digest, plan_docs, plan_versions
from plankg.queries import NamedQuery, bind, catalogue
from plankg.sparql_lexer import query_form
from plankg.store import EmbeddedStore
from tests.support.cli import Run
from tests.support.paths import PLANS as PLAN_FILES
from tests.support.paths import ROOT
from tests.support.stores import read_only

BASE = "https://w3id.org/plankg/"
CITIES = ("130682", "330481", "411700", "511700", "620500")


@pytest.fixture(scope="module")
def store(bundled_open: EmbeddedStore) -> EmbeddedStore:
    return bundled_open


def _subjects(store: EmbeddedStore) -> list[str]:
    """Every kind of /id/ resource: all plans, divisions and agencies, and the first few
    of each other kind (measures, sections, responsibilities, targets, source spans)."""
    result = store.query(
        f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER (STRSTARTS(STR(?s), '{BASE}id/')) }}"
    )
    assert isinstance(result, ox.QuerySolutions)
    found = sorted(str(row["s"].value) for row in result if row["s"] is not None)
    kinds: dict[str, list[str]] = {}
    for iri in found:
        rest = iri[len(BASE) + 3 :].split("/")
        kind = rest[0] if rest[0] != "plan" or len(rest) < 3 else f"plan/{rest[2]}"
        kinds.setdefault(kind, []).append(iri)
    sample: list[str] = []
    for kind, iris in kinds.items():
        sample += (
            iris if kind in ("plan", "division", "agency") else iris[:: max(1, len(iris) // 6)]
        )
    return sample


def test_a_scoped_description_is_the_unscoped_one(store: EmbeddedStore) -> None:
    sample = _subjects(store)
    assert len(sample) > 50
    for iri in sample:
        scoped = describe(store, iri, BASE)
        whole = describe(store, iri)
        assert whole is not None and scoped is not None, iri
        assert scoped.triples == whole.triples, iri
    assert describe(store, BASE + "id/division/000000", BASE) is None


def test_a_description_read_in_its_plan_graph_is_the_unscoped_one(store: EmbeddedStore) -> None:
    """Given the plan graph of a resource under a plan's IRI (as the server does when it
    knows the store's plans), describe() and the page's reading read that graph and the
    reference graphs' labels kept for the store, and give what every graph gives."""
    sample = [iri for iri in _subjects(store) if plan_graph_of(iri, BASE) is not None]
    assert len(sample) > 30 and any(plan_graph_of(i, BASE) == i for i in sample)
    for iri in sample:
        graph = plan_graph_of(iri, BASE)
        whole = describe(store, iri)
        scoped = describe(store, iri, BASE, graph)
        assert whole is not None and scoped is not None, iri
        assert scoped.triples == whole.triples, iri
        assert read(store, iri, BASE, graph) == read(store, iri, BASE), iri
    missing = f"{plan_graph_of(sample[0], BASE)}/measure/99-99"
    assert describe(store, missing, BASE, plan_graph_of(missing, BASE)) is None


def test_a_description_is_what_the_describe_query_gives(store: EmbeddedStore) -> None:
    """describe() reads in two steps what the one DESCRIBE query states."""
    sample = _subjects(store)
    for iri in sample:
        described = describe(store, iri, BASE)
        assert described is not None, iri
        result = store.query(bind(DESCRIBE, {"r": ox.NamedNode(iri)}))
        assert isinstance(result, ox.QueryTriples)
        assert described.triples == frozenset(result), iri


@pytest.mark.parametrize("coll", [PLANS, AGENCIES, MEASURES, TARGETS], ids=lambda c: c.type_iri)
def test_a_scoped_collection_is_the_unscoped_one(store: EmbeddedStore, coll: Collection) -> None:
    for city in CITIES:
        scoped = items(store, coll, {"city": city}, 1000, 0, "ctx", BASE)
        whole = items(store, coll, {"city": city}, 1000, 0, "ctx")
        assert scoped == whole and scoped[1] > 0, city


PAGED = [(MEASURES, {}), (MEASURES, {"topic": "VOCs"}), (TARGETS, {}),
         (TARGETS, {"indicator": "energy-intensity-reduction"}), (AGENCIES, {}), (PLANS, {}),
         (PLANS, {"status": "issued"}), (DIVISIONS, {})]  # fmt: skip


@pytest.mark.parametrize(
    ("coll", "given"), PAGED, ids=[f"{c.counted or c.listed}{g}" for c, g in PAGED]
)
def test_a_page_read_from_its_plans_graphs_is_the_page_of_the_whole(
    store: EmbeddedStore, coll: Collection, given: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page over the whole corpus read from the graphs of the plans the digests place it
    on (unfiltered; the agencies the digests list, cut to the page), or walked through the
    plans one or two at a time (filtered), holds
    the items of the same page read over every graph, at every offset and page size,
    across plan boundaries and past the end."""
    monkeypatch.setattr(collection_items, "FIRST_STEP", 1)
    monkeypatch.setattr(collection_items, "LAST_STEP", 2)
    digests = [p[1] for p in plan_docs(store, sorted(plan_versions(store)), BASE).values()]
    assert len(digests) == len(CITIES)
    overview = Overview(digests)
    total = items(store, coll, given, 10_000, 0, "ctx")[1]
    assert total > (20 if coll not in (PLANS, DIVISIONS) else 1)
    for limit in (1, 7, 40, 1000):
        offsets = {0, 3, 39, 40, total // 2, total - 5, total - 1, total, total + 9}
        for offset in sorted(o for o in offsets if o >= 0):
            window = within(coll, given, limit, offset, overview)
            assert window is not None and window.walk == bool(given)
            read = items(store, coll, given, limit, offset, "ctx", BASE, window)
            assert read == items(store, coll, given, limit, offset, "ctx"), (limit, offset)
    assert within(coll, {"city": CITIES[0], **given}, 10, 0, overview) is None
    assert within(DIVISIONS, {"province": "130000"}, 10, 0, overview) is None


def test_a_page_over_many_plans_reads_every_graph() -> None:
    """Past WINDOW_GRAPHS plans a page is read over every graph, which then costs less."""
    digests = Overview(
        [
            Digest(f"{BASE}id/plan/{code}", code, "某县", code[:2] + "0000", "某省")
            for code in (
                f"{110000 + i:06d}" for i in range(1, collection_items.WINDOW_GRAPHS + 100)
            )
        ]
    )
    window = within(PLANS, {}, 100, 0, digests)
    assert window is not None and len(window.graphs) == 100
    assert within(PLANS, {}, collection_items.WINDOW_GRAPHS, 50, digests) is not None
    assert within(PLANS, {}, collection_items.WINDOW_GRAPHS + 1, 0, digests) is None
    assert within(DIVISIONS, {}, 1000, 0, digests) is None
    assert within(DIVISIONS, {}, 10, 0, digests) is not None


SCOPED = [q for q in catalogue().values() if q.scope == "city" and "SERVICE" not in q.text]


@pytest.mark.parametrize("query", SCOPED, ids=lambda q: q.name)
def test_a_scoped_named_query_is_the_unscoped_one(store: EmbeddedStore, query: NamedQuery) -> None:
    """Its answer for a city over that city's plans and the reference graphs its
    `#+ reads:` names is its answer over every graph."""
    accept = "application/n-triples" if query_form(query.text) == "CONSTRUCT" else None

    def answer(city: str | None, code: str) -> list[str]:
        job = Job(query.bound({"city": code}), accept, 10_000, city=city, base=BASE,
                  reads=query.reads)  # fmt: skip
        body = execute(store, job).body
        if accept:
            return sorted(body.decode().splitlines())
        rows = json.loads(body)["results"]["bindings"]
        return sorted(json.dumps(r, sort_keys=True) for r in rows)

    for city in CITIES:
        scoped = answer(city, city)
        assert scoped and scoped == answer(None, city), city


def test_a_city_answered_from_the_plans_the_digests_name_is_the_one_looked_up(
    store: EmbeddedStore,
) -> None:
    """The graphs the server gives a per-city job from the digests are those the worker
    looks up (none for a city without plans), and the answer is the same bytes, graph
    count included."""
    digests = [p[1] for p in plan_docs(store, sorted(plan_versions(store)), BASE).values()]
    by_code = plan_graphs_by_code(digests)
    assert by_code["411700"] == city_graphs(store, "411700")  # an issued plan and its draft
    query = catalogue()["targets"]
    for city in (*CITIES, "110000"):
        job = Job(query.bound({"city": city}), "text/csv", 10_000, city=city, base=BASE,
                  reads=query.reads)  # fmt: skip
        plans = by_code.get(city, ())
        assert plans == city_graphs(store, city)
        given = replace(job, city_plans=plans)
        assert execute(store, given) == execute(store, job), city


def test_other_cities_plans_do_not_change_what_a_city_reads(tmp_path: Path, plankg: Run) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--plans", "4", "--out", str(corpus)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    path = tmp_path / "store"
    plankg("ingest", str(PLAN_FILES), "--store", str(path), check=True)

    def reads() -> dict[str, tuple[str, ...]]:
        with read_only(path) as opened:
            return {city: city_dataset(opened, city, BASE) for city in CITIES}

    before = reads()
    for city, graphs in before.items():
        assert len(graphs) == 3 and graphs[-2:] == reference_graphs(BASE), city
        assert graphs[0].endswith(f"/plan/{city}") or graphs[0].endswith(f"/plan/{city}-draft")
    proc = plankg("ingest", str(corpus), "--store", str(path))
    assert proc.returncode in (0, 1), proc.stderr  # a generated place may be ambiguous
    assert reads() == before
    with read_only(path) as opened:
        new = [g for g in opened.graphs() if "/plan/" in g and not any(c in g for c in CITIES)]
        assert new  # the other plans are there, each the only graph of its own city
        for graph in new:
            code = graph.rsplit("/", 1)[1][:6]
            assert city_graphs(opened, code) == (graph,)


# --- admission: who the client is -----------------------------------------------------


def _scope(peer: str, *forwarded: str) -> dict[str, object]:
    headers = [(b"x-forwarded-for", f.encode()) for f in forwarded]
    return {"type": "http", "client": (peer, 5000), "headers": headers}


def test_the_client_is_the_peer_unless_it_is_a_trusted_proxy() -> None:
    trusted = networks(["10.0.0.0/8", "192.168.1.1"])
    assert client_of(_scope("127.0.0.2"), ()) == "127.0.0.2"
    # a header from anyone else is ignored
    assert client_of(_scope("203.0.113.9", "198.51.100.1"), trusted) == "203.0.113.9"
    # from a trusted proxy: the right-most hop that is not a trusted proxy
    assert client_of(_scope("10.1.2.3", "198.51.100.1"), trusted) == "198.51.100.1"
    assert client_of(_scope("10.1.2.3", "1.2.3.4, 198.51.100.1, 192.168.1.1"), trusted) == (
        "198.51.100.1"
    )
    assert client_of(_scope("10.1.2.3", "1.2.3.4", "198.51.100.7"), trusted) == "198.51.100.7"
    assert client_of(_scope("10.1.2.3"), trusted) == "10.1.2.3"


# --- the shape limits: what counts -------------------------------------------------------


def test_strings_comments_and_iris_do_not_count() -> None:
    text = 'SELECT * WHERE { ?s ?p "{{{ . ; ," . # {{{ . \n ?s <http://x/a.b> ?o }'
    shape = measure(text)
    assert (shape.depth, shape.patterns, shape.values) == (1, 2, 0)


def test_patterns_depth_and_values_are_measured() -> None:
    shape = measure(
        "SELECT * WHERE { ?s a ?t ; ?p ?o , ?o2 . OPTIONAL { ?s ?q [ ?r ?v ] } "
        "FILTER ((1 + 2) > 0) VALUES (?a ?b) { (1 2) (UNDEF <x:y>) } }"
    )
    assert shape.patterns == 5  # ; , . then the OPTIONAL group, then the last (FILTER, VALUES)
    assert shape.depth == 3
    assert shape.values == 4
