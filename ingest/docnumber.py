"""文号 (document numbers) as keys: one canonical form, and an ASCII IRI slug.

A 文号 is written 冀政字〔2022〕18号, 冀政字[2022]18号, 冀政字（2022）18 号, 冀政字〔2022〕18號 …;
all denote one document, so its canonical form is in simplified script, folds the
brackets to 〔〕 and drops spaces. The IRI of
the document, `{base}id/document/{slug}`, must be ASCII and deterministic: the slug is
the year and serial number, then the first 10 hex digits of the SHA-1 of the canonical
form (the issuer's short name is Chinese, and two issuers' names may read alike).
"""

from __future__ import annotations

import hashlib
import re

from ingest.text import to_simplified

_NUMBER = re.compile(r"^(.*?)[\(（〔﹝\[【]\s*((?:19|20)\d{2})\s*[\)）〕﹞\]】]\s*(\d{1,4})\s*号$")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def canonical(number: str) -> str:
    """冀政字 [2022] 18 号 -> 冀政字〔2022〕18号 (unchanged when it is not of that form)."""
    text = re.sub(r"\s+", "", to_simplified(number.translate(_DIGITS)))
    m = _NUMBER.match(text)
    if not m:
        return text
    return f"{m.group(1)}〔{m.group(2)}〕{int(m.group(3))}号"


def slug(number: str) -> str:
    """The ASCII key of a 文号: 冀政字〔2022〕18号 -> 2022-18-<sha1[:10]>."""
    key = canonical(number)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    m = _NUMBER.match(key)
    return f"{m.group(2)}-{m.group(3)}-{digest}" if m else f"x-{digest}"
