"""Which division a plan belongs to, from all the evidence its text gives.

The title names the place (北京市朝阳区, 大理州, 定州, 广西, or nothing at all in the national
plan); the names it may denote are the candidates. Every other piece of evidence is then
weighed in turn, strongest first, and narrows the candidates when it can: the issuer
(X人民政府 / 行政公署 / 国务院), the plan's own 文号 prefix (京政发, 冀政字, 黔江府发), the
parent plans it cites (《河北省…方案》) and their 文号, the agencies' jurisdiction prefix
(州生态环境局, 盟行政公署, 区发展改革委), the addressees (市政府各部门, 国务院各部委) and the
divisions the text names. A piece narrows to the candidates it names itself when there
are any, else to those lying inside a division it names; a piece that fits none is
recorded as disagreeing. When one candidate is left that is the answer; otherwise the
plan is refused with the candidates named. Nothing is guessed.

Every piece is kept as a `JurisdictionEvidence` on the plan (and in its graph).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ingest.docnumber import canonical
from ingest.errors import PlanError
from ingest.gazetteer import NATIONAL_CODE, Gazetteer, gazetteer, is_within
from ingest.model import Division, JurisdictionEvidence
from ingest.structure import DOC_NUMBER_RE, Layout
from ingest.vocab import alternation, vocabularies

# The one-character forms of the provinces in 文号 and short names (GB/T 2260 lists the
# 简称; a 文号 uses it, or for a few provinces the name's first character: 内政发, 云政发).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "内蒙", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川蜀", "52": "黔贵", "53": "云滇", "54": "藏", "61": "陕秦", "62": "甘陇",
    "63": "青", "64": "宁", "65": "新", "71": "台", "81": "港", "82": "澳",
}  # fmt: skip
# What a 文号 adds after the issuer's short name: 政发, 政办发, 府发, 政字, 办函 …
_DOC_KIND = re.compile(r"(?:人民政府|政府|行署|政|府|办|署)*(?:发|字|函|电|文)?$")
_ISSUER = re.compile(r"人民政府|行政公署|行署|国务院")
_CITED = re.compile(r"《([^《》]{4,80})》")
# How many characters of an agency type's name variant an agency's name goes on with after
# its level word: 发展 of 发展改革委 (市|发展和改革局 too), 水务 of 水务局, 妇联.
_STEM_LENGTH = 2


def _agency_stems() -> tuple[str, ...]:
    """The words an agency's name goes on with after its level word (市|发展改革委, 县|财政
    局): the first characters of every name of the agency-type scheme, but the names of
    each subdivision (各县区), which follow no level word."""
    vocab = vocabularies()
    each = tuple(vocab.each_place_words)
    names = (label for label, _ in vocab.agency_type_labels if not label.startswith(each))
    return tuple(sorted({name[:_STEM_LENGTH] for name in names}))


@cache
def _agency_prefix() -> re.Pattern[str]:
    """An agency's name opening on its level word (the agency-type scheme's
    pk:levelPrefix: 市发展改革委, 自治州生态环境局), the level word captured."""
    levels = alternation(vocabularies().level_prefixes)
    stems = alternation(_agency_stems())
    return re.compile(rf"(?:(?<=[(、,;:\n])|(?<=由)|^)\s*({levels})(?={stems})", re.MULTILINE)


_ADDRESSEE = re.compile(
    r"(国务院|自治区|自治州|省|市|州|盟|县|区|旗)(?:人民)?(?:政府|行政公署|行署|委|直|级|属)?"
    r"(?:各|有关|直属|相关|及驻\w有关)*(?:部门|部委|单位|委办局|机构)"
)
# What may follow the place in a title before 十四五: 某县人民政府“十四五”…
_GOVERNMENT = re.compile(r"^(?:人民政府|政府|行政公署|行署)")
# The addressees' first words say the issuer's level by the level below it: 各县（市、区）
# are a prefecture's (or a municipality's: 各区), 各市（州） a province's, 各乡镇 a county's.
_SUBORDINATES = re.compile(r"^各(省|乡镇|乡|镇|街道|县|区|旗|市|州|盟|地区)")
_ADDRESSED_LEVELS = {
    "省": {"national"}, "市": {"province"}, "州": {"province"}, "盟": {"province"},
    "地区": {"province"}, "县": {"prefecture", "municipality"},
    "区": {"prefecture", "municipality"}, "旗": {"prefecture"},
    "乡镇": {"county"}, "乡": {"county"}, "镇": {"county"}, "街道": {"county"},
}  # fmt: skip
_LEVEL_SUFFIXES = (
    ("自治区", "自治区"), ("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("地区", "地区"),
    ("特别行政区", "特别行政区"),
)  # fmt: skip
_LEVEL_OF_PREFIX = {**dict(_LEVEL_SUFFIXES), "国务院": "国"}


@dataclass
class _Piece:
    kind: str
    text: str
    codes: tuple[str, ...]  # within the universe of candidates and the divisions above them
    strong: bool = False  # a conflict with a single title candidate refuses the plan


def level_char(gaz: Gazetteer, code: str) -> str:
    """The character an agency of the division puts before its name: 市, 县, 区, 州, 盟, 旗,
    省, 自治区 (国 for the country)."""
    if code == NATIONAL_CODE:
        return "国"
    name = gaz.name(code)
    for suffix, char in _LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return char
    return name[-1]


def _level_of(gaz: Gazetteer, code: str) -> str:
    """The division's level, a municipality (北京市, its 区 and 县 under it) on its own."""
    level = gaz.division(code).level
    if level == "province" and gaz.by_code[code].endswith("市"):
        return "municipality"
    return level


@dataclass(frozen=True)
class Chain:
    """Division names read one after another from the start of a text (北京市 + 朝阳区)."""

    end: int  # characters read
    codes: tuple[str, ...]  # what the last name may denote, inside the names before it
    names: tuple[str, ...]


def place_chain(gaz: Gazetteer, text: str, alt: str | None = None) -> Chain:
    """Read division names from the start of `text`, longest name first; each must lie
    inside the one before. `alt` is the same text in its original script (traditional),
    looked up too."""
    pos = 0
    current: tuple[str, ...] = ()
    names: list[str] = []
    sources = (text,) if alt is None or alt == text else (text, alt)
    while pos < len(text):
        found: tuple[int, tuple[str, ...], str] | None = None
        for k in range(min(gaz.longest_name, len(text) - pos), 1, -1):
            for src in sources:
                piece = src[pos : pos + k]
                codes = gaz.names.get(piece, ())
                if codes and names:
                    codes = tuple(
                        c for c in codes if any(is_within(c, a) and c != a for a in current)
                    )
                if codes:
                    found = (k, codes, piece)
                    break
            if found:
                break
        if found is None:
            break
        pos += found[0]
        current = found[1]
        names.append(found[2])
    return Chain(pos, current, tuple(names))


def _place_in_title(title: str) -> str:
    cut = title.find("十四五")
    name = title[:cut] if cut >= 0 else title
    return name.strip('“"《 「')


def _misread_title(gaz: Gazetteer, lay: Layout, norm: str, name: str) -> str | None:
    """The division a title's place name denotes when one of its characters was misread
    (a scan's OCR reads 潍坊市 as 滩坊市): the one division whose name differs from it in one
    character and which the plan's issuer names as written. None when no issuer settles it:
    a resemblance alone is a guess."""
    near = [
        code
        for other, codes in gaz.names.items()
        if len(other) == len(name) and sum(a != b for a, b in zip(other, name, strict=True)) == 1
        for code in codes
    ]
    if not near:
        return None
    named = {
        code
        for written, codes in _issuers(gaz, norm[: lay.preamble_end])
        for code in codes
        if code in near
    }
    return named.pop() if len(named) == 1 else None


def _universe(gaz: Gazetteer, candidates: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for c in candidates:
        out.add(c)
        if c != NATIONAL_CODE:
            out.update(gaz.ancestors(c))
            out.add(NATIONAL_CODE)
    return out


def _doc_head(number: str) -> str:
    """The issuer's short name in a 文号: 冀政字〔2022〕18号 -> 冀, 黔江府发 -> 黔江,
    吉市政发 -> 吉市."""
    prefix = number.split("(")[0].strip()
    return _DOC_KIND.sub("", prefix) or prefix


def _doc_codes(gaz: Gazetteer, head: str, universe: Iterable[str]) -> tuple[str, ...]:
    """Divisions in `universe` a 文号's issuer short name may stand for: a province by its
    one-character form (冀, 豫), the country by 国, others by the start of their name (甘府发
    is 甘孜州's as 甘政发 is 甘肃省's), with their level character when the head has one
    (吉市政发: 吉林市, not 吉林省)."""
    if not head:
        return ()
    if head == "国":
        return (NATIONAL_CODE,) if NATIONAL_CODE in universe else ()
    provinces = sorted(
        c for c in universe
        if c != NATIONAL_CODE and c.endswith("0000")
        and (head in PROVINCE_ABBREVIATIONS.get(c[:2], "") or head == gaz.by_code[c][: len(head)])
    )  # fmt: skip
    stem, char = head, ""
    if len(head) >= 2 and head[-1] in "市县区州盟旗":
        stem, char = head[:-1], head[-1]
    others = sorted(
        c for c in universe
        if c != NATIONAL_CODE and not c.endswith("0000") and gaz.by_code[c].startswith(stem)
        and (not char or level_char(gaz, c) == char)
    )  # fmt: skip
    return tuple(provinces + others) if not char else tuple(others)


def _is_salutation(line: str) -> bool:
    """The notice's addressee line (各市、县人民政府，省政府各部门：)."""
    line = line.strip()
    return line.startswith("各") or line.endswith(":")


def _issuers(gaz: Gazetteer, preamble: str) -> list[tuple[str, tuple[str, ...]]]:
    """(issuer as written, divisions) for each X人民政府 / 行政公署 / 国务院 of the preamble."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for line in preamble.splitlines():
        if _is_salutation(line):
            continue  # 各市(州)人民政府,梅河口市人民政府,…: those addressed, not the issuer
        for m in _ISSUER.finditer(line):
            if m.group() == "国务院":
                found.append(("国务院", (NATIONAL_CODE,)))
                continue
            before = line[max(0, m.start() - 30) : m.start()]
            for i in range(len(before) - 1):
                chain = place_chain(gaz, before[i:])
                if chain.names and chain.end == len(before) - i:
                    found.append((before[i:] + m.group(), chain.codes))
                    break
    return list(dict.fromkeys(found))


def _level_piece(
    gaz: Gazetteer, kind: str, chars: Counter[str], universe: Iterable[str]
) -> _Piece | None:
    """Evidence from the jurisdiction characters agencies / addressees use, when one
    character clearly dominates (twice as frequent as the next)."""
    if not chars:
        return None
    ranked = chars.most_common()
    char, count = ranked[0]
    if len(ranked) > 1 and count < 2 * ranked[1][1]:
        return None
    char = _LEVEL_OF_PREFIX.get(char, char)
    text = ", ".join(f"{c}×{n}" for c, n in ranked)
    codes = tuple(sorted(c for c in universe if level_char(gaz, c) == char))
    return _Piece(kind, text, codes)


def gather(gaz: Gazetteer, lay: Layout, norm: str, candidates: Iterable[str]) -> list[_Piece]:
    """Every piece of evidence besides the title, strongest first, as divisions among the
    candidates and the divisions above them."""
    universe = _universe(gaz, candidates)
    preamble = norm[: lay.preamble_end]
    body = norm[lay.title_end : lay.body_end]
    pieces: list[_Piece] = []
    for written, codes in _issuers(gaz, preamble):
        pieces.append(_Piece("issuer", written, codes, strong=True))
    own = [m.group() for m in DOC_NUMBER_RE.finditer(preamble)]
    for number in own:
        number = number.replace(" ", "")
        pieces.append(
            _Piece(
                "doc-number-prefix", canonical(number), _doc_codes(gaz, _doc_head(number), universe)
            )
        )
    for m in _CITED.finditer(preamble + "\n" + body):
        cited = re.sub(r"[〈〉<>]", "", m.group(1))
        if not any(w in cited for w in ("方案", "通知", "规划", "意见")):
            continue
        chain = place_chain(gaz, cited)
        if chain.names:
            pieces.append(_Piece("parent-plan", f"《{m.group(1)}》", chain.codes))
    for m in DOC_NUMBER_RE.finditer(body):
        number = m.group().replace(" ", "")
        if number in own:
            continue
        codes = _doc_codes(gaz, _doc_head(number), universe)
        if codes:
            pieces.append(_Piece("parent-plan", canonical(number), codes))
    agencies = Counter(m.group(1) for m in _agency_prefix().finditer(body))
    piece = _level_piece(gaz, "agency-prefix", agencies, universe)
    if piece:
        pieces.append(piece)
    addressed: Counter[str] = Counter()
    for line in preamble.splitlines():
        line = line.strip()
        if _is_salutation(line):
            addressed.update(m.group(1) for m in _ADDRESSEE.finditer(line))
    piece = _level_piece(gaz, "addressees", addressed, universe)
    if piece:
        pieces.append(piece)
    for line in preamble.splitlines():
        line = line.strip()
        sub = _SUBORDINATES.match(line)
        if sub and line.endswith(":"):
            levels = _ADDRESSED_LEVELS[sub.group(1)]
            codes = tuple(sorted(c for c in universe if _level_of(gaz, c) in levels))
            pieces.append(_Piece("addressees", line.rstrip(":"), codes))
            break
    text = norm[:20000]
    named = tuple(sorted(c for c in universe if c != NATIONAL_CODE and gaz.by_code[c] in text))
    if named:
        pieces.append(_Piece("text-mention", "、".join(gaz.by_code[c] for c in named), named))
    return pieces


def _narrow(gaz: Gazetteer, candidates: list[str], codes: tuple[str, ...]) -> list[str] | None:
    """The candidates a piece names itself, else those inside a division it names; None
    when it fits none of them."""
    own = [c for c in candidates if c in codes]
    if own:
        return own
    inside = [c for c in candidates if any(is_within(c, d) and c != d for d in codes)]
    return inside or None


def _agrees(code: str, codes: tuple[str, ...]) -> bool:
    """Whether evidence pointing to `codes` fits the division taken (it, one above it or
    one inside it); evidence that points nowhere contradicts nothing."""
    return not codes or any(is_within(code, d) or is_within(d, code) for d in codes)


def describe(gaz: Gazetteer, codes: Iterable[str]) -> str:
    return ", ".join(f"{c} {gaz.qualified_name(c)}" for c in codes)


def resolve(
    lay: Layout,
    norm: str,
    source: str,
    original_title: str | None = None,
    override: str | None = None,
    override_from: str = "--jurisdiction",
) -> tuple[Division, list[JurisdictionEvidence]]:
    """The plan's division and the evidence weighed, or a PlanError naming the candidates.

    `original_title` is the title as written when it is in traditional script (same
    offsets as `lay.title`); `override` a GB/T 2260 code the user gave (`override_from`
    says where), which wins whatever the text says and is recorded as evidence "user".
    """
    gaz = gazetteer()
    if override is not None and not gaz.known(override):
        raise PlanError(source, f"{override_from}: {override!r} is not a GB/T 2260 division code")
    name = _place_in_title(lay.title)
    alt = None
    if original_title is not None:
        at = lay.title.find(name)
        alt = original_title[at : at + len(name)] if at >= 0 else None
    # Spaces inside the name (北京市 朝阳区, a PDF's) sit at the same places in both scripts.
    name = re.sub(r"\s", "", name)
    alt = re.sub(r"\s", "", alt) if alt is not None else None
    chain = place_chain(gaz, name, alt) if name else Chain(0, (), ())
    rest = _GOVERNMENT.sub("", name[chain.end :])
    title_piece: _Piece | None = None
    if chain.names:
        # 黄埔区 广州开发区“十四五”…: a development zone issuing jointly with the division.
        joint = vocabularies().agency_type(rest) == "local-government"
        if re.search(r"[\u4e00-\u9fff]", rest) and override is None and not joint:
            raise PlanError(source, f"jurisdiction {name!r} is not a GB/T 2260 division")
        title_piece = _Piece("title", name[: chain.end], chain.codes)
    elif name and override is None and re.search(r"[\u4e00-\u9fff]{2}", name):
        misread = _misread_title(gaz, lay, norm, name)
        if misread is None:
            raise PlanError(source, f"jurisdiction {name!r} is not a GB/T 2260 division")
        title_piece = _Piece("title", name, (misread,))

    pieces: list[_Piece] = []
    if title_piece is not None:
        candidates = list(title_piece.codes)
        pieces = gather(gaz, lay, norm, candidates)
    else:
        # No place in the title (the national plan, 《“十四五”节能减排综合工作方案》): the
        # issuer names it, else the 文号 (国发) does.
        everything = [NATIONAL_CODE, *(c for c in gaz.by_code if c.endswith("0000"))]
        issuers = [p for p in gather(gaz, lay, norm, everything) if p.kind == "issuer"]
        candidates = sorted({c for p in issuers for c in p.codes})
        if len(candidates) > 1 and NATIONAL_CODE in candidates:
            # 国务院 beside a local issuer is cited (为贯彻国务院…), not the issuer.
            candidates.remove(NATIONAL_CODE)
        if not candidates:
            heads = {_doc_head(m.group()) for m in DOC_NUMBER_RE.finditer(norm[: lay.preamble_end])}
            candidates = [NATIONAL_CODE] if "国" in heads else []
        if not candidates and override is None:
            raise PlanError(
                source,
                f"no jurisdiction in the title {lay.title!r}, nor an issuer that names one; "
                "give --jurisdiction CODE or a metadata file beside the plan",
            )
        pieces = gather(gaz, lay, norm, candidates) if candidates else []

    remaining = list(dict.fromkeys(candidates))
    conflict: _Piece | None = None
    for piece in pieces:
        if not piece.codes:
            continue
        narrowed = _narrow(gaz, remaining, piece.codes)
        if narrowed is not None:
            remaining = narrowed
        elif piece.strong and conflict is None:
            conflict = piece

    evidence = [
        JurisdictionEvidence(p.kind, p.text, p.codes)
        for p in ([title_piece] if title_piece else []) + pieces
    ]
    if override is not None:
        chosen = override
        evidence.insert(0, JurisdictionEvidence("user", override_from, (override,)))
    else:
        if conflict is not None and len(remaining) == 1:
            raise PlanError(
                source,
                f"jurisdiction is contradicted: the title names {describe(gaz, remaining)} "
                f"but the {conflict.kind} {conflict.text!r} names "
                f"{describe(gaz, conflict.codes)}; give --jurisdiction CODE",
            )
        if len(remaining) != 1:
            kinds = sorted({p.kind for p in pieces if p.codes}) or ["none besides the title"]
            raise PlanError(
                source,
                f"jurisdiction {name or lay.title!r} is ambiguous: {describe(gaz, remaining)}; "
                f"the evidence ({', '.join(kinds)}) does not settle it: give --jurisdiction "
                "CODE or a metadata file beside the plan",
            )
        chosen = remaining[0]
    return gaz.division(chosen), [
        JurisdictionEvidence(e.kind, e.text, e.codes, agrees=_agrees(chosen, e.codes))
        for e in evidence
    ]
