"""The API as strict as the pages: a named-query parameter whose values are codes
(a vocabulary's notations, GB/T 2260 codes of the gazetteer) refuses any other value with
400 naming the known ones, on the API and in the CLI (non-zero exit, one line), whatever the
value's case or script; a valid code with no plan is an empty answer, not an error."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import Run
from tests.support.servers import running_server


@pytest.fixture(scope="module")
def server(bundled_store: Path) -> Iterator[str]:
    with running_server(bundled_store) as url:
        yield url


def get(server: str, path: str, **params: str) -> tuple[int, str, bytes]:
    url = server + path + ("?" + urllib.parse.urlencode(params) if params else "")
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


@pytest.mark.parametrize(
    ("query", "key", "value", "hint"),
    [
        ("lead-agencies", "topic", "vocs", "did you mean 'VOCs'?"),
        ("lead-agencies", "topic", "挥发性有机物", "did you mean 'VOCs'?"),
        ("lead-agencies", "topic", "no-such-topic", ""),
        ("targets", "indicator", "energy-intensity", ""),
    ],
)
def test_unknown_vocabulary_value_is_400_listing_the_known(
    server: str, query: str, key: str, value: str, hint: str
) -> None:
    status, _, body = get(server, f"/queries/{query}", **{key: value})
    assert status == 400, body
    detail = json.loads(body)["detail"]
    assert "\n" not in detail and f"{key}={value!r}" in detail, detail
    assert "known:" in detail and hint in detail, detail
    assert "^[" not in detail, "a regular expression is no message: " + detail
    known = "VOCs, SO2" if key == "topic" else "energy-intensity-reduction"
    assert known in detail, detail


@pytest.mark.parametrize(
    ("query", "key", "value"),
    [
        ("targets", "city", "999999"),
        ("responsibilities", "city", "定州市"),
        ("province-reductions", "province", "980000"),
        ("province-reductions", "province", "130600"),  # a prefecture, not a province
    ],
)
def test_code_not_in_the_gazetteer_is_400(server: str, query: str, key: str, value: str) -> None:
    status, _, body = get(server, f"/queries/{query}", **{key: value})
    assert status == 400, body
    detail = json.loads(body)["detail"]
    assert "GB/T 2260" in detail and f"{key}={value!r}" in detail, detail


def test_valid_code_without_a_plan_is_an_empty_answer(server: str) -> None:
    status, _, body = get(server, "/queries/targets", city="110101")  # 东城区: no plan
    assert status == 200 and json.loads(body) == []
    status, _, body = get(server, "/queries/targets", indicator="data-centre-pue", city="130682")
    assert status == 200, body


def test_listing_names_the_values(server: str) -> None:
    _, _, body = get(server, "/queries")
    params = {q["name"]: {p["name"]: p for p in q["params"]} for q in json.loads(body)}
    assert "VOCs" in params["lead-agencies"]["topic"]["values"]
    assert "energy-intensity-reduction" in params["targets"]["indicator"]["values"]
    assert "values" not in params["targets"]["city"]  # thousands of codes: not listed


def test_cli_refuses_in_one_line(plankg: Run, bundled_store: Path) -> None:
    proc = plankg("query", "lead-agencies", "--param", "topic=Vocs", "--store", str(bundled_store))
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "did you mean 'VOCs'?" in lines[0], proc.stderr
    proc = plankg("query", "targets", "--param", "city=000000", "--store", str(bundled_store))
    assert proc.returncode != 0 and "GB/T 2260" in proc.stderr
