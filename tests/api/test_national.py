"""National answers from the plans' digests (api.national) and from the answers ingest
stored with the index files, per plan (plankg.plan_answers) and joining plans
(plankg.joined_answers): the very rows, terms and order the named queries give over the
store, for every topic and match of lead-agencies, for responsibilities and for every
per-plan and joins-plans query and parameter (compared with the same question over the
whole graph too), on the bundled plans, provinces with their cities, a draft beside the
issued plan replacing it and a generated corpus; the service answers with them, and runs
the query when they are not there; a later ingest stores the new answers."""

from __future__ import annotations

import io
import json
import re
import shutil
import urllib.request
from collections import Counter
from collections.abc import Iterator
from csv import reader
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from api import national
from api.web.digest import Overview
from api.web.labels import vocabularies
from api.web.pages_province import stored_cascade
from plankg import index_files, joined_answers, plan_answers
from plankg.dataset import reference_graphs
from plankg.plan_index import Digest, leads_on
from plankg.queries import NamedQuery, catalogue, load, vocabulary_notations
from plankg.sparql_lexer import columns
from plankg.store import EmbeddedStore
from tests.support import derived
from tests.support.cli import Run
from tests.support.http import get
from tests.support.paths import ROOT
from tests.support.rdf import BASE
from tests.support.servers import running_server, until_indexed
from tests.support.stores import read_only

CORPUS_PLANS = 40
# The columns each answer is ordered by first (rows tied on all of them come in any order).
ORDER_KEYS = {
    "lead-agencies": ("cityCode", "measure"),
    "responsibilities": ("cityCode",),
    "targets": ("cityCode",),
    "energy-intensity": ("value", "cityCode"),
    "plans": ("cityCode", "plan"),
    "emission-reductions": ("cityCode", "plan"),
    "cascade": ("cityCode", "plan", "indicatorCode", "pollutantCode", "qualifier"),
    "province-reductions": ("provinceCode", "pollutantCode"),
}
FULL_GRAPH = ROOT / "tests" / "queries" / "full-graph"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    folder = tmp_path_factory.mktemp("national")
    return derived.hebei_and_corpus(folder, plankg, CORPUS_PLANS, 11, derived.more_provinces())[0]


@pytest.fixture(scope="module")
def opened(corpus_store: Path) -> Iterator[EmbeddedStore]:
    with read_only(corpus_store) as store:
        yield store


@pytest.fixture(scope="module")
def digests(corpus_store: Path) -> list[Digest]:
    """The digests as the service reads them: from the index files the ingest wrote."""
    parts = index_files.current(corpus_store).load()
    return [parts[g][2] for g in sorted(parts)]


def _rows(result: ox.QuerySolutions) -> list[dict[str, str]]:
    names = [v.value for v in result.variables]
    return [{n: "" if s[n] is None else str(s[n]) for n in names} for s in result]


def _ours(name: str, bindings: list[national.Binding]) -> list[dict[str, str]]:
    """Our bindings read back as SPARQL JSON, as the service serialises them."""
    names = columns(catalogue()[name].text)
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    result = ox.parse_query_results(json.dumps(doc).encode(), format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QuerySolutions)
    return _rows(result)


def _same(name: str, ours: list[dict[str, str]], theirs: list[dict[str, str]]) -> None:
    assert Counter(tuple(r.items()) for r in ours) == Counter(tuple(r.items()) for r in theirs)
    keys = ORDER_KEYS[name]
    assert [[r[k] for k in keys] for r in ours] == [[r[k] for k in keys] for r in theirs]


def _query(
    store: EmbeddedStore, name: str, given: dict[str, str], query: NamedQuery | None = None
) -> list[dict[str, str]]:
    result = store.query((query or catalogue()[name]).bound(given))
    assert isinstance(result, ox.QuerySolutions)
    return _rows(result)


CASES = [(topic, match) for topic in vocabulary_notations("topic") for match in ("primary", "any")]


@pytest.mark.parametrize(("topic", "match"), CASES, ids=[f"{t}-{m}" for t, m in CASES])
def test_lead_agencies_equal_the_query(
    opened: EmbeddedStore, digests: list[Digest], topic: str, match: str
) -> None:
    vocab = vocabularies(BASE)
    concept = vocab.concept("topic", topic)
    assert concept is not None
    leads = leads_on(digests, concept.iri, match)
    rows = national.lead_agencies(leads, vocab.notation)
    _same(
        "lead-agencies",
        _ours("lead-agencies", [national.binding(r) for r in rows]),
        _query(opened, "lead-agencies", {"topic": topic, "match": match}),
    )
    # the text a page of SPARQL JSON is made of is its binding's, as json.dumps writes it
    for row in rows:
        assert national.line(row) == json.dumps(
            national.binding(row), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")


def test_responsibilities_equal_the_query(opened: EmbeddedStore, digests: list[Digest]) -> None:
    vocab = vocabularies(BASE)
    rows = list(national.responsibilities(national.duties_by_plan(digests), vocab.notation))
    ours = _ours("responsibilities", [national.binding(r) for r in rows])
    theirs = _query(opened, "responsibilities", {})
    assert len(theirs) > 1000  # every role, item and basis of many plans
    assert {r["role"] for r in theirs} >= {'"lead"', '"responsible"', '"supporting"'}
    assert any(r["item"] for r in theirs) and any(r["basis"] for r in theirs)
    _same("responsibilities", ours, theirs)
    for row in rows:
        assert national.line(row) == json.dumps(
            national.binding(row), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")


@pytest.mark.parametrize("city", ["130682", "130000", "411700", "620500"])
def test_a_citys_responsibilities_equal_the_query(
    opened: EmbeddedStore, digests: list[Digest], city: str
) -> None:
    vocab = vocabularies(BASE)
    plans = national.by_code(digests).get(city, [])
    rows = national.responsibilities(national.duties_by_plan(plans), vocab.notation)
    ours = _ours("responsibilities", [national.binding(r) for r in rows])
    theirs = _query(opened, "responsibilities", {"city": city})
    assert theirs
    _same("responsibilities", ours, theirs)


def test_the_service_answers_with_them(corpus_store: Path, opened: EmbeddedStore) -> None:
    """Served, the national answers are the query's, in every format."""
    with running_server(corpus_store) as url:
        for path, name, given in (
            ("/queries/lead-agencies?topic=VOCs&match=any", "lead-agencies",
             {"topic": "VOCs", "match": "any"}),
            ("/queries/responsibilities", "responsibilities", {}),
            ("/queries/responsibilities?city=130682", "responsibilities", {"city": "130682"}),
            ("/queries/targets", "targets", {}),
            ("/queries/targets?indicator=energy-intensity-reduction", "targets",
             {"indicator": "energy-intensity-reduction"}),
            ("/queries/energy-intensity", "energy-intensity", {}),
            ("/queries/energy-intensity?min=15", "energy-intensity", {"min": "15"}),
            ("/queries/plans", "plans", {}),
            ("/queries/emission-reductions", "emission-reductions", {}),
        ):  # fmt: skip
            status, _, body = get(url + path, "application/sparql-results+json")
            assert status == 200, body
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(result, ox.QuerySolutions)
            theirs = _query(opened, name, given)
            _same(name, _rows(result), theirs)
            status, _, csv = get(url + path, "text/csv")
            # (a quoted sentence may hold a line break)
            assert status == 200 and len(list(reader(io.StringIO(csv.decode())))) == len(theirs) + 1


def test_the_overview_holds_the_leads_on_each_topic(digests: list[Digest]) -> None:
    """The leads the service keeps per topic and match are leads_on's, and the divisions
    it counts for each are theirs."""
    overview = Overview(digests)
    for concept in vocabularies(BASE).by_scheme["topic"].values():
        for match in ("primary", "any"):
            found = leads_on(digests, concept.iri, match)
            assert overview.leads(concept.iri, match) == found
            assert overview.cities_led[match][concept.iri] == len({d.code for d, _ in found})
    assert any(overview.leads(c.iri, "any") for c in vocabularies(BASE).by_iri.values())


def test_the_kept_answers_are_the_answers(digests: list[Digest]) -> None:
    """The service's lead-agencies answers (each row's text written once, whatever topic
    it is asked under) are lead_agencies', for every topic and match asked in turn."""
    vocab = vocabularies(BASE)
    answers = national.LeadAgencies(Overview(digests).sorted_leads, vocab.notation)
    for _ in range(2):
        for concept in vocab.by_scheme["topic"].values():
            for match in ("primary", "any"):
                rows = national.lead_agencies(leads_on(digests, concept.iri, match), vocab.notation)
                shown = answers.order(concept.iri, match)
                assert answers.lines(shown) == [national.line(r) for r in rows]
                assert answers.bindings(shown) == [national.binding(r) for r in rows]


def test_the_comparison_has_rows(digests: list[Digest]) -> None:
    """Not equalities of empty answers: units of work and sub-items lead on VOCs."""
    vocab = vocabularies(BASE)
    concept = vocab.concept("topic", "VOCs")
    assert concept is not None
    rows = [
        national.binding(r)
        for r in national.lead_agencies(leads_on(digests, concept.iri, "any"), vocab.notation)
    ]
    assert len(rows) > CORPUS_PLANS
    assert any("item" in r for r in rows) and any("item" not in r for r in rows)


def test_responsibilities_from_a_row_on(digests: list[Digest]) -> None:
    """From any row on, the rest of the same answer: in a plan, at its first row, at the
    end and past it."""
    vocab = vocabularies(BASE)
    plans = national.duties_by_plan(digests)
    whole = list(national.responsibilities(plans, vocab.notation))
    first_measure = sum(1 for r in whole if r[2] == whole[0][2])  # the measure's cell
    for offset in (
        1,
        first_measure,
        first_measure + 1,
        len(whole) // 2,
        len(whole) - 1,
        len(whole),
    ):
        assert list(national.responsibilities(plans, vocab.notation, offset)) == whole[offset:]
    assert list(national.responsibilities(plans, vocab.notation, len(whole) + 5)) == []


# Every per-plan query with every parameter it is answered with from the stored rows.
PER_PLAN = [
    ("targets", {}),
    ("targets", {"indicator": "energy-intensity-reduction"}),
    ("targets", {"indicator": "key-project-emission-reduction"}),
    ("targets", {"indicator": "data-centre-pue"}),
    ("energy-intensity", {}),
    ("energy-intensity", {"min": "0"}),
    ("energy-intensity", {"min": "15"}),
    ("energy-intensity", {"min": "17.5"}),
    ("energy-intensity", {"min": "999"}),
    ("plans", {}),
    ("emission-reductions", {}),
]


@pytest.fixture(scope="module")
def answers(corpus_store: Path) -> Path:
    """The folder of the index files ingest wrote, with the stored answers."""
    return index_files.current(corpus_store).directory


def _stored(
    answers: Path, name: str, given: dict[str, str], offset: int = 0
) -> list[national.Binding]:
    query = catalogue()[name]
    conditions = plan_answers.answerable(query, given)
    assert conditions is not None, f"{name} {given} is answered from the stored rows"
    return plan_answers.bindings(plan_answers.page(answers, query, conditions, offset, 10**9))


@pytest.mark.parametrize(
    ("name", "given"), PER_PLAN, ids=[f"{n}-{'-'.join(g.values()) or 'all'}" for n, g in PER_PLAN]
)
def test_per_plan_answers_equal_the_query(
    opened: EmbeddedStore, answers: Path, name: str, given: dict[str, str]
) -> None:
    """The stored answer is the named query's over the store, and the same question's over
    the whole graph (tests/queries/full-graph/), row for row, term for term."""
    ours = _ours(name, _stored(answers, name, given))
    _same(name, ours, _query(opened, name, given))
    _same(name, ours, _query(opened, name, given, load(FULL_GRAPH / f"{name}.rq")))


def test_per_plan_answers_have_rows(answers: Path) -> None:
    """Not equalities of empty answers: every plan's row, a target of each kind."""
    plans = _stored(answers, "plans", {})
    assert len(plans) > CORPUS_PLANS
    targets = _stored(answers, "targets", {})
    assert len(targets) > 10 * CORPUS_PLANS
    assert {"headline", "measure"} <= {r["scope"]["value"] for r in targets}
    assert any("pollutantCode" in r for r in targets) and any("subject" in r for r in targets)
    energy = _stored(answers, "energy-intensity", {})
    assert 0 < len(_stored(answers, "energy-intensity", {"min": "15"})) < len(energy)
    assert len(_stored(answers, "targets", {"indicator": "data-centre-pue"})) < len(targets)


def test_per_plan_pages(answers: Path) -> None:
    """From any row on, the rest of the same answer, filtered or not."""
    for given in ({}, {"indicator": "key-project-emission-reduction"}):
        whole = _stored(answers, "targets", given)
        for offset in (1, len(whole) // 2, len(whole) - 1, len(whole), len(whole) + 3):
            assert _stored(answers, "targets", given, offset) == whole[offset:]


CITY_CASES = [
    (name, {"city": city, **extra})
    for name in ("targets", "emission-reductions")
    for city in ("130682", "130000", "411700", "620500", "110101")
    for extra in ({}, {"indicator": "key-project-emission-reduction"})
    if not extra or name == "targets"
]


@pytest.mark.parametrize(
    ("name", "given"), CITY_CASES, ids=["-".join([n, *g.values()]) for n, g in CITY_CASES]
)
def test_a_citys_answer_from_its_plans_parts_is_the_querys(
    corpus_store: Path,
    opened: EmbeddedStore,
    digests: list[Digest],
    name: str,
    given: dict[str, str],
) -> None:
    """One city's answer merged from the rows its plans' parts hold is the query's over the
    store, row for row, from any row on (a code no plan is of: no row)."""
    files = index_files.current(corpus_store)
    query = catalogue()[name]
    graphs = [d.graph for d in national.by_code(digests).get(given["city"], [])]
    streams = [index_files.answers_of(p) for p in files.parts(graphs)]
    conditions = plan_answers.answerable(query, given)
    assert conditions is not None

    def page(offset: int) -> list[national.Binding]:
        version = files.answers.get(name)
        lines = plan_answers.plans_page(query, streams, version, conditions, offset, 10**9)
        return plan_answers.bindings(lines)

    whole = page(0)
    theirs = _query(opened, name, given)
    assert bool(theirs) == (given["city"] != "110101")
    _same(name, _ours(name, whole), theirs)
    for offset in (1, len(whole) // 2, len(whole) + 1):
        assert page(offset) == whole[offset:]
    with pytest.raises(plan_answers.Missing):
        plan_answers.plans_page(query, streams, "another", conditions, 0, 10)


def test_other_questions_run_the_query(answers: Path) -> None:
    """A query not marked per-plan nor joins-plans is not answered from stored rows, nor
    is one whose rows are of another version of it."""
    assert plan_answers.answerable(catalogue()["lead-agencies"], {}) is None
    query = catalogue()["plans"]
    changed = replace(query, text=query.text.replace("?measures ?targets", "?targets ?measures"))
    with pytest.raises(plan_answers.Missing):
        plan_answers.page(answers, changed, [], 0, 10)


# --- the answers joining several plans (plankg.joined_answers) -------------------------------


@pytest.fixture(scope="module", params=["bundled", "corpus"])
def joined_store(
    request: pytest.FixtureRequest, bundled_store: Path, corpus_store: Path
) -> Iterator[tuple[Path, EmbeddedStore]]:
    """The bundled plans' store, then the corpus's, each with its stored answers' folder."""
    store = bundled_store if request.param == "bundled" else corpus_store
    with read_only(store) as opened:
        yield index_files.current(store).directory, opened


def _codes(store: EmbeddedStore, predicate: str) -> list[str]:
    """The division codes the plans' summary rows give with this predicate."""
    result = store.query(f"SELECT DISTINCT ?c WHERE {{ ?row pk:{predicate} ?c }} ORDER BY ?c")
    assert isinstance(result, ox.QuerySolutions)
    return [s["c"].value for s in result if isinstance(s["c"], ox.Literal)]


def _normalised(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """cityNames, a GROUP_CONCAT, with its names sorted: their order is the engine's over
    the whole graph (the named query's is code order, compared as it is)."""

    def names(text: str) -> str:
        value, _, tag = text[1:].rpartition('"')
        return '"' + "、".join(sorted(value.split("、"))) + '"' + tag

    return [{k: names(v) if k == "cityNames" and v else v for k, v in r.items()} for r in rows]


def _joined_given(store: EmbeddedStore, name: str) -> list[dict[str, str]]:
    """Every parameter value the route takes that has an answer here, one that has none,
    and no parameter."""
    if name == "cascade":
        cities = _codes(store, "rowCityCode")
        none = next(c for c in ("659004", "654028", "542500") if c not in cities)
        return [{}] + [{"city": c} for c in [*cities, none]]
    codes = _codes(store, "rowCityCode") + _codes(store, "rowParentCode")
    provinces = sorted({c for c in codes if c.endswith("0000") and c != "100000"})
    none = next(c for c in ("710000", "540000", "460000") if c not in provinces)
    return [{}] + [{"province": c} for c in [*provinces, none]]


@pytest.mark.parametrize("name", ["cascade", "province-reductions"])
def test_joined_answers_equal_the_query(
    joined_store: tuple[Path, EmbeddedStore], name: str
) -> None:
    """The stored answer is the named query's over the whole store, row for row in its
    order, for every parameter value; and the same question's over the whole graph."""
    answers, opened = joined_store
    cases = _joined_given(opened, name)
    assert len(cases) > 4
    for given in cases:
        ours = _ours(name, _stored(answers, name, given))
        theirs = _query(opened, name, given)
        assert ours == theirs, given
        full = _query(opened, name, given, load(FULL_GRAPH / f"{name}.rq"))
        _same(name, _normalised(ours), _normalised(full))


def _graph(store: EmbeddedStore, query: NamedQuery) -> list[bytes]:
    """A named query's graph as the service pages it: N-Triples lines in their order."""
    result = store.query(query.bound({}))
    assert isinstance(result, ox.QueryTriples)
    return [f"{t} .".encode() for t in sorted(result, key=str)]


def test_the_stored_cube_is_the_querys_graph(joined_store: tuple[Path, EmbeddedStore]) -> None:
    """reduction-cube, a CONSTRUCT: its triples in the order they are paged in, the named
    query's over the whole store and the full-graph question's; not answered for a city
    from the stored graph (a city's cube reads its plan graphs)."""
    answers, opened = joined_store
    query = catalogue()["reduction-cube"]
    stored = joined_answers.graph_page(answers, query, 0, 10**9)
    assert stored == _graph(opened, query)
    assert stored == _graph(opened, load(FULL_GRAPH / "reduction-cube.rq"))
    assert any(b"/cube/key-project-emission-reduction/" in line for line in stored)
    assert joined_answers.graph_page(answers, query, 7, 5) == stored[7:12]
    assert joined_answers.graph_answerable(query, {})
    assert not joined_answers.graph_answerable(query, {"city": "130682"})


def test_joined_answers_have_rows(corpus_store: Path, opened: EmbeddedStore) -> None:
    """Not equalities of empty answers: a plan's row beside its parent's, a province's
    figure beside the sum of its cities', where the draft of a city with an issued plan
    counts for nothing; the cube takes the issued plan's figures."""
    answers = index_files.current(corpus_store).directory
    cascade = _stored(answers, "cascade", {"city": "411700"})
    plans = {r["plan"]["value"].rsplit("/", 1)[1] for r in cascade}
    assert plans == {"411700", "411700-draft"}  # an issued plan beside its draft
    assert all(r["parentPlan"]["value"].endswith("/id/plan/410000") for r in cascade)
    assert any("parentValue" in r for r in cascade)
    henan = _stored(answers, "province-reductions", {"province": "410000"})
    vocs = next(r for r in henan if r["pollutantCode"]["value"] == "VOCs")
    assert vocs["provinceValue"]["value"] == "43000"
    assert "驻马店市" in vocs["cityNames"]["value"]
    # 2600 t of VOCs in the issued plan, 2556 t in the draft: only the issued one counts
    zhumadian = [r for r in _query(opened, "targets", {"city": "411700"})
                 if r["pollutantCode"] == '"VOCs"' and r["scope"] == '"headline"']  # fmt: skip
    assert {r["value"] for r in zhumadian} >= {
        '"2600"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"2556"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    }
    cube = b"".join(joined_answers.graph_page(answers, catalogue()["reduction-cube"], 0, 10**9))
    assert b"/411700/VOCs>" in cube
    assert b'"2600"' in cube and b'"2556"' not in cube


def _get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=60) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def _worked(url: str) -> float:
    """How many tasks the named lane's workers have answered."""
    metrics = get(url + "/metrics", "text/plain")[2].decode()
    found = re.search(r'^plankg_lane_completed_total\{lane="named"\} (\S+)$', metrics, re.M)
    assert found is not None
    return float(found.group(1))


def _asked(url: str, accept: str) -> tuple[bool, dict[str, str], bytes]:
    """GET `url`: whether a query worker answered it, the headers and the body (200)."""
    base = url.split("/queries/", 1)[0]
    before = _worked(base)
    status, headers, body = _get(url, accept)
    assert status == 200, body
    return _worked(base) > before, headers, body


def test_the_service_answers_joined_questions_with_them(
    corpus_store: Path, opened: EmbeddedStore
) -> None:
    """Served, the stored answers are read, no query running: the query's rows in every
    format (a city's too), the cube's triples in pages."""
    cube = _graph(opened, catalogue()["reduction-cube"])
    with running_server(corpus_store) as served:
        url = until_indexed(served)
        for path, name, given in (
            ("/queries/cascade", "cascade", {}),
            ("/queries/cascade?city=130682", "cascade", {"city": "130682"}),
            ("/queries/province-reductions", "province-reductions", {}),
            ("/queries/province-reductions?province=130000", "province-reductions",
             {"province": "130000"}),
            # a city's answer of a per-plan query: its plans' stored rows
            ("/queries/targets?city=411700", "targets", {"city": "411700"}),
            ("/queries/targets?city=130682&indicator=energy-intensity-reduction", "targets",
             {"city": "130682", "indicator": "energy-intensity-reduction"}),
            ("/queries/emission-reductions?city=130682", "emission-reductions",
             {"city": "130682"}),
        ):  # fmt: skip
            ran, _, body = _asked(url + path, "application/sparql-results+json")
            assert not ran, path
            result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(result, ox.QuerySolutions)
            rows = _rows(result)
            assert rows == _query(opened, name, given)
            _, _, csv = _get(url + path, "text/csv")
            assert len(list(reader(io.StringIO(csv.decode())))) == len(rows) + 1
        path = "/queries/reduction-cube?limit=50&offset=50"
        ran, headers, body = _asked(url + path, "application/n-triples")
        assert not ran
        assert 'rel="next"' in headers["link"] and 'rel="prev"' in headers["link"]
        assert sorted(body.splitlines()) == sorted(cube[50:100])
        ran, _, body = _asked(url + "/queries/reduction-cube", "text/turtle")
        turtle = ox.parse(body, format=ox.RdfFormat.TURTLE)
        assert not ran and sorted(f"{q.triple} .".encode() for q in turtle) == cube
        # a city's cube: read from its plan graphs by a worker
        ran, _, _ = _asked(url + "/queries/reduction-cube?city=130682", "text/turtle")
        assert ran


def test_missing_answers_run_the_query(
    tmp_path: Path, corpus_store: Path, opened: EmbeddedStore
) -> None:
    """Index files without a query's stored answer (an older plankg's, another version
    of the query): the query runs, and the log says so once."""
    store = tmp_path / "store"
    shutil.copytree(corpus_store, store, symlinks=True)
    folder = index_files.current(store).directory / plan_answers.ANSWERS
    manifest = json.loads((folder / plan_answers.MANIFEST).read_text(encoding="utf-8"))
    del manifest["cascade"]
    manifest["province-reductions"]["version"] = "another"
    (folder / plan_answers.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    log = tmp_path / "serve.log"
    with running_server(store, {"PLANKG_CACHE_BYTES": "0"}, log=log) as served:
        url = until_indexed(served)
        for _ in range(2):
            for path, name in (("/queries/cascade", "cascade"),
                               ("/queries/province-reductions", "province-reductions")):  # fmt: skip
                ran, _, body = _asked(url + path, "application/sparql-results+json")
                assert ran, path
                result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                assert isinstance(result, ox.QuerySolutions)
                assert _rows(result) == _query(opened, name, {})
        ran, _, _ = _asked(url + "/queries/plans", "application/sparql-results+json")
        assert not ran
    text = log.read_text(encoding="utf-8")
    assert text.count("named query cascade: ") == 1
    assert text.count("named query province-reductions: ") == 1
    assert "another version" in text


def _joined(answers: Path) -> tuple[list[national.Binding], list[national.Binding], list[bytes]]:
    """Hebei's province-reductions, Dingzhou's cascade, the cube: as stored in `answers`."""
    return (
        _stored(answers, "province-reductions", {"province": "130000"}),
        _stored(answers, "cascade", {"city": "130682"}),
        joined_answers.graph_page(answers, catalogue()["reduction-cube"], 0, 10**9),
    )


def test_a_later_ingest_stores_the_new_answers(
    tmp_path: Path, plankg: Run, corpus_store: Path
) -> None:
    """One plan replaced (河北省's, with other figures): every stored joined answer is the
    query's over the changed store, none the old one."""
    store = tmp_path / "store"
    shutil.copytree(corpus_store, store, symlinks=True)
    before = index_files.current(store).directory
    old = _joined(before)
    changed = tmp_path / "hebei.txt"
    figures = "42000 吨、1950 吨、52000 吨和 37000 吨"
    changed.write_text(
        derived.province_plan("河北省", "冀政字〔2022〕18号", "各市人民政府", figures),
        encoding="utf-8",
    )
    plankg("ingest", str(changed), "--store", str(store), check=True)
    after = index_files.current(store).directory
    assert after != before
    province, cascade, cube = new = _joined(after)
    assert all(n != o for n, o in zip(new, old, strict=True))
    assert any(r.get("provinceValue", {}).get("value") == "37000" for r in province)
    with read_only(store) as opened:
        assert _ours("province-reductions", province) == _query(
            opened, "province-reductions", {"province": "130000"}
        )
        assert _ours("cascade", cascade) == _query(opened, "cascade", {"city": "130682"})
        assert cube == _graph(opened, catalogue()["reduction-cube"])
        for name in ("cascade", "province-reductions"):
            assert _ours(name, _stored(after, name, {})) == _query(opened, name, {})


def test_a_provinces_cascade_is_read_from_the_stored_answer(
    joined_store: tuple[Path, EmbeddedStore],
) -> None:
    """/province/{code}'s cascade rows read from the stored answer are those the page
    got from the query over the province's plans and the country's, in their order, for
    every province with plans (and none for one without)."""
    answers, opened = joined_store
    query = catalogue()["cascade"]
    graphs: dict[str, list[str]] = {}  # division code -> its plan graphs
    for row in _query(opened, "plans", {}):
        graphs.setdefault(row["cityCode"].strip('"'), []).append(row["plan"][1:-1])
    national_plans = tuple(graphs.get("100000", ()))
    reference = reference_graphs(BASE, query.reads)
    provinces = sorted({c[:2] + "0000" for c in graphs if c != "100000"})
    assert len(provinces) >= 3
    compared = 0
    for province in [*provinces, "710000"]:
        codes = {c for c in graphs if c[:2] == province[:2] and c != "100000"}
        ours = stored_cascade(answers, query, codes)
        scope = [g for c in sorted(codes) for g in graphs[c]] + [*national_plans, *reference]
        theirs: list[dict[str, str]] = []
        if codes:  # as the page ran it, over those plans and the reference graphs
            result = opened.query(query.bound({}), default_graph=scope)
            assert isinstance(result, ox.QuerySolutions)
            names = [v.value for v in result.variables]
            for solution in result:
                row = {n: t.value for n in names if (t := solution[n]) is not None}
                if row["cityCode"] in codes:
                    theirs.append(row)
        assert ours == theirs, province
        compared += len(ours)
    assert compared > 10
