"""SHACL engines next to pyshacl: same verdicts? how fast per plan graph? anything odd?

Engines (each skipped cleanly when its package is not installed):

- pyshacl            the reference, called as ingest/validate.py calls it (merged rdflib graph)
- shacl              PyPI `shacl` (pwin/SHACL_Engine, Rust): shapes compiled once
- ingest.shacl_fast  ingest/shacl_fast.py: `shacl`, vocabularies pruned to what the shapes read
- shacl-rust         PyPI `shacl-rust` (Rust): no compiled-shapes object, shapes re-parsed per call
- shacl-rust/index   the same with experimental_index=True
- pyrudof/staged     PyPI `pyrudof` (rudof, Rust): shapes and vocabularies loaded once, each
                     plan staged on top and rolled back
- pyrudof/reload     the same session, data reset and reloaded (vocabularies + plan) per plan

Every Rust engine gets N-Triples text: the shapes graph as rdflib parsed it (publicID = the
base, so shapes/plankg.ttl's relative IRIs are already resolved), the vocabularies
serialised once, and per plan `graph.serialize(format="nt")`. "load" is what each engine
pays per plan before validating (rdflib N-Triples serialisation; for pyshacl, building the
merged data graph as ingest/validate.py does); "total" = load + validate.

Correctness cases, each checked against pyshacl's verdict and results:
  plans   the five bundled plans (data/plans/*.txt through the parser and mapper): conform;
  broken  tests/fixtures/shapes/broken.json's variants: fail, with the result that test expects;
  extra   more variants made here (datatype, language-range, sh:in, literal edge cases);
          judged against pyshacl only.

    .venv/bin/python bench/shacl_engines.py [--repeat 20] [--all-cores] [--only shacl,...]
                                            [--show-reports]

(rdflib logs two "Failed to convert Literal" tracebacks while the ill-typed extra cases are
built; they are rdflib's, not an engine's.)
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# A script's own folder is sys.path[0], and bench/http.py there would shadow the standard
# library's http package (urllib, rdflib and uvicorn import it): the project root instead.
sys.path[0] = str(ROOT)

from rdflib import BNode, Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, SH  # noqa: E402

from ingest.parser import parse_file  # noqa: E402
from ingest.rdf import plan_graph as map_plan  # noqa: E402
from ingest.vocab import parse_vocabularies  # noqa: E402
from plankg.paths import BUNDLED_PLANS, SHAPES_FILE  # noqa: E402

BASE = "https://w3id.org/plankg/"
XSD = "http://www.w3.org/2001/XMLSchema#"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    """One validation result, normalised so engines can be compared."""

    focus: str  # IRI, or "_:" for a blank node
    path: str | None  # "iri" or "^iri"
    shape: str | None  # source shape IRI; None when it is a blank node
    component: str  # local name, e.g. "MinCountConstraintComponent"
    value: str | None  # IRI, or a literal's lexical form
    message: str

    def key(self) -> tuple[str, str | None, str, str | None]:
        return (self.focus, self.path, self.component, self.value)


@dataclass(frozen=True)
class Verdict:
    conforms: bool
    findings: tuple[Finding, ...]


def _strip_iri(term: str | None) -> str | None:
    """'<iri>' -> 'iri'; '_:b1' -> '_:'; N-Triples literal -> its lexical form."""
    if term is None:
        return None
    term = term.strip()
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if term.startswith("_:"):
        return "_:"
    if term.startswith('"'):
        m = re.match(r'^"(.*)"(?:\^\^\S+|@[A-Za-z0-9-]+)?$', term, re.S)
        if m:
            return m.group(1)
    return term


def _norm_path(path: str | None) -> str | None:
    """SPARQL-ish path text ('<p>', '^<p>', '^(p)', 'p') -> 'p' or '^p'."""
    if path is None:
        return None
    inverse = path.startswith("^")
    inner = path[1:] if inverse else path
    inner = inner.strip().strip("()").strip()
    inner = _strip_iri(inner) or inner
    return ("^" if inverse else "") + inner


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri.strip("<>"))[-1]


def _shape(term: str | None) -> str | None:
    if term is None or term.startswith("_:") or ("#" not in term and "/" not in term):
        return None
    return term.strip("<>")


# --------------------------------------------------------------------------- engines


class Engine:
    name = ""
    package = ""

    def available(self) -> bool:
        try:
            importlib.metadata.version(self.package)
        except importlib.metadata.PackageNotFoundError:
            return False
        return True

    def version(self) -> str:
        return importlib.metadata.version(self.package)

    def setup(self, shapes: Graph, vocab: Graph) -> None:
        raise NotImplementedError

    def load(self, graph: Graph) -> Any:
        """What the engine needs from the plan's rdflib graph (timed as 'load')."""
        return graph.serialize(format="nt")

    def validate(self, prepared: Any) -> Verdict:
        raise NotImplementedError


class PyShacl(Engine):
    name, package = "pyshacl", "pyshacl"

    def setup(self, shapes: Graph, vocab: Graph) -> None:
        import pyshacl

        self._validate = pyshacl.validate
        self.shapes, self.vocab = shapes, vocab

    def load(self, graph: Graph) -> Graph:
        data = Graph()
        data += self.vocab
        data += graph
        return data

    def validate(self, prepared: Graph) -> Verdict:
        conforms, report, _ = self._validate(
            prepared, shacl_graph=self.shapes, inference="none", advanced=False, inplace=True
        )
        findings = []
        for r in report.objects(None, SH.result):
            path = report.value(r, SH.resultPath)
            if isinstance(path, BNode):
                inv = report.value(path, SH.inversePath)
                path_s: str | None = "^" + str(inv) if inv is not None else "(complex)"
            else:
                path_s = None if path is None else str(path)
            focus = report.value(r, SH.focusNode)
            shape = report.value(r, SH.sourceShape)
            value = report.value(r, SH.value)
            findings.append(
                Finding(
                    focus="_:" if isinstance(focus, BNode) else str(focus),
                    path=path_s,
                    shape=str(shape) if isinstance(shape, URIRef) else None,
                    component=_local(str(report.value(r, SH.sourceConstraintComponent))),
                    value=None
                    if value is None
                    else ("_:" if isinstance(value, BNode) else str(value)),
                    message=str(report.value(r, SH.resultMessage) or ""),
                )
            )
        return Verdict(bool(conforms), tuple(findings))


class Shacl(Engine):
    name, package = "shacl", "shacl"

    def setup(self, shapes: Graph, vocab: Graph) -> None:
        import shacl

        self.shapes = shacl.Shapes.from_text(
            shapes.serialize(format="nt"), format="ntriples", base=BASE
        )
        self.vocab_nt = vocab.serialize(format="nt")

    def validate(self, prepared: str) -> Verdict:
        report = self.shapes.validate_text(self.vocab_nt + prepared, format="ntriples", base=BASE)
        return Verdict(
            report.conforms,
            tuple(
                Finding(
                    focus=_strip_iri(r.focus_node) or "",
                    path=_norm_path(r.path),
                    shape=_shape(r.source_shape),
                    component=r.component,
                    value=None if r.value is None else _strip_iri(r.value),
                    message=r.message or "",
                )
                for r in report.results
            ),
        )


class ShaclRust(Engine):
    name, package = "shacl-rust", "shacl-rust"
    index = False

    def setup(self, shapes: Graph, vocab: Graph) -> None:
        import shacl_rust

        self._validate = shacl_rust.validate
        self.shapes_nt = shapes.serialize(format="nt")
        self.vocab_nt = vocab.serialize(format="nt")

    def validate(self, prepared: str) -> Verdict:
        report = self._validate(
            self.vocab_nt + prepared,
            self.shapes_nt,
            data_format="nt",
            shapes_format="nt",
            experimental_index=self.index,
        )
        return Verdict(
            bool(report["conforms"]),
            tuple(
                Finding(
                    focus=_strip_iri(r.get("focusNode")) or "",
                    path=_norm_path(r.get("resultPath")),
                    shape=_shape(r.get("sourceShape")),
                    component=_local(r.get("sourceConstraintComponent", "")),
                    value=_strip_iri(r.get("value")),
                    message="; ".join(r.get("messages", [])),
                )
                for r in report["results"]
            ),
        )


class ShaclRustIndex(ShaclRust):
    name = "shacl-rust/index"
    index = True


class ShaclFast(Shacl):
    """ingest/shacl_fast.py: `shacl` with the vocabulary pruned to what the shapes read."""

    name = "ingest.shacl_fast"

    def setup(self, shapes: Graph, vocab: Graph) -> None:
        from ingest import shacl_fast

        self.module = shacl_fast
        shacl_fast._prepared(BASE)

    def validate(self, prepared: str) -> Verdict:
        report = self.module._report(prepared, BASE)
        return Verdict(
            report.conforms,
            tuple(
                Finding(
                    focus=_strip_iri(r.focus_node) or "",
                    path=_norm_path(r.path),
                    shape=_shape(r.source_shape),
                    component=r.component,
                    value=None if r.value is None else _strip_iri(r.value),
                    message=r.message or "",
                )
                for r in report.results
            ),
        )


class PyRudofStaged(Engine):
    name, package = "pyrudof/staged", "pyrudof"

    def setup(self, shapes: Graph, vocab: Graph) -> None:
        import pyrudof

        self.pr = pyrudof
        self.rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        self.rudof.read_shacl(
            shapes.serialize(format="nt"),
            format=pyrudof.ShaclFormat.NTriples,
            base=BASE,
            reader_mode=pyrudof.ReaderMode.Strict,
        )
        self.vocab_nt = vocab.serialize(format="nt")
        self.rudof.read_data(
            self.vocab_nt,
            format=pyrudof.RDFFormat.NTriples,
            base=BASE,
            reader_mode=pyrudof.ReaderMode.Strict,
            merge=False,
        )

    def _findings(self, report: Any) -> Verdict:
        def lexical(v: str | None) -> str | None:
            if v is None:
                return None
            m = re.match(r'^"(.*)"(?:\^\^\S+|@[A-Za-z0-9-]+)?$', v, re.S)
            return m.group(1) if m else _strip_iri(v)

        return Verdict(
            report.conforms,
            tuple(
                Finding(
                    focus=_strip_iri(e.focus_node) or "",
                    path=_norm_path(e.path),
                    shape=_shape(e.source_shape),
                    component=_local(e.constraint_component),
                    value=lexical(e.value),
                    message=e.message.strip('"'),
                )
                for e in report
            ),
        )

    def validate(self, prepared: str) -> Verdict:
        pr = self.pr
        self.rudof.begin_staging()
        try:
            self.rudof.read_data(
                prepared,
                format=pr.RDFFormat.NTriples,
                base=BASE,
                reader_mode=pr.ReaderMode.Strict,
                merge=True,
            )
            report = self.rudof.validate_shacl()
        finally:
            self.rudof.rollback_staging()
        return self._findings(report)


class PyRudofReload(PyRudofStaged):
    name = "pyrudof/reload"

    def validate(self, prepared: str) -> Verdict:
        pr = self.pr
        self.rudof.reset_data()
        self.rudof.read_data(
            self.vocab_nt + prepared,
            format=pr.RDFFormat.NTriples,
            base=BASE,
            reader_mode=pr.ReaderMode.Strict,
            merge=False,
        )
        return self._findings(self.rudof.validate_shacl())


ENGINES: list[type[Engine]] = [
    PyShacl,
    Shacl,
    ShaclFast,
    ShaclRust,
    ShaclRustIndex,
    PyRudofStaged,
    PyRudofReload,
]


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    group: str  # plans | broken | extra
    name: str
    graph: Graph
    expected: dict[str, str] | None = None  # the result tests/ingest/test_shapes.py expects


def real_plans() -> Iterator[Case]:
    for path in sorted(BUNDLED_PLANS.glob("*.txt")):
        _, g = map_plan(parse_file(path), BASE)
        yield Case("plans", path.stem, g)


def broken_cases() -> Iterator[Case]:
    from tests.support import sample_plan as t

    cases = t.broken()
    for name in sorted(cases):
        breaker, expected = cases[name]
        g = t.sample_plan()
        breaker(g)
        yield Case("broken", name, g, {k: str(v) for k, v in expected.items()})


def extra_cases() -> Iterator[Case]:
    """Edge cases of the constraint components the shapes use; pyshacl is the referee."""
    from tests.support import sample_plan as t
    from tests.support.rdf import PK

    pk, rep = PK, t.replace
    target = t.TARGET1
    sample = t.sample_plan()
    span = t.span_of(sample, t.M1)
    start = sample.value(span, pk.startOffset)
    assert isinstance(start, Literal)

    def dt(lex: str, local: str) -> Literal:
        return Literal(lex, datatype=URIRef(XSD + local))

    def no_lead_basis(g: Graph) -> None:
        for s in list(g.subjects(pk.leadBasis, None)):
            g.remove((s, pk.leadBasis, None))

    edits: dict[str, Callable[[Graph], None]] = {
        "valid sample": lambda g: None,
        "title @zh-CN (languageIn range)": lambda g: rep(
            g, t.M1, DCTERMS.title, Literal("挥发性有机物综合整治工程", lang="zh-CN")
        ),
        "title @ZH (case)": lambda g: rep(
            g, t.M1, DCTERMS.title, Literal("挥发性有机物综合整治工程", lang="ZH")
        ),
        "title plain string": lambda g: rep(g, t.M1, DCTERMS.title, Literal("标题")),
        "ill-typed integer": lambda g: rep(g, t.M1, pk.number, dt("one", "integer")),
        "position as xsd:int": lambda g: rep(g, t.R2, pk.position, dt("2", "int")),
        "position 1.0 decimal": lambda g: rep(g, t.R2, pk.position, dt("1.0", "decimal")),
        "value as xsd:integer": lambda g: rep(g, target, pk.value, dt("700", "integer")),
        "issuer @zh not xsd:string": lambda g: rep(
            g, t.PLAN, pk.issuer, Literal("定州市人民政府", lang="zh")
        ),
        "issued as plain string": lambda g: rep(g, t.PLAN, DCTERMS.issued, Literal("2022-04-22")),
        "issued ill-formed date": lambda g: rep(
            g, t.PLAN, DCTERMS.issued, dt("2022-13-45", "date")
        ),
        "sha256 upper case": lambda g: rep(g, t.PLAN, pk.sha256, Literal("A" * 64)),
        "division code with newline": lambda g: rep(g, t.DIV, pk.divisionCode, Literal("411700\n")),
        "originalScript @en": lambda g: rep(
            g, t.PLAN, pk.originalScript, Literal("simplified", lang="en")
        ),
        "status as literal": lambda g: rep(g, t.PLAN, pk.status, Literal(str(pk.Issued))),
        "start == end": lambda g: rep(g, span, pk.endOffset, start),
        "start -1": lambda g: rep(g, span, pk.startOffset, Literal(-1)),
        "end as decimal > start": lambda g: rep(
            g, span, pk.endOffset, dt(f"{int(start) + 1}.0", "decimal")
        ),
        "no leadBasis anywhere": no_lead_basis,
        "agency is a literal": lambda g: rep(g, t.R2, pk.agency, Literal("财政局")),
        "target year gYear with tz": lambda g: rep(g, target, pk.targetYear, dt("2025Z", "gYear")),
    }
    for name, edit in edits.items():
        g = t.sample_plan()
        edit(g)
        yield Case("extra", name, g)


# --------------------------------------------------------------------------- checks


@contextlib.contextmanager
def captured_fds() -> Iterator[list[str]]:
    """Capture what native code writes to fd 1 and 2 (print/eprintln bypass sys.stdout)."""
    out: list[str] = []
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 1)
        os.dup2(tmp.fileno(), 2)
        try:
            yield out
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            tmp.seek(0)
            out.append(tmp.read().decode("utf-8", "replace"))


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def matches(f: Finding, expected: dict[str, str]) -> bool:
    return all(getattr(f, k) == v for k, v in expected.items())


def compare(ref: Verdict, got: Verdict) -> list[str]:
    """Differences from pyshacl's result set, keyed by (focus, path, component, value)."""
    notes = []
    ref_keys = {f.key(): f for f in ref.findings}
    got_keys = {f.key(): f for f in got.findings}
    for k in sorted(set(ref_keys) - set(got_keys), key=str):
        notes.append(f"missing {_fmt(ref_keys[k])}")
    for k in sorted(set(got_keys) - set(ref_keys), key=str):
        notes.append(f"extra   {_fmt(got_keys[k])}")
    for k in set(ref_keys) & set(got_keys):
        a, b = ref_keys[k].shape, got_keys[k].shape
        if a and b and a != b:
            notes.append(f"shape {b} instead of {a} for {_fmt(ref_keys[k])}")
    return notes


def _short(s: str | None) -> str:
    if s is None:
        return "-"
    return (
        s.replace(BASE + "id/", "id:")
        .replace("https://w3id.org/plankg/ontology#", "pk:")
        .replace("https://w3id.org/plankg/shapes#", "pks:")
        .replace("http://purl.org/dc/terms/", "dcterms:")
    )


def _fmt(f: Finding) -> str:
    return (
        f"focus={_short(f.focus)} path={_short(f.path)} {f.component}"
        f" value={_short(f.value)} shape={_short(f.shape)}"
    )


def correctness(engines: list[Engine], cases: list[Case]) -> dict[str, dict[str, int]]:
    ref_engine = engines[0]
    tally: dict[str, dict[str, int]] = {e.name: {} for e in engines}
    print("\n== correctness (reference: pyshacl)")
    for case in cases:
        ref = ref_engine.validate(ref_engine.load(case.graph))
        ref_ok = case.expected is None or any(matches(f, case.expected) for f in ref.findings)
        line = [
            f"[{case.group}] {case.name}: pyshacl conforms={ref.conforms} "
            f"results={len(ref.findings)}{'' if ref_ok else ' (EXPECTED RESULT MISSING)'}"
        ]
        for e in engines:
            t = tally[e.name]
            t.setdefault(case.group, 0)
            t.setdefault(case.group + "_total", 0)
            t[case.group + "_total"] += 1
            if e is ref_engine:
                t[case.group] += int(ref_ok)
                continue
            try:
                got = e.validate(e.load(case.graph))
            except Exception as exc:  # an engine error is a disagreement, not a crash
                line.append(f"    {e.name}: ERROR {type(exc).__name__}: {exc}")
                continue
            same_verdict = got.conforms == ref.conforms
            exp_ok = case.expected is None or any(matches(f, case.expected) for f in got.findings)
            t[case.group] += int(same_verdict and exp_ok)
            diffs = compare(ref, got)
            t.setdefault("same_results", 0)
            t["same_results"] += int(not diffs)
            status = "ok" if same_verdict and exp_ok else "DISAGREES"
            if not same_verdict:
                status += f" (conforms={got.conforms})"
            elif not exp_ok:
                status += " (expected result missing)"
            line.append(
                f"    {e.name}: {status}, results={len(got.findings)}"
                + ("" if not diffs else ", result-set differences:")
            )
            line.extend(f"        {d}" for d in diffs)
        print("\n".join(line))
    return tally


# --------------------------------------------------------------------------- timing


def timing(engines: list[Engine], plans: list[Case], repeat: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for e in engines:
        loads: list[float] = []
        totals: list[float] = []
        per_plan: dict[str, list[float]] = {}
        for case in plans:  # warm-up
            e.validate(e.load(case.graph))
        rss0 = rss_mib()
        with captured_fds() as printed:
            for _ in range(repeat):
                for case in plans:
                    t0 = time.perf_counter()
                    prepared = e.load(case.graph)
                    t1 = time.perf_counter()
                    verdict = e.validate(prepared)
                    t2 = time.perf_counter()
                    assert verdict.conforms, (e.name, case.name)
                    loads.append(t1 - t0)
                    totals.append(t2 - t0)
                    per_plan.setdefault(case.name, []).append(t2 - t0)
        out[e.name] = {
            "load": statistics.median(loads) * 1e3,
            "validate": statistics.median(t - ld for t, ld in zip(totals, loads, strict=True))
            * 1e3,
            "total": statistics.median(totals) * 1e3,
            "p90": statistics.quantiles(totals, n=10)[-1] * 1e3,
            "rss_growth": rss_mib() - rss0,
            "printed": float(len(printed[0])),
            **{f"plan:{k}": statistics.median(v) * 1e3 for k, v in per_plan.items()},
        }
    return out


def probes(engines: list[Engine]) -> None:
    """Behaviours worth knowing before wiring an engine in."""
    names = {e.name for e in engines}
    print("\n== probes")
    if "pyrudof/staged" in names:
        import pyrudof as pr

        r = pr.Rudof(pr.RudofConfig())
        for s in ("a", "b"):
            r.read_data(f'<http://ex/{s}> <http://ex/p> "1" .', format=pr.RDFFormat.NTriples)
        n = len(list(r.triples()))
        print(
            f"pyrudof: two read_data() calls with merge left at its default leave {n} triple(s)"
            " (its docstring says the default replaces: 1)"
        )
    if "shacl" in names:
        import shacl

        try:
            shacl.Shapes.from_text("", format="ntriples").validate_text(
                "garbage .", format="ntriples"
            )
            print("shacl: malformed N-Triples accepted")
        except ValueError as exc:
            print(f"shacl: malformed N-Triples raises ValueError: {exc}")


def show_reports(cases: list[Case]) -> None:
    from ingest.shacl_fast import validate_ntriples

    print("\n== ingest.shacl_fast reports")
    for case in cases:
        if case.group == "plans":
            continue
        conforms, report = validate_ntriples(case.graph.serialize(format="nt"), BASE)
        print(f"[{case.group}] {case.name}: conforms={conforms}")
        print("    " + report.replace("\n", "\n    ") if report else "    (empty)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--all-cores", action="store_true", help="do not pin to one CPU")
    ap.add_argument("--only", default="", help="comma-separated engine names")
    ap.add_argument(
        "--show-reports",
        action="store_true",
        help="print ingest.shacl_fast's report for every broken/extra case",
    )
    args = ap.parse_args()

    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})  # threads the engines start inherit this
        print(f"pinned to CPU {cpu} (one core); --all-cores to lift")

    wanted = {n for n in args.only.split(",") if n}
    engines: list[Engine] = []
    for cls in ENGINES:
        e = cls()
        if wanted and e.name not in wanted and e.name != "pyshacl":
            continue
        if not e.available():
            print(f"skip {e.name}: package {e.package!r} not installed")
            continue
        engines.append(e)
    if not engines or engines[0].name != "pyshacl":
        sys.exit("pyshacl (the reference) is not installed")

    shapes = Graph().parse(SHAPES_FILE, format="turtle", publicID=BASE)
    vocab = parse_vocabularies(BASE)
    for e in engines:
        with captured_fds() as printed:
            t0 = time.perf_counter()
            e.setup(shapes, vocab)
            setup_ms = (time.perf_counter() - t0) * 1e3
        extra = f", printed {len(printed[0])} chars: {printed[0][:200]!r}" if printed[0] else ""
        print(f"{e.name:18} {e.package} {e.version()}  setup {setup_ms:.1f} ms{extra}")

    plans = list(real_plans())
    print(
        "plan graphs:",
        ", ".join(f"{c.name} ({len(c.graph)} triples)" for c in plans),
        f"+ {len(vocab)} vocabulary triples, {len(shapes)} shapes triples",
    )

    cases = plans + list(broken_cases()) + list(extra_cases())
    tally = correctness(engines, cases)
    probes(engines)
    if args.show_reports and any(e.name == "ingest.shacl_fast" for e in engines):
        show_reports(cases)

    times = timing(engines, plans, args.repeat)
    ref = times["pyshacl"]["total"]
    print(f"\n== speed: median ms per plan graph, {len(plans)} plans x {args.repeat} repeats")
    print(
        f"{'engine':18} {'load':>7} {'validate':>9} {'total':>7} {'p90':>7} {'x faster':>9}"
        f" {'plans/s':>8} {'RSS+MiB':>8} {'printed':>8}"
    )
    for name, t in times.items():
        print(
            f"{name:18} {t['load']:7.2f} {t['validate']:9.2f} {t['total']:7.2f} {t['p90']:7.2f}"
            f" {ref / t['total']:9.1f} {1e3 / t['total']:8.1f} {t['rss_growth']:8.1f}"
            f" {int(t['printed']):8d}"
        )
    print("\nper plan (median total ms):")
    names = [c.name for c in plans]
    print(f"{'engine':18} " + " ".join(f"{n[:14]:>14}" for n in names))
    for name, t in times.items():
        print(f"{name:18} " + " ".join(f"{t['plan:' + n]:14.2f}" for n in names))

    print(
        "\n== correctness tally (agrees with pyshacl's verdict and, for broken cases,"
        " reports the result tests/ingest/test_shapes.py expects)"
    )
    for name, counts in tally.items():
        groups = ", ".join(
            f"{g} {counts.get(g, 0)}/{counts[g + '_total']}" for g in ("plans", "broken", "extra")
        )
        same = (
            ""
            if name == "pyshacl"
            else f"; identical result sets {counts.get('same_results', 0)}/{len(cases)}"
        )
        print(f"{name:18} {groups}{same}")


if __name__ == "__main__":
    main()
