"""Bordered tables on a page image: their grid, found from the ruling lines.

A ruling is a long run of dark pixels: horizontal runs of at least half an inch, and
vertical runs that reach into two of those or more (a character's stroke is shorter than
the first, and in a row barely taller than it stops a few pixels short of both). Rulings
that cross make a table; its row and column boundaries are where its rulings lie, and a
cell spans rows or columns where the ruling between them is missing (a merged cell).
Pages without crossing rulings have no table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Mask = npt.NDArray[np.bool_]

_DARK = 200  # grey level below which a pixel is ink (a web table's rulings print light grey)


@dataclass(frozen=True)
class _Rule:
    """A ruling: `at` across the run (y of a horizontal one, x of a vertical one), the run
    from `lo` to `hi` along it, and its thickness in pixels."""

    at: float
    lo: int
    hi: int
    thickness: int


@dataclass(frozen=True)
class Cell:
    """A cell of the grid (pixels): its first row and column, and its box inside the
    rulings."""

    row: int
    column: int
    left: int
    top: int
    right: int
    bottom: int


@dataclass
class Grid:
    """A table: row boundaries `ys`, column boundaries `xs` (pixels), and its cells, each
    given once at its top-left grid position (a merged cell covers the positions to its
    right and below up to its box)."""

    ys: list[float]
    xs: list[float]
    cells: list[Cell]
    thickness: int

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def holds(self, x: float, y: float) -> bool:
        left, top, right, bottom = self.box
        return left <= x <= right and top <= y <= bottom


def dark(pixels: npt.NDArray[np.uint8]) -> Mask:
    """The ink of a greyscale image."""
    return np.asarray(pixels < _DARK)


def grids(ink: Mask, dpi: int) -> list[Grid]:
    """The bordered tables of a page's ink mask, top to bottom."""
    tol = max(2, dpi // 40)  # how far apart two marks may be and still meet
    horizontal = _rules(ink, dpi // 2, tol)
    vertical = _rules(ink.T, dpi // 10, tol)
    vertical = [v for v in (_between(v, horizontal, tol) for v in vertical) if v is not None]
    found = [_grid(hs, vs, tol) for hs, vs in _tables(horizontal, vertical, tol)]
    return sorted((g for g in found if g is not None), key=lambda g: g.ys[0])


def _rules(ink: Mask, least: int, tol: int) -> list[_Rule]:
    """Runs of ink along the rows of `ink` at least `least` long, those of neighbouring rows
    that overlap joined into one ruling (a line is several pixels thick)."""
    padded = np.pad(ink.astype(np.int8), ((0, 0), (1, 1)))
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    long = ends - starts >= least
    runs = sorted(zip(rows[long].tolist(), starts[long].tolist(), ends[long].tolist(), strict=True))
    open_: list[list[int]] = []  # [first row, last row, lo, hi]
    done: list[list[int]] = []
    for row, lo, hi in runs:
        for rule in open_:
            if rule[1] >= row - 1 and lo <= rule[3] + tol and hi >= rule[2] - tol:
                rule[1] = row
                rule[2], rule[3] = min(rule[2], lo), max(rule[3], hi)
                break
        else:
            open_.append([row, row, lo, hi])
        done += [r for r in open_ if r[1] < row - 1]
        open_ = [r for r in open_ if r[1] >= row - 1]
    done += open_
    return [_Rule((a + b) / 2, lo, hi, b - a + 1) for a, b, lo, hi in done]


def _between(rule: _Rule, across: list[_Rule], tol: int) -> _Rule | None:
    """A vertical run that crosses two horizontal rulings or more, cut to the outermost of
    them (ink beyond, say a character touching the table, is not the ruling); None for a
    run that crosses fewer (a character's stroke)."""
    ats = [
        h.at
        for h in across
        if h.lo - tol <= rule.at <= h.hi + tol
        and rule.lo - _reach(h) <= h.at <= rule.hi + _reach(h)
    ]
    if len(ats) < 2:
        return None
    return _Rule(rule.at, round(min(ats)), round(max(ats)), rule.thickness)


def _reach(rule: _Rule) -> float:
    """How far from a ruling's middle a run across it may stop and still have reached it:
    its half width and a pixel (a stroke of a character in a row barely taller than it
    stops a few pixels short of both rulings)."""
    return rule.thickness / 2 + 1


def _tables(
    horizontal: list[_Rule], vertical: list[_Rule], tol: int
) -> list[tuple[list[_Rule], list[_Rule]]]:
    """Rulings grouped by crossing: each group with two or more of each way is a table."""
    rules = horizontal + vertical
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical, start=len(horizontal)):
            if h.lo - tol <= v.at <= h.hi + tol and v.lo - tol <= h.at <= v.hi + tol:
                parent[root(i)] = root(j)
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, rule in enumerate(rules):
        hs, vs = groups.setdefault(root(i), ([], []))
        (hs if i < len(horizontal) else vs).append(rule)
    return [(hs, vs) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]


def _positions(rules: list[_Rule], tol: int) -> list[float]:
    """Where the rulings lie, those closer than a ruling's width plus `tol` taken as one."""
    out: list[list[float]] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if out and rule.at - out[-1][-1] <= rule.thickness + tol:
            out[-1].append(rule.at)
        else:
            out.append([rule.at])
    return [sum(p) / len(p) for p in out]


def _covered(rules: list[_Rule], at: float, lo: float, hi: float, tol: int) -> bool:
    """Is the stretch lo..hi at `at` drawn by one of the rulings?"""
    return any(
        abs(r.at - at) <= r.thickness + tol and r.lo <= lo + tol and r.hi >= hi - tol for r in rules
    )


def _grid(horizontal: list[_Rule], vertical: list[_Rule], tol: int) -> Grid | None:
    ys, xs = _positions(horizontal, tol), _positions(vertical, tol)
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    parent = {(i, j): (i, j) for i in range(rows) for j in range(columns)}

    def root(p: tuple[int, int]) -> tuple[int, int]:
        while parent[p] != p:
            p = parent[p]
        return p

    def join(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = root(a), root(b)
        parent[max(ra, rb)] = min(ra, rb)

    for i in range(rows):
        for j in range(columns):
            if j + 1 < columns and not _covered(vertical, xs[j + 1], ys[i], ys[i + 1], tol):
                join((i, j), (i, j + 1))  # no ruling between two columns: one cell
            if i + 1 < rows and not _covered(horizontal, ys[i + 1], xs[j], xs[j + 1], tol):
                join((i, j), (i + 1, j))  # no ruling between two rows: one cell
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p in parent:
        spans.setdefault(root(p), []).append(p)
    # the usual line width (a run that ink beside a ruling joined is wider than the line)
    thickness = max(
        _median([r.thickness for r in horizontal]), _median([r.thickness for r in vertical])
    )
    cells = []
    for (i, j), members in sorted(spans.items()):
        last_i, last_j = max(m[0] for m in members), max(m[1] for m in members)
        cells.append(
            Cell(i, j, round(xs[j]), round(ys[i]), round(xs[last_j + 1]), round(ys[last_i + 1]))
        )
    return Grid(ys, xs, cells, thickness)


def _median(values: list[int]) -> int:
    return sorted(values)[len(values) // 2]
