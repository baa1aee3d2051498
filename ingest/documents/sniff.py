"""A file's format from its content (magic bytes, markup), never from its name."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

TEXT = "text/plain"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"  # Word 97-2003; WPS Office's .wps is the same binary format
WORKS = "application/vnd.ms-works"  # an OLE document without a WordDocument stream
RTF = "application/rtf"
OFD = "application/ofd"  # GB/T 33190 fixed-layout document

# Formats read by way of LibreOffice (converted to .docx first).
OFFICE = (DOC, WORKS, RTF)
PLAN_FORMATS = (TEXT, HTML, PDF, DOCX, *OFFICE, OFD)

HEAD_BYTES = 8192
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_MARK = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset", re.IGNORECASE
)
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def sniff_head(head: bytes, whole: bytes | None = None, path: Path | None = None) -> str | None:
    """The media type of a document starting with `head` (and, for ZIP files, the whole
    file or its path, to look inside); None when it is no plan format."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, whole, path)
    if head.startswith(_OLE):
        return DOC if _WORD_STREAM in (whole or head) or _has_word_stream(path) else WORKS
    if head.startswith(b"{\\rtf"):
        return RTF
    body = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n")
    probe = (
        head.decode("utf-16", "ignore").encode() if head[:2] in (b"\xff\xfe", b"\xfe\xff") else body
    )
    if _HTML_MARK.search(probe[:4096]):
        return HTML
    if _is_text(head):
        return _text_kind(head)
    return None


def sniff_bytes(raw: bytes) -> str | None:
    return sniff_head(raw[:HEAD_BYTES], raw)


def sniff_file(path: Path) -> str | None:
    """The media type of the file at `path` (reads its first bytes only, or its ZIP
    directory); None when unreadable or no plan format."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        return None
    return sniff_head(head, None, path)


def _zip_kind(head: bytes, whole: bytes | None, path: Path | None) -> str | None:
    try:
        source: io.BytesIO | Path = io.BytesIO(whole) if whole is not None else path  # type: ignore[assignment]
        if source is None:
            return None
        with zipfile.ZipFile(source) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # A truncated .docx has no readable directory: still a Word file by intent if
        # its first entry is a Word part, so it fails with a reason rather than vanish.
        if b"word/" in head or b"[Content_Types].xml" in head:
            return DOCX
        return None
    if "word/document.xml" in names:
        return DOCX
    if "OFD.xml" in names:
        return OFD
    return None


def _has_word_stream(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        with path.open("rb") as f:
            return _WORD_STREAM in f.read(1 << 20)
    except OSError:
        return False


JSON = "application/json"
OTHER_TEXT = "text/x-not-chinese"
_CJK = re.compile("[\u4e00-\u9fff]")


def _text_kind(head: bytes) -> str:
    """Text: a plan if it has Chinese in it and is not JSON (a metadata file, a manifest)."""
    for enc in ("utf-16", "utf-8", "gb18030"):
        if enc == "utf-16" and head[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            continue
        text = head.decode(enc, "ignore")
        if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
            return JSON  # JSON, JSON Lines (a manifest): data, never a plan's first line
        if len(_CJK.findall(text)) >= 20:
            return TEXT
    return OTHER_TEXT


def _is_text(head: bytes) -> bool:
    """Text in one of the encodings plans come in, with letters (not a data file)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    if not head.strip() or b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut by the 8 kB read
                text = head[: exc.start].decode(enc, "ignore")
            else:
                continue
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
        return controls <= len(text) // 100
    return False
