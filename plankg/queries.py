"""Named queries: SPARQL files in queries/ with a small YAML header of parameters.

Header lines start with `#+ ` (as in grlc); `#+ scope: city` marks a query whose answer
for one `city` reads only that city's plans (the service then reads only their graphs),
`#+ reads: [vocabularies]` the reference graphs it reads besides them (default: the
ontology and the vocabularies; each graph more is read at every pattern), and
`#+ summaries: true` a query that reads the plans' summaries (ingest/summaries.py), which
runs only when the plans have them (plankg.summarised). The service answers a query
marked `#+ per-plan: true` (each answer row read from one plan) or `#+ joins-plans: true`
(rows joining several plans') for the whole country from the answers ingest stored
(plankg.plan_answers, plankg.joined_answers). E.g.

    #+ summary: Which agencies lead the work on a topic, in each city
    #+ params:
    #+   - name: topic
    #+     variable: topicCode
    #+     pattern: "^[A-Za-z0-9-]+$"
    #+     default: VOCs
    #+     description: topic notation (VOCs, COD, NH3-N, NOx, industry, …)

A parameter whose values are codes says where they come from, so that any other value is
refused naming the known ones (HTTP 400, CLI non-zero exit), whatever its script or case:

    #+     values: vocabulary/topic      # the skos:notation values of ontology/vocab/topic.ttl
    #+     values: gazetteer             # a GB/T 2260 code of a division
    #+     values: gazetteer/province    # a GB/T 2260 code of a province
    #+     enum: [primary, any]          # a list

Without either key, a parameter named `topic`, `indicator`, `city` or `province` takes
its values from the vocabulary or gazetteer of that name (VALUES_BY_NAME). The values are
read from the vocabulary files, never from a list kept in code.

A parameter's value is checked against its pattern, made a typed RDF literal, and bound to
its SPARQL variable by a `VALUES` block (written from the term's N-Triples form) that opens
the query's WHERE group. No value is spliced into the query's own text, and the same bound
query runs on the embedded store and on any remote SPARQL 1.1 server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import yaml

from plankg.dataset import REFERENCE_GRAPHS
from plankg.paths import QUERIES_DIR, VOCAB_DIR
from plankg.sparql_lexer import is_word, tokens

XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_BASE = "https://w3id.org/plankg/"  # the vocabularies' relative IRIs; notations are the same
_DATATYPES = {"string": XSD + "string", "integer": XSD + "integer", "decimal": XSD + "decimal"}


class QueryError(Exception):
    """A named query is unknown, malformed, or given bad parameters."""


SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOS_NOTATION = SKOS + "notation"
_LABELS = {SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel"}
# Where a parameter's values come from when its header names none (see the module doc).
VALUES_BY_NAME = {
    "topic": "vocabulary/topic",
    "indicator": "vocabulary/indicator",
    "city": "gazetteer",
    "province": "gazetteer/province",
}
_SOURCES = ("vocabulary/", "gazetteer")
_SHOWN = 40  # known values listed in a refusal at most


@lru_cache(maxsize=32)
def _vocabulary(scheme: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The skos:notation values of ontology/vocab/{scheme}.ttl in file order, and each
    concept's labels (any language, folded) -> its notation."""
    path = VOCAB_DIR / f"{scheme}.ttl"
    if not path.is_file():
        raise QueryError(f"no vocabulary {scheme!r} (files: {VOCAB_DIR}/*.ttl)")
    notation: dict[str, str] = {}
    labels: dict[str, list[str]] = {}
    for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri="https://w3id.org/plankg/"):
        if q.predicate.value == SKOS_NOTATION:
            notation[q.subject.value] = q.object.value
        elif q.predicate.value in _LABELS and isinstance(q.object, ox.Literal):
            label = q.object.value.casefold()
            # 挥发性有机物（VOCs）: the name before the bracket is a label too
            names = labels.setdefault(q.subject.value, [])
            names += dict.fromkeys((label, re.sub(r"[（(].*[)）]$", "", label).strip()))
    by_label: dict[str, str] = {}
    for s, names in labels.items():
        for label in names:
            if s in notation and label:
                by_label.setdefault(label, notation[s])
    return tuple(dict.fromkeys(notation.values())), by_label


def vocabulary_notations(scheme: str) -> tuple[str, ...]:
    return _vocabulary(scheme)[0]


def _division_code(code: str, province: bool) -> bool:
    from ingest.gazetteer import NATIONAL_CODE, is_division_code  # the code table, once

    if province and (not code.endswith("0000") or code == NATIONAL_CODE):
        return False
    return bool(re.fullmatch(r"[0-9]{6}", code)) and is_division_code(code)


def _suggestion(value: str, known: tuple[str, ...], values: str | None) -> str:
    """`; did you mean 'VOCs'?` for a mis-cased notation, or a concept's label."""
    folded = value.strip().casefold()
    meant = next((k for k in known if k.casefold() == folded), None)
    if meant is None and values and values.startswith("vocabulary/"):
        meant = _vocabulary(values.removeprefix("vocabulary/"))[1].get(folded)
    return f"; did you mean {meant!r}?" if meant else ""


@dataclass(frozen=True)
class Param:
    name: str
    variable: str
    description: str = ""
    default: str | None = None
    pattern: str | None = None
    datatype: str = "string"
    # where the values come from: vocabulary/SCHEME, gazetteer, gazetteer/province
    values: str | None = None
    enum: tuple[str, ...] = ()

    def known_values(self) -> tuple[str, ...] | None:
        """The values this parameter takes, when they are a list (None: any value, or the
        gazetteer's thousands of codes)."""
        if self.enum:
            return self.enum
        if self.values and self.values.startswith("vocabulary/"):
            return vocabulary_notations(self.values.removeprefix("vocabulary/"))
        return None

    def check(self, value: str) -> None:
        """QueryError, in one line naming the known values, for a value that is none."""
        known = self.known_values()
        if known is not None and value not in known:
            scheme = (self.values or "").partition("/")[2]
            what = (
                f"{'an' if scheme[:1] in 'aeiou' else 'a'} {scheme} notation"
                if scheme
                else "one of"
            )
            shown = ", ".join(known[:_SHOWN]) + (", …" if len(known) > _SHOWN else "")
            hint = _suggestion(value, known, self.values)
            raise QueryError(f"{self.name}={value!r} is not {what}{hint} (known: {shown})")
        if self.values in ("gazetteer", "gazetteer/province"):
            province = self.values == "gazetteer/province"
            if not _division_code(value, province):
                what = "a province" if province else "a division"
                example = "130000" if province else "130682"
                raise QueryError(
                    f"{self.name}={value!r} is not the GB/T 2260 code of {what} "
                    f"(six digits, e.g. {example})"
                )

    def bind(self, value: str) -> ox.Literal:
        self.check(value)
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise QueryError(f"parameter {self.name}={value!r} does not match {self.pattern}")
        return ox.Literal(value, datatype=ox.NamedNode(_DATATYPES[self.datatype]))


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    # "city": with its `city` parameter given, the service runs it over that city's plan
    # graphs only (api.scoping); for queries that read nothing of other cities' plans.
    scope: str | None = None
    # The reference graphs (plankg.dataset.REFERENCE_GRAPHS) a scoped answer reads.
    reads: tuple[str, ...] = tuple(REFERENCE_GRAPHS)
    # It reads the plans' summaries (ingest/summaries.py): run only when every plan it
    # reads has them (plankg.summarised), never answering with rows silently missing.
    summaries: bool = False
    # Each answer row reads one plan's graph (and the reference graphs): the service
    # answers it for the whole country from every plan's rows, which ingest stores with
    # the index files (plankg.plan_answers).
    per_plan: bool = False
    # Its answer rows join several plans' summary rows (a province's plan and its
    # divisions', a draft and the issued plan replacing it): ingest evaluates it over
    # every plan's rows once they are stored, and stores its whole answer with the index
    # files (plankg.joined_answers).
    joins_plans: bool = False

    def bound(self, given: dict[str, str]) -> str:
        """The query text with the parameters bound (validated first)."""
        return bind(self.text, self.bindings(given))

    def bindings(self, given: dict[str, str]) -> dict[str, ox.Literal]:
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            allowed = ", ".join(sorted(known)) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} (parameters: {allowed})"
            )
        out: dict[str, ox.Literal] = {}
        for param in self.params:
            value = given.get(param.name, param.default)
            if value is not None and value != "":
                out[param.variable] = param.bind(value)
        return out


def where_group(query: str) -> int:
    """Offset just inside the `{` that opens the query's top-level WHERE group: after the
    WHERE keyword at depth 0, or, for SELECT/ASK written without it, the first top-level
    brace."""
    depth = 0
    first_brace = -1
    after_where = False
    graph_form = False
    for token in tokens(query):
        if token.kind == "brace":
            if token.text == "{":
                if depth == 0 and after_where:
                    return token.start + 1
                if depth == 0 and first_brace < 0:
                    first_brace = token.start + 1
                depth += 1
            else:
                depth -= 1
        elif depth == 0 and is_word(token, "WHERE"):
            after_where = True
        elif is_word(token, "CONSTRUCT") or is_word(token, "DESCRIBE"):
            graph_form = True
    if first_brace >= 0 and not graph_form:
        return first_brace
    raise QueryError("cannot find the query's WHERE group to bind parameters in")


def bind(query: str, bindings: Mapping[str, ox.Literal | ox.NamedNode]) -> str:
    """Bind parameters by an inline VALUES block opening the WHERE group, so every
    pattern and FILTER of the query sees them (a trailing VALUES would join too late).
    A value is a typed literal, or an IRI as a NamedNode (which pyoxigraph validates)."""
    if not bindings:
        return query
    names = " ".join(f"?{name}" for name in bindings)
    # str(term) is the term's N-Triples form, escaped by pyoxigraph.
    values = " ".join(str(term) for term in bindings.values())
    at = where_group(query)
    # on the line of the brace: the query's lines keep their numbers (syntax errors)
    return f"{query[:at]} VALUES ({names}) {{ ({values}) }}{query[at:]}"


def parse_header(text: str, source: str) -> dict[str, object]:
    header = "\n".join(
        line[3:] if line.startswith("#+ ") else line[2:]
        for line in text.splitlines()
        if line.startswith("#+")
    )
    if not header.strip():
        return {}
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        raise QueryError(f"{source}: bad #+ header: {exc}") from exc
    if not isinstance(data, dict):
        raise QueryError(f"{source}: the #+ header must be a mapping")
    return data


def load(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    header = parse_header(text, str(path))
    params = []
    declared = header.get("params") or []
    if not isinstance(declared, list):
        raise QueryError(f"{path}: params must be a list")
    for raw in declared:
        if not isinstance(raw, dict) or "name" not in raw:
            raise QueryError(f"{path}: every parameter needs a name")
        enum = raw.get("enum") or []
        if not isinstance(enum, list):
            raise QueryError(f"{path}: enum of parameter {raw['name']} must be a list")
        values = raw.get("values", None if enum else VALUES_BY_NAME.get(str(raw["name"])))
        if values is not None and not str(values).startswith(_SOURCES):
            raise QueryError(f"{path}: values must be vocabulary/SCHEME or gazetteer[/province]")
        params.append(
            Param(
                name=str(raw["name"]),
                variable=str(raw.get("variable", raw["name"])),
                description=str(raw.get("description", "")),
                default=None if raw.get("default") is None else str(raw["default"]),
                pattern=raw.get("pattern"),
                datatype=str(raw.get("datatype", "string")),
                values=None if values is None else str(values),
                enum=tuple(str(v) for v in enum),
            )
        )
    reads = header.get("reads", list(REFERENCE_GRAPHS))
    if not isinstance(reads, list) or not set(map(str, reads)) <= set(REFERENCE_GRAPHS):
        raise QueryError(f"{path}: reads must be a list of {', '.join(REFERENCE_GRAPHS)}")
    summaries = header.get("summaries", False)
    if not isinstance(summaries, bool):
        raise QueryError(f"{path}: summaries must be true or false")
    per_plan = header.get("per-plan", False)
    if not isinstance(per_plan, bool):
        raise QueryError(f"{path}: per-plan must be true or false")
    joins_plans = header.get("joins-plans", False)
    if not isinstance(joins_plans, bool):
        raise QueryError(f"{path}: joins-plans must be true or false")
    if per_plan and joins_plans:
        raise QueryError(f"{path}: a query is per-plan or joins-plans, not both")
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        params=tuple(params),
        scope=None if header.get("scope") is None else str(header["scope"]),
        reads=tuple(str(r) for r in reads),
        summaries=summaries,
        per_plan=per_plan,
        joins_plans=joins_plans,
    )


def catalogue(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return {q.name: q for q in (load(p) for p in sorted(directory.glob("*.rq")))}


def resolve(name_or_file: str) -> NamedQuery:
    """A named query by name, or any .rq file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.exists():
        return load(path)
    queries = catalogue()
    if name_or_file in queries:
        return queries[name_or_file]
    raise QueryError(
        f"no named query {name_or_file!r} (known: {', '.join(sorted(queries))}) "
        "and no such .rq file"
    )
