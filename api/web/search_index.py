"""Full-text search over measure texts, targets and agency names.

Where the index lives: with the plans. Everything it holds is read from each plan's named
graph (measure titles and texts, target sentences, agency names, and the facets: province,
topic, agency type, role), so it is replaced exactly when the plan is, by any ingest, into
the embedded store or a remote server alike. The service keeps an in-memory index built
from those graphs, one part per plan graph tagged with the plan's pk:sha256; when the store
generation changes (api.cache) it lists the plans' hashes again and re-reads only the
graphs that were added or changed, dropping the removed ones.

How it matches: substring search over the folded text (api.web.folding), so every
character n-gram matches, with no word segmenter to miss two-character words like 光伏;
traditional and simplified queries fold to the same text. All folded texts sit in one
string, searched by str.find at C speed; a hit's offset gives its document by bisection.
Terms separated by spaces must all match.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from string import Template

import anyio
import pyoxigraph as ox

from api.web.data import Row, select
from api.web.digest import Digest, Duty, Lead
from api.web.folding import fold_query, fold_text
from plankg.backends import QueryStore
from plankg.prefixes import PREDECLARED
from workers.executor import Executor

log = logging.getLogger(__name__)

KINDS = ("measure", "target", "agency")
BATCH = 100  # plan graphs read per worker task
MAX_TERMS = 8
_SEP = "\x00"


@dataclass(frozen=True)
class Doc:
    kind: str
    iri: str
    title: str
    text: str
    city_code: str
    city_name: str
    province_code: str
    province_name: str
    topics: tuple[str, ...] = ()  # concept IRIs
    agency_types: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


VERSIONS = """SELECT ?g ?sha WHERE { GRAPH ?g { ?g a pk:Plan ; pk:sha256 ?sha . } }"""

# Each reads one plan graph, named in the text ($g): Oxigraph then reads that graph
# alone, where GRAPH ?g over a VALUES list of graphs reads every plan's.
_CITY = """SELECT ?code ?name ?provinceCode ?provinceName ?status WHERE { GRAPH $g {
  $g pk:jurisdiction ?city . ?city pk:divisionCode ?code ; rdfs:label ?name .
  OPTIONAL { $g pk:status ?status . }
  OPTIONAL { ?city pk:province ?p . ?p pk:divisionCode ?provinceCode ; rdfs:label ?provinceName . }
} }"""
DRAFT = PREDECLARED["pk"] + "Draft"  # pk:status of a draft for public comment
_MEASURES = """SELECT ?m ?title ?quote ?topic WHERE { GRAPH $g {
  ?m a pk:Measure ; dcterms:title ?title ; prov:wasDerivedFrom ?span .
  ?span pk:quote ?quote .
  OPTIONAL { ?m pk:primaryTopic ?topic . }
} }"""
_RESPS = """SELECT ?m ?r ?agency ?role ?type ?position ?basis ?item WHERE { GRAPH $g {
  ?r pk:forMeasure ?m ; pk:agency ?agency ; pk:role ?role ; pk:position ?position .
  ?agency pk:agencyType ?type .
  OPTIONAL { ?r pk:leadBasis ?basis . }
  OPTIONAL { ?r pk:forItem ?item . }
} }"""
# The units of work's topics (measures' and sub-items'), and the sub-items' titles.
_UNIT_TOPICS = """SELECT ?u ?topic ?primary WHERE { GRAPH $g {
  { ?u pk:primaryTopic ?topic . BIND(true AS ?primary) } UNION { ?u pk:mentionsTopic ?topic . }
} }"""
_ITEMS = """SELECT ?i ?title ?number WHERE { GRAPH $g {
  ?i a pk:SubItem ; dcterms:title ?title ; pk:number ?number .
} }"""
_TARGETS = """SELECT ?t ?quote ?start ?topic ?pollutant WHERE { GRAPH $g {
  ?t a pk:Target ; prov:wasDerivedFrom ?span .
  ?span pk:quote ?quote ; pk:startOffset ?start .
  OPTIONAL { ?t pk:forMeasure/pk:primaryTopic ?topic . }
  OPTIONAL { ?t pk:pollutant ?pollutant . }
} }"""
# The plan's headline energy-intensity cuts (the energy-intensity query's, per plan).
_ENERGY = """SELECT ?t ?value ?qualifier WHERE { GRAPH $g {
  ?t pk:indicator $indicator ; pk:scope $headline ; pk:value ?value .
  OPTIONAL { ?t pk:qualifier ?qualifier . }
} }"""
_AGENCIES = """SELECT ?a ?label ?type WHERE { GRAPH $g {
  ?a a pk:Agency ; rdfs:label ?label ; pk:agencyType ?type .
} }"""


_NUMBERS = re.compile(r"[0-9]+")


def _document_order(duty: Duty) -> tuple[tuple[int, ...], int, int]:
    """A measure's place in its plan (its IRI ends in …/measure/3-9: section 3, measure
    9), then its sub-item's, then the agency's in the note."""
    numbers = tuple(int(n) for n in _NUMBERS.findall(duty.measure.rsplit("/", 1)[-1]))
    return numbers, duty.item_number, duty.position


def plan_versions(store: QueryStore) -> dict[str, str]:
    """Worker task: plan graph -> the plan's sha256."""
    return {r["g"]: r["sha"] for r in select(store, VERSIONS)}


def _scoped(store: QueryStore, sparql: str, graphs: Sequence[str], **iris: str) -> list[Row]:
    """The rows of `sparql` in each of `graphs`, each with its graph as "g"; `iris` fill
    the query's other $names."""
    named = {k: str(ox.NamedNode(v)) for k, v in iris.items()}
    rows = []
    for g in graphs:
        # the N-Triples form: validated and escaped by pyoxigraph
        text = Template(sparql).substitute(g=str(ox.NamedNode(g)), **named)
        rows += [{**row, "g": g} for row in select(store, text)]
    return rows


def plan_docs(
    store: QueryStore, graphs: Sequence[str], base: str
) -> dict[str, tuple[list[Doc], Digest]]:
    """Worker task: the documents and the digest of each of `graphs`."""
    lead_role = f"{base}id/role/lead"
    cities = {r["g"]: r for r in _scoped(store, _CITY, graphs)}
    out: dict[str, tuple[list[Doc], Digest]] = {}
    for g, c in cities.items():
        province = c.get("provinceCode", c["code"])
        digest = Digest(g, c["code"], c["name"], province, c.get("provinceName", c["name"]),
                        draft=c.get("status") == DRAFT)  # fmt: skip
        out[g] = ([], digest)
    by_measure: dict[str, list[Row]] = {}
    by_agency: dict[tuple[str, str], set[str]] = {}
    resps = _scoped(store, _RESPS, graphs)
    for r in resps:
        by_measure.setdefault(r["m"], []).append(r)
        by_agency.setdefault((r["g"], r["agency"]), set()).add(r["role"])
    names: dict[tuple[str, str], str] = {}
    agencies = _scoped(store, _AGENCIES, graphs)
    for r in agencies:
        names[(r["g"], r["a"])] = r["label"]

    def doc(g: str, kind: str, iri: str, title: str, text: str, **facets: tuple[str, ...]) -> Doc:
        d = out[g][1]
        return Doc(kind, iri, title, text, d.code, d.name, d.province_code, d.province_name,
                   **facets)  # fmt: skip

    primary: dict[str, str] = {}  # unit -> its primary topic
    others: dict[str, list[str]] = {}  # unit -> its other topics
    for r in _scoped(store, _UNIT_TOPICS, graphs):
        if "primary" in r:
            primary[r["u"]] = r["topic"]
        else:
            others.setdefault(r["u"], []).append(r["topic"])
    items = {r["i"]: r for r in _scoped(store, _ITEMS, graphs)}
    leads: dict[str, list[Lead]] = {}
    duties: dict[str, list[Duty]] = {}
    for r in _scoped(store, _MEASURES, graphs):
        if r["g"] not in out:
            continue
        g = r["g"]
        mine = by_measure.get(r["m"], [])
        out[g][0].append(
            doc(g, "measure", r["m"], r["title"], r["quote"],
                topics=(r["topic"],) if "topic" in r else (),
                agency_types=tuple(sorted({x["type"] for x in mine})),
                roles=tuple(sorted({x["role"] for x in mine})))
        )  # fmt: skip
        digest = out[g][1]
        digest.measures += 1
        if "topic" in r:
            digest.topics[r["topic"]] += 1
        for x in mine:
            # the lead of a unit of work: the measure's own note's, or a sub-item's
            unit = x.get("item") or r["m"]
            item = items.get(unit, {}) if unit != r["m"] else {}
            duties.setdefault(g, []).append(
                Duty(x["r"], x["agency"], names.get((g, x["agency"]), ""),
                     sys.intern(x["type"]), sys.intern(x["role"]), sys.intern(x.get("basis", "")),
                     r["m"], r["title"], primary.get(unit, ""), int(x["position"]),
                     item.get("i", ""), item.get("title", ""), int(item.get("number", 0)))
            )  # fmt: skip
            if x["role"] != lead_role or (unit not in primary and unit not in others):
                continue
            leads.setdefault(g, []).append(
                Lead(primary.get(unit, ""), r["m"], r["title"], x["r"], x["agency"],
                     names.get((g, x["agency"]), ""), x["type"], x.get("basis", ""),
                     int(x["position"]), tuple(others.get(unit, ())), item.get("i", ""),
                     item.get("title", ""), int(item.get("number", 0)))
            )  # fmt: skip
    indicator = f"{base}id/indicator/energy-intensity-reduction"
    cuts = _scoped(store, _ENERGY, graphs, indicator=indicator, headline=f"{base}id/scope/headline")
    for r in sorted(cuts, key=lambda r: (-float(r["value"]), r["t"])):  # the largest first
        if r["g"] in out:
            digest = out[r["g"]][1]
            digest.energy += ((r["t"], r["value"], r.get("qualifier", "")),)
    seen: set[tuple[str, str]] = set()  # a sentence stating several targets is one result
    targets = _scoped(store, _TARGETS, graphs)
    for r in sorted(targets, key=lambda r: (r["g"], int(r["start"]), r["t"])):
        if r["g"] not in out:
            continue
        out[r["g"]][1].targets += 1
        if (r["g"], r["quote"]) in seen:
            continue
        seen.add((r["g"], r["quote"]))
        topics = tuple(sorted({r[k] for k in ("topic", "pollutant") if k in r}))
        out[r["g"]][0].append(doc(r["g"], "target", r["t"], "", r["quote"], topics=topics))
    for r in agencies:
        if r["g"] not in out:
            continue
        roles = tuple(sorted(by_agency.get((r["g"], r["a"]), set())))
        out[r["g"]][0].append(
            doc(r["g"], "agency", r["a"], r["label"], r["label"], agency_types=(r["type"],),
                roles=roles)
        )  # fmt: skip
    per_graph = Counter(r["g"] for r in resps)
    held: dict[str, set[str]] = {}
    for h, a in names:
        held.setdefault(h, set()).add(a)
    for g, (_, digest) in out.items():
        digest.responsibilities = per_graph[g]
        digest.agencies = frozenset(held.get(g, set()))
        digest.leads = tuple(
            sorted(leads.get(g, []), key=lambda x: (x.measure, x.item_number, x.position))
        )
        digest.duties = tuple(sorted(duties.get(g, []), key=_document_order))
    return out


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


class SearchIndex:
    def __init__(self) -> None:
        self.generation: str | None = None
        self.ready = False
        # graph -> (sha, documents, digest)
        self._parts: dict[str, tuple[str, list[Doc], Digest]] = {}
        self.digests: list[Digest] = []
        self._state = _State()
        self.province_names: dict[str, str] = {}
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._state.docs)

    def state(self) -> dict[str, object]:
        """For /readyz: whether the index is built, and what it holds."""
        return {"ready": self.ready, "plans": len(self.digests), "documents": len(self)}

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
        the one it was built at; else the plans' hashes are listed again."""
        async with self._lock:
            if self.ready and (fixed or (generation is not None and generation == self.generation)):
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
        self.digests = digests
        self.province_names = {d.province_code: d.province_name for d in digests}

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
