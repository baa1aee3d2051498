"""The plans' summaries (ingest/summaries.py): every named query that reads them answers
exactly as the same question asked over the whole graph (tests/queries/full-graph/), row
for row, term for term, on the bundled plans with a province and its cities derived from
them and on a generated corpus; the rows conform to the shapes in both SHACL engines; and
they are replaced with their plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from ingest.pipeline import prepare
from ingest.shacl_fast import validate_ntriples
from ingest.summaries import summary_rows, without_rows
from plankg.queries import NamedQuery, catalogue, load, vocabulary_notations
from plankg.store import EmbeddedStore
from tests.support import derived
from tests.support.cli import Run
from tests.support.paths import PLANS, ROOT
from tests.support.rdf import BASE
from tests.support.sample_plan import validate as pyshacl_validate
from tests.support.stores import read_only

FULL_GRAPH = ROOT / "tests" / "queries" / "full-graph"
CORPUS_PLANS = 60
# The projected columns an answer is ordered by first: equal rows of an answer come in
# the same order of these in both (rows tied on all of them may come in any order).
ORDER_KEYS = {
    "lead-agencies": ("cityCode", "measure"),
    "energy-intensity": ("value", "cityCode"),
    "targets": ("cityCode",),
    "plans": ("cityCode", "plan"),
    "emission-reductions": ("cityCode", "plan"),
    "province-reductions": ("provinceCode", "pollutantCode"),
    "cascade": ("cityCode", "plan", "indicatorCode", "pollutantCode", "qualifier"),
    "reduction-cube": (),
}
# GROUP_CONCAT lists, whose order SPARQL leaves open (the summary's are in code order).
LISTS = {"cityNames"}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Path:
    """The bundled plans, 河北省 with two of its cities (the cascade and the sum of a
    province's cities), and a generated corpus of real divisions."""
    folder = tmp_path_factory.mktemp("summaries")
    store, proc = derived.hebei_and_corpus(folder, plankg, CORPUS_PLANS, 7)
    assert proc.stdout.count("\nok ") > CORPUS_PLANS
    return store


@pytest.fixture(scope="module")
def opened(corpus_store: Path) -> Iterator[EmbeddedStore]:
    with read_only(corpus_store) as store:
        yield store


def _answer(store: EmbeddedStore, query: NamedQuery, given: dict[str, str]) -> list[dict[str, str]]:
    """Rows as N-Triples terms by column ('' when unbound); a graph as one row a triple."""
    result = store.query(query.bound(given))
    if isinstance(result, ox.QueryTriples):
        return [{"triple": str(t)} for t in sorted(result, key=str)]
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {}
        for name in names:
            term = solution[name]
            text = "" if term is None else str(term)
            if name in LISTS and isinstance(term, ox.Literal):
                text = "、".join(sorted(term.value.split("、"))) + f"@{term.language}"
            row[name] = text
        rows.append(row)
    return rows


def _cases() -> Iterator[tuple[str, dict[str, str]]]:
    for topic in vocabulary_notations("topic"):
        for match in ("primary", "any"):
            yield "lead-agencies", {"topic": topic, "match": match}
    for minimum in ("0", "15", "17.5"):
        yield "energy-intensity", {"min": minimum}
    for indicator in ("", "energy-intensity-reduction", "key-project-emission-reduction"):
        yield "targets", {"indicator": indicator} if indicator else {}
    for city in ("", "130682", "130000", "411700", "620500"):
        given = {"city": city} if city else {}
        yield "targets", given
        yield "emission-reductions", given
        yield "cascade", given
        yield "reduction-cube", given
    yield "plans", {}
    for province in ("", "130000", "410000"):
        yield "province-reductions", {"province": province} if province else {}


CASES = list(_cases())


@pytest.mark.parametrize(
    ("name", "given"), CASES, ids=[f"{n}-{'-'.join(g.values()) or 'all'}" for n, g in CASES]
)
def test_summary_answers_equal_the_full_graph(
    opened: EmbeddedStore, name: str, given: dict[str, str]
) -> None:
    query = catalogue()[name]
    assert query.summaries, f"{name} reads the summaries"
    reference = load(FULL_GRAPH / f"{name}.rq")
    ours, theirs = _answer(opened, query, given), _answer(opened, reference, given)
    assert Counter(map(tuple, (r.items() for r in ours))) == Counter(
        map(tuple, (r.items() for r in theirs))
    )
    keys = ORDER_KEYS[name]
    assert [[r[k] for k in keys] for r in ours] == [[r[k] for k in keys] for r in theirs]


def test_the_comparison_covers_every_question(opened: EmbeddedStore) -> None:
    """Each question has rows here, the cascade parents, a province its cities' sum: the
    equalities above are not of empty answers."""
    summarised = {q.name for q in catalogue().values() if q.summaries}
    assert summarised == set(ORDER_KEYS)
    for name in summarised:
        assert _answer(opened, catalogue()[name], {}), name
    cascade = _answer(opened, catalogue()["cascade"], {"city": "130682"})
    assert any(r["parentValue"] for r in cascade)
    provinces = _answer(opened, catalogue()["province-reductions"], {"province": "130000"})
    assert any(r["citiesSum"] and r["provinceValue"] for r in provinces)
    leads = _answer(opened, catalogue()["lead-agencies"], {"topic": "VOCs", "match": "any"})
    assert any(r["item"] for r in leads) and any(not r["item"] for r in leads)


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.txt")), ids=lambda p: p.stem)
def test_rows_conform_to_the_shapes_in_both_engines(
    path: Path, vocab: Graph, shapes: Graph
) -> None:
    prepared = prepare(path, BASE)
    assert prepared.outcome.ok, prepared.outcome.error
    rows = summary_rows(prepared.ntriples, BASE)
    assert rows and rows in prepared.ntriples  # ingest stores them with the plan
    conforms, report = validate_ntriples(prepared.ntriples, BASE)
    assert conforms, report
    conforms_too, _ = pyshacl_validate(
        Graph().parse(data=prepared.ntriples, format="nt"), vocab, shapes
    )
    assert conforms_too


def test_rows_without_their_plan_break_the_shapes(vocab: Graph, shapes: Graph) -> None:
    """The shapes check the rows: a target row whose target is not in the graph fails."""
    prepared = prepare(PLANS / "dingzhou-130682.txt", BASE)
    plan = [line for line in without_rows(prepared.ntriples) if "/target/1> " not in line]
    broken = "".join(f"{line}\n" for line in plan) + summary_rows(prepared.ntriples, BASE)
    conforms, report = validate_ntriples(broken, BASE)
    assert not conforms and "TargetRow" in report


def test_rows_are_replaced_with_their_plan(tmp_path: Path, plankg: Run) -> None:
    """Ingesting a changed plan leaves exactly the rows of its new text, none of the old."""
    store = tmp_path / "store"
    plankg("ingest", str(PLANS / "dingzhou-130682.txt"), "--store", str(store), check=True)
    changed = tmp_path / "dingzhou.txt"
    text = derived.text_of("dingzhou-130682.txt")
    assert "市生态环境局" in text
    changed.write_text(text.replace("市生态环境局", "市工业和信息化局"), encoding="utf-8")
    plankg("ingest", str(changed), "--store", str(store), check=True)
    graph = f"{BASE}id/plan/130682"
    with read_only(store) as opened:
        stored = ox.serialize(opened.triples_of(graph), format=ox.RdfFormat.N_TRIPLES) or b""
    text = stored.decode()
    plan = set(without_rows(text))
    rows = [line for line in text.splitlines() if line not in plan]
    expected = summary_rows("".join(f"{line}\n" for line in sorted(plan)), BASE)
    assert sorted(rows) == sorted(expected.splitlines())
    assert "生态环境局" not in "".join(r for r in rows if "rowAgencyName" in r)
