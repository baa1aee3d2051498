"""One error path: a typed service error and app-level handlers. A browser asking
for a route that does not exist gets the app's 404 page (its layout, navigation and
language); an API client gets `application/problem+json` (RFC 9457)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import running_server


@pytest.fixture(scope="module")
def server(bundled_store: Path) -> Iterator[str]:
    with running_server(bundled_store) as url:
        yield url


def fetch(url: str, accept: str | None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/no-such-page", "/city/130682/nope", "/ontology-typo?x=1"])
def test_browser_gets_the_apps_404_page(server: str, path: str) -> None:
    status, headers, body = fetch(server + path, BROWSER)
    assert status == 404
    assert headers["content-type"].startswith("text/html")
    page = body.decode()
    assert '<a class="brand" href="/">' in page and "<nav" in page  # the app's layout
    assert 'role="alert"' in page and "404" in page
    assert "content-security-policy" in headers


def test_english_browser_gets_the_page_in_english(server: str) -> None:
    _, _, body = fetch(server + "/no-such-page?lang=en", BROWSER)
    assert '<html lang="en">' in body.decode()


@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
def test_api_client_gets_problem_json(server: str, accept: str | None) -> None:
    status, headers, body = fetch(server + "/no-such-route", accept)
    assert status == 404
    assert headers["content-type"].startswith("application/problem+json")
    problem = json.loads(body)
    assert problem["status"] == 404 and problem["title"] == "Not Found"
    assert "/no-such-route" in problem["detail"]


def test_service_errors_take_the_same_path(server: str) -> None:
    status, headers, body = fetch(server + "/queries/no-such-query", "application/json")
    assert status == 404 and headers["content-type"].startswith("application/problem+json")
    assert json.loads(body)["detail"] == "no named query 'no-such-query'"
    status, headers, _ = fetch(server + "/queries/no-such-query", BROWSER)
    assert status == 404 and headers["content-type"].startswith("text/html")


def test_method_not_allowed_is_problem_json(server: str) -> None:
    status, headers, body = fetch(server + "/queries", "application/json", method="DELETE")
    assert status == 405 and headers["content-type"].startswith("application/problem+json")
    assert "allow" in headers
    assert json.loads(body)["status"] == 405


def test_invalid_parameters_are_problem_json(server: str) -> None:
    status, headers, body = fetch(server + "/plans?limit=0", "application/ld+json")
    assert status == 400 and headers["content-type"].startswith("application/problem+json")
    detail = json.loads(body)["detail"]
    assert detail.startswith("limit=") and "\n" not in detail, detail
