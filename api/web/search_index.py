"""Full-text search over measure texts, targets and agency names.

Where the index lives: with the plans. Everything it holds is derived from each plan's
named graph (plankg.plan_index: measure titles and texts, target sentences, agency names,
and the facets: province, topic, agency type, role), so it is replaced exactly when the
plan is, by any ingest, into the embedded store or a remote server alike. The service
keeps an in-memory index, one part per plan graph tagged with the plan's pk:sha256. For
an embedded store it reads the parts from the index files ingest wrote with the plans
(plankg.index_files), when they are of the store's generation; otherwise (no such files,
stale ones, a remote server: one log line says which) from the plan graphs, in the query
workers. When the store generation changes (api.cache) it lists the plans' hashes again
and re-reads only the graphs that were added or changed, dropping the removed ones.

How it matches: substring search over the folded text (api.web.folding), so every
character n-gram matches, with no word segmenter to miss two-character words like 光伏;
traditional and simplified queries fold to the same text. All folded texts sit in one
string, searched by str.find at C speed; a hit's offset gives its document by bisection.
Terms separated by spaces must all match.
"""

from __future__ import annotations

import asyncio
import bisect
import gc
import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import anyio

from api.web.digest import Overview
from api.web.folding import fold_query, fold_text
from plankg import index_files
from plankg.dataset import read_modified
from plankg.plan_index import Digest, Doc
from plankg.plan_index import plan_docs as plan_docs  # worker tasks (api.tasks)
from plankg.plan_index import plan_versions as plan_versions
from workers.executor import Executor

log = logging.getLogger(__name__)

KINDS = ("measure", "target", "agency")
BATCH = 100  # plan graphs read per worker task
MAX_TERMS = 8
_SEP = "\x00"


@dataclass(frozen=True)
class _State:
    """What a search reads, replaced whole when the index changes."""

    docs: list[Doc] = field(default_factory=list)
    folded: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # offset of each document in haystack
    haystack: str = ""
    facets: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)  # FACETS order
    rank: list[int] = field(default_factory=list)  # each document's place in result order


@dataclass
class Found:
    total: int
    ids: list[int]  # every match, in result order
    state: _State
    facets: dict[str, Counter[str]] = field(default_factory=dict)
    marks: list[str] = field(default_factory=list)  # what a passage highlights: terms, synonyms

    def doc(self, i: int) -> Doc:
        return self.state.docs[i]

    def folded(self, i: int) -> str:
        return self.state.folded[i]


Stored = dict[str, tuple[str, list[Doc], Digest]]  # graph -> sha256, documents, digest


def _read_files(store: Path) -> tuple[index_files.Files, Stored]:
    files = index_files.current(store)
    return files, files.load()


class SearchIndex:
    """`files`: the embedded store's folder, whose index files are read first; None for a
    remote server."""

    def __init__(self, files: Path | None = None) -> None:
        self.generation: str | None = None
        self.ready = False
        # graph -> (sha, documents, digest)
        self._parts: dict[str, tuple[str, list[Doc], Digest]] = {}
        # the plans' digests, in graph order, and what they add up to
        self.overview = Overview([])
        self._state = _State()
        self.province_names: dict[str, str] = {}
        self._lock = asyncio.Lock()
        self._files = files
        # the folder of the index files the index was read from, with the stored answers
        # of the per-plan named queries (plankg.plan_answers); None when read from graphs
        self.answers: Path | None = None
        # those files themselves: each plan's part holds its rows of those queries
        self.files: index_files.Files | None = None
        self._reading: asyncio.Future[tuple[index_files.Files, Stored]] | None = None
        self._tried_files = False

    def __len__(self) -> int:
        return len(self._state.docs)

    @property
    def digests(self) -> list[Digest]:
        return self.overview.digests

    def state(self) -> dict[str, object]:
        """For /readyz: whether the index is built, and what it holds."""
        return {"ready": self.ready, "plans": len(self.digests), "documents": len(self)}

    def preload(self) -> None:
        """Start reading the index files (in a thread) while the query workers start: the
        store's generation, which says whether they may be used, is read by a worker."""
        if self._files is not None and self._reading is None:
            self._reading = asyncio.ensure_future(
                anyio.to_thread.run_sync(_read_files, self._files)
            )

    async def _from_files(
        self, executor: Executor, base: str, generation: str | None, timeout: float
    ) -> str | None:
        """Take the parts from the index files when they are of the store's generation:
        that generation, or None (with one log line saying why) when they may not be."""
        started = time.perf_counter()
        try:
            if self._files is None:
                raise index_files.Unusable(
                    "the store is a remote server, which keeps no index files"
                )
            self.preload()
            assert self._reading is not None
            files, parts = await self._reading
            if generation is None:
                generation = await executor.run(read_modified, base, timeout=timeout)
            files.check(generation)
        except index_files.Unusable as exc:
            self._tried_files, self._reading = True, None
            log.info("search index: %s; reading the plan graphs", exc)
            return None
        # (a worker busy or not up yet raises instead: the next attempt reads the files)
        self._tried_files, self._reading = True, None
        self._parts = parts
        self.answers, self.files = files.directory, files
        await anyio.to_thread.run_sync(self._assemble)
        log.info(
            "search index: %d documents of %d plans from the index files in %.2f s",
            len(self),
            len(self._parts),
            time.perf_counter() - started,
        )
        return generation

    async def refresh(
        self,
        executor: Executor,
        base: str,
        generation: str | None,
        timeout: float,
        fixed: bool = False,
    ) -> None:
        """Bring the index to the store's state: a no-op once built when the store is
        `fixed` (an embedded store cannot change while served) or when `generation` is
        the one it was built at; first built from the index files when they may be used,
        else (and afterwards) the plans' hashes are listed again."""
        async with self._lock:
            if self.ready and (fixed or (generation is not None and generation == self.generation)):
                return
            if not self._tried_files:
                read = await self._from_files(executor, base, generation, timeout)
                if read is not None:
                    self.generation, self.ready = read, True
                    return
            started = time.perf_counter()
            versions = await executor.run(plan_versions, timeout=timeout)
            stale = sorted(g for g, sha in versions.items() if self._parts.get(g, ("",))[0] != sha)
            changed = bool(stale) or any(g not in versions for g in self._parts)
            for g in [g for g in self._parts if g not in versions]:
                del self._parts[g]
            for i in range(0, len(stale), BATCH):
                batch = stale[i : i + BATCH]
                got = await executor.run(plan_docs, batch, base, timeout=timeout)
                for g in batch:
                    if g in got:
                        self._parts[g] = (versions[g], *got[g])
                    else:  # a plan graph without a jurisdiction: nothing to show
                        self._parts.pop(g, None)
            if changed:
                # the stored answers are of the plans as they were
                self.answers = self.files = None
            if changed or not self.ready:
                await anyio.to_thread.run_sync(self._assemble)
                log.info(
                    "search index: %d documents of %d plans (%d read) in %.2f s",
                    len(self),
                    len(self._parts),
                    len(stale),
                    time.perf_counter() - started,
                )
            self.generation = generation
            self.ready = True

    def _assemble(self) -> None:
        graphs = sorted(self._parts)
        docs = [d for g in graphs for d in self._parts[g][1]]
        digests = [self._parts[g][2] for g in graphs]
        folded = [
            fold_text(f"{d.title}{_SEP}{d.text}" if d.kind == "measure" else d.text) for d in docs
        ]
        starts, at = [], 0
        for text in folded:
            starts.append(at)
            at += len(text) + 1
        facets: list[tuple[tuple[str, ...], ...]] = [
            ((d.kind,), (d.province_code,), d.topics, d.agency_types, d.roles) for d in docs
        ]
        rank = [KINDS.index(d.kind) * len(docs) + i for i, d in enumerate(docs)]
        haystack = _SEP.join(folded)
        # one attribute: a search running meanwhile (in a thread) sees the old state whole
        self._state = _State(docs, folded, starts, haystack, facets, rank)
        self.overview = Overview(digests)
        self.province_names = {d.province_code: d.province_name for d in digests}
        # Millions of objects that live as long as the index: out of the collector's way,
        # or each full collection walks them all in whatever request triggers it
        # (0.3-0.4 s at 3,000 plans).
        gc.freeze()

    def search(
        self,
        query: str,
        filters: dict[str, str],
        synonyms: Mapping[str, Sequence[str]] | None = None,
    ) -> Found:
        """Documents matching every term of `query` (a term, or any of its `synonyms`:
        folded term -> the folded names that stand for it); `filters` (facet -> value)
        narrow them; facet counts are over the matches after filtering."""
        st = self._state
        terms = terms_of(query)
        if not terms:
            return Found(0, [], st)
        each = [alternatives(t, synonyms or {}) for t in terms]
        marks = list(dict.fromkeys(chain.from_iterable(each)))
        matched: set[int] | None = None
        for names in sorted(each, key=lambda n: len(n[0]), reverse=True):  # fewest hits first
            ids = set().union(*(_find(st, name, matched) for name in names))
            matched = ids if matched is None else matched & ids
            if not matched:
                return Found(0, [], st, marks=marks)
        assert matched is not None
        facets = st.facets
        order = sorted(matched, key=st.rank.__getitem__)
        for k, v in filters.items():
            at = FACETS.index(k)
            order = [i for i in order if v in facets[i][at]]
        counts = {
            k: Counter(chain.from_iterable(facets[i][at] for i in order))
            for at, k in enumerate(FACETS)
        }
        return Found(len(order), order, st, counts, marks)


def alternatives(term: str, synonyms: Mapping[str, Sequence[str]]) -> list[str]:
    """The term and the names that stand for it, the term first."""
    return list(dict.fromkeys((term, *synonyms.get(term, ()))))


def _find(st: _State, term: str, within: set[int] | None) -> set[int]:
    hay, starts, found = st.haystack, st.starts, set()
    at = hay.find(term)
    while at >= 0:
        i = bisect.bisect_right(starts, at) - 1
        found.add(i)
        # On to the next document: one hit per document is enough.
        nxt = starts[i + 1] if i + 1 < len(starts) else len(hay)
        at = hay.find(term, nxt)
    return found if within is None else found & within


FACETS = ("kind", "province", "topic", "agencyType", "role")


def terms_of(query: str) -> list[str]:
    folded = fold_query(query)
    return list(dict.fromkeys(t for t in folded.replace(_SEP, " ").split() if t))[:MAX_TERMS]


def passages(
    folded: str, text: str, terms: Sequence[str], width: int = 80
) -> list[tuple[str, bool]]:
    """The stretch of `text` around its first match, cut into (segment, is-match) pairs.
    `folded` is `text` folded (same length), where the terms are looked up."""
    if len(folded) != len(text):
        text = folded
    first = min((p for p in (folded.find(t) for t in terms) if p >= 0), default=0)
    lo = max(0, first - width // 2)
    hi = min(len(text), first + width * 2)
    marks = [False] * (hi - lo)
    for term in terms:
        at = folded.find(term, lo)
        while 0 <= at < hi:
            for k in range(at, min(at + len(term), hi)):
                marks[k - lo] = True
            at = folded.find(term, at + 1)
    out: list[tuple[str, bool]] = []
    for k, flag in enumerate(marks):
        ch = text[lo + k]
        if out and out[-1][1] == flag:
            out[-1] = (out[-1][0] + ch, flag)
        else:
            out.append((ch, flag))
    if lo > 0:
        out.insert(0, ("…", False))
    if hi < len(text):
        out.append(("…", False))
    return out
