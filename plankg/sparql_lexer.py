"""A small lexer for SPARQL text, shared by everything that must read a query without
running it: binding parameters (where the WHERE group opens), the dataset check (is there
a FROM) and the outbound-request policy (SERVICE / FROM targets).

Strings, comments and language tags are skipped; IRIs, variables, prefixed names, words
and braces are tokens, so a keyword inside a string, an IRI or a name is never mistaken
for one. With `full=True` the same scan also yields strings, numbers, parentheses,
brackets and the separators `.`, `;` and `,` (the query limits measure with those).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_TOKENS = re.compile(
    r'''(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''
    r"""|'(?:[^'\\\n\r]|\\.)*')"""
    r"|(?P<skip>#[^\n\r]*"
    r"|@[A-Za-z]+(?:-{1,2}[A-Za-z0-9]+)*)"
    r"""|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)"""
    r"|(?P<var>[?$]\w+)"
    r"|(?P<pname>(?:[^\W\d][\w.\-\u00b7]*)?:(?:(?:[\w:\-%\u00b7]|\\.)(?:[\w.:\-%\u00b7]|\\.)*)?)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<brace>[{}])"
    # only yielded by tokens(full=True)
    r"|(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<paren>[()])"
    r"|(?P<bracket>[\[\]])"
    r"|(?P<punct>[.;,])"
)
_FULL_ONLY = frozenset({"string", "number", "paren", "bracket", "punct"})


class Token(NamedTuple):  # a tuple: thousands are made per query, cheaply
    kind: str  # iri, var, pname, word, brace (full: string, number, paren, bracket, punct)
    text: str
    start: int  # offset in the query text


def tokens(text: str, full: bool = False) -> Iterator[Token]:
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup or "skip"
        if kind == "pname" and m.group().endswith("."):  # a local name never ends with "."
            name = m.group().rstrip(".")
            yield Token(kind, name, m.start())
            if full:
                yield Token("punct", ".", m.start() + len(name))
        elif kind != "skip" and (full or kind not in _FULL_ONLY):
            yield Token(kind, m.group(), m.start())


def is_word(token: Token, word: str) -> bool:
    return token.kind == "word" and token.text.upper() == word


QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first such keyword outside the prologue's
    IRIs and names; None when there is none (an update, or not SPARQL)."""
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() in QUERY_FORMS:
            return token.text.upper()
    return None


def with_row_cap(text: str, cap: int) -> tuple[str, bool] | None:
    """A SELECT query that returns at most `cap` + 1 solutions, so that the store can
    serialise them itself and a count tells whether the cap was passed: the text with a
    LIMIT appended (True), the text unchanged when its own LIMIT is within the cap
    (False), or None when neither is possible (not a SELECT, a LIMIT over the cap, or a
    trailing VALUES block, after which nothing may follow)."""
    depth = 0
    after_limit = False
    form = None
    for token in tokens(text, full=True):
        if form is None:
            if token.kind == "word" and token.text.upper() in QUERY_FORMS:
                form = token.text.upper()
                if form != "SELECT":
                    return None
            continue
        if token.kind == "brace":
            depth += 1 if token.text == "{" else -1
        elif depth == 0 and token.kind == "word" and token.text.upper() in ("LIMIT", "VALUES"):
            if token.text.upper() == "VALUES":
                return None
            after_limit = True
        elif after_limit:
            if token.kind != "number" or not token.text.isdigit():
                return None
            return (text, False) if int(token.text) <= cap else None
    if form is None:
        return None
    # on a line of its own: the query may end in a comment
    return f"{text}\nLIMIT {cap + 1}", True


# Strings and comments, blanked before counting parentheses between tokens.
_SKIP = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n\r]*""")


def columns(text: str) -> list[str] | None:
    """The variables a SELECT query projects, in order; None for `SELECT *` or another form.

    A projected variable stands at the top level of the projection or right after `AS`
    (in `(expression AS ?var)`); the lexer gives no parentheses, so they are counted in
    the text between tokens, strings and comments blanked."""
    found: list[str] = []
    depth = 0
    in_select = False
    previous = ""
    end = 0
    for token in tokens(text):
        if not in_select:
            form = next((f for f in QUERY_FORMS if is_word(token, f)), None)
            if form is None:
                continue
            if form != "SELECT":
                return None
            in_select = True
        else:
            for char in _SKIP.sub("", text[end : token.start]):
                if char == "*" and depth == 0:
                    return None
                depth += {"(": 1, ")": -1}.get(char, 0)
            if token.kind == "brace" or (
                depth == 0 and any(is_word(token, w) for w in ("WHERE", "FROM"))
            ):
                break
            if token.kind == "var" and (depth == 0 or previous == "AS"):
                found.append(token.text[1:])
        end = token.start + len(token.text)
        previous = token.text.upper() if token.kind == "word" else ""
    return found or None
