"""Folding text for search. The plan text in the store is already simplified (ingest
converts a traditional plan with OpenCC before parsing, keeping offsets), so a query is
folded the same way (ingest.text.to_simplified, then OpenCC's table character by
character for what phrase rules left), and both sides have full-width ASCII made ASCII
and Latin letters lower-cased. Every step maps one character to one, so a match in the
folded text is at the same offsets in the original: that is what the highlighting uses."""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

from ingest.text import to_simplified

# CJK Unified Ideographs, Extension A and the compatibility block.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


# Full-width digits and letters (punctuation such as ，is left: it is in every sentence,
# and a regex search decides in C whether the slower table is needed at all).
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


@lru_cache(maxsize=1)
def _width_case() -> dict[int, int]:
    out = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # full-width 0..9
    out.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # full-width a..z
    for code in range(ord("A"), ord("Z") + 1):
        out[code] = code + 32
    for code in range(0xFF21, 0xFF3B):  # full-width A..Z
        out[code] = code - 0xFEE0 + 32
    return out


@lru_cache(maxsize=1)
def _characters() -> dict[int, int]:
    chars = [chr(c) for lo, hi in _RANGES for c in range(lo, hi + 1)]
    # Every character converted on its own line, so no phrase rule joins two.
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    out = dict(_width_case())
    if len(converted) == len(chars):
        for before, after in zip(chars, converted, strict=True):
            if len(after) == 1 and after != before:
                out[ord(before)] = ord(after)
    return out


def fold_query(text: str) -> str:
    return to_simplified(text).translate(_characters())


def fold_text(text: str) -> str:
    """A stored text (simplified already) folded for matching, at the same length."""
    folded = text.lower()  # C speed; lower() of CJK text is the identity
    if len(folded) != len(text):  # a rare letter whose lower case is longer
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return folded.translate(_width_case()) if _WIDE.search(folded) else folded
