"""SERVICE mirrors (plankg/mirrors.py): a federated query's SERVICE target is redirected
to a mirror before the allow-list is checked, and nothing else in the query changes."""

from __future__ import annotations

import pytest

from plankg import policy
from plankg.mirrors import rewrite
from plankg.queries import catalogue

WIKIDATA = "https://query.wikidata.org/sparql"

MIRRORS = {WIKIDATA: "http://127.0.0.1:9/query"}


def test_rewrite_replaces_only_service_targets() -> None:
    query = f"""PREFIX wd: <https://query.wikidata.org/>
SELECT * WHERE {{
  ?s ?p "SERVICE <{WIKIDATA}>" .  # SERVICE <{WIKIDATA}>
  SERVICE SILENT wd:sparql {{ ?a ?b <{WIKIDATA}> }}
  service <{WIKIDATA}> {{ }}
}}"""
    out = rewrite(query, MIRRORS)
    assert out.count("<http://127.0.0.1:9/query>") == 2
    assert out.count(f"<{WIKIDATA}>") == 3  # the string, the comment, the object IRI
    assert "wd:sparql" not in out
    assert rewrite(query, {}) == query


def test_rewrite_comes_before_the_allow_list() -> None:
    query = catalogue()["city-population"].bound({})
    with pytest.raises(policy.Refused):
        policy.check(query, None, [], lambda g: False)
    with pytest.raises(policy.Refused):  # the mirror is not the published endpoint
        policy.check(
            rewrite(query, MIRRORS), None, ["https://query.wikidata.org/"], lambda g: False
        )
    found = policy.check(rewrite(query, MIRRORS), None, ["http://127.0.0.1:9/"], lambda g: False)
    assert found.services == ("http://127.0.0.1:9/query",)


def test_escaped_service_iri_is_not_rewritten_and_stays_refused() -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sp\\u0061rql> { ?s ?p ?o } }"
    assert rewrite(query, MIRRORS) == query
    with pytest.raises(policy.Refused):
        policy.check(query, None, ["http://127.0.0.1:9/"], lambda g: False)
