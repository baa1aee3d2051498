"""The `plankg` command: ingest, validate, query, serve, export."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from pydantic import ValidationError

from ingest.parallel import jobs_count, prepare_all, progress
from ingest.pipeline import (
    FIRST_LOAD_BATCH,
    STAGES,
    Prepared,
    Source,
    plan_files,
    prepare,
    sha256_file,
    sigint_deferred,
    store_all,
    stored_digests,
)
from ingest.report import counts_line
from ingest.summaries import summarise_store
from plankg import dump_files, index_files, mirrors, statistics, summarised
from plankg.backends import Store, StoreSpec, open_backend
from plankg.dataset import (
    REFERENCE_GRAPHS,
    dataset_graph_iri,
    load_reference_graphs,
    read_modified,
    same_generation,
)
from plankg.queries import QueryError, catalogue, resolve
from plankg.remote import RemoteError
from plankg.results import FORMATS, ResultError, render
from plankg.settings import Settings
from plankg.sparql_errors import readable
from plankg.store import StoreError
from plankg.summarised import SummariesMissing
from plankg.table import render_table


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "store", None):
        overrides["store"] = Path(args.store)
    if getattr(args, "endpoint", None):
        overrides["endpoint"] = args.endpoint
    if getattr(args, "update_endpoint", None):
        overrides["update_endpoint"] = args.update_endpoint
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    return Settings(**overrides)  # type: ignore[arg-type]


def _err(message: str) -> None:
    print(f"plankg: {message}", file=sys.stderr)


def _plan_files(args: argparse.Namespace) -> list[Source]:
    files = list(plan_files(args.paths))  # paths, or URLs (plankg ingest URL)
    if not files:
        _err("no plan files found in " + ", ".join(args.paths))
    return files


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        jobs = jobs_count(args.jobs)
    except ValueError:
        _err(f"--jobs takes a number or 'auto', got {args.jobs!r}")
        return 2
    files = _plan_files(args)
    if not files:
        return 2
    try:
        run = _ingest(files, settings, jobs, args.force, args.jurisdiction)
    except (StoreError, RemoteError) as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:  # before any plan was written
        _err("interrupted: nothing stored")
        return 130
    where = StoreSpec.from_settings(settings).where
    if run.interrupted:
        _err(
            f"interrupted: {run.stored} plans stored into {where}, every plan whole; "
            "run the same command again to finish the rest"
        )
        return 130
    print(
        f"{len(files) - run.failed} of {len(files)} plans ingested into {where}"
        + (f" ({run.skipped} unchanged, skipped)" if run.skipped else "")
    )
    return 1 if run.failed else 0


@dataclass
class IngestRun:
    failed: int = 0
    stored: int = 0
    skipped: int = 0  # unchanged since stored (same pk:sha256), or superseded by such a file
    interrupted: bool = False


def _todo(
    files: list[Source], stored: dict[str, str]
) -> tuple[list[Source], list[Source], dict[str, int]]:
    """Files to prepare; files unchanged since stored (their digest is); and for each
    graph of those, the position of the last such file in `files`: a file that maps to
    the same graph before it would be replaced by it, so it is skipped as well."""
    todo: list[Source] = []
    unchanged: list[Source] = []
    last: dict[str, int] = {}
    for i, path in enumerate(files):
        graph = stored.get(sha256_file(path) or "")
        if graph is None:
            todo.append(path)
        else:
            unchanged.append(path)
            last[graph] = i
    return todo, unchanged, last


def _ingest(
    files: list[Source],
    settings: Settings,
    jobs: int = 1,
    force: bool = False,
    jurisdiction: str | None = None,
) -> IngestRun:
    """Ingest the files, reporting each; counts of what happened."""
    run = IngestRun()
    seen: dict[str, str] = {}
    totals = dict.fromkeys(STAGES, 0.0)
    start = time.perf_counter()
    with (
        open_backend(settings) as store,
        _spool(settings, dump_files.Spool, dump_files.dumps_dir(settings.store)) as spool,
        _spool(settings, index_files.Spool, index_files.index_dir(settings.store)) as index_spool,
    ):
        for graph in store.recovered:
            _err(f"note: removed half-loaded {graph} left by an interrupted ingest")
        generation = read_modified(store, settings.base)  # the store as this run found it
        load_reference_graphs(store, settings.base)
        digests = stored_digests(store)
        todo, unchanged, last = _todo(files, {} if force else digests)
        run.skipped = len(unchanged)
        batch = settings.ingest_batch
        if not (digests or settings.endpoint or "ingest_batch" in settings.model_fields_set):
            batch = max(batch, FIRST_LOAD_BATCH)  # a first load: fewer, larger bulk loads
        position = {str(path): i for i, path in enumerate(files)}

        def superseded(plans: Iterable[Prepared]) -> Iterator[Prepared]:
            for p in plans:
                o = p.outcome
                if o.ok and last.get(o.plan_iri or "", -1) > position[o.source]:
                    o.skipped = "a later file for the same plan is stored, unchanged"
                yield p

        bar = progress(len(todo), len(files) - len(todo))
        try:
            for outcome in store_all(
                superseded(prepare_all(todo, settings.base, jobs, jurisdiction, settings)),
                store,
                batch,
            ):
                for stage, seconds in outcome.timings.items():
                    totals[stage] += seconds
                bar.update(1)
                if not outcome.ok:
                    run.failed += 1
                    bar.set_postfix(failed=run.failed, refresh=False)
                    bar.write(f"plankg: FAILED {outcome.error}", file=sys.stderr)
                    continue
                if outcome.skipped:
                    run.skipped += 1
                    bar.write(f"plankg: note: {outcome.source}: {outcome.skipped}", file=sys.stderr)
                    continue
                run.stored += 1
                assert outcome.plan_iri is not None
                if outcome.plan_iri in seen:
                    bar.write(
                        f"plankg: note: {outcome.source} replaces {seen[outcome.plan_iri]} "
                        f"(both are {outcome.plan_iri})",
                        file=sys.stderr,
                    )
                seen[outcome.plan_iri] = outcome.source
                if spool is not None:
                    spool.add(outcome.plan_iri, outcome.dump_parts)
                if index_spool is not None:
                    index_spool.add(outcome.plan_iri, outcome.index_part)
                # One line per plan: what was read and the gaps (ingest/report.py).
                bar.write(
                    f"ok {outcome.source} -> {outcome.plan_iri} ({outcome.triples} triples): "
                    + counts_line(outcome.report),
                    file=sys.stdout,
                )
                sys.stdout.flush()  # a line per plan as it is stored
        except KeyboardInterrupt:
            run.interrupted = True
        finally:
            bar.close()
        stamp = statistics.record(store, settings.base) if run.stored else generation
        if spool is not None and not run.interrupted:
            _write_dumps(store, settings, generation, stamp, spool)
        if index_spool is not None and not run.interrupted:
            _write_index(store, settings, generation, stamp, index_spool)
    wall = time.perf_counter() - start
    workers = f" (parse, map, validate: summed over {jobs} worker processes)" if jobs > 1 else ""
    print(
        "time per stage: "
        + ", ".join(f"{k} {v:.2f}s" for k, v in totals.items())
        + f"{workers}; wall clock {wall:.2f}s, {run.stored / wall:.1f} plans/s stored"
    )
    return run


_Spool = TypeVar("_Spool", dump_files.Spool, index_files.Spool)


@contextmanager
def _spool(
    settings: Settings, make: Callable[[Path], _Spool], folder: Path
) -> Iterator[_Spool | None]:
    """Where a run keeps the parts of the plans it stores for the files beside the store
    (dumps, index) in `folder`: an embedded store only, as the service of a remote server
    writes its dumps on request and reads the plan graphs for its index."""
    if settings.endpoint:
        yield None
        return
    spool = make(folder / f".spool-{os.getpid()}")
    try:
        yield spool
    finally:
        spool.close()


def _write_dumps(
    store: Store,
    settings: Settings,
    before: str | None,
    stamp: str | None,
    spool: dump_files.Spool,
    rebuilt: Iterable[str] = (),
) -> None:
    """Write the dump files of generation `stamp`, from the parts of this run and those
    of the dumps of generation `before` (the store as this run found it); nothing to do
    when they are current already."""
    if stamp is None:
        return  # a store nobody stamped: its dumps are written on request
    found = dump_files.current(settings.store)
    if found is not None and same_generation(found.generation, stamp):
        return
    previous = found if found is not None and same_generation(found.generation, before) else None
    # the reference graphs are loaded again by every run (their blank nodes change), the
    # dataset graph stamped again
    again = {iri(settings.base) for iri in REFERENCE_GRAPHS.values()}
    again.add(dataset_graph_iri(settings.base))
    dump_files.write(
        store, dump_files.dumps_dir(settings.store), stamp, spool, previous, again.union(rebuilt)
    )


def _write_index(
    store: Store,
    settings: Settings,
    before: str | None,
    stamp: str | None,
    spool: index_files.Spool | None,
    rebuilt: Iterable[str] = (),
) -> None:
    """Write the index files of generation `stamp`, from the parts of this run and those
    of the files of generation `before` (the store as this run found it); nothing to do
    when they are current already."""
    if stamp is None or settings.endpoint:
        return  # a store nobody stamped, or a remote server: the service reads the graphs
    try:
        found: index_files.Files | None = index_files.current(settings.store)
    except index_files.Unusable:
        found = None
    if found is not None and same_generation(found.generation, stamp):
        return
    previous = found if found is not None and same_generation(found.generation, before) else None
    index_files.write(settings.store, store, settings.base, stamp, spool, previous, rebuilt)


def cmd_summarise(args: argparse.Namespace) -> int:
    """Derive the summaries of the stored plans that lack them (ingest/summaries.py)."""
    settings = _settings(args)
    where = StoreSpec.from_settings(settings).where
    done = 0
    try:
        with open_backend(settings) as store:
            for graph in store.recovered:
                _err(f"note: removed half-loaded {graph} left by an interrupted ingest")
            load_reference_graphs(store, settings.base)
            before = read_modified(store, settings.base)
            summarised: list[str] = []
            with sigint_deferred() as interrupted:
                for graph in summarise_store(store, settings.base, args.all):
                    summarised.append(graph)
                    print(f"ok {graph}")
                    if interrupted:
                        break
            done = len(summarised)
            stamp = statistics.record(store, settings.base) if done else before
            with _spool(settings, dump_files.Spool, dump_files.dumps_dir(settings.store)) as spool:
                if spool is not None and not interrupted:
                    _write_dumps(store, settings, before, stamp, spool, summarised)
            if not interrupted:
                _write_index(store, settings, before, stamp, None, summarised)
    except (StoreError, RemoteError) as exc:
        _err(str(exc))
        return 2
    print(f"{done} plans summarised in {where}")
    return 130 if interrupted else 0


def cmd_validate(args: argparse.Namespace) -> int:
    settings = _settings(args)
    files = _plan_files(args)
    if not files:
        return 2
    failed = 0
    if args.report == "json":
        reports: list[dict[str, object]] = []
        for path in files:
            outcome = prepare(path, settings.base, args.jurisdiction, settings).outcome
            if outcome.ok:
                reports.append({**outcome.report, "triples": outcome.triples})
            else:
                failed += 1
                reports.append({"file": outcome.source, "error": outcome.error})
        print(json.dumps(reports, ensure_ascii=False, indent=1))
        return 1 if failed else 0
    for path in files:
        outcome = prepare(path, settings.base, args.jurisdiction, settings).outcome
        if outcome.ok:
            s = outcome.summary
            print(
                f"conforms {outcome.source}: {outcome.plan_iri}, {outcome.triples} triples, "
                f"{s['measures']} measures, {s['responsibilities']} responsibilities, "
                f"{s['targets']} targets; gaps: {counts_line(outcome.report).split('gaps: ')[-1]}"
            )
        else:
            failed += 1
            print(f"FAILED {outcome.error}")
    print(f"{len(files) - failed} of {len(files)} plans conform")
    return 1 if failed else 0


def _params(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param takes KEY=VALUE, got {pair!r}")
        out[key] = value
    return out


def cmd_query(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        query = resolve(args.query)
        # SERVICE calls go to their configured mirrors (PLANKG_SERVICE_MIRRORS)
        sparql = mirrors.rewrite(query.bound(_params(args.param)), settings.service_mirrors)
        with open_backend(settings, read_only=True) as store:
            if query.summaries:
                summarised.require(store)
            try:
                result = store.query(sparql)
            except SyntaxError as exc:
                raise QueryError(f"{query.path}: {readable(str(exc), sparql)}") from exc
            fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
            if fmt == "table" and isinstance(result, ox.QueryTriples):
                fmt = "ttl"  # a graph has no table: Turtle reads best
            if fmt == "table":
                assert not isinstance(result, ox.QueryTriples)
                width = shutil.get_terminal_size().columns  # COLUMNS, else the terminal's
                output = render_table(result, width).encode("utf-8")
            else:
                output = render(result, fmt)
    except (QueryError, StoreError, ResultError, RemoteError, SummariesMissing) as exc:
        _err(str(exc))
        return 2
    sys.stdout.buffer.write(output)
    sys.stdout.flush()
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    """The named queries: name, what each answers, its parameters with defaults."""
    for query in catalogue().values():
        print(f"{query.name}: {query.summary}")
        for param in query.params:
            default = f" (default {param.default})" if param.default is not None else ""
            if param.values and param.values.startswith("vocabulary/"):
                known = f" (a notation of the {param.values.partition('/')[2]} vocabulary)"
            else:
                known = f" (one of: {', '.join(param.enum)})" if param.enum else ""
            print(f"    --param {param.name}=…{default}  {param.description}{known}".rstrip())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    fmt = {
        "nq": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "ttl": ox.RdfFormat.TURTLE,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[args.format]
    try:
        with open_backend(settings, read_only=True) as store:
            data = store.dump(fmt)
    except (StoreError, RemoteError) as exc:
        _err(str(exc))
        return 2
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from api.web.boundaries import BoundaryError
    from plankg.serve import CannotServe, serve

    try:
        return serve(_settings(args))
    except (StoreError, BoundaryError, CannotServe) as exc:
        _err(str(exc))
        return 2


def _store_options(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", help="store directory (default: $PLANKG_STORE or ./data/store)")
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="a SPARQL 1.1 server's query endpoint, used instead of the store "
        "($PLANKG_ENDPOINT); its default graph must be the union of its graphs",
    )
    p.add_argument(
        "--update-endpoint",
        metavar="URL",
        help="the server's update endpoint (default: …/update beside …/query, else the "
        "query endpoint itself)",
    )


def _jurisdiction_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jurisdiction",
        metavar="CODE",
        help="the plans' GB/T 2260 division code (100000: the whole country), over what "
        "the text says; also `jurisdiction:` in a PLAN.meta.json/.yaml beside the plan",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plankg",
        description="Knowledge graph of 十四五 energy-conservation and emission-reduction plans.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="show the traceback of an unexpected error (also PLANKG_DEBUG=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="parse, validate and store plans (one named graph each)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="plan files or folders of .txt plans")
    _store_options(p)
    p.add_argument(
        "--jobs",
        "-j",
        default="1",
        metavar="N",
        help="processes parsing, mapping and validating (0 or 'auto': one per CPU; "
        "default 1: all in this process); this process alone writes",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="re-ingest files whose content is already stored (by default skipped)",
    )
    _jurisdiction_option(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "summarise",
        help="derive the summaries (the national questions' answer rows) of the stored plans "
        "that have none, as a store ingested by an older plankg",
    )
    _store_options(p)
    p.add_argument(
        "--all", action="store_true", help="derive them again for every plan, also current ones"
    )
    p.set_defaults(func=cmd_summarise)

    p = sub.add_parser("validate", help="parse and SHACL-check plans; writes nothing")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _jurisdiction_option(p)
    p.add_argument(
        "--report",
        choices=["text", "json"],
        default="text",
        help="json: per plan, the facts read, the gaps (what looked like a fact but gave "
        "none) by kind with text and line, and the jurisdiction evidence",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", help="run a named query (queries/NAME.rq) or a .rq file")
    p.add_argument("query", metavar="NAME-or-FILE.rq")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument(
        "--format",
        choices=(*FORMATS, "table"),
        default=None,
        help="default: an aligned table on a terminal, csv when piped",
    )
    _store_options(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("queries", help="list the named queries and their parameters")
    p.set_defaults(func=cmd_queries)

    p = sub.add_parser("serve", help="start the HTTP service")
    _store_options(p)
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("export", help="dump the whole graph")
    p.add_argument("--format", choices=["nq", "trig", "ttl", "jsonld"], default="nq")
    _store_options(p)
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("plankg")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _setting_errors(exc: ValidationError) -> str:
    """'PLANKG_PORT: Input should be a valid integer, …' for each bad setting."""
    parts = []
    for error in exc.errors():
        name = "_".join(str(part) for part in error["loc"][:1]).upper()
        parts.append(f"PLANKG_{name}: {error['msg']}")
    return "bad setting " + "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. An error is one line on standard error, never a traceback unless
    --debug or PLANKG_DEBUG=1 asks for it."""
    args = build_parser().parse_args(argv)
    # Not a Settings field: it must hold when the settings themselves are bad (ValidationError).
    debug = args.debug or os.environ.get("PLANKG_DEBUG", "") not in ("", "0")
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except ValidationError as exc:
        _err(_setting_errors(exc))
        return 2
    except OSError as exc:
        if debug:
            traceback.print_exc()
        where = f"{exc.filename}: " if exc.filename else ""
        _err(f"{where}{exc.strerror or exc}")
        return 2
    except Exception as exc:  # the last resort: one line, the traceback on request
        if debug:
            traceback.print_exc()
            return 3
        _err(f"unexpected error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
        return 3
    return code


if __name__ == "__main__":
    sys.exit(main())
