"""National answers from the plans' digests (api.national) and from the per-plan answer
rows ingest stored with the index files (plankg.plan_answers): the very rows, terms and
order the named queries give over the store, for every topic and match of lead-agencies,
for responsibilities and for every per-plan query and parameter (compared with the same
question over the whole graph too), on the bundled plans, a province with two of its
cities and a generated corpus; and the service answers with them."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from csv import reader
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from api import national
from api.web.labels import vocabularies
from plankg import index_files, plan_answers
from plankg.plan_index import Digest, leads_on
from plankg.queries import NamedQuery, catalogue, load, vocabulary_notations
from plankg.sparql_lexer import columns
from plankg.store import EmbeddedStore
from tests.support import derived
from tests.support.cli import Run
from tests.support.http import get
from tests.support.paths import ROOT
from tests.support.rdf import BASE
from tests.support.servers import running_server
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
}
FULL_GRAPH = ROOT / "tests" / "queries" / "full-graph"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    folder = tmp_path_factory.mktemp("national")
    return derived.hebei_and_corpus(folder, plankg, CORPUS_PLANS, 11)[0]


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
    ours = national.lead_agencies(leads, vocab.notation)
    _same(
        "lead-agencies",
        _ours("lead-agencies", ours),
        _query(opened, "lead-agencies", {"topic": topic, "match": match}),
    )


def test_responsibilities_equal_the_query(opened: EmbeddedStore, digests: list[Digest]) -> None:
    vocab = vocabularies(BASE)
    ours = _ours("responsibilities", list(national.responsibilities(digests, vocab.notation)))
    theirs = _query(opened, "responsibilities", {})
    assert len(theirs) > 1000  # every role, item and basis of many plans
    assert {r["role"] for r in theirs} >= {'"lead"', '"responsible"', '"supporting"'}
    assert any(r["item"] for r in theirs) and any(r["basis"] for r in theirs)
    _same("responsibilities", ours, theirs)


@pytest.mark.parametrize("city", ["130682", "130000", "411700", "620500"])
def test_a_citys_responsibilities_equal_the_query(
    opened: EmbeddedStore, digests: list[Digest], city: str
) -> None:
    vocab = vocabularies(BASE)
    plans = national.of_city(digests, city)
    ours = _ours("responsibilities", list(national.responsibilities(plans, vocab.notation)))
    theirs = _query(opened, "responsibilities", {"city": city})
    assert theirs
    _same("responsibilities", ours, theirs)


def test_the_service_answers_with_them(corpus_store: Path, opened: EmbeddedStore) -> None:
    """Served, the national answers are the query's, in every format; a city's
    responsibilities still come from the query over its graphs."""
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


def test_the_comparison_has_rows(digests: list[Digest]) -> None:
    """Not equalities of empty answers: units of work and sub-items lead on VOCs."""
    vocab = vocabularies(BASE)
    concept = vocab.concept("topic", "VOCs")
    assert concept is not None
    rows = national.lead_agencies(leads_on(digests, concept.iri, "any"), vocab.notation)
    assert len(rows) > CORPUS_PLANS
    assert any("item" in r for r in rows) and any("item" not in r for r in rows)


def test_responsibilities_from_a_row_on(digests: list[Digest]) -> None:
    """From any row on, the rest of the same answer: in a plan, at its first row, at the
    end and past it."""
    vocab = vocabularies(BASE)
    whole = list(national.responsibilities(digests, vocab.notation))
    first_measure = sum(1 for r in whole if r["measure"]["value"] == whole[0]["measure"]["value"])
    for offset in (
        1,
        first_measure,
        first_measure + 1,
        len(whole) // 2,
        len(whole) - 1,
        len(whole),
    ):
        assert list(national.responsibilities(digests, vocab.notation, offset)) == whole[offset:]
    assert list(national.responsibilities(digests, vocab.notation, len(whole) + 5)) == []


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


def test_other_questions_run_the_query(answers: Path) -> None:
    """A query not marked per-plan is not answered from stored rows, nor is one whose
    rows are of another version of it."""
    assert plan_answers.answerable(catalogue()["cascade"], {}) is None
    query = catalogue()["plans"]
    changed = replace(query, text=query.text.replace("?measures ?targets", "?targets ?measures"))
    with pytest.raises(plan_answers.Missing):
        plan_answers.page(answers, changed, [], 0, 10)
