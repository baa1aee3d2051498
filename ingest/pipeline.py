"""text -> model -> RDF -> SHACL -> store, one plan at a time, with per-stage timings."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ingest.errors import PlanError
from ingest.parser import parse_bytes
from ingest.rdf import ntriples, plan_triples
from ingest.validate import check
from plankg.backends import Store
from plankg.store import GraphData, StoreError

STAGES = ("parse", "map", "validate", "store")


@dataclass
class Outcome:
    """What happened to one file."""

    source: str
    plan_iri: str | None = None
    triples: int = 0
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Prepared:
    outcome: Outcome
    triples: list[ox.Triple] | None = None
    ntriples: str = ""


def plan_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and every .txt plan inside folders named (sorted, recursively)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def prepare(path: Path, base: str) -> Prepared:
    """Parse, map and validate one file; never raises for bad input."""
    outcome = Outcome(source=str(path))
    clock = time.perf_counter()
    try:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise PlanError(str(path), f"cannot read: {exc.strerror or exc}") from exc
        plan = parse_bytes(raw, str(path), base)
        now = time.perf_counter()
        outcome.timings["parse"] = now - clock
        clock = now
        iri, triples = plan_triples(plan, base)
        nt = ntriples(triples)
        now = time.perf_counter()
        outcome.timings["map"] = now - clock
        clock = now
        check(nt, str(path), base)
        outcome.timings["validate"] = time.perf_counter() - clock
    except PlanError as exc:
        outcome.error = str(exc)
        return Prepared(outcome)
    outcome.plan_iri = iri
    outcome.triples = len(triples)
    outcome.summary = {
        "measures": len(plan.measures),
        "responsibilities": sum(
            len(m.responsibilities) + sum(len(i.responsibilities) for i in m.items)
            for m in plan.measures
        ),
        "targets": len(plan.targets),
    }
    return Prepared(outcome, triples, nt)


def store_batch(batch: list[Prepared], store: Store) -> None:
    """Write validated plans; each plan's store time is its share of the batch's."""
    graphs = [
        GraphData(p.outcome.plan_iri, p.triples, p.ntriples)
        for p in batch
        if p.triples is not None and p.outcome.plan_iri is not None
    ]
    if not graphs:
        return
    clock = time.perf_counter()
    try:
        store.write_batch(graphs)
    except StoreError as exc:
        for p in batch:
            p.outcome.error = f"{p.outcome.source}: {exc}"
    share = (time.perf_counter() - clock) / len(graphs)
    for p in batch:
        p.outcome.timings["store"] = share


def ingest(
    paths: Iterable[Path], store: Store, base: str, batch_size: int = 200
) -> Iterator[Outcome]:
    """Ingest each file into its own named graph; one bad file does not stop the others.

    Validated plans are written in batches (see EmbeddedStore.write_batch); a plan whose
    graph is already in the pending batch (two files for one plan) starts a new batch,
    so the later file wins as it would one by one.
    """
    batch: list[Prepared] = []
    for path in plan_files(paths):
        prepared = prepare(path, base)
        if not prepared.outcome.ok:
            yield prepared.outcome
            continue
        if any(p.outcome.plan_iri == prepared.outcome.plan_iri for p in batch):
            store_batch(batch, store)
            yield from (p.outcome for p in batch)
            batch = []
        batch.append(prepared)
        if len(batch) >= batch_size:
            store_batch(batch, store)
            yield from (p.outcome for p in batch)
            batch = []
    store_batch(batch, store)
    yield from (p.outcome for p in batch)
