"""Small boundary files made by the tests (plankg ships none): rectangles standing for
divisions, as GeoJSON or as the same shapes in a quantized TopoJSON, with the code in a
property of the test's choosing."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

Box = tuple[float, float, float, float]  # west, south, east, north (degrees)

# Rough boxes around real places: 河北 with 保定 and 定州 inside it, 涿州 (no plan) inside
# 保定, and 甘肃 with 天水 inside it.
BOXES: dict[str, Box] = {
    "130000": (113.5, 36.0, 119.8, 42.6),
    "130600": (114.3, 38.2, 116.5, 40.0),
    "130682": (114.8, 38.3, 115.3, 38.7),
    "130681": (115.8, 39.3, 116.2, 39.6),
    "620000": (92.1, 32.6, 108.7, 42.8),
    "620500": (104.6, 34.1, 106.7, 35.2),
}


def ring(box: Box) -> list[list[float]]:
    west, south, east, north = box
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def geojson(boxes: dict[str, Box], key: str = "adcode") -> dict[str, Any]:
    """A FeatureCollection of one Polygon per code, the code (a number) in `key`."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {key: int(code), "name": f"area {code}"},
                "geometry": {"type": "Polygon", "coordinates": [ring(box)]},
            }
            for code, box in boxes.items()
        ],
    }


def topojson(boxes: dict[str, Box], scale: float = 0.001) -> dict[str, Any]:
    """The same rectangles as a Topology: one arc per ring, quantized and delta-encoded
    on a grid of `scale` degrees from (70, 15), each geometry's code as its `id`."""
    origin = (70.0, 15.0)
    arcs = []
    geometries = []
    for i, (code, box) in enumerate(boxes.items()):
        points = [(round((x - origin[0]) / scale), round((y - origin[1]) / scale))
                  for x, y in ring(box)]  # fmt: skip
        deltas = [list(points[0])]
        deltas += [[b[0] - a[0], b[1] - a[1]] for a, b in itertools.pairwise(points)]
        arcs.append(deltas)
        geometries.append({"type": "Polygon", "id": code, "arcs": [[i]], "properties": {}})
    return {
        "type": "Topology",
        "transform": {"scale": [scale, scale], "translate": list(origin)},
        "objects": {"divisions": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": arcs,
    }


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
