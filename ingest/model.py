"""The structured model of one plan: what the parser produces and the RDF mapper consumes.

Every extracted fact carries a `Span` into the *original* decoded text, so the graph can
quote the sentence behind every answer. Codes (roles, bases, indicators, topics, units,
agency types) are the `skos:notation` values of the vocabularies in `ontology/vocab/`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Role = Literal["lead", "responsible", "supporting", "implementing"]
LeadBasis = Literal["explicit", "document-convention", "listing-order"]
Qualifier = Literal["", "at-least", "at-most", "about", "aspirational"]
Scope = Literal["headline", "measure", "annex"]
MeasureKind = Literal["general", "key-project", "policy-mechanism", "safeguard", "other"]
Status = Literal["draft", "issued"]
DivisionLevel = Literal["national", "province", "prefecture", "county"]
# What looked like a fact but gave none, by kind: reported rather than dropped, so a
# reader knows what the graph is missing and why.
GapKind = Literal[
    "target-without-value",  # a sentence under the targets with a figure and unit, no target
    "note-without-agency",  # a bracket or label that named no agency
    "agency-type-other",  # an agency whose type is unknown
    "measure-without-responsibility",  # a measure no note gives an agency
    "qualitative-target",  # a target stated without a figure (完成省下达任务)
    "row-without-measure",  # a table row with agencies that links to no one measure
]


@dataclass(frozen=True)
class Span:
    """Half-open character range [start, end) in the original decoded text, and its quote."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Location:
    """Where [start, end) of the plan's text is in the original document (a PDF, a Word
    file, an HTML page). Pages, paragraphs, tables, rows and cells count from 1; None where
    the format has no such thing (a PDF has pages, a Word file paragraphs and cells)."""

    start: int
    end: int
    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    ocr: bool = False  # this stretch was read from a page image by OCR


def locate(locations: list[Location], start: int, end: int) -> list[Location]:
    """The locations (sorted by start, disjoint) that a span [start, end) overlaps."""
    if not locations:
        return []
    i = max(0, bisect_right([loc.start for loc in locations], start) - 1)
    found = []
    for loc in locations[i:]:
        if loc.start >= max(end, start + 1):
            break
        if loc.end > start:
            found.append(loc)
    return found


@dataclass(frozen=True)
class Division:
    """A GB/T 2260 administrative division."""

    code: str  # six digits, e.g. "130682"
    name: str  # e.g. "定州市"
    level: DivisionLevel
    province_code: str  # e.g. "130000" ("" for the country)
    province_name: str


@dataclass
class AgencyMention:
    """One agency named in one responsibility note, with the role the note gives it."""

    name_as_written: str  # as in the note, minus 等 / 按职责分工负责 ("市发展改革委")
    full_name: str  # jurisdiction prefix made explicit ("驻马店市发展改革委")
    agency_type: str  # agency-type notation, "other" when unknown
    role: Role
    basis: LeadBasis | None  # set on lead mentions only
    position: int  # 1-based position in the note's list
    span: Span  # the name in the note
    carried_forward: bool = False  # from a 以下均需…不再列出 / 下同 rule, not written here
    note: Span | None = None  # the whole note that states the role (the provenance shown)


@dataclass
class SubItem:
    """A numbered sub-item (1. 2. / (1) (2)) under a measure. One with responsibilities of
    its own is a unit of work of its own (its topics are then no longer its measure's)."""

    number: int
    title: str
    span: Span
    responsibilities: list[AgencyMention] = field(default_factory=list)
    primary_topic: str | None = None  # topic notation: its title's, else its text's
    topics: list[str] = field(default_factory=list)  # its other topics, first mention first


@dataclass
class Measure:
    """A numbered measure （一）… inside a section."""

    section_number: int
    number: int  # as written: （十一） -> 11
    title: str
    kind: MeasureKind
    span: Span  # the whole measure, title to end of its last note
    primary_topic: str | None = None  # topic notation: its title's, else its text's
    # its other topics: those its text mentions, less its sub-items with a note of their own
    mentioned_topics: list[str] = field(default_factory=list)
    responsibilities: list[AgencyMention] = field(default_factory=list)
    items: list[SubItem] = field(default_factory=list)

    def has_note(self) -> bool:
        """Whether it or one of its sub-items has a note of its own."""
        return bool(self.responsibilities) or any(i.responsibilities for i in self.items)


@dataclass
class Section:
    number: int  # 一、 -> 1
    title: str
    kind: MeasureKind
    span: Span


@dataclass
class Target:
    """One quantitative target, value normalised (tonnes, percent, tce, ...)."""

    indicator: str  # indicator notation
    value: Decimal
    unit: str  # unit code: "t", "percent", "tce", "kgce/t", "gce/kWh", ...
    scope: Scope
    span: Span  # the sentence or table row that states it
    pollutant: str | None = None  # pollutant notation for emission targets
    qualifier: Qualifier = ""
    base_year: int | None = None
    target_year: int | None = None
    subject: str | None = None  # county / town / industry when not the whole jurisdiction
    subject_code: str | None = None  # GB/T 2260 code of the subject, when it is a division
    indicator_label: str | None = None  # the indicator as written, for annex rows
    baseline_value: Decimal | None = None  # annex "2020 actual" column
    measure: tuple[int, int] | None = None  # (section_number, measure number) for scope=measure


@dataclass(frozen=True)
class Gap:
    """Something in the text that looked like a fact but gave none, with where it is."""

    kind: GapKind
    span: Span
    detail: str = ""  # e.g. the agency name typed "other", the measure's number


@dataclass(frozen=True)
class JurisdictionEvidence:
    """One piece of evidence weighed when resolving the plan's jurisdiction."""

    kind: str  # "title", "issuer", "doc-number-prefix", "parent-plan", "agency-prefix",
    # "addressees", "user" (--jurisdiction or the metadata file)
    text: str  # what was read ("驻马店市人民政府", "冀政字")
    codes: tuple[str, ...]  # the divisions it points to
    agrees: bool = True  # it fits the plan's division (it, one above or inside), or names none


@dataclass
class Plan:
    """One plan document, parsed."""

    source_name: str  # file name, for messages and provenance
    sha256: str  # of the raw bytes
    encoding: str  # how the bytes were decoded ("utf-8", "utf-8-sig", "gb18030", ...)
    original_text: str  # decoded, untouched: spans index into this
    traditional: bool  # was the original in traditional script
    title: str
    jurisdiction: Division
    status: Status
    issuer: str | None = None
    issued: str | None = None  # ISO date "2022-04-22"
    document_number: str | None = None  # 文号 of the plan (or of its cover notice)
    cited_documents: list[str] = field(default_factory=list)  # 文号 of parent documents
    # 文号 -> the cited document's title as the citing text gives it (《…》 before it)
    cited_titles: dict[str, str] = field(default_factory=dict)
    source_url: str | None = None  # where it was published (metadata file) or fetched from
    lead_rule: Span | None = None  # a stated 列第一位的为牵头单位 rule, if any
    sections: list[Section] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    jurisdiction_evidence: list[JurisdictionEvidence] = field(default_factory=list)
    # The original document when it was not plain text (plans are published as Word, PDF
    # and web pages, and evidence must point into what was published): its media type, where
    # each stretch of the text read from it is, whether OCR read some of it, and for a
    # fetched document its URL and the time it was retrieved.
    media_type: str = "text/plain"
    locations: list[Location] = field(default_factory=list)
    ocr: bool = False
    retrieved: str | None = None
