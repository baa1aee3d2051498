"""The tile-grid map of the 34 provincial-level divisions: one square each at a fixed
place that keeps its neighbours roughly where they lie, so the home page's map needs no
boundary geometry. Labels: the short Chinese name (河北, 内蒙古) or the ISO 3166-2 letters
(HE, NM), with the full name as the tile's title."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ingest.gazetteer import gazetteer, iso3166_codes, names_of

# GB/T 2260 code -> (column, row); north-east at the top right, Hainan and the SARs below.
POSITIONS: dict[str, tuple[int, int]] = {
    "230000": (6, 0),  # 黑龙江
    "150000": (3, 1), "110000": (4, 1), "210000": (5, 1), "220000": (6, 1),
    "650000": (0, 2), "620000": (1, 2), "640000": (2, 2), "140000": (3, 2), "130000": (4, 2),
    "120000": (5, 2),
    "540000": (0, 3), "630000": (1, 3), "610000": (2, 3), "410000": (3, 3), "370000": (4, 3),
    "510000": (1, 4), "500000": (2, 4), "420000": (3, 4), "340000": (4, 4), "320000": (5, 4),
    "310000": (6, 4),
    "530000": (1, 5), "520000": (2, 5), "430000": (3, 5), "360000": (4, 5), "330000": (5, 5),
    "450000": (2, 6), "440000": (3, 6), "350000": (4, 6), "710000": (5, 6),
    "460000": (2, 7), "820000": (3, 7), "810000": (4, 7),
}  # fmt: skip
COLUMNS = 1 + max(c for c, _ in POSITIONS.values())
ROWS = 1 + max(r for _, r in POSITIONS.values())
# ISO 3166-2 names end in the kind of division; the English label drops it.
_KINDS = (" Sheng", " Shi", " Zizhiqu", " SAR")


@dataclass(frozen=True)
class Tile:
    code: str
    column: int
    row: int
    name: str  # the official name: 河北省
    short: dict[str, str]  # language -> tile label
    full: dict[str, str]  # language -> the full name


@lru_cache(maxsize=1)
def _english_names() -> dict[str, str]:
    """ISO 3166-2:CN code -> its English (romanised) name, from pycountry."""
    import pycountry

    names: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code != "CN":
            continue
        name = str(sub.name)
        for kind in _KINDS:
            name = name.removesuffix(kind)
        names[str(sub.code)] = name
    return names


@lru_cache(maxsize=1)
def tiles() -> tuple[Tile, ...]:
    by_code = gazetteer().by_code
    iso = iso3166_codes()
    english = _english_names()
    out = []
    for code, (column, row) in POSITIONS.items():
        name = by_code[code]
        forms = names_of(name)
        letters = iso[code].removeprefix("CN-")
        out.append(
            Tile(
                code,
                column,
                row,
                name,
                {"zh": forms[1] if len(forms) > 1 else name, "en": letters},
                {"zh": name, "en": english.get(iso[code], letters)},
            )
        )
    return tuple(out)
