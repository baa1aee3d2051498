"""Bytes -> text, and the normalised, offset-preserving views the parser reads.

The parser never edits the original text. It reads a *normalised* copy of the same length
(simplified script, ASCII digits and brackets, noise masked with spaces), and *compact*
segments of it with the white space removed, each carrying a map back to original
offsets. So every match, however the text was broken over lines, quotes an exact span.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest.errors import PlanError
from ingest.model import Span

# Characters folded to one form for matching; all are one code point -> one code point.
_FOLD_CHARS = {
    "（": "(",
    "）": ")",
    "〔": "(",
    "〕": ")",
    "﹝": "(",
    "﹞": ")",
    "［": "[",
    "］": "]",
    "【": "[",
    "】": "]",
    "：": ":",
    "；": ";",
    "，": ",",
    "％": "%",
    "．": ".",
    "—": "-",
    "－": "-",
    "–": "-",
    "～": "~",
    "＜": "<",
    "＞": ">",
    "\u3000": " ",
    "\xa0": " ",
    "\t": " ",
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\ufeff": " ",
}
_FOLD = str.maketrans(_FOLD_CHARS)

# Word-export artefacts such as "[bookmark: _GoBack]" carry no content.
_NOISE = re.compile(r"\[bookmark:[^\]\n]*\]")

_WS = frozenset(" \n\t\r\u3000\xa0\ufeff")


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """Decode plan bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    Returns (text, encoding). Raises PlanError for empty, binary or undecodable input.
    """
    if not raw.strip():
        raise PlanError(source, "empty file: no text to parse")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise PlanError(source, f"cannot decode as UTF-16 (byte {exc.start})") from exc
    if b"\x00" in raw:
        nul = raw.index(b"\x00")
        raise PlanError(source, f"binary file: NUL byte at offset {nul}")
    encodings = ["utf-8-sig"] if raw.startswith(b"\xef\xbb\xbf") else ["utf-8", "gb18030"]
    first_error: UnicodeDecodeError | None = None
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            damaged = _damaged_utf8(raw, enc)
            if damaged is None:
                continue
            text = damaged
        if _control_ratio(text) > 0.01:
            raise PlanError(source, "binary file: too many control characters to be text")
        return text, enc
    assert first_error is not None
    raise PlanError(
        source,
        "cannot decode: neither UTF-8 nor GBK/GB18030 "
        f"(invalid byte at offset {first_error.start})",
    )


def _damaged_utf8(raw: bytes, enc: str) -> str | None:
    """UTF-8 with a few bad bytes (a cut multi-byte character, a stray byte from a copy),
    the bad bytes as U+FFFD (masked in the normalised text), or None. GBK read as UTF-8
    fails on nearly every character, so a handful of failures means damaged UTF-8 and not
    another encoding, which would read the whole file as mojibake."""
    if not enc.startswith("utf-8"):
        return None
    text = raw.decode(enc, errors="replace")
    bad = text.count("\ufffd") - raw.decode(enc, errors="ignore").count("\ufffd")
    return text if bad <= min(20, max(1, len(text) // 2000)) else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified, keeping the length so offsets stay valid.

    Taiwan vocabulary (資訊, 網路, 最佳化 …) becomes the mainland word. Where that word is
    shorter (最佳化 -> 优化) its first character stays in place, blanks fill the middle and
    the rest ends where the original word ended, so a span over it still quotes all of it.
    """
    converter = _t2s()
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    if len(converted) != len(text):
        # Phrase rules changed the length somewhere: fall back to char by char.
        out = []
        for ch in text:
            c: str = converter.convert(ch)  # type: ignore[attr-defined]
            out.append(c if len(c) == 1 else ch)
        converted = "".join(out)
    return _TAIWAN_RE.sub(_mainland, converted) if _TAIWAN_RE.search(converted) else converted


# Taiwan words (as opencc t2s leaves them) -> mainland words. Curated, not opencc's tw2sp:
# tw2sp also rewrites mainland words in traditional script (建立 -> 创建, 指标 -> 指针,
# 新增 -> 添加, 执行 -> 运行), which would change what a mainland plan says. Only words a
# mainland plan does not use are here.
_TAIWAN = {
    "最佳化": "优化",
    "网际网路": "互联网",
    "网路": "网络",
    "资讯": "信息",
    "专案": "项目",
    "资料": "数据",
    "支援": "支持",
    "回圈": "循环",
    "丛集": "集群",
    "计程车": "出租车",
    "模组化": "模块化",
    "稽核": "审核",
    "软体": "软件",
    "硬体": "硬件",
    "数位": "数字",
    "塑胶": "塑料",
    "高阶化": "高端化",
}
_TAIWAN_RE = re.compile("|".join(sorted(_TAIWAN, key=len, reverse=True)))


def _mainland(m: re.Match[str]) -> str:
    word = _TAIWAN[m.group()]
    pad = len(m.group()) - len(word)
    return word[0] + " " * pad + word[1:]


def is_traditional(text: str) -> bool:
    """True when converting to simplified changes a noticeable share of Han characters."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return False
    sample = "".join(han[:4000])
    simplified = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, simplified, strict=True) if a != b)
    return changed / len(sample) > 0.02


def fold(text: str) -> str:
    """`text` with its forms folded as the normalised text folds them (（ to (, ． to .),
    one character for one, nothing masked: a line read before normalising (a PDF page's)
    matched by the patterns of the normalised text."""
    return text.translate(_table())


def normalise(text: str, simplify: bool) -> str:
    """Same-length normalised copy of `text` for matching.

    Besides folding forms, it blanks what is not the plan's text: web page furniture,
    PDF page numbers and running headers, invisible characters inserted between
    characters, leftover HTML entities (see `mask_furniture`).
    """
    if simplify:
        text = to_simplified(text)
    folded = text.translate(_table())
    folded = _NOISE.sub(lambda m: " " * len(m.group()), folded)
    folded = mask_furniture(folded)
    assert len(folded) == len(text)
    return folded


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """One translation table for every per-character fold (one C-level pass)."""
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):  # full-width ASCII forms (digits, letters)
        table[cp] = chr(cp - 0xFEE0)
    for ranges in ((0x2E80, 0x2FD6), (0xF900, 0xFB00)):
        for cp in range(*ranges):
            ch = _compat(chr(cp))
            if ch != chr(cp):
                table[cp] = ch
    for cp in range(0xAD, 0x10000):
        if _invisible(chr(cp)):
            table[cp] = " "
    table.update({ord(k): v for k, v in _FOLD_CHARS.items()})
    return table


class _Ranges:
    """Code point ranges of compatibility forms that stand for ordinary Han characters."""

    def __contains__(self, ch: object) -> bool:
        if not isinstance(ch, str):
            return False
        cp = ord(ch)
        # Kangxi radicals, CJK radicals supplement (PDF fonts map 十 大 高 to ⼗ ⼤ ⾼),
        # CJK compatibility ideographs.
        return 0x2E80 <= cp <= 0x2FD5 or 0xF900 <= cp <= 0xFAFF


_COMPAT_RANGES = _Ranges()

# Radicals supplement forms with no NFKC mapping that PDF fonts use for whole characters.
_RADICALS = {
    "\u2ea0": "民", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec9": "贝",
    "\u2ecb": "车", "\u2ed3": "长", "\u2ed4": "门", "\u2ed8": "青", "\u2eda": "页",
    "\u2edb": "风", "\u2edc": "飞", "\u2edd": "食", "\u2ee2": "马", "\u2ee3": "骨",
    "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2eec": "齐", "\u2eee": "齿", "\u2ef0": "龙",
}  # fmt: skip


def _compat(ch: str) -> str:
    """One compatibility character -> the ordinary character (NFKC, per character only)."""
    nfkc = unicodedata.normalize("NFKC", ch)
    if len(nfkc) == 1 and nfkc != ch:
        return nfkc
    return _RADICALS.get(ch, ch)


def _invisible(ch: str) -> bool:
    """Characters that carry nothing: format controls (zero-width space, soft hyphen, word
    joiner), private-use glyphs and U+FFFD, which reposts and PDF exports leave between
    characters."""
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Cf", "Co")


def as_written(original: str, norm: str, start: int, end: int) -> str:
    """original[start:end] as a label: no white space, nothing the normaliser masked (a
    page-number line and running header inside a name broken across pages, invisible
    garbage), compatibility forms (⼯) as the ordinary character. Script stays as written.
    """
    out = []
    blank_lines: dict[int, bool] = {}
    for i in range(start, end):
        ch = original[i]
        if norm[i].isspace():
            if ch.isspace() or _invisible(ch) or not "\u4e00" <= ch <= "\u9fff":
                continue  # masked noise ("&nbsp;", a Word bookmark)
            line = norm.rfind("\n", 0, i) + 1
            if line not in blank_lines:
                stop = norm.find("\n", i)
                blank_lines[line] = not norm[line : stop if stop >= 0 else len(norm)].strip()
            if blank_lines[line]:
                continue  # a masked line (furniture); a blank inside a word is padding
        elif ch >= "\u2e80" and ch in _COMPAT_RANGES:
            ch = _compat(ch)
        out.append(ch)
    return "".join(out)


# ------------------------------------------------------------------------- furniture

# Lines of a web page around the plan: breadcrumbs, the metadata block, the tool bar.
_PAGE_LINE = re.compile(
    r"^(?:[您你]?[^:\n]{0,4}位置\s*:"
    r"|首页\s*(?:>|»|/|>>|→)"
    r"|\[?\s*(?:索引号|主题分类|主题词|发文机关|发布机构|成文日期|发布日期|发文日期|生效日期|失效日期"
    r"|公开方式|公开范围|公开时限|有效性|时效性|信息来源|文章来源|来源|发布时间|更新时间|作者"
    r"|浏览次数|阅读次数|点击数|访问量|浏览量|字号|标题|名称|信息名称|文件名称)\s*[:\]]"
    r"|\(?(?:本文|此文|全文|原文)有删[减节]\)?$)"
)
_TOOLBAR = re.compile(
    r"字体\s*:?\s*\[?\s*大\s*\]?\s*\[?\s*中\s*\]?\s*\[?\s*小|打印本页|关闭窗口|\[\s*打印\s*\]"
)
# After the text: attachments and links, share buttons, the site footer.
_TAIL_LINE = re.compile(
    r"^(?:相关(?:附件|链接|文件|阅读|新闻|稿件|信息|解读)|附件下载|扫一扫|分享到|分享至|打印本页"
    r"|关闭窗口|\[?\s*(?:打印|关闭|收藏|返回顶部)\s*\]?$|(?:主办|承办|协办|主管|运维|维护)(?:单位)?\s*:"
    r"|技术支持\s*:|网站(?:标识码|地图)|联系我们|版权所有|copyright|上一篇|下一篇"
    r"|(?:责任编辑|编辑|审核|校对|来源)\s*:|免责声明|网站声明|\[?我要纠错|政府网站找错|建议使用"
    r"|无障碍|适老化|长者模式)",
    re.IGNORECASE,
)
_FOOTER_ANYWHERE = re.compile(r"ICP\s*备|公网安备|网站标识码|版权所有", re.IGNORECASE)
# PDF/Word page numbers: "— 3 —", "- 3 -", "第3页", "第3页 共12页", "3/12".
_PAGE_NUMBER = re.compile(
    r"^(?:[-~·•]+\s*\d{1,4}\s*[-~·•]+|第\s*\d{1,4}\s*页(?:\s*[/,]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*,?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4})$",
    re.IGNORECASE,
)
_HTML = re.compile(
    r"&(?:nbsp|ensp|emsp|thinsp|#160|#12288|#x3000|#xa0);|</?(?:p|br|span|div|strong|b|font)\b[^<>\n]{0,120}>",
    re.IGNORECASE,
)
# A running header is a title-like line: no sentence or list punctuation, no numbering;
# its copies stand at least a page's lines apart (the fewest lines a page of a plan holds).
_PAGE_LINES = 12
_NOT_HEADER = re.compile(r"[。,;:()\[\]、!?%]|^[一二三四五六七八九十\d]")


def mask_furniture(folded: str) -> str:
    """Blank web page furniture, page numbers and running headers in folded text.

    Same length in, same length out: masked characters become spaces, line ends stay.
    """
    text = _HTML.sub(lambda m: " " * len(m.group()), folded)
    spans = _line_spans(text)
    masked: list[tuple[int, int]] = []
    for start, end, content in spans:
        if _PAGE_LINE.match(content) or _TOOLBAR.search(content) or _PAGE_NUMBER.match(content):
            masked.append((start, end))
    masked += _tail(spans)
    masked += _running_headers(spans)
    if not masked:
        return text
    chars = list(text)
    for start, end in masked:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _line_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped content) of every non-blank line."""
    return [(ln.start, ln.end, ln.text) for ln in lines(text)]


def _tail(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """The page's tail: from the first footer marker after which no line is prose."""
    for k, (_, _, content) in enumerate(spans):
        if not (_TAIL_LINE.match(content) or _FOOTER_ANYWHERE.search(content)):
            continue
        rest = spans[k:]
        if all(
            "。" not in c or _TAIL_LINE.match(c) or _FOOTER_ANYWHERE.search(c) for _, _, c in rest
        ):
            return [(a, b) for a, b, _ in rest]
    return []


def _running_headers(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Lines repeated verbatim, as a page header repeats on every page.

    In the body (from the first section heading to the annex, whose tables repeat cells)
    every repeat goes. Above the body the plan's own title is one of them: there only a
    repeat next to a page-number line goes.
    """
    # The headings as the layout reads them; it reads the lines of this module's views.
    from ingest.structure import ANNEX_RE, SECTION_RE

    first = next(
        (i for i, s in enumerate(spans) if (m := SECTION_RE.match(s[2])) and m.group(1) == "一"),
        None,
    )
    if first is None:
        return []
    end = next((i for i in range(first, len(spans)) if ANNEX_RE.match(spans[i][2])), len(spans))
    # Compared without blanks: masked garbage falls differently in each copy.
    keys = ["".join(content.split()) for _, _, content in spans]
    counts: dict[str, int] = {}
    for key in keys[:end]:
        if 4 <= len(key) <= 60 and not _NOT_HEADER.search(key):
            counts[key] = counts.get(key, 0) + 1
    repeated = {c for c, n in counts.items() if n >= 3 or (n >= 2 and len(c) >= 8)}
    if not repeated:
        return []

    def by_page_number(i: int) -> bool:
        near = [spans[j][2] for j in (i - 1, i + 1) if 0 <= j < len(spans)]
        return any(_PAGE_NUMBER.match(c) for c in near)

    # A page header comes back once a page, or beside a page number: copies fewer lines
    # apart than a page holds, none beside a page number, are a table's cells (市生态环境局
    # in a key-project table's lead column).
    last: dict[str, int] = {}
    close: set[str] = set()
    paged: set[str] = set()
    for i, key in enumerate(keys[:end]):
        if key in repeated:
            if i - last.get(key, -_PAGE_LINES) < _PAGE_LINES:
                close.add(key)
            if by_page_number(i):
                paged.add(key)
            last[key] = i
    repeated -= close - paged

    return [
        (a, b)
        for i, (a, b, _) in enumerate(spans[:end])
        if keys[i] in repeated and (i >= first or by_page_number(i))
    ]


@lru_cache(maxsize=8)
def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text (a PDF's or a fixed-width export's) breaks its lines
    at: the most common length of its long lines, when a third of them have it; None for
    text whose lines are paragraphs."""
    lengths = Counter(len(line.rstrip()) for line in text.splitlines() if len(line.strip()) >= 15)
    if not lengths:
        return None
    width, count = lengths.most_common(1)[0]
    return width if count * 3 >= sum(lengths.values()) and count >= 5 else None


def wrapped_at(text: str, at: int) -> bool:
    """Does the line that ends at `at` (a line break) go on in the next line: a full line of
    a hard-wrapped text, ended by no punctuation that closes a sentence or a clause list."""
    width = wrap_width(text)
    if width is None:
        return False
    line = text[text.rfind("\n", 0, at) + 1 : at].rstrip()
    return len(line) >= width - 1 and not line.endswith(("。", "；", "：", ";", ":", "！", "？"))


@dataclass(frozen=True)
class Compact:
    """A stretch of normalised text with white space removed, mapped to original offsets."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] = original index of text[i]
    original: str  # the whole original text (spans quote it)

    def span(self, start: int, end: int) -> Span:
        """Span of compact[start:end] in the original text."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return Span(o, o, "")
        a = self.offsets[start]
        b = self.offsets[end - 1] + 1
        return Span(a, b, self.original[a:b])

    def whole(self) -> Span:
        return self.span(0, len(self.text))

    def slice(self, start: int, end: int) -> Compact:
        return Compact(self.text[start:end], self.offsets[start:end], self.original)


def compact(normalised: str, original: str, start: int = 0, end: int | None = None) -> Compact:
    """Compact view of normalised[start:end]: white space dropped, offsets kept."""
    end = len(normalised) if end is None else end
    chars = []
    offsets = []
    for i in range(start, end):
        ch = normalised[i]
        if ch in _WS or ch == " ":
            continue
        chars.append(ch)
        offsets.append(i)
    return Compact("".join(chars), tuple(offsets), original)


class CompactIndex:
    """The compact view of a whole document, sliced for any range without rescanning."""

    def __init__(self, normalised: str, original: str) -> None:
        self.full = compact(normalised, original)

    def view(self, start: int, end: int) -> Compact:
        """Same as compact(normalised, original, start, end)."""
        offsets = self.full.offsets
        return self.full.slice(bisect_left(offsets, start), bisect_left(offsets, end))


@dataclass(frozen=True)
class Line:
    """One line of the normalised text: [start, end) offsets and its stripped content."""

    start: int
    end: int
    text: str  # normalised, stripped of surrounding white space


def lines(normalised: str) -> list[Line]:
    """Non-blank lines of the normalised text with their offsets."""
    out = []
    pos = 0
    for raw in normalised.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out
