"""Every extracted fact quotes the original text exactly, offsets included."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Span
from ingest.parser import parse_file
from tests.support.paths import PLANS


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.txt")), ids=lambda p: p.stem)
def test_spans_quote_the_original(path: Path) -> None:
    plan = parse_file(path)
    spans: list[Span] = []
    for m in plan.measures:
        spans.append(m.span)
        for r in [*m.responsibilities, *(r for i in m.items for r in i.responsibilities)]:
            spans.append(r.span)
            assert r.note is not None
            spans.append(r.note)
            assert r.span.start >= r.note.start or r.carried_forward
    spans += [t.span for t in plan.targets]
    assert len(spans) > 100
    for s in spans:
        assert 0 <= s.start < s.end <= len(plan.original_text)
        assert plan.original_text[s.start : s.end] == s.text
    for t in plan.targets:
        # The sentence behind a number contains that number as written (Arabic digits).
        digits = "".join(ch for ch in t.span.text if ch.isdigit())
        assert digits, t
