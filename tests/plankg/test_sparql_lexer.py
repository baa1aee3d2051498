"""The shared SPARQL lexer as the binder and the dataset check use it."""

from __future__ import annotations

import pytest

from plankg.queries import QueryError, where_group
from plankg.store import has_dataset_clause


def test_where_group_skips_strings_comments_and_iris() -> None:
    q = 'PREFIX ex: <http://e/{x}>\n# WHERE { not this\nSELECT ("WHERE {" AS ?s) WHERE { ?a ?b ?c }'
    at = where_group(q)
    assert q[at - 1] == "{" and q[at:].strip().startswith("?a ?b ?c")


def test_where_group_without_where_keyword_and_construct() -> None:
    assert "SELECT * { ?s ?p ?o }"[where_group("SELECT * { ?s ?p ?o }") :].startswith(" ?s")
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert where_group(q) == q.index("WHERE {") + len("WHERE {")
    with pytest.raises(QueryError):
        where_group("CONSTRUCT { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://g> { ?s ?p ?o }", True),
        ("select * from named <http://g> { graph ?g { ?s ?p ?o } }", True),
        ('SELECT * { ?s ?p "FROM" } # FROM <x>', False),
        ("SELECT ?from { ?from <http://e/from> ex:from }", False),
    ],
)
def test_dataset_clause(query: str, expected: bool) -> None:
    assert has_dataset_clause(query) is expected
