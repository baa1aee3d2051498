"""SELECT results as an aligned text table, for a person at a terminal.

Chinese characters take two terminal columns (East Asian Width W/F), so widths are
measured in columns, not characters. A row fits the terminal's width: the widest columns
give way first, down to a few columns each, and a cut cell ends with an ellipsis (the full
values: `--format csv` or `json`).
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

MAX_CELL = 48  # terminal columns
MIN_CELL = 6  # a column narrowed to fit the terminal keeps at least this many
GAP = 2  # columns between two columns


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


def fit(widths: list[int], columns: int | None) -> list[int]:
    """The column widths narrowed, widest first, until a row of them fits in `columns`
    (None: no limit); none below MIN_CELL (or its own width when smaller)."""
    out = list(widths)
    if columns is None:
        return out
    floor = [min(w, MIN_CELL) for w in out]
    excess = sum(out) + GAP * max(len(out) - 1, 0) - columns
    while excess > 0:
        i = max(range(len(out)), key=lambda k: out[k] - floor[k])
        if out[i] <= floor[i]:
            break  # as narrow as they go: the terminal wraps the rest
        out[i] -= 1
        excess -= 1
    return out


def render_table(result: ox.QuerySolutions | ox.QueryBoolean, columns: int | None = None) -> str:
    """The rows under a header line, columns separated by two spaces; a row count last.
    `columns`: the terminal's width, which every line then fits in."""
    if isinstance(result, ox.QueryBoolean):
        return ("true" if bool(result) else "false") + "\n"
    names = [v.value for v in result.variables]
    full = [[_cut(_cell(row[name]), MAX_CELL) for name in names] for row in result]
    natural = [max([width(n), *(width(r[i]) for r in full)]) for i, n in enumerate(names)]
    widths = fit(natural, columns)
    heads = [_cut(n, w) for n, w in zip(names, widths, strict=True)]
    rows = [[_cut(c, w) for c, w in zip(r, widths, strict=True)] for r in full]
    sep = " " * GAP
    lines = [
        sep.join(_pad(n, w) for n, w in zip(heads, widths, strict=True)).rstrip(),
        sep.join("-" * w for w in widths),
    ]
    lines += [sep.join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"
