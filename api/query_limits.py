"""Limits on the shape of a public query, checked from its text before a worker is spent.

Oxigraph's parser and planner recurse over the query: a query nested a few thousand
groups deep overflows the worker's stack (the process dies), and a query of tens of
thousands of patterns or VALUES rows costs a worker long before it is evaluated. So the
text is measured with the project's lexer (plankg.sparql_lexer, strings, IRIs and
comments are single tokens) and refused with 400 naming the limit:

- depth: the deepest nesting of `{}`, `()` and `[]` together;
- patterns: the triple patterns, counted from the separators `.`, `;` and `,` of the
  query's groups (outside parentheses) plus one per non-empty group: an estimate;
- VALUES: the values written in all VALUES blocks together (UNDEF included).
"""

from __future__ import annotations

from dataclasses import dataclass

from plankg.settings import Settings
from plankg.sparql_lexer import tokens

_OPEN = frozenset("{([")
_VALUE_KINDS = frozenset({"iri", "pname", "string", "number", "word"})


@dataclass(frozen=True)
class Shape:
    depth: int
    patterns: int
    values: int


def measure(text: str) -> Shape:
    depth = deepest = patterns = values = 0
    paren = 0  # parentheses open (expressions, lists): separators there are no patterns
    group_content: list[bool] = []  # per open brace: has it held a term yet
    values_depth = -1  # brace depth of the VALUES block being read, -1 outside
    after_values = False
    for tok in tokens(text, full=True):
        kind, char = tok.kind, tok.text
        if kind in ("brace", "paren", "bracket"):
            if char in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
                if kind == "paren":
                    paren += 1
                elif kind == "brace":
                    group_content.append(False)
                    if after_values and values_depth < 0:
                        values_depth = len(group_content)
                        after_values = False
            else:
                depth = max(0, depth - 1)
                if kind == "paren":
                    paren = max(0, paren - 1)
                elif kind == "brace" and group_content:
                    if group_content[-1] and values_depth < 0:
                        patterns += 1
                    if values_depth == len(group_content):
                        values_depth = -1
                    group_content.pop()
            continue
        if kind == "word" and char.upper() == "VALUES":
            after_values = True
            continue
        if values_depth > 0:
            if kind in _VALUE_KINDS:
                values += 1
            continue
        if kind == "punct":
            if group_content and paren == 0:
                patterns += 1
                group_content[-1] = False  # the separator closed the pattern before it
        elif group_content and (kind != "word" or char == "a"):
            group_content[-1] = True
    return Shape(deepest, patterns, values)


def violation(text: str, settings: Settings) -> str | None:
    """Why the query is refused (the limit it passes, and its setting), or None."""
    shape = measure(text)
    if shape.depth > settings.max_query_depth:
        return (
            f"the query nests groups, parentheses or brackets {shape.depth} deep, more than "
            f"the limit of {settings.max_query_depth} (PLANKG_MAX_QUERY_DEPTH)"
        )
    if shape.patterns > settings.max_query_patterns:
        return (
            f"the query has about {shape.patterns} triple patterns, more than the limit of "
            f"{settings.max_query_patterns} (PLANKG_MAX_QUERY_PATTERNS)"
        )
    if shape.values > settings.max_query_values:
        return (
            f"the query's VALUES blocks hold {shape.values} values, more than the limit of "
            f"{settings.max_query_values} (PLANKG_MAX_QUERY_VALUES)"
        )
    return None
