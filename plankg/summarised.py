"""Whether the store's plans carry their summaries (ingest/summaries.py), for the named
queries that read them: a store ingested before summaries existed, or by an older
derivation, would otherwise answer those questions with rows missing and no word of it.

Every plan's pk:PlanRow carries pk:summaryVersion; `require` refuses, in one line saying
what to run, when some plan has no row of the current version.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import pyoxigraph as ox

from plankg.backends import QueryStore
from plankg.store import EmbeddedStore

PK = "https://w3id.org/plankg/ontology#"
# Raised whenever the rows' form or meaning changes: stores then need `plankg summarise`.
SUMMARY_VERSION = 1
ROW_CLASSES = (PK + "PlanRow", PK + "TargetRow", PK + "LeadRow")

_UNSUMMARISED = f"""SELECT (COUNT(DISTINCT ?plan) AS ?n) WHERE {{
  ?plan a <{PK}Plan> .
  FILTER NOT EXISTS {{ ?row <{PK}summaryOf> ?plan ; <{PK}summaryVersion> {SUMMARY_VERSION} . }}
}}"""
_PLANS = f"SELECT (COUNT(DISTINCT ?plan) AS ?n) WHERE {{ ?plan a <{PK}Plan> . }}"

# Stores found whole, per process: an embedded store opened read-only cannot change, so it
# is counted once (a remote server can: it is counted every time).
_WHOLE: weakref.WeakSet[QueryStore] = weakref.WeakSet()


class SummariesMissing(Exception):
    """Some plans of the store have no summary of the current version."""


def _count(store: QueryStore, sparql: str, graphs: Sequence[str] | None) -> int:
    result = store.query(sparql) if graphs is None else store.query(sparql, default_graph=graphs)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("a count must be a SELECT")
    for row in result:
        n = row["n"]
        return int(n.value) if isinstance(n, ox.Literal) else 0
    return 0


def unsummarised(store: QueryStore, graphs: Sequence[str] | None = None) -> int:
    """How many plans (of `graphs`, else of the whole store) lack a current summary."""
    return _count(store, _UNSUMMARISED, graphs)


def require(store: QueryStore, graphs: Sequence[str] | None = None) -> None:
    """Raise SummariesMissing, saying what to run, when a plan (of `graphs`, else of the
    whole store) has no summary of the current version. An embedded store opened
    read-only is counted whole, once: found whole, it is never counted again."""
    if store in _WHOLE:
        return
    if isinstance(store, EmbeddedStore) and store.read_only and not unsummarised(store):
        _WHOLE.add(store)
        return
    missing = unsummarised(store, graphs)
    if missing:
        total = _count(store, _PLANS, graphs)
        raise SummariesMissing(
            f"{missing} of {total} plans in the store have no summary of this plankg "
            f"(version {SUMMARY_VERSION}): run `plankg summarise` with the same --store or "
            "--endpoint to derive them (or ingest the plans again)"
        )
