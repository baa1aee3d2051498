"""A private Virtuoso 7 for the remote-mode tests: `virtuoso_server` starts `virtuoso-t` in
the foreground on free ports, from a virtuoso.ini written into its own directory (a fresh
database, so the DBA password is the default `dba`), lets anonymous SPARQL clients update,
and yields the endpoint URL (http://127.0.0.1:PORT/sparql).

The Virtuoso runs (marker `virtuoso`, about a minute) run wherever the Debian package
`virtuoso-opensource` is installed, as `make test` does in CI (`.ci/run` installs it);
without it they skip, saying why, except in CI (CI=true), where they fail.
`make test-virtuoso` installs the package and runs them alone; `-m "not virtuoso"` leaves
them out."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.browser import in_ci
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


def require() -> None:
    """Skip, saying why, when Virtuoso is not installed; in CI fail instead."""
    missing = [p for p in (VIRTUOSO, ISQL) if shutil.which(p) is None]
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed: apt-get install virtuoso-opensource"
    if in_ci():
        pytest.fail(f"the Virtuoso tests need Virtuoso in CI: {reason}", pytrace=False)
    pytest.skip(reason)


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
