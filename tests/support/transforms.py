"""Text transforms that rewrite a real plan the ways real plans differ (shared/VARIETY.md).

Each transform is a plain function `str -> str` (keyword options have defaults), so any
test can import and chain them: `compose(web_furniture, pdf_breaks)(text)`. `encode` is
the last step, text -> bytes. They keep the plan's facts: the measures, their agencies,
the targets and the place come out of the transformed text as out of the original.

Phenomena covered here (VARIETY.md §1, §2 notice, §3): script, encoding and line ends,
web page furniture and repost leads, invisible garbage between characters, broken lines
and PDF artefacts, numbering style, inline versus own-line titles, notice variants.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable
from functools import lru_cache, reduce
from itertools import pairwise

Transform = Callable[[str], str]

_MEASURE = re.compile(
    r"^(?P<indent>[ \t\u3000\xa0]*(?:\[bookmark: _GoBack\])?)[（(〔](?P<num>[一二三四五六七八九十]{1,4})[）)〕][ \t]?"
)
_SECTION = re.compile(r"^[ \t\u3000\xa0]*[一二三四五六七八九十]{1,3}[、．.]")
_ITEM = re.compile(
    r"^(?P<indent>[ \t\u3000\xa0]*)(?:(?P<a>\d{1,2})[.．、](?!\d)|（(?P<b>\d{1,2})）)"
)
_ANNEX = re.compile(r"^[ \t\u3000\xa0]*附\s*件\s*\d*\s*(?:[:：.、．]|$)")
_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def compose(*steps: Transform) -> Transform:
    """The transforms applied left to right."""
    return lambda text: reduce(lambda acc, step: step(acc), steps, text)


def _split_annex(text: str) -> tuple[str, str]:
    """(body, annex): the annex (tables) starts at the first 附件 line after 一、."""
    lines = text.split("\n")
    seen_section = False
    for i, line in enumerate(lines):
        if _SECTION.match(line):
            seen_section = True
        elif seen_section and _ANNEX.match(line):
            return "\n".join(lines[:i]) + "\n", "\n".join(lines[i:])
    return text, ""


def _cn_number(numeral: str) -> int:
    if "十" not in numeral:
        return _CN.index(numeral) + 1
    tens, _, units = numeral.partition("十")
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(units) + 1 if units else 0)


def place_of(text: str) -> str:
    """The jurisdiction as named at the start of the plan's title ("定州市")."""
    m = re.search(
        r"^[ \t\u3000]*(?:\[bookmark: _GoBack\])?([^\s“\"《]{2,12}?)“?[十⼗]四五", text, re.M
    )
    assert m, "no title line with 十四五"
    return m.group(1)


def title_of(text: str) -> str:
    m = re.search(
        r"^[ \t\u3000]*(?:\[bookmark: _GoBack\])?(\S{2,12}?“[十⼗]四五”\S*方案)\s*$", text, re.M
    )
    if m:
        return m.group(1)
    return place_of(text) + "“十四五”节能减排综合工作方案"


# ------------------------------------------------------------------------ script


@lru_cache(maxsize=4)
def _opencc(config: str) -> Callable[[str], str]:
    import opencc

    convert: Callable[[str], str] = opencc.OpenCC(config).convert
    return convert


def to_traditional(text: str, config: str = "s2t") -> str:
    """§1 Reposts converted to traditional script: "s2t" (characters), "s2hk", or "s2twp"
    (Taiwan characters and vocabulary: 优化 -> 最佳化, 网络 -> 網路, 信息 -> 資訊)."""
    return _opencc(config)(text)


def to_taiwan(text: str) -> str:
    return to_traditional(text, "s2twp")


# ------------------------------------------------------------------------ encoding


def encode(text: str, encoding: str = "utf-8", crlf: bool = False, damage: int = 0) -> bytes:
    """§1 Encodings: "utf-8", "utf-8-sig" (with BOM), "gb18030" / "gbk"; CRLF line ends;
    `damage` stray bytes (0xFF) between characters, as a bad copy leaves them."""
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if not damage:
        return text.encode(encoding)
    # Between two Han characters (where a cut multi-byte character leaves a stray byte).
    step = max(1, len(text) // (damage + 1))
    at = []
    for k in range(1, damage + 1):
        i = k * step
        while i < len(text) and not (_han(text[i - 1]) and _han(text[i])):
            i += 1
        at.append(i)
    rest = "utf-8" if encoding == "utf-8-sig" else encoding  # one BOM, at the start
    bounds = [0, *at, len(text)]
    parts = [text[a:b].encode(encoding if a == 0 else rest) for a, b in pairwise(bounds)]
    return b"\xff".join(parts)


# ------------------------------------------------------------------------ web pages


def web_furniture(text: str, indent: str = "\u3000\u3000") -> str:
    """§1 Copied from a web page: breadcrumbs, metadata block and tool bar before the text,
    attachments, links, share buttons and the site footer after it; paragraphs indented
    with `indent` (two U+3000, "&nbsp;" x4 or U+00A0)."""
    place = place_of(text)
    title = title_of(text)
    head = (
        f"当前位置：首页 > 政务公开 > 政策文件 > {title}\n"
        f"索引号：11{zlib.crc32(place.encode()) % 10**8:08d}/2022-00035\t主题分类：综合政务\n"
        f"发文机关：{place}人民政府\t成文日期：2022年03月18日\n"
        f"标题：{title}\n"
        "发布日期：2022-03-25\n"
        f"来源：{place}人民政府办公室　　发布时间：2022-03-25 10:12　　【字体：大 中 小】　打印本页　关闭窗口\n\n"
    )
    # Paragraphs are indented; the annex's tables are HTML tables, not indented text.
    body, annex = _split_annex(text)
    body = "\n".join(indent + line if line.strip() else line for line in body.split("\n"))
    body += annex
    tail = (
        "\n\n相关附件：\n"
        f"{title}.docx\n"
        "相关链接：\n"
        "国务院关于印发“十四五”节能减排综合工作方案的通知\n"
        "扫一扫在手机打开当前页\n"
        "分享到：\n"
        "【打印本页】 【关闭窗口】\n"
        f"主办：{place}人民政府办公室　承办：{place}大数据中心\n"
        "网站标识码：1306820001　冀ICP备05003545号-1　冀公网安备 13068202000101号\n"
    )
    return head + body + tail


def repost_lead(text: str, abridged: bool = True) -> str:
    """§1 Reposts: a news lead paragraph first, and "(本文有删减)"."""
    place = place_of(text)
    title = title_of(text)
    lead = (
        f"中国节能网讯：近日，{place}人民政府印发《{title}》（以下简称《方案》），"
        "明确了“十四五”时期节能减排的目标任务。全文如下：\n"
    )
    return lead + ("（本文有删减）\n" if abridged else "") + text


_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad")


def garbage_between_chars(text: str, every: int = 23) -> str:
    """§1 Reposts that insert garbage between characters: invisible characters (zero-width
    space and joiners, word joiner, BOM, soft hyphen) between two Han characters, as copy
    protection and HTML exports leave them."""
    out = []
    count = 0
    for i, ch in enumerate(text):
        out.append(ch)
        if _han(ch) and i + 1 < len(text) and _han(text[i + 1]):
            count += 1
            if count % every == 0:
                out.append(_INVISIBLE[(count // every) % len(_INVISIBLE)])
    return "".join(out)


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# ------------------------------------------------------------------------ PDF / Word


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _wrap(line: str, width: int) -> list[str]:
    out: list[str] = []
    current = ""
    used = 0
    for ch in line:
        w = _width(ch)
        if used + w > width and current:
            out.append(current)
            current, used = "", 0
        current += ch
        used += w
    out.append(current)
    return out


def _kangxi_table() -> dict[str, str]:
    table = {}
    for cp in range(0x2F00, 0x2FD6):
        ch = chr(cp)
        table[unicodedata.normalize("NFKC", ch)] = ch
    return table


_KANGXI_TARGETS = "十大高工用生人力水一二"
_SUPPLEMENT = {"长": "\u2ed3", "门": "\u2ed4", "车": "\u2ecb", "见": "\u2ec5", "风": "\u2edb"}


def kangxi(text: str, chars: str = _KANGXI_TARGETS + "长门车见风") -> str:
    """§1 Compatibility characters from PDF fonts: 十 大 高 as ⼗ ⼤ ⾼ (Kangxi radicals),
    长 门 车 as ⻓ ⻔ ⻋ (CJK radicals supplement)."""
    table = {**_kangxi_table(), **_SUPPLEMENT}
    return "".join(table[ch] if ch in chars and ch in table else ch for ch in text)


def space_digits(text: str) -> str:
    """§1 PDF/Word: spaces between Chinese and digits ("2025 年", "14.8 %")."""
    body, annex = _split_annex(text)
    body = re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)", " ", body)
    body = re.sub(r"(?<=\d)(?=[\u4e00-\u9fff%％])", " ", body)
    return body + annex


def pdf_breaks(
    text: str,
    width: int = 60,
    page_lines: int = 34,
    header: bool = True,
    page_style: str = "— {} —",
    spaces: bool = False,
    compat: bool = False,
) -> str:
    """§1 From PDF or Word: every paragraph hard-wrapped at `width` (display columns, a Han
    character is two), so lines break inside sentences and words ("全面绿\\n色转型"); a
    page-number line (`page_style`: "— 3 —", "- 3 -", "第3页") every `page_lines` lines,
    followed by the running header (the plan's title) when `header`; with `spaces`, spaces
    between Chinese and digits (`space_digits`); with `compat`, Kangxi radicals (`kangxi`).
    The annex tables are left as they are: reading table layout is the document
    extractors' job.
    """
    if spaces:
        text = space_digits(text)
    if compat:
        text = kangxi(text)
    body, annex = _split_annex(text)
    title = title_of(text)
    title_seen = False
    out: list[str] = []
    page = 1
    since = 0
    for paragraph in body.split("\n"):
        for line in _wrap(paragraph, width) if paragraph.strip() else [paragraph]:
            out.append(line)
            since += 1
            if title in line:
                title_seen = True
            # Pages are counted from the plan's title on: page 1 carries no header.
            if title_seen and since >= page_lines:
                page += 1
                since = 0
                out.append(page_style.format(page - 1))
                if header:
                    out.append(title)
    return "\n".join(out) + ("\n" + annex if annex else "")


# ------------------------------------------------------------------------ numbering


def renumber_measures(text: str, style: str = "1．") -> str:
    """§3 Measures numbered （一） or (一) or 〔一〕 or 1． or 1、 or （1）.

    `style` is the first measure's mark. With Arabic measures, sub-items 1. / 1、 under
    them become （1）; with （1） measures, sub-items become ①.
    """
    body, annex = _split_annex(text)
    out = []
    in_measure = False
    for line in body.split("\n"):
        if _SECTION.match(line):
            in_measure = False
        m = _MEASURE.match(line)
        if m:
            in_measure = True
            n = _cn_number(m.group("num"))
            mark = {
                "（一）": f"（{m.group('num')}）",
                "(一)": f"({m.group('num')})",
                "〔一〕": f"〔{m.group('num')}〕",
                "1．": f"{n}．",
                "1、": f"{n}、",
                "1.": f"{n}.",
                "（1）": f"（{n}）",
            }[style]
            out.append(m.group("indent") + mark + line[m.end() :])
            continue
        im = _ITEM.match(line)
        if im and in_measure and style in ("1．", "1、", "1.", "（1）"):
            n = int(im.group("a") or im.group("b"))
            mark = _CIRCLED[n - 1] if style == "（1）" else f"（{n}）"
            out.append(im.group("indent") + mark + line[im.end() :])
            continue
        out.append(line)
    return "\n".join(out) + annex


_INLINE = re.compile(
    r"^(?P<head>[ \t\u3000\xa0]*(?:\[bookmark: _GoBack\])?[（(〔][一二三四五六七八九十]{1,4}[）)〕][ \t]?)(?P<title>[^。，；：\n]{2,40})。(?P<body>\S.*)$"
)


def titles_on_own_line(text: str, full_stop: bool = False) -> str:
    """§3 Measure titles on their own line, with or without 。, instead of inline before
    the body ("（一）重点行业绿色升级工程。加快…" -> "（一）重点行业绿色升级工程\\n加快…")."""
    body, annex = _split_annex(text)
    out = []
    for line in body.split("\n"):
        m = _INLINE.match(line)
        if m:
            stop = "。" if full_stop else ""
            out.append(m.group("head") + m.group("title") + stop)
            out.append(m.group("body"))
        else:
            out.append(line)
    return "\n".join(out) + annex


def inline_titles(text: str) -> str:
    """§3 Measure titles inline before the body: a title alone on its line (no 。) joined to
    the paragraph after it with 。."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _MEASURE.match(line)
        rest = line[m.end() :].strip() if m else ""
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if m and rest and len(rest) <= 40 and "。" not in rest and nxt and not _MEASURE.match(nxt):
            out.append(line.rstrip() + "。" + nxt)
            i += 2
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


# ------------------------------------------------------------------------ the notice

_NOTICE_NUMBER = "府发〔2022〕8号"


def notice_number(text: str) -> str:
    """The 文号 `add_notice` writes for this plan."""
    return place_of(text)[:2] + _NOTICE_NUMBER


def has_notice(text: str) -> bool:
    """Whether the plan already comes with a cover notice above its title line."""
    m = re.search(
        r"^[ \t\u3000]*(?:\[bookmark: _GoBack\])?\S{2,12}?“[十⼗]四五”\S*方案\s*$", text, re.M
    )
    head = text[: m.start()] if m else ""
    return "通知" in head or "印发" in head


def add_notice(
    text: str,
    number_below_issuer: bool = False,
    split_title: bool = False,
    spaced_number: bool = False,
    meeting: bool = True,
    contact: bool = True,
) -> str:
    """§2 A cover notice before the plan (when it has none): the notice title (split over
    two lines or not), the 文号 above the addressees or below the issuer (with stray
    spaces "〔2022〕8 号"), addressees, "已经市政府第N次常务会议审议通过", signature and
    date, "（此件公开发布）", a contact line."""
    if has_notice(text):
        return text
    place = place_of(text)
    title = title_of(text)
    number = notice_number(text)
    if spaced_number:
        number = number.replace("〕", "〕 ").replace("号", " 号")
    heading = f"{place}人民政府关于印发{title}的通知"
    if split_title:
        cut = heading.index("十四五") + 4
        heading = heading[:cut] + "\n" + heading[cut:]
    approved = "已经市政府第18次常务会议审议通过，" if meeting else ""
    lines = [heading]
    if not number_below_issuer:
        lines.append(number)
    lines += [
        "各县（市、区）人民政府，市政府各部门，各有关单位：",
        f"现将《{title}》印发给你们，{approved}请认真贯彻执行。",
        f"{place}人民政府",
    ]
    if number_below_issuer:
        lines.append(number)
    lines += ["2022年3月18日", "（此件公开发布）"]
    if contact:
        lines.append("（联系电话：0312-2345678）")
    return "\n".join(lines) + "\n" + text


def notice_variants(text: str, variant: int = 0) -> str:
    """§2 The notice in one of its forms, by number (0-7: 文号 above or below the issuer,
    title on one line or split, 文号 with stray spaces or not)."""
    return add_notice(
        text,
        number_below_issuer=bool(variant & 1),
        split_title=bool(variant & 2),
        spaced_number=bool(variant & 4),
    )


def closing_signature(text: str) -> str:
    """§2 Signature, date and contact line after the plan's last sentence (a page where the
    notice's signature follows the text); the plan must not be refused as truncated."""
    body, annex = _split_annex(text)
    place = place_of(text)
    closing = f"\n{place}人民政府办公室\n2022年3月18日\n联系人：王明　联系电话：0312-2345678\n"
    return body.rstrip("\n") + "\n" + closing + ("\n" + annex if annex else "")
