"""The remote mode (`--endpoint`) on a real `oxigraph serve`: ingest over SPARQL Update,
the same answers as the embedded store, and clear errors when the server is wrong or gone.
(Every HTTP test module also runs whole in remote mode: see the `backend` fixture.)"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from plankg.queries import catalogue
from plankg.remote import update_endpoint_for
from tests.conftest import (
    PLANS,
    ROOT,
    Run,
    free_port,
    oxigraph_server,
    plankg_exe,
    serving,
)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, plankg: Run) -> Iterator[str]:
    """An Oxigraph server loaded with the bundled plans by `plankg ingest --endpoint`."""
    with oxigraph_server(tmp_path_factory.mktemp("remote") / "oxigraph") as url:
        proc = plankg("ingest", str(PLANS), "--endpoint", url, check=True)
        assert "5 of 5 plans ingested into " + url in proc.stdout
        yield url


def rows(run: Run, query: str, *where: str, params: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    args = ["query", query, *where, "--format", "csv"]
    for p in params:
        args += ["--param", p]
    text = run(*args, check=True).stdout
    return sorted(tuple(r) for r in csv.reader(io.StringIO(text)))


CALLS = [(q, ()) for q in sorted(catalogue())] + [
    ("lead-agencies", ("topic=COD",)),
    ("lead-agencies", ("topic=industry",)),
    ("responsibilities", ("city=130682",)),
    ("targets", ("city=411700", "indicator=key-project-emission-reduction")),
]


@pytest.mark.parametrize(("query", "params"), CALLS)
def test_named_queries_answer_as_on_the_embedded_store(
    plankg: Run, bundled_store: Path, endpoint: str, query: str, params: tuple[str, ...]
) -> None:
    embedded = rows(plankg, query, "--store", str(bundled_store), params=params)
    remote = rows(plankg, query, "--endpoint", endpoint, params=params)
    assert remote == embedded
    assert len(remote) > 1 or query == "lead-agencies"  # a header and rows


def graph_sizes(run: Run, where: tuple[str, ...]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for line in run("export", "--format", "nq", *where, check=True).stdout.splitlines():
        graph = line.rsplit(" ", 2)[-2]
        sizes[graph] = sizes.get(graph, 0) + 1
    return sizes


def test_export_holds_what_the_embedded_store_holds(
    plankg: Run, bundled_store: Path, endpoint: str
) -> None:
    remote = graph_sizes(plankg, ("--endpoint", endpoint))
    assert remote == graph_sizes(plankg, ("--store", str(bundled_store)))
    assert len(remote) == 7  # five plans, the ontology, the vocabularies


def test_ingesting_again_replaces_each_plan(plankg: Run, endpoint: str, tmp_path: Path) -> None:
    before = graph_sizes(plankg, ("--endpoint", endpoint))
    bad = tmp_path / "broken.txt"
    bad.write_text("这不是一个方案。\n", encoding="utf-8")
    proc = plankg("ingest", str(PLANS), str(bad), "--endpoint", endpoint)
    assert proc.returncode == 1
    assert "FAILED" in proc.stderr and str(bad) in proc.stderr
    assert "5 of 6 plans ingested" in proc.stdout
    assert graph_sizes(plankg, ("--endpoint", endpoint)) == before


def test_an_unreachable_server_is_a_clear_error(plankg: Run) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    for args in (("query", "plans"), ("export",), ("ingest", str(PLANS)), ("serve",)):
        proc = plankg(*args, "--endpoint", url)
        assert proc.returncode == 2, (args, proc.stderr)
        assert url in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_store_and_endpoint_are_exclusive(plankg: Run) -> None:
    proc = plankg("query", "plans", "--store", "x", "--endpoint", "http://127.0.0.1:1/query")
    assert proc.returncode == 2 and "not allowed with" in proc.stderr


def test_serve_refuses_a_server_without_a_union_default_graph(tmp_path: Path, plankg: Run) -> None:
    with oxigraph_server(tmp_path / "oxigraph", union_default_graph=False) as url:
        plankg("ingest", str(PLANS / "dingzhou-130682.txt"), "--endpoint", url, check=True)
        proc = subprocess.run(
            [*plankg_exe(), "serve", "--endpoint", url, "--port", str(free_port())],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert proc.returncode == 2
    assert "union" in proc.stderr and "--union-default-graph" in proc.stderr
    assert "Traceback" not in proc.stderr


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_a_server_going_away_gives_503_and_502_without_its_address(tmp_path: Path) -> None:
    with ExitStack() as oxigraph:
        endpoint = oxigraph.enter_context(oxigraph_server(tmp_path / "oxigraph"))
        with serving(["--endpoint", endpoint], tmp_path / "store") as url:
            assert get(url + "/readyz")[0] == 200
            oxigraph.close()  # the SPARQL server goes away; the service stays up
            status, body = get(url + "/readyz")
            assert status == 503 and json.loads(body)["status"] == "unavailable"
            status, body = get(url + "/queries/plans")
            assert status == 502, body
            assert json.loads(body)["detail"]
            assert endpoint.split("/")[2].encode() not in body and b"Traceback" not in body


def test_update_endpoint_beside_the_query_endpoint() -> None:
    assert update_endpoint_for("http://h:7878/query") == "http://h:7878/update"
    assert update_endpoint_for("http://h/ds/query") == "http://h/ds/update"
    assert update_endpoint_for("http://h:8890/sparql") == "http://h:8890/sparql"
