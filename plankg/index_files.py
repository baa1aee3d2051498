"""The plans' search documents and digests as files (plankg.plan_index), written by
`plankg ingest` with the plans, so that the service reads them when it starts instead of
every plan graph (at 3,000 plans that read took close to a minute).

Each plan's part (its documents and digest, one JSON value, compressed) is derived where
the plan's graph is made, in the ingest's worker processes, from the N-Triples they
already hold; a run keeps the parts of the plans it stores in a spool. At the end of the
run the parts are laid out in one file, `plans.parts`, in graph order, with `index.json`
saying where each plan's part is and the pk:sha256 of the plan it was derived from: the
part of a plan the run left alone is copied from the current files while its sha256 is
the one stored (and the files are of the generation the run found), else derived from
the store. The files of one generation sit in `{store}/plan-index/{generation}/`, switched
in at once (plankg.generations); the service uses them only while their generation is the
store's and their format is the one this plankg writes (`FORMAT`), else it reads the
graphs as before (`Unusable` says why).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from plankg import describe, generations, joined_answers, plan_answers
from plankg.backends import QueryStore
from plankg.dataset import same_generation
from plankg.plan_index import READ, Digest, Doc, Duty, Lead, Part, derive, graph_text, plan_versions

# Raised whenever what a part holds, or how, changes: files of another format are not read.
FORMAT = 2
LEVEL = 1  # zlib level: as the dump files
INDEX = "index.json"
PARTS = "plans.parts"


class Unusable(Exception):
    """Why a store's index files are not used (the service then reads the plan graphs)."""


def index_dir(store: Path) -> Path:
    return store / "plan-index"


# --- a part: one plan's documents and digest ---------------------------------------------


def encode(part: Part, answers: bytes = b"", joined: bytes = b"", described: bytes = b"") -> bytes:
    """A plan's part, compressed JSON: lists of fields in their declared order; then its
    rows of the per-plan named queries (`answers`, plankg.plan_answers.encode), its
    quads the joins-plans queries read (`joined`, plankg.joined_answers.encode) and its
    description (`described`, plankg.describe.encode), compressed streams of their own
    that the service does not read when it starts."""
    docs, d = part
    value = {
        "digest": [d.code, d.name, d.province_code, d.province_name, d.draft, d.measures,
                   d.targets, d.responsibilities, sorted(d.agencies), dict(d.topics),
                   [list(e) for e in d.energy]],
        "docs": [[x.kind, x.iri, x.title, x.text, x.topics, x.agency_types, x.roles]
                 for x in docs],
        "leads": [[x.topic, x.measure, x.measure_title, x.resp, x.agency, x.agency_name,
                   x.agency_type, x.basis, x.position, x.topics, x.item, x.item_title,
                   x.item_number] for x in d.leads],
        "duties": [[x.resp, x.agency, x.agency_name, x.agency_type, x.role, x.basis,
                    x.measure, x.measure_title, x.topic, x.position, x.item, x.item_title,
                    x.item_number] for x in d.duties],
    }  # fmt: skip
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), LEVEL) + answers + joined + described


def _streams(data: bytes) -> list[bytes]:
    """The compressed streams of a part, one after the other."""
    out = []
    while data:
        stream = zlib.decompressobj()
        stream.decompress(data)
        rest = stream.unused_data
        out.append(data[: len(data) - len(rest)])
        data = rest
    return out


def answers_of(data: bytes) -> bytes:
    """The per-plan answer rows of a part (b"" for a plan without a part)."""
    found = _streams(data)
    return found[1] if len(found) > 1 else b""


def joined_of(data: bytes) -> bytes:
    """The quads of a part that the joins-plans queries read (b"" for a plan without)."""
    found = _streams(data)
    return found[2] if len(found) > 2 else b""


def described_of(data: bytes) -> bytes:
    """The plan's description a part holds (b"" for a plan without)."""
    found = _streams(data)
    return found[3] if len(found) > 3 else b""


Shared = dict[tuple[str, ...], tuple[str, ...]]


def _names(values: Sequence[str], shared: Shared) -> tuple[str, ...]:
    """The IRIs of a facet as one tuple of interned strings, shared by every document
    with the same ones (a few hundred thousand documents, a few hundred such tuples)."""
    key = tuple(values)
    found = shared.get(key)
    if found is None:
        found = shared[key] = tuple(sys.intern(v) for v in key)
    return found


def decode(graph: str, data: bytes, shared: Shared | None = None) -> Part:
    """A plan's part; `shared`: the facet tuples of the parts decoded before."""
    shared = {} if shared is None else shared
    stream = zlib.decompressobj()  # the first stream: the answer rows after it are not read
    value = json.loads(stream.decompress(data))
    code, name, pcode, pname, draft, measures, targets, resps, agencies, topics, energy = value[
        "digest"
    ]
    digest = Digest(graph, code, name, pcode, pname, draft, measures, targets, resps,
                    frozenset(agencies), Counter(topics),
                    energy=tuple((t, v, q) for t, v, q in energy))  # fmt: skip
    intern = sys.intern
    digest.leads = tuple(
        Lead(intern(x[0]), x[1], x[2], x[3], x[4], x[5], intern(x[6]), intern(x[7]), x[8],
             _names(x[9], shared), x[10], x[11], x[12])
        for x in value["leads"]
    )  # fmt: skip
    digest.duties = tuple(
        Duty(x[0], x[1], x[2], intern(x[3]), intern(x[4]), intern(x[5]), x[6], x[7],
             intern(x[8]), x[9], x[10], x[11], x[12])
        for x in value["duties"]
    )  # fmt: skip
    docs = [
        Doc(x[0], x[1], x[2], x[3], digest.code, digest.name, digest.province_code,
            digest.province_name, _names(x[4], shared), _names(x[5], shared), _names(x[6], shared))
        for x in value["docs"]
    ]  # fmt: skip
    return docs, digest


# --- the parts of a run ------------------------------------------------------------------


class Spool:
    """The parts of the plans stored by one run, kept in a file, the last one of a plan
    winning; b"" for a plan that has none (no division stated)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self._file = (directory / PARTS).open("w+b")
        self.where: dict[str, tuple[int, int]] = {}

    def add(self, graph: str, part: bytes) -> None:
        self._file.seek(0, os.SEEK_END)
        self.where[graph] = (self._file.tell(), len(part))
        self._file.write(part)

    def read(self, graph: str) -> bytes | None:
        found = self.where.get(graph)
        if found is None:
            return None
        offset, length = found
        self._file.seek(offset)
        return self._file.read(length)

    def close(self) -> None:
        self._file.close()
        shutil.rmtree(self.directory, ignore_errors=True)


# --- the current files -------------------------------------------------------------------


@dataclass(frozen=True)
class Files:
    """A store's current index files: their folder, generation and index."""

    directory: Path
    generation: str
    plans: dict[str, tuple[int, int, str]]  # graph -> offset, length, sha256 of the plan
    # per-plan query -> the version of it (plankg.plan_answers) whose rows the parts hold
    answers: dict[str, str] = field(default_factory=dict)
    # the version of the quads the parts hold for the joins-plans queries
    # (plankg.joined_answers.reads_version); "" for files written before them
    joined: str = ""
    # the version of the plans' descriptions the parts hold (plankg.describe.version)
    described: str = ""

    def check(self, generation: str | None) -> None:
        """Unusable unless the files are of the store's `generation`."""
        if not same_generation(self.generation, generation):
            raise Unusable(
                f"the index files are of generation {self.generation}, the store of "
                f"{generation} (written since by other means)"
            )

    def has(self, graph: str, sha256: str) -> bool:
        found = self.plans.get(graph)
        return found is not None and found[2] == sha256

    def part(self, graph: str, sha256: str) -> bytes | None:
        """The stored part of `graph` when it was derived from the plan of `sha256`."""
        found = self.plans.get(graph)
        if found is None or found[2] != sha256:
            return None
        offset, length, _ = found
        with (self.directory / PARTS).open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def parts(self, graphs: Iterable[str]) -> list[bytes]:
        """The stored parts of `graphs` as the files hold them (b"" for a graph without
        one): the files were checked to be of the store's generation when read."""
        wanted = [self.plans.get(g, (0, 0, "")) for g in graphs]
        with (self.directory / PARTS).open("rb") as handle:
            return [os.pread(handle.fileno(), n, at) if n else b"" for at, n, _ in wanted]

    def load(self) -> dict[str, tuple[str, list[Doc], Digest]]:
        """Every plan's sha256, documents and digest (the plans without any left out)."""
        out: dict[str, tuple[str, list[Doc], Digest]] = {}
        try:
            with (self.directory / PARTS).open("rb") as handle:
                data = handle.read()
            shared: Shared = {}
            for graph, (offset, length, sha) in self.plans.items():
                if length:
                    docs, digest = decode(graph, data[offset : offset + length], shared)
                    out[graph] = (sha, docs, digest)
        except (OSError, ValueError, KeyError, IndexError, TypeError, zlib.error) as exc:
            raise Unusable(f"the index files cannot be read ({exc})") from exc
        return out


def current(store: Path) -> Files:
    """The store's current index files; Unusable when it has none, or none this plankg
    reads."""
    directory = index_dir(store) / generations.CURRENT
    try:
        index = json.loads((directory / INDEX).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Unusable(f"the store has no index files ({directory})") from None
    except (OSError, ValueError) as exc:
        raise Unusable(f"the index files cannot be read ({exc})") from exc
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        found = index.get("format") if isinstance(index, dict) else None
        raise Unusable(f"the index files are of format {found}, this plankg reads {FORMAT}")
    try:
        plans = {g: (int(o), int(n), str(s)) for g, (o, n, s) in index["plans"].items()}
        answers = {str(k): str(v) for k, v in index.get("answers", {}).items()}
        joined = str(index.get("joined", ""))
        described = str(index.get("described", ""))
        return Files(
            directory.resolve(), str(index["generation"]), plans, answers, joined, described
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Unusable(f"the index files cannot be read ({exc!r})") from exc


# --- writing new ones --------------------------------------------------------------------


def write(
    directory: Path,
    store: QueryStore,
    base: str,
    generation: str,
    spool: Spool | None = None,
    previous: Files | None = None,
    rebuilt: Iterable[str] = (),
) -> Files:
    """Write the index files of `generation` for the plans of `store` into the store
    folder `directory` and make them current. A plan's part comes from `spool` (stored
    by this run), else from `previous` (the files of the store as this run found it)
    while the plan's sha256 is unchanged and it is not in `rebuilt`, else from the
    plan's graph."""
    versions = plan_versions(store)
    stale = set(rebuilt)
    queries = plan_answers.shapes()
    answered = {q.name: q.version for q in queries}
    joined = joined_answers.reads_version()
    described = describe.version(base)
    if previous is not None and (
        previous.answers != answered or previous.joined != joined or previous.described != described
    ):
        # its parts hold the rows and quads of other queries than this plankg's, or
        # descriptions made by another
        previous = None

    def kept(graph: str) -> bytes | None:
        found = spool.read(graph) if spool is not None else None
        if found is None and previous is not None and graph not in stale:
            found = previous.part(graph, versions[graph])
        return found

    def known(graph: str) -> bool:
        if spool is not None and graph in spool.where:
            return True
        return previous is not None and graph not in stale and previous.has(graph, versions[graph])

    missing = [g for g in sorted(versions) if not known(g)]
    derived: dict[str, bytes] = {}
    answering = plan_answers.evaluator(base) if missing else None
    named = answering.predicates | joined_answers.reads() if answering else frozenset()
    read = READ + tuple(sorted(named - set(READ)))
    for graph in missing:
        text = graph_text(store, graph, read)
        part = derive(graph, text, base)
        if part is None or answering is None:
            derived[graph] = b""
        else:
            rows = plan_answers.encode(answering.rows(graph, text))
            found = describe.describe(store, graph, base, graph)
            description = b"" if found is None else describe.encode(found)
            derived[graph] = encode(part, rows, joined_answers.encode(graph, text), description)

    def fill(building: Path) -> None:
        index: dict[str, tuple[int, int, str]] = {}
        rows, quads = [], []
        with (building / PARTS).open("wb") as out:
            for graph in sorted(versions):
                part = derived[graph] if graph in derived else kept(graph)
                assert part is not None
                index[graph] = (out.tell(), len(part), versions[graph])
                out.write(part)
                streams = _streams(part)
                rows.append(plan_answers.decode(streams[1] if len(streams) > 1 else b""))
                quads.append(streams[2] if len(streams) > 2 else b"")
        entries = plan_answers.write(building, queries, rows)
        # the answers joining several plans' rows, over every plan's quads they read (a
        # plan without a part has no summary row, which every such query starts from)
        entries.update(joined_answers.write(building, base, quads))
        plan_answers.record(building, entries)
        index_file = {"format": FORMAT, "generation": generation, "plans": index}
        index_file.update(answers=answered, joined=joined, described=described)
        (building / INDEX).write_text(json.dumps(index_file), encoding="utf-8")

    generations.lay_out(index_dir(directory), generation, fill)
    return current(directory)
