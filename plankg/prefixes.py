"""The prefixes every query may use without declaring them (contract §4), as large public
endpoints predeclare theirs. A query's own PREFIX declaration of the same name wins.

The embedded store hands them to pyoxigraph's parser (`Store.query(prefixes=…)`), so the
query text is never edited. A remote SPARQL server knows nothing of them: `declare` writes
the declarations the query needs (the predeclared prefixes it uses and does not declare
itself) in front of it, all on the text's first line, so the line numbers of a syntax
error stay those of the query as written. The lexer (plankg.sparql_lexer) reads the
names, so a `pk:` inside a string, an IRI or a comment is never taken for one.
"""

from __future__ import annotations

from plankg.sparql_lexer import is_word, tokens

PREDECLARED: dict[str, str] = {
    "pk": "https://w3id.org/plankg/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
}


def needed(sparql: str) -> list[str]:
    """The predeclared prefixes the query uses without declaring them, in first use order."""
    declared: set[str] = set()
    used: list[str] = []
    toks = list(tokens(sparql))
    for i, tok in enumerate(toks):
        if tok.kind != "pname":
            continue
        prefix = tok.text.partition(":")[0]
        if i > 0 and is_word(toks[i - 1], "PREFIX"):
            declared.add(prefix)
        elif prefix in PREDECLARED and prefix not in used:
            used.append(prefix)
    return [p for p in used if p not in declared]


def declare(sparql: str) -> str:
    """The query with PREFIX declarations for the predeclared prefixes it needs, on the
    first line (for a server that does not predeclare them)."""
    names = needed(sparql)
    if not names:
        return sparql
    return " ".join(f"PREFIX {p}: <{PREDECLARED[p]}>" for p in names) + " " + sparql
