"""Typed errors of the ingestion pipeline. Each names the file and the reason."""

from __future__ import annotations


class PlanError(Exception):
    """A plan file could not be turned into a valid graph."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class ShapeViolation(PlanError):
    """The plan's graph does not conform to the SHACL shapes."""

    def __init__(self, source: str, report: str) -> None:
        super().__init__(source, "graph does not conform to the shapes:\n" + report)
        self.report = report
