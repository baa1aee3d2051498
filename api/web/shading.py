"""What a map shows for a chosen answer: each division's own answer, the class (colour) it
falls in, and for an area without a plan of its own (a province, a prefecture) a summary
of the divisions inside it. Two answers:

- the promised energy-intensity cut (the `energy-intensity` named query's headline
  targets, percent): classes of equal width over the answers' range, in a sequential
  palette; an area without its own plan takes the median of its divisions';
- the agency type that leads a topic (the lead-agencies rows): the type leading the most
  units of work of the topic in the division (ties: the vocabulary's order), in a
  qualitative palette (the most frequent types get a colour each, the rest one for all);
  an area without its own plan takes the type most of its divisions have.

A division with an issued plan answers from it, not also from its draft."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ingest.gazetteer import is_within

# ColorBrewer YlGnBu, 5 classes: a larger cut is darker.
SEQUENTIAL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# Okabe and Ito's palette, told apart with every kind of colour blindness; OTHER for the rest.
QUALITATIVE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
OTHER = "#8c8c8c"
NO_DATA = "#f0f0f0"
CLASSES = 5


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (WCAG contrast ratio)."""
    lum = _luminance(fill)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


@dataclass(frozen=True)
class Answer:
    """One division's own answer."""

    code: str
    name: str
    key: str  # its class: a swatch key
    text: str  # the answer as shown: 17.5%, 生态环境部门
    value: float | None = None  # a number to summarise (the median), when it is one
    evidence: str | None = None  # the IRI of the statement it comes from
    draft: bool = False


@dataclass(frozen=True)
class Swatch:
    key: str
    label: str
    fill: str

    @property
    def ink(self) -> str:
        return ink(self.fill)


@dataclass(frozen=True)
class Area:
    """What a map area shows: its own answer, a summary of its divisions', or nothing."""

    code: str
    swatch: Swatch | None  # None: no data
    text: str
    own: bool  # from its own plan
    count: int  # divisions summarised (1 for its own)

    @property
    def fill(self) -> str:
        return self.swatch.fill if self.swatch else NO_DATA

    @property
    def ink(self) -> str:
        return ink(self.fill)


Summary = Callable[[Sequence[Answer]], tuple[str, str]]  # -> (swatch key, text)


@dataclass
class Shading:
    title: str  # what the colours mean: the legend's heading
    swatches: list[Swatch]
    answers: dict[str, Answer]  # division code -> its own answer
    summarise: Summary
    _by_key: dict[str, Swatch] = field(default_factory=dict)
    _within: dict[str, list[Answer]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key = {s.key: s for s in self.swatches}
        within: dict[str, list[Answer]] = defaultdict(list)
        for answer in self.answers.values():
            code = answer.code
            for area in {code[:2] + "0000", code[:4] + "00"} - {code}:
                within[area].append(answer)
        self._within = dict(within)

    def swatch(self, key: str) -> Swatch | None:
        return self._by_key.get(key)

    def inside(self, area: str) -> list[Answer]:
        """The answers of the divisions inside `area` (not its own), by code."""
        return sorted(
            (a for a in self._within.get(area, []) if is_within(a.code, area)),
            key=lambda a: a.code,
        )

    def area(self, code: str) -> Area:
        own = self.answers.get(code)
        if own is not None:
            return Area(code, self.swatch(own.key), own.text, True, 1)
        inside = self.inside(code)
        if not inside:
            return Area(code, None, "", False, 0)
        key, text = self.summarise(inside)
        return Area(code, self.swatch(key), text, False, len(inside))


def _preferred(rows: Iterable[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Rows by division code, of its issued plan when it has one, else of its draft."""
    by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_code[row["cityCode"]].append(row)
    out = {}
    for code, found in by_code.items():
        issued = [r for r in found if r.get("status") != "draft"]
        out[code] = issued or found
    return out


def _number(value: float) -> str:
    return f"{value:g}"


def _breaks(values: Sequence[float]) -> tuple[int, float, int]:
    """(lowest, class width, classes): equal classes of a whole or half percent over the
    values' range, at most CLASSES of them."""
    low, high = math.floor(min(values)), math.ceil(max(values))
    if high == low:
        return low, 1.0, 1
    width = math.ceil((high - low) / CLASSES * 2) / 2
    return low, width, min(CLASSES, math.ceil((high - low) / width))


def energy_intensity(rows: Sequence[dict[str, str]], w: dict[str, str]) -> Shading:
    """From the `energy-intensity` query's rows (or api.web.digest.energy_rows, the same
    with the target): each division's basic (not aspirational) headline cut, else its
    aspirational one; the largest first."""
    chosen: dict[str, tuple[dict[str, str], bool]] = {}
    for code, found in _preferred(rows).items():
        stated = [r for r in found if r.get("qualifier") != "aspirational"]
        chosen[code] = ((stated or found)[0], bool(stated))  # the query lists the largest first
    values = [float(row["value"]) for row, _ in chosen.values()]
    low, width, classes = _breaks(values) if values else (0, 1.0, 0)

    def classify(value: float) -> str:
        return f"c{min(int((value - low) // width), classes - 1)}" if classes else ""

    swatches: list[Swatch] = []
    for i in range(classes):
        fill = SEQUENTIAL[round(i * (len(SEQUENTIAL) - 1) / max(classes - 1, 1))]
        lo, hi = low + i * width, low + (i + 1) * width
        label = f"{_number(lo)}–{_number(hi)}%" if classes > 1 else f"{_number(lo)}%"
        swatches.append(Swatch(f"c{i}", label, fill))
    answers: dict[str, Answer] = {}
    for (code, (row, basic)), value in zip(chosen.items(), values, strict=True):
        sign = {"at-least": "≥ ", "at-most": "≤ ", "about": "≈ "}.get(row.get("qualifier", ""), "")
        text = f"{sign}{value:g}%" + ("" if basic else " " + w["aspirational_mark"])
        evidence = row.get("target") or row.get("plan")
        answers[code] = Answer(code, row["cityName"], classify(value), text, value, evidence,
                               row.get("status") == "draft")  # fmt: skip

    def median(inside: Sequence[Answer]) -> tuple[str, str]:
        value = statistics.median(a.value for a in inside if a.value is not None)
        text = w["median_of"].format(value=_number(round(value, 2)) + "%", n=len(inside))
        return classify(value), text

    return Shading(w["map_energy"], swatches, answers, median)


def lead_types(
    rows: Sequence[dict[str, str]],
    order: Sequence[str],
    labels: Callable[[str], str],
    title: str,
    w: dict[str, str],
) -> Shading:
    """From lead rows (api.web.digest.lead_rows: cityCode, agencyType IRI, resp, …):
    the agency type leading the most units of work in each division. `order`: the
    agency-type IRIs in the vocabulary's order (ties); `labels`: an IRI's label."""
    rank = {iri: i for i, iri in enumerate(order)}
    answers: dict[str, Answer] = {}
    for code, found in _preferred(rows).items():
        units: dict[str, set[str]] = {}
        evidence: dict[str, str] = {}
        for row in found:
            units.setdefault(row["agencyType"], set()).add(row.get("item") or row["measure"])
            evidence.setdefault(row["agencyType"], row["resp"])
        counts = {t: len(u) for t, u in units.items()}
        top = min(counts, key=lambda t: (-counts[t], rank.get(t, len(rank)), t))
        answers[code] = Answer(code, found[0]["cityName"], top, labels(top), None, evidence[top])
    # a colour for each of the types leading the most divisions, one for the others
    led = Counter(a.key for a in answers.values())
    ranked = sorted(led, key=lambda t: (-led[t], rank.get(t, len(rank)), t))
    coloured = ranked if len(ranked) <= len(QUALITATIVE) else ranked[: len(QUALITATIVE) - 1]
    swatches = [Swatch(t, labels(t), QUALITATIVE[i]) for i, t in enumerate(coloured)]
    if len(coloured) < len(ranked):
        swatches.append(Swatch("", w["other_types"], OTHER))
        kept = set(coloured)
        answers = {
            c: Answer(a.code, a.name, a.key if a.key in kept else "", a.text, None, a.evidence)
            for c, a in answers.items()
        }

    def most(inside: Sequence[Answer]) -> tuple[str, str]:
        types = Counter(a.key for a in inside)
        key = min(types, key=lambda t: (-types[t], rank.get(t, len(rank)), t))
        label = next(a.text for a in inside if a.key == key) if key else w["other_types"]
        return key, w["most_of"].format(value=label, k=types[key], n=len(inside))

    return Shading(title, swatches, answers, most)
