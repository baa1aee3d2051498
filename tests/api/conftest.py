"""Fixtures of the HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.servers import running_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[str]:
    """`plankg serve` on an empty store: it ingests the bundled plans first (the README
    flow). A module that needs another store or other settings defines its own `server`."""
    with running_server(tmp_path_factory.mktemp("served") / "store", backend=backend) as url:
        yield url
