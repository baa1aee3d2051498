"""The quad store: each plan one named graph, never visible half-written.

The embedded store is pyoxigraph on disk. Two ways in:

- replacing a plan that is already stored: one SPARQL update drops and re-inserts its
  graph, one transaction, so a failure or a crash leaves the old version whole;
- adding plans not yet stored: a batch goes in through the bulk loader (about twice as
  fast as transactional inserts, which cost ~16 µs a quad on disk), bracketed by a
  journal. The journal names the batch's graphs in a small transaction before the load
  and is cleared in another after it. A crash in between leaves journal entries: opening
  the store read-write then drops those half-loaded graphs (their plans are simply not
  there yet, as before the run; rerunning the ingest loads them), and opening it
  read-only refuses to answer from it until that repair.

Query results are consumed in the calling thread: pyoxigraph result iterators must not
cross threads.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from plankg.locks import StoreBusy, hold_for_writing
from plankg.prefixes import PREDECLARED
from plankg.sparql_lexer import is_word, tokens

JOURNAL = ox.NamedNode("urn:plankg:journal")
PENDING = ox.NamedNode("urn:plankg:pending")


class StoreError(Exception):
    """The store could not be opened or written."""


class StoreInUse(StoreError):
    """The store is being served, so it cannot be opened for writing."""


@dataclass(frozen=True)
class GraphData:
    """A named graph's full content, as triples and as N-Triples text."""

    name: str
    triples: Sequence[ox.Triple]
    ntriples: str


@lru_cache(maxsize=256)  # the named queries' texts come back for every plan and request
def has_dataset_clause(sparql: str) -> bool:
    """Whether a query names its own dataset with FROM or FROM NAMED."""
    if "from" not in sparql.lower():  # most queries: no need to read them token by token
        return False
    return any(is_word(t, "FROM") for t in tokens(sparql))


def _drop_and_insert(graph: str, ntriples: str) -> str:
    # One SPARQL update is one transaction in Oxigraph: the old graph or the new one.
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{ntriples}\n}} }}"


def _nquads(graphs: Sequence[GraphData]) -> bytes:
    """The graphs as N-Quads. In N-Triples a line break occurs only at the end of a
    statement (one in a literal is escaped): space, dot, line break ends statements only."""
    return b"".join(  # bytes per graph: no second copy of the whole batch as text
        (g.ntriples if g.ntriples.endswith("\n") else g.ntriples + "\n")
        .replace(" .\n", f" <{ox.NamedNode(g.name).value}> .\n")
        .encode("utf-8")
        for g in graphs
        if g.ntriples.strip()
    )


class EmbeddedStore:
    """pyoxigraph store in a directory (or in memory when `path` is None)."""

    def __init__(self, path: Path | None, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only  # no write through this object (plankg.summarised)
        self.recovered: list[str] = []  # graphs dropped by crash recovery on opening
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here (run `plankg ingest` first)")
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._write_lock = hold_for_writing(path)  # released with this object
                self._store = ox.Store(str(path))
        except StoreBusy as exc:
            raise StoreInUse(str(exc)) from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store ({exc})") from exc
        pending = self.pending()
        if pending and read_only:
            raise StoreError(
                f"{path}: an interrupted ingest left {len(pending)} plan(s) half-loaded; "
                "run `plankg ingest` again to repair the store"
            )
        if pending:
            self._recover(pending)

    @classmethod
    def in_memory_copy(cls, path: Path) -> EmbeddedStore:
        """The store at `path` read whole into memory: queries answer several times faster
        than from disk (lead-agencies on 500 plans: ~0.1 s vs ~0.5-1 s), for about 0.4 kB
        of memory a quad. Refuses a half-loaded store as a read-only open does.

        The copy is made in a thread of its own: glibc gives that thread a malloc arena
        of its own, so the store's millions of chunks do not fragment the main arena,
        where queries from this thread allocate their results. Built in the main thread,
        the rows of one plan's graph took 7.1 ms to read at 3,000 plans instead of 1.9
        (bench/describe.py)."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-copy") as pool:
            return pool.submit(cls._copy, path).result()

    @classmethod
    def _copy(cls, path: Path) -> EmbeddedStore:
        disk = cls(path, read_only=True)
        copy = cls(None)
        copy._store.bulk_extend(disk.quads())
        copy.path, copy.read_only = path, True
        return copy

    def pending(self) -> list[str]:
        """Graphs named in the journal: a bulk load that did not finish."""
        return sorted(
            q.subject.value
            for q in self._store.quads_for_pattern(None, PENDING, None, JOURNAL)
            if isinstance(q.subject, ox.NamedNode)
        )

    def _recover(self, pending: list[str]) -> None:
        drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in pending)
        self._store.update(f"{drops} ;\nDROP SILENT GRAPH <{JOURNAL.value}>")
        self.recovered = pending

    def contains(self, graph: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(graph)))

    def replace_graph(self, graph: str, triples: Sequence[ox.Triple], ntriples: str) -> None:
        """Make `graph` hold exactly `triples`, in one transaction."""
        name = ox.NamedNode(graph)
        try:
            if self._store.contains_named_graph(name):
                self._store.update(_drop_and_insert(graph, ntriples))
            else:
                self._store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot write graph <{graph}>: {exc}") from exc

    def write_batch(self, graphs: Sequence[GraphData]) -> None:
        """Store several graphs: replacements one transaction each, new graphs bulk-loaded
        under the journal. Names must be distinct."""
        fresh = [g for g in graphs if not self.contains(g.name)]
        fresh_names = {g.name for g in fresh}
        for g in graphs:
            if g.name not in fresh_names:
                self.replace_graph(g.name, g.triples, g.ntriples)
        if not fresh:
            return
        # From the N-Triples text, not the triples: the loader's own parser is cheaper
        # than building a Python quad per triple (and plans prepared in another process
        # arrive as text).
        nquads = _nquads(fresh)
        try:
            if len(fresh) == 1:
                self._store.load(nquads, format=ox.RdfFormat.N_QUADS)  # one transaction
                return
            self._store.extend(
                ox.Quad(ox.NamedNode(g.name), PENDING, ox.Literal("true"), JOURNAL) for g in fresh
            )
            self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            self._store.flush()  # the load is on disk before the journal says so
            self._store.update(f"DROP SILENT GRAPH <{JOURNAL.value}>")
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot write a batch of {len(fresh)} graphs: {exc}") from exc

    def load(self, data: bytes, graph: str | None = None) -> None:
        """Add these N-Quads, or with `graph` these N-Triples into that graph, in one
        transaction (a store in memory, made for one use)."""
        if graph is None:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self._store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))

    def remove(self, graph: str) -> None:
        """Remove the named graph and its triples (a store in memory, made for one use)."""
        self._store.remove_graph(ox.NamedNode(graph))

    def graphs(self) -> list[str]:
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and g != JOURNAL
        )

    def is_empty(self) -> bool:
        return not self.graphs()

    def query(
        self,
        sparql: str,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query. The dataset it sees, first rule that applies:

        - `default_graph` or `named_graphs` given (a SPARQL Protocol dataset): exactly
          those graphs, the default graph being the merge of `default_graph` (empty when
          not given) and GRAPH seeing only `named_graphs` (none when not given); any
          FROM / FROM NAMED in the query is overridden;
        - the query has FROM / FROM NAMED: the dataset it names;
        - otherwise the union of all graphs as default graph, every graph named.

        Relative IRIs in the query resolve against `base_iri` when given; the prefixes
        of plankg.prefixes need no declaration.
        Raises SyntaxError for an invalid query, ValueError for an invalid graph IRI."""
        if default_graph is not None or named_graphs is not None:
            return self._store.query(
                sparql,
                base_iri=base_iri,
                prefixes=PREDECLARED,
                default_graph=[ox.NamedNode(g) for g in default_graph or ()],
                named_graphs=[ox.NamedNode(g) for g in named_graphs or ()],
            )
        if has_dataset_clause(sparql):
            # pyoxigraph's union flag would override the query's FROM, so leave it off.
            return self._store.query(sparql, base_iri=base_iri, prefixes=PREDECLARED)
        return self._store.query(
            sparql, base_iri=base_iri, prefixes=PREDECLARED, use_default_graph_as_union=True
        )

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """Every quad; for a triples-only format, the union of all graphs (deduplicated)."""
        if fmt.supports_datasets:
            return self._store.dump(format=fmt) or b""
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()}
        return ox.serialize(triples, format=fmt) or b""

    def dump_to(self, output: Path, fmt: ox.RdfFormat) -> None:
        """`dump` written to a file, streamed when the format holds datasets."""
        if fmt.supports_datasets:
            self._store.dump(output=str(output), format=fmt)
        else:
            output.write_bytes(self.dump(fmt))

    def triples_of(self, graph: str) -> list[ox.Triple]:
        quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, None))

    def flush(self) -> None:
        self._store.flush()
