"""The pages' maps, drawn on the server as SVG (templates/_map.html renders a MapView), so
they read with scripts off and load nothing: the tile grid of the provinces
(api.web.tilegrid) by default, a choropleth of the features of PLANKG_BOUNDARIES
(api.web.boundaries) when it is set. The colours come from a Shading (api.web.shading);
each area links to its division's page and says its answer in its accessible name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.web import links
from api.web.boundaries import Boundaries, configured, draw
from api.web.shading import NO_DATA, Area, Shading, ink
from api.web.tilegrid import COLUMNS, ROWS, tiles
from ingest.gazetteer import NATIONAL_CODE, gazetteer
from plankg.settings import Settings

TILE = 56  # a tile's side in the SVG's units
GAP = 4


@dataclass(frozen=True)
class Shape:
    label: str  # the accessible name: the division, its answer, where that comes from
    href: str | None
    fill: str
    ink: str  # the label's colour on the fill
    hatched: bool  # the colour summarises the divisions inside it
    d: str = ""  # a choropleth's path
    x: float = 0.0  # a tile's corner, and its label
    y: float = 0.0
    text: str = ""


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str
    hatched: bool = False

    @property
    def ink(self) -> str:
        return ink(self.fill)


@dataclass(frozen=True)
class MapView:
    kind: str  # "tiles" or "choropleth"
    width: float
    height: float
    caption: str
    shapes: tuple[Shape, ...]
    legend: tuple[LegendItem, ...]
    tile: int = TILE


def _label(name: str, area: Area, w: dict[str, str]) -> str:
    if area.swatch is None and not area.text:
        return w["area_answer"].format(name=name, answer=w["no_plan"])
    if area.own:
        return w["area_own"].format(name=name, answer=area.text)
    return w["area_answer"].format(name=name, answer=area.text)  # says what it summarises


def legend(shading: Shading, w: dict[str, str], summaries: bool) -> tuple[LegendItem, ...]:
    items = [LegendItem(s.label, s.fill) for s in shading.swatches]
    items.append(LegendItem(w["no_plan"], NO_DATA))
    if summaries:
        middle = len(shading.swatches) // 2
        sample = shading.swatches[middle].fill if shading.swatches else NO_DATA
        items.append(LegendItem(w["legend_own"], sample))
        items.append(LegendItem(w["legend_summary"], sample, hatched=True))
    return tuple(items)


def tile_map(shading: Shading, lang: str, w: dict[str, str], caption: str) -> MapView:
    """One tile per provincial-level division, linked to its page."""
    shapes = []
    for tile in tiles():
        area = shading.area(tile.code)
        # the visible label is a word of the accessible name (WCAG 2.5.3, label in name)
        name = w["tile_name"].format(short=tile.short[lang], full=tile.full[lang])
        shapes.append(
            Shape(
                _label(name, area, w),
                f"/province/{tile.code}",
                area.fill,
                area.ink,
                area.swatch is not None and not area.own,
                x=GAP / 2 + tile.column * (TILE + GAP),
                y=GAP / 2 + tile.row * (TILE + GAP),
                text=tile.short[lang],
            )
        )
    return MapView(
        "tiles",
        COLUMNS * (TILE + GAP),
        ROWS * (TILE + GAP),
        caption,
        tuple(shapes),
        legend(shading, w, summaries=True),
    )


def choropleth(
    shading: Shading,
    boundaries: Boundaries,
    area_code: str,
    names: Callable[[str], str],
    links: Callable[[str], str | None],
    w: dict[str, str],
    caption: str,
) -> MapView:
    """The features of `area_code` (NATIONAL_CODE: all), finer ones over coarser ones. A
    feature without data of its own or inside it lets a coarser feature under it show."""
    drawing = draw(boundaries, area_code)
    shapes = []
    codes = {s.feature.code for s in drawing.shapes}
    summarised = False
    for drawn in drawing.shapes:
        code = drawn.feature.code
        area = shading.area(code)
        covered = bool({code[:2] + "0000", code[:4] + "00"} - {code} & codes)
        if area.swatch is None and not area.text and covered:
            fill, on_fill, swatch = "none", "#000000", None
        else:
            fill, on_fill, swatch = area.fill, area.ink, area.swatch
        summarised = summarised or (swatch is not None and not area.own)
        name = names(code) or drawn.feature.name or code
        shapes.append(
            Shape(
                _label(name, area, w),
                links(code),
                fill,
                on_fill,
                swatch is not None and not area.own,
                d=drawn.d,
            )
        )
    return MapView(
        "choropleth",
        drawing.width,
        drawing.height,
        caption,
        tuple(shapes),
        legend(shading, w, summaries=summarised),
    )


def area_map(
    shading: Shading,
    area: str,
    planned: set[str],
    settings: Settings,
    lang: str,
    w: dict[str, str],
) -> MapView | None:
    """The map of `area`: the choropleth of its features when PLANKG_BOUNDARIES is set,
    else for the whole country the tile grid (None: nothing to draw). `planned`: the
    divisions with a plan (the others have no page to link to)."""
    drawn = configured(settings)
    caption = shading.title + " · "
    if drawn is None:
        if area != NATIONAL_CODE:
            return None
        return tile_map(shading, lang, w, caption + w["map_tiles"])
    names = gazetteer().by_code

    def link(code: str) -> str | None:
        if code.endswith("0000"):
            return links.province(code)
        return links.city(code) if code in planned else None

    view = choropleth(
        shading, drawn, area, lambda c: names.get(c, ""), link, w, caption + w["map_boundaries"]
    )
    return view if view.shapes else None
