"""The command line end to end: bad input, atomic replacement, validate, query, export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from tests.support.cli import Run, query_json
from tests.support.paths import PLANS

DINGZHOU = PLANS / "dingzhou-130682.txt"


def test_bad_files_are_reported_and_the_good_one_still_ingested(
    plankg: Run, bad_dir: Path, bad_files: dict[str, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    proc = plankg("ingest", str(bad_dir), "--store", str(store))
    assert proc.returncode == 1
    for name, reason in bad_files.items():
        lines = [ln for ln in proc.stderr.splitlines() if name in ln]
        assert len(lines) == 1, proc.stderr
        assert reason in lines[0]
    cut = [ln for ln in proc.stderr.splitlines() if "truncated.txt" in ln]
    assert len(cut) == 1 and "truncated plan" in cut[0] and "truncated.txt:" in cut[0]
    assert "Traceback" not in proc.stderr
    assert "1 of 6 plans ingested" in proc.stdout
    rows = query_json(plankg, store, "plans")
    assert [r["cityCode"] for r in rows] == ["620500"]


def test_failed_reingest_keeps_the_previous_version(
    plankg: Run, bad_dir: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    plan = tmp_path / "dingzhou.txt"
    shutil.copy(DINGZHOU, plan)
    plankg("ingest", str(plan), "--store", str(store), check=True)
    before = query_json(plankg, store, "responsibilities", "city=130682")
    assert len(before) == 73

    plan.write_bytes(
        (bad_dir / "truncated.txt").read_bytes()
    )  # the new version of the same plan is broken
    proc = plankg("ingest", str(plan), "--store", str(store))
    assert proc.returncode == 1 and "truncated plan" in proc.stderr
    after = query_json(plankg, store, "responsibilities", "city=130682")
    assert after == before


def test_reingest_replaces_the_graph_with_stable_iris(plankg: Run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    plan = tmp_path / "dingzhou.txt"
    shutil.copy(DINGZHOU, plan)
    plankg("ingest", str(plan), "--store", str(store), check=True)
    first = plankg("export", "--store", str(store), "--format", "nq", check=True).stdout
    # A corrected version: one agency fewer in measure (九).
    text = DINGZHOU.read_text(encoding="utf-8").replace("（市生态环境局按职责分工负责）", "")
    plan.write_text(text, encoding="utf-8")
    plankg("ingest", str(plan), "--store", str(store), check=True)
    rows = query_json(plankg, store, "lead-agencies", "topic=VOCs")
    assert rows == []
    plan.write_bytes(DINGZHOU.read_bytes())
    plankg("ingest", str(plan), "--store", str(store), check=True)
    again = plankg("export", "--store", str(store), "--format", "nq", check=True).stdout
    graph = "<https://w3id.org/plankg/id/plan/130682> ."

    def plan_quads(dump: str) -> list[str]:
        return sorted(line for line in dump.splitlines() if line.endswith(graph))

    assert len(plan_quads(first)) > 1000
    assert plan_quads(first) == plan_quads(again)


def test_validate_writes_nothing_and_reports_per_plan(plankg: Run, bad_dir: Path) -> None:
    proc = plankg("validate", str(bad_dir / "tianshui.txt"), str(bad_dir / "empty.txt"))
    assert proc.returncode == 1
    assert "conforms" in proc.stdout and "tianshui.txt" in proc.stdout
    assert "FAILED" in proc.stdout and "empty file" in proc.stdout
    ok = plankg("validate", str(PLANS))
    assert ok.returncode == 0, ok.stdout
    assert "5 of 5 plans conform" in ok.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_query_formats(plankg: Run, bundled_store: Path, fmt: str) -> None:
    proc = plankg(
        "query", "lead-agencies", "--store", str(bundled_store), "--format", fmt, check=True
    )
    assert "生态环境局" in proc.stdout
    if fmt == "csv":
        header = proc.stdout.splitlines()[0]
        assert header == (
            "city,cityCode,cityName,measure,measureTitle,item,agency,agencyName,agencyType,basis"
        )
    if fmt == "json":
        assert json.loads(proc.stdout)["head"]["vars"][-1] == "basis"


def test_query_parameter_errors(plankg: Run, bundled_store: Path, tmp_path: Path) -> None:
    bad = plankg("query", "targets", "--store", str(bundled_store), "--param", "city=13x")
    assert bad.returncode == 2 and "not the GB/T 2260 code" in bad.stderr
    unknown = plankg("query", "targets", "--store", str(bundled_store), "--param", "town=1")
    assert unknown.returncode == 2 and "no parameter town" in unknown.stderr
    injection = plankg(
        "query", "lead-agencies", "--store", str(bundled_store), "--param", 'topic=VOCs" } #'
    )
    assert injection.returncode == 2
    missing = plankg("query", "nope", "--store", str(bundled_store))
    assert missing.returncode == 2 and "no named query" in missing.stderr
    nostore = plankg("query", "targets", "--store", str(tmp_path / "none"))
    assert nostore.returncode == 2 and "no store here" in nostore.stderr


def test_query_from_file_construct_as_turtle_and_jsonld(
    plankg: Run, bundled_store: Path, tmp_path: Path
) -> None:
    rq = tmp_path / "agencies.rq"
    rq.write_text(
        "PREFIX pk: <https://w3id.org/plankg/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?a rdfs:label ?l } WHERE { ?a a pk:Agency ; rdfs:label ?l }",
        encoding="utf-8",
    )
    ttl = plankg("query", str(rq), "--store", str(bundled_store), "--format", "ttl", check=True)
    graph = Graph().parse(data=ttl.stdout, format="turtle")
    jsonld = plankg(
        "query", str(rq), "--store", str(bundled_store), "--format", "jsonld", check=True
    )
    from_jsonld = Graph().parse(data=jsonld.stdout, format="json-ld")
    assert len(graph) > 50
    assert set(graph) == set(from_jsonld)


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "jsonld"])
def test_export_round_trips(plankg: Run, bundled_store: Path, fmt: str) -> None:
    proc = plankg("export", "--store", str(bundled_store), "--format", fmt, check=True)
    if fmt == "ttl":
        graph = Graph().parse(data=proc.stdout, format="turtle")
        assert len(graph) > 10_000
    else:
        ds = Dataset()
        ds.parse(data=proc.stdout, format={"nq": "nquads", "trig": "trig"}.get(fmt, "json-ld"))
        names = {str(g.identifier) for g in ds.graphs()}
        assert "https://w3id.org/plankg/id/plan/130682" in names
        assert "https://w3id.org/plankg/graph/ontology" in names
        assert "https://w3id.org/plankg/graph/vocabularies" in names


def test_base_iri_setting(plankg: Run, tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {"PLANKG_BASE_IRI": "http://127.0.0.1:9999/"}
    plankg("ingest", str(DINGZHOU), "--store", str(store), check=True, env=env)
    proc = plankg("query", "lead-agencies", "--store", str(store), "--format", "json", env=env)
    rows = json.loads(proc.stdout)["results"]["bindings"]
    assert rows and rows[0]["agency"]["value"].startswith("http://127.0.0.1:9999/id/agency/")


def _on_a_terminal(*args: str, columns: int = 400) -> str:
    """Run plankg with its standard output on a pseudo-terminal `columns` wide, as a
    person would."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import termios

    from tests.support.cli import plankg_exe
    from tests.support.paths import ROOT

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.run(
        [*plankg_exe(), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other side is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.returncode == 0, proc.stderr
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_query_prints_an_aligned_table_on_a_terminal(bundled_store: Path) -> None:
    from plankg.table import width

    out = _on_a_terminal("query", "lead-agencies", "--store", str(bundled_store))
    lines = out.rstrip("\n").splitlines()
    assert lines[0].split() == [
        "city",
        "cityCode",
        "cityName",
        "measure",
        "measureTitle",
        "item",
        "agency",
        "agencyName",
        "agencyType",
        "basis",
    ]
    assert set(lines[1]) == {"-", " "}
    assert lines[-1] == "(5 rows)"
    rows = lines[2:-1]
    assert len(rows) == 5 and any("定州市" in r for r in rows)
    # Aligned in terminal columns (CJK counts two): every column starts where its rule does.
    starts = [
        i for i, ch in enumerate(lines[1]) if ch == "-" and (i == 0 or lines[1][i - 1] == " ")
    ]
    for row in rows:
        for start in starts[1:]:
            prefix_width = 0
            for j, ch in enumerate(row):
                if prefix_width >= start:
                    assert row[j - 1] == " ", row  # a gap before every column
                    break
                prefix_width += width(ch)


@pytest.mark.parametrize("columns", [80, 120])
def test_the_table_fits_the_terminal(bundled_store: Path, plankg: Run, columns: int) -> None:
    from plankg.table import width

    out = _on_a_terminal("query", "lead-agencies", "--store", str(bundled_store), columns=columns)
    lines = out.rstrip("\n").splitlines()
    assert lines[-1] == "(5 rows)"
    assert max(width(line) for line in lines) <= columns, [width(line) for line in lines]
    assert any("…" in line for line in lines[2:-1])  # cut cells say so
    # the full values, as before, in CSV
    full = plankg("query", "lead-agencies", "--store", str(bundled_store), check=True).stdout
    assert "https://w3id.org/plankg/id/division/130682" in full


def test_query_pipes_csv_and_format_overrides(plankg: Run, bundled_store: Path) -> None:
    piped = plankg("query", "plans", "--store", str(bundled_store), check=True)
    assert piped.stdout.startswith("plan,city,cityCode")
    table = plankg("query", "plans", "--store", str(bundled_store), "--format", "table", check=True)
    assert table.stdout.splitlines()[-1] == "(5 rows)"


def test_queries_lists_parameters_and_defaults(plankg: Run) -> None:
    out = plankg("queries", check=True).stdout
    assert "lead-agencies: Which agencies lead the work on a topic, in each city" in out
    assert "--param topic=… (default VOCs)" in out
    assert "targets: Every quantitative target" in out


def test_version(plankg: Run) -> None:
    from importlib.metadata import version

    assert plankg("--version", check=True).stdout.strip() == f"plankg {version('plankg')}"


def test_unexpected_errors_are_one_line_unless_debug(
    plankg: Run, bundled_store: Path, tmp_path: Path
) -> None:
    # A store path that is a file: the store cannot open it.
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    plain = plankg("query", "plans", "--store", str(not_a_dir))
    assert plain.returncode != 0
    assert "Traceback" not in plain.stderr and len(plain.stderr.strip().splitlines()) == 1
    target = str(tmp_path / "no" / "x.nq")  # its folder does not exist
    plain = plankg("export", "--store", str(bundled_store), "-o", target)
    assert (
        plain.returncode == 2 and plain.stderr == f"plankg: {target}: No such file or directory\n"
    )
    debug = plankg("--debug", "export", "--store", str(bundled_store), "-o", target)
    assert debug.returncode == 2 and "Traceback" in debug.stderr
    env_debug = plankg(
        "export", "--store", str(bundled_store), "-o", target, env={"PLANKG_DEBUG": "1"}
    )
    assert "Traceback" in env_debug.stderr
