"""The answers of the named queries marked `#+ per-plan: true`, as rows each plan's part of
the index files holds (plankg.index_files) and whole answers, sorted, beside them.

Such a query reads one plan's graph per answer row (with the reference graphs): its
answer for the whole country is every plan's rows, in the query's order, each shown row
once. Ingest evaluates the query itself on each plan's graph where it already holds the
graph's text, in a small in-memory store kept by the worker process with the reference
graphs loaded once: only the plan's triples whose predicate the query names are loaded
(about 700 of 1,800), so the four queries cost about 6 ms a plan; a store per plan cost
33 ms. The query is evaluated as written, so the rows are its own, term for term, with
three changes that the request undoes:

- the variables of its ORDER BY that it does not project are projected too (the rows are
  sorted again when the plans' rows are put together, then those columns are dropped);
- a parameter whose variable is a column is left unbound (every value's rows: the request
  keeps the rows whose column is the bound term);
- a parameter whose variable is not a column is bound to its default (a request giving
  another value is not answered from these rows: the query runs).

Sorting follows SPARQL's ORDER BY as Oxigraph applies it (unbound first, then blank nodes,
IRIs, literals; numbers by value), DISTINCT keeps the first of the rows showing the same.
A query so marked must name its predicates and its classes (no variable in predicate
position, nor as the class of `a`) and order by variables only (`shape` refuses anything
else); tests/api/test_national.py compares each answer with the query's over the whole
store, every parameter.

The answers of the queries whose rows join several plans' (plankg.joined_answers) are
stored and read here too, with their shapes: the manifest names every stored answer.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from plankg.dataset import REFERENCE_GRAPHS
from plankg.paths import ONTOLOGY_FILE, QUERIES_DIR, VOCAB_DIR
from plankg.queries import NamedQuery, QueryError, bind, catalogue
from plankg.sparql_lexer import Token, columns, is_word, tokens
from plankg.store import EmbeddedStore

Term = dict[str, str]  # an RDF term in the SPARQL 1.1 Query Results JSON encoding
Row = list[Term | None]
Binding = dict[str, Term]

ANSWERS = "answers"  # the folder of the whole answers, beside the parts
MANIFEST = "answers.json"
LEVEL = 1  # zlib level: as the parts

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = _XSD + "string"
_NUMERIC = frozenset(
    _XSD + t
    for t in (
        "integer", "decimal", "double", "float", "int", "long", "short", "byte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Shape:
    """What a per-plan query's rows hold, and the query evaluated on each plan."""

    name: str
    columns: tuple[str, ...]  # shown, in the query's order
    hidden: tuple[str, ...]  # ORDER BY variables not shown
    order: tuple[tuple[str, bool], ...]  # (variable, descending)
    text: str  # the per-plan form
    predicates: frozenset[str]  # the IRIs the query names, N-Triples form
    fixed: tuple[tuple[str, str], ...]  # (parameter, value) bound to its default
    # (parameter, column, operator): a parameter used only in `FILTER (?column op ?param)`,
    # that filter left out of the per-plan form and applied to the stored rows instead
    compared: tuple[tuple[str, str, str], ...] = ()

    @property
    def stored(self) -> tuple[str, ...]:
        return self.columns + self.hidden

    @property
    def version(self) -> str:
        """Changes whenever the rows stored for this query would."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def _order(query: NamedQuery) -> tuple[tuple[str, bool], ...]:
    """The variables of the top-level ORDER BY, each with whether it is descending."""
    found: list[tuple[str, bool]] = []
    depth, state = 0, ""
    seq: list[Token] = list(tokens(query.text, full=True))
    for i, token in enumerate(seq):
        if token.kind == "brace":
            depth += 1 if token.text == "{" else -1
            continue
        if depth != 0:
            continue
        if is_word(token, "ORDER") and i + 1 < len(seq) and is_word(seq[i + 1], "BY"):
            state, found = "by", []
        elif state == "by" and is_word(token, "BY"):
            state = "keys"
        elif state == "keys":
            if token.kind == "var":
                descending = i >= 2 and is_word(seq[i - 2], "DESC")
                found.append((token.text[1:], descending))
            elif token.kind == "paren" or is_word(token, "ASC") or is_word(token, "DESC"):
                continue
            elif is_word(token, "LIMIT") or is_word(token, "OFFSET"):
                state = ""
            else:
                raise QueryError(f"{query.name}: a per-plan query orders by variables only")
    return tuple(found)


def predicates(text: str, start: int = 0) -> frozenset[str]:
    """Every IRI the query names from offset `start` on (IRIs and prefixed names, N-Triples
    form), and rdf:type for `a`."""
    prefixes: dict[str, str] = {}
    found = {_RDF_TYPE}
    seq = list(tokens(text))
    declared = set()  # the IRIs of the PREFIX declarations: named, not read
    for i, token in enumerate(seq):
        if is_word(token, "PREFIX") and i + 2 < len(seq):
            prefixes[seq[i + 1].text[:-1]] = seq[i + 2].text[1:-1]
            declared.add(i + 2)
        elif token.start < start or i in declared:
            continue
        elif token.kind == "iri":
            found.add(token.text)
        elif token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix in prefixes:
                found.add(f"<{prefixes[prefix]}{local}>")
    return frozenset(found)


def shape(query: NamedQuery) -> Shape:
    """The rows `query` (marked per-plan) is answered from; QueryError when it cannot be."""
    shown = columns(query.text)
    if shown is None:
        raise QueryError(f"{query.name}: a per-plan query is a SELECT of named variables")
    order = _order(query)
    hidden = tuple(dict.fromkeys(v for v, _ in order if v not in shown))
    text, compared = query.text, []
    for p in query.params:
        if p.variable in shown:
            continue
        found = _comparison(text, p.variable, shown)
        if found is not None:
            column, op, span = found
            text = text[: span[0]] + text[span[1] :]
            compared.append((p.name, column, op))
    fixed = {
        p.variable: p.bind(p.default)
        for p in query.params
        if p.variable not in shown
        and p.default is not None
        and all(p.name != c[0] for c in compared)
    }
    select = next(t for t in tokens(text) if is_word(t, "SELECT"))
    at = select.start + len(select.text)
    after = next(t for t in tokens(text[at:]))
    if is_word(after, "DISTINCT") or is_word(after, "REDUCED"):
        at += after.start + len(after.text)
    text = text[:at] + "".join(f" ?{v}" for v in hidden) + text[at:]
    return Shape(
        query.name, tuple(shown), hidden, order, bind(text, fixed), predicates(query.text),
        tuple((p.name, p.default) for p in query.params if p.variable in fixed and p.default),
        tuple(compared),
    )  # fmt: skip


_FLIPPED = {"<=": ">=", ">=": "<=", "<": ">", ">": "<", "=": "=", "!=": "!="}
_COMPARISON = re.compile(r"FILTER\s*\(\s*\?(\w+)\s*(<=|>=|!=|=|<|>)\s*\?(\w+)\s*\)", re.I)


def _comparison(
    text: str, variable: str, shown: Sequence[str]
) -> tuple[str, str, tuple[int, int]] | None:
    """`FILTER (?column op ?variable)` (or the other way round), when it is the only use of
    `?variable` in the query and `?column` is shown: the column, the operator as applied
    to the column's value, and where the FILTER stands in the text."""
    found = list(tokens(text))
    if sum(1 for t in found if t.kind == "var" and t.text[1:] == variable) != 1:
        return None
    filters = {t.start for t in found if is_word(t, "FILTER")}  # not in a comment or string
    for m in _COMPARISON.finditer(text):
        left, op, right = m.groups()
        if m.start() not in filters:
            continue
        if right == variable and left in shown:
            return left, op, m.span()
        if left == variable and right in shown:
            return right, _FLIPPED[op], m.span()
    return None


@lru_cache(maxsize=4)
def shapes(directory: Path = QUERIES_DIR) -> tuple[Shape, ...]:
    """The shapes of the named queries marked per-plan."""
    return tuple(shape_of(q) for q in catalogue(directory).values() if q.per_plan)


@lru_cache(maxsize=64)
def shape_of(query: NamedQuery) -> Shape:
    return shape(query)


# --- the terms of a row ------------------------------------------------------------------


def term(value: object) -> Term | None:
    """A pyoxigraph term (or None) in the SPARQL JSON encoding, as the service writes it."""
    if isinstance(value, ox.NamedNode):
        return {"type": "uri", "value": value.value}
    if isinstance(value, ox.BlankNode):
        return {"type": "bnode", "value": value.value}
    if isinstance(value, ox.Literal):
        out = {"type": "literal", "value": value.value}
        if value.language:
            out["xml:lang"] = value.language
        elif value.datatype.value != _STRING:
            out["datatype"] = value.datatype.value
        return out
    return None


def bound_term(literal: ox.Literal) -> Term:
    found = term(literal)
    assert found is not None
    return found


_Key = tuple[int, int, Decimal | float | str, str]


def _key(t: Term | None) -> _Key:
    """A term's place in SPARQL's ORDER BY: unbound, blank nodes, IRIs, then literals,
    numbers by value."""
    if t is None:
        return (0, 0, "", "")
    kind = t["type"]
    if kind == "bnode":
        return (1, 0, t["value"], "")
    if kind == "uri":
        return (2, 0, t["value"], "")
    datatype = t.get("datatype", "")
    if datatype in _NUMERIC:
        try:
            number: Decimal | float = (
                float(t["value"]) if datatype.endswith(("double", "float")) else Decimal(t["value"])
            )
            return (3, 0, number, "")
        except (InvalidOperation, ValueError):
            pass
    return (3, 1, t["value"], datatype or t.get("xml:lang", ""))


def merge(shape: Shape, rows: Iterable[Row]) -> list[Row]:
    """The plans' rows as the whole answer: sorted as the query orders them, each shown
    row once (the first), the hidden columns dropped."""
    out = list(rows)
    where = {v: i for i, v in enumerate(shape.stored)}
    for variable, descending in reversed(shape.order):  # stable: the last key first
        i = where[variable]
        out.sort(key=lambda r: _key(r[i]), reverse=descending)
    width = len(shape.columns)
    seen: set[str] = set()
    distinct: list[Row] = []
    for row in out:
        shown = row[:width]
        key = json.dumps(shown, sort_keys=True)
        if key not in seen:
            seen.add(key)
            distinct.append(shown)
    return distinct


# --- at ingest: a plan's rows ------------------------------------------------------------


@lru_cache(maxsize=4)
def reference_quads(base: str) -> bytes:
    """The reference graphs (the ontology, the vocabularies) as the store holds them under
    `base`, as N-Quads."""
    reference = ox.Store()
    for name, files in (
        ("ontology", [ONTOLOGY_FILE]),
        ("vocabularies", sorted(VOCAB_DIR.glob("*.ttl"))),
    ):
        graph = ox.NamedNode(REFERENCE_GRAPHS[name](base))
        for path in files:
            reference.load(path=path, format=ox.RdfFormat.TURTLE, base_iri=base, to_graph=graph)
    return reference.dump(format=ox.RdfFormat.N_QUADS) or b""


def _readable(ntriples: str, named: frozenset[str]) -> Iterator[str]:
    """The lines of these N-Triples (one triple a line, as pyoxigraph writes them) that a
    query naming the IRIs `named` can read: those of a named predicate, and of the type
    triples only those of a named class (a third of a plan's lines are type triples)."""
    return (
        line
        for line in ntriples.splitlines()
        if line
        and (parts := line.split(" ", 2))[1] in named
        and (parts[1] != _RDF_TYPE or parts[2][:-2] in named)
    )


def read_quads(graph: str, ntriples: str, named: frozenset[str]) -> str:
    """The triples of the plan graph `graph` that a query naming `named` can read
    (`_readable`), as N-Quads in `graph`."""
    suffix = f" <{graph}> .\n"
    return "".join(line[:-2] + suffix for line in _readable(ntriples, named))


class PlanMemory:
    """A store in memory holding the reference graphs under `base`, and one plan graph at
    a time (`holding`). It is made anew every `RENEW` plans: one that had plan after plan
    loaded and removed grew slower with each (13 ms a plan at first, 35 ms after 1,500)."""

    RENEW = 20

    def __init__(self, base: str) -> None:
        self._reference = reference_quads(base)
        self._store, self._used = EmbeddedStore(None), self.RENEW

    @contextmanager
    def holding(self, graph: str, ntriples: str) -> Iterator[EmbeddedStore]:
        """The store with the plan graph `graph` holding these N-Triples, removed after."""
        if self._used >= self.RENEW:
            self._store, self._used = EmbeddedStore(None), 0
            self._store.load(self._reference)
        self._used += 1
        self._store.load(ntriples.encode("utf-8"), graph)
        try:
            yield self._store
        finally:
            self._store.remove(graph)


class Evaluator:
    """The per-plan queries evaluated on one plan's graph at a time (`PlanMemory`): only
    the plan's triples the queries can read are loaded."""

    def __init__(self, base: str, queries: Sequence[Shape]) -> None:
        self.queries = tuple(queries)
        self.predicates = frozenset(p for q in queries for p in q.predicates)
        self._memory = PlanMemory(base)

    def rows(self, graph: str, ntriples: str) -> dict[str, list[Row]]:
        """Each query's rows on the plan graph `graph` holding these N-Triples (one triple
        a line, as pyoxigraph writes them)."""
        if not self.queries:
            return {}
        readable = "".join(line + "\n" for line in _readable(ntriples, self.predicates))
        with self._memory.holding(graph, readable) as store:
            out: dict[str, list[Row]] = {}
            for q in self.queries:
                result = store.query(q.text)
                if not isinstance(result, ox.QuerySolutions):
                    raise TypeError(f"{q.name}: a per-plan query is a SELECT")
                out[q.name] = [[term(s[v]) for v in q.stored] for s in result]
            return out


@lru_cache(maxsize=4)
def evaluator(base: str) -> Evaluator:
    """The process's evaluator of the named per-plan queries (one store, built once)."""
    return Evaluator(base, shapes())


def encode(rows: Mapping[str, list[Row]]) -> bytes:
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), LEVEL)


def decode(data: bytes) -> dict[str, list[Row]]:
    value = json.loads(zlib.decompress(data)) if data else {}
    if not isinstance(value, dict):
        raise ValueError("a plan's answer rows are a mapping")
    return value


# --- the whole answers, written with the index files --------------------------------------


Entries = dict[str, dict[str, object]]  # the manifest: query -> its version, its size


def write(
    directory: Path, queries: Sequence[Shape], plans: Iterable[Mapping[str, list[Row]]]
) -> Entries:
    """Write each query's whole answer (the plans' rows merged) into `directory`; the
    manifest's entries of them (`record` writes it, with any other stored answers')."""
    gathered: dict[str, list[Row]] = {q.name: [] for q in queries}
    for rows in plans:
        for name, found in rows.items():
            if name in gathered:
                gathered[name].extend(found)
    return {q.name: write_rows(directory, q, merge(q, gathered[q.name])) for q in queries}


def write_rows(directory: Path, shape: Shape, rows: Iterable[Row]) -> dict[str, object]:
    """Write a query's whole answer into `directory`, in the order given: one row a line, a
    JSON object of the shown columns' terms; its manifest entry."""
    folder = directory / ANSWERS
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with (folder / f"{shape.name}.rows").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(_line(shape.columns, row[: len(shape.columns)]) + "\n")
            count += 1
    return {"version": shape.version, "rows": count}


def record(directory: Path, entries: Entries) -> None:
    """Write the manifest naming the version of each query whose answer `directory` holds."""
    folder = directory / ANSWERS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps(entries), encoding="utf-8")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _line(names: Sequence[str], row: Row) -> str:
    """A row as the SPARQL JSON binding the service sends, unbound columns left out:
    a JSON answer is these lines joined, never decoded."""
    return (
        "{" + ",".join(f"{_json(n)}:{_json(t)}" for n, t in zip(names, row, strict=True) if t) + "}"
    )


# --- in the service: a page of an answer ---------------------------------------------------


Condition = tuple[str, str, Term]  # column, operator ("is": the same term), term


def answerable(query: NamedQuery, given: Mapping[str, str]) -> list[Condition] | None:
    """For a request of `query` with the parameters `given`: the conditions its
    parameters put on the stored rows when they answer it, else None (not a per-plan
    query, or a parameter bound in the per-plan form given another value than its
    default). QueryError for a value the parameter refuses."""
    if not (query.per_plan or query.joins_plans) or columns(query.text) is None:
        return None
    found = shape_of(query)
    compared = {name: (column, op) for name, column, op in found.compared}
    conditions: list[Condition] = []
    for p in query.params:
        value = given.get(p.name) or p.default or ""
        if not value:
            continue
        if p.variable in found.columns:
            if given.get(p.name):
                conditions.append((p.variable, "is", bound_term(p.bind(value))))
        elif p.name in compared:
            column, op = compared[p.name]
            conditions.append((column, op, bound_term(p.bind(value))))
        elif value != p.default:
            return None
    return conditions


def _holds(found: Term | None, op: str, wanted: Term) -> bool:
    """SPARQL's `found op wanted` (an error, as an unbound value, is false); "is": the
    same term, as a bound variable joins."""
    if op == "is":
        return found == wanted
    if found is None:
        return False
    a, b = _key(found), _key(wanted)
    if a[:2] != b[:2] or (a[1] == 1 and a[3] != b[3]):
        return False  # not both numbers, nor two literals of one datatype: an error
    x, y = a[2], b[2]
    if isinstance(x, str) != isinstance(y, str):
        return False
    return {
        "=": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y  # type: ignore[operator]
    }[op]  # fmt: skip


class Missing(Exception):
    """The store's answer files do not hold this query's answer of this version."""


def stored_lines(directory: Path, name: str, version: str, suffix: str) -> list[bytes]:
    """The lines of the answer of query `name` stored in `directory`'s file `{name}.{suffix}`;
    Missing (saying why) unless the manifest says they are of `version`."""
    folder = directory / ANSWERS
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        found = manifest.get(name)
        if found is None:
            raise Missing(f"the stored answers ({folder}) hold none of {name}")
        if found["version"] != version:
            raise Missing(f"the stored answer of {name} is of another version of the query")
        data = (folder / f"{name}.{suffix}").read_bytes()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Missing(f"the stored answer of {name} cannot be read ({exc})") from exc
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    return lines


def page(
    directory: Path, query: NamedQuery, conditions: Sequence[Condition], offset: int, count: int
) -> list[bytes]:
    """Rows `offset` to `offset + count` of the stored answer of `query` that meet the
    `conditions` (answerable), each a SPARQL JSON binding (UTF-8 JSON text);
    Missing when it is not stored for this version of the query."""
    lines = stored_lines(directory, query.name, shape_of(query).version, "rows")
    if not conditions:
        return lines[offset : offset + count]
    # A line holds a column's term as `_line` wrote it: only the lines holding that text
    # can be the term's (and are read to make sure).
    needles = [f"{_json(c)}:{_json(t)}".encode() for c, op, t in conditions if op == "is"]
    kept = (
        line
        for line in lines
        if all(n in line for n in needles)
        and all(_holds(json.loads(line).get(c), op, t) for c, op, t in conditions)
    )
    return list(islice(kept, offset, offset + count))


def plans_page(
    query: NamedQuery,
    streams: Iterable[bytes],
    version: str | None,
    conditions: Sequence[Condition],
    offset: int,
    count: int,
) -> list[bytes]:
    """Rows `offset` to `offset + count` of the answer of `query` over some plans only
    (a city's), from their parts' answer rows (`streams`, whose rows are of `version` of
    the query), merged as the whole answer is: the same lines as `page` gives for the
    whole answer with a condition that keeps only these plans' rows. Missing when the
    rows are of another version of the query."""
    found = shape_of(query)
    if version != found.version:
        raise Missing(f"the stored rows of {query.name} are of another version of the query")
    rows: list[Row] = []
    for data in streams:
        rows.extend(decode(data).get(query.name, []))
    where = {c: i for i, c in enumerate(found.columns)}
    kept = (
        row
        for row in merge(found, rows)
        if all(_holds(row[where[c]], op, t) for c, op, t in conditions)
    )
    return [_line(found.columns, row).encode() for row in islice(kept, offset, offset + count)]


def bindings(lines: Iterable[bytes]) -> list[Binding]:
    """Stored lines as SPARQL JSON bindings."""
    return [json.loads(line) for line in lines]
