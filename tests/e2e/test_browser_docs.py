"""/docs and /static in Chromium: Swagger UI from the vendored files, nothing from a CDN."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from playwright.sync_api import Locator, Page

from tests.support.browser import Browsing, check_axe
from tests.support.paths import ROOT

MANIFEST = json.loads((ROOT / "api/static/vendor/MANIFEST.json").read_text(encoding="utf-8"))


def lead_agencies(page: Page) -> Locator:
    """Swagger UI's block of the named query lead-agencies (its id ends in the operationId)."""
    return page.locator(".opblock[id$='-query_lead_agencies']")


def test_docs_renders_the_operations_offline(web: Browsing) -> None:
    page = web.goto("/docs")
    block = lead_agencies(page)
    block.wait_for()
    assert "/queries/lead-agencies" in block.locator(".opblock-summary-path").inner_text()
    assert page.locator(".opblock").count() > 10  # the protocol, resources and named queries
    # Swagger UI's own markup nests its copy button in the summary button (upstream
    # swagger-api/swagger-ui); everything else must pass
    check_axe(page, allow=("nested-interactive",))


def test_docs_try_it_out_runs_a_named_query(web: Browsing) -> None:
    page = web.goto("/docs", screenshot=False)
    block = lead_agencies(page)
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    status = block.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("200")
    body = block.locator(".live-responses-table tr.response .response-col_description").inner_text()
    # the SPARQL JSON results of the flagship query: a bundled city and its lead's basis
    assert '"cityName"' in body and "驻马店市" in body and '"basis"' in body
    web.screenshot("docs-executed")


def served(base: str, path: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_static_assets_have_their_media_types(web_server: str) -> None:
    expected = {
        "vendor/chart.js/chart.umd.js": "text/javascript",
        "vendor/yasgui/yasgui.min.js": "text/javascript",
        "vendor/yasgui/yasgui.min.css": "text/css",
        "vendor/swagger-ui-dist/swagger-ui-bundle.js": "text/javascript",
        "vendor/swagger-ui-dist/swagger-ui.css": "text/css",
        "vendor/swagger-ui-dist/favicon-32x32.png": "image/png",
        "vendor/MANIFEST.json": "application/json",
        "vendor/swagger-ui-dist/LICENSE": "text/plain",
    }
    for path, media in expected.items():
        status, headers, body = served(web_server, "/static/" + path)
        assert status == 200, path
        assert headers["content-type"].split(";")[0] == media, (path, headers["content-type"])
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["cache-control"] == "public, max-age=3600"
        assert body == (ROOT / "api/static" / path).read_bytes()
    # a content-stamped URL (api.static_files.asset_url) may be kept for a year
    _, headers, _ = served(web_server, "/static/vendor/chart.js/chart.umd.js?v=abc")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"


def test_test_only_assets_are_not_served(web_server: str) -> None:
    for path in ("/static/axe-core/axe.min.js", "/static/../tests/vendor/axe-core/axe.min.js"):
        try:
            status = served(web_server, path)[0]
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == 404, path


def test_every_vendored_file_is_the_pinned_one() -> None:
    import hashlib

    for entry in MANIFEST["packages"]:
        assert entry["version"] and entry["licence"] and entry["integrity"].startswith("sha512-")
        names = [item["to"] for item in entry["files"]]
        assert any("LICENSE" in n or n.endswith("package.json") for n in names), entry["package"]
        for item in entry["files"]:
            data = (ROOT / item["to"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == item["sha256"], item["to"]


def test_docs_and_editor_pages_forbid_other_origins(web: Browsing) -> None:
    """The browser itself refuses anything but this origin on /docs and /sparql (CSP)."""
    for path in ("/docs", "/sparql"):
        response = web.page.goto(web.url(path))
        assert response is not None
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy, path
    refused = web.page.evaluate(
        """() => new Promise(resolve => {
             document.addEventListener('securitypolicyviolation', e => resolve(e.blockedURI));
             fetch('http://198.51.100.7/x').catch(() => null);
           })"""
    )
    assert refused.startswith("http://198.51.100.7")
    web.problems.clear()  # the refusal above is logged as a console error, on purpose
