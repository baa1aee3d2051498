"""HTML page -> the article's text: decoded in the encoding the page declares, the
article body only (the common government-CMS content containers first, then
trafilatura's main-content extraction), tables kept in the annex text form, &nbsp; and
ideographic indentation normalised, and the linked attachments listed."""

from __future__ import annotations

import codecs
import re
from typing import Any
from urllib.parse import urljoin

from ingest.documents.extracted import Extracted, TextBuilder
from ingest.documents.sniff import HTML
from ingest.errors import PlanError

# Content containers of the CMSs Chinese government sites run (TRS WCM, UCAP, Hanweb,
# the State Council's own), most specific first.
CONTAINERS = (
    "//*[@id='UCAP-CONTENT']",
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//div[contains(@class, 'TRS_UEDITOR')]",
    "//*[@id='zoom']",
    "//*[@id='Zoom']",
    "//*[@id='fontzoom']",
    "//div[contains(@class, 'pages_content')]",
    "//div[contains(@class, 'article-content')]",
    "//div[contains(@class, 'art_con')]",
    "//div[contains(@class, 'wzcon')]",
    "//div[contains(@class, 'zw')][not(ancestor::div[contains(@class, 'zw')])]",
    "//*[@id='content']",
    "//article",
)
_MIN_ARTICLE = 50  # Chinese characters an article container must hold
_PROSE_SHARE = 0.9  # of the page's paragraphs the element found without a known name holds
_DOC_LINK = re.compile(r"\.(?:docx?|wps|pdf|ofd|rtf|xlsx?|et|zip|rar|7z)(?:$|[?#])", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "big5": "big5hkscs", "utf8": "utf-8"}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "select", "button",
         "input", "textarea", "form", "nav", "svg", "title"}  # fmt: skip
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
          "article", "blockquote", "pre", "center", "dd", "dt", "dl", "header", "footer",
          "main", "aside", "figure", "figcaption", "address", "hr", "item", "list",
          "quote", "doc", "main_text", "body", "head"}  # fmt: skip
_CJK = re.compile(r"[\u3400-\u9fff]")
_WS = re.compile(r"[ \t\r\n\f\v\xa0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_WIDE = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…"
_BETWEEN_CJK = re.compile(rf"(?<=[{_WIDE}]) (?=[{_WIDE}])")


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding): a BOM, else the HTTP charset, else the page's <meta> charset,
    else UTF-8 if it decodes, else what charset-normalizer finds (GB18030 failing that)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            return raw.decode(enc, "replace"), enc
    candidates = []
    if declared:
        candidates.append(declared)
    meta = _META_CHARSET.search(raw[:8192])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for name in candidates:
        enc = _ALIASES.get(name.lower(), name.lower())
        try:
            return raw.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    enc = _ALIASES.get(best.encoding, best.encoding) if best is not None else "gb18030"
    return raw.decode(enc, "replace"), enc


def _norm(text: str) -> str:
    return _BETWEEN_CJK.sub("", _WS.sub(" ", text)).strip()


def _tag(el: Any) -> str:
    return el.tag.lower().rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


class _Writer:
    """Walks an element tree, writing paragraphs and tables."""

    def __init__(self) -> None:
        self.out = TextBuilder()
        self.paragraphs = 0
        self.tables = 0
        self._inline: list[str] = []

    def flush(self) -> None:
        text = _norm("".join(self._inline))
        self._inline.clear()
        if text:
            self.paragraphs += 1
            self.out.add(text, paragraph=self.paragraphs)
            self.out.add("\n")

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag in _SKIP or not tag:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self._inline.append(el.text or "")
        for child in el:
            self.walk(child)
            self._inline.append(child.tail or "")
        if block:
            self.flush()

    def table(self, el: Any) -> None:
        self.tables += 1
        rows = [r for r in el.iter() if _tag(r) in ("tr", "row") and _nearest_table(r) is el]
        for row_no, tr in enumerate(rows, start=1):
            cells = [c for c in tr if _tag(c) in ("td", "th", "cell")]
            for cell_no, td in enumerate(cells, start=1):
                text = _norm(" ".join(td.itertext()))
                self.out.add("\t")
                self.out.add(text, table=self.tables, row=row_no, cell=cell_no)
                self.out.add("\n")
            self.out.add("\n")


def _nearest_table(el: Any) -> Any:
    for a in el.iterancestors():
        if _tag(a) == "table":
            return a
    return None


def _container(tree: Any) -> Any | None:
    for xpath in CONTAINERS:
        found = [
            el
            for el in tree.xpath(xpath)
            if len(_CJK.findall(el.text_content())) >= _MIN_ARTICLE and "。" in el.text_content()
        ]
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    return _paragraphs_parent(tree)


def _paragraphs_parent(tree: Any) -> Any | None:
    """The innermost element holding nearly all the page's paragraphs of prose (a CMS
    whose container has a name of its own): its headings are the article's too, where a
    main-text extractor may drop them. None when the prose is spread over the page."""
    weights: dict[Any, int] = {}
    total = 0
    for p in tree.iter("p"):
        text = p.text_content()
        n = len(_CJK.findall(text))
        if n < 10 or "。" not in text:
            continue
        total += n
        for a in p.iterancestors():
            weights[a] = weights.get(a, 0) + n
    if total < _MIN_ARTICLE:
        return None
    held = [el for el, n in weights.items() if n >= _PROSE_SHARE * total]
    return max(held, key=lambda el: sum(1 for _ in el.iterancestors()), default=None)


def _page_title(tree: Any, container: Any) -> str | None:
    """The page's <h1> (outside the container) when the article does not begin with it."""
    for h1 in tree.iter("h1"):
        if any(a is container for a in h1.iterancestors()):
            return None
        title = _norm(h1.text_content())
        if len(_CJK.findall(title)) < 4:
            continue
        head = "".join(_norm(container.text_content()).split())[: 4 * len(title) + 200]
        return None if "".join(title.split()) in head else title
    return None


def attachments(tree: Any, base: str | None) -> list[str]:
    """Links to document files (相关附件), absolute when the page's URL is known."""
    found: list[str] = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        text = a.text_content()
        if _DOC_LINK.search(href) or _DOC_LINK.search(text.strip()):
            url = urljoin(base, href) if base else href
            if url not in found:
                found.append(url)
    return found


def extract_html(
    raw: bytes, source: str, url: str | None = None, charset: str | None = None
) -> Extracted:
    import lxml.html

    text, _ = decode_html(raw, charset)
    try:
        tree = lxml.html.document_fromstring(text.replace("\x00", ""))
    except Exception as exc:  # lxml.etree.ParserError and friends
        raise PlanError(source, f"not a readable HTML page: {exc}") from exc
    base_el = tree.find(".//base[@href]")
    base = urljoin(url, base_el.get("href")) if base_el is not None and url else url
    files = attachments(tree, base)
    writer = _Writer()
    container = _container(tree)
    if container is not None:
        title = _page_title(tree, container)
        if title:  # the CMS shows the title above the content container, not in it
            writer.out.add(title + "\n")
        writer.walk(container)
        writer.flush()
    else:
        _main_text(tree, writer)
    out = writer.out.text()
    if len(_CJK.findall(out)) < _MIN_ARTICLE or "。" not in out:  # menus are no article
        listed = f" (attachments: {', '.join(files)})" if files else ""
        raise PlanError(
            source, f"no article in the HTML page: no content container and no main text{listed}"
        )
    return Extracted(out, HTML, writer.out.locations, attachments=files)


def _main_text(tree: Any, writer: _Writer) -> None:
    """No known container: trafilatura finds the main text (as XML, so tables stay)."""
    import lxml.etree
    import lxml.html
    import trafilatura

    xml = trafilatura.extract(
        lxml.html.tostring(tree, encoding="unicode"), output_format="xml",
        include_tables=True, include_comments=False, favor_recall=True,
    )  # fmt: skip
    if not xml:
        return
    try:
        root = lxml.etree.fromstring(xml.encode("utf-8"))
    except lxml.etree.XMLSyntaxError:
        return
    main = root.find("main") if root.find("main") is not None else root
    writer.walk(main)
    writer.flush()
