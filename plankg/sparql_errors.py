"""A SPARQL syntax error as one readable line with its position, for every reader of one:
the API's 400 (api.engine), `plankg query` and the /sparql editor.

pyoxigraph reports `error at LINE:COLUMN: expected one of …` followed by every token and
character class its parser could have taken there, across several lines. What a person
needs is where, what was found there, and, when the list says it, why (an undeclared
prefix, an unbound variable); the character classes are left out.
"""

from __future__ import annotations

import re

from plankg.sparql_lexer import tokens

_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)$", re.S)  # Oxigraph, or its server
# the parser's own explanations, among the tokens it expected
_REASONS = {
    "Prefix not found": "undeclared prefix",
    "The SELECT contains a variable that is unbound": (
        "the SELECT names a variable that is not in the GROUP BY"
    ),
}
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_WORD = re.compile(r"\b([A-Z]{2,})\b")
_MAX_EXPECTED = 8


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _offset(query: str, line: int, column: int) -> tuple[int, int]:
    """The character offset in `query` and the character column of the parser's
    LINE:COLUMN, whose column counts bytes of UTF-8 (1-based)."""
    lines = query.split("\n")
    if line > len(lines):
        return len(query), column
    text = lines[line - 1]
    chars = len(text.encode("utf-8")[: max(column - 1, 0)].decode("utf-8", "ignore"))
    return sum(len(x) + 1 for x in lines[: line - 1]) + chars, chars + 1


def _found(query: str, at: int) -> str:
    """The word or sign at offset `at` ('' at the end of the query)."""
    m = re.match(r"\s*([\w:?$.-]+|\S)", query[at:])
    return m.group(1)[:40] if m else ""


def _prefix_before(query: str, at: int) -> str | None:
    names = [t.text for t in tokens(query[:at]) if t.kind == "pname"]
    return names[-1].partition(":")[0] + ":" if names else None


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def readable(message: str, query: str) -> str:
    """`SPARQL syntax error at line L, column C: …` from a pyoxigraph SyntaxError message;
    any other message (a remote server's) on one line."""
    m = _POSITION.search(message.strip())
    if m is None:
        return one_line(f"SPARQL syntax error: {message}")
    line, column, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    offset, column = _offset(query, line, column)
    where = f"SPARQL syntax error at line {line}, column {column}"
    found = _found(query, offset)
    for marker, reason in _REASONS.items():
        if marker in rest:
            name = _prefix_before(query, offset + 1) if reason == "undeclared prefix" else None
            return f"{where}: {reason} {name}" if name else f"{where}: {reason}"
    at = f"unexpected {found!r}" if found else "unexpected end of query"
    if rest.startswith("expected one of"):
        # a list with character classes ([…]) is the parser's every alternative: no help
        if "[" in rest:
            return f"{where}: {at}"
        expected = [f'"{t}"' for t in (_unescape(q) for q in _QUOTED.findall(rest)) if t]
        expected += [w for w in _WORD.findall(_QUOTED.sub(" ", rest)) if w not in expected]
        if expected:
            shown = ", ".join(expected[:_MAX_EXPECTED])
            more = ", …" if len(expected) > _MAX_EXPECTED else ""
            return one_line(f"{where}: {at}; expected one of {shown}{more}")
        return f"{where}: {at}"
    if rest.startswith("expected "):
        return one_line(f"{where}: {at}; {rest}")
    return one_line(f"{where}: {rest or at}")
