"""A private Virtuoso 7 for the remote-mode tests: `virtuoso_server` starts `virtuoso-t` in
the foreground on free ports, from a virtuoso.ini written into its own directory (a fresh
database, so the DBA password is the default `dba`), lets anonymous SPARQL clients update,
and yields the endpoint URL (http://127.0.0.1:PORT/sparql).

The Virtuoso runs are opt-in (they need the Debian package `virtuoso-opensource` and take a
minute): `make test-virtuoso`, or `PLANKG_TEST_VIRTUOSO=1 pytest -m virtuoso`, or any `-m`
expression selecting the `virtuoso` marker."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.servers import free_port, started

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"

# Let the anonymous SPARQL user (the `/sparql` endpoint runs as "SPARQL", graphs are
# checked for "nobody") write: 7 = read, write and list on every graph.
GRANTS = """GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
"""

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxClientConnections = 20

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 20
MaxClientConnections = 20
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = 400
"""


def enabled(config: pytest.Config) -> bool:
    """Whether this run asked for Virtuoso: PLANKG_TEST_VIRTUOSO=1, or a `-m` expression
    naming the marker other than as `not virtuoso`."""
    if os.environ.get("PLANKG_TEST_VIRTUOSO") == "1":
        return True
    markexpr = str(config.getoption("markexpr", "") or "")
    return bool(re.search(r"(?<!not )\bvirtuoso\b", markexpr))


def require(config: pytest.Config) -> None:
    """Skip, saying why, unless this run asked for Virtuoso and it is installed."""
    if not enabled(config):
        pytest.skip("Virtuoso runs are opt-in: make test-virtuoso (or PLANKG_TEST_VIRTUOSO=1)")
    if shutil.which(VIRTUOSO) is None or shutil.which(ISQL) is None:
        pytest.skip(
            f"{VIRTUOSO} is not installed: apt-get install virtuoso-opensource "
            "(or make test-virtuoso)"
        )


@contextmanager
def virtuoso_server(directory: Path, timeout_s: float = 30) -> Iterator[str]:
    """A fresh Virtuoso in `directory` (created) on free ports; yields its /sparql URL."""
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(
        INI.format(
            dir=directory,
            sql_port=sql_port,
            http_port=http_port,
            timeout=max(1, round(timeout_s)),
        )
    )
    log = directory / "virtuoso-t.out"
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    args = [VIRTUOSO, "+configfile", str(ini), "+foreground"]
    with started(args, endpoint + "?query=ASK%7B%7D", log, "virtuoso-t", cwd=directory):
        granted = subprocess.run(
            [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={GRANTS}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        errors = [
            line
            for line in (granted.stdout + granted.stderr).splitlines()
            if "Error" in line and "U0013" not in line  # U0013: granted already
        ]
        if granted.returncode != 0 or errors:
            raise AssertionError(f"isql-vt could not grant SPARQL update:\n{granted}")
        yield endpoint
