"""SHACL validation of one plan's graph against shapes/plankg.ttl.

The compiled engine (PyPI `shacl`, via ingest/shacl_fast.py) gives pyshacl's verdicts in
about 6 ms instead of about 240 ms per plan (bench/shacl_engines.py); pyshacl stays the
reference the tests compare it with.
"""

from __future__ import annotations

from ingest.errors import ShapeViolation
from ingest.shacl_fast import validate_ntriples


def check(ntriples: str, source: str, base: str) -> None:
    """Raise ShapeViolation with the report when the plan's graph does not conform."""
    try:
        conforms, report = validate_ntriples(ntriples, base)
    except ValueError as exc:
        raise ShapeViolation(source, f"unreadable graph: {exc}") from exc
    if not conforms:
        raise ShapeViolation(source, report)
