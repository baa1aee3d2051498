"""Bytes -> text, and the normalised, offset-preserving views the parser reads.

The parser never edits the original text. It reads a *normalised* copy of the same length
(simplified script, ASCII digits and brackets, noise masked with spaces), and *compact*
segments of it with the white space removed, each carrying a map back to original
offsets. So every match, however the text was broken over lines, quotes an exact span.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ingest.errors import PlanError
from ingest.model import Span

# Characters folded to one form for matching; all are one code point -> one code point.
_FOLD = str.maketrans(
    {
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
)

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
            continue
        if _control_ratio(text) > 0.01:
            raise PlanError(source, "binary file: too many control characters to be text")
        return text, enc
    assert first_error is not None
    raise PlanError(
        source,
        "cannot decode: neither UTF-8 nor GBK/GB18030 "
        f"(invalid byte at offset {first_error.start})",
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> simplified, keeping the length so offsets stay valid."""
    converter = _t2s()
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    if len(converted) == len(text):
        return converted
    # Phrase rules changed the length somewhere: fall back to char by char.
    out = []
    for ch in text:
        c: str = converter.convert(ch)  # type: ignore[attr-defined]
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def is_traditional(text: str) -> bool:
    """True when converting to simplified changes a noticeable share of Han characters."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return False
    sample = "".join(han[:4000])
    simplified = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, simplified, strict=True) if a != b)
    return changed / len(sample) > 0.02


def normalise(text: str, simplify: bool) -> str:
    """Same-length normalised copy of `text` for matching."""
    if simplify:
        text = to_simplified(text)
    out = []
    for ch in text:
        if "\uff01" <= ch <= "\uff5e" and ch not in "（）［］：；，％＜＞":
            ch = chr(ord(ch) - 0xFEE0)  # other full-width ASCII forms (digits, letters)
        out.append(ch)
    folded = "".join(out).translate(_FOLD)
    folded = _NOISE.sub(lambda m: " " * len(m.group()), folded)
    assert len(folded) == len(text)
    return folded


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
