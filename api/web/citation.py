"""How a page cites the plan it shows: title, issuer, document number (文号), date, the
original document's URL when known, and a "cite this" text a reader can copy, naming the
plan's permanent IRI. Rendered by the `citation` macro (templates/_macros.html), the same
on every page that cites a plan. Never a path of the server: the source file is named by
its name alone."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from api.web import links
from api.web.i18n import words
from plankg.sources import file_name


@dataclass(frozen=True)
class Citation:
    title: str
    issuer: str
    number: str  # 文号, "" when the plan states none
    issued: str  # ISO date, "" when unknown
    source: str  # the original document's URL, "" when unknown
    source_file: str  # the file's name only
    permalink: str  # the plan's IRI
    href: str  # the plan's page in this service
    draft: bool
    division: str  # the division's name
    division_href: str  # its page in this service, "" when unknown

    def text(self, lang: str) -> str:
        """The plan cited in one line: issuer, title, 文号, date, original URL, and where
        it was read (plankg and the plan's permalink)."""
        w = words(lang)
        zh = lang == "zh"
        title = f"《{self.title}》" if zh else self.title
        if self.draft and w["draft"] not in self.title:
            title += f"（{w['draft']}）" if zh else f" ({w['draft']})"
        head = f"{self.issuer}{'：' if zh else '. '}{title}" if self.issuer else title
        details = [head, *(d for d in (self.number, self.issued, self.source) if d)]
        via = w["cite_via"].format(permalink=self.permalink)
        return ("，" if zh else ", ").join(details) + ("。" if zh else ". ") + via


def from_row(row: dict[str, str], base: str) -> Citation:
    """A plan's citation from a row of its plan (the `plans` query's columns, or the
    evidence's plan row: plan, title, status, issuer, documentNumber, issued, source,
    sourceFile, cityName)."""
    status = row.get("status", "")
    return Citation(
        title=row.get("title", ""),
        issuer=row.get("issuer", ""),
        number=row.get("documentNumber", ""),
        issued=row.get("issued", ""),
        source=row.get("source", ""),
        source_file=file_name(row.get("sourceFile", "")),
        permalink=row["plan"],
        href=links.resource(row["plan"], base) or "",
        draft=status == "draft" or status.endswith("Draft"),
        division=row.get("cityName", ""),
        division_href=links.city(row["cityCode"]) if row.get("cityCode") else "",
    )


def dataset_text(title: str, iri: str, lang: str) -> str:
    """The dataset itself cited in one line: its title, the plankg version that serves
    it, and its IRI."""
    try:
        release = version("plankg")
    except PackageNotFoundError:  # a checkout run without installing
        release = ""
    made = f"plankg {release}".strip()
    return f"{title}（{made}）。{iri}" if lang == "zh" else f"{title} ({made}). {iri}"
