"""The joins-plans answers' mechanics (plankg.joined_answers): which queries are marked,
what each is evaluated as at ingest and which quads of a plan it reads. Their equality
with the queries' answers over a store is tests/api/test_national.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from plankg import joined_answers, plan_answers
from plankg.queries import QueryError, catalogue, load

PK = "https://w3id.org/plankg/ontology#"
QB = "http://purl.org/linked-data/cube#"


def test_marked_queries() -> None:
    marked = {q.name for q in catalogue().values() if q.joins_plans}
    assert {q.name for q in joined_answers.queries()} == marked
    assert marked == {"cascade", "province-reductions", "reduction-cube"}
    assert not any(q.per_plan for q in catalogue().values() if q.joins_plans)


def test_a_select_is_stored_as_its_shape_a_construct_as_its_graph() -> None:
    cascade = joined_answers.joined(catalogue()["cascade"])
    assert cascade.rows is not None and "cityCode" in cascade.rows.columns
    assert "VALUES" not in cascade.text  # `city` is a column: the rows are filtered
    cube = joined_answers.joined(catalogue()["reduction-cube"])
    assert cube.rows is None
    # what its WHERE reads, not what its template writes
    assert f"<{PK}rowHeadlineTarget>" in cube.predicates
    assert f"<{QB}structure>" not in cube.predicates
    assert not any(p.endswith("#>") for p in cube.predicates)  # no PREFIX declaration
    assert joined_answers.reads() >= cube.predicates | cascade.predicates


def test_a_plans_quads_read() -> None:
    """Of a plan's triples, those of a predicate read and the type triples of a class
    read, in the plan's graph."""
    plan, row = "<urn:p>", "<urn:p/summary>"
    ntriples = (
        f"{plan} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PK}Plan> .\n"
        f"{plan} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PK}Measure> .\n"
        f'{plan} <{PK}title> "t" .\n'
        f"{row} <{PK}summaryOf> {plan} .\n"
    )
    quads = plan_answers.read_quads("urn:p", ntriples, joined_answers.reads()).splitlines()
    assert quads == [
        f"{plan} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PK}Plan> <urn:p> .",
        f"{row} <{PK}summaryOf> {plan} <urn:p> .",
    ]
    assert joined_answers.decode(joined_answers.encode("urn:p", ntriples)).decode() == (
        "\n".join(quads) + "\n"
    )


def test_a_query_is_per_plan_or_joins_plans(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ per-plan: true\n#+ joins-plans: true\nSELECT ?s WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="not both"):
        load(path)


def test_only_a_select_or_a_construct_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ joins-plans: true\nDESCRIBE ?s WHERE { ?s a ?c }\n", encoding="utf-8")
    with pytest.raises(QueryError):
        joined_answers.joined(load(path))
