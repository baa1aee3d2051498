"""What every format's extractor returns: the text the parser reads, and where each stretch
of it is in the original document (page, paragraph, table cell)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.model import Location, locate


@dataclass
class Extracted:
    """A document's text as the parser reads it, its media type, and its location map."""

    text: str
    media_type: str
    locations: list[Location] = field(default_factory=list)  # sorted by start, disjoint
    ocr: bool = False  # some or all of the text was read by OCR
    attachments: list[str] = field(default_factory=list)  # linked files (HTML pages)
    source_url: str | None = None  # fetched from (plankg ingest URL)
    retrieved: str | None = None  # ISO 8601 UTC time of retrieval

    def locate(self, start: int, end: int) -> list[Location]:
        """The locations a span [start, end) of the text overlaps, in order."""
        return locate(self.locations, start, end)


class TextBuilder:
    """Builds extracted text line by line, recording each piece's location."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.locations: list[Location] = []

    @property
    def length(self) -> int:
        return self._length

    def add(self, text: str, **where: int | bool | None) -> None:
        """Append text; when `where` is given, it is where this text is in the original."""
        if not text:
            return
        if where:
            self.locations.append(
                Location(self._length, self._length + len(text), **where)  # type: ignore[arg-type]
            )
        self._parts.append(text)
        self._length += len(text)

    def text(self) -> str:
        return "".join(self._parts)
