"""text -> model -> RDF -> SHACL -> store, one plan at a time, with per-stage timings."""

from __future__ import annotations

import hashlib
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

import pyoxigraph as ox

from ingest.documents import extract
from ingest.documents.extracted import Extracted
from ingest.documents.sniff import PLAN_FORMATS, sniff_bytes, sniff_file
from ingest.documents.url import fetch, is_url, same_site
from ingest.errors import PlanError
from ingest.gaps import facts
from ingest.metadata import PlanMeta, read_meta
from ingest.model import Plan
from ingest.parser import parse_bytes
from ingest.rdf import ntriples, plan_triples
from ingest.report import plan_report
from ingest.summaries import summary_rows
from ingest.validate import check
from plankg import describe, index_files, joined_answers, plan_answers
from plankg.backends import Store
from plankg.dump_files import Part, graph_parts
from plankg.plan_index import Triples, derive
from plankg.settings import Settings, or_environment
from plankg.store import GraphData, StoreError
from plankg.summarised import SUMMARY_VERSION

STAGES = ("parse", "map", "validate", "summarise", "dumps", "index", "store")
# Plans per batch when loading into a store holding no plans yet (unless PLANKG_INGEST_BATCH
# says otherwise): every bulk load adds files the store then compacts with all it holds,
# so fewer, larger loads cost much less (3,000 plans, 2 jobs: 139 s at 1000 a batch,
# 227 s at 200), at the price of memory (~2 GB at 1000).
FIRST_LOAD_BATCH = 1000


@dataclass
class Outcome:
    """What happened to one file."""

    source: str
    plan_iri: str | None = None
    triples: int = 0
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    skipped: str | None = None  # why a valid plan was not written (its stored version holds)
    report: dict[str, object] = field(default_factory=dict)  # ingest/report.py: facts, gaps
    # the plan graph's parts of the dump files (plankg.dump_files), compressed where it is made
    dump_parts: dict[str, Part] = field(default_factory=dict)
    # the plan's search documents and digest for the index files (plankg.index_files);
    # b"" when it has none (no division stated)
    index_part: bytes = b""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Prepared:
    """A validated plan (or a failure) ready for the writer. From a worker process only the
    N-Triples text crosses (pickling pyoxigraph terms costs ~5x parsing the text again):
    the embedded store loads that text, a remote store gets it parsed (TriplesOf)."""

    outcome: Outcome
    triples: Sequence[ox.Triple] | None = None
    ntriples: str = ""

    def for_transfer(self) -> Prepared:
        return Prepared(self.outcome, None, self.ntriples)


class TriplesOf(Sequence[ox.Triple]):
    """A graph's triples, parsed from its N-Triples text only if asked for: the embedded
    store loads the text itself; a remote store builds its update from the triples."""

    def __init__(self, ntriples: str) -> None:
        self._ntriples = ntriples
        self._triples: list[ox.Triple] | None = None

    def _parsed(self) -> list[ox.Triple]:
        if self._triples is None:
            text = self._ntriples.encode("utf-8")
            self._triples = list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
        return self._triples

    @overload
    def __getitem__(self, index: int) -> ox.Triple: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ox.Triple]: ...

    def __getitem__(self, index: int | slice) -> ox.Triple | Sequence[ox.Triple]:
        return self._parsed()[index]

    def __len__(self) -> int:
        return len(self._parsed())

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._parsed())


Source = Path | str  # a file, or a URL (str) for `plankg ingest URL`
# Metadata files beside a plan (PLAN.meta.json / .yaml / .yml) are never plans themselves.
_SIDECARS = (".meta.json", ".meta.yaml", ".meta.yml")


def plan_files(paths: Iterable[Path | str]) -> Iterator[Source]:
    """Files and URLs named, and inside folders named (sorted, recursively) every .txt file
    as before (so a bad one is reported) and every other file whose content is a plan
    format (text, HTML, Word, WPS, PDF: ingest/documents/sniff.py)."""
    for path in paths:
        if isinstance(path, str) and is_url(path):
            yield path
            continue
        path = Path(path)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not p.name.startswith(".")
                and not p.name.endswith(_SIDECARS)
                and (p.suffix == ".txt" or sniff_file(p) in PLAN_FORMATS)
            )
        else:
            yield path


def read_plan(
    raw: bytes,
    source: str,
    base: str,
    extracted: Extracted | None = None,
    meta: PlanMeta | None = None,
    settings: Settings | None = None,
) -> Plan:
    """Bytes of any plan format -> Plan. The text of a document that is not plain text is
    extracted first; the plan keeps the digest and media type of the original bytes, and
    where each stretch of text is in it. `meta` is what the user says (--jurisdiction,
    the metadata file)."""
    if extracted is None:
        extracted = extract(raw, source, settings=settings)
    if extracted is None:
        return parse_bytes(raw, source, base, meta)
    try:
        plan = parse_bytes(extracted.text.encode("utf-8"), source, base, meta)
    except PlanError as exc:
        if exc.line is None or not extracted.locations:
            raise
        raise PlanError(source, exc.reason + _where(extracted, exc.line)) from exc
    plan.sha256 = hashlib.sha256(raw).hexdigest()
    plan.encoding = "utf-8"  # of the text read from the document
    plan.media_type = extracted.media_type
    plan.locations = extracted.locations
    plan.ocr = extracted.ocr
    plan.source_url = extracted.source_url or plan.source_url
    plan.retrieved = extracted.retrieved
    return plan


def _where(extracted: Extracted, line: int) -> str:
    """A line of the extracted text as its place in the original ("page 3")."""
    offset = 0
    for _ in range(line - 1):
        offset = extracted.text.find("\n", offset) + 1
    for loc in extracted.locate(offset, offset + 1):
        if loc.page is not None:
            return f" (page {loc.page})"
        if loc.table is not None:
            return f" (table {loc.table}, row {loc.row}, cell {loc.cell})"
        if loc.paragraph is not None:
            return f" (paragraph {loc.paragraph})"
    return ""


def _read_url(
    url: str, base: str, meta: PlanMeta | None = None, settings: Settings | None = None
) -> Plan:
    """A fetched page's plan: its article, or when that is not a plan, the first
    attachment on the same site that is."""
    settings = or_environment(settings)
    page = fetch(url, settings)
    media = sniff_bytes(page.body)
    extracted = extract(page.body, url, media, page.url, page.charset, settings)
    if extracted is None:  # a text file
        plan = parse_bytes(page.body, url, base, meta)
        plan.source_url, plan.retrieved = page.url, page.retrieved
        return plan
    extracted.source_url, extracted.retrieved = page.url, page.retrieved
    try:
        return read_plan(page.body, url, base, extracted, meta, settings)
    except PlanError as article_error:
        failures = [article_error.reason]
        for link in extracted.attachments:
            if not same_site(link, page.url):
                continue
            try:
                doc = fetch(link, settings, source=link)
                inner = extract(doc.body, link, None, doc.url, doc.charset, settings)
                if inner is None:
                    plan = parse_bytes(doc.body, link, base, meta)
                    plan.source_url, plan.retrieved = doc.url, doc.retrieved
                    return plan
                inner.source_url, inner.retrieved = doc.url, doc.retrieved
                return read_plan(doc.body, link, base, inner, meta, settings)
            except PlanError as exc:
                failures.append(str(exc))
        raise PlanError(url, "; ".join(failures)) from article_error


def prepare(
    path: Source, base: str, jurisdiction: str | None = None, settings: Settings | None = None
) -> Prepared:
    """Read (fetch), parse, map and validate one file or URL; never raises for bad input.
    `jurisdiction` (--jurisdiction) and the metadata file beside the plan say what the
    text may not; `settings` bound fetching, OCR and conversion."""
    outcome = Outcome(source=str(path))
    clock = time.perf_counter()
    try:
        if isinstance(path, str):
            plan = _read_url(path, base, read_meta(None, jurisdiction), settings)
        else:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise PlanError(str(path), f"cannot read: {exc.strerror or exc}") from exc
            meta = read_meta(path, jurisdiction)
            plan = read_plan(raw, str(path), base, meta=meta, settings=settings)
        now = time.perf_counter()
        outcome.timings["parse"] = now - clock
        clock = now
        iri, triples = plan_triples(plan, base)
        nt = ntriples(triples)
        now = time.perf_counter()
        outcome.timings["map"] = now - clock
        clock = now
        check(nt, str(path), base)
        now = time.perf_counter()
        outcome.timings["validate"] = now - clock
        clock = now
        # the answer rows of the national questions, stored in the plan's graph with it
        graph = Triples.of(nt)  # read once, for the summary and the index part
        rows = summary_rows(nt, base, graph)
        nt += rows
        now = time.perf_counter()
        outcome.timings["summarise"] = now - clock
        clock = now
        outcome.dump_parts = graph_parts(iri, nt)
        now = time.perf_counter()
        outcome.timings["dumps"] = now - clock
        clock = now
        indexed = derive(iri, graph, base)
        if indexed is not None:
            # with the plan's rows of the per-plan named queries (plankg.plan_answers) and
            # its quads the joins-plans ones read (plankg.joined_answers)
            answers = plan_answers.encode(plan_answers.evaluator(base).rows(iri, nt))
            joined = joined_answers.encode(iri, nt)
            described = describe.describer(base).stored(iri, nt)
            outcome.index_part = index_files.encode(indexed, answers, joined, described)
        outcome.timings["index"] = time.perf_counter() - clock
    except PlanError as exc:
        outcome.error = str(exc)
        return Prepared(outcome)
    outcome.plan_iri = iri
    outcome.triples = len(triples) + rows.count("\n")
    counts = facts(plan)
    outcome.summary = {k: counts[k] for k in ("measures", "responsibilities", "targets")}
    outcome.report = plan_report(plan, iri)
    # the triples with the rows, parsed from the text only if asked for (a remote store)
    return Prepared(outcome, TriplesOf(nt), nt)


def sha256_file(path: Source) -> str | None:
    """The digest plans store as pk:sha256 (of the source bytes); None when unreadable
    (and for a URL, whose bytes are known only once fetched)."""
    if isinstance(path, str):
        return None
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


# A plan stored without its summary of this version (by an older plankg) does not count
# as stored: ingesting its file again derives the summary, as a changed file would.
STORED_DIGESTS = f"""PREFIX pk: <https://w3id.org/plankg/ontology#>
SELECT ?g ?sha WHERE {{ GRAPH ?g {{
  ?plan a pk:Plan ; pk:sha256 ?sha .
  ?summary pk:summaryOf ?plan ; pk:summaryVersion {SUMMARY_VERSION} .
}} }}"""


def stored_digests(store: Store) -> dict[str, str]:
    """pk:sha256 of every stored plan (with its current summary) -> its graph, in one
    query."""
    result = store.query(STORED_DIGESTS)
    assert isinstance(result, ox.QuerySolutions)
    return {
        row["sha"].value: row["g"].value
        for row in result
        if isinstance(row["sha"], ox.Literal) and isinstance(row["g"], ox.NamedNode)
    }


@contextmanager
def sigint_deferred() -> Iterator[list[int]]:
    """Ctrl-C during the block is held, not raised: the list says whether one came."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


def store_batch(batch: list[Prepared], store: Store) -> bool:
    """Write validated plans; each plan's store time is its share of the batch's. A Ctrl-C
    while writing lets the batch complete: True when one came."""
    clock = time.perf_counter()
    graphs = []
    for p in batch:
        if p.outcome.ok and p.outcome.skipped is None and p.outcome.plan_iri is not None:
            triples = TriplesOf(p.ntriples) if p.triples is None else p.triples
            graphs.append(GraphData(p.outcome.plan_iri, triples, p.ntriples))
    if not graphs:
        return False
    try:
        with sigint_deferred() as interrupted:
            store.write_batch(graphs)
    except StoreError as exc:
        for p in batch:
            p.outcome.error = f"{p.outcome.source}: {exc}"
    share = (time.perf_counter() - clock) / len(graphs)
    for p in batch:
        p.outcome.timings["store"] = share
    return bool(interrupted)


def _written(batch: list[Prepared], store: Store) -> Iterator[Outcome]:
    interrupted = store_batch(batch, store)
    yield from (p.outcome for p in batch)
    if interrupted:
        raise KeyboardInterrupt  # after the batch is reported stored


def ingest(
    paths: Iterable[Path | str],
    store: Store,
    base: str,
    batch_size: int = 200,
    settings: Settings | None = None,
) -> Iterator[Outcome]:
    """Ingest each file into its own named graph; one bad file does not stop the others."""
    prepared = (prepare(path, base, None, settings) for path in plan_files(paths))
    return store_all(prepared, store, batch_size)


def store_all(plans: Iterable[Prepared], store: Store, batch_size: int = 200) -> Iterator[Outcome]:
    """Write prepared plans, in the order given, each into its own named graph.

    Validated plans are written in batches (see EmbeddedStore.write_batch); a plan whose
    graph is already in the pending batch (two files for one plan) starts a new batch,
    so the later file wins as it would one by one.
    """
    batch: list[Prepared] = []
    for prepared in plans:
        if not prepared.outcome.ok or prepared.outcome.skipped is not None:
            yield prepared.outcome
            continue
        if any(p.outcome.plan_iri == prepared.outcome.plan_iri for p in batch):
            yield from _written(batch, store)
            batch = []
        batch.append(prepared.for_transfer())  # the text is enough (TriplesOf): less memory
        if len(batch) >= batch_size:
            yield from _written(batch, store)
            batch = []
    yield from _written(batch, store)
