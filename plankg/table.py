"""SELECT results as an aligned text table, for a person at a terminal.

Chinese characters take two terminal columns (East Asian Width W/F), so widths are
measured in columns, not characters. Long cells are cut with an ellipsis so a row fits.
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

MAX_CELL = 48  # terminal columns


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value.replace("\n", " ")
    return str(term)


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def render_table(result: ox.QuerySolutions | ox.QueryBoolean) -> str:
    """The rows under a header line, columns separated by two spaces; a row count last."""
    if isinstance(result, ox.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    names = [v.value for v in result.variables]
    rows = [[_cut(_cell(row[name]), MAX_CELL) for name in names] for row in result]
    widths = [max([width(n), *(width(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = [
        "  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"
