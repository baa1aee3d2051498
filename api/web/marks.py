"""A quote cut into segments, those inside given spans marked: the responsibility notes in a
measure's text (/city), a span in its sentence (the evidence of /id/ pages)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool


def marked(quote: str, start: int, spans: list[tuple[int, int]]) -> list[Segment]:
    """`quote` (starting at offset `start` of the plan text) cut into segments, those
    inside any of `spans` (plan offsets) marked; overlapping spans merge."""
    inside = sorted((max(s - start, 0), min(e - start, len(quote))) for s, e in spans)
    out: list[Segment] = []
    at = 0
    for s, e in inside:
        if e <= at or s >= len(quote):
            continue
        s = max(s, at)
        if s > at:
            out.append(Segment(quote[at:s], False))
        out.append(Segment(quote[s:e], True))
        at = e
    if at < len(quote):
        out.append(Segment(quote[at:], False))
    return out
