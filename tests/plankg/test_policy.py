"""The scan that finds SERVICE targets and FROM graphs before a query runs."""

from __future__ import annotations

import pytest

from plankg.policy import Reach, Refused, check, query_dataset, reach

C = "http://127.0.0.1:9/"


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
        "SELECT * WHERE { ?s <http://x/SERVICE> ?service }",
        "PREFIX ex: <http://x/>\nSELECT * WHERE { ?s ex:service ex:a.service }",
        "PREFIX service: <http://x/>\nSELECT * WHERE { ?s service:from ?o }",
        'SELECT * WHERE { ?s ?p "x"@service }',
        "SELECT * WHERE { ?s ?p '''FROM <http://x/>''' }",
        "SELECT ?from WHERE { ?from ?p ?o FILTER(?o<3) }",
    ],
)
def test_keywords_inside_other_tokens_are_not_keywords(query: str) -> None:
    assert reach(query) == Reach((), (), ())


@pytest.mark.parametrize(
    ("query", "target"),
    [
        (f"SELECT * WHERE {{ SERVICE <{C}sparql> {{ ?s ?p ?o }} }}", C + "sparql"),
        (f"SELECT * WHERE {{ sErViCe SILENT <{C}sparql> {{}} }}", C + "sparql"),
        (f"PREFIX c: <{C}>\nSELECT * WHERE {{ ?a ?b ?c.SERVICE c:s\\~q {{}} }}", C + "s~q"),
        (f"BASE <{C}a/>\nSELECT * WHERE {{ SERVICE <../b> {{}} }}", C + "b"),
        (f"SELECT * WHERE {{ \\u0053ERVICE <{C}x> {{}} }}", C + "x"),
        (f"SELECT * WHERE {{ ?s ?p ?o }}#\nSERVICE<{C}x>{{}}", C + "x"),
    ],
)
def test_service_targets_are_found(query: str, target: str) -> None:
    assert target in reach(query).services


def test_relative_service_resolves_against_the_endpoint() -> None:
    found = reach("SELECT * WHERE { SERVICE <x> {} }", base_iri=C + "sparql")
    assert found.services == (C + "x",)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE ?endpoint {} }",
        "SELECT * WHERE { SERVICE nope:x {} }",
        "SELECT * WHERE { SERVICE <relative> {} }",
        "SELECT * WHERE { SERVICE }",
        "SELECT * FROM ?g WHERE { }",
    ],
)
def test_unresolvable_targets_fail_closed(query: str) -> None:
    with pytest.raises(Refused):
        check(query, None, [C], lambda g: True)


def test_from_graphs() -> None:
    query = "SELECT * FROM <http://a/g> FROM NAMED <http://b/g> WHERE { }"
    assert reach(query).graphs == ("http://a/g", "http://b/g")
    assert query_dataset(query).from_graphs == ("http://a/g",)
    assert query_dataset(query).from_named == ("http://b/g",)
    check(query, None, [], lambda g: True)
    check(query, None, ["http://b/"], lambda g: g == "http://a/g")
    with pytest.raises(Refused, match="http://b/g"):
        check(query, None, [], lambda g: g == "http://a/g")


def test_allow_list_is_a_prefix_match() -> None:
    query = f"SELECT * WHERE {{ SERVICE <{C}sparql> {{}} }}"
    check(query, None, [C], lambda g: False)
    with pytest.raises(Refused):
        check(query, None, ["http://127.0.0.1:99/"], lambda g: False)
    with pytest.raises(Refused):
        check(query, None, [""], lambda g: False)
