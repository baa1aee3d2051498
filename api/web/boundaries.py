"""Division boundaries for the choropleth maps: the file PLANKG_BOUNDARIES names.

plankg ships no boundary geometry: China's published boundaries need approval to be shown
publicly, so an operator who has a licensed file (and the approval) points the setting at
it (docs/operating.md says how to make one). It is GeoJSON (a FeatureCollection) or
TopoJSON (a Topology, every object of it), its Polygon and MultiPolygon features each
keyed by a GB/T 2260 code in one of CODE_PROPERTIES or the feature's `id` (a number or a
string; a 9- or 12-digit statistical code whose tail is zeros counts as its first six
digits). A feature without such a code is skipped.

Codes change (a county becomes a district, two merge); a file made before the change
carries the old code. PLANKG_BOUNDARIES_CROSSWALK names a CSV with the columns `old` and
`new` that maps them to today's codes, by which the answers are matched. Codes that are
still unknown after it are logged once, at start.

The file is read once, when the service starts (an unreadable or shapeless file stops the
start with one line naming the setting); each ring is kept as a flat array of longitude,
latitude pairs, thinned of points closer than THIN_DEGREES to the one before. A map is
drawn by projecting the features it shows, equirectangularly at the mean latitude of
their extent, onto an SVG box, one path each (api.web.maps renders it).
"""

from __future__ import annotations

import csv
import json
import logging
import math
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.gazetteer import NATIONAL_CODE, is_division_code, is_within
from plankg.settings import Settings

log = logging.getLogger(__name__)

# The feature properties that may hold the GB/T 2260 code, in the order they are tried
# (`adcode`: DataV and Amap; `PAC`: the national basic geographic database; `gb`, `code`:
# common exports). Else the feature's `id`.
CODE_PROPERTIES = ("code", "adcode", "ADCODE", "gb", "GB", "gbcode", "PAC", "CODE")
THIN_DEGREES = 0.001  # about 100 m: far below a pixel of any map the pages draw
PIXEL = 0.6  # a projected point closer than this to the one before is dropped
_DIGITS = re.compile(r"[0-9]+")


class BoundaryError(Exception):
    """The boundaries file, or its crosswalk, cannot be used: the message names the
    setting, the file and why."""


def _level(code: str) -> int:
    """0 for a province, 1 for a prefecture, 2 for a county: finer ones draw on top."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


@dataclass(frozen=True, eq=False)
class Feature:
    code: str  # today's code (through the crosswalk)
    file_code: str  # the code as the file has it
    name: str  # the file's name of it, when it has one
    rings: tuple[array[float], ...]  # each: lon, lat, lon, lat, …
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @property
    def level(self) -> int:
        return _level(self.code)


@dataclass(frozen=True, eq=False)
class Boundaries:
    source: Path
    features: tuple[Feature, ...]
    unknown: tuple[str, ...] = ()  # codes neither in the gazetteer nor crosswalked

    def within(self, area: str) -> list[Feature]:
        """The features of `area` (a division code, NATIONAL_CODE for all), coarse first."""
        chosen = [f for f in self.features if is_within(f.code, area)]
        return sorted(chosen, key=lambda f: f.level)


@dataclass(frozen=True)
class Drawn:
    feature: Feature
    d: str  # SVG path data


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    shapes: tuple[Drawn, ...] = field(default_factory=tuple)


# --- reading ---------------------------------------------------------------------------


def _code(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not _DIGITS.fullmatch(text):
        return None
    if len(text) == 6:
        return text
    if len(text) in (9, 12) and set(text[6:]) == {"0"}:
        return text[:6]
    return None


def _feature_code(properties: dict[str, Any], ident: object) -> str | None:
    for key in CODE_PROPERTIES:
        if key in properties:
            found = _code(properties[key])
            if found:
                return found
    return _code(ident)


def _thin(points: Iterable[Sequence[float]]) -> array[float]:
    out: array[float] = array("d")
    for point in points:
        x, y = float(point[0]), float(point[1])
        if out and abs(x - out[-2]) < THIN_DEGREES and abs(y - out[-1]) < THIN_DEGREES:
            continue
        out.extend((x, y))
    return out


def _polygons(kind: str, coordinates: Any) -> Iterator[Sequence[Sequence[float]]]:
    """The rings of a Polygon or MultiPolygon's coordinates (others: none)."""
    if kind == "Polygon":
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon


def _topology_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for raw in topology.get("arcs", []):
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0.0
            points = []
            for dx, dy, *_ in raw:  # quantized and delta-encoded
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in raw]
        arcs.append(points)
    return arcs


def _topology_ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[Any]:
    ring: list[tuple[float, float]] = []
    for k, i in enumerate(indexes):
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if k == 0 else arc[1:])  # each arc starts where the last ended
    return ring


def _topology_features(topology: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The Topology's geometries as GeoJSON-like features (rings resolved from arcs)."""
    arcs = _topology_arcs(topology)
    for obj in (topology.get("objects") or {}).values():
        geometries = obj.get("geometries", [obj]) if isinstance(obj, dict) else []
        for geometry in geometries:
            kind = geometry.get("type")
            raw = geometry.get("arcs") or []
            if kind == "Polygon":
                coordinates: Any = [_topology_ring(arcs, r) for r in raw]
            elif kind == "MultiPolygon":
                coordinates = [[_topology_ring(arcs, r) for r in p] for p in raw]
            else:
                continue
            yield {
                "id": geometry.get("id"),
                "properties": geometry.get("properties") or {},
                "geometry": {"type": kind, "coordinates": coordinates},
            }


def _raw_features(doc: object) -> Iterator[dict[str, Any]]:
    if not isinstance(doc, dict):
        return
    kind = doc.get("type")
    if kind == "Topology":
        yield from _topology_features(doc)
    elif kind == "FeatureCollection":
        yield from (f for f in doc.get("features") or [] if isinstance(f, dict))
    elif kind == "Feature":
        yield doc


def read_crosswalk(path: Path) -> dict[str, str]:
    """old code -> today's code, from a CSV with the columns `old` and `new`."""
    where = f"PLANKG_BOUNDARIES_CROSSWALK={path}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BoundaryError(f"{where}: cannot read it ({exc})") from None
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or not {"old", "new"} <= set(reader.fieldnames):
        raise BoundaryError(f"{where}: the first line must name the columns old,new")
    out: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        old, new = (row.get("old") or "").strip(), (row.get("new") or "").strip()
        if not (re.fullmatch(r"[0-9]{6}", old) and re.fullmatch(r"[0-9]{6}", new)):
            raise BoundaryError(f"{where}, line {line}: old and new must be six-digit codes")
        if old in out and out[old] != new:
            raise BoundaryError(f"{where}, line {line}: {old} is mapped twice")
        out[old] = new
    return out


def read(path: Path, crosswalk: dict[str, str] | None = None) -> Boundaries:
    """The features of a GeoJSON or TopoJSON file, their codes through `crosswalk`."""
    where = f"PLANKG_BOUNDARIES={path}"
    try:
        doc = json.loads(path.read_bytes())
    except OSError as exc:
        raise BoundaryError(f"{where}: cannot read it ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise BoundaryError(f"{where}: not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("type") not in ("Topology", "FeatureCollection"):
        raise BoundaryError(f"{where}: not a GeoJSON FeatureCollection or a TopoJSON Topology")
    crosswalk = crosswalk or {}
    features: list[Feature] = []
    unknown: set[str] = set()
    for raw in _raw_features(doc):
        properties = raw.get("properties") or {}
        geometry = raw.get("geometry") or {}
        file_code = _feature_code(properties, raw.get("id"))
        if file_code is None or file_code == NATIONAL_CODE:
            continue
        rings = tuple(
            ring
            for ring in map(_thin, _polygons(geometry.get("type", ""), geometry.get("coordinates")))
            if len(ring) >= 6  # three points
        )
        if not rings:
            continue
        code = crosswalk.get(file_code, file_code)
        if not is_division_code(code):
            unknown.add(file_code)
        xs = [v for ring in rings for v in ring[0::2]]
        ys = [v for ring in rings for v in ring[1::2]]
        name = str(properties.get("name") or properties.get("NAME") or "")
        features.append(Feature(code, file_code, name, rings, (min(xs), min(ys), max(xs), max(ys))))
    if not features:
        keys = ", ".join(CODE_PROPERTIES)
        raise BoundaryError(
            f"{where}: no Polygon or MultiPolygon feature carries a GB/T 2260 code "
            f"(a property {keys}, or the feature's id)"
        )
    return Boundaries(path, tuple(features), tuple(sorted(unknown)))


@lru_cache(maxsize=2)
def _cached(path: Path, crosswalk: Path | None) -> Boundaries:
    mapping = read_crosswalk(crosswalk) if crosswalk is not None else {}
    found = read(path, mapping)
    if found.unknown:
        shown = ", ".join(found.unknown[:20]) + (" …" if len(found.unknown) > 20 else "")
        log.warning(
            "%s: %d feature codes are no GB/T 2260 code today and are drawn without data "
            "(map them in PLANKG_BOUNDARIES_CROSSWALK): %s",
            path,
            len(found.unknown),
            shown,
        )
    return found


def configured(settings: Settings) -> Boundaries | None:
    """The boundaries the settings name (read once, when the service starts: a changed
    file is read at the next start), None without."""
    if settings.boundaries is None:
        return None
    return _cached(settings.boundaries, settings.boundaries_crosswalk)


# --- drawing ---------------------------------------------------------------------------


def _fmt(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


@lru_cache(maxsize=64)
def draw(boundaries: Boundaries, area: str, width: float = 800.0) -> Drawing:
    """The features of `area` projected onto a box `width` wide (height to scale)."""
    features = boundaries.within(area)
    if not features:
        return Drawing(width, 0.0)
    west = min(f.bbox[0] for f in features)
    south = min(f.bbox[1] for f in features)
    east = max(f.bbox[2] for f in features)
    north = max(f.bbox[3] for f in features)
    shrink = math.cos(math.radians((south + north) / 2))  # equirectangular at mid-latitude
    pad = 4.0
    wide = max((east - west) * shrink, 1e-9)
    tall = max(north - south, 1e-9)
    scale = (width - 2 * pad) / wide
    if tall * scale > 1.5 * width:  # a tall area: its height is capped instead
        scale = (1.5 * width - 2 * pad) / tall
    shapes = []
    for feature in features:
        parts = []
        for ring in feature.rings:
            points: list[str] = []
            last: tuple[float, float] | None = None
            for i in range(0, len(ring), 2):
                x = pad + (ring[i] - west) * shrink * scale
                y = pad + (north - ring[i + 1]) * scale
                if last is not None and abs(x - last[0]) < PIXEL and abs(y - last[1]) < PIXEL:
                    continue
                points.append(f"{_fmt(x)},{_fmt(y)}")
                last = (x, y)
            if len(points) >= 3:
                parts.append("M" + " ".join(points) + "Z")
        if parts:
            shapes.append(Drawn(feature, "".join(parts)))
    return Drawing(
        round(wide * scale + 2 * pad, 1), round(tall * scale + 2 * pad, 1), tuple(shapes)
    )
