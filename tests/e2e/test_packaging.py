"""What users install: the sdist and the wheel built from it, installed without extras into
a fresh venv, run from a folder outside the checkout with nothing of the checkout on the
path. CI installs `.[dev]` in editable mode, which would hide a wheel lacking the ontology,
the queries or a runtime dependency; this test does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.servers import free_port, started

pytestmark = pytest.mark.slow

# What the package must carry besides its modules (pyproject.toml maps them in).
RESOURCES = (
    "plankg/resources/ontology/plankg.ttl",
    "plankg/resources/ontology/vocab/topic.ttl",
    "plankg/resources/shapes/plankg.ttl",
    "plankg/resources/queries/lead-agencies.rq",
    "plankg/resources/plans/dingzhou-130682.txt",
)


def _clean_env(home: Path) -> dict[str, str]:
    """The environment without anything pointing into the checkout or its venv."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "PLANKG_", "VIRTUAL_ENV"))
    }
    env["HOME"] = os.environ.get("HOME", str(home))
    return env


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`python -m build`: the sdist, then the wheel built from that sdist (so the wheel
    can only hold what the sdist carries)."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (sdist,) = out.glob("plankg-*.tar.gz")
    (wheel,) = out.glob("plankg-*.whl")
    log = out / "build.log"
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return {"sdist": sdist, "wheel": wheel, "log": log}


@pytest.fixture(scope="module")
def installed(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed, no extras; its bin directory. The suite's
    pip installs into it (`--python`): a pip of the venv's own costs seconds to put there,
    and compiling every dependency's bytecode more (`--no-compile`); the tests here are
    about neither."""
    env_dir = tmp_path_factory.mktemp("venv") / "v"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-compile",
            str(dists["wheel"]),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=_clean_env(env_dir),
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return env_dir / "bin"


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory outside the checkout."""
    where = tmp_path_factory.mktemp("user")
    assert ROOT not in where.parents
    return where


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "plankg"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_clean_env(cwd),
        timeout=600,
    )


def test_sdist_and_wheel_carry_the_resources(dists: dict[str, Path]) -> None:
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    for resource in RESOURCES:
        assert resource in names, resource
    with tarfile.open(dists["sdist"]) as tar:
        members = {m.split("/", 1)[1] for m in tar.getnames() if "/" in m}
    for top in (
        "ontology/plankg.ttl",
        "shapes/plankg.ttl",
        "queries/targets.rq",
        "data/plans/tianshui-620500.txt",
    ):
        assert top in members, top


def test_the_build_has_no_packaging_warning(dists: dict[str, Path]) -> None:
    """Every folder of files the package carries is a package of its own in pyproject
    (setuptools warns, forty lines each, about one that is not: `make serve`'s install)."""
    log = dists["log"].read_text(encoding="utf-8")
    assert "absent from the `packages` configuration" not in log
    assert "Package would be ignored" not in log
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    for asset in (
        "api/web/templates/base.html",
        "api/web/static/charts.js",
        "api/static/sparql-editor.js",
        "api/static/vendor/yasgui/yasgui.min.js",
        "api/static/vendor/chart.js/chart.umd.js",
    ):
        assert asset in names, asset


def test_resources_come_from_the_installed_package(installed: Path, elsewhere: Path) -> None:
    proc = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "import json, plankg.paths as p; print(json.dumps([str(p.ONTOLOGY_FILE), str(p.QUERIES_DIR), str(p.BUNDLED_PLANS)]))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=_clean_env(elsewhere),
    )
    assert proc.returncode == 0, proc.stderr
    for path in json.loads(proc.stdout):
        assert Path(path).exists(), path
        assert str(installed.parent) in path and str(ROOT) not in path, path


def test_version_and_queries(installed: Path, elsewhere: Path) -> None:
    version = _run(installed, elsewhere, "--version")
    assert version.returncode == 0 and version.stdout.startswith("plankg "), version
    listing = _run(installed, elsewhere, "queries")
    assert listing.returncode == 0, listing.stderr
    assert "lead-agencies: " in listing.stdout
    assert "--param topic=… (default VOCs)" in listing.stdout


@pytest.fixture(scope="module")
def user_store(installed: Path, elsewhere: Path) -> Path:
    """The bundled plans, as the installed package carries them, ingested from outside."""
    plans = subprocess.run(
        [str(installed / "python"), "-c", "import plankg.paths as p; print(p.BUNDLED_PLANS)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=_clean_env(elsewhere),
        check=True,
    ).stdout.strip()
    proc = _run(installed, elsewhere, "ingest", plans)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 of 5 plans ingested" in proc.stdout
    store = elsewhere / "data" / "store"  # the contract's default, relative to where it runs
    assert store.is_dir()
    return store


def test_query_and_export(installed: Path, elsewhere: Path, user_store: Path) -> None:
    proc = _run(installed, elsewhere, "query", "lead-agencies")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()  # piped: CSV
    assert lines[0].startswith("city,cityCode,cityName,measure")
    assert {line.split(",")[2] for line in lines[1:]} == {
        "定州市",
        "海宁市",
        "驻马店市",
        "达州市",
        "天水市",
    }
    dump = elsewhere / "all.nq"
    proc = _run(installed, elsewhere, "export", "-o", str(dump))
    assert proc.returncode == 0, proc.stderr
    assert "<https://w3id.org/plankg/id/division/130682>" in dump.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(installed: Path, elsewhere: Path, user_store: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = elsewhere / "serve.log"
    env = {**_clean_env(elsewhere), "PLANKG_BASE_IRI": url + "/", "PLANKG_QUERY_WORKERS": "1"}
    args = [str(installed / "plankg"), "serve", "--store", str(elsewhere / "served")]
    args += ["--port", str(port)]
    with started(args, url + "/readyz", log, "installed plankg serve", elsewhere, env):
        yield url


def _get(url: str, accept: str) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, resp.read().decode("utf-8")


def test_serve_answers(served: str) -> None:
    status, _ = _get(served + "/readyz", "application/json")
    assert status == 200
    status, body = _get(served + "/queries/lead-agencies", "application/json")
    assert status == 200
    rows = json.loads(body)
    assert {r["cityCode"] for r in rows} == {"130682", "330481", "411700", "511700", "620500"}
    status, body = _get(served + "/id/division/130682", "application/ld+json")
    assert status == 200 and "定州市" in body


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["ingest", "no-such-folder"], "no-such-folder: cannot read: No such file or directory"),
        (["query", "no-such-query"], "no named query 'no-such-query'"),
        (["query", "lead-agencies", "--param", "topic=a b"], "is not a topic notation"),
        (["export", "-o", "/no/such/dir/x.nq"], "/no/such/dir/x.nq"),
    ],
)
def test_errors_are_one_line(
    installed: Path, elsewhere: Path, user_store: Path, args: list[str], needle: str
) -> None:
    proc = _run(installed, elsewhere, *args)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], proc.stderr


def test_bad_setting_is_one_line(installed: Path, elsewhere: Path) -> None:
    proc = subprocess.run(
        [str(installed / "plankg"), "serve"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={**_clean_env(elsewhere), "PLANKG_PORT": "eighty"},
        timeout=60,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (
        "plankg: bad setting PLANKG_PORT: Input should be a valid integer, unable to parse string as an integer"
    )
