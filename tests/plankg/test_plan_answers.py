"""The per-plan answers' mechanics (plankg.plan_answers): what a query's stored rows hold,
and how the plans' rows become the whole answer, in SPARQL's order. Their equality with
the queries' answers over a store is tests/api/test_national.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from plankg.plan_answers import Row, Term, answerable, merge, shape, shapes
from plankg.queries import NamedQuery, QueryError, catalogue, load

PREFIXES = "PREFIX pk: <https://w3id.org/plankg/ontology#>\n"
DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def _query(tmp_path: Path, text: str) -> NamedQuery:
    path = tmp_path / "q.rq"
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_marked_queries_have_shapes() -> None:
    marked = {q.name for q in catalogue().values() if q.per_plan}
    assert {s.name for s in shapes()} == marked
    assert {"targets", "plans", "energy-intensity", "emission-reductions"} <= marked


def test_a_shape_projects_its_order_and_binds_other_parameters() -> None:
    targets = shape(catalogue()["targets"])
    assert targets.hidden == ("plan", "offset")  # ordered by, not shown
    assert targets.stored[: len(targets.columns)] == targets.columns
    assert "?plan ?offset" in targets.text and "VALUES" not in targets.text
    assert "<https://w3id.org/plankg/ontology#rowTarget>" in targets.predicates
    energy = shape(catalogue()["energy-intensity"])
    assert energy.order == (("value", True), ("cityCode", False))
    # used only in a FILTER on a column: left out, applied to the stored rows
    assert energy.compared == (("min", "value", ">="),)
    assert "?minPercent)" not in energy.text and "VALUES" not in energy.text


def test_a_parameter_used_otherwise_is_bound_to_its_default(tmp_path: Path) -> None:
    query = _query(
        tmp_path,
        "#+ per-plan: true\n#+ params:\n#+   - {name: min, variable: m, datatype: decimal, default: '2'}\n"
        + PREFIXES
        + "SELECT ?s WHERE { ?s pk:value ?v FILTER (?v > ?m + 1) }\n",
    )
    found = shape(query)
    assert found.compared == () and found.fixed == (("min", "2"),)
    assert 'VALUES (?m) { ("2"^^<http://www.w3.org/2001/XMLSchema#decimal>) }' in found.text
    assert answerable(query, {"min": "2"}) == []
    assert answerable(query, {"min": "3"}) is None  # the rows were made with 2: the query runs


def test_a_query_ordered_by_an_expression_has_no_shape(tmp_path: Path) -> None:
    query = _query(
        tmp_path, PREFIXES + "SELECT ?s ?v WHERE { ?s pk:value ?v } ORDER BY (STR(?v))\n"
    )
    with pytest.raises(QueryError, match="orders by variables only"):
        shape(query)


def _lit(value: str, datatype: str = "") -> Term:
    out = {"type": "literal", "value": value}
    if datatype:
        out["datatype"] = datatype
    return out


def test_merge_sorts_as_sparql_and_keeps_the_first_of_equal_rows(tmp_path: Path) -> None:
    query = _query(
        tmp_path,
        PREFIXES + "SELECT DISTINCT ?s ?v WHERE { ?s pk:value ?v ; pk:number ?n }\n"
        "ORDER BY DESC(?v) ?n\n",
    )
    found = shape(query)
    assert found.stored == ("s", "v", "n")
    a, b = {"type": "uri", "value": "urn:a"}, {"type": "uri", "value": "urn:b"}
    rows: list[Row] = [
        [a, _lit("9", DECIMAL), _lit("2", DECIMAL)],
        [b, _lit("10", DECIMAL), _lit("1", DECIMAL)],  # 10 > 9 as numbers, not as text
        [a, _lit("9", DECIMAL), _lit("1", DECIMAL)],  # the same shown row, first by ?n
        [b, None, _lit("0", DECIMAL)],  # unbound: first ascending, last descending
    ]
    assert merge(found, rows) == [
        [b, _lit("10", DECIMAL)],
        [a, _lit("9", DECIMAL)],
        [b, None],
    ]
