"""Operations over a real server: structured access logs, CORS, gzip."""

from __future__ import annotations

import gzip
import http.client
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import running_server


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("ops")
    log = folder / "server.log"
    with running_server(folder / "store", log=log, backend=backend) as url:
        yield url, log


def request(
    url: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    host, _, rest = url.removeprefix("http://").partition("/")
    conn = http.client.HTTPConnection(host, timeout=30)
    conn.request(method, "/" + rest, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_access_log_is_one_json_line_per_request(served: tuple[str, Path]) -> None:
    url, log = served
    response, _ = request(url + "/queries/targets?city=130682", headers={"X-Request-ID": "abc123"})
    assert response.status == 200
    assert response.getheader("X-Request-ID") == "abc123"
    time.sleep(0.2)
    entries = [
        json.loads(line) for line in log.read_text().splitlines() if line.startswith('{"ts"')
    ]
    mine = [e for e in entries if e["request_id"] == "abc123"]
    assert len(mine) == 1
    entry = mine[0]
    assert entry["path"] == "/queries/targets" and entry["query"] == "city=130682"
    assert entry["status"] == 200 and entry["method"] == "GET" and entry["ms"] >= 0


def test_cors_preflight_and_simple_request(served: tuple[str, Path]) -> None:
    url, _ = served
    response, _ = request(
        url + "/sparql",
        method="OPTIONS",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    assert "POST" in (response.getheader("Access-Control-Allow-Methods") or "")
    response, _ = request(url + "/healthz", headers={"Origin": "https://yasgui.example"})
    assert response.getheader("Access-Control-Allow-Origin") == "*"
    assert "X-Request-ID" in (response.getheader("Access-Control-Expose-Headers") or "")


def test_gzip_for_clients_that_ask(served: tuple[str, Path]) -> None:
    url, _ = served
    path = url + "/queries/responsibilities"
    plain, plain_body = request(path, headers={"Accept": "text/csv"})
    zipped, zipped_body = request(path, headers={"Accept": "text/csv", "Accept-Encoding": "gzip"})
    assert plain.getheader("Content-Encoding") is None
    assert zipped.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped_body) == plain_body
    assert len(zipped_body) < len(plain_body) / 3
